// Byte helpers shared by the flow: compare, copy, parse and format ASCII
// digits, all on static memory without allocation.
import { isValidDate } from "../checks/dates";
import { zeroRecord } from "./parts";

export const CH_0: i32 = 0x30;
export const CH_9: i32 = 0x39;
export const CH_EQUALS: i32 = 0x3d;
export const CH_COLON: i32 = 0x3a;
export const CH_FULLWIDTH_COLON: i32 = 0xff1a;
export const CH_SLASH: i32 = 0x2f;
export const CH_DOT: i32 = 0x2e;
export const CH_MINUS: i32 = 0x2d;
export const CH_HASH_MARK: i32 = 0x23;
export const CH_NEWLINE: i32 = 0x0a;
export const CH_RETURN: i32 = 0x0d;
export const CH_STAR: i32 = 0x2a;
export const CH_COMMA: i32 = 0x2c;
export const CH_SPACE: i32 = 0x20;
export const CH_UPPER_X: i32 = 0x58;
export const CH_LOWER_X: i32 = 0x78;

export function bytesEqual(a: usize, b: usize, len: i32): bool {
  for (let i = 0; i < len; i++) if (load<u8>(a + <usize>i) != load<u8>(b + <usize>i)) return false;
  return true;
}

// Eight bytes at a time; a length <= 0 does nothing.
export { copyBytes } from "../iso8583/words";
export { wipe as zeroBytes } from "../crypto/wipe";

export function isDigit(c: i32): bool { return c >= CH_0 && c <= CH_9; }

export function allDigits(p: usize, len: i32): bool {
  for (let i = 0; i < len; i++) if (!isDigit(<i32>load<u8>(p + <usize>i))) return false;
  return true;
}

/** Unsigned decimal value of len ASCII digits (at most 9), or -1 if any is not a digit. */
export function parseDigits(p: usize, len: i32): i32 {
  if (len <= 0 || len > 9) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - CH_0);
  }
  return v;
}

/** Writes v as exactly `width` digits (zero-padded, high digits dropped) at p. */
export function writeDigits(p: usize, v: i32, width: i32): void {
  let x = v < 0 ? 0 : v;
  for (let i = width - 1; i >= 0; i--) {
    store<u8>(p + <usize>i, <u8>(CH_0 + x % 10));
    x /= 10;
  }
}

/** Hex digit value, or -1. */
export function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Decodes 2*n hex characters at src into n bytes at dst; false on a bad digit. */
export function decodeHex(src: usize, n: i32, dst: usize): bool {
  for (let i = 0; i < n; i++) {
    const hi = hexValue(<i32>load<u8>(src + <usize>(2 * i)));
    const lo = hexValue(<i32>load<u8>(src + <usize>(2 * i + 1)));
    if (hi < 0 || lo < 0) return false;
    store<u8>(dst + <usize>i, <u8>((hi << 4) | lo));
  }
  return true;
}

@lazy const HEX_DIGITS: usize = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46,
]);

/** Encodes n bytes at src as 2*n upper-case hex characters at dst. */
export function encodeHex(src: usize, n: i32, dst: usize): void {
  for (let i = 0; i < n; i++) {
    const b = <i32>load<u8>(src + <usize>i);
    store<u8>(dst + <usize>(2 * i), load<u8>(HEX_DIGITS + <usize>(b >> 4)));
    store<u8>(dst + <usize>(2 * i + 1), load<u8>(HEX_DIGITS + <usize>(b & 15)));
  }
}

// ---- clock ------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y0: i32, m: i32, d: i32): i32 {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (153 * mp + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The time `minutes` after 1970-01-01 00:00, with `seconds`, as 14 digits
 * YYYYMMDDhhmmss at out (Howard Hinnant's civil_from_days): the record time
 * the store compares a query's limit with.
 */
export function writeRecordTime(minutes: i32, seconds: i32, out: usize): void {
  const days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  const m0 = minutes - days * 1440;
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = doy - (153 * mp + 2) / 5 + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  writeDigits(out, y * 10000 + m * 100 + d, 8);
  writeDigits(out + 8, (m0 / 60) * 10000 + (m0 % 60) * 100 + seconds, 6);
}

/** True when date is a real YYYYMMDD (2000..2099) and time a real hhmmss. */
export function validClock(date: i32, time: i32): bool {
  if (date < 20000000 || date > 20991231 || !isValidDate(date)) return false;
  const hh = time / 10000, mm = (time / 100) % 100, ss = time % 100;
  return time >= 0 && hh < 24 && mm < 60 && ss < 60;
}

/** Seconds since midnight of a time hhmmss. */
export function secondsOfDay(time: i32): i32 {
  return (time / 10000) * 3600 + ((time / 100) % 100) * 60 + time % 100;
}

/** Seconds since 1970-01-01 00:00 of a local date YYYYMMDD and time hhmmss (i64: it passes 2^31 in 2038). */
export function wallSeconds(date: i32, time: i32): i64 {
  return <i64>daysFromCivil(date / 10000, (date / 100) % 100, date % 100) * 86400 + <i64>secondsOfDay(time);
}

/** A record's time YYYYMMDDhhmmss (14 digits at src) written for people as "YYYY-MM-DD hh:mm:ss" (19 bytes at out). */
export function formatTime(src: usize, out: usize): i32 {
  let o = 0;
  for (let i = 0; i < 14; i++) {
    if (i == 4 || i == 6) { store<u8>(out + <usize>o, <u8>CH_MINUS); o++; }
    if (i == 8) { store<u8>(out + <usize>o, <u8>CH_SPACE); o++; }
    if (i == 10 || i == 12) { store<u8>(out + <usize>o, <u8>CH_COLON); o++; }
    store<u8>(out + <usize>o, load<u8>(src + <usize>i));
    o++;
  }
  return o;
}

/** Minutes since 1970-01-01 00:00 local time: what the attempt policy counts with. */
export function minutesOf(date: i32, time: i32): i32 {
  const days = daysFromCivil(date / 10000, (date / 100) % 100, date % 100);
  return days * 1440 + (time / 10000) * 60 + (time / 100) % 100;
}

// ---- static strings to UTF-8 ------------------------------------------------------

/** What the last codePointAt() and scanLine() found besides their result. */
export class Scan {
  /** UTF-16 units the last codePointAt() consumed (1 or 2; 0 before the first). */
  codePointUnits: i32 = 0;
  /** Where the line after the last one scanLine() read starts. */
  lineNext: i32 = 0;
  /** The offset of that line's '=' (its end when it has none). */
  lineEquals: i32 = 0;
}
export const scan = zeroRecord<Scan>();

/** The code point at index i of a string (a surrogate pair counts as one). */
export function codePointAt(s: string, i: i32): i32 {
  const c = <i32>s.charCodeAt(i);
  scan.codePointUnits = 1;
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
    const lo = <i32>s.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo < 0xe000) { scan.codePointUnits = 2; return 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00); }
  }
  return c;
}

/** Writes a code point as UTF-8 at out (room for 4 bytes); returns the byte count. */
export { encodeUtf8 } from "../checks/text";

// ---- `key=value` lines (the profile, saved records) ---------------------------------

/** The end of the line starting at `at` (exclusive, a trailing CR dropped); see scan.lineNext, scan.lineEquals. */
export function scanLine(src: usize, len: i32, at: i32): i32 {
  let e = at;
  while (e < len && <i32>load<u8>(src + <usize>e) != CH_NEWLINE) e++;
  scan.lineNext = e + 1;
  if (e > at && <i32>load<u8>(src + <usize>(e - 1)) == CH_RETURN) e--;
  let eq = at;
  while (eq < e && <i32>load<u8>(src + <usize>eq) != CH_EQUALS) eq++;
  scan.lineEquals = eq;
  return e;
}
