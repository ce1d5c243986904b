# Solutions that only tests boot (tests/suites/50-examples.sh), each through `make run` as a user would:
# only their boot image is built (not the -test, -pal images or PAL runner of an example).
RUN_SOLUTIONS += tests/solutions/failing
TEST_PREREQS += $(BUILD)/tests/solutions/failing.elf
# The name server's in-guest tests (docs/dynamic-channels.md): its -test image and PAL tests.
RUN_SOLUTIONS += tests/solutions/nameserver
TEST_PREREQS += $(BUILD)/tests/solutions/nameserver-test.elf $(BUILD)/tests/solutions/nameserver/pal-host
