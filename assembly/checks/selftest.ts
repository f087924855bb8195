// Known answers for the input checks, run by the power-on self test (100s):
// checksSelfTest() those of the checks the terminal's flow runs, checksToolsSelfTest()
// those only the tools module carries (card scheme).
// Inputs and expected outputs are rows of VECTORS, carried as one UTF-8 block
// (scripts/gen-texts.mjs writes assembly/generated/vectors.ts from the table):
// a check reads its input straight from there, so the test allocates nothing.
import { ErrorCode } from "../abi";
import { vectorAt as at, vectorLength as len } from "../generated/vectors";
import { checkedLength } from "./reasons";
import { checkPan, panScheme, PanScheme } from "./pan";
import { checkIdNumber, idSex, idBirthDate, idType, IdType, ID_ACCEPT_ALL, ID_ACCEPT_DEFAULT } from "./idnumber";
import { checkPhone } from "./phone";
import { checkName } from "./name";
import { checkExpiry } from "./expiry";
import { checkTrack2, track2ExpiryOffset, track2ServiceCodeOffset } from "./track2";
import { maskPan, maskIdNumber, maskPhone, maskName } from "./mask";

@lazy const OUT: usize = memory.data(256);
const TODAY: i32 = 20260101;

/** The vectors: an input or an expected output each. */
const enum V {
  PAN_SPACED,
  PAN,
  PAN_LUHN_UNIONPAY,
  PAN_VISA,
  ID_LOWER_X,
  ID,
  ID_BAD_CHECK,
  ID_15,
  ID_15_AS_18,
  PHONE_DIALLED,
  PHONE,
  NAME_KATAKANA_DOT,
  NAME_MIDDLE_DOT,
  EXPIRY_PAST,
  EXPIRY_NEXT,
  TRACK2,
  PAN_MASKED,
  ID_MASKED,
  PHONE_MASKED,
  NAME,
  NAME_MASKED,
  HK_PERMIT,
  FOREIGN_2017_TYPED,
  FOREIGN_2017,
  FOREIGN_2023,
  FOREIGN_2017_MASKED,
  NAME_CURLY_APOSTROPHE,
  NAME_APOSTROPHE,
  COUNT,
}

/** The vectors' text, in enum order. */
@lazy const VECTORS: StaticArray<string> = [
  "6216 2610 0000 0000 018",
  "6216261000000000018",
  "6221558812340000",
  "4111111111111111",
  "11010519491231002x",
  "11010519491231002X",
  "110105194912310021",
  "441900890101221",
  "441900198901012219",
  "+86 135-1234-5506",
  "13512345506",
  "阿卜杜・热合曼",
  "阿卜杜·热合曼",
  "2512",
  "2601",
  ";6216261000000000018=29122010000000000?",
  "621626*********0018",
  "110105********002X",
  "135****5506",
  "张三丰",
  "张**",
  "810000199408230021",
  "kaz110090123105",
  "KAZ110090123105",
  "911398199012310021",
  "KAZ1100******05",
  "O\u2019NEIL",
  "O'NEIL",
];

/** Whether OUT holds exactly vector v (n bytes). */
function outputIs(n: i32, v: i32): bool {
  if (n != len(v)) return false;
  const p = at(v);
  for (let k = 0; k < n; k++) {
    if (load<u8>(OUT + <usize>k) != load<u8>(p + <usize>k)) return false;
  }
  return true;
}

/** What a known answer runs on its input vector; HOLDER runs nothing and looks at the last ID number's holder again. */
const enum Run { PAN, ID, ID_ANY_TYPE, PHONE, NAME, EXPIRY, TRACK2, MASK_PAN, MASK_ID, MASK_PHONE, MASK_NAME, HOLDER }

/** No output compared. */
const ANY: u8 = <u8>V.COUNT;
/** Bytes per row of ANSWERS. */
const ROW: i32 = 6;

/**
 * The known answers, in the order they run, one row each: the number it fails with (less 100),
 * what it runs, the input vector, the output vector expected (ANY: not compared), minus the code
 * expected (a mask's is 0), and the extra expected (EXTRAS index; 0 none): for an ID number its
 * holder (birth date, sex and type as YYYYMMDDST), for a track 2 where its expiry and service code are.
 */
@lazy const ANSWERS: usize = memory.data<u8>([
  // 101-102: Luhn and BIN, UnionPay's test debit card passes, its test credit card does not.
  1, <u8>Run.PAN, <u8>V.PAN_SPACED, <u8>V.PAN, 0, 0,
  2, <u8>Run.PAN, <u8>V.PAN_LUHN_UNIONPAY, ANY, <u8>-ErrorCode.PAN_LUHN_UNIONPAY, 0,
  // 104-107: GB 11643 examples; a changed check character fails; the 15-digit form converts.
  4, <u8>Run.ID, <u8>V.ID_LOWER_X, <u8>V.ID, 0, 0,
  5, <u8>Run.HOLDER, 0, ANY, 0, 1,
  6, <u8>Run.ID, <u8>V.ID_BAD_CHECK, ANY, <u8>-ErrorCode.ID_CHECK_DIGIT, 0,
  7, <u8>Run.ID, <u8>V.ID_15, <u8>V.ID_15_AS_18, 0, 0,
  // 108-109: phone with country code; name with a look-alike dot.
  8, <u8>Run.PHONE, <u8>V.PHONE_DIALLED, <u8>V.PHONE, 0, 0,
  9, <u8>Run.NAME, <u8>V.NAME_KATAKANA_DOT, <u8>V.NAME_MIDDLE_DOT, 0, 0,
  // 110-111: expiry against the clock; track 2 fields.
  10, <u8>Run.EXPIRY, <u8>V.EXPIRY_PAST, ANY, <u8>-ErrorCode.EXPIRED, 0,
  10, <u8>Run.EXPIRY, <u8>V.EXPIRY_NEXT, ANY, 0, 0,
  11, <u8>Run.TRACK2, <u8>V.TRACK2, ANY, 0, 2,
  // 112-115: masks.
  12, <u8>Run.MASK_PAN, <u8>V.PAN, <u8>V.PAN_MASKED, 0, 0,
  13, <u8>Run.MASK_ID, <u8>V.ID, <u8>V.ID_MASKED, 0, 0,
  14, <u8>Run.MASK_PHONE, <u8>V.PHONE, <u8>V.PHONE_MASKED, 0, 0,
  15, <u8>Run.MASK_NAME, <u8>V.NAME, <u8>V.NAME_MASKED, 0, 0,
  // 116-119: the other ID types (HK permit; 2017 and 2023 foreign permanent residence IDs,
  // refused unless asked for) and the 2017 mask.
  16, <u8>Run.ID, <u8>V.HK_PERMIT, ANY, 0, 3,
  17, <u8>Run.ID_ANY_TYPE, <u8>V.FOREIGN_2017_TYPED, <u8>V.FOREIGN_2017, 0, 4,
  18, <u8>Run.ID, <u8>V.FOREIGN_2023, ANY, <u8>-ErrorCode.ID_WRONG_TYPE, 0,
  19, <u8>Run.MASK_ID, <u8>V.FOREIGN_2017, <u8>V.FOREIGN_2017_MASKED, 0, 0,
  // 120: a Latin name with an apostrophe typed as U+2019.
  20, <u8>Run.NAME, <u8>V.NAME_CURLY_APOSTROPHE, <u8>V.NAME_APOSTROPHE, 0, 0,
]);
const ANSWER_COUNT: i32 = 20;

/** The extras ANSWERS names (index 0 unused). */
@lazy const EXTRAS: usize = memory.data<i32>([
  0,
  19491231 * 100 + 2 * 10 + IdType.RESIDENT,         // 105: a woman born 1949-12-31
  21 * 100 + 25,                                      // 111: expiry at 21, service code at 25
  19940823 * 100 + 2 * 10 + IdType.HK_MO_TW_PERMIT,  // 116
  19901231 * 100 + 2 * 10 + IdType.FOREIGN_PR_2017,  // 117
]);

export function checksSelfTest(): i32 {
  for (let row = ANSWERS; row < ANSWERS + <usize>(ANSWER_COUNT * ROW); row += ROW) {
    const run = <i32>load<u8>(row, 1);
    const p = at(<i32>load<u8>(row, 2)), n = len(<i32>load<u8>(row, 2));
    let code = 0, written = -1;
    switch (run) {
      case Run.PAN: code = checkPan(p, n, OUT); break;
      case Run.ID: code = checkIdNumber(p, n, OUT, TODAY, ID_ACCEPT_DEFAULT); break;
      case Run.ID_ANY_TYPE: code = checkIdNumber(p, n, OUT, TODAY, ID_ACCEPT_ALL); break;
      case Run.PHONE: code = checkPhone(p, n, OUT); break;
      case Run.NAME: code = checkName(p, n, OUT); break;
      case Run.EXPIRY: code = checkExpiry(p, n, TODAY); break;
      case Run.TRACK2: code = checkTrack2(p, n); break;
      case Run.MASK_PAN: written = maskPan(p, n, OUT); break;
      case Run.MASK_ID: written = maskIdNumber(p, n, OUT); break;
      case Run.MASK_PHONE: written = maskPhone(p, n, OUT); break;
      case Run.MASK_NAME: written = maskName(p, n, OUT); break;
    }
    if (written < 0) written = checkedLength();
    const expected = <i32>load<u8>(row, 3), extra = <i32>load<u8>(row, 5);
    const found = run == Run.TRACK2
      ? track2ExpiryOffset() * 100 + track2ServiceCodeOffset()
      : idBirthDate() * 100 + idSex() * 10 + idType();
    if (code != -<i32>load<u8>(row, 4) || (expected != ANY && !outputIs(written, expected)) ||
      (extra != 0 && found != load<i32>(EXTRAS + (<usize>extra << 2)))) return 100 + <i32>load<u8>(row);
  }
  return 0;
}

/** The tools module's own: 103, a Visa number's scheme. */
export function checksToolsSelfTest(): i32 {
  return panScheme(at(V.PAN_VISA), len(V.PAN_VISA)) != PanScheme.VISA ? 103 : 0;
}
