# The settings the tree's Makefile and the installed SDK's (tools/sdk/Makefile) share: the toolchain, the
# flags, the machine defaults and the quiet-build helpers. Paths in the flags are relative to the
# directory make runs in (the tree, or the SDK's share/vigil, which mirrors the tree's layout).
.SUFFIXES:
SHELL := /bin/bash
.DELETE_ON_ERROR:

CROSS_COMPILE ?= aarch64-linux-gnu-
CC      := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
NM      := $(CROSS_COMPILE)nm
OBJDUMP := $(CROSS_COMPILE)objdump
HOSTCC  ?= cc
BUILD   := build
VERSION := 0.1.0

GIC ?= 2
EL  ?= 1
MEM ?= 128M
# The solution `make run` boots (a directory with init.yaml, security.psl, descriptions and programs;
# docs/solutions.md). The default demo shows granted and denied calls and the audit lines of the denials.
SOLUTION ?= examples/secure_logger

# Quiet build: each step prints its kind and its file (msg, or say inside a shell loop) and runs its
# command behind $(Q), so the log shows what is built and, always, the compilers' errors and warnings.
# V=1 prints the commands instead (as they were before, and what a bug report wants); -s prints nothing.
ifeq ($(V),1)
Q :=
else
Q := @
endif
ifneq ($(or $(filter 1,$(V)),$(findstring s,$(firstword -$(MAKEFLAGS)))),)
say =
else
say = printf '  %-8s%s\n' '$(1)' "$(2)";
endif
msg = $(if $(say),@$(call say,$(1),$(2)))

# Freestanding flags shared by the kernel and ksm/ when built for the guest.
TARGET_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -fno-builtin -nostdlib \
    -fno-pie -fno-pic -mcpu=cortex-a72 -mno-outline-atomics -fno-omit-frame-pointer \
    -mno-omit-leaf-frame-pointer -fno-delete-null-pointer-checks \
    -fno-isolate-erroneous-paths-dereference -fno-stack-protector -MMD -MP
# Host builds of freestanding code and tools: sanitizers on, as the standards ask.
HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer \
    -fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP -DVIGIL_VERSION='"$(VERSION)"'
HOST_LDFLAGS := -fsanitize=address,undefined

