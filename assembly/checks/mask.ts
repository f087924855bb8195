// Masking for screens, receipts, logs and saved records (requirement R10, R14).
// Rules and their sources are in docs/CHECKS.md: PAN at most first 6 + last 4
// (PCI DSS 3.4.1), ID number first 6 + last 4 (hides the birth date; 7 + 2 for
// the 2017 foreign permanent residence ID), phone
// first 3 + last 4, name all but its first character. Masks work on the
// normalised value a check wrote; each returns the masked length.
import { ErrorCode } from "../abi";
import { failAt } from "./reasons";
import { CH_SPACE, CH_STAR, CH_MIDDLE_DOT, decodeUtf8, lastDecodedBytes, isAsciiLetter } from "./text";
import { ID_FOREIGN_2017_LENGTH } from "./idnumber";
import { copyBytes } from "../iso8583/words";

/** What maskInput() masks; numbers are part of the ABI. */
export const enum MaskKind {
  PAN = 1,
  ID_NUMBER = 2,
  PHONE = 3,
  NAME = 4,
}

/**
 * Keeps `head` leading and `tail` trailing bytes and stars the rest; a value
 * shorter than `minLength` (too short for the rule to hide enough) is starred
 * completely.
 */
function maskKeeping(src: usize, len: i32, out: usize, head: i32, tail: i32, minLength: i32): i32 {
  if (len < 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  const showAll = len >= minLength;
  for (let k = 0; k < len; k++) {
    const keep = showAll && (k < head || k >= len - tail);
    store<u8>(out + <usize>k, keep ? load<u8>(src + <usize>k) : <u8>CH_STAR);
  }
  return len;
}

/** 6221 5588 1234 0000 -> 622155******0000 (12 digits or more; shorter values all stars). */
export function maskPan(src: usize, len: i32, out: usize): i32 {
  return maskKeeping(src, len, out, 6, 4, 12);
}

/**
 * 11010519491231002X -> 110105********002X (every 18-character number and the
 * legacy 15 digits); the 2017 foreign permanent residence ID, 15 characters
 * starting with a letter: KAZ110090123105 -> KAZ1100******05 (nationality and
 * issuing office kept, the birth date hidden). Shorter values all stars.
 */
export function maskIdNumber(src: usize, len: i32, out: usize): i32 {
  if (len == ID_FOREIGN_2017_LENGTH && isAsciiLetter(<i32>load<u8>(src))) return maskKeeping(src, len, out, 7, 2, 15);
  return maskKeeping(src, len, out, 6, 4, 15);
}

/** 13512345506 -> 135****5506 (11 digits or more; shorter values all stars). */
export function maskPhone(src: usize, len: i32, out: usize): i32 {
  return maskKeeping(src, len, out, 3, 4, 11);
}

/**
 * 张三 -> 张*, 阿卜杜·热合曼 -> 阿**·***, JOHN SMITH -> J*** *****: the first
 * character stays, every other letter becomes one '*', separators (U+00B7,
 * space) stay. A byte that is not UTF-8 becomes '*'. Returns the UTF-8 length
 * (never more than len).
 */
export function maskName(src: usize, len: i32, out: usize): i32 {
  if (len < 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  let w = 0;
  let i = 0;
  let first = true;
  while (i < len) {
    const cp = decodeUtf8(src, len, i);
    const bytes = cp < 0 ? 1 : lastDecodedBytes();
    const keep = cp >= 0 && (first || cp == CH_MIDDLE_DOT || cp == CH_SPACE);
    if (keep) {
      copyBytes(out + <usize>w, src + <usize>i, bytes);
      w += bytes;
    } else {
      store<u8>(out + <usize>w, <u8>CH_STAR);
      w++;
    }
    if (cp != CH_MIDDLE_DOT && cp != CH_SPACE) first = false;
    i += bytes;
  }
  return w;
}
