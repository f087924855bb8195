// pack(field set) -> message bytes and unpack(message bytes) -> field set, for
// any dialect described in ./spec.ts. Both work in caller-given or static
// memory and never allocate; every length is checked against its bound before
// a byte is read or written, so no input can make them trap.
import { ErrorCode, fail } from "../abi";
import { toEbcdic, fromEbcdic, TO_EBCDIC, FROM_EBCDIC } from "./ebcdic";
import { FieldSet, FIELD_TPDU, FIELD_HEADER, FIELD_BITMAP } from "./fieldset";
import { copyBytes, allInRange } from "./words";
import {
  dialectFlags, dialectTable, dialectRows, cupDialectTable, CUP_ROWS, CUP_FLAGS, MAX_FIELD,
  FIXED, LEN_ASCII, LEN_BCD, LEN_BINARY, LEN_EBCDIC,
  N, AN, ANS, Z, DATA_BCD, DATA_BINARY, DATA_HEX, DATA_ASCII, DATA_EBCDIC,
  ALIGN_RIGHT, COUNT_BYTES, PAD_F,
  MTI_BCD, BITMAP_HEX, SECONDARY, TERTIARY, FRAME_CUP, TEXT_ASCII,
} from "./spec";

// Character codes.
const DIGIT_0: u8 = 0x30;
const DIGIT_9: u8 = 0x39;
/**
 * Highest character of the 4-bit track code (ISO/IEC 7811-2, the z class of
 * ISO 8583): 0-9 : ; < = > ? are nibbles 0-F written as 0x30 + nibble, so '='
 * (the field separator) is nibble D and an encrypted track's any nibble has a character.
 */
const TRACK_CODE_LAST: u32 = 0x3F;
const SPACE: u8 = 0x20;
const TILDE: u8 = 0x7E;
/** Highest 7-bit ASCII code: the limit of text fields in TEXT_ASCII dialects. */
const ASCII_MAX: u32 = 0x7F;
/** Highest byte: ans fields of other dialects carry any byte (GBK text in cup). */
const BYTE_MAX: u32 = 0xFF;
const UPPER_A: u8 = 0x41;
const UPPER_F: u8 = 0x46;
const LOWER_A: u8 = 0x61;
const LOWER_F: u8 = 0x66;
const EBCDIC_DIGIT_0: u8 = 0xF0;
/** First byte of a cup TPDU ("transport protocol data unit" ID). */
const TPDU_ID: u8 = 0x60;
const TPDU_LENGTH: i32 = 5;
const HEADER_LENGTH: i32 = 6;
/**
 * Largest cup frame (length prefix excluded) this core packs or unpacks: the
 * 2-byte prefix could say 65535, but no POS message comes near 0x6000, so a
 * frame starting with the TPDU id 0x60 is one sent without its prefix.
 */
export const CUP_MAX_FRAME: i32 = 0x5FFF;
const BITMAP_BYTES: i32 = 8;
/** The field number errors name when the message as a whole is wrong (frame length, trailing bytes). */
export const FIELD_FRAME: i32 = -1;

/** Hex digits for DATA_HEX fields and hex bitmaps. */
@lazy const HEX = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46,
]);

/** Scratch: primary, secondary and tertiary bitmap being read (message bytes). */
@lazy const BITMAPS: usize = memory.data(3 * BITMAP_BYTES, 8);
/**
 * Scratch: the fields of the three bitmaps as words, bit i of word k for
 * field 64k + 1 + i (the bitmaps' bytes with each byte's bits reversed).
 */
@lazy const FIELD_WORDS: usize = memory.data(3 * 8, 8);

// Where a MAC goes, from the last pack() or unpack().
let macStart: i32 = 0;
let macEnd: i32 = 0;

/** Offset of the first byte a MAC covers (the MTI) in the last packed/unpacked message. */
export function macRegionOffset(): i32 { return macStart; }
/** Bytes a MAC covers: from the MTI up to (not including) the value of field 64 (or 128). */
export function macRegionLength(): i32 { return macEnd - macStart; }
/** Forgets the region, for a call that fails before it packs or unpacks anything. */
export function clearMacRegion(): void { macStart = 0; macEnd = 0; }

// ---- row fields --------------------------------------------------------------

/** The row of field f in a table of `rows` rows; 0 (undefined) outside it. */
// @ts-ignore: decorator
@inline function rowAt(table: usize, rows: i32, f: i32): u64 {
  return <u32>f < <u32>rows ? load<u64>(table + (<usize>f << 3)) : 0;
}

// @ts-ignore: decorator
@inline function rowLenType(row: u64): i32 { return <i32>(row & 7); }
// @ts-ignore: decorator
@inline function rowLenEnc(row: u64): u16 { return <u16>(row & 0x30); }
// @ts-ignore: decorator
@inline function rowClass(row: u64): u16 { return <u16>((row >> 16) & 0xF); }
// @ts-ignore: decorator
@inline function rowDataEnc(row: u64): u16 { return <u16>((row >> 16) & 0xF0); }
// @ts-ignore: decorator
@inline function rowMax(row: u64): i32 { return <i32>((row >> 32) & 0xFFFF); }
// @ts-ignore: decorator
@inline function rowFlags(row: u64): u16 { return <u16>(row >> 48); }

/**
 * `all`, in the helpers below: the rows may use every encoding and flag of
 * ./spec.ts (pack() and unpack()); false for packCup()/unpackCup(), whose rows
 * use only BCD length prefixes, BCD, ASCII and binary values and ALIGN_RIGHT,
 * with no maximum beyond what the prefix can say (tests/assembly/iso8583-cup.spec.ts
 * checks the tables say so). A constant at every call, so the terminal's module
 * carries no code for the other encodings, nor the checks cup's rows cannot fail.
 */

/** Bytes of the length prefix. */
function prefixBytes(row: u64, all: bool): i32 {
  const type = rowLenType(row);
  if (type == FIXED) return 0;
  const enc = rowLenEnc(row);
  if (!all || enc == LEN_BCD) return (type + 1) >> 1;
  if (enc == LEN_BINARY) return type <= 2 ? 1 : 2;
  return type; // ASCII or EBCDIC digits
}

/** Largest number the prefix can carry. */
function prefixLimit(row: u64): i32 {
  const type = rowLenType(row);
  if (rowLenEnc(row) == LEN_BINARY) return type <= 2 ? 0xFF : 0xFFFF;
  return type == 2 ? 99 : type == 3 ? 999 : 9999;
}

/** Bytes on the wire for a value of `len` units. */
function wireBytes(row: u64, len: i32, all: bool): i32 {
  const enc = rowDataEnc(row);
  if (enc == DATA_BCD) return (len + 1) >> 1;
  if (all && enc == DATA_HEX) return len << 1;
  return len;
}

/** The number a length prefix carries for a value of `len` units. */
function prefixCount(row: u64, len: i32, all: bool): i32 {
  if (!all) return len;
  const enc = rowDataEnc(row);
  if (enc == DATA_BCD) return rowFlags(row) & COUNT_BYTES ? (len + 1) >> 1 : len;
  if (enc == DATA_HEX) return len << 1;
  return len;
}

/** Value units for a prefix count, or -1 when no value has that count. */
function valueLength(row: u64, count: i32, all: bool): i32 {
  if (!all) return count;
  const enc = rowDataEnc(row);
  if (enc == DATA_BCD) return rowFlags(row) & COUNT_BYTES ? count << 1 : count;
  if (enc == DATA_HEX) return count & 1 ? -1 : count >> 1;
  return count;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - DIGIT_0 <= <u32>(DIGIT_9 - DIGIT_0); }

/** Hex digit value, or -1. */
function hexValue(c: u32): i32 {
  if (isDigit(c)) return <i32>(c - DIGIT_0);
  if (c - UPPER_A <= <u32>(UPPER_F - UPPER_A)) return <i32>(c - UPPER_A + 10);
  if (c - LOWER_A <= <u32>(LOWER_F - LOWER_A)) return <i32>(c - LOWER_A + 10);
  return -1;
}

/** Writes the n bytes at src as 2n uppercase hex characters at dst. */
function writeHex(dst: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const b = <usize>load<u8>(src + <usize>i);
    store<u8>(dst + (<usize>i << 1), load<u8>(HEX + (b >> 4)));
    store<u8>(dst + (<usize>i << 1) + 1, load<u8>(HEX + (b & 0xF)));
  }
}

/** Reads 2n hex characters at src into n bytes at dst: -1, or the index of the first bad character. */
function readHex(dst: usize, src: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    const hi = hexValue(load<u8>(src + (<usize>i << 1)));
    const lo = hexValue(load<u8>(src + (<usize>i << 1) + 1));
    if (hi < 0) return i << 1;
    if (lo < 0) return (i << 1) + 1;
    store<u8>(dst + <usize>i, <u8>((hi << 4) | lo));
  }
  return -1;
}

/** The highest byte an ans value may hold in a dialect with these flags. */
// @ts-ignore: decorator
@inline function textLimit(dialectFlags: i32): u32 { return dialectFlags & TEXT_ASCII ? ASCII_MAX : BYTE_MAX; }

/**
 * Checks a value's characters against its class: 0 or an ErrorCode naming the
 * field. `limit` is the highest byte an ans value may hold (textLimit()).
 * With `all` (pack(), unpack(): the tools', the benchmarks' and any dialect's
 * path) eight bytes at a time (allInRange), and only a value that fails goes
 * through the byte loop, which names the first bad byte; the cup-only path
 * takes the byte loop alone (a cup message checks a few dozen characters, and
 * the terminal's module then holds no allInRange).
 */
function checkContent(cls: u16, field: i32, src: usize, len: i32, offset: i32, limit: u32, all: bool): i32 {
  // each class's range, and what its error says was expected (the range's low or high end)
  let low: u32 = DIGIT_0, high: u32 = DIGIT_9, expected: u32 = DIGIT_0;
  let code = ErrorCode.ISO_BAD_CHARACTER;
  if (cls == N) code = ErrorCode.ISO_NOT_DIGIT;
  else if (cls == Z) high = expected = TRACK_CODE_LAST;
  else if (cls == AN) { low = expected = SPACE; high = TILDE; }
  else if (cls == ANS && limit < BYTE_MAX) { low = 0; high = expected = limit; }
  else return 0; // b and 8-bit ans take any byte
  if (all && allInRange(src, len, low, high)) return 0;
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u8>(src + <usize>i);
    if (c - low > high - low) return fail(code, field, offset, expected, c);
  }
  return 0;
}

/** The MTI as a row: a fixed field of 4 digits, 2 BCD bytes or 4 ASCII digits by the dialect's flags. */
// @ts-ignore: decorator
@inline function mtiRow(flags: i32): u64 {
  return <u64>(N | (flags & MTI_BCD ? DATA_BCD : DATA_ASCII)) << 16 | <u64>4 << 32;
}

// ---- pack ----------------------------------------------------------------------

/** Writes `count` as the row's length prefix at out+at; returns bytes written. */
function writePrefix(row: u64, count: i32, out: usize, at: i32, all: bool): i32 {
  const n = prefixBytes(row, all);
  const enc = rowLenEnc(row);
  const p = out + <usize>at;
  if (all && enc == LEN_BINARY) {
    if (n == 1) store<u8>(p, <u8>count);
    else { store<u8>(p, <u8>(count >> 8)); store<u8>(p, <u8>count, 1); }
  } else if (!all || enc == LEN_BCD) {
    // n bytes of BCD, right-aligned: LL -> 1 byte, LLL/LLLL -> 2 bytes
    let v = count;
    for (let i = n - 1; i >= 0; i--) {
      const lo = v % 10; v /= 10;
      const hi = v % 10; v /= 10;
      store<u8>(p + <usize>i, <u8>((hi << 4) | lo));
    }
  } else {
    const zero = enc == LEN_EBCDIC ? EBCDIC_DIGIT_0 : DIGIT_0;
    let v = count;
    for (let i = n - 1; i >= 0; i--) {
      store<u8>(p + <usize>i, <u8>(zero + v % 10));
      v /= 10;
    }
  }
  return n;
}

/** Packs one field at out+at; returns the new end or an ErrorCode. `ebcdic`: see packRows(). */
function packField(row: u64, field: i32, src: usize, len: i32, out: usize, at: i32, cap: i32, limit: u32, ebcdic: usize): i32 {
  const all = ebcdic != 0;
  const cls = rowClass(row);
  if (cls == 0) return fail(ErrorCode.ISO_FIELD_NOT_DEFINED, field, at, 0, field);
  const max = rowMax(row);
  const type = rowLenType(row);
  // a fixed field has exactly its maximum, any other at most
  if (type == FIXED ? len != max : len > max) return fail(type == FIXED ? ErrorCode.ISO_BAD_LENGTH : ErrorCode.ISO_LENGTH_OVER_MAX, field, at, max, len);
  const enc = rowDataEnc(row);
  const err = checkContent(cls, field, src, len, at, limit, all);
  if (err) return err;
  const count = prefixCount(row, len, all);
  if (all && type != FIXED && count > prefixLimit(row)) return fail(ErrorCode.ISO_LENGTH_OVER_MAX, field, at, prefixLimit(row), count);
  const need = prefixBytes(row, all) + wireBytes(row, len, all);
  if (need > cap - at) return fail(ErrorCode.ISO_OUTPUT_FULL, field, at, need, cap - at);
  if (type != FIXED) at += writePrefix(row, count, out, at, all);
  const p = out + <usize>at;
  if (enc == DATA_BCD) {
    packBcd(p, src, len, all ? rowFlags(row) : rowFlags(row) & ALIGN_RIGHT);
  } else if (all && enc == DATA_HEX) {
    writeHex(p, src, len);
  } else if (!all || enc == DATA_BINARY || enc == DATA_ASCII) {
    copyBytes(p, src, len);
  } else if (all && enc == DATA_EBCDIC) {
    for (let i = 0; i < len; i++) {
      const e = toEbcdic(ebcdic, load<u8>(src + <usize>i));
      if (e < 0) return fail(ErrorCode.ISO_BAD_CHARACTER, field, at + i, 0x20, load<u8>(src + <usize>i));
      store<u8>(p + <usize>i, <u8>e);
    }
  } else {
    return fail(ErrorCode.ISO_BAD_DIALECT, field, at, 0, enc);
  }
  return at + wireBytes(row, len, all);
}

/** Digits (and '=') at src -> BCD at dst; an odd count gets one pad nibble. */
function packBcd(dst: usize, src: usize, len: i32, flags: u16): void {
  const pad = <u32>(flags >> 4) & 0xF;
  const lead = (len & 1) != 0 && (flags & ALIGN_RIGHT) != 0 ? 1 : 0;
  const nibbles = len + (len & 1);
  for (let k = 0; k < nibbles; k += 2) {
    const hi = nibbleAt(src, len, k - lead, pad);
    const lo = nibbleAt(src, len, k + 1 - lead, pad);
    store<u8>(dst + <usize>(k >> 1), <u8>((hi << 4) | lo));
  }
}

// @ts-ignore: decorator
@inline function nibbleAt(src: usize, len: i32, i: i32, pad: u32): u32 {
  if (<u32>i >= <u32>len) return pad;
  return <u32>load<u8>(src + <usize>i) - DIGIT_0; // a digit, or a track character (checked: 0x30..0x3F)
}

/**
 * A bitmap's 8 bytes (field 8j + k + 1 at bit 7 - k of byte j) read as a
 * little-endian word, with the bits of each byte reversed: field 8j + k + 1 at
 * bit 8j + k. Its own inverse.
 */
function reverseBitsInBytes(x: u64): u64 {
  // swap neighbouring bits, then pairs, then nibbles; the masks 0x55.., 0x33.., 0x0F..
  // are all-ones / 3, / 5, / 17, computed rather than spelled (three 8-byte constants)
  for (let s: u64 = 1; s < 8; s <<= 1) {
    const m = <u64>-1 / ((<u64>1 << s) + 1);
    x = ((x >> s) & m) | ((x & m) << s);
  }
  return x;
}

/** The field of the lowest set bit of FIELD_WORDS word k. */
// @ts-ignore: decorator
@inline function fieldOf(k: i32, bits: u64): i32 {
  return (k << 6) + <i32>ctz(bits) + 1;
}

/** Writes the bitmap of a field word (raw or as 16 hex characters); returns the new end or an ErrorCode. */
function writeBitmap(fieldWord: u64, hex: bool, field: i32, out: usize, at: i32, cap: i32): i32 {
  const need = hex ? BITMAP_BYTES << 1 : BITMAP_BYTES;
  if (need > cap - at) return fail(ErrorCode.ISO_OUTPUT_FULL, field, at, need, cap - at);
  const p = out + <usize>at;
  store<u64>(BITMAPS, reverseBitsInBytes(fieldWord));
  if (hex) writeHex(p, BITMAPS, BITMAP_BYTES);
  else store<u64>(p, load<u64>(BITMAPS));
  return at + need;
}

/**
 * Packs `fields` as a `dialect` message into out[0..cap): bytes written, or a
 * negative ErrorCode with the field and offset recorded. Bitmaps are computed
 * from the fields present; for cup the result is the whole frame (2-byte
 * big-endian length of what follows, TPDU, header, MTI, bitmap, fields).
 */
export function pack(dialect: i32, fields: FieldSet, out: usize, cap: i32): i32 {
  return packRows(dialect, dialectTable(dialect), dialectRows(dialect), dialectFlags(dialect), TO_EBCDIC, fields, out, cap);
}

/** pack() for the cup dialects only (the terminal's): no other dialect's rows come into the module. */
export function packCup(dialect: i32, fields: FieldSet, out: usize, cap: i32): i32 {
  return packRows(dialect, cupDialectTable(dialect), CUP_ROWS, CUP_FLAGS, 0, fields, out, cap);
}

/**
 * pack() by the dialect's rows (0: no such dialect), row count and flags.
 * `ebcdic`: the EBCDIC table (TO_EBCDIC) for rows that may use every encoding,
 * or 0 for cup's rows (`all` false, see prefixBytes()), which leaves the tables
 * and the code of the other encodings out of a module that speaks only cup.
 */
function packRows(dialect: i32, table: usize, rows: i32, flags: i32, ebcdic: usize, fields: FieldSet, out: usize, cap: i32): i32 {
  const all = ebcdic != 0;
  clearMacRegion();
  if (table == 0) return fail(ErrorCode.ISO_BAD_DIALECT, 0, 0, 0, dialect);
  if (cap < 0) cap = 0;
  let at = 0;
  if (flags & FRAME_CUP) {
    if (2 + TPDU_LENGTH + HEADER_LENGTH > cap) return fail(ErrorCode.ISO_OUTPUT_FULL, FIELD_TPDU, 0, 2 + TPDU_LENGTH + HEADER_LENGTH, cap);
    const tpduLength = fields.length(FIELD_TPDU), headerLength = fields.length(FIELD_HEADER);
    if (tpduLength != TPDU_LENGTH) return fail(ErrorCode.ISO_MISSING_FRAME_HEADER, FIELD_TPDU, 2, TPDU_LENGTH, tpduLength);
    if (headerLength != HEADER_LENGTH) return fail(ErrorCode.ISO_MISSING_FRAME_HEADER, FIELD_HEADER, 2 + TPDU_LENGTH, HEADER_LENGTH, headerLength);
    const tpdu = fields.valueAt(FIELD_TPDU);
    if (load<u8>(tpdu) != TPDU_ID) return fail(ErrorCode.ISO_BAD_TPDU, FIELD_TPDU, 2, TPDU_ID, load<u8>(tpdu));
    copyBytes(out + 2, tpdu, TPDU_LENGTH);
    copyBytes(out + 2 + TPDU_LENGTH, fields.valueAt(FIELD_HEADER), HEADER_LENGTH);
    at = 2 + TPDU_LENGTH + HEADER_LENGTH;
  }

  const mtiLength = fields.length(0);
  if (mtiLength != 4) return fail(ErrorCode.ISO_MISSING_MTI, 0, at, 4, mtiLength);
  const mtiAt = at;
  at = packField(mtiRow(flags), 0, fields.valueAt(0), 4, out, at, cap, BYTE_MAX, ebcdic);
  if (at < 0) return at;
  macStart = mtiAt;

  // The fields to pack, from the set's presence words: fields 64k + 1 .. 64k + 64
  // in word k, without the bitmap fields pack computes (1, and 65 for tertiary).
  // A field the dialect does not define has no row: packField() refuses it.
  if (!(flags & TERTIARY) && rows > 129) rows = 129;
  if (!(flags & SECONDARY) && rows > 65) rows = 65;
  const p1 = fields.presentWord(1), p2 = fields.presentWord(2);
  const low = ((fields.presentWord(0) >> 1) | (p1 << 63)) & ~(<u64>1);
  let middle = (p1 >> 1) | (p2 << 63);
  if (flags & TERTIARY) middle &= ~(<u64>1);
  const high = (p2 >> 1) | (fields.presentWord(3) << 63);
  store<u64>(FIELD_WORDS, low);
  store<u64>(FIELD_WORDS, middle, 8);
  store<u64>(FIELD_WORDS, high, 16);

  // bitmaps: field 1 announces 65..128, field 65 (tertiary dialects) 129..192; without
  // a secondary bitmap, fields above 64 get none (the loop below refuses them)
  const secondary = flags & SECONDARY ? middle | <u64>((flags & TERTIARY) != 0 && high != 0) : 0;
  const hex = (flags & BITMAP_HEX) != 0;
  at = writeBitmap(low | <u64>(secondary != 0), hex, 1, out, at, cap);
  if (at < 0) return at;
  if (secondary != 0) {
    at = writeBitmap(secondary, hex, 1, out, at, cap);
    if (at < 0) return at;
    if ((flags & TERTIARY) && high != 0) {
      at = writeBitmap(high, hex, 65, out, at, cap);
      if (at < 0) return at;
    }
  }

  // fields in order; loops over the set bits run once per field present, not once per number.
  // The MAC is field 64, or 128 in a table with a row for it (else packField() refuses it).
  macEnd = -1;
  for (let k = 0; k < 3; k++) {
    for (let bits = load<u64>(FIELD_WORDS + (<usize>k << 3)); bits != 0; bits &= bits - 1) {
      const f = fieldOf(k, bits);
      const row = rowAt(table, rows, f);
      if (f == 64 || (rows > 128 && f == 128)) macEnd = at + prefixBytes(row, all);
      at = packField(row, f, fields.valueAt(f), fields.lengthAt(f), out, at, cap, textLimit(flags), ebcdic);
      if (at < 0) { macEnd = macStart; return at; }
    }
  }
  if (macEnd < 0) macEnd = at;

  if (flags & FRAME_CUP) {
    const body = at - 2;
    if (body > CUP_MAX_FRAME) return fail(ErrorCode.ISO_OUTPUT_FULL, FIELD_FRAME, at, CUP_MAX_FRAME, body);
    store<u8>(out, <u8>(body >> 8));
    store<u8>(out, <u8>body, 1);
  }
  return at;
}

// ---- unpack --------------------------------------------------------------------

/** Reads the row's length prefix at src+at: the count, or an ErrorCode. */
function readPrefix(row: u64, field: i32, src: usize, at: i32, len: i32, all: bool): i32 {
  const n = prefixBytes(row, all);
  if (n > len - at) return fail(ErrorCode.ISO_TRUNCATED, field, at, n, len - at);
  const enc = rowLenEnc(row);
  const p = src + <usize>at;
  let v = 0;
  if (all && enc == LEN_BINARY) {
    v = n == 1 ? <i32>load<u8>(p) : (<i32>load<u8>(p) << 8) | <i32>load<u8>(p, 1);
  } else if (!all || enc == LEN_BCD) {
    for (let i = 0; i < n; i++) {
      const b = <i32>load<u8>(p + <usize>i);
      const hi = b >> 4, lo = b & 0xF;
      if (hi > 9 || lo > 9) return fail(ErrorCode.ISO_BAD_BCD, field, at + i, 9, b);
      v = v * 100 + hi * 10 + lo;
    }
  } else {
    const zero = enc == LEN_EBCDIC ? EBCDIC_DIGIT_0 : DIGIT_0;
    for (let i = 0; i < n; i++) {
      const c = <u32>load<u8>(p + <usize>i);
      if (c - zero > 9) return fail(ErrorCode.ISO_NOT_DIGIT, field, at + i, zero, c);
      v = v * 10 + <i32>(c - zero);
    }
  }
  return v;
}

/** Unpacks one field at src+at into `fields`; returns the new position or an ErrorCode. `ebcdic`: FROM_EBCDIC or 0, as for packRows(). */
function unpackField(row: u64, field: i32, src: usize, at: i32, len: i32, fields: FieldSet, limit: u32, ebcdic: usize): i32 {
  const all = ebcdic != 0;
  const cls = rowClass(row);
  if (cls == 0) return fail(ErrorCode.ISO_FIELD_NOT_DEFINED, field, at, 0, field);
  const max = rowMax(row);
  const type = rowLenType(row);
  const flags = all ? rowFlags(row) : rowFlags(row) & ALIGN_RIGHT;
  let value = max;
  const start = at;
  if (type != FIXED) {
    const count = readPrefix(row, field, src, at, len, all);
    if (count < 0) return count;
    value = valueLength(row, count, all);
    if (all && value < 0) return fail(ErrorCode.ISO_BAD_LENGTH, field, at, 0, count);
    const prefixAt = at;
    at += prefixBytes(row, all);
    if (all && (flags & COUNT_BYTES) && (flags & PAD_F) == PAD_F && rowDataEnc(row) == DATA_BCD && value > 0 && count <= len - at) {
      // a prefix counting bytes cannot say the digit count is odd; an F pad nibble does
      const edge = flags & ALIGN_RIGHT ? <u32>load<u8>(src + <usize>at) >> 4 : <u32>load<u8>(src + <usize>(at + count - 1)) & 0xF;
      if (edge == 0xF) value--;
    }
    if (value > max) return fail(ErrorCode.ISO_LENGTH_OVER_MAX, field, prefixAt, max, value);
  }
  const bytes = wireBytes(row, value, all);
  if (bytes > len - at) return fail(ErrorCode.ISO_TRUNCATED, field, at, bytes, len - at);
  const dst = fields.reserve(field, value);
  if (dst == 0) return ErrorCode.ISO_FIELDSET_FULL;
  const p = src + <usize>at;
  const enc = rowDataEnc(row);
  if (enc == DATA_BCD) {
    const err = unpackBcd(dst, p, value, flags, cls == Z, field, at);
    if (err) return err;
  } else if (all && enc == DATA_HEX) {
    const bad = readHex(dst, p, value);
    if (bad >= 0) return fail(ErrorCode.ISO_BAD_CHARACTER, field, at + bad, 0, load<u8>(p + <usize>bad));
  } else if (!all || enc == DATA_BINARY || enc == DATA_ASCII) {
    copyBytes(dst, p, value);
    const err = checkContent(cls, field, dst, value, start, limit, all);
    if (err) return err;
  } else if (all && enc == DATA_EBCDIC) {
    for (let i = 0; i < value; i++) {
      const c = fromEbcdic(ebcdic, load<u8>(p + <usize>i));
      if (c < 0) return fail(ErrorCode.ISO_BAD_CHARACTER, field, at + i, 0x40, load<u8>(p + <usize>i));
      store<u8>(dst + <usize>i, <u8>c);
    }
    const err = checkContent(cls, field, dst, value, start, BYTE_MAX, true);
    if (err) return err;
  } else {
    return fail(ErrorCode.ISO_BAD_DIALECT, field, at, 0, enc);
  }
  return at + bytes;
}

/** BCD at src -> `len` digits (track data: 0x30 + every nibble) at dst: 0 or an ErrorCode. */
function unpackBcd(dst: usize, src: usize, len: i32, flags: u16, track: bool, field: i32, at: i32): i32 {
  const pad = <u32>(flags >> 4) & 0xF;
  const lead = (len & 1) != 0 && (flags & ALIGN_RIGHT) != 0 ? 1 : 0;
  const nibbles = len + (len & 1);
  for (let k = 0; k < nibbles; k++) {
    const b = <u32>load<u8>(src + <usize>(k >> 1));
    const nib = k & 1 ? b & 0xF : b >> 4;
    const i = k - lead;
    // a pad nibble must be the pad, a digit 0-9 (any nibble in track data)
    const padding = <u32>i >= <u32>len;
    if (padding ? nib != pad : nib > 9 && !track) return fail(ErrorCode.ISO_BAD_BCD, field, at + (k >> 1), padding ? pad : 9, nib);
    if (!padding) store<u8>(dst + <usize>i, <u8>(DIGIT_0 + nib));
  }
  return 0;
}

/** Reads an 8-byte bitmap (raw or 16 hex characters) into map; returns the new position or an ErrorCode. */
function readBitmap(map: usize, hex: bool, field: i32, src: usize, at: i32, len: i32): i32 {
  const need = hex ? BITMAP_BYTES << 1 : BITMAP_BYTES;
  if (need > len - at) return fail(ErrorCode.ISO_TRUNCATED, field, at, need, len - at);
  const p = src + <usize>at;
  if (hex) {
    const bad = readHex(map, p, BITMAP_BYTES);
    if (bad >= 0) return fail(ErrorCode.ISO_BAD_CHARACTER, field, at + bad, 0, load<u8>(p + <usize>bad));
  } else {
    store<u64>(map, load<u64>(p));
  }
  return at + need;
}

/**
 * Unpacks the `dialect` message src[0..len) into `fields` (cleared first):
 * 0, or a negative ErrorCode with the field and offset recorded. For cup,
 * src is the whole frame: the 2-byte length (which must match), TPDU, header
 * and message, or the same without the length when src starts with the TPDU
 * id 0x60 (macRegionOffset() is then 11, not 13).
 * Fills FIELD_BITMAP with the primary bitmap and field 1 with the secondary.
 */
export function unpack(dialect: i32, src: usize, len: i32, fields: FieldSet): i32 {
  return unpackRows(dialect, dialectTable(dialect), dialectRows(dialect), dialectFlags(dialect), FROM_EBCDIC, src, len, fields);
}

/** unpack() for the cup dialects only (the terminal's): no other dialect's rows come into the module. */
export function unpackCup(dialect: i32, src: usize, len: i32, fields: FieldSet): i32 {
  return unpackRows(dialect, cupDialectTable(dialect), CUP_ROWS, CUP_FLAGS, 0, src, len, fields);
}

/** unpack() by the dialect's rows (0: no such dialect), row count and flags; `ebcdic`: FROM_EBCDIC or 0, as for packRows(). */
function unpackRows(dialect: i32, table: usize, rows: i32, flags: i32, ebcdic: usize, src: usize, len: i32, fields: FieldSet): i32 {
  const all = ebcdic != 0;
  clearMacRegion();
  fields.clear();
  if (table == 0) return fail(ErrorCode.ISO_BAD_DIALECT, 0, 0, 0, dialect);
  if (len < 0) len = 0;
  let at = 0;
  if (flags & FRAME_CUP) {
    if (len < 2) return fail(ErrorCode.ISO_TRUNCATED, FIELD_FRAME, 0, 2, len);
    // Captured frames are published both with and without the 2-byte length.
    // One that starts with the TPDU id has none: a length whose first byte is
    // 0x60 would announce at least 0x6000 bytes, far beyond CUP_MAX_FRAME.
    if (load<u8>(src) != TPDU_ID) {
      const declared = (<i32>load<u8>(src) << 8) | <i32>load<u8>(src, 1);
      const short = declared > len - 2;
      if (declared != len - 2) return fail(short ? ErrorCode.ISO_TRUNCATED : ErrorCode.ISO_TRAILING_BYTES, FIELD_FRAME, short ? 0 : 2 + declared, declared, len - 2);
      at = 2;
    }
    if (TPDU_LENGTH + HEADER_LENGTH > len - at) return fail(ErrorCode.ISO_TRUNCATED, FIELD_TPDU, at, TPDU_LENGTH + HEADER_LENGTH, len - at);
    if (load<u8>(src + <usize>at) != TPDU_ID) return fail(ErrorCode.ISO_BAD_TPDU, FIELD_TPDU, at, TPDU_ID, load<u8>(src + <usize>at));
    fields.set(FIELD_TPDU, src + <usize>at, TPDU_LENGTH);
    at += TPDU_LENGTH;
    fields.set(FIELD_HEADER, src + <usize>at, HEADER_LENGTH);
    at += HEADER_LENGTH;
  }

  if (at >= len) return fail(ErrorCode.ISO_MISSING_MTI, 0, at, 4, 0);
  const mtiAt = at;
  at = unpackField(mtiRow(flags), 0, src, at, len, fields, BYTE_MAX, ebcdic);
  if (at < 0) return at;
  macStart = mtiAt;

  // bitmaps
  const maps = BITMAPS;
  const hex = (flags & BITMAP_HEX) != 0;
  at = readBitmap(maps, hex, 1, src, at, len);
  if (at < 0) return at;
  fields.set(FIELD_BITMAP, maps, BITMAP_BYTES);
  let low = reverseBitsInBytes(load<u64>(maps));
  let middle: u64 = 0, high: u64 = 0;
  if (low & 1) {
    if (!(flags & SECONDARY)) return fail(ErrorCode.ISO_FIELD_NOT_DEFINED, 1, at, 0, 1);
    at = readBitmap(maps + BITMAP_BYTES, hex, 1, src, at, len);
    if (at < 0) return at;
    fields.set(1, maps + BITMAP_BYTES, BITMAP_BYTES);
    middle = reverseBitsInBytes(load<u64>(maps, BITMAP_BYTES));
    if ((flags & TERTIARY) && (middle & 1)) {
      at = readBitmap(maps + 2 * BITMAP_BYTES, hex, 65, src, at, len);
      if (at < 0) return at;
      fields.set(65, maps + 2 * BITMAP_BYTES, BITMAP_BYTES);
      high = reverseBitsInBytes(load<u64>(maps, 2 * BITMAP_BYTES));
    }
  }

  // fields in bitmap order, without the bitmap fields (1, and 65 for tertiary)
  store<u64>(FIELD_WORDS, low & ~(<u64>1));
  store<u64>(FIELD_WORDS, flags & TERTIARY ? middle & ~(<u64>1) : middle, 8);
  store<u64>(FIELD_WORDS, high, 16);
  macEnd = -1; // the MAC: 64, or 128 with a row for it, as in packRows()
  for (let k = 0; k < 3; k++) {
    for (let bits = load<u64>(FIELD_WORDS + (<usize>k << 3)); bits != 0; bits &= bits - 1) {
      const f = fieldOf(k, bits);
      const row = rowAt(table, rows, f);
      if (f == 64 || (rows > 128 && f == 128)) macEnd = at + prefixBytes(row, all);
      at = unpackField(row, f, src, at, len, fields, textLimit(flags), ebcdic);
      if (at < 0) { macEnd = macStart; return at; }
    }
  }
  if (macEnd < 0) macEnd = at;
  if (at != len) return fail(ErrorCode.ISO_TRAILING_BYTES, FIELD_FRAME, at, at, len);
  return 0;
}
