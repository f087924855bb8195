// Mainland China mobile numbers (the phone reserved with the bank): 11 digits
// 1[3-9]xxxxxxxxx once +86 / 86 / 0086, spaces and dashes are removed. Prefix
// tables are not used: number portability (2019) made them unreliable.
import { ErrorCode } from "../abi";
import { CH_ZERO, Collect, collectDigits, collectBadOffset, collectedAt, collectedOffset, collectedPlus, copyCollected } from "./text";
import { setCheckedLength, failAt } from "./reasons";

/** Also the room `out` needs in checkPhone(). */
export const PHONE_DIGITS: i32 = 11;

function digitIs(k: i32, d: i32): bool {
  return collectedAt(k) == CH_ZERO + d;
}

/**
 * Checks a mobile number and writes its 11 digits at out (as far as they go
 * when invalid; checkedLength() says how many).
 */
export function checkPhone(src: usize, len: i32, out: usize): i32 {
  setCheckedLength(0);
  if (len < 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  const n = collectDigits(src, len, Collect.SKIP_DASH | Collect.ALLOW_PLUS);
  if (n < 0) return failAt(ErrorCode.PHONE_BAD_CHARACTER, collectBadOffset());
  // Country code 86, written +86, 0086 or bare 86 before the 11 digits.
  let start = 0;
  const code86 = digitIs(0, 8) && digitIs(1, 6);
  if (collectedPlus()) {
    if (!code86) return failAt(ErrorCode.PHONE_NOT_MAINLAND, collectedOffset(0));
    start = 2;
  } else if (n == PHONE_DIGITS + 2 && code86) {
    start = 2;
  } else if (n == PHONE_DIGITS + 4 && digitIs(0, 0) && digitIs(1, 0) && digitIs(2, 8) && digitIs(3, 6)) {
    start = 4;
  }
  const digits = n - start;
  setCheckedLength(copyCollected(start, digits < PHONE_DIGITS ? digits : PHONE_DIGITS, out));
  if (digits != PHONE_DIGITS) {
    return failAt(ErrorCode.PHONE_BAD_LENGTH, digits > PHONE_DIGITS ? collectedOffset(start + PHONE_DIGITS) : len);
  }
  if (!digitIs(start, 1)) return failAt(ErrorCode.PHONE_BAD_PREFIX, collectedOffset(start));
  if (collectedAt(start + 1) < CH_ZERO + 3) return failAt(ErrorCode.PHONE_BAD_PREFIX, collectedOffset(start + 1));
  return ErrorCode.OK;
}
