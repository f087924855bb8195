// ID numbers of the four documents a holder can show at the counter, each by
// its own rule (sources in docs/CHECKS.md, "ID number"):
//  - resident identity number (公民身份号码, GB 11643-1999): 6-digit address
//    code, 8-digit birth date, 3-digit sequence (odd = male), ISO 7064 MOD 11-2
//    check character; the legacy 15-digit form (YYMMDD, no check) is converted;
//  - Hong Kong / Macao / Taiwan residents' residence permit (港澳台居民居住证,
//    2018): the same layout with the address code exactly 810000, 820000 or 830000;
//  - foreign permanent residence ID, 2017 version (外国人永久居留身份证): 3-letter
//    nationality code, 4-digit issuing-office code (province first), YYMMDD,
//    one sequence digit (odd = male), one check digit (ICAO 9303 weights 7 3 1);
//  - foreign permanent residence ID, 2023 version: "9", 2-digit issuing
//    province, 3-digit nationality code, YYYYMMDD, 3-digit sequence, MOD 11-2.
import { ErrorCode, fail } from "../abi";
import { CH_ZERO, CH_NINE, CH_UPPER_A, CH_UPPER_X, Collect, collectDigits, collectBadOffset, collectedAt, collectedOffset, copyCollected, isAsciiDigit } from "./text";
import { isValidDate, digitsValue } from "./dates";
import { setCheckedLength, failAt } from "./reasons";
import { copyBytes } from "../iso8583/words";
import { wipe } from "../crypto/wipe";

export const ID_LENGTH: i32 = 18;
export const ID_LEGACY_LENGTH: i32 = 15;
/** The 2017 foreign permanent residence ID: 3 letters and 12 digits. */
export const ID_FOREIGN_2017_LENGTH: i32 = 15;
/** Earliest birth year accepted: the standard's own example was born in 1880. */
export const ID_EARLIEST_YEAR: i32 = 1800;

// Weights 2^(17-i) mod 11 for positions 0..16, and the check character for
// each remainder of the weighted sum (ISO 7064 MOD 11-2 as GB 11643 states it).
@lazy const WEIGHTS = memory.data<u8>([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
@lazy const CHECK_CHARACTERS = memory.data<u8>([
  0x31, 0x30, 0x58, 0x39, 0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32, // "10X98765432"
]);
/**
 * The document an ID number belongs to; the numbers are part of the ABI
 * (checkedIdType()). NONE until a number's shape has been recognised.
 */
export const enum IdType {
  NONE = 0,
  RESIDENT = 1,          // 居民身份证 (18 digits, or the legacy 15)
  HK_MO_TW_PERMIT = 2,   // 港澳台居民居住证 (810000 / 820000 / 830000 + birth date + sequence + MOD 11-2)
  FOREIGN_PR_2017 = 3,   // 外国人永久居留身份证, 2017 version (3 letters + 12 digits)
  FOREIGN_PR_2023 = 4,   // 外国人永久居留身份证, 2023 version ("9" + 17 characters, MOD 11-2)
}

/** Sets of accepted types for checkIdNumber(): bit (1 << IdType). */
export const ID_ACCEPT_RESIDENT: i32 = 1 << IdType.RESIDENT;
export const ID_ACCEPT_HK_MO_TW_PERMIT: i32 = 1 << IdType.HK_MO_TW_PERMIT;
export const ID_ACCEPT_FOREIGN_PR: i32 = (1 << IdType.FOREIGN_PR_2017) | (1 << IdType.FOREIGN_PR_2023);
export const ID_ACCEPT_ALL: i32 = ID_ACCEPT_RESIDENT | ID_ACCEPT_HK_MO_TW_PERMIT | ID_ACCEPT_FOREIGN_PR;
/**
 * What checkIdNumber() accepts when the caller names nothing: the numbers the
 * flow took before it had an ID-type screen (its ID type is 01, and residence
 * permits follow the resident ID's layout). A foreign permanent residence ID
 * is recognised and refused with ID_WRONG_TYPE.
 */
export const ID_ACCEPT_DEFAULT: i32 = ID_ACCEPT_RESIDENT | ID_ACCEPT_HK_MO_TW_PERMIT;

// Province-level codes of GB/T 2260 where resident IDs are issued, plus 71
// (Taiwan, listed in GB/T 2260). 81/82/83 are only the permits' 810000/820000/830000.
@lazy const PROVINCES = memory.data<u8>([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71,
]);
const PROVINCE_COUNT: i32 = 32;
/** The mainland provinces come first: the issuing offices of the foreign permanent residence ID. */
const MAINLAND_PROVINCE_COUNT: i32 = 31;
/** First two digits of a permit number: 81 Hong Kong, 82 Macao, 83 Taiwan; the next four are 0000. */
const PERMIT_FIRST: i32 = 81;
const PERMIT_LAST: i32 = 83;
/** First digit of the 2023 foreign permanent residence ID ("身份标识码"). */
const FOREIGN_2023_MARK: i32 = 9;

// The normalised form being checked (built here so a 15-digit number can be converted).
@lazy const ID18: usize = memory.data(ID_LENGTH);
// ICAO 9303 check digit weights (the 2017 foreign permanent residence ID).
@lazy const WEIGHTS_731 = memory.data<u8>([7, 3, 1]);

let sex: i32 = 0;
let birthDate: i32 = 0;
let legacy: bool = false;
let kind: i32 = IdType.NONE;

/** 1 male, 2 female, after a valid checkIdNumber(); 0 otherwise. */
export function idSex(): i32 {
  return sex;
}

/** Birth date as YYYYMMDD after a valid checkIdNumber(); 0 otherwise. */
export function idBirthDate(): i32 {
  return birthDate;
}

/**
 * The IdType the last checkIdNumber() recognised from the number's shape (also
 * when a later rule failed, and with ID_WRONG_TYPE); NONE when the shape is no
 * document's.
 */
export function idType(): i32 {
  return kind;
}

/** Zeroes the normalised form and the sex, birth date and type of the last number checked (wipeChecks(), R10). */
export function wipeIdScratch(): void {
  wipe(ID18, ID_LENGTH);
  sex = 0;
  birthDate = 0;
  legacy = false;
  kind = IdType.NONE;
}

/** True when wipeIdScratch() has nothing left to zero. */
export function idScratchIsZero(): bool {
  for (let i = 0; i < ID_LENGTH; i++) if (load<u8>(ID18 + <usize>i) != 0) return false;
  return sex == 0 && birthDate == 0 && !legacy && kind == IdType.NONE;
}

/** The ISO 7064 MOD 11-2 check character (ASCII) over the first 17 digits at p. */
export function idCheckCharacter(p: usize): i32 {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (<i32>load<u8>(p + <usize>i) - CH_ZERO) * <i32>load<u8>(WEIGHTS + <usize>i);
  }
  return <i32>load<u8>(CHECK_CHARACTERS + <usize>(sum % 11));
}

/**
 * The ICAO 9303 check digit (ASCII) over n characters at p: digits count as
 * themselves, letters A-Z as 10-35, weights 7 3 1 repeating, sum mod 10.
 */
export function icaoCheckDigit(p: usize, n: i32): i32 {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    const value = isAsciiDigit(c) ? c - CH_ZERO : c - CH_UPPER_A + 10;
    sum += value * <i32>load<u8>(WEIGHTS_731 + <usize>(i % 3));
  }
  return CH_ZERO + sum % 10;
}

function isProvince(code: i32, count: i32): bool {
  for (let k = 0; k < count; k++) {
    if (<i32>load<u8>(PROVINCES + <usize>k) == code) return true;
  }
  return false;
}

/** Source offset of position p of the normalised form (the inserted "19" maps to the year). */
function sourceOffset(p: i32): i32 {
  if (!legacy) return collectedOffset(p);
  if (p < 6) return collectedOffset(p);
  if (p < 8) return collectedOffset(6);
  return collectedOffset(p - 2);
}

/** The type an 18-digit (or legacy 15-digit) number's first digits name. */
function numericType(): i32 {
  if (legacy) return IdType.RESIDENT;
  const first2 = digitsValue(ID18, 2);
  if (first2 / 10 == FOREIGN_2023_MARK) return IdType.FOREIGN_PR_2023;
  if (first2 >= PERMIT_FIRST && first2 <= PERMIT_LAST) return IdType.HK_MO_TW_PERMIT;
  return IdType.RESIDENT;
}

/** The birth date of a 2017 foreign permanent residence ID: YYMMDD read as 20YY when that is not after today, else 19YY. */
function foreign2017Birth(yymmdd: i32, today: i32): i32 {
  const in2000s = 20000000 + yymmdd;
  const valid2000s = isValidDate(in2000s);
  if (valid2000s && in2000s <= today) return in2000s;
  const in1900s = 19000000 + yymmdd;
  if (isValidDate(in1900s)) return in1900s;
  return valid2000s ? in2000s : 0;
}

/**
 * Checks an ID number (UTF-8; full-width digits and letters, lower case and
 * spaces accepted) by the rule of the document its shape names, and accepts it
 * when that type is in `accept` (ID_ACCEPT_*; a valid number of another type is
 * ID_WRONG_TYPE, expected = accept, found = its IdType). Writes the normalised
 * characters at out (18, or 15 for the 2017 foreign permanent residence ID; as
 * far as they go when invalid; checkedLength() says how many). today is the
 * caller's clock as YYYYMMDD: a birth date after it is refused. On success
 * idSex(), idBirthDate() and idType() describe the holder.
 */
export function checkIdNumber(src: usize, len: i32, out: usize, today: i32, accept: i32 = ID_ACCEPT_DEFAULT): i32 {
  setCheckedLength(0);
  sex = 0;
  birthDate = 0;
  legacy = false;
  kind = IdType.NONE;
  if (len < 0 || !isValidDate(today) || (accept & ~ID_ACCEPT_ALL) != 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  const n = collectDigits(src, len, Collect.ALLOW_X | Collect.ALLOW_LETTERS);
  if (n < 0) return failAt(ErrorCode.ID_BAD_CHARACTER, collectBadOffset());
  // Three letters first: the 2017 foreign permanent residence ID, whatever follows (its 12 digits are checked
  // after its length). Otherwise digits, and X only as the check value 10 of an 18-character number.
  // What was collected is digits and upper-case letters: above '9' is a letter.
  const foreign2017 = n >= 3 && collectedAt(0) > CH_NINE && collectedAt(1) > CH_NINE && collectedAt(2) > CH_NINE;
  const size = foreign2017 ? ID_FOREIGN_2017_LENGTH : ID_LENGTH;
  if (foreign2017) kind = IdType.FOREIGN_PR_2017;
  else {
    for (let k = 0; k < n; k++) {
      const c = collectedAt(k);
      if (c > CH_NINE && c != CH_UPPER_X) return failAt(ErrorCode.ID_BAD_CHARACTER, collectedOffset(k));
    }
  }
  // What was collected, as far as the form goes, until it is known valid (overwritten below when it is).
  setCheckedLength(copyCollected(0, n < size ? n : size, out));
  if (n != size && (foreign2017 || n != ID_LEGACY_LENGTH)) {
    return failAt(ErrorCode.ID_BAD_LENGTH, n > size ? collectedOffset(size) : len);
  }
  // Only digits from here on, but the check value X of an 18-character number (the letters are all X by now).
  for (let k = foreign2017 ? 3 : 0; k < n; k++) {
    if (collectedAt(k) > CH_NINE && k != ID_LENGTH - 1) return failAt(ErrorCode.ID_BAD_CHARACTER, collectedOffset(k));
  }
  legacy = n == ID_LEGACY_LENGTH && !foreign2017;
  copyCollected(0, size, ID18);
  if (legacy) {
    // 15 -> 18: the century "19" goes before YYMMDD, the check character is computed.
    copyCollected(6, 9, ID18 + 8);
    store<u8>(ID18 + 6, <u8>(CH_ZERO + 1));
    store<u8>(ID18 + 7, <u8>(CH_ZERO + 9));
    store<u8>(ID18 + 17, <u8>idCheckCharacter(ID18));
  }
  copyBytes(out, ID18, size);
  setCheckedLength(size);
  if (!foreign2017) kind = numericType();

  if (legacy && digitsValue(ID18 + 14, 3) >= 996) {
    // The 1989 rules gave centenarians (born 18xx) sequence codes 996-999, so "19" would be wrong.
    return failAt(ErrorCode.ID_LEGACY_CENTENARIAN, sourceOffset(14));
  }
  // The region: a permit's 0000 after 81-83; else a province (a foreign permanent residence ID's issuing
  // office, 2017 after the nationality letters, 2023 after the "9": mainland only; the nationality is not looked up).
  const regionAt = foreign2017 ? 3 : kind == IdType.FOREIGN_PR_2023 ? 1 : kind == IdType.HK_MO_TW_PERMIT ? 2 : 0;
  if (kind == IdType.HK_MO_TW_PERMIT
    ? digitsValue(ID18 + 2, 4) != 0
    : !isProvince(digitsValue(ID18 + <usize>regionAt, 2), kind == IdType.RESIDENT ? PROVINCE_COUNT : MAINLAND_PROVINCE_COUNT)) {
    return failAt(ErrorCode.ID_BAD_REGION, sourceOffset(regionAt));
  }
  const bornAt = foreign2017 ? 7 : 6;
  const born = foreign2017 ? foreign2017Birth(digitsValue(ID18 + 7, 6), today) : digitsValue(ID18 + 6, 8);
  if (!isValidDate(born) || born < ID_EARLIEST_YEAR * 10000) return failAt(ErrorCode.ID_BAD_DATE, sourceOffset(bornAt));
  if (born > today) return failAt(ErrorCode.ID_FUTURE_DATE, sourceOffset(bornAt));
  const checkAt = size - 1;
  if (!legacy && (foreign2017 ? icaoCheckDigit(ID18, checkAt) : idCheckCharacter(ID18)) != <i32>load<u8>(ID18 + <usize>checkAt)) {
    return failAt(ErrorCode.ID_CHECK_DIGIT, sourceOffset(checkAt));
  }
  if ((accept & (1 << kind)) == 0) return fail(ErrorCode.ID_WRONG_TYPE, 0, sourceOffset(0), accept, kind);
  // The sequence's last digit, before the check character: odd for a man ('0' is even).
  sex = 2 - (<i32>load<u8>(ID18 + <usize>(checkAt - 1)) & 1);
  birthDate = born;
  return ErrorCode.OK;
}
