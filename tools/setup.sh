#!/usr/bin/env bash
# Install what my_strace needs on Debian/Ubuntu, idempotently (run as root):
# bcc from the distro (python3-bpfcc), kernel headers for bcc's compiler (the
# distro's, linked under /lib/modules/$(uname -r) when no package matches the
# running kernel), tracefs, strace (the oracle for the tests), pytest.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "setup.sh: run as root (sudo make setup)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
rel=$(uname -r)
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)

need=()
/usr/bin/python3 -c 'import bcc' 2>/dev/null || need+=(python3-bpfcc)
command -v strace >/dev/null || need+=(strace)
command -v gcc >/dev/null || need+=(gcc)
command -v make >/dev/null || need+=(make)
command -v groff >/dev/null || need+=(groff-base)     # tests render the man page
/usr/bin/python3 -c 'import pytest' 2>/dev/null || need+=(python3-pytest)
/usr/bin/python3 -c 'import hypothesis' 2>/dev/null || need+=(python3-hypothesis)
[ -f /usr/include/x86_64-linux-gnu/asm/unistd_64.h ] || [ "$arch" != amd64 ] || need+=(linux-libc-dev)

headers_ok() { [ -e "/lib/modules/$rel/build/include" ] || [ -e "/lib/modules/$rel/build/Makefile" ]; }
if ! headers_ok; then
    if apt-cache show "linux-headers-$rel" >/dev/null 2>&1; then
        need+=("linux-headers-$rel")
    elif apt-cache show "linux-headers-cloud-$arch" >/dev/null 2>&1; then
        need+=("linux-headers-cloud-$arch")
    else
        need+=("linux-headers-$arch")
    fi
fi

if [ ${#need[@]} -gt 0 ]; then
    echo "setup.sh: installing ${need[*]}"
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# No headers package matches this kernel: link the distro's newest ones.
if ! headers_ok; then
    build=$(ls -d /usr/src/linux-headers-*-"$arch" /usr/src/linux-headers-*-cloud-"$arch" 2>/dev/null | sort -V | tail -n 1)
    common=$(ls -d /usr/src/linux-headers-*-common 2>/dev/null | sort -V | tail -n 1)
    [ -n "$build" ] || { echo "setup.sh: no kernel headers found under /usr/src" >&2; exit 1; }
    mkdir -p "/lib/modules/$rel"
    ln -sfn "$build" "/lib/modules/$rel/build"
    [ -n "$common" ] && ln -sfn "$common" "/lib/modules/$rel/source"
    echo "setup.sh: linked /lib/modules/$rel/build -> $build (kernel $rel has no headers package)"
fi

# bcc and the syscall table read tracefs.
if [ ! -d /sys/kernel/tracing/events ]; then
    mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
fi
[ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ] || \
    { echo "setup.sh: tracefs is not available (mount -t tracefs tracefs /sys/kernel/tracing)" >&2; exit 1; }

/usr/bin/python3 -c 'import bcc' || { echo "setup.sh: bcc still not importable" >&2; exit 1; }
echo "setup.sh: ready (bcc $(/usr/bin/python3 -c 'import bcc; print(getattr(bcc, "__version__", "?"))'), headers /lib/modules/$rel/build)"
