#!/bin/sh
# Builds the translated terminal module for a Cortex-M4 with Debian's
# gcc-arm-none-eabi and libnewlib-arm-none-eabi, with the bare-metal runtime
# (wasm-rt-bare.c), and links it into the smallest firmware (cortex-m4.c) against
# newlib without an operating system (nosys.specs). Run build.sh first: it writes the
# translated C (build/c-host/realname-wasm.c) and wasm-rt.h. Prints the sections of
# each object and of the image (arm-none-eabi-size); the image is build/c-host/cortex-m4/firmware.elf.
#
# Environment (all optional): ARM_CC (default arm-none-eabi-gcc), ARM_CFLAGS (default
# -Os), REALNAME_INCLUDE (default include/), OUT (default build/c-host).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
include=${REALNAME_INCLUDE:-$root/include}
out=${OUT:-$root/build/c-host}
cc=${ARM_CC:-arm-none-eabi-gcc}
cflags=${ARM_CFLAGS:--Os}
size=$(dirname "$(command -v "$cc" || echo arm-none-eabi-gcc)")/arm-none-eabi-size

command -v "$cc" >/dev/null 2>&1 || { echo "cortex-m4.sh: $cc not found (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2; exit 3; }
[ -f "$out/realname-wasm.c" ] && [ -f "$out/include/wasm-rt.h" ] || { echo "cortex-m4.sh: run examples/c-host/build.sh first" >&2; exit 3; }

out=$(cd "$out" && pwd) # absolute: the generated C is compiled from inside it
arm=$out/cortex-m4
mkdir -p "$arm"
target="-mcpu=cortex-m4 -mthumb"
common="$target $cflags -ffunction-sections -fdata-sections -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -I$out -I$out/include -I$here -I$include"

# From inside $out, as build.sh does: the object does not depend on where the project lives.
[ "$arm/realname-wasm.o" -nt "$out/realname-wasm.c" ] || (cd "$out" && "$cc" $common -c realname-wasm.c -o "$arm/realname-wasm.o")
"$cc" $common -std=c99 -Wall -Wextra -pedantic -c "$here/wasm-rt-bare.c" -o "$arm/wasm-rt-bare.o"
"$cc" $common -std=c99 -Wall -Wextra -pedantic -c "$here/cortex-m4.c" -o "$arm/cortex-m4.o"
"$cc" $target $cflags --specs=nosys.specs -Wl,--gc-sections -o "$arm/firmware.elf" "$arm/cortex-m4.o" "$arm/realname-wasm.o" "$arm/wasm-rt-bare.o" -lm
"$size" -A "$arm/realname-wasm.o" "$arm/wasm-rt-bare.o"
"$size" "$arm/firmware.elf"
