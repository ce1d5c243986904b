#!/usr/bin/env bash
# The reproducers of the reference-monitor integrity issue (user/t_integrity, docs/security.md): two
# waiters on one child, a Call ended by its timeout or an interrupt object then answered late (Reply and
# Reply-then-Recv), a server thread exiting with a request, the real sender's class for a copied client
# handle (request and response), the grant memo's key, a stateful policy with a too small receive
# buffer, argc/envc that wrap, Register after its handle was closed, channel names over 40 channels,
# and the audit rate limit. Each failed on the kernel before the fixes; the image is the checking build.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
run() { bash tests/guest/run-image.sh "$@"; }

run user-integrity          $B/tests/user-integrity.elf 0 '^integrity: 0 failed$'
run user-integrity-gic3-el2 $B/tests/user-integrity.elf 0 '^integrity: 0 failed$' --gic 3 --el 2

# 200 denials of one source: at most AUDIT_BURST (16) lines a second get to the console, and the rest
# are counted in "N records suppressed" lines; printed + suppressed is every denial.
for l in user-integrity user-integrity-gic3-el2; do
    log=$B/test-logs/$l.log
    printed=$(grep -c '^audit: #[0-9]* request src=Einit([0-9]*)\[Einit pid [0-9]*\] dst=Einit([0-9]*)\[Einit pid [0-9]*\] integ.Nope denied: no binding matched: request src=Einit dst=Einit endpoint=integ method=Nope$' "$log")
    suppressed=$(grep -oE '^audit: [0-9]+ records suppressed \(source Einit pid [0-9]+\)' "$log" | awk '{s += $2} END {print s + 0}')
    if [ "$printed" -le 48 ] && [ $((printed + suppressed)) -eq 200 ]; then
        echo "ok $l/audit_rate_limited_count_kept"
    else
        echo "FAIL $l/audit_rate_limited_count_kept: $printed lines printed, $suppressed counted as suppressed (want <= 48 and a sum of 200)"
    fi
done
