#!/bin/sh
# Builds the C hosts of the core's two modules (docs/VENDOR.md): wasm2c
# translates each module to C, and the C compiler builds it with wabt's runtime,
# core.c and its program: build/c-host/host (build/realname.wasm, the terminal)
# and build/c-host/tools (build/realname-tools.wasm). The numbers of the ABI come
# from the generated include/realname.h. Nothing generated here is committed;
# everything lands in build/c-host/. A module is translated again only when it
# changed, so building the programs again (another header) is quick.
#
# Environment (all optional):
#   CC                  C compiler (default cc)
#   CFLAGS              optimisation flags (default -O1: the generated C is large)
#   WASM2C              the wasm2c program (default wasm2c)
#   WASM2C_RUNTIME      folder holding wasm-rt-impl.c (default: found next to wasm2c;
#                       Debian's wabt puts it in /usr/share/wabt/wasm2c)
#   REALNAME_WASM       the terminal module (default build/realname.wasm)
#   REALNAME_TOOLS_WASM the tools module (default build/realname-tools.wasm)
#   REALNAME_INCLUDE    the folder of realname.h (default include/)
#   PROGRAM_SUFFIX      appended to the programs' names (default none)
#   OUT                 output folder (default build/c-host)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
terminal=${REALNAME_WASM:-$root/build/realname.wasm}
tools=${REALNAME_TOOLS_WASM:-$root/build/realname-tools.wasm}
include=${REALNAME_INCLUDE:-$root/include}
suffix=${PROGRAM_SUFFIX:-}
out=${OUT:-$root/build/c-host}
cc=${CC:-cc}
cflags=${CFLAGS:--O1}
wasm2c=${WASM2C:-wasm2c}

command -v "$wasm2c" >/dev/null 2>&1 || { echo "build.sh: $wasm2c not found (apt-get install wabt)" >&2; exit 3; }
command -v "$cc" >/dev/null 2>&1 || { echo "build.sh: C compiler $cc not found" >&2; exit 3; }
for wasm in "$terminal" "$tools"; do
  [ -f "$wasm" ] || { echo "build.sh: $wasm missing (npm run build)" >&2; exit 3; }
done
[ -f "$include/realname.h" ] || { echo "build.sh: $include/realname.h missing" >&2; exit 3; }

runtime=${WASM2C_RUNTIME:-}
if [ -z "$runtime" ]; then
  prefix=$(cd "$(dirname "$(command -v "$wasm2c")")/.." && pwd)
  for dir in "$prefix/share/wabt/wasm2c" /usr/share/wabt/wasm2c /usr/local/share/wabt/wasm2c "$prefix/wasm2c"; do
    if [ -f "$dir/wasm-rt-impl.c" ]; then runtime=$dir; break; fi
  done
fi
[ -n "$runtime" ] && [ -f "$runtime/wasm-rt-impl.c" ] || { echo "build.sh: wasm-rt-impl.c not found; set WASM2C_RUNTIME" >&2; exit 3; }

mkdir -p "$out"

# Explicit bounds checks instead of guard pages and a SIGSEGV handler: what a
# terminal without an MMU does, and linear memory is then exactly the module's
# pages (calloc), not an 8 GiB reservation. Every file must agree on it.
memcheck=-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0

# Newer wabt splits the runtime into several wasm-rt-*impl.c files; compile all.
objects=
for src in "$runtime"/wasm-rt-impl.c "$runtime"/wasm-rt-*-impl.c; do
  [ -f "$src" ] || continue
  obj="$out/$(basename "$src" .c).o"
  [ "$obj" -nt "$src" ] || "$cc" $cflags $memcheck -I"$runtime" -c "$src" -o "$obj"
  objects="$objects $obj"
done

# translate MODULE NAME FILE: wasm2c FILE into $out/MODULE-wasm.c (the module name
# NAME fixes the C symbol prefix) and compile it, unless it is newer than FILE.
translate() {
  if [ ! "$out/$1-wasm.o" -nt "$3" ]; then
    "$wasm2c" "$3" -n "$2" -o "$out/$1-wasm.c"
    "$cc" $cflags $memcheck -I"$runtime" -I"$out" -c "$out/$1-wasm.c" -o "$out/$1-wasm.o"
  fi
}

# program MODULE NAME SOURCE: core.c and SOURCE for that module, linked as SOURCE's name.
program() {
  # Symbol names changed in wabt 1.0.33 (Z_realnameZ_x -> w2c_realname_x).
  names=
  if grep -q "Z_$2_instance_t" "$out/$1-wasm.h"; then names=-DCORE_WASM2C_Z_NAMES; fi
  defines="-DCORE_NAME=$2 -DCORE_WASM2C_HEADER=\"$1-wasm.h\" $names"
  strict="-std=c99 -Wall -Wextra -pedantic"
  "$cc" $strict $cflags $memcheck $defines -I"$include" -I"$here" -I"$runtime" -I"$out" -c "$here/core.c" -o "$out/core-$1.o"
  "$cc" $strict $cflags $memcheck $defines -I"$include" -I"$here" -I"$runtime" -I"$out" -c "$here/$3.c" -o "$out/$3.o"
  "$cc" $cflags -o "$out/$3$suffix" "$out/$3.o" "$out/core-$1.o" "$out/$1-wasm.o" $objects -lm
  echo "$out/$3$suffix"
}

translate realname realname "$terminal"
translate realname-tools tools "$tools"
program realname realname host
program realname-tools tools tools
