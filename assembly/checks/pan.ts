// The card number (PAN, ISO/IEC 7812-1): 12-19 digits once spaces are removed,
// a Luhn check digit, and the scheme from the leading digits (the BIN).
import { ErrorCode } from "../abi";
import { CH_ZERO, Collect, collectDigits, collectBadOffset, collectedAt, collectedOffset, collectedDigits, copyCollected } from "./text";
import { setCheckedLength, failAt } from "./reasons";

export const PAN_MIN_DIGITS: i32 = 12;
/** Also the room `out` needs in checkPan(). */
export const PAN_MAX_DIGITS: i32 = 19;

/** Card schemes told apart by their BIN ranges; numbers are part of the ABI. */
export const enum PanScheme {
  UNKNOWN = 0,
  UNIONPAY = 1,
  VISA = 2,
  MASTERCARD = 3,
  AMEX = 4,
  JCB = 5,
}

/** Luhn (ISO/IEC 7812-1 Annex B): from the right, double every second digit, add digit sums; valid when the total ends in 0. */
export function luhnValid(digits: usize, count: i32): bool {
  let sum = 0;
  let double = false;
  for (let i = count - 1; i >= 0; i--) {
    let d = <i32>load<u8>(digits + <usize>i) - CH_ZERO;
    if (double) {
      d <<= 1;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 == 0;
}

/**
 * Checks a typed or read card number. Writes the digits (at most 19) at out;
 * checkedLength() says how many. Returns 0, or PAN_BAD_CHARACTER, PAN_TOO_SHORT,
 * PAN_TOO_LONG, PAN_LUHN, or PAN_LUHN_UNIONPAY for a 62 card failing Luhn (some
 * genuine UnionPay cards do; the flow asks the operator to re-confirm).
 * The failing character's source offset is recorded with failAt(, 0).
 */
export function checkPan(src: usize, len: i32, out: usize): i32 {
  setCheckedLength(0);
  if (len < 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  const n = collectDigits(src, len, Collect.DIGITS);
  if (n < 0) return failAt(ErrorCode.PAN_BAD_CHARACTER, collectBadOffset());
  setCheckedLength(copyCollected(0, n < PAN_MAX_DIGITS ? n : PAN_MAX_DIGITS, out));
  if (n < PAN_MIN_DIGITS) return failAt(ErrorCode.PAN_TOO_SHORT, len);
  if (n > PAN_MAX_DIGITS) return failAt(ErrorCode.PAN_TOO_LONG, collectedOffset(PAN_MAX_DIGITS));
  if (!luhnValid(collectedDigits(), n)) {
    const unionPay = collectedAt(0) == CH_ZERO + 6 && collectedAt(1) == CH_ZERO + 2;
    return failAt(unionPay ? ErrorCode.PAN_LUHN_UNIONPAY : ErrorCode.PAN_LUHN, collectedOffset(n - 1));
  }
  return ErrorCode.OK;
}

/** The value of the first `count` collected digits, or -1 when there are fewer. */
function prefix(n: i32, count: i32): i32 {
  if (n < count) return -1;
  let v = 0;
  for (let k = 0; k < count; k++) v = v * 10 + collectedAt(k) - CH_ZERO;
  return v;
}

/**
 * The scheme of a card number from its BIN: UnionPay 62 and 81, Visa 4,
 * Mastercard 51-55 and 2221-2720, Amex 34 and 37, JCB 3528-3589; anything else
 * (or anything that is not a number) UNKNOWN.
 */
export function panScheme(src: usize, len: i32): i32 {
  if (len < 0) return PanScheme.UNKNOWN;
  const n = collectDigits(src, len, Collect.DIGITS);
  if (n < 1) return PanScheme.UNKNOWN;
  const p1 = prefix(n, 1);
  const p2 = prefix(n, 2);
  const p4 = prefix(n, 4);
  if (p2 == 62 || p2 == 81) return PanScheme.UNIONPAY;
  if (p1 == 4) return PanScheme.VISA;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return PanScheme.MASTERCARD;
  if (p2 == 34 || p2 == 37) return PanScheme.AMEX;
  if (p4 >= 3528 && p4 <= 3589) return PanScheme.JCB;
  return PanScheme.UNKNOWN;
}
