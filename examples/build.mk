# The example solutions (docs/solutions.md): each directory with an init.yaml is built by the solution
# rule of tools/einit/solution.mk into build/examples/<name>{,-test,-pal}.elf and its host PAL runner,
# and tested by tests/suites/50-examples.sh.
SOLUTIONS += $(patsubst %/init.yaml,%,$(wildcard examples/*/init.yaml))

# examples/kos_init's policy is a template (docs/psl.md, Templates): who may name the counter.
PSLC_DEFINES.examples/kos_init := NAMING=client-only
