/* The YAML subset that init.yaml needs, parsed into a tree whose every node knows its line and column.
 *   block mappings (key: value) and block sequences (- item), nested by indentation (spaces only);
 *   a sequence may be a mapping's value at the mapping's own indentation (entities:\n- name: A);
 *   "- key: value" starts a mapping inside a sequence item;
 *   flow sequences [a, "b"] and flow mappings {K: v} on one line, nested;
 *   plain, 'single-quoted' ('' is a quote) and "double-quoted" (\\ \" \/ \n \t \r \0 \xHH \uHHHH) scalars;
 *   # comments; one document, optionally opened by --- and closed by ....
 * Anything else (anchors, aliases, tags, block scalars |/>, complex keys, multi-line flow collections or
 * strings, tabs in indentation, duplicate keys) is an error naming the construct. Empty values are
 * YAML_NULL nodes. yaml_parse returns NULL after reporting the first syntax error. */
#ifndef EINIT_YAML_H
#define EINIT_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum yaml_kind { YAML_NULL, YAML_SCALAR, YAML_SEQ, YAML_MAP };

struct yaml_node {
    enum yaml_kind kind;
    unsigned line, col;          /* where the node starts */
    char *text;                  /* SCALAR: the value, unescaped */
    bool quoted;                 /* SCALAR: written in quotes (so "null" is the text null) */
    size_t n;                    /* SEQ: items; MAP: pairs */
    struct yaml_node **items;    /* SEQ: the items; MAP: the values */
    struct yaml_node **keys;     /* MAP: the keys (scalars), in file order */
};

struct yaml_node *yaml_parse(struct src *s);
void yaml_free(struct yaml_node *n);
/* The value of `key` in a mapping, or NULL (also NULL for a non-mapping). */
struct yaml_node *yaml_get(const struct yaml_node *map, const char *key);
const char *yaml_kind_name(enum yaml_kind k);

#endif
