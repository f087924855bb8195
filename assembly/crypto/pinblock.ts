// ISO 9564-1 PIN blocks, the clear forms: formats 0, 1 and 3 (8 bytes) and the
// plain-text PIN field of format 4 (16 bytes; its AES encipherment with the PAN
// field is in pinblock4.ts).
//
//   format 0  PIN field 0 N P..P F..F           xor PAN field 0000 + 12 PAN digits
//   format 1  PIN field 1 N P..P R..R           (no PAN; R = fill nibbles 0-F)
//   format 3  PIN field 3 N P..P R..R (R = A-F) xor PAN field as format 0
//   format 4  PIN field 4 N P..P A..A (8 bytes) + 8 random bytes
//
// N is the PIN length (4..12) and P the PIN digits, one per nibble. The PAN
// field takes the 12 rightmost PAN digits before the check digit (left-padded
// with zeros when the PAN is shorter). The PIN and PAN arrive as ASCII digits.
//
// Fill comes from the host (the core has no random source): `fill` points to 8
// bytes read as 16 nibbles in order, first nibble first (format 1 and 3 use
// the first 14 - N; format 4 uses the 8 bytes as its random half). Format 3
// needs A-F: a fill nibble already in A-F is used as it is, a nibble 0-9 is
// mapped to A + (n mod 6), which keeps every published format 3 example exact.
import { ErrorCode, fail } from "../abi";
import { wipe } from "./wipe";

export const PIN_MIN: i32 = 4;
export const PIN_MAX: i32 = 12;
export const PAN_MAX: i32 = 19;

const CHAR_0: u32 = 0x30;
const FILL_F: u32 = 0xF;
const FILL_A: u32 = 0xA;

@lazy const FIELD = memory.data(16, 8);
@lazy const PAN_FIELD = memory.data(16, 8);

@inline function nibbleAt(buf: usize, i: i32): u32 {
  let b = <u32>load<u8>(buf + <usize>(i >> 1));
  return (i & 1) ? b & 15 : b >> 4;
}

@inline function setNibble(buf: usize, i: i32, v: u32): void {
  let at = buf + <usize>(i >> 1);
  let b = <u32>load<u8>(at);
  store<u8>(at, <u8>((i & 1) ? (b & 0xF0) | v : (b & 0x0F) | (v << 4)));
}

/** PIN length 4..12 and ASCII digits only; 0 or the ErrorCode. */
export function checkPin(pin: usize, pinLen: i32): i32 {
  if (pinLen < PIN_MIN || pinLen > PIN_MAX) return fail(ErrorCode.PIN_LENGTH, 0, 0, PIN_MIN, pinLen);
  for (let i: i32 = 0; i < pinLen; i++) {
    if (<u32>load<u8>(pin + <usize>i) - CHAR_0 > 9) return fail(ErrorCode.PIN_DIGIT, 0, i);
  }
  return 0;
}

/** PAN length 1..19 and ASCII digits only; 0 or the ErrorCode. */
export function checkPan(pan: usize, panLen: i32): i32 {
  if (panLen < 1 || panLen > PAN_MAX) return fail(ErrorCode.PAN_INVALID, 0, 0, PAN_MAX, panLen);
  for (let i: i32 = 0; i < panLen; i++) {
    if (<u32>load<u8>(pan + <usize>i) - CHAR_0 > 9) return fail(ErrorCode.PAN_INVALID, 0, i);
  }
  return 0;
}

/** The 8-byte PAN field of formats 0 and 3 (PAN already checked). */
function panField(pan: usize, panLen: i32, dst: usize): void {
  store<u64>(dst, 0);
  // Digits before the check digit, the rightmost 12 of them, right-aligned.
  let end = panLen - 1;
  let start = end > 12 ? end - 12 : 0;
  for (let i = start; i < end; i++) {
    setNibble(dst, 16 - (end - i), <u32>load<u8>(pan + <usize>i) - CHAR_0);
  }
}

/**
 * The 16-byte PAN field of format 4: M (PAN length - 12, or 0 when shorter),
 * the PAN left-padded with zeros to 12 digits, then zero nibbles.
 */
export function panField4(pan: usize, panLen: i32, dst: usize): i32 {
  let rc = checkPan(pan, panLen);
  if (rc < 0) return rc;
  store<u64>(dst, 0);
  store<u64>(dst + 8, 0);
  let pad = panLen < 12 ? 12 - panLen : 0;
  setNibble(dst, 0, <u32>(panLen > 12 ? panLen - 12 : 0));
  for (let i: i32 = 0; i < panLen; i++) setNibble(dst, 1 + pad + i, <u32>load<u8>(pan + <usize>i) - CHAR_0);
  return 16;
}

/** Format 3 fill: A-F kept, 0-9 mapped to A + n mod 6 (without a branch on the value). */
@inline function fillAtoF(n: u32): u32 {
  let low = <u32>0 - ((n - 10) >> 31); // all ones when n < 10
  return n ^ ((n ^ (FILL_A + n % 6)) & low);
}

/**
 * Builds a clear PIN block: 8 bytes for formats 0, 1, 3; for format 4 the
 * 16-byte plain-text PIN field. `pan` is used by 0 and 3, `fill` by 1, 3, 4.
 * Returns the block length, or a negative ErrorCode (nothing written).
 */
export function pinBlockEncode(format: i32, pin: usize, pinLen: i32, pan: usize, panLen: i32, fill: usize, out: usize): i32 {
  if (format != 0 && format != 1 && format != 3 && format != 4) return fail(ErrorCode.PIN_FORMAT, 0, 0, 0, format);
  let rc = checkPin(pin, pinLen);
  if (rc < 0) return rc;
  if (format == 0 || format == 3) {
    rc = checkPan(pan, panLen);
    if (rc < 0) return rc;
  }
  setNibble(FIELD, 0, <u32>format);
  setNibble(FIELD, 1, <u32>pinLen);
  for (let i: i32 = 0; i < pinLen; i++) setNibble(FIELD, 2 + i, <u32>load<u8>(pin + <usize>i) - CHAR_0);
  for (let i: i32 = 2 + pinLen; i < 16; i++) {
    let n = format == 0 ? FILL_F : format == 4 ? FILL_A : nibbleAt(fill, i - 2 - pinLen);
    setNibble(FIELD, i, format == 3 ? fillAtoF(n) : n);
  }
  let size: i32 = 8;
  if (format == 4) {
    store<u64>(FIELD + 8, load<u64>(fill));
    size = 16;
  } else if (format != 1) {
    panField(pan, panLen, PAN_FIELD);
    store<u64>(FIELD, load<u64>(FIELD) ^ load<u64>(PAN_FIELD));
  }
  for (let i: i32 = 0; i < size; i++) store<u8>(out + <usize>i, load<u8>(FIELD + <usize>i));
  wipe(FIELD, 16);
  wipe(PAN_FIELD, 16);
  return size;
}

/**
 * Parses a clear PIN block (format 4: the 16-byte plain-text PIN field) and
 * writes the PIN as ASCII digits to `out` (up to 12 bytes). Checks the control
 * nibble, the PIN length 4..12, the digits and the format's fill rule.
 * Returns the PIN length, or a negative ErrorCode (nothing written).
 */
export function pinBlockDecode(format: i32, block: usize, pan: usize, panLen: i32, out: usize): i32 {
  if (format != 0 && format != 1 && format != 3 && format != 4) return fail(ErrorCode.PIN_FORMAT, 0, 0, 0, format);
  if (format == 0 || format == 3) {
    let rc = checkPan(pan, panLen);
    if (rc < 0) return rc;
  }
  store<u64>(FIELD, load<u64>(block));
  if (format == 0 || format == 3) {
    panField(pan, panLen, PAN_FIELD);
    store<u64>(FIELD, load<u64>(FIELD) ^ load<u64>(PAN_FIELD));
  }
  let rc = checkField(format);
  if (rc >= 0) {
    for (let i: i32 = 0; i < rc; i++) store<u8>(out + <usize>i, <u8>(CHAR_0 + nibbleAt(FIELD, 2 + i)));
  }
  wipe(FIELD, 16);
  wipe(PAN_FIELD, 16);
  return rc;
}

/** Validates the clear PIN field in FIELD; the PIN length or an ErrorCode. */
function checkField(format: i32): i32 {
  let control = nibbleAt(FIELD, 0);
  if (control != <u32>format) return fail(ErrorCode.PIN_BLOCK_CONTROL, 0, 0, format, control);
  let n = <i32>nibbleAt(FIELD, 1);
  if (n < PIN_MIN || n > PIN_MAX) return fail(ErrorCode.PIN_LENGTH, 0, 1, PIN_MIN, n);
  for (let i: i32 = 2; i < 2 + n; i++) {
    if (nibbleAt(FIELD, i) > 9) return fail(ErrorCode.PIN_DIGIT, 0, i);
  }
  for (let i: i32 = 2 + n; i < 16; i++) {
    let f = nibbleAt(FIELD, i);
    let ok = format == 0 ? f == FILL_F : format == 4 ? f == FILL_A : format == 3 ? f >= FILL_A : true;
    if (!ok) return fail(ErrorCode.PIN_BLOCK_FILL, 0, i, format == 0 ? FILL_F : FILL_A, f);
  }
  return n;
}
