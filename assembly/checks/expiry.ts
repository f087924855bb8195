// Card expiry YYMM (as on track 2 and in ISO 8583 field 14): a card is good
// through the last day of its expiry month.
import { ErrorCode, fail } from "../abi";
import { isAsciiDigit } from "./text";
import { isValidDate, digitsValue } from "./dates";

export const EXPIRY_LENGTH: i32 = 4;

/**
 * Checks YYMM against the caller's clock (today as YYYYMMDD; years are 20YY).
 * Returns 0, EXPIRY_MALFORMED (not four ASCII digits), EXPIRY_BAD_MONTH or EXPIRED.
 */
export function checkExpiry(src: usize, len: i32, today: i32): i32 {
  if (len < 0 || !isValidDate(today)) return fail(ErrorCode.BAD_ARGUMENT);
  for (let k = 0; k < EXPIRY_LENGTH; k++) {
    if (k >= len) return fail(ErrorCode.EXPIRY_MALFORMED, 0, len);
    if (!isAsciiDigit(<i32>load<u8>(src + <usize>k))) return fail(ErrorCode.EXPIRY_MALFORMED, 0, k);
  }
  if (len > EXPIRY_LENGTH) return fail(ErrorCode.EXPIRY_MALFORMED, 0, EXPIRY_LENGTH);
  const month = digitsValue(src + 2, 2);
  if (month < 1 || month > 12) return fail(ErrorCode.EXPIRY_BAD_MONTH, 0, 2);
  const through = (2000 + digitsValue(src, 2)) * 100 + month;
  if (through < today / 100) return fail(ErrorCode.EXPIRED, 0, 0);
  return ErrorCode.OK;
}
