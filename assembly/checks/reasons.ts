// What a check found, in words a screen or a log can use: the stable reason key
// of each code (the ErrorCode name in lower case), and the length of the
// normalised value the last check wrote.
import { ErrorCode, fail } from "../abi";

let checked: i32 = 0;

/** Bytes of the normalised value the last check wrote at `out` (also when it failed, as far as they go). */
export function checkedLength(): i32 {
  return checked;
}

export function setCheckedLength(length: i32): void {
  checked = length;
}

/** fail() with field 0 and nothing expected or found: a code and where in its input it arose (the checks, the profile). */
export function failAt(code: i32, offset: i32): i32 {
  return fail(code, 0, offset);
}

/**
 * The reason key for a code, as a static string (no allocation): "ok" for 0,
 * "" for a code that is not a check's. Keys never change once published; hosts
 * and screens key their texts on them.
 */
export function reasonKey(code: i32): string {
  switch (code) {
    case ErrorCode.OK: return "ok";
    case ErrorCode.INPUT_TOO_LONG: return "input_too_long";
    case ErrorCode.BAD_ARGUMENT: return "bad_argument";
    case ErrorCode.PAN_BAD_CHARACTER: return "pan_bad_character";
    case ErrorCode.PAN_TOO_SHORT: return "pan_too_short";
    case ErrorCode.PAN_TOO_LONG: return "pan_too_long";
    case ErrorCode.PAN_LUHN: return "pan_luhn";
    case ErrorCode.PAN_LUHN_UNIONPAY: return "pan_luhn_unionpay";
    case ErrorCode.ID_BAD_CHARACTER: return "id_bad_character";
    case ErrorCode.ID_BAD_LENGTH: return "id_bad_length";
    case ErrorCode.ID_BAD_REGION: return "id_bad_region";
    case ErrorCode.ID_BAD_DATE: return "id_bad_date";
    case ErrorCode.ID_FUTURE_DATE: return "id_future_date";
    case ErrorCode.ID_CHECK_DIGIT: return "id_check_digit";
    case ErrorCode.ID_LEGACY_CENTENARIAN: return "id_legacy_centenarian";
    case ErrorCode.ID_WRONG_TYPE: return "id_wrong_type";
    case ErrorCode.PHONE_BAD_CHARACTER: return "phone_bad_character";
    case ErrorCode.PHONE_BAD_LENGTH: return "phone_bad_length";
    case ErrorCode.PHONE_BAD_PREFIX: return "phone_bad_prefix";
    case ErrorCode.PHONE_NOT_MAINLAND: return "phone_not_mainland";
    case ErrorCode.NAME_BAD_UTF8: return "name_bad_utf8";
    case ErrorCode.NAME_TOO_SHORT: return "name_too_short";
    case ErrorCode.NAME_TOO_LONG: return "name_too_long";
    case ErrorCode.NAME_DIGIT: return "name_digit";
    case ErrorCode.NAME_BAD_CHARACTER: return "name_bad_character";
    case ErrorCode.NAME_MIXED_SCRIPTS: return "name_mixed_scripts";
    case ErrorCode.NAME_BAD_DOT: return "name_bad_dot";
    case ErrorCode.NAME_BAD_PUNCTUATION: return "name_bad_punctuation";
    case ErrorCode.EXPIRY_MALFORMED: return "expiry_malformed";
    case ErrorCode.EXPIRY_BAD_MONTH: return "expiry_bad_month";
    case ErrorCode.EXPIRED: return "expired";
    case ErrorCode.TRACK2_BAD_CHARACTER: return "track2_bad_character";
    case ErrorCode.TRACK2_NO_SEPARATOR: return "track2_no_separator";
    case ErrorCode.TRACK2_BAD_PAN: return "track2_bad_pan";
    case ErrorCode.TRACK2_SHORT: return "track2_short";
    case ErrorCode.TRACK2_BAD_SENTINEL: return "track2_bad_sentinel";
    case ErrorCode.TRACK2_TOO_LONG: return "track2_too_long";
  }
  return "";
}

/** Writes the reason key for a code as ASCII at out; returns its length (0 when unknown). */
export function writeReasonKey(code: i32, out: usize): i32 {
  const key = reasonKey(code);
  const n = key.length;
  for (let k = 0; k < n; k++) store<u8>(out + <usize>k, <u8>key.charCodeAt(k));
  return n;
}
