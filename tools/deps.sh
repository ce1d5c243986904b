#!/usr/bin/env bash
# Installs the Debian packages Vigil's build and tests need, when they are missing.
# As root on Debian it installs them; otherwise it prints the exact command and stops.
set -euo pipefail

# Installed without Recommends, so the C libraries the compilers only recommend are listed here:
# libc6-dev (host tools) and libc6-dev-arm64-cross (the kernel's <string.h>, needed by libfdt_env.h).
packages=(make gcc libc6-dev qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
          picolibc-aarch64-linux-gnu device-tree-compiler gdb-multiarch libfdt-dev:arm64 libfdt1
          clang libclang-rt-14-dev valgrind python3 cmake)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

need_arch=0
printf '%s\n' "${missing[@]}" | grep -q ':arm64$' && ! dpkg --print-foreign-architectures | grep -qx arm64 && need_arch=1
cmd="apt-get update && apt-get install -y ${missing[*]}"
[ $need_arch -eq 1 ] && cmd="dpkg --add-architecture arm64 && $cmd"

if [ ! -r /etc/debian_version ] || [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing packages: ${missing[*]}" >&2
    echo "deps: run as root on Debian 12:" >&2
    echo "    $cmd" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
[ $need_arch -eq 1 ] && dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
