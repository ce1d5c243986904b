#!/usr/bin/env bash
# make install's copy step (tools/sdk/build.mk, which builds everything first and passes the lists):
# usage: SDK_TOOLS=... SDK_KERNEL_OBJS=... SDK_KERNEL_ENTRIES=... SDK_KSM_HOST_OBJS=... SDK_EINIT_RUNTIME=... \
#            tools/sdk/install.sh PREFIX BUILD VERSION
# Layout (docs/sdk.md):
#   PREFIX/bin/              nkc pslc einit mkimage ksm-audit-decode, vigil-make
#   PREFIX/include/          lib/include (vigil/...) and nkc's headers of the kernel's interfaces (kl/core)
#   PREFIX/lib/libvigil.a    the user-space runtime
#   PREFIX/lib/cmake/Vigil/  VigilConfig.cmake, VigilConfigVersion.cmake
#   PREFIX/share/vigil/      the solution builder: the tree's rules and what they read, in the tree's layout,
#                            and prebuilt/ (the kernel's objects, libvigil.a, the tools, the host KSM)
# Files keep their modification times (cp -p), so the builder sees the prebuilt objects as newer than the
# few sources shipped next to them and never tries to rebuild them.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: tools/sdk/install.sh PREFIX BUILD VERSION" >&2; exit 2; }
prefix=$1 build=$2 version=$3
case "$prefix" in /*) ;; *) prefix=$PWD/$prefix ;; esac
share=$prefix/share/vigil
pre=$share/prebuilt
mkdir -p "$prefix/bin" "$prefix/include" "$prefix/lib/cmake/Vigil" "$pre" 2>/dev/null ||
    { echo "install: cannot create $prefix (PREFIX=dir picks another place)" >&2; exit 1; }

# copy FILE... DEST: into DEST, each at its path relative to the tree (or to $build for built files).
copy() {
    local dest=${!#} f rel
    for f in "${@:1:$#-1}"; do
        rel=${f#"$build"/}
        mkdir -p "$dest/$(dirname "$rel")"
        cp -p "$f" "$dest/$rel"
    done
}

# The builder: the rules, the scripts they run, the headers, descriptions and linker scripts they read.
cp -p tools/sdk/Makefile "$share/Makefile"
copy tools/settings.mk tools/goals.mk tools/einit/solution.mk tools/einit/solution-key.mk kernel/build.mk \
    lib/build.mk user/build.mk "$share"
copy tools/run.sh tools/qemu.sh tools/check.sh tools/pal.sh tools/expect.sh tools/gdb.sh tools/vigil-gdb.py tools/monitor.py \
    tools/mksyms.sh tools/mkusyms.sh "$share"
# kernel/run_init.c: the entry objects' rules name it (they are prebuilt; it is never compiled here).
copy tools/einit/runtime/* linker/*.ld kernel/run_init.c $(find kernel/idl -type f) \
    $(find kernel ksm arch lib -name '*.h') "$share"

# The prebuilt parts, at their paths under BUILD (vigil-make links them into the user's build directory).
# shellcheck disable=SC2086
copy $SDK_KERNEL_OBJS $SDK_KERNEL_ENTRIES $SDK_KSM_HOST_OBJS $SDK_EINIT_RUNTIME $SDK_TOOLS "$build/lib/libvigil.a" "$pre"
{
    echo "# The prebuilt objects, relative to \$(BUILD) (written by tools/sdk/install.sh)."
    echo "SDK_KERNEL_OBJS := $(for f in $SDK_KERNEL_OBJS; do printf '%s ' "${f#"$build"/}"; done)"
    echo "SDK_KSM_HOST_OBJS := $(for f in $SDK_KSM_HOST_OBJS; do printf '%s ' "${f#"$build"/}"; done)"
} >"$pre/kernel-objs.mk"

# What users see: the tools, the headers (with the kernel interfaces' generated ones), the library.
for t in $SDK_TOOLS; do ln -sfn "../share/vigil/prebuilt/tools/$(basename "$t")" "$prefix/bin/$(basename "$t")"; done
cp -p tools/sdk/vigil-make "$prefix/bin/vigil-make"
chmod +x "$prefix/bin/vigil-make"
cp -pR lib/include/. "$prefix/include/"
"$build/tools/nkc" -I kernel/idl -o "$prefix/include" $(find kernel/idl -name '*.idl' -o -name '*.cdl' -o -name '*.edl')
cp -p "$build/lib/libvigil.a" "$prefix/lib/libvigil.a"
sed "s/@VIGIL_VERSION@/$version/g" tools/sdk/VigilConfig.cmake >"$prefix/lib/cmake/Vigil/VigilConfig.cmake"
sed "s/@VIGIL_VERSION@/$version/g" tools/sdk/VigilConfigVersion.cmake >"$prefix/lib/cmake/Vigil/VigilConfigVersion.cmake"
echo "install: the Vigil $version SDK is in $prefix (find_package(Vigil) with -DCMAKE_PREFIX_PATH=$prefix)"
