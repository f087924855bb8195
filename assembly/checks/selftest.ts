// Known answers for the input checks, run by the power-on self test (100s).
// Inputs are string literals (static data) encoded into a scratch buffer, so
// the test allocates nothing.
import { ErrorCode } from "../abi";
import { encodeUtf8 } from "./text";
import { checkedLength } from "./reasons";
import { checkPan, panScheme, PanScheme } from "./pan";
import { checkIdNumber, idSex, idBirthDate, idType, IdType, ID_ACCEPT_ALL } from "./idnumber";
import { checkPhone } from "./phone";
import { checkName } from "./name";
import { checkExpiry } from "./expiry";
import { checkTrack2, track2ExpiryOffset, track2ServiceCodeOffset } from "./track2";
import { maskPan, maskIdNumber, maskPhone, maskName } from "./mask";

const SCRATCH_SIZE: i32 = 256;
@lazy const IN: usize = memory.data(SCRATCH_SIZE);
@lazy const OUT: usize = memory.data(SCRATCH_SIZE);
const TODAY: i32 = 20260101;

/** Encodes a literal (BMP or surrogate pairs) as UTF-8 into IN; returns its length. */
function input(s: string): i32 {
  let w = 0;
  for (let k = 0; k < s.length && w < SCRATCH_SIZE - 4; k++) {
    let cp = s.charCodeAt(k);
    if (cp >= 0xd800 && cp <= 0xdbff && k + 1 < s.length) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (s.charCodeAt(k + 1) - 0xdc00);
      k++;
    }
    w += encodeUtf8(cp, IN + <usize>w);
  }
  return w;
}

/** Whether OUT holds exactly the UTF-8 of `expected` (length n). */
function outputIs(n: i32, expected: string): bool {
  const at = OUT + <usize>SCRATCH_SIZE / 2; // encode the expectation beside the output
  let w = 0;
  for (let k = 0; k < expected.length; k++) w += encodeUtf8(expected.charCodeAt(k), at + <usize>w);
  if (w != n) return false;
  for (let k = 0; k < n; k++) {
    if (load<u8>(OUT + <usize>k) != load<u8>(at + <usize>k)) return false;
  }
  return true;
}

export function checksSelfTest(): i32 {
  // 101-103: Luhn and BIN, UnionPay's test debit card passes, its test credit card does not.
  if (checkPan(IN, input("6216 2610 0000 0000 018"), OUT) != 0 || !outputIs(checkedLength(), "6216261000000000018")) return 101;
  if (checkPan(IN, input("6221558812340000"), OUT) != ErrorCode.PAN_LUHN_UNIONPAY) return 102;
  if (panScheme(IN, input("4111111111111111")) != PanScheme.VISA) return 103;
  // 104-107: GB 11643 examples; a changed check character fails; the 15-digit form converts.
  if (checkIdNumber(IN, input("11010519491231002x"), OUT, TODAY) != 0 || !outputIs(checkedLength(), "11010519491231002X")) return 104;
  if (idSex() != 2 || idBirthDate() != 19491231) return 105;
  if (checkIdNumber(IN, input("110105194912310021"), OUT, TODAY) != ErrorCode.ID_CHECK_DIGIT) return 106;
  if (checkIdNumber(IN, input("441900890101221"), OUT, TODAY) != 0 || !outputIs(checkedLength(), "441900198901012219")) return 107;
  // 108-109: phone with country code; name with a look-alike dot.
  if (checkPhone(IN, input("+86 135-1234-5506"), OUT) != 0 || !outputIs(checkedLength(), "13512345506")) return 108;
  if (checkName(IN, input("阿卜杜・热合曼"), OUT) != 0 || !outputIs(checkedLength(), "阿卜杜·热合曼")) return 109;
  // 110-111: expiry against the clock; track 2 fields.
  if (checkExpiry(IN, input("2512"), TODAY) != ErrorCode.EXPIRED || checkExpiry(IN, input("2601"), TODAY) != 0) return 110;
  if (checkTrack2(IN, input(";6216261000000000018=29122010000000000?")) != 0 || track2ExpiryOffset() != 21 || track2ServiceCodeOffset() != 25) return 111;
  // 112-115: masks.
  if (!outputIs(maskPan(IN, input("6216261000000000018"), OUT), "621626*********0018")) return 112;
  if (!outputIs(maskIdNumber(IN, input("11010519491231002X"), OUT), "110105********002X")) return 113;
  if (!outputIs(maskPhone(IN, input("13512345506"), OUT), "135****5506")) return 114;
  if (!outputIs(maskName(IN, input("张三丰"), OUT), "张**")) return 115;
  // 116-119: the other ID types (HK permit; 2017 and 2023 foreign permanent residence IDs,
  // refused unless asked for) and the 2017 mask.
  if (checkIdNumber(IN, input("810000199408230021"), OUT, TODAY) != 0 || idType() != IdType.HK_MO_TW_PERMIT) return 116;
  if (checkIdNumber(IN, input("kaz110090123105"), OUT, TODAY, ID_ACCEPT_ALL) != 0 || !outputIs(checkedLength(), "KAZ110090123105") || idBirthDate() != 19901231) return 117;
  if (checkIdNumber(IN, input("911398199012310021"), OUT, TODAY) != ErrorCode.ID_WRONG_TYPE) return 118;
  if (!outputIs(maskIdNumber(IN, input("KAZ110090123105"), OUT), "KAZ1100******05")) return 119;
  // 120: a Latin name with an apostrophe typed as U+2019.
  if (checkName(IN, input("O\u2019NEIL"), OUT) != 0 || !outputIs(checkedLength(), "O'NEIL")) return 120;
  return 0;
}
