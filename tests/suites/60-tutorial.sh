#!/usr/bin/env bash
# docs/tutorial.md, followed to the letter in a scratch copy of the tree (sources, and the build outputs
# the tutorial needs, copied with their times so nothing is rebuilt for nothing). The page's fenced
# blocks, in order:
#   ```sh                a reader's commands: run with bash -e from the top of the copy; each must succeed
#   ```LANG file=PATH    a file the reader creates: written to PATH
#   ```text output       lines the previous sh block must print, in this order (others may come between):
#                        `...` inside a line matches any text, a line of only `...` is skipped, and in
#                        audit lines the record number and the SIDs may differ
#   ```sh debug          `make debug SOLUTION=S` and `make gdb SOLUTION=S` (two terminals): run by this
#                        script with a free GDB_PORT and GDB_ARGS="-batch -x <the next gdb block's commands>"
#   ```gdb               a session: `(gdb) ` lines are the commands, the other lines the output expected
# Other blocks are prose. Finally the directory the tutorial built must equal examples/tutorial/
# (but for `expected`, the example's test data).
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
here=$PWD
doc=docs/tutorial.md
work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-tutorial.XXXXXX")
scratch=$work/tree
[ -n "${TUTORIAL_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT  # TUTORIAL_KEEP=1 keeps it to look at
# The reader's shell: no make state from `make test` around us, no SOLUTION of the caller's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SOLUTION GDB_PORT GDB_ARGS

mkdir -p "$scratch"
tar -c --exclude=./.git --exclude=./examples/tutorial --exclude="./$B/test-logs" --exclude="./$B/tests" \
    --exclude="./$B/examples" --exclude="./$B/user/examples" --exclude="./$B/romfs/tests" \
    --exclude="./$B/romfs/examples" --exclude="./$B/ksyms/tests" --exclude="./$B/ksyms/examples" \
    --exclude="./$B/policy/tests" --exclude="./$B/policy/examples" \
    --exclude="./$B/nkc-test" --exclude="./$B/bench*" --exclude="./$B/tutorial-gen" . | tar -x -C "$scratch" || {
    echo "FAIL tutorial/scratch-copy: cannot copy the tree to $scratch"; exit 0; }

# Split the page into blocks: $work/blocks/N holds block N, $work/index "N<TAB>line<TAB>info".
mkdir -p "$work/blocks"
awk -v dir="$work/blocks" -v index_file="$work/index" '
    /^```/ && !in_block { in_block = 1; n++; f = dir "/" n; printf "" > f
                          printf "%d\t%d\t%s\n", n, NR, substr($0, 4) > index_file; next }
    /^```[ \t]*$/ && in_block { in_block = 0; close(f); next }
    in_block { print > f }
    END { if (in_block) print "unterminated block" > "/dev/stderr" }' "$doc"

# expect_lines WANT GOT: every line of WANT (see above) matches a line of GOT, each after the previous.
# Prints the first line not found.
expect_lines() {
    awk -v want="$1" '
        function norm(s) { if (s ~ /^audit: /) { gsub(/#[0-9]+/, "#N", s); gsub(/\([0-9]+\)/, "(N)", s); gsub(/ pid [0-9]+\]/, " pid N]", s) }
                           sub(/[ \t\r]+$/, "", s); return s }
        function like(s, pat,   parts, k, n, pos, p) {   # pat with "..." as wildcards, anchored
            n = split(pat, parts, /\.\.\./)
            if (n == 1) return s == pat
            if (substr(s, 1, length(parts[1])) != parts[1]) return 0
            pos = length(parts[1]) + 1
            for (k = 2; k < n; k++) {
                p = index(substr(s, pos), parts[k]); if (!p) return 0
                pos += p - 1 + length(parts[k])
            }
            return length(s) - pos + 1 >= length(parts[n]) && substr(s, length(s) - length(parts[n]) + 1) == parts[n]
        }
        BEGIN { while ((getline l < want) > 0) { l = norm(l); if (l != "" && l != "...") w[nw++] = l } }
        i < nw && like(norm($0), w[i]) { i++ }
        END { if (i < nw) print w[i] }' "$2"
}

slug() { tr -c 'A-Za-z0-9.\n' '-' <<<"$1" | cut -c1-40 | sed 's/-*$//'; }

failed=0
last_out=
debug_cmds=()
while IFS=$'\t' read -r -u 3 n line info; do
    [ $failed = 0 ] || break
    blk=$work/blocks/$n
    case "$info" in
    sh)
        label="tutorial/L$line-$(slug "$(head -1 "$blk")")"
        last_out=$work/out.$n
        if (cd "$scratch" && timeout 300 bash -e -o pipefail "$blk") </dev/null >"$last_out" 2>&1; then
            echo "ok $label"
        else
            echo "FAIL $label: the commands at $doc:$line failed (output: $last_out)"
            tail -20 "$last_out"; failed=1
        fi ;;
    *file=*)
        path=${info#*file=}; path=${path%% *}
        case "$path" in /*|*..*) echo "FAIL tutorial/L$line: file=$path is not inside the tree"; failed=1; continue ;; esac
        mkdir -p "$scratch/$(dirname "$path")" && cp "$blk" "$scratch/$path" ;;
    "text output")
        label="tutorial/L$line-output"
        if [ -z "$last_out" ]; then
            echo "FAIL $label: an output block with no command before it"; failed=1; continue
        fi
        missing=$(expect_lines "$blk" "$last_out")
        if [ -z "$missing" ]; then echo "ok $label"; else
            echo "FAIL $label: no line '$missing' in the output of the commands before $doc:$line (output: $last_out)"
            failed=1
        fi ;;
    "sh debug")
        while IFS= read -r cmd; do [ -n "$cmd" ] && debug_cmds+=("$cmd"); done <"$blk" ;;
    gdb)
        label="tutorial/L$line-gdb-session"
        if [ ${#debug_cmds[@]} != 2 ] || [[ "${debug_cmds[0]}" != "make debug "* ]] ||
            [[ "${debug_cmds[1]}" != "make gdb "* ]]; then
            echo "FAIL $label: the sh debug blocks before it must hold 'make debug ...' then 'make gdb ...'"
            failed=1; continue
        fi
        sed -n 's/^(gdb) //p' "$blk" >"$work/gdb.$n.cmds"
        grep -v '^(gdb) ' "$blk" >"$work/gdb.$n.want"
        port=$((20000 + RANDOM % 20000))
        timeout -k 5 180 bash -c "cd '$scratch' && ${debug_cmds[0]} GDB_PORT=$port" </dev/null >"$work/gdb.$n.serial" 2>&1 &
        qemu=$!
        for _ in $(seq 600); do
            (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
            kill -0 $qemu 2>/dev/null || break
            sleep 0.1
        done
        last_out=$work/gdb.$n.out
        (cd "$scratch" && timeout 120 bash -c "${debug_cmds[1]} GDB_PORT=$port GDB_ARGS='-batch -x $work/gdb.$n.cmds'") \
            </dev/null >"$last_out" 2>&1
        status=$?
        kill $qemu 2>/dev/null; wait $qemu 2>/dev/null
        missing=$(expect_lines "$work/gdb.$n.want" "$last_out")
        if [ $status = 0 ] && [ -z "$missing" ]; then echo "ok $label"; else
            echo "FAIL $label: gdb exited with $status${missing:+, no line '$missing'} (output: $last_out)"
            cat "$last_out" "$work/gdb.$n.serial"; failed=1
        fi
        debug_cmds=() ;;
    sh*|bash*|shell*|console*)
        echo "FAIL tutorial/L$line: unknown block kind '$info' (see tests/suites/60-tutorial.sh)"; failed=1 ;;
    esac
done 3<"$work/index"

if [ $failed = 0 ]; then
    if diff -r --exclude=expected "$scratch/examples/tutorial" "$here/examples/tutorial" >"$work/diff" 2>&1; then
        echo "ok tutorial/result-is-examples-tutorial"
    else
        echo "FAIL tutorial/result-is-examples-tutorial: following $doc does not give examples/tutorial/"
        cat "$work/diff"
    fi
fi
