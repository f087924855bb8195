// Byte-level text helpers shared by the checks: UTF-8 decoding and encoding
// without allocation, full-width folding, and collecting the digits of a
// number an operator typed (with the source offset of each, so a failure can
// say where the bad character was).

import { copyBytes } from "../iso8583/words";
import { wipe } from "../crypto/wipe";

// Character codes, named so that the checks read as the standards do.
export const CH_SPACE: i32 = 0x20;
export const CH_PLUS: i32 = 0x2b;
export const CH_DASH: i32 = 0x2d;
export const CH_DOT: i32 = 0x2e;
export const CH_ZERO: i32 = 0x30;
export const CH_NINE: i32 = 0x39;
export const CH_SEMICOLON: i32 = 0x3b;
export const CH_EQUALS: i32 = 0x3d;
export const CH_QUESTION: i32 = 0x3f;
export const CH_UPPER_A: i32 = 0x41;
export const CH_UPPER_X: i32 = 0x58;
export const CH_UPPER_Z: i32 = 0x5a;
export const CH_LOWER_A: i32 = 0x61;
export const CH_LOWER_D: i32 = 0x64;
export const CH_LOWER_F: i32 = 0x66;
export const CH_LOWER_X: i32 = 0x78;
export const CH_LOWER_Z: i32 = 0x7a;
export const CH_STAR: i32 = 0x2a;
export const CH_MIDDLE_DOT: i32 = 0x00b7;       // U+00B7, the separator GB 18030 A1A4 names
export const CH_IDEOGRAPHIC_SPACE: i32 = 0x3000;
export const FULLWIDTH_FIRST: i32 = 0xff01;     // U+FF01..U+FF5E mirror ASCII 0x21..0x7E
export const FULLWIDTH_LAST: i32 = 0xff5e;
export const FULLWIDTH_OFFSET: i32 = 0xfee0;

export function isAsciiDigit(c: i32): bool {
  return <u32>(c - CH_ZERO) <= 9;
}

export function isAsciiLetter(c: i32): bool {
  return <u32>((c | 0x20) - CH_LOWER_A) <= 25;
}

let decodedBytes: i32 = 0;

/** Bytes taken by the last decodeUtf8() (0 when it failed). */
export function lastDecodedBytes(): i32 {
  return decodedBytes;
}

/**
 * The code point starting at src[i] (i < len), or -1 when the bytes there are not
 * well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence). lastDecodedBytes() says how many bytes it took.
 */
export function decodeUtf8(src: usize, len: i32, i: i32): i32 {
  decodedBytes = 0;
  if (i < 0 || i >= len) return -1;
  const b0 = <i32>load<u8>(src + <usize>i);
  if (b0 < 0x80) {
    decodedBytes = 1;
    return b0;
  }
  // Continuation bytes the lead announces: C2-DF one, E0-EF two, F0-F4 three (80-C1 and F5-FF lead nothing).
  const need = <i32>(b0 >= 0xc2) + <i32>(b0 >= 0xe0) + <i32>(b0 >= 0xf0);
  if (need == 0 || b0 > 0xf4 || need > len - i - 1) return -1;
  let cp = b0 & (0x3f >> need); // the bits under the lead's ones
  for (let k = 1; k <= need; k++) {
    const b = <i32>load<u8>(src + <usize>(i + k));
    if ((b & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong three- and four-byte forms (no two-byte one starts at C2 or above), surrogates, past U+10FFFF.
  if (cp < (need == 2 ? 0x800 : 0x10000) && need > 1 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  decodedBytes = need + 1;
  return cp;
}

/** Bytes UTF-8 needs for a code point. */
export function utf8Bytes(cp: i32): i32 {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Writes a code point as UTF-8 at out and returns the bytes written (1-4): the continuation bytes from the last, then the lead. */
export function encodeUtf8(cp: i32, out: usize): i32 {
  const n = utf8Bytes(cp);
  let c = cp;
  for (let k = n - 1; k > 0; k--) {
    store<u8>(out + <usize>k, <u8>(0x80 | (c & 0x3f)));
    c >>= 6;
  }
  store<u8>(out, <u8>(n > 1 ? (0xff00 >> n) | c : c)); // n ones over the top bits (none for ASCII)
  return n;
}

/** Full-width ASCII forms (U+FF01..FF5E) and the ideographic space, folded to ASCII as NFKC does. */
export function foldWidth(cp: i32): i32 {
  if (cp >= FULLWIDTH_FIRST && cp <= FULLWIDTH_LAST) return cp - FULLWIDTH_OFFSET;
  if (cp == CH_IDEOGRAPHIC_SPACE) return CH_SPACE;
  return cp;
}

/** Where byte c first occurs in the n bytes at p; n when it does not (nor when n <= 0: then n). */
export function byteIndex(p: usize, n: i32, c: i32): i32 {
  let k = 0;
  while (k < n && <i32>load<u8>(p + <usize>k) != c) k++;
  return k;
}

// ---- collecting the digits of a typed number -------------------------------

/** Longest run of digits kept; anything longer is counted but not stored. */
export const COLLECT_CAPACITY: i32 = 48;

/** Options for collectDigits(). */
export const enum Collect {
  DIGITS = 0,
  /** x, X and full-width Ｘ/ｘ collected as 'X' (ID numbers). */
  ALLOW_X = 1,
  /** Dashes skipped like spaces (phone numbers). */
  SKIP_DASH = 2,
  /** One + allowed before the first digit (phone numbers); see collectedPlus(). */
  ALLOW_PLUS = 4,
  /** Latin letters a-z / A-Z (full-width too) collected upper-cased (the 2017 foreign permanent residence ID). */
  ALLOW_LETTERS = 8,
}

@lazy const DIGITS: usize = memory.data(COLLECT_CAPACITY);
@lazy const OFFSETS: usize = memory.data(COLLECT_CAPACITY * 2);
let badOffset: i32 = 0;
let plusSeen: bool = false;

/**
 * Reads src as UTF-8, skipping spaces (ASCII and ideographic), folding full-width
 * digits, and collects the digits (at most COLLECT_CAPACITY are stored). Returns
 * how many digits there were, or -1 with collectBadOffset() set at the first
 * character that is not allowed.
 */
export function collectDigits(src: usize, len: i32, options: i32): i32 {
  badOffset = 0;
  plusSeen = false;
  let n = 0;
  let i = 0;
  while (i < len) {
    const raw = decodeUtf8(src, len, i);
    if (raw < 0) {
      badOffset = i;
      return -1;
    }
    const cp = foldWidth(raw);
    const at = i;
    i += lastDecodedBytes();
    if (cp == CH_SPACE) continue;
    if (cp == CH_DASH && (options & Collect.SKIP_DASH) != 0) continue;
    if (cp == CH_PLUS && (options & Collect.ALLOW_PLUS) != 0 && n == 0 && !plusSeen) {
      plusSeen = true;
      continue;
    }
    let c = cp;
    if ((c == CH_UPPER_X || c == CH_LOWER_X) && (options & Collect.ALLOW_X) != 0) c = CH_UPPER_X;
    else if (isAsciiLetter(c) && (options & Collect.ALLOW_LETTERS) != 0) c = c & ~0x20;
    else if (!isAsciiDigit(c)) {
      badOffset = at;
      return -1;
    }
    if (n < COLLECT_CAPACITY) {
      store<u8>(DIGITS + <usize>n, <u8>c);
      store<u16>(OFFSETS + <usize>(n << 1), <u16>at);
    }
    n++;
  }
  return n;
}

/** Where collectDigits() found a character it does not allow. */
export function collectBadOffset(): i32 {
  return badOffset;
}

/** Whether collectDigits() skipped a leading +. */
export function collectedPlus(): bool {
  return plusSeen;
}

/** The k-th collected digit (ASCII), or 0 outside what was stored. */
export function collectedAt(k: i32): i32 {
  if (<u32>k >= <u32>COLLECT_CAPACITY) return 0;
  return <i32>load<u8>(DIGITS + <usize>k);
}

/** Source offset of the k-th collected digit (clamped to the last stored one). */
export function collectedOffset(k: i32): i32 {
  if (k < 0) k = 0;
  if (k >= COLLECT_CAPACITY) k = COLLECT_CAPACITY - 1;
  return <i32>load<u16>(OFFSETS + <usize>(k << 1));
}

/** The stored digits, for whole-number algorithms (Luhn). */
export function collectedDigits(): usize {
  return DIGITS;
}

/** Zeroes the collected digits and their offsets (wipeChecks(), R10). */
export function wipeCollected(): void {
  wipe(DIGITS, COLLECT_CAPACITY);
  wipe(OFFSETS, COLLECT_CAPACITY * 2);
  badOffset = 0;
  plusSeen = false;
}

/** True when wipeCollected() has nothing left to zero. */
export function collectedIsZero(): bool {
  for (let k = 0; k < COLLECT_CAPACITY; k++) if (load<u8>(DIGITS + <usize>k) != 0) return false;
  for (let k = 0; k < COLLECT_CAPACITY * 2; k++) if (load<u8>(OFFSETS + <usize>k) != 0) return false;
  return badOffset == 0 && !plusSeen;
}

/** Copies collected digits from..from+count to out (count clamped to what was stored); returns the count copied. */
export function copyCollected(from: i32, count: i32, out: usize): i32 {
  const k = max(0, min(count, COLLECT_CAPACITY - from));
  copyBytes(out, DIGITS + <usize>from, k);
  return k;
}
