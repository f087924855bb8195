#!/bin/sh
# Builds the C hosts of the core's modules (docs/VENDOR.md): wasm2c translates
# each module to C, and the C compiler builds it with the bare-metal runtime
# (wasm-rt-bare.c: calloc'd memory, explicit bounds checks, no mmap, no signals),
# core.c and the programs:
#   build/c-host/host    the terminal (build/realname.wasm) against a live acquirer
#   build/c-host/replay  replays transcripts (docs/TRANSCRIPTS.md) through the terminal
#   build/c-host/replay-qa  the same through the QA module (build/realname-qa.wasm): the
#                        keyCustody=core transcripts (the terminal module holds no keys)
#   build/c-host/tools   the tools module (build/realname-tools.wasm)
#   build/c-host/secure  a software secure element on the tools module (keyCustody=module)
# The numbers of the ABI come from the generated include/realname.h. Nothing
# generated here is committed; everything lands in build/c-host/. A module is
# translated again only when it changed, so building the programs again (another
# header) is quick.
#
# Environment (all optional):
#   CC                  C compiler (default cc)
#   CFLAGS              optimisation flags (default -O1: the generated C is large)
#   WASM2C              the wasm2c program (default wasm2c)
#   WASM_RT_INCLUDE     folder holding wasm2c's wasm-rt.h (default: found next to wasm2c)
#   REALNAME_WASM       the terminal module (default build/realname.wasm)
#   REALNAME_TOOLS_WASM the tools module (default build/realname-tools.wasm)
#   REALNAME_QA_WASM    the QA module (default build/realname-qa.wasm)
#   REALNAME_INCLUDE    the folder of realname.h (default include/)
#   PROGRAM_SUFFIX      appended to the programs' names (default none)
#   OUT                 output folder (default build/c-host)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
terminal=${REALNAME_WASM:-$root/build/realname.wasm}
tools=${REALNAME_TOOLS_WASM:-$root/build/realname-tools.wasm}
qa=${REALNAME_QA_WASM:-$root/build/realname-qa.wasm}
include=${REALNAME_INCLUDE:-$root/include}
suffix=${PROGRAM_SUFFIX:-}
out=${OUT:-$root/build/c-host}
cc=${CC:-cc}
cflags=${CFLAGS:--O1}
wasm2c=${WASM2C:-wasm2c}

command -v "$wasm2c" >/dev/null 2>&1 || { echo "build.sh: $wasm2c not found (apt-get install wabt)" >&2; exit 3; }
command -v "$cc" >/dev/null 2>&1 || { echo "build.sh: C compiler $cc not found" >&2; exit 3; }
for wasm in "$terminal" "$tools" "$qa"; do
  [ -f "$wasm" ] || { echo "build.sh: $wasm missing (npm run build)" >&2; exit 3; }
done
[ -f "$include/realname.h" ] || { echo "build.sh: $include/realname.h missing" >&2; exit 3; }

# wasm2c's wasm-rt.h is copied next to the generated C, so that no other system
# header comes with it (the Cortex-M build, cortex-m4.sh, relies on that too).
rt=${WASM_RT_INCLUDE:-}
if [ -z "$rt" ]; then
  prefix=$(cd "$(dirname "$(command -v "$wasm2c")")/.." && pwd)
  for dir in "$prefix/include" /usr/include /usr/local/include; do
    if [ -f "$dir/wasm-rt.h" ]; then rt=$dir; break; fi
  done
fi
[ -n "$rt" ] && [ -f "$rt/wasm-rt.h" ] || { echo "build.sh: wasm-rt.h not found; set WASM_RT_INCLUDE" >&2; exit 3; }
mkdir -p "$out/include" "$out/obj$suffix"
out=$(cd "$out" && pwd) # absolute: the generated C is compiled from inside it
cp "$rt/wasm-rt.h" "$out/include/wasm-rt.h"

# Explicit bounds checks instead of guard pages and a SIGSEGV handler: what a
# terminal without an MMU does; linear memory is then exactly the module's pages.
# Every file must agree on it (wasm-rt-bare.h refuses anything else).
memcheck=-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0
strict="-std=c99 -Wall -Wextra -pedantic"
obj=$out/obj$suffix

# compile SOURCE OBJECT [FLAGS...]
compile() {
  src=$1 object=$2
  shift 2
  "$cc" $cflags $memcheck "$@" -I"$include" -I"$here" -I"$out/include" -I"$out" -c "$src" -o "$object"
}

# translate MODULE NAME FILE: wasm2c FILE into $out/MODULE-wasm.c (the module name
# NAME fixes the C symbol prefix) and compile it, unless it is newer than FILE. It is
# compiled from inside $out, so that its asserts name it without the folder and the
# object is the same wherever the project lives (docs/VENDOR.md's figures).
translate() {
  if [ ! "$out/$1-wasm.o" -nt "$3" ]; then
    "$wasm2c" "$3" -n "$2" -o "$out/$1-wasm.c"
    (cd "$out" && compile "$1-wasm.c" "$1-wasm.o")
  fi
}

# module_flags MODULE NAME: how core.c and the programs see the translated module.
module_flags() {
  # Symbol names changed in wabt 1.0.33 (Z_realnameZ_x -> w2c_realname_x).
  names=
  if grep -q "Z_$2_instance_t" "$out/$1-wasm.h"; then names=-DCORE_WASM2C_Z_NAMES; fi
  # The tools module's buffers are larger than the terminal's (REALNAME_TOOLS_* in realname.h).
  tools=
  if [ "$2" = tools ]; then tools=-DCORE_TOOLS_MODULE; fi
  echo "-DCORE_NAME=$2 -DCORE_WASM2C_HEADER=\"$1-wasm.h\" $names $tools"
}

# program NAME MODULE SOURCES...: the sources (each compiled for MODULE), core.c, the
# translated module and the runtime, linked as NAME.
program() {
  name=$1 module=$2
  shift 2
  objects="$out/$module-wasm.o $obj/wasm-rt-bare.o $obj/core-$module.o"
  for source in "$@"; do # not `src`: shell functions share variables, and compile sets src
    compile "$here/$source" "$obj/$module-${source%.c}.o" $strict $flags
    objects="$objects $obj/$module-${source%.c}.o"
  done
  "$cc" $cflags -o "$out/$name$suffix" $objects -pthread -lm
  echo "$out/$name$suffix"
}

compile "$here/wasm-rt-bare.c" "$obj/wasm-rt-bare.o" $strict
translate realname realname "$terminal"
translate realname-tools tools "$tools"
# The QA module under the terminal's C names: replay.c and core.c build against it unchanged.
translate realname-qa realname "$qa"

flags=$(module_flags realname realname)
compile "$here/core.c" "$obj/core-realname.o" $strict $flags
program host realname host.c session.c posix.c record-store.c secure-module-core.c secure-module-process.c transcript.c
program replay realname replay.c transcript.c

flags=$(module_flags realname-qa realname)
compile "$here/core.c" "$obj/core-realname-qa.o" $strict $flags
program replay-qa realname-qa replay.c transcript.c

flags=$(module_flags realname-tools tools)
compile "$here/core.c" "$obj/core-realname-tools.o" $strict $flags
program tools realname-tools tools.c
program secure realname-tools secure.c
