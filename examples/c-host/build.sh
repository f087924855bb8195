#!/bin/sh
# Builds the C host of the core (docs/VENDOR.md): wasm2c translates the release
# module to C, and the C compiler builds it with wabt's runtime and host.c.
# Nothing generated is committed; everything lands in build/c-host/.
#
# Environment (all optional):
#   CC              C compiler (default cc)
#   CFLAGS          optimisation flags (default -O1: the generated C is large)
#   WASM2C          the wasm2c program (default wasm2c)
#   WASM2C_RUNTIME  folder holding wasm-rt-impl.c (default: found next to wasm2c;
#                   Debian's wabt puts it in /usr/share/wabt/wasm2c)
#   REALNAME_WASM   the module (default build/realname.wasm)
#   OUT             output folder (default build/c-host)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
wasm=${REALNAME_WASM:-$root/build/realname.wasm}
out=${OUT:-$root/build/c-host}
cc=${CC:-cc}
cflags=${CFLAGS:--O1}
wasm2c=${WASM2C:-wasm2c}

command -v "$wasm2c" >/dev/null 2>&1 || { echo "build.sh: $wasm2c not found (apt-get install wabt)" >&2; exit 3; }
command -v "$cc" >/dev/null 2>&1 || { echo "build.sh: C compiler $cc not found" >&2; exit 3; }
[ -f "$wasm" ] || { echo "build.sh: $wasm missing (npm run build)" >&2; exit 3; }

runtime=${WASM2C_RUNTIME:-}
if [ -z "$runtime" ]; then
  prefix=$(cd "$(dirname "$(command -v "$wasm2c")")/.." && pwd)
  for dir in "$prefix/share/wabt/wasm2c" /usr/share/wabt/wasm2c /usr/local/share/wabt/wasm2c "$prefix/wasm2c"; do
    if [ -f "$dir/wasm-rt-impl.c" ]; then runtime=$dir; break; fi
  done
fi
[ -n "$runtime" ] && [ -f "$runtime/wasm-rt-impl.c" ] || { echo "build.sh: wasm-rt-impl.c not found; set WASM2C_RUNTIME" >&2; exit 3; }

mkdir -p "$out"
# The module name fixes the C symbol prefix (realname).
"$wasm2c" "$wasm" -n realname -o "$out/realname.c"

# Symbol names changed in wabt 1.0.33 (Z_realnameZ_x -> w2c_realname_x).
names=
if grep -q "Z_realname_instance_t" "$out/realname.h"; then names=-DREALNAME_WASM2C_Z_NAMES; fi

# Explicit bounds checks instead of guard pages and a SIGSEGV handler: what a
# terminal without an MMU does, and linear memory is then exactly the module's
# pages (calloc), not an 8 GiB reservation. Every file must agree on it.
memcheck=-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0

# Newer wabt splits the runtime into several wasm-rt-*impl.c files; compile all.
objects=
for src in "$runtime"/wasm-rt-impl.c "$runtime"/wasm-rt-*-impl.c; do
  [ -f "$src" ] || continue
  obj="$out/$(basename "$src" .c).o"
  "$cc" $cflags $memcheck -I"$runtime" -c "$src" -o "$obj"
  objects="$objects $obj"
done
"$cc" $cflags $memcheck -I"$runtime" -I"$out" -c "$out/realname.c" -o "$out/realname.o"
"$cc" -std=c99 -Wall -Wextra -pedantic $cflags $memcheck $names -I"$runtime" -I"$out" -c "$here/host.c" -o "$out/host.o"
"$cc" $cflags -o "$out/host" "$out/host.o" "$out/realname.o" $objects -lm
echo "$out/host"
