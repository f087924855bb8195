// TLV codecs for the insides of fields:
// - "tag2" TLV for private fields (48, 62, 63): a tag of 2 ASCII characters,
//   a length of 3 ASCII digits (000..999) counting the value's bytes, then
//   the value. Entries follow each other with nothing between them.
// - BER-TLV (EMV, field 55): tags of 1..3 bytes (a first byte with low five
//   bits all set continues; a following byte with its top bit set continues),
//   lengths in short form (< 0x80) or long form 0x81 xx / 0x82 xx xx.
// All calls work on caller memory, allocate nothing, and check every length
// against the data before reading.
import { ErrorCode, fail } from "../abi";
import { copyBytes } from "./words";

const DIGIT_0: u32 = 0x30;
const PRINTABLE_FIRST: u32 = 0x21; // a tag character is printable and not a space
const PRINTABLE_LAST: u32 = 0x7E;
const TAG2_HEADER: i32 = 5;        // 2 tag characters + 3 length digits
const TAG2_MAX_VALUE: i32 = 999;

let foundLength: i32 = 0;

/** Length of the value the last successful tlvFind() / berFind() located. */
export function tlvFoundLength(): i32 { return foundLength; }

/**
 * A tag2 literal's two characters as the 16-bit little-endian word they make
 * on the wire, or -1 when it is not two printable characters other than space.
 */
function tag2Word(tag: string): i32 {
  if (tag.length != 2) return -1;
  const units = load<u32>(changetype<usize>(tag)); // the two UTF-16 units, the first in the low half
  const first = (units & 0xFFFF) - PRINTABLE_FIRST, second = (units >> 16) - PRINTABLE_FIRST;
  if (first > PRINTABLE_LAST - PRINTABLE_FIRST || second > PRINTABLE_LAST - PRINTABLE_FIRST) return -1;
  return <i32>((units | units >> 8) & 0xFFFF); // both below 0x80: the second unit's byte moves next to the first's
}

/**
 * Appends tag `tag` (a 2-character literal) with the `len` bytes at src to
 * out[at..cap): the new end position, or an ErrorCode.
 */
export function tlvAppend(out: usize, cap: i32, at: i32, tag: string, src: usize, len: i32): i32 {
  const word = tag2Word(tag);
  if (word < 0) return fail(ErrorCode.ISO_TLV_BAD_TAG, 0, at, 2, tag.length);
  if (<u32>len > <u32>TAG2_MAX_VALUE) return fail(ErrorCode.ISO_TLV_BAD_LENGTH, 0, at, TAG2_MAX_VALUE, len);
  if (at < 0 || at > cap || TAG2_HEADER + len > cap - at) return fail(ErrorCode.ISO_TLV_FULL, 0, at, TAG2_HEADER + len, cap - at);
  const p = out + <usize>at;
  store<u16>(p, <u16>word);
  store<u8>(p, <u8>(DIGIT_0 + len / 100), 2);
  store<u8>(p, <u8>(DIGIT_0 + (len / 10) % 10), 3);
  store<u8>(p, <u8>(DIGIT_0 + len % 10), 4);
  copyBytes(p + TAG2_HEADER, src, len);
  return at + TAG2_HEADER + len;
}

/**
 * Finds `tag` in the tag2 TLV data src[0..len): the value's offset from src
 * (its length in tlvFoundLength()), ISO_TLV_NOT_FOUND, or an error for data
 * that is not well-formed up to the tag.
 */
export function tlvFind(src: usize, len: i32, tag: string): i32 {
  foundLength = 0;
  const word = tag2Word(tag);
  if (word < 0) return fail(ErrorCode.ISO_TLV_BAD_TAG, 0, 0, 2, tag.length);
  let at = 0;
  while (at < len) {
    if (TAG2_HEADER > len - at) return fail(ErrorCode.ISO_TLV_BAD_LENGTH, 0, at, TAG2_HEADER, len - at);
    const p = src + <usize>at;
    let n = 0;
    for (let i = 2; i < TAG2_HEADER; i++) {
      const d = <u32>load<u8>(p + <usize>i) - DIGIT_0;
      if (d > 9) return fail(ErrorCode.ISO_TLV_BAD_LENGTH, 0, at + i, DIGIT_0, d + DIGIT_0);
      n = n * 10 + <i32>d;
    }
    if (n > len - at - TAG2_HEADER) return fail(ErrorCode.ISO_TLV_BAD_LENGTH, 0, at, n, len - at - TAG2_HEADER);
    if (<i32>load<u16>(p) == word) {
      foundLength = n;
      return at + TAG2_HEADER;
    }
    at += TAG2_HEADER + n;
  }
  return fail(ErrorCode.ISO_TLV_NOT_FOUND, 0, len, 0, 0);
}

// ---- BER-TLV (EMV field 55) -----------------------------------------------------

let berTagValue: u32 = 0;
let berValueAt: i32 = 0;
let berValueLength: i32 = 0;
let berIsConstructed: bool = false;

/** Tag of the element the last berRead() parsed (e.g. 0x9F26). */
export function berTag(): u32 { return berTagValue; }
/** Offset (from src) of that element's value. */
export function berValueOffset(): i32 { return berValueAt; }
/** Length of that element's value. */
export function berLength(): i32 { return berValueLength; }
/** Whether that element is constructed (its value is itself BER-TLV). */
export function berConstructed(): bool { return berIsConstructed; }

/**
 * Parses the element at src[at..len): the position after it, or an ErrorCode.
 * Results in berTag(), berValueOffset(), berLength(), berConstructed().
 */
export function berRead(src: usize, len: i32, at: i32): i32 {
  if (at < 0 || at >= len) return fail(ErrorCode.ISO_BER_BAD_TAG, 55, at, 1, 0);
  const first = <u32>load<u8>(src + <usize>at);
  let tag = first;
  let p = at + 1;
  if ((first & 0x1F) == 0x1F) {
    // multi-byte tag: continue while the top bit is set, at most 3 bytes in all
    for (;;) {
      if (p >= len) return fail(ErrorCode.ISO_BER_BAD_TAG, 55, p, 1, 0);
      const b = <u32>load<u8>(src + <usize>p);
      tag = (tag << 8) | b;
      p++;
      if ((b & 0x80) == 0) break;
      if (p - at >= 3) return fail(ErrorCode.ISO_BER_BAD_TAG, 55, at, 3, p - at + 1);
    }
  }
  if (p >= len) return fail(ErrorCode.ISO_BER_BAD_LENGTH, 55, p, 1, 0);
  let n = <i32>load<u8>(src + <usize>p);
  p++;
  // the bytes that must follow at p: the value's, or the long form's length bytes
  let need = n;
  if (n >= 0x80) {
    // long form: 0x81 or 0x82, then that many bytes of length, big-endian
    const k = n - 0x80;
    if (<u32>(k - 1) > 1) return fail(ErrorCode.ISO_BER_BAD_LENGTH, 55, p - 1, 0x82, n);
    need = k;
    if (k <= len - p) {
      n = <i32>load<u8>(src + <usize>p);
      if (k == 2) n = (n << 8) | <i32>load<u8>(src + <usize>p, 1);
      p += k;
      need = n;
    }
  }
  if (need > len - p) return fail(ErrorCode.ISO_BER_BAD_LENGTH, 55, p, need, len - p);
  berTagValue = tag;
  berValueAt = p;
  berValueLength = n;
  berIsConstructed = (first & 0x20) != 0;
  return p + n;
}

/**
 * Finds `tag` among the top-level elements of src[0..len): the value's
 * offset (length in tlvFoundLength()), ISO_TLV_NOT_FOUND, or a BER error.
 */
export function berFind(src: usize, len: i32, tag: u32): i32 {
  foundLength = 0;
  let at = 0;
  while (at < len) {
    const next = berRead(src, len, at);
    if (next < 0) return next;
    if (berTagValue == tag) {
      foundLength = berValueLength;
      return berValueAt;
    }
    at = next;
  }
  return fail(ErrorCode.ISO_TLV_NOT_FOUND, 55, len, 0, <i32>tag);
}

/** Bytes a BER tag number takes (1..3). */
function tagBytes(tag: u32): i32 {
  return tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
}

/**
 * Appends the BER element `tag` (e.g. 0x9F26) with the `len` bytes at src to
 * out[at..cap): the new end position, or an ErrorCode.
 */
export function berAppend(out: usize, cap: i32, at: i32, tag: u32, src: usize, len: i32): i32 {
  if (tag == 0 || tag > 0xFFFFFF) return fail(ErrorCode.ISO_BER_BAD_TAG, 55, at, 0xFFFFFF, <i32>tag);
  if (<u32>len > 0xFFFF) return fail(ErrorCode.ISO_BER_BAD_LENGTH, 55, at, 0xFFFF, len);
  const t = tagBytes(tag);
  const l = len < 0x80 ? 1 : len <= 0xFF ? 2 : 3;
  if (at < 0 || at > cap || t + l + len > cap - at) return fail(ErrorCode.ISO_TLV_FULL, 55, at, t + l + len, cap - at);
  let p = out + <usize>at;
  for (let i = t - 1; i >= 0; i--) { store<u8>(p, <u8>(tag >> (<u32>i << 3))); p++; }
  if (l == 1) { store<u8>(p, <u8>len); p++; }
  else if (l == 2) { store<u8>(p, 0x81); store<u8>(p, <u8>len, 1); p += 2; }
  else { store<u8>(p, 0x82); store<u8>(p, <u8>(len >> 8), 1); store<u8>(p, <u8>len, 2); p += 3; }
  for (let i = 0; i < len; i++) store<u8>(p + <usize>i, load<u8>(src + <usize>i));
  return at + t + l + len;
}
