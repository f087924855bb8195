// Magnetic-stripe track 2 (ISO/IEC 7813) and the chip's track 2 equivalent
// data (EMV tag 57, hex digits with D as the separator and F padding):
//   [;] PAN(12-19) =|D YYMM SSS discretionary [? LRC]
// An absent expiry or service code is replaced by a separator, as ISO/IEC 7813
// allows. Only the structure is checked here; the caller checks the PAN with
// checkPan() and the expiry with checkExpiry() at the offsets found.
import { ErrorCode } from "../abi";
import { failAt } from "./reasons";
import { CH_SEMICOLON, CH_QUESTION, CH_EQUALS, CH_LOWER_D, CH_LOWER_F, isAsciiDigit, byteIndex } from "./text";
import { PAN_MIN_DIGITS, PAN_MAX_DIGITS } from "./pan";

/** ISO/IEC 7813: at most 40 characters including the sentinels and the LRC. */
export const TRACK2_MAX_LENGTH: i32 = 40;

let panOffset: i32 = -1;
let panLength: i32 = -1;
let expiryOffset: i32 = -1;
let serviceCodeOffset: i32 = -1;

/** Offset of the PAN in the last checked track, -1 when the check failed before it. */
export function track2PanOffset(): i32 { return panOffset; }
/** Digits of that PAN, -1 when unknown. */
export function track2PanLength(): i32 { return panLength; }
/** Offset of the four YYMM characters, -1 when absent. */
export function track2ExpiryOffset(): i32 { return expiryOffset; }
/** Offset of the three service-code digits, -1 when absent. */
export function track2ServiceCodeOffset(): i32 { return serviceCodeOffset; }

/** Forgets where the last track's parts were (wipeChecks()). */
export function wipeTrack2Offsets(): void {
  panOffset = -1;
  panLength = -1;
  expiryOffset = -1;
  serviceCodeOffset = -1;
}

function byteAt(src: usize, i: i32): i32 {
  return <i32>load<u8>(src + <usize>i);
}

function isSeparator(c: i32): bool {
  return c == CH_EQUALS || (c | 0x20) == CH_LOWER_D; // 0x20 makes D lower case and nothing else d
}

/**
 * Reads a fixed-length numeric field at i, or a separator standing for its
 * absence. Returns the position after it, or a negative code (recorded).
 */
function fixedField(src: usize, i: i32, end: i32, size: i32): i32 {
  if (i < end && isSeparator(byteAt(src, i))) return i + 1;
  if (end - i < size) return failAt(ErrorCode.TRACK2_SHORT, end);
  for (let k = i; k < i + size; k++) {
    if (!isAsciiDigit(byteAt(src, k))) return failAt(ErrorCode.TRACK2_BAD_CHARACTER, k);
  }
  return i + size;
}

/** Checks track 2 data (ASCII); on success the getters above locate its fields in src. */
export function checkTrack2(src: usize, len: i32): i32 {
  wipeTrack2Offsets();
  if (len < 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  if (len > TRACK2_MAX_LENGTH) return failAt(ErrorCode.TRACK2_TOO_LONG, TRACK2_MAX_LENGTH);
  let i = 0;
  let end = len;
  const sentinels = len > 0 && byteAt(src, 0) == CH_SEMICOLON;
  if (sentinels) i = 1;
  // Find the end sentinel; only the LRC character may follow it.
  const q = i + byteIndex(src + <usize>i, len - i, CH_QUESTION);
  if (sentinels) {
    if (q >= len) return failAt(ErrorCode.TRACK2_BAD_SENTINEL, len);
    if (len - q > 2) return failAt(ErrorCode.TRACK2_BAD_CHARACTER, q + 2);
    end = q;
  } else {
    if (q < len) return failAt(ErrorCode.TRACK2_BAD_SENTINEL, q);
    // Chip track 2 equivalent data pads an odd number of digits with one F.
    if (end > 0 && (byteAt(src, end - 1) | 0x20) == CH_LOWER_F) end--;
  }

  const panStart = i;
  while (i < end && !isSeparator(byteAt(src, i))) {
    if (!isAsciiDigit(byteAt(src, i))) return failAt(ErrorCode.TRACK2_BAD_CHARACTER, i);
    i++;
  }
  if (i >= end) return failAt(ErrorCode.TRACK2_NO_SEPARATOR, end);
  const digits = i - panStart;
  if (digits < PAN_MIN_DIGITS || digits > PAN_MAX_DIGITS) return failAt(ErrorCode.TRACK2_BAD_PAN, panStart);
  i++; // the separator

  const expiryAt = i;
  i = fixedField(src, i, end, 4);
  if (i < 0) return i;
  const expiryPresent = i - expiryAt == 4;
  const serviceAt = i;
  i = fixedField(src, i, end, 3);
  if (i < 0) return i;
  const servicePresent = i - serviceAt == 3;
  for (; i < end; i++) {
    if (!isAsciiDigit(byteAt(src, i))) return failAt(ErrorCode.TRACK2_BAD_CHARACTER, i);
  }
  panOffset = panStart;
  panLength = digits;
  expiryOffset = expiryPresent ? expiryAt : -1;
  serviceCodeOffset = servicePresent ? serviceAt : -1;
  return ErrorCode.OK;
}
