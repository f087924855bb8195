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
import { checkIdNumber, idSex, idBirthDate, idType, IdType, ID_ACCEPT_ALL } from "./idnumber";
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
function outputIs(n: i32, v: V): bool {
  if (n != len(v)) return false;
  const p = at(v);
  for (let k = 0; k < n; k++) {
    if (load<u8>(OUT + <usize>k) != load<u8>(p + <usize>k)) return false;
  }
  return true;
}

export function checksSelfTest(): i32 {
  // 101-102: Luhn and BIN, UnionPay's test debit card passes, its test credit card does not.
  if (checkPan(at(V.PAN_SPACED), len(V.PAN_SPACED), OUT) != 0 || !outputIs(checkedLength(), V.PAN)) return 101;
  if (checkPan(at(V.PAN_LUHN_UNIONPAY), len(V.PAN_LUHN_UNIONPAY), OUT) != ErrorCode.PAN_LUHN_UNIONPAY) return 102;
  // 104-107: GB 11643 examples; a changed check character fails; the 15-digit form converts.
  if (checkIdNumber(at(V.ID_LOWER_X), len(V.ID_LOWER_X), OUT, TODAY) != 0 || !outputIs(checkedLength(), V.ID)) return 104;
  if (idSex() != 2 || idBirthDate() != 19491231) return 105;
  if (checkIdNumber(at(V.ID_BAD_CHECK), len(V.ID_BAD_CHECK), OUT, TODAY) != ErrorCode.ID_CHECK_DIGIT) return 106;
  if (checkIdNumber(at(V.ID_15), len(V.ID_15), OUT, TODAY) != 0 || !outputIs(checkedLength(), V.ID_15_AS_18)) return 107;
  // 108-109: phone with country code; name with a look-alike dot.
  if (checkPhone(at(V.PHONE_DIALLED), len(V.PHONE_DIALLED), OUT) != 0 || !outputIs(checkedLength(), V.PHONE)) return 108;
  if (checkName(at(V.NAME_KATAKANA_DOT), len(V.NAME_KATAKANA_DOT), OUT) != 0 || !outputIs(checkedLength(), V.NAME_MIDDLE_DOT)) return 109;
  // 110-111: expiry against the clock; track 2 fields.
  if (checkExpiry(at(V.EXPIRY_PAST), len(V.EXPIRY_PAST), TODAY) != ErrorCode.EXPIRED || checkExpiry(at(V.EXPIRY_NEXT), len(V.EXPIRY_NEXT), TODAY) != 0) return 110;
  if (checkTrack2(at(V.TRACK2), len(V.TRACK2)) != 0 || track2ExpiryOffset() != 21 || track2ServiceCodeOffset() != 25) return 111;
  // 112-115: masks.
  if (!outputIs(maskPan(at(V.PAN), len(V.PAN), OUT), V.PAN_MASKED)) return 112;
  if (!outputIs(maskIdNumber(at(V.ID), len(V.ID), OUT), V.ID_MASKED)) return 113;
  if (!outputIs(maskPhone(at(V.PHONE), len(V.PHONE), OUT), V.PHONE_MASKED)) return 114;
  if (!outputIs(maskName(at(V.NAME), len(V.NAME), OUT), V.NAME_MASKED)) return 115;
  // 116-119: the other ID types (HK permit; 2017 and 2023 foreign permanent residence IDs,
  // refused unless asked for) and the 2017 mask.
  if (checkIdNumber(at(V.HK_PERMIT), len(V.HK_PERMIT), OUT, TODAY) != 0 || idType() != IdType.HK_MO_TW_PERMIT) return 116;
  if (checkIdNumber(at(V.FOREIGN_2017_TYPED), len(V.FOREIGN_2017_TYPED), OUT, TODAY, ID_ACCEPT_ALL) != 0 || !outputIs(checkedLength(), V.FOREIGN_2017) || idBirthDate() != 19901231) return 117;
  if (checkIdNumber(at(V.FOREIGN_2023), len(V.FOREIGN_2023), OUT, TODAY) != ErrorCode.ID_WRONG_TYPE) return 118;
  if (!outputIs(maskIdNumber(at(V.FOREIGN_2017), len(V.FOREIGN_2017), OUT), V.FOREIGN_2017_MASKED)) return 119;
  // 120: a Latin name with an apostrophe typed as U+2019.
  if (checkName(at(V.NAME_CURLY_APOSTROPHE), len(V.NAME_CURLY_APOSTROPHE), OUT) != 0 || !outputIs(checkedLength(), V.NAME_APOSTROPHE)) return 120;
  return 0;
}

/** The tools module's own: 103, a Visa number's scheme. */
export function checksToolsSelfTest(): i32 {
  return panScheme(at(V.PAN_VISA), len(V.PAN_VISA)) != PanScheme.VISA ? 103 : 0;
}
