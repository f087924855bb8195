// The terminal's side of docs/PROTOCOL.md: builds each request frame (cup
// dialect, TPDU + application header, MAC under the MAK, personal data
// enciphered under the TDK, PIN as a PIN block under the PIK) and checks
// each reply before the flow may believe it: MTI, every field the reply must
// echo (docs/PROTOCOL.md's E column) and the MAC must all match, else the
// reply counts as no reply. A request sent again after a lost reply is an
// ISO 8583 repeat: the same STAN, the MTI's last digit raised (0100 -> 0101).
import {
  Dialect, FieldSet, FIELD_TPDU, FIELD_HEADER, unpack, macRegionOffset, macRegionLength,
  tlvAppend, tdesEcb, pinBlockEncode, wipe, workingKeyPtr, workingKeyLength, cryptTrack,
} from "./deps";
import {
  profile, keysInModule, TERMINAL_ID, TERMINAL_ID_LEN, MERCHANT_ID, MERCHANT_ID_LEN, TPDU, APP_HEADER, BATCH, BATCH_LEN, OPERATOR_CODE, OPERATOR_CODE_LEN,
  LAYOUT_ACCOUNT,
} from "./profile";
import { session, PAN, EXPIRY, TRACK2, PIN_BLOCK, OTP, OTP_REF, ENTRY_KEYED } from "./session";
import { bytesEqual, copyBytes, writeDigits, zeroBytes } from "./bytes";
import { W, expandWord, isWord, wordAt, WORD_SCRATCH } from "./texts";

/**
 * Working-key slots of the core's own key store (keyCustody=core) read here directly: the
 * PIN block of a PIN typed into the core, and track 2 (with keyCustody=module sealing.ts
 * asks the secure module for it). MACs and field 62 go through the
 * secure-module port (secure.ts, sealing.ts) in either custody.
 */
export const SLOT_PIK: i32 = 1;
export const SLOT_TDK: i32 = 3;

/** The exchanges (60.1 codes in docs/PROTOCOL.md). */
export const enum Op {
  NONE = 0, SIGN_ON = 1, ECHO = 2, BALANCE = 3, VERIFY = 4, OTP_SUBMIT = 5, OTP_RESEND = 6, LOSS = 7,
}

export const FRAME_CAPACITY: i32 = 1024;
@lazy export const FRAME: usize = memory.data(FRAME_CAPACITY);
let frameLength: i32 = 0;
export function frame(): usize { return FRAME; }
export function frameLen(): i32 { return frameLength; }
export function setFrameLength(n: i32): void { frameLength = n; }

// What a built request still needs before it is sent (sealing.ts): field 62
// enciphered from PLAIN (its padded length; 0: no field 62), and a MAC.
let plainPadded: i32 = 0;
let macWanted: bool = false;
let packDialect: i32 = Dialect.CUP;
let trackWanted: bool = false;
export function plainLength(): i32 { return plainPadded; }
export function wantsMac(): bool { return macWanted; }
export function dialect(): i32 { return packDialect; }
/** keyCustody=module: field 35's track block goes to the secure module's TDK (sealing.ts). */
export function wantsTrackEnciphered(): bool { return trackWanted; }

/**
 * Values of one frame: at most twice its bytes (BCD digits unpack to two ASCII
 * bytes each). A reply whose values do not fit is refused as unpackable.
 */
const FIELD_VALUES_CAPACITY: i32 = 2 * FRAME_CAPACITY;
export const request = new FieldSet(FIELD_VALUES_CAPACITY);
export const reply = new FieldSet(FIELD_VALUES_CAPACITY);

/** The STAN of the request in flight; 1..999999. */
let stan: i32 = 0;
export function currentStan(): i32 { return stan; }
export function setStanBase(highest: i32): void { stan = highest % 999999; }

@lazy const SCRATCH: usize = memory.data(64);
export const PLAIN_CAPACITY: i32 = 512;
@lazy export const PLAIN: usize = memory.data(PLAIN_CAPACITY); // field 62 clear TLV, wiped after use
@lazy const ZERO_IV: usize = memory.data(8);
@lazy const PIN_CLEAR: usize = memory.data(8);

/** Next STAN (wraps 999999 -> 1). */
function nextStan(): void { stan = stan >= 999999 ? 1 : stan + 1; }

/** The next request built is a repeat of the last one (same STAN, repeat MTI); reset by every build. */
let repeating: bool = false;
export function buildAsRepeat(): void { repeating = true; }

/** Fields every request carries: MTI (its repeat form when asked), TPDU, header, 11, 41, 42, 60 (60.4 onwards: `more60`). */
export function base(mti: W, type60: W, code60: W, more60: W): void {
  request.clear();
  plainPadded = 0;
  macWanted = false;
  trackWanted = false;
  setWord(0, mti);
  if (repeating) store<u8>(request.ptr(0) + 3, load<u8>(wordAt(mti) + 3) + 1); // 0100 -> 0101, 0200 -> 0201, 0302 -> 0303
  request.set(FIELD_TPDU, TPDU, 5);
  request.set(FIELD_HEADER, APP_HEADER, 6);
  if (!repeating) nextStan();
  repeating = false;
  writeDigits(SCRATCH, stan, 6);
  request.set(11, SCRATCH, 6);
  request.set(41, TERMINAL_ID, TERMINAL_ID_LEN);
  request.set(42, MERCHANT_ID, MERCHANT_ID_LEN);
  // 60: 60.1 (2) + 60.2 batch (6) + 60.3 (3)
  copyBytes(SCRATCH + 8, wordAt(type60), 2);
  copyBytes(SCRATCH + 10, BATCH, BATCH_LEN);
  copyBytes(SCRATCH + 16, wordAt(code60), 3);
  const more = min(expandWord(more60), 4);
  copyBytes(SCRATCH + 19, WORD_SCRATCH, more);
  request.set(60, SCRATCH + 8, 11 + more);
}

/** Sets request field `field` to word w (texts.ts W). */
export function setWord(field: i32, w: W): void { const n = expandWord(w); request.set(field, WORD_SCRATCH, n); }

/**
 * Track 2 goes enciphered: the profile wants it and the sign-on brought a TDK (the 60-byte
 * key layout; with keyCustody=module the module installed it, the core never sees it).
 */
function trackEncrypted(): bool {
  return profile.trackEncryption && (keysInModule() ? profile.keyLayout == 60 : workingKeyLength(SLOT_TDK) > 0);
}

/**
 * Card fields: 2, 22, 35 (swipe/chip; enciphered under the TDK unless the profile
 * says clear), 14 (a keyed card's expiry: a read card's travels inside track 2),
 * 26/52 with a PIN, 53 with a PIN or a track. 0, or negative when track 2 cannot
 * be enciphered (nothing is sent then).
 */
export function cardFields(withPin: bool): i32 {
  request.set(2, PAN, session.panLength);
  const mode = session.entryMode;
  const track = mode != ENTRY_KEYED && session.track2Length > 0;
  if (session.hasExpiry && !track) request.set(14, EXPIRY, 4);
  store<u8>(SCRATCH + 24, 0x30);
  store<u8>(SCRATCH + 25, <u8>(0x30 + mode));
  store<u8>(SCRATCH + 26, withPin ? 0x31 : 0x32);
  request.set(22, SCRATCH + 24, 3);
  if (track) request.set(35, TRACK2, session.track2Length);
  if (withPin) {
    setWord(26, W.PIN_DIGITS_MAX); // the most PIN digits the terminal takes (R7: 4-12)
    request.set(52, PIN_BLOCK, 8);
  }
  const encrypted = track && trackEncrypted();
  if (withPin || track) setSecurityControl(withPin, encrypted);
  if (!encrypted) return 0;
  if (!keysInModule()) return encryptTrack2();
  trackWanted = true;
  return 0;
}

/**
 * Field 53, security control information: 53.1 PIN format (2: ISO 9564 format 0,
 * the PIN block folds in the PAN; 0: no PIN), 53.2 algorithm (6: double-length
 * working keys; 0: single-length, key layout 24), 53.3 track data encrypted under
 * the TDK (1) or clear (0), then 13 zeros (docs/PROTOCOL.md).
 */
export function setSecurityControl(withPin: bool, trackEncrypted: bool): void {
  store<u8>(SCRATCH + 48, withPin ? 0x32 : 0x30);
  store<u8>(SCRATCH + 49, profile.keyLayout == 24 ? 0x30 : 0x36);
  store<u8>(SCRATCH + 50, trackEncrypted ? 0x31 : 0x30);
  for (let i = 51; i < 64; i++) store<u8>(SCRATCH + <usize>i, 0x30);
  request.set(53, SCRATCH + 48, 16);
}

/**
 * Replaces the request's clear track 2 (field 35) by its encryption under the
 * TDK, in place (the field keeps its length). 0 (also with no track 2), -1
 * without a TDK, or cryptTrack's error. The caller says so in 53.3.
 */
export function encryptTrack2(): i32 {
  if (!request.has(35)) return 0;
  if (workingKeyLength(SLOT_TDK) == 0) return -1;
  const p = request.ptr(35);
  const r = cryptTrack(workingKeyPtr(SLOT_TDK), workingKeyLength(SLOT_TDK), p, request.length(35), p, true);
  return r < 0 ? r : 0;
}

/** The fields are set: sealing.ts packs the request into FRAME (cup, or the dialect given), with `mac` field 64 carrying the MAC under the MAK. */
export function finish(mac: bool, dialect: i32 = Dialect.CUP): i32 {
  macWanted = mac;
  packDialect = dialect;
  return 0;
}

/** 0800 sign-on (60.3 by key layout; 63 the operator code and a space, as the published 0800 carries `01 `). */
export function buildSignOn(): i32 {
  base(W.MTI_0800, W.TYPE60_00, profile.keyLayout == 24 ? W.CODE60_001 : (profile.keyLayout == 40 ? W.CODE60_003 : W.CODE60_004), W.NONE);
  copyBytes(SCRATCH + 56, OPERATOR_CODE, OPERATOR_CODE_LEN);
  store<u8>(SCRATCH + 56 + <usize>OPERATOR_CODE_LEN, 0x20);
  request.set(63, SCRATCH + 56, OPERATOR_CODE_LEN + 1);
  return finish(false);
}

/** The sign-on reply's batch (60.2, digits 3-8 of field 60) becomes the terminal's: false when it carries none. */
export function adoptBatch(): bool {
  if (!reply.has(60) || reply.length(60) < 8) return false;
  const p = reply.ptr(60) + 2;
  for (let i = 0; i < BATCH_LEN; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    if (c < 0x30 || c > 0x39) return false;
  }
  copyBytes(BATCH, p, BATCH_LEN);
  return true;
}

/** 0820 echo test. */
export function buildEcho(): i32 {
  base(W.MTI_0820, W.TYPE60_00, W.CODE60_301, W.NONE);
  return finish(false);
}

/** 0200 balance inquiry (always with PIN). */
export function buildBalance(): i32 {
  base(W.MTI_0200, W.TYPE60_01, W.CODE60_000, W.NONE);
  setWord(3, W.PROCESSING_BALANCE);
  const r = cardFields(true);
  if (r < 0) return r;
  setWord(25, W.CONDITION_NORMAL);
  setWord(49, W.CURRENCY_CNY);
  return finish(true);
}

/** Pads the TLV in PLAIN[0..len) (ISO 9797-1 padding 2) for field 62, which sealing.ts enciphers (TDES CBC, zero IV, TDK). */
export function personalData(len: i32): i32 {
  let n = len;
  store<u8>(PLAIN + <usize>n, 0x80); n++;
  while ((n & 7) != 0) { store<u8>(PLAIN + <usize>n, 0); n++; }
  plainPadded = n;
  return 0;
}

/** The verification family (0100, 60.1 = 71 / 72 / 73). */
export function verifyBase(type60: W): void {
  base(W.MTI_0100, type60, W.CODE60_000, W.NONE);
  setWord(3, W.PROCESSING_VERIFY);
}

/** The clear TLV's scratch (field 62 under the TDK): tlvAppend's target for the layouts that send personal data. */
export function plainData(): usize { return PLAIN; }
export function wipePlain(): void { wipe(PLAIN, 512); }

/** 0100 / 72: the SMS code with its reference. */
export function buildOtpSubmit(): i32 { return buildOtp(W.TYPE60_72, true); }

/** 0100 / 73: ask for a new SMS code. */
export function buildOtpResend(): i32 { return buildOtp(W.TYPE60_73, false); }

/** The SMS-code requests: field 62 carries the code's reference and, to submit it, the code. */
function buildOtp(type60: W, withCode: bool): i32 {
  verifyBase(type60);
  const c = cardFields(false);
  if (c < 0) return c;
  setWord(25, W.CONDITION_NORMAL);
  let at = tlvAppend(PLAIN, 500, 0, "OR", OTP_REF, session.otpRefLength);
  if (withCode && at >= 0) at = tlvAppend(PLAIN, 500, at, "OC", OTP, session.otpLength);
  if (at < 0) { wipe(PLAIN, 512); return at; }
  const r = personalData(at);
  if (r < 0) return r;
  return finish(true);
}

/**
 * 0302 / 74: loss or theft report; field 63 `41` lost or `43` stolen (the
 * matching field 39 codes). The card is field 2 when its number is at hand,
 * else the verification id the acquirer gave it (field 38, `ref`).
 */
export function buildLoss(stolen: bool, ref: usize, refLength: i32): i32 {
  if (session.panLength == 0 && refLength <= 0) return -1;
  base(W.MTI_0302, W.TYPE60_74, W.CODE60_000, W.NONE);
  if (session.panLength > 0) request.set(2, PAN, session.panLength);
  else request.set(38, ref, refLength);
  setWord(63, stolen ? W.LOSS_STOLEN : W.LOSS_LOST);
  return finish(true);
}

/** The reply MTI each request expects (a repeat's answer is its original's: 0101 -> 0110). */
function replyMti(op: i32): W {
  switch (op) {
    case Op.SIGN_ON: return W.MTI_0810;
    case Op.ECHO: return W.MTI_0830;
    case Op.BALANCE: return W.MTI_0210;
    case Op.LOSS: return W.MTI_0312;
    case Op.VERIFY: return profile.verifyLayout == LAYOUT_ACCOUNT ? W.MTI_0210 : W.MTI_0110;
    default: return W.MTI_0110;
  }
}

/** Why the last reply was rejected (for the LOG line and tests); ECHO names the field in rejectedField(). */
export const enum Reject { NONE = 0, UNPACK = 1, MTI = 2, ECHO = 3, MAC = 6, NO_39 = 7 }
let rejected: i32 = Reject.NONE;
let rejectedAt: i32 = 0;
export function lastReject(): i32 { return rejected; }
export function rejectedField(): i32 { return rejectedAt; }

/**
 * The fields a reply must give back as the request carried them (docs/PROTOCOL.md,
 * the E column): a reply for another card (2), another operation (3, 25), another
 * request (11) or another terminal or merchant (41, 42) is not this request's answer.
 * Field 60 is compared on 60.1 alone: a sign-on reply brings the POS centre's batch in 60.2.
 * Rows of (field, bytes compared: 0 for all, and then the lengths must be equal).
 */
@lazy const ECHOED: usize = memory.data<u8>([2, 0, 3, 0, 11, 0, 25, 0, 41, 0, 42, 0, 60, 2]);
const ECHOED_ROWS: i32 = 7;

/** True when reply field f holds exactly the request's value of f (its first `prefix` bytes when > 0); nothing to echo is true. */
function echoes(f: i32, prefix: i32): bool {
  if (!request.has(f)) return true;
  if (!reply.has(f)) return false;
  const n = prefix > 0 ? prefix : request.length(f);
  if (request.length(f) < n || reply.length(f) < n || (prefix == 0 && reply.length(f) != n)) return false;
  return bytesEqual(request.ptr(f), reply.ptr(f), n);
}

/** Exchanges whose replies carry a MAC (field 64) the terminal checks. */
export function replyHasMac(op: i32): bool { return op != Op.SIGN_ON && op != Op.ECHO; }

/** A reply's MAC did not match (exchange.ts compares it with the MAC the secure module made). */
export function rejectMac(): void { rejected = Reject.MAC; }

function echoFailed(f: i32): bool { rejected = Reject.ECHO; rejectedAt = f; return false; }

/**
 * Unpacks a RECEIVED frame and accepts it only as the reply to `op`: its MTI,
 * every field it must echo from the request in flight, and for MAC'd exchanges
 * a field 64 with a MAC region inside the frame (the MAC itself is compared once
 * the secure module has made it: exchange.ts).
 */
export function acceptReply(op: i32, src: usize, len: i32): bool {
  rejected = Reject.NONE;
  rejectedAt = 0;
  if (unpack(Dialect.CUP, src, len, reply) < 0) { rejected = Reject.UNPACK; return false; }
  const mti = replyMti(op);
  if (!reply.has(0) || !isWord(reply.ptr(0), reply.length(0), mti)) { rejected = Reject.MTI; return false; }
  for (let row = 0; row < ECHOED_ROWS; row++) {
    const f = <i32>load<u8>(ECHOED + <usize>(row * 2));
    if (!echoes(f, <i32>load<u8>(ECHOED + <usize>(row * 2 + 1)))) return echoFailed(f);
  }
  if (replyHasMac(op)) {
    if (!reply.has(64) || reply.length(64) != 8) { rejected = Reject.MAC; return false; }
    const off = macRegionOffset(), n = macRegionLength();
    if (off < 0 || n <= 0 || off + n > len) { rejected = Reject.MAC; return false; }
  }
  if (!reply.has(39) || reply.length(39) != 2) { rejected = Reject.NO_39; return false; }
  return true;
}

/** Field 39 of the accepted reply, character i (0 or 1). */
export function replyCode(i: i32): i32 { return <i32>load<u8>(reply.ptr(39) + <usize>(i & 1)); }

/** Enciphers the PIN typed at pin[0..len) into PIN_BLOCK (ISO 9564 format 0 under the PIK) and wipes the clear block. */
export function makePinBlock(pin: usize, len: i32): i32 {
  if (keysInModule() || workingKeyLength(SLOT_PIK) == 0) return -1; // keyCustody=module: the core holds no PIK
  let r = pinBlockEncode(0, pin, len, PAN, session.panLength, ZERO_IV, PIN_CLEAR);
  if (r >= 0) r = tdesEcb(workingKeyPtr(SLOT_PIK), workingKeyLength(SLOT_PIK), PIN_CLEAR, 8, PIN_BLOCK, true);
  wipe(PIN_CLEAR, 8);
  session.hasPinBlock = r >= 0;
  if (r < 0) zeroBytes(PIN_BLOCK, 8);
  return r;
}

/**
 * Wipes what the last exchanges left in memory (R10): the request and reply
 * field sets (PAN, track 2, PIN block, personal data ciphertext) and the
 * packed frame. Called with the session wipe.
 */
export function wipeMessages(): void {
  request.wipe();
  reply.wipe();
  zeroBytes(FRAME, FRAME_CAPACITY);
  frameLength = 0;
}
