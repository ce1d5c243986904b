/* Unions with members of variable size (tests/nkc/golden/src/types/Variants.idl): messages built with
 * the generated structs and the arena runtime, checked by the KSM verifier against the generated
 * layout table (app.Variants). Each member is accepted when valid and rejected for each way its
 * segment can be wrong; the tag is range-checked, and the members the tag does not select are never
 * looked at. */
#include <string.h>

#include <ksm/verify.h>
#include <types/Variants.idl.h>

#include "../host/check.h"

extern const struct ksm_class_layout app_Variants_layout;

static _Alignas(16) uint8_t abuf[1024];
static struct nk_arena arena;

/* Completes the header as the proxy (request) or nk_reply_finish (responses) does and verifies. */
static enum ksm_verify_result verify(void *msg, uint32_t size, uint32_t mid, enum ksm_dir dir,
                                     struct ksm_verify_info *info)
{
    static const uint32_t flags[] = {VG_MSG_REQUEST, VG_MSG_RESPONSE, VG_MSG_RESPONSE | VG_MSG_ERROR};
    struct vg_msg_hdr *h = msg;
    uint32_t used = nk_arena_used(&arena);
    *h = (struct vg_msg_hdr){size, 0, (vg_iid_t)mid, flags[dir], 0, used, 0};
    const struct ksm_msg_layout *l = ksm_layout_lookup(&app_Variants_layout, 0, mid, dir);
    return ksm_verify(l, msg, size, used ? abuf : NULL, used, info);
}

static enum ksm_verify_result eat(struct types_Variants_Eat_req *req, struct ksm_verify_info *info)
{
    return verify(req, sizeof *req, types_Variants_Eat_mid, KSM_DIR_REQUEST, info);
}

static void start(void *msg, size_t size)
{
    memset(msg, 0, size);
    nk_arena_init(&arena, abuf, sizeof abuf);
}

TEST(fixed_member_ignores_the_other_members_bytes)
{
    struct types_Variants_Eat_req req;
    start(&req, sizeof req);
    req.food.tag = types_Variants_Food_tag_index;
    req.food.u.index = 7;
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK);
    /* What would be a descriptor far outside the arena in the name or ids member is not looked at. */
    memset(&req.food.u, 0xee, sizeof req.food.u);
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK);
}

TEST(tag_out_of_range)
{
    struct types_Variants_Eat_req req;
    struct ksm_verify_info info;
    start(&req, sizeof req);
    req.food.tag = 3;
    CHECK_EQ(eat(&req, &info), KSM_VERIFY_TAG);
    CHECK(strcmp(info.field->name, "food") == 0);
    CHECK_EQ(info.offset, offsetof(struct types_Variants_Eat_req, food));
    req.food.tag = UINT32_MAX;
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_TAG);
}

TEST(string_member)
{
    struct types_Variants_Eat_req req;
    struct ksm_verify_info info;
    start(&req, sizeof req);
    req.food.tag = types_Variants_Food_tag_name;
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK); /* {0, 0}: the empty string */
    CHECK_EQ(nk_arena_store_string(&arena, &req.food.u.name, "apple", 15), rcOk);
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK);
    abuf[req.food.u.name.offset + 5] = 'x'; /* the NUL overwritten */
    CHECK_EQ(eat(&req, &info), KSM_VERIFY_STRING);
    CHECK(strcmp(info.field->name, "food.name") == 0);
    CHECK_EQ(info.offset, offsetof(struct types_Variants_Eat_req, food.u.name));
    CHECK(!info.in_arena);
    abuf[req.food.u.name.offset + 5] = 0;
    req.food.u.name.offset = 8; /* past the 6 bytes used */
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_SEG_RANGE);

    start(&req, sizeof req);
    req.food.tag = types_Variants_Food_tag_name;
    CHECK_EQ(nk_arena_store_string(&arena, &req.food.u.name, "fifteen letters", 15), rcOk);
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK); /* 15 characters and the NUL: the bound */
    void *more;
    struct vg_arena_ptr p;
    CHECK_EQ(nk_arena_alloc(&arena, &p, 1, 8, &more), rcOk);
    memmove(abuf + 1, abuf, 16);
    abuf[0] = 'x';
    req.food.u.name.size = 17; /* 16 characters and the NUL */
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_SEG_BOUND);
}

TEST(sequence_member)
{
    struct types_Variants_Eat_req req;
    start(&req, sizeof req);
    req.food.tag = types_Variants_Food_tag_ids;
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK); /* no elements */
    uint32_t ids[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    CHECK_EQ(NK_ARENA_STORE(uint32_t, &arena, &req.food.u.ids, ids, 3), rcOk);
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_OK);
    req.food.u.ids.size = 6; /* one and a half elements */
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_SEG_PARTIAL);
    req.food.u.ids.size = 8;
    req.food.u.ids.offset = 2;
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_SEG_ALIGN);

    /* Nine ids do not fit Eat's arena bound (32 bytes); inside Pack's entries they do, up to the
     * sequence's own bound. */
    start(&req, sizeof req);
    req.food.tag = types_Variants_Food_tag_ids;
    CHECK_EQ(NK_ARENA_STORE(uint32_t, &arena, &req.food.u.ids, ids, 9), rcOk);
    CHECK_EQ(eat(&req, NULL), KSM_VERIFY_ARENA_SIZE);
    struct types_Variants_Pack_req pack;
    struct types_Variants_Entry *entry;
    struct ksm_verify_info info;
    start(&pack, sizeof pack);
    CHECK_EQ(NK_ARENA_ALLOC(struct types_Variants_Entry, &arena, &pack.entries, 1, &entry), rcOk);
    entry->food.tag = types_Variants_Food_tag_ids;
    CHECK_EQ(NK_ARENA_STORE(uint32_t, &arena, &entry->food.u.ids, ids, 9), rcOk);
    CHECK_EQ(verify(&pack, sizeof pack, types_Variants_Pack_mid, KSM_DIR_REQUEST, &info), KSM_VERIFY_SEG_BOUND);
    CHECK(strcmp(info.field->name, "entries[].food.ids") == 0);
    entry->food.u.ids.size = 32;
    CHECK_EQ(verify(&pack, sizeof pack, types_Variants_Pack_mid, KSM_DIR_REQUEST, NULL), KSM_VERIFY_OK);
    entry->food.u.ids.offset += 8; /* 32 bytes from 24 pass the 52 used */
    CHECK_EQ(verify(&pack, sizeof pack, types_Variants_Pack_mid, KSM_DIR_REQUEST, NULL), KSM_VERIFY_SEG_RANGE);
}

TEST(members_in_a_response_with_a_later_segment)
{
    struct types_Variants_Pack_out out;
    start(&out, sizeof out);
    out.nested.tag = types_Variants_Nested_tag_label;
    out.nested.u.label.x = 3;
    CHECK_EQ(nk_arena_store_string(&arena, &out.nested.u.label.text, "label", 7), rcOk);
    CHECK_EQ(nk_arena_store_string(&arena, &out.note, "note", 7), rcOk);
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, NULL), KSM_VERIFY_OK);
    /* The note pointing at the member's segment: the two overlap. */
    out.note = out.nested.u.label.text;
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, NULL), KSM_VERIFY_SEG_OVERLAP);
    /* With another member selected, the label's segment is not the union's: no overlap. */
    out.nested.tag = types_Variants_Nested_tag_none;
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, NULL), KSM_VERIFY_OK);
}

TEST(union_in_a_union_and_sequence_of_unions)
{
    struct types_Variants_Pack_out out;
    struct ksm_verify_info info;
    start(&out, sizeof out);
    out.nested.tag = types_Variants_Nested_tag_food;
    out.nested.u.food.tag = 3; /* the selected member's own tag is checked */
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, &info), KSM_VERIFY_TAG);
    CHECK(strcmp(info.field->name, "nested.food") == 0);
    out.nested.u.food.tag = types_Variants_Food_tag_name;
    CHECK_EQ(nk_arena_store_string(&arena, &out.nested.u.food.u.name, "pear", 15), rcOk);
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, NULL), KSM_VERIFY_OK);

    start(&out, sizeof out);
    out.nested.tag = types_Variants_Nested_tag_foods;
    struct types_Variants_Food *foods;
    CHECK_EQ(NK_ARENA_ALLOC(struct types_Variants_Food, &arena, &out.nested.u.foods, 2, &foods), rcOk);
    foods[0].tag = types_Variants_Food_tag_name;
    CHECK_EQ(nk_arena_store_string(&arena, &foods[0].u.name, "plum", 15), rcOk);
    foods[1].tag = types_Variants_Food_tag_ids;
    uint32_t ids[2] = {4, 2};
    CHECK_EQ(NK_ARENA_STORE(uint32_t, &arena, &foods[1].u.ids, ids, 2), rcOk);
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, NULL), KSM_VERIFY_OK);
    foods[1].u.ids = foods[0].u.name; /* 5 bytes: also not whole UInt32s, but first it overlaps */
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, &info), KSM_VERIFY_SEG_OVERLAP);
    CHECK(strcmp(info.field->name, "nested.foods[].ids") == 0);
    CHECK(info.in_arena);
    foods[1].tag = 7;
    CHECK_EQ(verify(&out, sizeof out, types_Variants_Pack_mid, KSM_DIR_RESPONSE, &info), KSM_VERIFY_TAG);
    CHECK(info.in_arena);
    CHECK_EQ(info.offset, out.nested.u.foods.offset + sizeof *foods);
}

TEST(bytes_member_and_error_response)
{
    struct types_Variants_Pack_req req;
    start(&req, sizeof req);
    req.blob.tag = types_Variants_Blob_tag_data;
    uint8_t data[33] = {0};
    CHECK_EQ(NK_ARENA_STORE(uint8_t, &arena, &req.blob.u.data, data, 32), rcOk);
    CHECK_EQ(verify(&req, sizeof req, types_Variants_Pack_mid, KSM_DIR_REQUEST, NULL), KSM_VERIFY_OK);
    req.blob.u.data.size = 33;
    CHECK_EQ(verify(&req, sizeof req, types_Variants_Pack_mid, KSM_DIR_REQUEST, NULL), KSM_VERIFY_SEG_RANGE);
    req.blob.tag = types_Variants_Blob_tag_words; /* the words overlay the descriptor: not a segment */
    CHECK_EQ(verify(&req, sizeof req, types_Variants_Pack_mid, KSM_DIR_REQUEST, NULL), KSM_VERIFY_OK);

    struct types_Variants_Refuse_err err;
    start(&err, sizeof err);
    err.reason.tag = types_Variants_Food_tag_name;
    CHECK_EQ(nk_arena_store_string(&arena, &err.reason.u.name, "stale", 15), rcOk);
    CHECK_EQ(verify(&err, sizeof err, types_Variants_Refuse_mid, KSM_DIR_ERROR, NULL), KSM_VERIFY_OK);
    abuf[err.reason.u.name.offset + 5] = '!';
    CHECK_EQ(verify(&err, sizeof err, types_Variants_Refuse_mid, KSM_DIR_ERROR, NULL), KSM_VERIFY_STRING);
}

/* A table whose member block contains the union itself: the verifier stops at the depth limit. */
static const struct ksm_block loop_arms[1];
static const struct ksm_field loop_fields[] = {
    {.kind = KSM_F_TAG, .offset = 24, .max = 1, .arms = loop_arms, .name = "u"},
};
static const struct ksm_block loop_arms[1] = {{1, loop_fields}};

TEST(member_blocks_nested_too_deep_are_a_malformed_table)
{
    uint8_t msg[32] = {0};
    struct ksm_msg_layout l = {.dir = KSM_DIR_REQUEST, .size = 32, .nfields = 1, .fields = loop_fields};
    struct vg_msg_hdr h = {32, 0, 0, VG_MSG_REQUEST, 0, 0, 0};
    memcpy(msg, &h, sizeof h);
    struct ksm_verify_info info;
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 0, &info), KSM_VERIFY_LAYOUT);
    CHECK(info.field == &loop_fields[0]);
    static const struct ksm_block empty_arms[2] = {{0, 0}, {0, 0}};
    static const struct ksm_field flat[] = {
        {.kind = KSM_F_TAG, .offset = 24, .max = 2, .arms = empty_arms, .name = "u"},
    };
    l.fields = flat;
    msg[24] = 1;
    CHECK_EQ(ksm_verify(&l, msg, 32, NULL, 0, NULL), KSM_VERIFY_OK);
}

int main(void)
{
    RUN(fixed_member_ignores_the_other_members_bytes);
    RUN(tag_out_of_range);
    RUN(string_member);
    RUN(sequence_member);
    RUN(members_in_a_response_with_a_later_segment);
    RUN(union_in_a_union_and_sequence_of_unions);
    RUN(bytes_member_and_error_response);
    RUN(member_blocks_nested_too_deep_are_a_malformed_table);
    return check_summary();
}
