#!/usr/bin/env bash
# Notifications (docs/notifications.md, user/t_notice): every event kind, coalescing, timeouts, a
# receiver destroyed under a waiting thread, a Recv ended by a notification, bad arguments, the quota,
# a policy denial, no kernel growth; on GICv2 at EL1 and GICv3 at EL2, and with the fastpath off.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
run() { bash tests/guest/run-image.sh "$@"; }

run user-notice          $B/tests/user-notice.elf 0 '^notice: 0 failed$'
run user-notice-gic3-el2 $B/tests/user-notice.elf 0 '^notice: 0 failed$' --gic 3 --el 2
run user-notice-nofast   $B/tests/user-notice.elf 0 '^notice: 0 failed$' --boot fastpath=off
