// The profile's keys (profile.ts KEY_RULES) against what docs/ABI.md "The profile"
// states. Numeric keys: each key's ends are taken and land in its own field, one past
// either end is refused, and flags are 0 or 1. Text and word keys: their lengths,
// characters and words, the bytes they leave, and the defaults a profile without them gets.
import { powerOn } from "./flow-helpers";
import { hexOf, textOf } from "./hex";
import { ErrorCode } from "../../assembly/abi";
import { errorOffset } from "../../assembly/convention";
import {
  profile, TERMINAL_ID, MERCHANT_ID, MERCHANT_NAME, SUPPORT_PHONE, SUPERVISOR_PASSWORD, TPDU, APP_HEADER,
  BATCH, OPERATOR_CODE, FEATURE_VERIFY, FEATURE_REPLACE, FEATURE_LOSS, FEATURE_BALANCE, LANG_EN, LANG_ZH,
  LAYOUT_ACCOUNT, LAYOUT_FOUR_ELEMENTS, PRINTER_READY, PRINTER_PAPER_OUT, PRINTER_ABSENT, PRINTER_FAULT,
} from "../../assembly/flow/profile";

const REQUIRED = "terminalId=12345678\nmerchantId=123456789012345\n";

/** POWER_ON with the required keys and `line`: its error, or 0 when taken (it queued its screen). */
function withLine(line: string): i32 {
  const r = powerOn(REQUIRED + line);
  return r < 0 ? r : 0;
}

/** The field a key sets, read back from the profile by name (written out here, not from the rules). */
function fieldOf(key: string): i32 {
  if (key == "displayColumns") return profile.columns;
  if (key == "displayRows") return profile.rows;
  if (key == "batteryMin") return profile.batteryMin;
  if (key == "hoursOpen") return profile.hoursOpen;
  if (key == "hoursClose") return profile.hoursClose;
  if (key == "maxFailures") return profile.maxFailures;
  if (key == "lockHours") return profile.lockHours;
  if (key == "dailyLimit") return profile.dailyLimit;
  if (key == "retentionDays") return profile.retentionDays;
  if (key == "inputTimeout") return profile.inputTimeout;
  if (key == "hostTimeout") return profile.hostTimeout;
  if (key == "otpTimeout") return profile.otpTimeout;
  if (key == "otpResendAfter") return profile.otpResendAfter;
  if (key == "battery") return profile.battery;
  if (key == "requirePin") return profile.requirePin ? 1 : 0;
  if (key == "maskConfirmation") return profile.maskConfirmation ? 1 : 0;
  if (key == "keyedExpiryOptional") return profile.keyedExpiryOptional ? 1 : 0;
  if (key == "charging") return profile.charging ? 1 : 0;
  if (key == "cardReader") return profile.cardReader ? 1 : 0;
  return -1;
}

/** [key, min, max] from docs/ABI.md (batteryMin and battery are percentages; flags 0/1). */
const RANGES: string[] = [
  "displayColumns 16 64", "displayRows 2 32", "maxFailures 1 99", "lockHours 0 720", "dailyLimit 1 99",
  "retentionDays 0 3650",
  "inputTimeout 5 600", "hostTimeout 5 300", "otpTimeout 30 900", "otpResendAfter 10 900",
  "batteryMin 0 100", "battery 0 100",
  "requirePin 0 1", "maskConfirmation 0 1", "keyedExpiryOptional 0 1", "charging 0 1", "cardReader 0 1",
];

describe("profile: numeric keys", () => {
  it("takes both ends of each range into the key's field and refuses one past either end", () => {
    for (let i = 0; i < RANGES.length; i++) {
      const parts = RANGES[i].split(" ");
      const key = parts[0];
      const min = I32.parseInt(parts[1]);
      const max = I32.parseInt(parts[2]);
      expect(withLine(key + "=" + min.toString())).toBe(0, key + " min");
      expect(fieldOf(key)).toBe(min, key + " min");
      expect(withLine(key + "=" + max.toString())).toBe(0, key + " max");
      expect(fieldOf(key)).toBe(max, key + " max");
      expect(withLine(key + "=" + (max + 1).toString())).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE, key + " max + 1");
      if (min > 0) expect(withLine(key + "=" + (min - 1).toString())).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE, key + " min - 1");
      expect(withLine(key + "=x")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE, key + " not a number");
    }
  });

  it("reads hours as hhmm up to 2400 and refuses minutes past 59", () => {
    expect(withLine("hoursOpen=0730")).toBe(0);
    expect(profile.hoursOpen).toBe(730);
    expect(withLine("hoursClose=2400")).toBe(0);
    expect(profile.hoursClose).toBe(2400);
    expect(withLine("hoursClose=2401")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("hoursOpen=0760")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("hoursOpen=730")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
  });

  it("sets only the key's own field", () => {
    expect(withLine("displayRows=8")).toBe(0);
    expect(profile.columns).toBe(16);
    expect(profile.rows).toBe(8);
    expect(withLine("charging=1")).toBe(0);
    expect(profile.charging).toBe(true);
    expect(profile.cardReader).toBe(true);
    expect(profile.rows).toBe(4); // a new POWER_ON starts from the defaults
  });
});

describe("profile: text and word keys", () => {
  it("takes exactly 8 and 15 bytes for the terminal and merchant ids, and needs both", () => {
    expect(powerOn("terminalId=ABCD1234\nmerchantId=M23456789012345")).toBeGreaterThanOrEqual(0);
    expect(textOf(TERMINAL_ID, 8)).toBe("ABCD1234");
    expect(textOf(MERCHANT_ID, 15)).toBe("M23456789012345");
    expect(withLine("terminalId=1234567")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(errorOffset()).toBe(REQUIRED.length);
    expect(withLine("merchantId=1234567890123456")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(powerOn("terminalId=12345678")).toBe(ErrorCode.FLOW_PROFILE_MISSING);
    expect(powerOn("merchantId=123456789012345\n# terminalId=12345678")).toBe(ErrorCode.FLOW_PROFILE_MISSING);
  });

  it("takes texts up to their most and keeps their lengths; the password is digits", () => {
    const name60 = "商户".repeat(5) + "x".repeat(30); // 60 bytes of UTF-8
    expect(withLine("merchantName=" + name60)).toBe(0);
    expect(profile.merchantNameLength).toBe(60);
    expect(textOf(MERCHANT_NAME, 60)).toBe(name60);
    expect(withLine("merchantName=" + name60 + "x")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("supportPhone=95516-400-669-5516")).toBe(0);
    expect(textOf(SUPPORT_PHONE, profile.supportPhoneLength)).toBe("95516-400-669-5516");
    expect(withLine("supportPhone=123456789012345678901")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("supervisorPassword=123456789012")).toBe(0);
    expect(profile.passwordLength).toBe(12);
    expect(textOf(SUPERVISOR_PASSWORD, 12)).toBe("123456789012");
    expect(withLine("supervisorPassword=")).toBe(0);
    expect(profile.passwordLength).toBe(0);
    expect(hexOf(SUPERVISOR_PASSWORD, 12)).toBe("000000000000000000000000"); // the last profile's password is gone
    expect(withLine("supervisorPassword=1234567890123")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("supervisorPassword=12345678901x")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("supervisorPassword=12x4")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
  });

  it("reads the frame's hex and the batch's and operator's digits, and starts from their defaults", () => {
    expect(withLine("")).toBe(0);
    expect(hexOf(TPDU, 5)).toBe("6000030000");
    expect(hexOf(APP_HEADER, 6)).toBe("603100000000");
    expect(textOf(BATCH, 6)).toBe("000001");
    expect(textOf(OPERATOR_CODE, 2)).toBe("01");
    expect(withLine("tpdu=60a0b0c0d0\nheader=6032FF000001\nbatch=123456\noperatorCode=07")).toBe(0);
    expect(hexOf(TPDU, 5)).toBe("60A0B0C0D0");
    expect(hexOf(APP_HEADER, 6)).toBe("6032FF000001");
    expect(textOf(BATCH, 6)).toBe("123456");
    expect(textOf(OPERATOR_CODE, 2)).toBe("07");
    expect(withLine("tpdu=600003000")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("tpdu=600003000G")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("header=6031000000001")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("batch=12345")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("batch=12345x")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("operatorCode=1")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(hexOf(TPDU, 5)).toBe("60A0B0C0D0"); // a refused profile changes nothing
  });

  it("reads features as a comma list of words and the other word keys as one word each", () => {
    expect(withLine("")).toBe(0);
    expect(profile.features).toBe(FEATURE_VERIFY | FEATURE_REPLACE | FEATURE_LOSS | FEATURE_BALANCE);
    expect(profile.language).toBe(LANG_ZH);
    expect(profile.verifyLayout).toBe(LAYOUT_FOUR_ELEMENTS);
    expect(profile.printer).toBe(PRINTER_READY);
    expect(profile.trackEncryption).toBe(true);
    expect(profile.keyLayout).toBe(60);
    expect(withLine("features=loss,,verify,")).toBe(0);
    expect(profile.features).toBe(FEATURE_VERIFY | FEATURE_LOSS);
    expect(withLine("features=balance,replace")).toBe(0);
    expect(profile.features).toBe(FEATURE_BALANCE | FEATURE_REPLACE);
    expect(withLine("features=")).toBe(0);
    expect(profile.features).toBe(0);
    expect(withLine("features=verify,lost")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("language=en\nverifyLayout=account\nprinter=paper-out\ntrackEncryption=0")).toBe(0);
    expect(profile.language).toBe(LANG_EN);
    expect(profile.verifyLayout).toBe(LAYOUT_ACCOUNT);
    expect(profile.printer).toBe(PRINTER_PAPER_OUT);
    expect(profile.trackEncryption).toBe(false);
    expect(withLine("printer=absent")).toBe(0);
    expect(profile.printer).toBe(PRINTER_ABSENT);
    expect(withLine("printer=fault")).toBe(0);
    expect(profile.printer).toBe(PRINTER_FAULT);
    expect(withLine("language=EN")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("verifyLayout=four")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("printer=")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("keyCustody=modules")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
  });

  it("takes the key layouts 24, 40 and 60 only", () => {
    expect(withLine("keyLayout=24")).toBe(0);
    expect(profile.keyLayout).toBe(24);
    expect(withLine("keyLayout=40")).toBe(0);
    expect(profile.keyLayout).toBe(40);
    expect(withLine("keyLayout=060")).toBe(0);
    expect(profile.keyLayout).toBe(60);
    expect(withLine("keyLayout=44")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("keyLayout=20")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(withLine("keyLayout=80")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
  });

  it("refuses an unknown key and a line without '=' at the line's first byte", () => {
    expect(withLine("# colour=red\ncolour=red")).toBe(ErrorCode.FLOW_PROFILE_UNKNOWN_KEY);
    expect(errorOffset()).toBe(REQUIRED.length + 13);
    expect(withLine("Language=en")).toBe(ErrorCode.FLOW_PROFILE_UNKNOWN_KEY);
    expect(withLine("language")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(errorOffset()).toBe(REQUIRED.length);
  });
});
