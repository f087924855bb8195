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
// Fill comes from the host (the core has no random source): `fill` points to
// PIN_FILL_BYTES (64) bytes read as nibbles in order, first nibble first.
// Format 1 uses the first 14 - N nibbles; format 4 the first 8 bytes as its
// random half. Format 3 needs A-F, uniformly: it takes, in order, the fill
// nibbles that are A-F and skips 0-9 (rejection sampling; folding 0-9 onto A-F
// would make A-D likelier than E-F). With random bytes 128 nibbles hold fewer
// than the 10 needed with probability under 2e-15; a fill that does is refused
// (PIN_BLOCK_FILL). A fill given as A-F nibbles (the published examples) is
// used exactly.
import { ErrorCode, fail } from "../abi";
import { wipe } from "./wipe";

export const PIN_MIN: i32 = 4;
export const PIN_MAX: i32 = 12;
export const PAN_MAX: i32 = 19;

const CHAR_0: u32 = 0x30;
const FILL_F: u32 = 0xF;
const FILL_A: u32 = 0xA;

/** Bytes of fill every PIN block call takes (docs/CRYPTO.md). */
export const PIN_FILL_BYTES: i32 = 64;
/** The most fill nibbles a block has (a PIN of 4 digits in 8 bytes: 16 - 2 - 4). */
const FILL_NIBBLES_MAX: i32 = 10;

@lazy const FIELD = memory.data(16, 8);
/** The format 3 fill nibbles drawn from the fill. */
@lazy const FILL_DRAWN = memory.data(16, 8);
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

/**
 * Format 3 fill by rejection sampling: the fill's nibbles in order, keeping those
 * in A-F, into FILL_DRAWN. Every nibble is read and every slot written the same
 * way whatever the values (no branch or address depends on them). Returns how
 * many A-F nibbles the fill holds.
 */
function drawFill3(fill: usize): u32 {
  let found: u32 = 0;
  store<u64>(FILL_DRAWN, 0);
  store<u64>(FILL_DRAWN + 8, 0);
  for (let i: i32 = 0; i < PIN_FILL_BYTES * 2; i++) {
    let n = nibbleAt(fill, i);
    let accept = <u32>0 - ((<u32>9 - n) >> 31); // all ones when n >= 10
    for (let j: i32 = 0; j < FILL_NIBBLES_MAX; j++) {
      let here = accept & (<u32>0 - <u32>(<u32>j == found)); // all ones for the next free slot
      let at = FILL_DRAWN + <usize>j;
      store<u8>(at, <u8>((<u32>load<u8>(at) & ~here) | (n & here)));
    }
    found += accept & 1;
  }
  return found;
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
  if (format == 3) {
    let found = drawFill3(fill);
    if (found < <u32>(14 - pinLen)) {
      wipe(FILL_DRAWN, 16);
      return fail(ErrorCode.PIN_BLOCK_FILL, 0, 0, 14 - pinLen, <i32>found);
    }
  }
  setNibble(FIELD, 0, <u32>format);
  setNibble(FIELD, 1, <u32>pinLen);
  for (let i: i32 = 0; i < pinLen; i++) setNibble(FIELD, 2 + i, <u32>load<u8>(pin + <usize>i) - CHAR_0);
  for (let i: i32 = 2 + pinLen; i < 16; i++) {
    let k = i - 2 - pinLen;
    let n = format == 0 ? FILL_F : format == 4 ? FILL_A : format == 3 ? <u32>load<u8>(FILL_DRAWN + <usize>k) : nibbleAt(fill, k);
    setNibble(FIELD, i, n);
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
  wipe(FILL_DRAWN, 16);
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
