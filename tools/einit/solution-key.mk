# Where SOLUTION's outputs go. SOLUTION may be any directory: relative paths are taken from the Vigil tree
# (the directory make runs in, also with `make -C`), absolute ones as they are, and symlinks are followed
# (the rule reads the real directory: find(1) does not descend into a symlink it is given). Its key K is
# the real path relative to the tree when it lies inside it, so in-tree examples keep build/examples/<name>
# and a symlink to one shares its build; any other directory gets ext/<name>-<8 hex digits of sha256 of
# its real path>, so two solutions of one name never share outputs.
#   SOLUTION_SRC  the directory the rule reads (relative for one of the tree, else absolute)
#   SOLUTION_KEY  the key: $(BUILD)/$(SOLUTION_KEY).elf is its boot image
# A SOLUTION that does not exist or has no init.yaml is refused by the goals that use it (sol_check).
VIGIL_TREE := $(realpath $(CURDIR))
SOLUTION_DIR := $(patsubst %/,%,$(SOLUTION))
SOLUTION_REAL := $(realpath $(SOLUTION_DIR))
SOLUTION_IN_TREE := $(patsubst $(VIGIL_TREE)/%,%,$(SOLUTION_REAL))
ifeq ($(SOLUTION_REAL),)
SOLUTION_SRC :=
SOLUTION_KEY :=
else ifneq ($(SOLUTION_IN_TREE),$(SOLUTION_REAL))
SOLUTION_SRC := $(SOLUTION_IN_TREE)
SOLUTION_KEY := $(SOLUTION_IN_TREE)
else
SOLUTION_SRC := $(SOLUTION_REAL)
SOLUTION_KEY := ext/$(notdir $(SOLUTION_REAL))-$(shell printf '%s' '$(SOLUTION_REAL)' | sha256sum | cut -c1-8)
endif

# sol_check: stop with a message when SOLUTION cannot be built (called by the goals that boot or test it).
sol_check = $(if $(word 2,$(SOLUTION_DIR)),$(error SOLUTION='$(SOLUTION)': a solution's path may not hold spaces))\
    $(if $(SOLUTION_REAL),,$(error SOLUTION=$(SOLUTION): no such directory (a relative path is taken from the Vigil tree, $(VIGIL_TREE))))\
    $(if $(wildcard $(SOLUTION_REAL)/init.yaml),,$(error SOLUTION=$(SOLUTION): not a solution directory (no init.yaml in $(SOLUTION_REAL); see docs/solutions.md)))
