// Card expiry YYMM (as on track 2 and in ISO 8583 field 14): a card is good
// through the last day of its expiry month.
import { ErrorCode } from "../abi";
import { failAt } from "./reasons";
import { isAsciiDigit } from "./text";
import { isValidDate, digitsValue } from "./dates";

export const EXPIRY_LENGTH: i32 = 4;

/**
 * Checks YYMM against the caller's clock (today as YYYYMMDD; years are 20YY).
 * Returns 0, EXPIRY_MALFORMED (not four ASCII digits), EXPIRY_BAD_MONTH or EXPIRED.
 */
export function checkExpiry(src: usize, len: i32, today: i32): i32 {
  if (len < 0 || !isValidDate(today)) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  // The first character that is missing or no digit (where a short input ends, at k == len).
  for (let k = 0; k < EXPIRY_LENGTH; k++) {
    if (k >= len || !isAsciiDigit(<i32>load<u8>(src + <usize>k))) return failAt(ErrorCode.EXPIRY_MALFORMED, k);
  }
  if (len > EXPIRY_LENGTH) return failAt(ErrorCode.EXPIRY_MALFORMED, EXPIRY_LENGTH);
  const month = digitsValue(src + 2, 2);
  if (month < 1 || month > 12) return failAt(ErrorCode.EXPIRY_BAD_MONTH, 2);
  const through = (2000 + digitsValue(src, 2)) * 100 + month;
  if (through < today / 100) return failAt(ErrorCode.EXPIRED, 0);
  return ErrorCode.OK;
}
