// The input checks, reason by reason: the vectors of tests/vectors/checks.json
// (through the generated checks-vectors.ts), then what JSON cannot carry
// (malformed UTF-8, long names) and properties (every single-digit mutation of
// a known answer fails).
import { ErrorCode, beginCall, getErrorOffset, getErrorExpected, getErrorFound } from "../../assembly/abi";
import { reasonKey, checkedLength } from "../../assembly/checks/reasons";
import { checkPan, panScheme, PanScheme, luhnValid } from "../../assembly/checks/pan";
import {
  checkIdNumber, idSex, idBirthDate, idType, icaoCheckDigit, IdType, ID_ACCEPT_ALL, ID_ACCEPT_DEFAULT, ID_ACCEPT_RESIDENT,
  ID_ACCEPT_HK_MO_TW_PERMIT, ID_ACCEPT_FOREIGN_PR,
} from "../../assembly/checks/idnumber";
import { checkPhone } from "../../assembly/checks/phone";
import { checkName, isCjkIdeograph, NAME_MAX_BYTES } from "../../assembly/checks/name";
import { checkExpiry } from "../../assembly/checks/expiry";
import {
  checkTrack2, track2PanOffset, track2PanLength, track2ExpiryOffset, track2ServiceCodeOffset,
} from "../../assembly/checks/track2";
import { maskPan, maskIdNumber, maskPhone, maskName } from "../../assembly/checks/mask";
import { decodeUtf8, collectedAt, collectedOffset, COLLECT_CAPACITY } from "../../assembly/checks/text";
import { wipeChecks, checksWiped } from "../../assembly/checks/wipe";
import { CHECK_VECTORS, CheckVector } from "./checks-vectors";

const TODAY: i32 = 20260101;
const OUT: usize = memory.data(NAME_MAX_BYTES + 64);
let src: usize = 0;
let srcLength: i32 = 0;
let bytes: ArrayBuffer = new ArrayBuffer(0);

/** Puts a string (as UTF-8) where the checks read it. */
function setSource(s: string): void {
  bytes = String.UTF8.encode(s);
  src = changetype<usize>(bytes);
  srcLength = bytes.byteLength;
}

function outText(n: i32): string {
  return String.UTF8.decodeUnsafe(OUT, <usize>n);
}

function schemeName(scheme: i32): string {
  if (scheme == PanScheme.UNIONPAY) return "unionpay";
  if (scheme == PanScheme.VISA) return "visa";
  if (scheme == PanScheme.MASTERCARD) return "mastercard";
  if (scheme == PanScheme.AMEX) return "amex";
  if (scheme == PanScheme.JCB) return "jcb";
  return "unknown";
}

function sourceSlice(at: i32, n: i32): string {
  return at < 0 ? "" : String.UTF8.decodeUnsafe(src + <usize>at, <usize>n);
}

/** Runs one vector through its check and asserts what it states. */
function runVector(v: CheckVector): void {
  setSource(v.value);
  const now = v.now != 0 ? v.now : TODAY;
  const what = v.kind + " " + v.value;
  beginCall();
  let code = 0;
  if (v.kind == "pan") code = checkPan(src, srcLength, OUT);
  else if (v.kind == "id") code = checkIdNumber(src, srcLength, OUT, now, ID_ACCEPT_ALL);
  else if (v.kind == "phone") code = checkPhone(src, srcLength, OUT);
  else if (v.kind == "name") code = checkName(src, srcLength, OUT);
  else if (v.kind == "expiry") code = checkExpiry(src, srcLength, now);
  else code = checkTrack2(src, srcLength);
  expect(reasonKey(code)).toBe(v.reason, what);
  if (code != 0) expect(code).toBeLessThan(-99, what);
  if (v.offset >= 0) expect(getErrorOffset()).toBe(v.offset, what + " offset");
  if (v.kind == "track2") {
    if (v.pan != "") expect(sourceSlice(track2PanOffset(), track2PanLength())).toBe(v.pan, what);
    if (v.expiry != "") expect(sourceSlice(track2ExpiryOffset(), 4)).toBe(v.expiry, what);
    if (v.serviceCode != "") expect(sourceSlice(track2ServiceCodeOffset(), 3)).toBe(v.serviceCode, what);
    return;
  }
  const n = checkedLength();
  if (v.normalised != "") expect(outText(n)).toBe(v.normalised, what + " normalised");
  if (v.masked != "") {
    let m = 0;
    if (v.kind == "pan") m = maskPan(OUT, n, OUT);
    else if (v.kind == "id") m = maskIdNumber(OUT, n, OUT);
    else if (v.kind == "phone") m = maskPhone(OUT, n, OUT);
    else m = maskName(OUT, n, OUT);
    expect(outText(m)).toBe(v.masked, what + " masked");
  }
  if (v.scheme != "") expect(schemeName(panScheme(src, srcLength))).toBe(v.scheme, what);
  if (v.sex != 0) expect(idSex()).toBe(v.sex, what);
  if (v.birthDate != 0) expect(idBirthDate()).toBe(v.birthDate, what);
}

let kindUnderTest: string = "";

function runKind(): void {
  let seen = 0;
  for (let k = 0; k < CHECK_VECTORS.length; k++) {
    const v = CHECK_VECTORS[k];
    if (v.kind != kindUnderTest) continue;
    runVector(v);
    seen++;
  }
  expect(seen).toBeGreaterThan(3, kindUnderTest);
}

describe("check vectors (tests/vectors/checks.json)", () => {
  /** Card numbers: published test cards of each scheme, UnionPay's Luhn-failing card, each PAN reason. */
  it("pan", () => { kindUnderTest = "pan"; runKind(); });
  /** ID numbers: the GB 11643 examples (incl. born 1880), x / full-width Ｘ, 15 -> 18, each ID reason. */
  it("id", () => { kindUnderTest = "id"; runKind(); });
  /** Mobile numbers with +86 / 0086, spaces, dashes, and each phone reason. */
  it("phone", () => { kindUnderTest = "phone"; runKind(); });
  /** Names: dots normalised, Extension A/B ideographs, Latin names, each name reason JSON can carry. */
  it("name", () => { kindUnderTest = "name"; runKind(); });
  /** Expiry against the clock: good through the month's last day, expired, bad month, malformed. */
  it("expiry", () => { kindUnderTest = "expiry"; runKind(); });
  /** Track 2: sentinels, D separator and F padding, absent expiry, each track 2 reason. */
  it("track2", () => { kindUnderTest = "track2"; runKind(); });
});

let mutant: ArrayBuffer = new ArrayBuffer(0);

describe("card number (PAN)", () => {
  /** Luhn detects every single-digit error: each one-digit change of a valid PAN fails. */
  it("rejects every single-digit mutation of a valid PAN", () => {
    mutant = String.UTF8.encode("6216261000000000018");
    const p = changetype<usize>(mutant);
    for (let i = 0; i < mutant.byteLength; i++) {
      const original = load<u8>(p + i);
      for (let d: u8 = 0x30; d <= 0x39; d++) {
        if (d == original) continue;
        store<u8>(p + i, d);
        expect(luhnValid(p, mutant.byteLength)).toBe(false);
        const code = checkPan(p, mutant.byteLength, OUT);
        expect(code == ErrorCode.PAN_LUHN || code == ErrorCode.PAN_LUHN_UNIONPAY).toBe(true);
      }
      store<u8>(p + i, original);
    }
    expect(checkPan(p, mutant.byteLength, OUT)).toBe(0);
  });

  /** Only a 62 card failing Luhn gets the re-confirm reason; the same digits after 4 are refused. */
  it("gives the re-confirm reason to 62 cards only", () => {
    setSource("6221558812340000");
    expect(checkPan(src, srcLength, OUT)).toBe(ErrorCode.PAN_LUHN_UNIONPAY);
    setSource("6221558812340001");
    expect(checkPan(src, srcLength, OUT)).toBe(ErrorCode.PAN_LUHN_UNIONPAY);
    setSource("4221558812340001");
    expect(checkPan(src, srcLength, OUT)).toBe(ErrorCode.PAN_LUHN);
  });

  /** Scheme boundaries from the BIN table: 2221 and 2720 are Mastercard, 2220 and 2721 not; 81 is UnionPay. */
  it("classifies BIN range edges", () => {
    setSource("2221000000000009"); expect(panScheme(src, srcLength)).toBe(PanScheme.MASTERCARD);
    setSource("2720990000000007"); expect(panScheme(src, srcLength)).toBe(PanScheme.MASTERCARD);
    setSource("2220990000000000"); expect(panScheme(src, srcLength)).toBe(PanScheme.UNKNOWN);
    setSource("2721000000000000"); expect(panScheme(src, srcLength)).toBe(PanScheme.UNKNOWN);
    setSource("3527000000000000"); expect(panScheme(src, srcLength)).toBe(PanScheme.UNKNOWN);
    setSource("3589000000000000"); expect(panScheme(src, srcLength)).toBe(PanScheme.JCB);
    setSource("8171999927660000"); expect(panScheme(src, srcLength)).toBe(PanScheme.UNIONPAY);
    setSource("34"); expect(panScheme(src, srcLength)).toBe(PanScheme.AMEX);
    setSource("x"); expect(panScheme(src, srcLength)).toBe(PanScheme.UNKNOWN);
  });

  /** An empty entry is too short, with the digits written so far (none) reported. */
  it("reports an empty entry as too short", () => {
    setSource("");
    expect(checkPan(src, 0, OUT)).toBe(ErrorCode.PAN_TOO_SHORT);
    expect(checkedLength()).toBe(0);
  });
});

describe("ID number (GB 11643)", () => {
  /** Every single-character change of the standard's example fails (check digit, date or region). */
  it("rejects every single-digit mutation of 11010519491231002X", () => {
    everyMutationFails("11010519491231002X", ID_ACCEPT_DEFAULT, 0);
  });

  /** Leap years: 2000-02-29 exists, 1900-02-29 does not (check characters valid in both). */
  it("knows leap years", () => {
    setSource("110101200002290018");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(0);
    expect(idBirthDate()).toBe(20000229);
    setSource("110101190002290011");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(ErrorCode.ID_BAD_DATE);
  });

  /** A birth date on the day of the clock passes; the clock must itself be a date. */
  it("takes the clock from the caller", () => {
    setSource("11010519491231002X");
    expect(checkIdNumber(src, srcLength, OUT, 19491231)).toBe(0);
    expect(checkIdNumber(src, srcLength, OUT, 19491301)).toBe(ErrorCode.BAD_ARGUMENT);
  });

  /** Sex and birth date are cleared by a failed check, so a stale holder is never described. */
  it("clears sex and birth date on failure", () => {
    setSource("440524188001010014");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(0);
    expect(idSex()).toBe(1);
    setSource("440524188001010015");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(ErrorCode.ID_CHECK_DIGIT);
    expect(idSex()).toBe(0);
    expect(idBirthDate()).toBe(0);
  });
});

/** Every single-character change of a valid number at positions from..n-2 is refused (digits, or letters where letters stand). */
function everyMutationFails(value: string, accept: i32, from: i32): void {
  mutant = String.UTF8.encode(value);
  const p = changetype<usize>(mutant);
  const n = mutant.byteLength;
  for (let i = from; i < n - 1; i++) {
    const original = load<u8>(p + i);
    const letter = original >= 0x41;
    const first: u8 = letter ? 0x41 : 0x30;
    const last: u8 = letter ? 0x5a : 0x39;
    for (let d: u8 = first; d <= last; d++) {
      if (d == original) continue;
      store<u8>(p + i, d);
      expect(checkIdNumber(p, n, OUT, TODAY, accept)).toBeLessThan(0, value + " at " + i.toString());
    }
    store<u8>(p + i, original);
  }
  expect(checkIdNumber(p, n, OUT, TODAY, accept)).toBe(0, value);
}

describe("ID types (residence permits, foreign permanent residence IDs)", () => {
  /** Each type is recognised from its shape and reported by idType(), also when a later rule fails. */
  it("reports the type the shape names", () => {
    setSource("11010519491231002X"); checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_ALL); expect(idType()).toBe(IdType.RESIDENT);
    setSource("441900890101221"); checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_ALL); expect(idType()).toBe(IdType.RESIDENT);
    setSource("810000199408230021"); checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_ALL); expect(idType()).toBe(IdType.HK_MO_TW_PERMIT);
    setSource("KAZ110090123105"); checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_ALL); expect(idType()).toBe(IdType.FOREIGN_PR_2017);
    setSource("911398199012310022"); expect(checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_ALL)).toBe(ErrorCode.ID_CHECK_DIGIT);
    expect(idType()).toBe(IdType.FOREIGN_PR_2023);
    setSource("12345"); checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_ALL); expect(idType()).toBe(IdType.NONE);
  });

  /** The default set is the flow's until it has an ID-type screen: resident IDs and permits; a valid foreign number is ID_WRONG_TYPE. */
  it("refuses a valid number of a type the caller did not ask for, naming both", () => {
    setSource("911398199012310021");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(ErrorCode.ID_WRONG_TYPE);
    expect(getErrorExpected()).toBe(ID_ACCEPT_DEFAULT);
    expect(getErrorFound()).toBe(IdType.FOREIGN_PR_2023);
    expect(idSex()).toBe(0);
    expect(idBirthDate()).toBe(0);
    setSource("KAZ110090123105");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(ErrorCode.ID_WRONG_TYPE);
    expect(checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_FOREIGN_PR)).toBe(0);
    setSource("810000199408230021");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(0);
    expect(checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_RESIDENT)).toBe(ErrorCode.ID_WRONG_TYPE);
    expect(checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_HK_MO_TW_PERMIT)).toBe(0);
    setSource("11010519491231002X");
    expect(checkIdNumber(src, srcLength, OUT, TODAY, ID_ACCEPT_HK_MO_TW_PERMIT)).toBe(ErrorCode.ID_WRONG_TYPE);
    // an invalid number gets its own reason, not the type's
    setSource("911398199012310022");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(ErrorCode.ID_CHECK_DIGIT);
    // a set with bits outside the four types is a caller's error
    expect(checkIdNumber(src, srcLength, OUT, TODAY, 1)).toBe(ErrorCode.BAD_ARGUMENT);
  });

  /** Each type's own check catches every single-character change (MOD 11-2; ICAO 7-3-1 for the 2017 format). */
  it("rejects every single-character mutation of a permit and of both foreign formats", () => {
    everyMutationFails("810000199408230021", ID_ACCEPT_ALL, 0);
    everyMutationFails("830000199201300022", ID_ACCEPT_ALL, 0);
    everyMutationFails("911398199012310021", ID_ACCEPT_ALL, 0);
  });

  /** ICAO 9303's 7-3-1 check digit catches single-digit changes but not every letter change (A and K weigh the same mod 10): the limits of the published rule. */
  it("computes the ICAO 9303 check digit of the 2017 format", () => {
    setSource("KAZ11009012310");
    expect(icaoCheckDigit(src, 14)).toBe(0x35);
    setSource("USA31000501011");
    expect(icaoCheckDigit(src, 14)).toBe(0x36);
    everyMutationFails("KAZ110090123105", ID_ACCEPT_ALL, 3);
    const p = changetype<usize>(mutant);
    store<u8>(p, 0x41); // K (20) -> A (10): 7 x 10 = 70, the same mod 10
    expect(checkIdNumber(p, 15, OUT, TODAY, ID_ACCEPT_ALL)).toBe(0);
  });

  /** 2017 format: YYMMDD is 20YY when that is not after the clock, else 19YY. */
  it("reads the 2017 format's two-digit year against the clock", () => {
    setSource("USA310005010116");
    expect(checkIdNumber(src, srcLength, OUT, 20260101, ID_ACCEPT_ALL)).toBe(0);
    expect(idBirthDate()).toBe(20050101);
    expect(idSex()).toBe(1);
    expect(checkIdNumber(src, srcLength, OUT, 20041231, ID_ACCEPT_ALL)).toBe(0);
    expect(idBirthDate()).toBe(19050101);
  });
});

describe("R10: wipeChecks()", () => {
  /** A checked ID number and phone leave their digits in the checks' scratch; wipeChecks() zeroes all of it. */
  it("zeroes the digits, offsets, ID form, sex, birth date and lengths the checks kept", () => {
    setSource("11010519491231002X");
    expect(checkIdNumber(src, srcLength, OUT, TODAY)).toBe(0);
    setSource("135 5253 5506");
    expect(checkPhone(src, srcLength, OUT)).toBe(0);
    expect(checksWiped()).toBe(false);
    expect(collectedAt(3)).toBe(0x35);
    wipeChecks();
    expect(checksWiped()).toBe(true);
    for (let k = 0; k < COLLECT_CAPACITY; k++) {
      expect(collectedAt(k)).toBe(0);
      expect(collectedOffset(k)).toBe(0);
    }
    expect(idSex()).toBe(0);
    expect(idBirthDate()).toBe(0);
    expect(checkedLength()).toBe(0);
  });

  /** After an all-zero dummy ID check (the old way of scrubbing) the scratch is not empty: only a wipe is. */
  it("is not the same as checking a neutral value", () => {
    setSource("000000000000000000");
    checkIdNumber(src, srcLength, OUT, TODAY);
    expect(checksWiped()).toBe(false);
    wipeChecks();
    expect(checksWiped()).toBe(true);
  });
});

describe("name", () => {
  /** CJK Extension J (Unicode 17.0) is U+323B0..U+33479: both ends pass, the code points around them do not. */
  it("knows the Extension J range exactly", () => {
    expect(isCjkIdeograph(0x323af)).toBe(true); // last of the compatibility supplement block range
    expect(isCjkIdeograph(0x323b0)).toBe(true);
    expect(isCjkIdeograph(0x33479)).toBe(true);
    expect(isCjkIdeograph(0x3347a)).toBe(false);
    expect(isCjkIdeograph(0x33480)).toBe(false);
  });

  /** A hyphen or apostrophe stands only between two Latin letters; look-alikes are normalised. */
  it("takes single hyphens and apostrophes between letters", () => {
    setSource("MARY-JANE OʼBRIEN");
    expect(checkName(src, srcLength, OUT)).toBe(0);
    expect(outText(checkedLength())).toBe("MARY-JANE O'BRIEN");
    setSource("ANNE‑MARIE");
    expect(checkName(src, srcLength, OUT)).toBe(0);
    expect(outText(checkedLength())).toBe("ANNE-MARIE");
    setSource("JOHN -SMITH");
    expect(checkName(src, srcLength, OUT)).toBe(ErrorCode.NAME_BAD_PUNCTUATION);
    expect(getErrorOffset()).toBe(5);
    setSource("JOHN'");
    expect(checkName(src, srcLength, OUT)).toBe(ErrorCode.NAME_BAD_PUNCTUATION);
    expect(getErrorOffset()).toBe(4);
    setSource("A-'B");
    expect(checkName(src, srcLength, OUT)).toBe(ErrorCode.NAME_BAD_PUNCTUATION);
    expect(getErrorOffset()).toBe(1);
    setSource("A-1");
    expect(checkName(src, srcLength, OUT)).toBe(ErrorCode.NAME_BAD_PUNCTUATION);
  });

  /** Malformed UTF-8 (a lone continuation byte, an overlong slash, a surrogate) is its own reason, at its offset. */
  it("rejects malformed UTF-8", () => {
    const p = OUT + 128;
    store<u8>(p, 0xe5); store<u8>(p + 1, 0xbc); store<u8>(p + 2, 0xa0); // 张
    store<u8>(p + 3, 0x80);
    expect(checkName(p, 4, OUT)).toBe(ErrorCode.NAME_BAD_UTF8);
    expect(getErrorOffset()).toBe(3);
    store<u8>(p + 3, 0xc0); store<u8>(p + 4, 0xaf);
    expect(checkName(p, 5, OUT)).toBe(ErrorCode.NAME_BAD_UTF8);
    store<u8>(p + 3, 0xed); store<u8>(p + 4, 0xa0); store<u8>(p + 5, 0x80);
    expect(checkName(p, 6, OUT)).toBe(ErrorCode.NAME_BAD_UTF8);
    expect(decodeUtf8(p, 6, 0)).toBe(0x5f20);
  });

  /** 50 code points pass (even as 4-byte UTF-8), 51 do not: code points are counted, not bytes. */
  it("counts code points up to 50", () => {
    let s = "";
    for (let k = 0; k < 50; k++) s += "𠀀";
    setSource(s);
    expect(srcLength).toBe(200);
    expect(checkName(src, srcLength, OUT)).toBe(0);
    expect(checkedLength()).toBe(200);
    setSource(s + "张");
    expect(checkName(src, srcLength, OUT)).toBe(ErrorCode.NAME_TOO_LONG);
    expect(getErrorOffset()).toBe(200);
  });

  /** Every look-alike dot becomes U+00B7; a dot in a Latin name is refused. */
  it("normalises look-alike dots", () => {
    setSource("阿•卜‧杜・热･合∙曼⋅买．提.江");
    expect(checkName(src, srcLength, OUT)).toBe(0);
    expect(outText(checkedLength())).toBe("阿·卜·杜·热·合·曼·买·提·江");
    setSource("JOHN.SMITH");
    expect(checkName(src, srcLength, OUT)).toBe(ErrorCode.NAME_BAD_DOT);
  });

  /** Full-width Latin letters fold to ASCII; spaces vanish from a CJK name. */
  it("folds full-width letters and drops spaces in CJK names", () => {
    setSource("ＪＯＨＮ　ＳＭＩＴＨ");
    expect(checkName(src, srcLength, OUT)).toBe(0);
    expect(outText(checkedLength())).toBe("JOHN SMITH");
    setSource(" 张 三 ");
    expect(checkName(src, srcLength, OUT)).toBe(0);
    expect(outText(checkedLength())).toBe("张三");
  });
});

describe("track 2", () => {
  /** An absent service code (a separator in its place) gives -1, and so does everything after a failure. */
  it("reports absent fields as -1", () => {
    setSource("4111111111111111=2912=");
    expect(checkTrack2(src, srcLength)).toBe(0);
    expect(track2ExpiryOffset()).toBe(17);
    expect(track2ServiceCodeOffset()).toBe(-1);
    setSource("4111111111111111");
    expect(checkTrack2(src, srcLength)).toBe(ErrorCode.TRACK2_NO_SEPARATOR);
    expect(track2PanOffset()).toBe(-1);
    expect(track2ExpiryOffset()).toBe(-1);
  });

  /** The LRC character after the end sentinel is allowed, a second one is not. */
  it("allows one LRC character after the end sentinel", () => {
    setSource(";4111111111111111=2912201?5");
    expect(checkTrack2(src, srcLength)).toBe(0);
    setSource(";4111111111111111=2912201?55");
    expect(checkTrack2(src, srcLength)).toBe(ErrorCode.TRACK2_BAD_CHARACTER);
  });
});

describe("masks", () => {
  /** Values too short for a rule to hide enough are starred completely. */
  it("stars short values completely", () => {
    setSource("62215588");
    expect(outText(maskPan(src, srcLength, OUT))).toBe("********");
    setSource("1351234");
    expect(outText(maskPhone(src, srcLength, OUT))).toBe("*******");
    setSource("1101051949");
    expect(outText(maskIdNumber(src, srcLength, OUT))).toBe("**********");
  });

  /** A legacy 15-digit ID number keeps first 6 and last 4 like the 18-digit form; 14 characters are all stars. */
  it("masks a 15-digit ID number 6 + 4", () => {
    setSource("441900890101221");
    expect(outText(maskIdNumber(src, srcLength, OUT))).toBe("441900*****1221");
    setSource("44190089010122");
    expect(outText(maskIdNumber(src, srcLength, OUT))).toBe("**************");
  });

  /** A name's mask keeps one character, separators, and stars bytes that are not UTF-8. */
  it("masks names by code point", () => {
    setSource("李𠀀");
    expect(outText(maskName(src, srcLength, OUT))).toBe("李*");
    store<u8>(src + 3, 0xff);
    expect(maskName(src, srcLength, OUT)).toBe(7);
  });
});

describe("reason keys", () => {
  /** Every code in the checks' range that has a key is negative and names its check. */
  it("are stable names", () => {
    expect(reasonKey(0)).toBe("ok");
    expect(reasonKey(ErrorCode.PAN_LUHN_UNIONPAY)).toBe("pan_luhn_unionpay");
    expect(reasonKey(-199)).toBe("");
  });
});
