// The terminal profile (POWER_ON payload, docs/ABI.md "The profile"): UTF-8
// `key=value` lines parsed once into a fixed record. Unknown keys are an
// error so a typo in a vendor's profile never silently takes a default.
import { ErrorCode } from "../abi";
import { failAt } from "../checks/reasons";
import {
  allDigits, copyBytes, decodeHex, parseDigits, zeroBytes,
  CH_COMMA, CH_HASH_MARK, scanLine, scan,
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

// The profile's text values, one block (TEXT_BLOCK), each at its offset: the key rules name them by it.
const AT_TERMINAL_ID: i32 = 0;
const AT_MERCHANT_ID: i32 = AT_TERMINAL_ID + TERMINAL_ID_LEN;
const AT_MERCHANT_NAME: i32 = AT_MERCHANT_ID + MERCHANT_ID_LEN;
const AT_SUPPORT_PHONE: i32 = AT_MERCHANT_NAME + MERCHANT_NAME_MAX;
const AT_SUPERVISOR_PASSWORD: i32 = AT_SUPPORT_PHONE + SUPPORT_PHONE_MAX;
const AT_TPDU: i32 = AT_SUPERVISOR_PASSWORD + PASSWORD_MAX;
const AT_APP_HEADER: i32 = AT_TPDU + 5;
const AT_BATCH: i32 = AT_APP_HEADER + 6;
const AT_OPERATOR_CODE: i32 = AT_BATCH + BATCH_LEN;
const TEXT_BYTES: i32 = AT_OPERATOR_CODE + OPERATOR_CODE_LEN;
@lazy const TEXT_BLOCK: usize = memory.data(TEXT_BYTES);
/** What the block holds from AT_TPDU on by default: TPDU 6000030000, header 603100000000, batch 000001, operator 01 (the texts before it are empty). */
@lazy const FRAME_DEFAULTS: usize = memory.data<u8>([
  0x60, 0x00, 0x03, 0x00, 0x00, 0x60, 0x31, 0x00, 0x00, 0x00, 0x00,
  0x30, 0x30, 0x30, 0x30, 0x30, 0x31, 0x30, 0x31, // "000001", "01"
]);

@lazy export const TERMINAL_ID: usize = TEXT_BLOCK + AT_TERMINAL_ID;
@lazy export const MERCHANT_ID: usize = TEXT_BLOCK + AT_MERCHANT_ID;
@lazy export const MERCHANT_NAME: usize = TEXT_BLOCK + AT_MERCHANT_NAME;
@lazy export const SUPPORT_PHONE: usize = TEXT_BLOCK + AT_SUPPORT_PHONE;
@lazy export const SUPERVISOR_PASSWORD: usize = TEXT_BLOCK + AT_SUPERVISOR_PASSWORD;
@lazy export const TPDU: usize = TEXT_BLOCK + AT_TPDU;
@lazy export const APP_HEADER: usize = TEXT_BLOCK + AT_APP_HEADER;
@lazy export const BATCH: usize = TEXT_BLOCK + AT_BATCH;
@lazy export const OPERATOR_CODE: usize = TEXT_BLOCK + AT_OPERATOR_CODE;

/**
 * The parsed profile: one record in static memory (unmanaged: no header, never
 * allocated), written by setDefaults() and the key rules below, and by the
 * events that report the terminal's state (battery, printer, the language).
 */
@unmanaged export class Profile {
  loaded!: bool;
  merchantNameLength!: i32;
  supportPhoneLength!: i32;
  passwordLength!: i32;
  features!: i32;
  language!: i32;
  columns!: i32;
  rows!: i32;
  keyLayout!: i32;
  requirePin!: bool;
  /** Track 2 enciphered under the TDK with 53.3 = 1 (when the key layout brings a TDK); 0 for hosts that want it clear. */
  trackEncryption!: bool;
  /** LAYOUT_FOUR_ELEMENTS (0100, field 62 under the TDK) or LAYOUT_ACCOUNT (the public 0200 / 33xxxx request). */
  verifyLayout!: i32;
  /** R6 against R10: 1 masks the confirmation and Luhn screens like every later one; 0 shows what the operator checks. */
  maskConfirmation!: bool;
  /** R7: 1 lets a card keyed on the keypad go without its expiry (ENTER on an empty expiry). */
  keyedExpiryOptional!: bool;
  /** keyCustody=core: keys and the PIN in the core (not certifiable; read through keysInModule()). */
  keysInCore!: bool;
  batteryMin!: i32;
  hoursOpen!: i32;
  hoursClose!: i32;
  maxFailures!: i32;
  lockHours!: i32;
  dailyLimit!: i32;
  /** PIPL art. 19: days a record is kept; older ones are purged from the store at start-up (0: kept). */
  retentionDays!: i32;
  inputTimeout!: i32;
  hostTimeout!: i32;
  otpTimeout!: i32;
  otpResendAfter!: i32;
  battery!: i32;
  charging!: bool;
  cardReader!: bool;
  printer!: i32;
}

export const profile = changetype<Profile>(memory.data(offsetof<Profile>()));

/** How a key's value reads (Key.BOOL added: the field is a bool). */
const enum Key {
  /** A decimal number in [a, b]. */
  NUMBER = 0,
  /** hhmm in [a, b] with minutes below 60 (2400: until midnight). */
  HHMM = 1,
  /** A number in [a, b] that is a key layout: 24, 40 or 60. */
  KEY_LAYOUT = 2,
  /** One of the words a..b: its index. */
  CHOICE = 3,
  /** Words a..b separated by commas (empty parts allowed): bit (1 << index) for each. */
  SET = 4,
  /** Bytes copied to TEXT_BLOCK + a, b of them, or at most b when the key has a length field. */
  TEXT = 5,
  /** TEXT of ASCII digits only. */
  DIGITS = 6,
  /** 2b hex digits, b bytes to TEXT_BLOCK + a. */
  HEX = 7,
  /** Flag: the field is a bool (one byte), not an i32. */
  BOOL = 8,
}

/** FLAG: 0 or 1 into a bool. */
const FLAG: i32 = Key.NUMBER | Key.BOOL;

/** Bytes per key rule: kind, field, a, b, default. */
const RULE_BYTES: i32 = 8;
const KEY_COUNT: i32 = <i32>W.CARD_READER - <i32>W.TERMINAL_ID + 1;

/**
 * One rule per key, in texts.ts W order (W.TERMINAL_ID to W.CARD_READER), four u16 each:
 *  - the kind (Key) | the field of `profile` it sets << 8 (text: its length field, or 0 (that of
 *    `loaded`, never a length) for none: the length is then exactly b);
 *  - a and b (Key says what they mean);
 *  - the default (0 for the text kinds: their defaults are FRAME_DEFAULTS).
 * The first two keys are required.
 */
@lazy const KEY_RULES: usize = memory.data<u16>([
  /*terminalId*/ <u16>Key.TEXT, <u16>AT_TERMINAL_ID, <u16>TERMINAL_ID_LEN, 0,
  /*merchantId*/ <u16>Key.TEXT, <u16>AT_MERCHANT_ID, <u16>MERCHANT_ID_LEN, 0,
  /*merchantName*/ <u16>(Key.TEXT | (offsetof<Profile>("merchantNameLength") << 8)), <u16>AT_MERCHANT_NAME, <u16>MERCHANT_NAME_MAX, 0,
  /*features*/ <u16>(Key.SET | (offsetof<Profile>("features") << 8)), <u16>W.VERIFY, <u16>W.BALANCE,
    <u16>(FEATURE_VERIFY | FEATURE_REPLACE | FEATURE_LOSS | FEATURE_BALANCE),
  /*language*/ <u16>(Key.CHOICE | (offsetof<Profile>("language") << 8)), <u16>W.ZH_CN, <u16>W.EN, <u16>LANG_ZH,
  /*tpdu*/ <u16>Key.HEX, <u16>AT_TPDU, 5, 0,
  /*header*/ <u16>Key.HEX, <u16>AT_APP_HEADER, 6, 0,
  /*batch*/ <u16>Key.DIGITS, <u16>AT_BATCH, <u16>BATCH_LEN, 0,
  /*operatorCode*/ <u16>Key.DIGITS, <u16>AT_OPERATOR_CODE, <u16>OPERATOR_CODE_LEN, 0,
  /*trackEncryption*/ <u16>(FLAG | (offsetof<Profile>("trackEncryption") << 8)), 0, 1, 1,
  /*verifyLayout*/ <u16>(Key.CHOICE | (offsetof<Profile>("verifyLayout") << 8)), <u16>W.FOUR_ELEMENTS, <u16>W.ACCOUNT, <u16>LAYOUT_FOUR_ELEMENTS,
  /*keyLayout*/ <u16>(Key.KEY_LAYOUT | (offsetof<Profile>("keyLayout") << 8)), 24, 60, 60,
  // "core" only in a build with the core's key store: elsewhere it is a bad value.
  /*keyCustody*/ <u16>(Key.CHOICE | Key.BOOL | (offsetof<Profile>("keysInCore") << 8)), <u16>W.MODULE, <u16>(CORE_CUSTODY ? W.CORE : W.MODULE), 0,
  /*supportPhone*/ <u16>(Key.TEXT | (offsetof<Profile>("supportPhoneLength") << 8)), <u16>AT_SUPPORT_PHONE, <u16>SUPPORT_PHONE_MAX, 0,
  /*supervisorPassword*/ <u16>(Key.DIGITS | (offsetof<Profile>("passwordLength") << 8)), <u16>AT_SUPERVISOR_PASSWORD, <u16>PASSWORD_MAX, 0,
  /*printer*/ <u16>(Key.CHOICE | (offsetof<Profile>("printer") << 8)), <u16>W.READY, <u16>W.FAULT, <u16>PRINTER_READY,
  /*displayColumns*/ <u16>(Key.NUMBER | (offsetof<Profile>("columns") << 8)), 16, 64, 16,
  /*displayRows*/ <u16>(Key.NUMBER | (offsetof<Profile>("rows") << 8)), 2, 32, 4,
  /*requirePin*/ <u16>(FLAG | (offsetof<Profile>("requirePin") << 8)), 0, 1, 0,
  /*maskConfirmation*/ <u16>(FLAG | (offsetof<Profile>("maskConfirmation") << 8)), 0, 1, 0,
  /*keyedExpiryOptional*/ <u16>(FLAG | (offsetof<Profile>("keyedExpiryOptional") << 8)), 0, 1, 0,
  /*batteryMin*/ <u16>(Key.NUMBER | (offsetof<Profile>("batteryMin") << 8)), 0, 100, 10,
  /*hoursOpen*/ <u16>(Key.HHMM | (offsetof<Profile>("hoursOpen") << 8)), 0, 2400, 800,
  /*hoursClose*/ <u16>(Key.HHMM | (offsetof<Profile>("hoursClose") << 8)), 0, 2400, 2100,
  /*maxFailures*/ <u16>(Key.NUMBER | (offsetof<Profile>("maxFailures") << 8)), 1, 99, 3,
  /*lockHours*/ <u16>(Key.NUMBER | (offsetof<Profile>("lockHours") << 8)), 0, 720, 12,
  /*dailyLimit*/ <u16>(Key.NUMBER | (offsetof<Profile>("dailyLimit") << 8)), 1, 99, 5,
  /*retentionDays*/ <u16>(Key.NUMBER | (offsetof<Profile>("retentionDays") << 8)), 0, 3650, 0,
  /*inputTimeout*/ <u16>(Key.NUMBER | (offsetof<Profile>("inputTimeout") << 8)), 5, 600, 60,
  /*hostTimeout*/ <u16>(Key.NUMBER | (offsetof<Profile>("hostTimeout") << 8)), 5, 300, 30,
  /*otpTimeout*/ <u16>(Key.NUMBER | (offsetof<Profile>("otpTimeout") << 8)), 30, 900, 120,
  /*otpResendAfter*/ <u16>(Key.NUMBER | (offsetof<Profile>("otpResendAfter") << 8)), 10, 900, 60,
  /*battery*/ <u16>(Key.NUMBER | (offsetof<Profile>("battery") << 8)), 0, 100, 100,
  /*charging*/ <u16>(FLAG | (offsetof<Profile>("charging") << 8)), 0, 1, 0,
  /*cardReader*/ <u16>(FLAG | (offsetof<Profile>("cardReader") << 8)), 0, 1, 1,
]);

/** The index of the word in first..last that the len bytes at p are, or -1. */
function wordIn(p: usize, len: i32, first: i32, last: i32): i32 {
  for (let w = first; w <= last; w++) if (isWord(p, len, w)) return w - first;
  return -1;
}

@lazy const HEX_SCRATCH: usize = memory.data(8);

/** What value v (vl bytes) gives by a key's rule: the number, or for the text kinds the length; -1 when refused. */
function valueOf(rule: usize, v: usize, vl: i32): i32 {
  const kind = <i32>load<u8>(rule) & ~Key.BOOL;
  const lengthField = <i32>load<u8>(rule, 1);
  const a = <i32>load<u16>(rule, 2), b = <i32>load<u16>(rule, 4);
  if (kind == Key.CHOICE) return wordIn(v, vl, a, b);
  if (kind == Key.SET) {
    let bits = 0, at = 0;
    while (at <= vl) {
      let e = at;
      while (e < vl && <i32>load<u8>(v + <usize>e) != CH_COMMA) e++;
      const i = wordIn(v + <usize>at, e - at, a, b);
      if (i >= 0) bits |= 1 << i;
      else if (e > at) return -1;
      at = e + 1;
    }
    return bits;
  }
  if (kind == Key.HEX) return vl == b * 2 && decodeHex(v, b, HEX_SCRATCH) ? vl : -1;
  if (kind >= Key.TEXT) {
    if (vl > b || (lengthField == 0 && vl != b)) return -1;
    return kind == Key.DIGITS && !allDigits(v, vl) ? -1 : vl;
  }
  if (kind == Key.HHMM && vl != 4) return -1;
  const n = parseDigits(v, vl);
  if (n < a || n > b) return -1;
  if (kind == Key.HHMM && n % 100 >= 60) return -1;
  if (kind == Key.KEY_LAYOUT && n != 24 && n % 20 != 0) return -1; // 24, 40 or 60
  return n;
}

/** Whether a rule's kind is one of the text kinds. */
function isText(kind: i32): bool { return kind >= Key.TEXT && kind < Key.BOOL; }

/** Sets a key by its rule: n into the field, or the text's bytes (vl at v) to its buffer and n to its length field. */
function put(rule: usize, v: usize, vl: i32, n: i32): void {
  const kind = <i32>load<u8>(rule);
  const field = changetype<usize>(profile) + <usize>load<u8>(rule, 1);
  if (isText(kind)) {
    const to = TEXT_BLOCK + <usize>load<u16>(rule, 2), b = <i32>load<u16>(rule, 4);
    zeroBytes(to, b);
    if (kind == Key.HEX) decodeHex(v, b, to);
    else copyBytes(to, v, vl);
    if (field != changetype<usize>(profile)) store<i32>(field, n);
  } else if ((kind & Key.BOOL) != 0) store<u8>(field, <u8>n);
  else store<i32>(field, n);
}

/** The one place the defaults are written: every field zero, each number's default by its rule, the texts' from FRAME_DEFAULTS. */
function setDefaults(): void {
  zeroBytes(changetype<usize>(profile), offsetof<Profile>());
  zeroBytes(TEXT_BLOCK, AT_TPDU);
  copyBytes(TEXT_BLOCK + AT_TPDU, FRAME_DEFAULTS, TEXT_BYTES - AT_TPDU);
  for (let rule = KEY_RULES; rule < KEY_RULES + <usize>(KEY_COUNT * RULE_BYTES); rule += RULE_BYTES) {
    if (!isText(<i32>load<u8>(rule))) put(rule, 0, 0, <i32>load<u16>(rule, 6));
  }
}
setDefaults();

/** Bit (1 << rule) for each of the required keys (the first two rules) the profile being parsed had. */
let seen: i32 = 0;

/**
 * Checks one `key=value` and, unless `dry`, applies it; returns 0, or
 * FLOW_PROFILE_UNKNOWN_KEY / FLOW_PROFILE_BAD_VALUE.
 */
function applyLine(k: usize, kl: i32, v: usize, vl: i32, dry: bool): i32 {
  const i = wordIn(k, kl, W.TERMINAL_ID, W.CARD_READER);
  if (i < 0) return ErrorCode.FLOW_PROFILE_UNKNOWN_KEY;
  const rule = KEY_RULES + <usize>(i * RULE_BYTES);
  const n = valueOf(rule, v, vl);
  if (n < 0) return ErrorCode.FLOW_PROFILE_BAD_VALUE;
  if (i < 2) seen |= 1 << i;
  if (!dry) put(rule, v, vl, n);
  return 0;
}

/** One pass over the lines: check only (`dry`) or apply. Returns 0 or the error (recorded). */
function eachLine(src: usize, len: i32, dry: bool): i32 {
  let at = 0;
  while (at < len) {
    const lineEnd = scanLine(src, len, at);
    const eq = scan.lineEquals;
    if (lineEnd > at && <i32>load<u8>(src + <usize>at) != CH_HASH_MARK) { // a '#' line is a comment
      if (eq == lineEnd) return failAt(ErrorCode.FLOW_PROFILE_BAD_VALUE, at);
      const r = applyLine(src + <usize>at, eq - at, src + <usize>(eq + 1), lineEnd - eq - 1, dry);
      if (r < 0) return failAt(r, at);
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
  seen = 0;
  const r = eachLine(src, len, true);
  if (r < 0) return r;
  if ((seen & 3) != 3) return failAt(ErrorCode.FLOW_PROFILE_MISSING, len);
  setDefaults();
  eachLine(src, len, false);
  profile.loaded = true;
  return 0;
}

export function hasFeature(bit: i32): bool { return (profile.features & bit) != 0; }

/** Where keys and the PIN live: the host's secure module, always in a build without the core's key store (CORE_CUSTODY), else as keyCustody says. */
@inline export function keysInModule(): bool { return !CORE_CUSTODY || !profile.keysInCore; }
