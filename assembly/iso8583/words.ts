// Byte ranges handled eight bytes at a time (the release build has no
// bulk-memory, so no memory.copy): the copies and content checks of the
// ISO 8583 engine, and the flow's copies (flow/bytes.ts). Any alignment and
// length; the last 0-7 bytes take at most one 4-, 2- and 1-byte step, and
// nothing reads past the end of a range.

const HIGH_BITS: u64 = 0x8080808080808080;
/** 0x01 in every byte: times c, the byte c in every byte. */
const EVERY_BYTE: u64 = 0x0101010101010101;

/** Copies `n` bytes from `src` to `dst` (the ranges must not overlap; n <= 0 copies nothing). */
export function copyBytes(dst: usize, src: usize, n: i32): void {
  if (n <= 0) return;
  let i: usize = 0;
  const end = <usize>n;
  for (; i + 8 <= end; i += 8) store<u64>(dst + i, load<u64>(src + i));
  if (end & 4) { store<u32>(dst + i, load<u32>(src + i)); i += 4; }
  if (end & 2) { store<u16>(dst + i, load<u16>(src + i)); i += 2; }
  if (end & 1) store<u8>(dst + i, load<u8>(src + i));
}

/**
 * The `n` (0..7) bytes at `src` in a word whose other bytes are `fill`, in no
 * particular order (a range check does not care): each step shifts the fill
 * out and the bytes in.
 */
function loadTail(src: usize, n: i32, fill: u32): u64 {
  let w = <u64>fill * EVERY_BYTE;
  let i: usize = 0;
  if (n & 4) { w = (w << 32) | <u64>load<u32>(src); i = 4; }
  if (n & 2) { w = (w << 16) | <u64>load<u16>(src + i); i += 2; }
  if (n & 1) w = (w << 8) | <u64>load<u8>(src + i);
  return w;
}

/**
 * True when every one of the `n` bytes at `src` lies in `low`..`high` (both
 * below 0x80), eight at a time without a branch per word: with a byte's top
 * bit clear, b + 0x80 - low has its top bit set exactly when b >= low, and
 * b + 0x7F - high exactly when b > high, and neither sum carries into the next
 * byte (a byte with its top bit set fails anyway). A byte is bad when its top
 * bit is set in the word, in its sum with 0x7F - high, or clear in its sum
 * with 0x80 - low. The tail is padded with `low`.
 */
export function allInRange(src: usize, n: i32, low: u32, high: u32): bool {
  const atLeastLow = <u64>(0x80 - low) * EVERY_BYTE;
  const aboveHigh = <u64>(0x7F - high) * EVERY_BYTE;
  let bad: u64 = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) bad |= badBytes(load<u64>(src + <usize>i), atLeastLow, aboveHigh);
  bad |= badBytes(loadTail(src + <usize>i, n - i, low), atLeastLow, aboveHigh);
  return (bad & HIGH_BITS) == 0;
}

/** allInRange()'s test of one word: the top bit of each byte out of range is set (among others). */
// @ts-ignore: decorator
@inline function badBytes(w: u64, atLeastLow: u64, aboveHigh: u64): u64 {
  return w | (w + aboveHigh) | ~(w + atLeastLow);
}
