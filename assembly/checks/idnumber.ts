// The resident identity number (公民身份号码, GB 11643-1999): 6-digit address
// code, 8-digit birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2
// check character. The legacy 15-digit form (YYMMDD, no check) is converted.
import { ErrorCode, fail } from "../abi";
import { CH_ZERO, CH_UPPER_X, Collect, collectDigits, collectBadOffset, collectedAt, collectedOffset, copyCollected } from "./text";
import { isValidDate, digitsValue } from "./dates";
import { setCheckedLength } from "./reasons";

export const ID_LENGTH: i32 = 18;
export const ID_LEGACY_LENGTH: i32 = 15;
/** Earliest birth year accepted: the standard's own example was born in 1880. */
export const ID_EARLIEST_YEAR: i32 = 1800;

// Weights 2^(17-i) mod 11 for positions 0..16, and the check character for
// each remainder of the weighted sum (ISO 7064 MOD 11-2 as GB 11643 states it).
@lazy const WEIGHTS = memory.data<u8>([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
@lazy const CHECK_CHARACTERS = memory.data<u8>([
  0x31, 0x30, 0x58, 0x39, 0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32, // "10X98765432"
]);
// Province-level codes (GB/T 2260), plus 71 Taiwan, 81 Hong Kong, 82 Macao and
// 83 (residence permits of Taiwan residents use 830000).
@lazy const PROVINCES = memory.data<u8>([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);
const PROVINCE_COUNT: i32 = 35;

// The 18-character form being checked (built here so a 15-digit number can be converted).
@lazy const ID18: usize = memory.data(ID_LENGTH);

let sex: i32 = 0;
let birthDate: i32 = 0;
let legacy: bool = false;

/** 1 male, 2 female, after a valid checkIdNumber(); 0 otherwise. */
export function idSex(): i32 {
  return sex;
}

/** Birth date as YYYYMMDD after a valid checkIdNumber(); 0 otherwise. */
export function idBirthDate(): i32 {
  return birthDate;
}

/** Zeroes the 18-character form and the sex and birth date of the last number checked (wipeChecks(), R10). */
export function wipeIdScratch(): void {
  for (let i = 0; i < ID_LENGTH; i++) store<u8>(ID18 + <usize>i, 0);
  sex = 0;
  birthDate = 0;
  legacy = false;
}

/** True when wipeIdScratch() has nothing left to zero. */
export function idScratchIsZero(): bool {
  for (let i = 0; i < ID_LENGTH; i++) if (load<u8>(ID18 + <usize>i) != 0) return false;
  return sex == 0 && birthDate == 0 && !legacy;
}

/** The ISO 7064 MOD 11-2 check character (ASCII) over the first 17 digits at p. */
export function idCheckCharacter(p: usize): i32 {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (<i32>load<u8>(p + <usize>i) - CH_ZERO) * <i32>load<u8>(WEIGHTS + <usize>i);
  }
  return <i32>load<u8>(CHECK_CHARACTERS + <usize>(sum % 11));
}

function isProvince(code: i32): bool {
  for (let k = 0; k < PROVINCE_COUNT; k++) {
    if (<i32>load<u8>(PROVINCES + <usize>k) == code) return true;
  }
  return false;
}

/** Source offset of position p of the 18-character form (the inserted "19" maps to the year). */
function sourceOffset(p: i32): i32 {
  if (!legacy) return collectedOffset(p);
  if (p < 6) return collectedOffset(p);
  if (p < 8) return collectedOffset(6);
  return collectedOffset(p - 2);
}

/**
 * Checks an ID number (UTF-8; full-width digits and Ｘ, lower-case x and spaces
 * accepted). Writes the normalised 18 characters at out (as far as they go when
 * invalid; checkedLength() says how many). today is the caller's clock as
 * YYYYMMDD: a birth date after it is refused. On success idSex() and
 * idBirthDate() describe the holder.
 */
export function checkIdNumber(src: usize, len: i32, out: usize, today: i32): i32 {
  setCheckedLength(0);
  sex = 0;
  birthDate = 0;
  legacy = false;
  if (len < 0 || !isValidDate(today)) return fail(ErrorCode.BAD_ARGUMENT);
  const n = collectDigits(src, len, Collect.ALLOW_X);
  if (n < 0) return fail(ErrorCode.ID_BAD_CHARACTER, 0, collectBadOffset());
  if (n != ID_LENGTH && n != ID_LEGACY_LENGTH) {
    setCheckedLength(copyCollected(0, n < ID_LENGTH ? n : ID_LENGTH, out));
    return fail(ErrorCode.ID_BAD_LENGTH, 0, n > ID_LENGTH ? collectedOffset(ID_LENGTH) : len);
  }
  legacy = n == ID_LEGACY_LENGTH;
  // X stands only for the check value 10, so it is the 18th character or nothing.
  const xAllowedAt = legacy ? -1 : ID_LENGTH - 1;
  for (let k = 0; k < n; k++) {
    if (collectedAt(k) == CH_UPPER_X && k != xAllowedAt) {
      setCheckedLength(copyCollected(0, n, out));
      return fail(ErrorCode.ID_BAD_CHARACTER, 0, collectedOffset(k));
    }
  }
  if (legacy) {
    // 15 -> 18: the century "19" goes before YYMMDD, the check character is computed.
    copyCollected(0, 6, ID18);
    store<u8>(ID18 + 6, <u8>(CH_ZERO + 1));
    store<u8>(ID18 + 7, <u8>(CH_ZERO + 9));
    copyCollected(6, 9, ID18 + 8);
    store<u8>(ID18 + 17, <u8>idCheckCharacter(ID18));
  } else {
    copyCollected(0, ID_LENGTH, ID18);
  }
  for (let k = 0; k < ID_LENGTH; k++) store<u8>(out + <usize>k, load<u8>(ID18 + <usize>k));
  setCheckedLength(ID_LENGTH);

  if (legacy && digitsValue(ID18 + 14, 3) >= 996) {
    // The 1989 rules gave centenarians (born 18xx) sequence codes 996-999, so "19" would be wrong.
    return fail(ErrorCode.ID_LEGACY_CENTENARIAN, 0, sourceOffset(14));
  }
  if (!isProvince(digitsValue(ID18, 2))) return fail(ErrorCode.ID_BAD_REGION, 0, sourceOffset(0));
  const born = digitsValue(ID18 + 6, 8);
  if (!isValidDate(born) || born / 10000 < ID_EARLIEST_YEAR) return fail(ErrorCode.ID_BAD_DATE, 0, sourceOffset(6));
  if (born > today) return fail(ErrorCode.ID_FUTURE_DATE, 0, sourceOffset(6));
  if (!legacy && idCheckCharacter(ID18) != <i32>load<u8>(ID18 + 17)) {
    return fail(ErrorCode.ID_CHECK_DIGIT, 0, sourceOffset(17));
  }
  sex = ((<i32>load<u8>(ID18 + 16) - CH_ZERO) & 1) != 0 ? 1 : 2;
  birthDate = born;
  return ErrorCode.OK;
}
