// The terminal profile (POWER_ON payload, docs/ABI.md "The profile"): UTF-8
// `key=value` lines parsed once into a fixed record. Unknown keys are an
// error so a typo in a vendor's profile never silently takes a default.
import { ErrorCode, fail } from "../abi";
import {
  copyBytes, decodeHex, parseDigits, zeroBytes,
  CH_COMMA, CH_0, CH_HASH_MARK, scanLine, scan,
} from "./bytes";
import { W, isWord } from "./texts";
import { CORE_CUSTODY } from "./version";

/** Feature bits (`features=`), R2. */
export const FEATURE_VERIFY: i32 = 1;
export const FEATURE_REPLACE: i32 = 2;
export const FEATURE_LOSS: i32 = 4;
export const FEATURE_BALANCE: i32 = 8;

export const LANG_ZH: i32 = 0;
export const LANG_EN: i32 = 1;

export const PRINTER_READY: i32 = 0;
export const PRINTER_PAPER_OUT: i32 = 1;
export const PRINTER_ABSENT: i32 = 2;
export const PRINTER_FAULT: i32 = 3;

// Fixed-size text fields of the profile.
export const TERMINAL_ID_LEN: i32 = 8;
export const MERCHANT_ID_LEN: i32 = 15;
export const MERCHANT_NAME_MAX: i32 = 60;
export const SUPPORT_PHONE_MAX: i32 = 20;
export const PASSWORD_MAX: i32 = 12;
export const BATCH_LEN: i32 = 6;
export const OPERATOR_CODE_LEN: i32 = 2;

/** The verification request's layout (`verifyLayout=`, docs/PROTOCOL.md "Request layouts"). */
export const LAYOUT_FOUR_ELEMENTS: i32 = 0;
export const LAYOUT_ACCOUNT: i32 = 1;

@lazy export const TERMINAL_ID: usize = memory.data(TERMINAL_ID_LEN);
@lazy export const MERCHANT_ID: usize = memory.data(MERCHANT_ID_LEN);
@lazy export const MERCHANT_NAME: usize = memory.data(MERCHANT_NAME_MAX);
@lazy export const SUPPORT_PHONE: usize = memory.data(SUPPORT_PHONE_MAX);
@lazy export const SUPERVISOR_PASSWORD: usize = memory.data(PASSWORD_MAX);
@lazy export const TPDU: usize = memory.data(5);
@lazy export const APP_HEADER: usize = memory.data(6);
@lazy export const BATCH: usize = memory.data(BATCH_LEN);
@lazy export const OPERATOR_CODE: usize = memory.data(OPERATOR_CODE_LEN);

/** The parsed profile. One instance; setDefaults() is the one place the defaults are written. */
export class Profile {
  loaded: bool = false;
  merchantNameLength: i32 = 0;
  supportPhoneLength: i32 = 0;
  passwordLength: i32 = 0;
  features: i32 = 0;
  language: i32 = 0;
  columns: i32 = 0;
  rows: i32 = 0;
  keyLayout: i32 = 0;
  requirePin: bool = false;
  /** Track 2 enciphered under the TDK with 53.3 = 1 (when the key layout brings a TDK); 0 for hosts that want it clear. */
  trackEncryption: bool = false;
  /** LAYOUT_FOUR_ELEMENTS (0100, field 62 under the TDK) or LAYOUT_ACCOUNT (the public 0200 / 33xxxx request). */
  verifyLayout: i32 = 0;
  /** R6 against R10: 1 masks the confirmation and Luhn screens like every later one; 0 shows what the operator checks. */
  maskConfirmation: bool = false;
  /** R7: 1 lets a card keyed on the keypad go without its expiry (ENTER on an empty expiry). */
  keyedExpiryOptional: bool = false;
  /** Where keys and the PIN live: true, the host's secure module; false, the core (not certifiable; read through keysInModule()). */
  keysInModule: bool = true;
  batteryMin: i32 = 0;
  hoursOpen: i32 = 0;
  hoursClose: i32 = 0;
  maxFailures: i32 = 0;
  lockHours: i32 = 0;
  dailyLimit: i32 = 0;
  /** PIPL art. 19: days a record is kept; older ones are purged from the store at start-up (0: kept). */
  retentionDays: i32 = 0;
  inputTimeout: i32 = 0;
  hostTimeout: i32 = 0;
  otpTimeout: i32 = 0;
  otpResendAfter: i32 = 0;
  battery: i32 = 0;
  charging: bool = false;
  cardReader: bool = false;
  printer: i32 = 0;
}

export const profile = new Profile();

function setDefaults(): void {
  profile.loaded = false;
  profile.merchantNameLength = 0;
  profile.supportPhoneLength = 0;
  profile.passwordLength = 0;
  profile.features = FEATURE_VERIFY | FEATURE_REPLACE | FEATURE_LOSS | FEATURE_BALANCE;
  profile.language = LANG_ZH;
  profile.columns = 16;
  profile.rows = 4;
  profile.keyLayout = 60;
  profile.requirePin = false;
  profile.trackEncryption = true;
  profile.verifyLayout = LAYOUT_FOUR_ELEMENTS;
  profile.maskConfirmation = false;
  profile.keyedExpiryOptional = false;
  profile.keysInModule = true;
  profile.batteryMin = 10;
  profile.hoursOpen = 800;    // hhmm
  profile.hoursClose = 2100;  // hhmm
  profile.maxFailures = 3;
  profile.lockHours = 12;
  profile.dailyLimit = 5;
  profile.retentionDays = 0;
  profile.inputTimeout = 60;
  profile.hostTimeout = 30;
  profile.otpTimeout = 120;
  profile.otpResendAfter = 60;
  profile.battery = 100;
  profile.charging = false;
  profile.cardReader = true;
  profile.printer = PRINTER_READY;
  zeroBytes(TERMINAL_ID, TERMINAL_ID_LEN);
  zeroBytes(MERCHANT_ID, MERCHANT_ID_LEN);
  zeroBytes(SUPERVISOR_PASSWORD, PASSWORD_MAX);
  // tpdu 6000030000, header 603100000000, batch 000001
  store<u8>(TPDU, 0x60); store<u8>(TPDU + 1, 0x00); store<u8>(TPDU + 2, 0x03); store<u8>(TPDU + 3, 0x00); store<u8>(TPDU + 4, 0x00);
  store<u8>(APP_HEADER, 0x60); store<u8>(APP_HEADER + 1, 0x31);
  for (let i = 2; i < 6; i++) store<u8>(APP_HEADER + <usize>i, 0);
  for (let i = 0; i < BATCH_LEN; i++) store<u8>(BATCH + <usize>i, <u8>CH_0);
  store<u8>(BATCH + 5, <u8>(CH_0 + 1));
  store<u8>(OPERATOR_CODE, <u8>CH_0); store<u8>(OPERATOR_CODE + 1, <u8>(CH_0 + 1)); // operator 01
}
setDefaults();

/** Which required keys the profile being parsed had. */
class Seen { terminalId: bool = false; merchantId: bool = false; }
const seen = new Seen();

/** A number in [min, max] or -1. */
function numberIn(p: usize, len: i32, min: i32, max: i32): i32 {
  const v = parseDigits(p, len);
  return v < min || v > max ? -1 : v;
}

/** hhmm with hh < 24 (2400 allowed for "until midnight"), or -1. */
function hhmm(p: usize, len: i32): i32 {
  if (len != 4) return -1;
  const v = parseDigits(p, 4);
  if (v < 0 || (v % 100) >= 60 || v > 2400) return -1;
  return v;
}

@lazy const DRY_SCRATCH: usize = memory.data(8);

/**
 * Checks one `key=value` and, unless `dry`, applies it; returns 0, or
 * FLOW_PROFILE_UNKNOWN_KEY / FLOW_PROFILE_BAD_VALUE.
 */
function applyLine(k: usize, kl: i32, v: usize, vl: i32, dry: bool): i32 {
  let n: i32 = 0;
  if (isWord(k, kl, W.TERMINAL_ID)) {
    if (vl != TERMINAL_ID_LEN) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    seen.terminalId = true;
    if (dry) return 0;
    copyBytes(TERMINAL_ID, v, vl);
  } else if (isWord(k, kl, W.MERCHANT_ID)) {
    if (vl != MERCHANT_ID_LEN) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    seen.merchantId = true;
    if (dry) return 0;
    copyBytes(MERCHANT_ID, v, vl);
  } else if (isWord(k, kl, W.MERCHANT_NAME)) {
    if (vl > MERCHANT_NAME_MAX) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    copyBytes(MERCHANT_NAME, v, vl); profile.merchantNameLength = vl;
  } else if (isWord(k, kl, W.FEATURES)) {
    let bits = 0, at = 0;
    while (at <= vl) {
      let e = at;
      while (e < vl && <i32>load<u8>(v + <usize>e) != CH_COMMA) e++;
      const w = v + <usize>at, wl = e - at;
      if (isWord(w, wl, W.VERIFY)) bits |= FEATURE_VERIFY;
      else if (isWord(w, wl, W.REPLACE)) bits |= FEATURE_REPLACE;
      else if (isWord(w, wl, W.LOSS)) bits |= FEATURE_LOSS;
      else if (isWord(w, wl, W.BALANCE)) bits |= FEATURE_BALANCE;
      else if (wl != 0) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
      at = e + 1;
    }
    if (dry) return 0;
    profile.features = bits;
  } else if (isWord(k, kl, W.LANGUAGE)) {
    if (isWord(v, vl, W.ZH_CN)) n = LANG_ZH;
    else if (isWord(v, vl, W.EN)) n = LANG_EN;
    else return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    profile.language = n;
  } else if (isWord(k, kl, W.TPDU)) {
    if (vl != 10 || !decodeHex(v, 5, dry ? DRY_SCRATCH : TPDU)) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
  } else if (isWord(k, kl, W.HEADER)) {
    if (vl != 12 || !decodeHex(v, 6, dry ? DRY_SCRATCH : APP_HEADER)) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
  } else if (isWord(k, kl, W.BATCH)) {
    if (vl != BATCH_LEN || parseDigits(v, vl) < 0) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    copyBytes(BATCH, v, vl);
  } else if (isWord(k, kl, W.OPERATOR_CODE)) {
    if (vl != OPERATOR_CODE_LEN || parseDigits(v, vl) < 0) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    copyBytes(OPERATOR_CODE, v, vl);
  } else if (isWord(k, kl, W.TRACK_ENCRYPTION)) {
    if ((n = numberIn(v, vl, 0, 1)) < 0) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    profile.trackEncryption = n == 1;
  } else if (isWord(k, kl, W.VERIFY_LAYOUT)) {
    if (isWord(v, vl, W.FOUR_ELEMENTS)) n = LAYOUT_FOUR_ELEMENTS;
    else if (isWord(v, vl, W.ACCOUNT)) n = LAYOUT_ACCOUNT;
    else return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    profile.verifyLayout = n;
  } else if (isWord(k, kl, W.KEY_LAYOUT)) {
    n = parseDigits(v, vl);
    if (n != 24 && n != 40 && n != 60) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    profile.keyLayout = n;
  } else if (isWord(k, kl, W.KEY_CUSTODY)) {
    if (isWord(v, vl, W.MODULE)) n = 1;
    else if (CORE_CUSTODY && isWord(v, vl, W.CORE)) n = 0; // a terminal module has no key store: "core" is a bad value there
    else return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    profile.keysInModule = n == 1;
  } else if (isWord(k, kl, W.SUPPORT_PHONE)) {
    if (vl > SUPPORT_PHONE_MAX) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    copyBytes(SUPPORT_PHONE, v, vl); profile.supportPhoneLength = vl;
  } else if (isWord(k, kl, W.SUPERVISOR_PASSWORD)) {
    if (vl > PASSWORD_MAX || (vl > 0 && parseDigits(v, vl < 9 ? vl : 9) < 0) || (vl > 9 && parseDigits(v + 9, vl - 9) < 0)) {
      return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    }
    if (dry) return 0;
    copyBytes(SUPERVISOR_PASSWORD, v, vl); profile.passwordLength = vl;
  } else if (isWord(k, kl, W.PRINTER)) {
    if (isWord(v, vl, W.READY)) n = PRINTER_READY;
    else if (isWord(v, vl, W.PAPER_OUT)) n = PRINTER_PAPER_OUT;
    else if (isWord(v, vl, W.ABSENT)) n = PRINTER_ABSENT;
    else if (isWord(v, vl, W.FAULT)) n = PRINTER_FAULT;
    else return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    profile.printer = n;
  } else {
    return applyNumber(k, kl, v, vl, dry);
  }
  return 0;
}

/** How a numeric key's value reads and where it goes. */
const enum Num {
  /** A decimal number in [min, max], kept as an i32. */
  NUMBER = 0,
  /** 0 or 1, kept as a bool. */
  FLAG = 1,
  /** hhmm (2400 allowed), kept as an i32. */
  HHMM = 2,
}

/** Per numeric key (texts.ts W.DISPLAY_COLUMNS to W.CARD_READER, in that order), four u16: kind, min, max, the field of `profile` it sets. */
@lazy const NUMBER_RULES: usize = memory.data<u16>([
  <u16>Num.NUMBER, 16, 64, <u16>offsetof<Profile>("columns"),
  <u16>Num.NUMBER, 2, 32, <u16>offsetof<Profile>("rows"),
  <u16>Num.FLAG, 0, 1, <u16>offsetof<Profile>("requirePin"),
  <u16>Num.FLAG, 0, 1, <u16>offsetof<Profile>("maskConfirmation"),
  <u16>Num.FLAG, 0, 1, <u16>offsetof<Profile>("keyedExpiryOptional"),
  <u16>Num.NUMBER, 0, 100, <u16>offsetof<Profile>("batteryMin"),
  <u16>Num.HHMM, 0, 2400, <u16>offsetof<Profile>("hoursOpen"),
  <u16>Num.HHMM, 0, 2400, <u16>offsetof<Profile>("hoursClose"),
  <u16>Num.NUMBER, 1, 99, <u16>offsetof<Profile>("maxFailures"),
  <u16>Num.NUMBER, 0, 720, <u16>offsetof<Profile>("lockHours"),
  <u16>Num.NUMBER, 1, 99, <u16>offsetof<Profile>("dailyLimit"),
  <u16>Num.NUMBER, 0, 3650, <u16>offsetof<Profile>("retentionDays"),
  <u16>Num.NUMBER, 5, 600, <u16>offsetof<Profile>("inputTimeout"),
  <u16>Num.NUMBER, 5, 300, <u16>offsetof<Profile>("hostTimeout"),
  <u16>Num.NUMBER, 30, 900, <u16>offsetof<Profile>("otpTimeout"),
  <u16>Num.NUMBER, 10, 900, <u16>offsetof<Profile>("otpResendAfter"),
  <u16>Num.NUMBER, 0, 100, <u16>offsetof<Profile>("battery"),
  <u16>Num.FLAG, 0, 1, <u16>offsetof<Profile>("charging"),
  <u16>Num.FLAG, 0, 1, <u16>offsetof<Profile>("cardReader"),
]);

/** A numeric key by NUMBER_RULES: checks it and, unless `dry`, sets it; FLOW_PROFILE_UNKNOWN_KEY when `k` is none of them. */
function applyNumber(k: usize, kl: i32, v: usize, vl: i32, dry: bool): i32 {
  for (let w = <i32>W.DISPLAY_COLUMNS; w <= <i32>W.CARD_READER; w++) {
    if (!isWord(k, kl, w)) continue;
    const rule = NUMBER_RULES + (<usize>(w - <i32>W.DISPLAY_COLUMNS) << 3);
    const kind = <i32>load<u16>(rule);
    const n = kind == Num.HHMM ? hhmm(v, vl) : numberIn(v, vl, <i32>load<u16>(rule, 2), <i32>load<u16>(rule, 4));
    if (n < 0) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
    if (dry) return 0;
    const field = changetype<usize>(profile) + <usize>load<u16>(rule, 6);
    if (kind == Num.FLAG) store<u8>(field, <u8>n);
    else store<i32>(field, n);
    return 0;
  }
  return ErrorCode.FLOW_PROFILE_UNKNOWN_KEY;
}

/** One pass over the lines: check only (`dry`) or apply. Returns 0 or the error (recorded). */
function eachLine(src: usize, len: i32, dry: bool): i32 {
  let at = 0;
  while (at < len) {
    const lineEnd = scanLine(src, len, at);
    const eq = scan.lineEquals;
    if (lineEnd > at && <i32>load<u8>(src + <usize>at) != CH_HASH_MARK) { // a '#' line is a comment
      if (eq == lineEnd) return fail(ErrorCode.FLOW_PROFILE_BAD_VALUE, 0, at);
      const r = applyLine(src + <usize>at, eq - at, src + <usize>(eq + 1), lineEnd - eq - 1, dry);
      if (r < 0) return fail(r, 0, at);
    }
    at = scan.lineNext;
  }
  return 0;
}

/**
 * Parses the profile at src: first every line is checked, and only a profile
 * without a fault replaces the current one (a refused POWER_ON changes
 * nothing). Returns 0, or an error with errorOffset() at the first byte of
 * the offending line.
 */
export function parseProfile(src: usize, len: i32): i32 {
  seen.terminalId = false;
  seen.merchantId = false;
  const r = eachLine(src, len, true);
  if (r < 0) return r;
  if (!seen.terminalId || !seen.merchantId) return fail(ErrorCode.FLOW_PROFILE_MISSING, 0, len);
  setDefaults();
  eachLine(src, len, false);
  profile.loaded = true;
  return 0;
}

export function hasFeature(bit: i32): bool { return (profile.features & bit) != 0; }

/** Where keys and the PIN live: the host's secure module, always in a build without the core's key store (CORE_CUSTODY), else as keyCustody says. */
@inline export function keysInModule(): bool { return !CORE_CUSTODY || profile.keysInModule; }
