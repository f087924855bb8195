// The profile's numeric keys (profile.ts NUMBER_RULES) against the ranges docs/ABI.md
// "The profile" states: each key's ends are taken and land in its own field, one past
// either end is refused, and flags are 0 or 1.
import { powerOn } from "./flow-helpers";
import { ErrorCode } from "../../assembly/abi";
import { profile } from "../../assembly/flow/profile";

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
