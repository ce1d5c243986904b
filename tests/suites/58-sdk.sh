#!/usr/bin/env bash
# The SDK (docs/sdk.md): `make install PREFIX=dir` installs the layout docs/sdk.md lists; tests/sdk/hello_sdk,
# copied out of the tree, is configured against it with find_package(Vigil) (through CMAKE_PREFIX_PATH and
# through Vigil_DIR) and built; its check target boots it and matches its expected lines, its pal target runs
# its PAL tests on the host and in-guest, its run target boots it, ctest runs both tests, its debug and gdb
# targets give a gdb session with the programs' symbols; a project of two solutions (DIRECTORY, DEFINES,
# GIC/EL/MEM) checks the second on its machine and makes check the first's; a version the SDK
# does not provide, a PROGRAMS directory that does not exist and an INIT of another name stop the
# configuration; an expected line the solution does not print makes the check target fail.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/suite.sh
prefix=$tmp/prefix

step sdk/install 0 "^install: the Vigil [0-9.]+ SDK is in $prefix" -- make --no-print-directory -s install PREFIX="$prefix"
missing=
for f in bin/nkc bin/pslc bin/einit bin/mkimage bin/ksm-audit-decode bin/vigil-make include/vigil/ipc.h \
    include/vigil/nk/transport.h include/kl/core/Task.idl.h include/kl/core/Core.edl.h lib/libvigil.a \
    lib/cmake/Vigil/VigilConfig.cmake lib/cmake/Vigil/VigilConfigVersion.cmake share/vigil/Makefile \
    share/vigil/linker/kernel.ld share/vigil/linker/user.ld share/vigil/prebuilt/k/kernel/run_init_test.o \
    share/vigil/prebuilt/lib/libvigil.a share/vigil/prebuilt/kernel-objs.mk share/vigil/kernel/idl/kl/core/Task.idl \
    share/vigil/prebuilt/pslc-test/ksm/audit.o share/vigil/prebuilt/einit/einit_run.o share/vigil/tools/qemu.sh \
    share/vigil/tools/check.sh share/vigil/tools/pal.sh share/vigil/tools/gdb.sh share/vigil/tools/vigil-gdb.py; do
    [ -e "$prefix/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && echo "ok sdk/layout" || echo "FAIL sdk/layout: missing:$missing"
# Nothing the builder reads names the tree (its text files; the objects' debug information does).
refs=$(grep -rIl -- "$PWD" "$prefix" 2>/dev/null)
[ -z "$refs" ] && echo "ok sdk/no-tree-paths" || echo "FAIL sdk/no-tree-paths: these name $PWD: $refs"
step sdk/tools-run 0 '^pslc \(Vigil\) ' -- "$prefix/bin/pslc" --version

proj=$tmp/hello_sdk
cp -r tests/sdk/hello_sdk "$proj"
step sdk/configure 0 '^-- Build files have been written to' -- cmake -S "$proj" -B "$proj/build" -DCMAKE_PREFIX_PATH="$prefix"
step sdk/build 0 'Built target hello_sdk' -- cmake --build "$proj/build"
missing=
for f in hello_sdk.elf hello_sdk-test.elf hello_sdk-pal.elf; do [ -f "$proj/build/$f" ] || missing="$missing $f"; done
[ -z "$missing" ] && echo "ok sdk/images" || echo "FAIL sdk/images: missing:$missing"
[ -f "$proj/build/vigil/ext/hello_sdk-$(printf '%s' "$(realpath "$proj")" | sha256sum | cut -c1-8).elf" ] &&
    echo "ok sdk/builder-dir" || echo "FAIL sdk/builder-dir: no image under $proj/build/vigil/ext"
step sdk/check 0 '^hello.Client: 12 squared is 144$' '^ok check/run$' '^ok check/output$' -- \
    cmake --build "$proj/build" --target check
step sdk/pal 0 '^ok pal/host$' '^pal: 0 of 2 tests failed$' '^ok pal/guest$' -- cmake --build "$proj/build" --target pal
step sdk/run 0 '^vigil: Einit exited with code 0$' -- cmake --build "$proj/build" --target run
step sdk/name-run 0 '^vigil: Einit exited with code 0$' -- cmake --build "$proj/build" --target hello_sdk-run
step sdk/ctest 0 '100% tests passed, 0 tests failed out of 2' -- ctest --test-dir "$proj/build"
step sdk/vigil-dir 0 '^-- Build files have been written to' -- \
    cmake -S "$proj" -B "$tmp/b2" -DVigil_DIR="$prefix/lib/cmake/Vigil"

# debug and gdb: QEMU halted for gdb, then gdb in batch mode with the programs' symbols (the port from the
# environment, as make takes it).
port=$((20000 + RANDOM % 20000))
cat >"$tmp/gdb.script" <<'GDB'
break process_resume
continue
vigil ps
kill
GDB
GDB_PORT=$port timeout 120 cmake --build "$proj/build" --target hello_sdk-debug >"$LOGS/sdk-debug.log" 2>&1 &
qemu=$!
for _ in $(seq 300); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.1
done
step sdk/gdb 0 'symbols of .*/user/ext/hello_sdk-[0-9a-f]{8}/\.einit\.elf' '^[ *] +[0-9]+  hello\.Server +running' -- \
    env GDB_PORT=$port GDB_ARGS="-batch -x $tmp/gdb.script" cmake --build "$proj/build" --target hello_sdk-gdb
wait $qemu 2>/dev/null

# Two solutions in one project, each in a directory of its own: the second with template definitions and
# another machine; run/check/pal/debug/gdb are the first's.
multi=$tmp/multi
mkdir -p "$multi"
cp -r tests/sdk/hello_sdk "$multi/hello"
cp -r examples/kos_init "$multi/kos"
sed -i "s#^\\^einit: examples/kos_init: #^einit: $(realpath "$multi/kos"): #" "$multi/kos/expected"
cat >"$multi/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(multi NONE)
find_package(Vigil REQUIRED)
vigil_solution(NAME hello DIRECTORY hello PROGRAMS client server)
vigil_solution(NAME kos DIRECTORY kos DEFINES NAMING=client-only GIC 3 EL 2 MEM 256M PROGRAMS client autopilot)
CMAKE
step sdk/multi-configure 0 '^-- Build files have been written to' -- \
    cmake -S "$multi" -B "$multi/build" -DCMAKE_PREFIX_PATH="$prefix"
step sdk/multi-defines-machine 0 '^Vigil [0-9.]+: entered at EL2, GICv3, RAM 256 MiB' '^ok check/output$' -- \
    cmake --build "$multi/build" --target kos-check
step sdk/multi-first-is-default 0 '^hello.Client: 12 squared is 144$' '^ok check/output$' -- \
    cmake --build "$multi/build" --target check

# vigil-make alone: SOLUTION defaults to the current directory, BUILD to ./build, relative paths are the
# caller's.
step sdk/vigil-make-defaults 0 "^$(realpath "$proj")/build/ext/hello_sdk-[0-9a-f]{8}\$" -- \
    env -C "$proj" "$prefix/bin/vigil-make" -s print-image
step sdk/vigil-make-default-goal 0 "pal-host' is up to date" -- env -C "$proj" "$prefix/bin/vigil-make" BUILD=build/vigil
step sdk/vigil-make-relative 0 "^$(realpath "$tmp")/b3/ext/hello_sdk-[0-9a-f]{8}\$" -- \
    env -C "$tmp" "$prefix/bin/vigil-make" SOLUTION=hello_sdk BUILD=b3 -s print-image

# What the configuration refuses.
cp -r tests/sdk/hello_sdk "$tmp/v9"
sed -i 's/find_package(Vigil 0.1 REQUIRED)/find_package(Vigil 9.0 REQUIRED)/' "$tmp/v9/CMakeLists.txt"
step sdk/version-refused nonzero 'requested version "9.0"' 'VigilConfig.cmake, version: 0\.1' -- cmake -S "$tmp/v9" -B "$tmp/v9/build" -DCMAKE_PREFIX_PATH="$prefix"
cp -r tests/sdk/hello_sdk "$tmp/v00"
sed -i 's/find_package(Vigil 0.1 REQUIRED)/find_package(Vigil 0.0 REQUIRED)/' "$tmp/v00/CMakeLists.txt"
step sdk/other-minor-refused nonzero 'requested version "0.0"' -- \
    cmake -S "$tmp/v00" -B "$tmp/v00/build" -DCMAKE_PREFIX_PATH="$prefix"
cp -r tests/sdk/hello_sdk "$tmp/noname"
sed -i 's/vigil_solution(NAME hello_sdk /vigil_solution(/' "$tmp/noname/CMakeLists.txt"
step sdk/name-required nonzero 'vigil_solution: NAME is required' -- \
    cmake -S "$tmp/noname" -B "$tmp/noname/build" -DCMAKE_PREFIX_PATH="$prefix"
cp -r tests/sdk/hello_sdk "$tmp/noprog"
sed -i 's/PROGRAMS client server/PROGRAMS client nope/' "$tmp/noprog/CMakeLists.txt"
# (CMake wraps its messages: the path and the words may be on different lines.)
step sdk/missing-program nonzero 'vigil_solution\(hello_sdk\): program directory' '/nope does not exist' -- \
    cmake -S "$tmp/noprog" -B "$tmp/noprog/build" -DCMAKE_PREFIX_PATH="$prefix"
cp -r tests/sdk/hello_sdk "$tmp/otherinit"
sed -i 's/INIT init.yaml/INIT other.yaml/' "$tmp/otherinit/CMakeLists.txt"
step sdk/other-init-refused nonzero 'INIT must be init.yaml in' -- \
    cmake -S "$tmp/otherinit" -B "$tmp/otherinit/build" -DCMAKE_PREFIX_PATH="$prefix"

# A failing check: the expected file wants a line the solution does not print.
cp -r tests/sdk/hello_sdk "$tmp/wrong"
echo '^hello.Client: 12 squared is 145$' >>"$tmp/wrong/expected"
cmake -S "$tmp/wrong" -B "$tmp/wrong/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null 2>&1
step sdk/check-fails nonzero "^FAIL check/output: no line matching '\\^hello.Client: 12 squared is 145" -- \
    cmake --build "$tmp/wrong/build" --target check
