// The verification flow: every transition, in this one file (docs/FLOW.md
// is its diagram and table). handleEvent() checks the (state, event) pair
// against the table in states.ts, then the handler for the event kind
// switches on the state. Handlers queue commands (queue.ts) and move
// `state`; they validate an event's payload before changing anything, so a
// refused event leaves the flow as it was.
import { ErrorCode, fail, INPUT, INPUT_CAPACITY } from "../abi";
import { runSelfTest } from "../selftest";
import { Ev, Cmd, Key, Timer, Beep, Link, KeySlot, CardSource } from "./events";
import { St, accepts, acceptMask, isInputState } from "./states";
import { queueCount, queueReset, queueOverflowed, emit, emitByte, emitTimer, begin, end, putByte, putBytes, putString } from "./queue";
import {
  profile, parseProfile, hasFeature, FEATURE_VERIFY, FEATURE_REPLACE, FEATURE_LOSS, FEATURE_BALANCE,
  LANG_ZH, LANG_EN, PRINTER_READY, TERMINAL_ID, TERMINAL_ID_LEN, MERCHANT_NAME, SUPPORT_PHONE, SUPERVISOR_PASSWORD,
} from "./profile";
import { T, text } from "./texts";
import { S, cellsOf, compose, addMasked, addText, addBytes, addByte, addString, addStars, addSpace, newline, show, turnPage, wipeScreen } from "./screens";
import {
  session, wipeSession, wipeEdit, wipeCard, EDIT, EDIT_MAX, NAME, ID_NUMBER, PAN, PAN_MAX, EXPIRY, TRACK2, TRACK2_MAX,
  PHONE, OTP, OTP_MAX, OTP_REF, OTP_REF_MAX, PIN_MAX, MASKED_NAME, MASKED_ID, MASKED_PAN, MASKED_PHONE,
  MASKED_OTP_PHONE, PIN_BLOCK, PAN_HASH, ID_HASH, OLD_PAN_HASH, HASH_HEX, ENTRY_KEYED, ENTRY_SWIPE, ENTRY_CHIP,
} from "./session";
import {
  F, TABLE_RECORDS, TABLE_ATTEMPTS, RECORD_SLOTS, openSlot, setField, setFieldString, fieldIs, fieldPtr, fieldLength,
  fieldEquals, emitSave, restoreRecord, clearTables, nthNewest, countMatching, FILTER_ALL, FILTER_CARDS, slotUsed, highestStan,
} from "./records";
import { withinHours, checkCard, CARD_OK, CARD_BLOCKED, CARD_LOCKED } from "./policy";
import { Act, Fix, lookupResponse, responseText, responseAction, responseCounts, responseFix } from "./responses";
import {
  Op, FRAME, frameLen, reply, buildSignOn, buildEcho, buildBalance, buildVerify, buildOtpSubmit, buildOtpResend, buildLoss,
  acceptReply, replyCode, makePinBlock, currentStan, setStanBase, lastReject, wipeMessages,
} from "./messages";
import {
  checkPan, checkedLength, checkIdNumber, checkPhone, checkName, checkExpiry, checkTrack2, track2PanOffset,
  track2PanLength, track2ExpiryOffset, maskPan, maskIdNumber, maskPhone, maskName, CHECK_PAN_LUHN_UNIONPAY,
  CHECK_EXPIRY_EXPIRED, injectTerminalMasterKey, installWorkingKeys, wipeAllKeys, aesCmac, constantTimeEqual,
  tlvFind, tlvFoundLength, wipeChecks, berRead, berTag, berValueOffset, berLength, berConstructed,
} from "./deps";
import { copyBytes, zeroBytes, encodeHex, writeDigits, validClock, minutesOf, isDigit, parseDigits, CH_UPPER_X, CH_LOWER_X } from "./bytes";

// ---- the fixed state record -------------------------------------------------

/** What the operator is doing (the menu item). */
export const enum Task { NONE = 0, VERIFY = 1, REPLACE = 2, LOSS = 3, RECORDS = 4, ECHO = 5, BALANCE = 6, SETTINGS = 7, START_UP = 8 }

/** What ENTER (ok) or CANCEL does on an EXPECT_ACK screen. */
const enum Go {
  MENU = 0, FIX = 1, RESEND = 2, REPLACE_CARD = 3, SIGN_ON_RETRY = 4, SIGN_ON_RESUME = 5, NOTICE = 6, OTP = 7,
}

let state: i32 = St.OFF;
let task: i32 = Task.NONE;
let op: i32 = Op.NONE;
/** The exchange to resume after a sign-on asked for by 77/99/A0. */
let resumeOp: i32 = Op.NONE;
let signedOn: bool = false;
let masterKeyLoaded: bool = false;
let recordKeyLoaded: bool = false;
/** Correcting one field from the confirmation screen or after a failure: ENTER returns to CONFIRM. */
let editing: bool = false;
let fixTarget: i32 = Fix.FROM_44;
/** R18: the further fields field 44 named (Fix values, in its letters' order), asked after fixTarget before CONFIRM. */
@lazy const FIX_QUEUE: usize = memory.data(4);
let fixQueued: i32 = 0;
let fixNext: i32 = 0;
let ackOk: i32 = Go.MENU;
let ackCancel: i32 = Go.MENU;
let helpReturn: i32 = St.EXPECT_MENU;
/** Record slots: the card being replaced (R20), the card being reported (R21), the notice to show. */
let replaceSlot: i32 = -1;
let lossSlot: i32 = -1;
let lossStolen: bool = false;
let noticeSlot: i32 = -1;
let browseRank: i32 = 0;
let otpResendReady: bool = false;
/** The SMS code's validity ran out (possibly while it was out with the acquirer): said on the code screen. */
let otpExpired: bool = false;
/** A text to show above the current screen once (an input was refused). */
let errorText: i32 = -1;
/** Running timers, bit per id: CANCEL_TIMER is sent only for a running one. */
let timers: i32 = 0;
let nowDate: i32 = 0;
let nowTime: i32 = 0;

/** What a result waiting in EXPECT_SAVED shows once its records are durable (R9). */
const enum Then { NONE = 0, VERIFIED = 1, LOSS_REPORTED = 2, LOSS_LOCAL_ONLY = 3, FAILURE = 4 }
/** Seconds EXPECT_SAVED waits for SAVED before it says the record was not saved. */
const SAVE_TIMEOUT: i32 = 10;
/** Record slots whose SAVE has not been answered by SAVED yet (1 byte per slot of TABLE_RECORDS). */
@lazy const PENDING: usize = memory.data(RECORD_SLOTS);
let pendingCount: i32 = 0;
/** The attempt record (slot of TABLE_ATTEMPTS) a failure result waits for (R16), or -1; counted in pendingCount. */
let pendingAttempt: i32 = -1;
/** The field 39 of the failure result shown by showFailure(). */
let failC0: i32 = 0;
let failC1: i32 = 0;
let savedThen: i32 = Then.NONE;
/** The verification record the success screen and the receipt are made from. */
let resultSlot: i32 = -1;
/** EXPECT_SAVED: the SAVE timer ran out; ENTER saves again, CANCEL gives up. */
let saveTimedOut: bool = false;

@lazy const RECORD_KEY: usize = memory.data(16);
@lazy const HASH_IN: usize = memory.data(32);
@lazy const HASH_OUT: usize = memory.data(16);
@lazy const ID_TEXT: usize = memory.data(24);
@lazy const CARD_TMP: usize = memory.data(64);

export function flowState(): i32 { return state; }
export function flowTask(): i32 { return task; }
export function isSignedOn(): bool { return signedOn; }

// ---- small command helpers --------------------------------------------------

/** R10: everything entered and everything the exchanges carried, zeroed. */
function wipeEntered(): void {
  wipeSession();
  wipeMessages();
  wipeChecks();
}

function startTimer(id: i32, seconds: i32): void { emitTimer(id, seconds); timers |= 1 << id; }
function cancelTimer(id: i32): void {
  if ((timers & (1 << id)) == 0) return;
  emitByte(Cmd.CANCEL_TIMER, id);
  timers &= ~(1 << id);
}
function beep(kind: i32): void { emitByte(Cmd.BEEP, kind); }

function log(s: string): void { begin(Cmd.LOG); putString(s); end(); }

/** Logs a string followed by a masked value. */
function logMasked(s: string, p: usize, len: i32): void { begin(Cmd.LOG); putString(s); putBytes(p, len); end(); }

/** Keyed hash (AES-CMAC under the record-hash key) of a domain byte + value, as 32 hex chars at out. */
function keyedHash(domain: i32, src: usize, len: i32, out: usize): void {
  store<u8>(HASH_IN, <u8>domain);
  const n = len < 31 ? len : 31;
  copyBytes(HASH_IN + 1, src, n);
  aesCmac(RECORD_KEY, 16, HASH_IN, n + 1, HASH_OUT);
  encodeHex(HASH_OUT, 16, out);
  zeroBytes(HASH_IN, 32);
  zeroBytes(HASH_OUT, 16);
}

// ---- screens per state -------------------------------------------------------

function titleOf(t: i32): i32 {
  switch (t) {
    case Task.REPLACE: return T.TITLE_REPLACE;
    case Task.LOSS: return T.TITLE_LOSS;
    case Task.RECORDS: return T.TITLE_RECORDS;
    case Task.BALANCE: return T.TITLE_BALANCE;
    case Task.ECHO: return T.TITLE_ECHO;
    case Task.SETTINGS: return T.TITLE_SETTINGS;
    default: return T.TITLE_VERIFY;
  }
}

function helpOf(s: i32): i32 {
  switch (s) {
    case St.EXPECT_MENU: return T.H_MENU;
    case St.EXPECT_CONSENT: return T.H_CONSENT;
    case St.EXPECT_NAME: return T.H_NAME;
    case St.EXPECT_ID_TYPE: return T.H_ID_TYPE;
    case St.EXPECT_ID_NUMBER: return T.H_ID;
    case St.EXPECT_CARD: return T.H_CARD;
    case St.EXPECT_LUHN_CONFIRM: return T.H_LUHN;
    case St.EXPECT_PHONE: return T.H_PHONE;
    case St.EXPECT_PIN: return T.H_PIN;
    case St.EXPECT_CONFIRM: return T.H_CONFIRM;
    case St.EXPECT_OTP: return T.H_OTP;
    case St.EXPECT_PASSWORD: return T.H_PASSWORD;
    case St.EXPECT_RECORD_BROWSE: return T.H_RECORDS;
    case St.EXPECT_RECORD_PICK: return T.H_PICK;
    case St.EXPECT_LOSS_CARD: return T.H_LOSS_CARD;
    case St.EXPECT_LOSS_REASON: return T.H_LOSS_REASON;
    case St.EXPECT_LOSS_CONFIRM: return T.H_LOSS_CONFIRM;
    case St.EXPECT_SETTINGS: return T.H_SETTINGS;
    default: return T.H_RESULT;
  }
}

/** Starts a screen with the task's title, and a pending error line if any. */
function head(id: i32): void {
  compose(id);
  if (errorText >= 0) { addText(errorText); newline(); errorText = -1; }
  addText(titleOf(task));
  newline();
}

/**
 * One line of the confirmation screen: "1姓名:张*". When the line would wrap
 * on a narrow display the label goes ("2 110105****002X"); addMasked() then
 * shortens the run of '*' so a masked value stays on one line.
 */
function addItem(digit: i32, label: i32, p: usize, len: i32): void {
  addByte(digit);
  const labelCells = textCells(label) + 1;
  if (1 + labelCells + len <= profile.columns) { addLabelled(label, p, len); return; }
  addSpace();
  addMasked(p, len);
}

/** Display cells of a text in the current language. */
function textCells(t: i32): i32 {
  const s = text(t, profile.language);
  let n = 0;
  for (let i = 0; i < s.length; i++) n += cellsOf(<i32>s.charCodeAt(i));
  return n;
}

function addLabelled(label: i32, p: usize, len: i32): void {
  addText(label); addByte(0x3a); addMasked(p, len);
}

/** Composes and shows the screen of the current state from the session (never unmasked after entry), at `page` (clamped). */
function render(page: i32 = 0): void {
  switch (state) {
    case St.EXPECT_MENU: {
      compose(S.MENU);
      if (errorText >= 0) { addText(errorText); newline(); errorText = -1; }
      addText(T.MENU_TITLE);
      if (hasFeature(FEATURE_VERIFY)) { newline(); addText(T.MENU_1); }
      if (hasFeature(FEATURE_REPLACE)) { newline(); addText(T.MENU_2); }
      if (hasFeature(FEATURE_LOSS)) { newline(); addText(T.MENU_3); }
      newline(); addText(T.MENU_4);
      newline(); addText(T.MENU_5);
      if (hasFeature(FEATURE_BALANCE)) { newline(); addText(T.MENU_6); }
      newline(); addText(T.MENU_7);
      break;
    }
    case St.EXPECT_CONSENT:
      // No title: the question and its key fit one page of a 16x4 display.
      compose(S.CONSENT); addText(T.CONSENT); newline(); addText(T.CONSENT_KEYS); break;
    case St.EXPECT_NAME: head(S.NAME); addText(T.PROMPT_NAME); newline(); addBytes(EDIT, session.editLength); break;
    case St.EXPECT_ID_TYPE: head(S.ID_TYPE); addText(T.PROMPT_ID_TYPE); break;
    case St.EXPECT_ID_NUMBER: head(S.ID_NUMBER); addText(T.PROMPT_ID); newline(); addBytes(EDIT, session.editLength); break;
    case St.EXPECT_CARD: head(S.CARD); addText(T.PROMPT_CARD); break;
    case St.EXPECT_LUHN_CONFIRM:
      head(S.LUHN_WARN); addMasked(MASKED_PAN, session.maskedPanLength); newline(); addText(T.LUHN_WARN); break;
    case St.EXPECT_PHONE: head(S.PHONE); addText(T.PROMPT_PHONE); newline(); addBytes(EDIT, session.editLength); break;
    case St.EXPECT_PIN: head(S.PIN); addText(T.PROMPT_PIN); newline(); addStars(session.editLength); break;
    case St.EXPECT_CONFIRM: {
      compose(S.CONFIRM);
      if (errorText >= 0) { addText(errorText); newline(); errorText = -1; }
      addText(T.CONFIRM_TITLE); newline();
      addItem(0x31, T.LABEL_NAME, MASKED_NAME, session.maskedNameLength); newline();
      addItem(0x32, T.LABEL_ID, MASKED_ID, session.maskedIdLength); newline();
      addItem(0x33, T.LABEL_CARD, MASKED_PAN, session.maskedPanLength); newline();
      addItem(0x34, T.LABEL_PHONE, MASKED_PHONE, session.maskedPhoneLength); newline();
      addText(T.CONFIRM_KEYS);
      break;
    }
    case St.EXPECT_OTP:
      compose(S.OTP);
      if (errorText >= 0) { addText(errorText); newline(); errorText = -1; }
      addText(T.PROMPT_OTP); newline();
      // Where the code went (the label only when the display has room for it).
      if (session.maskedOtpPhoneLength > 0) {
        if (profile.rows > 4) { addText(T.OTP_SENT_TO); newline(); }
        addMasked(MASKED_OTP_PHONE, session.maskedOtpPhoneLength); newline();
      }
      addBytes(EDIT, session.editLength);
      if (otpResendReady) { newline(); addText(T.OTP_KEYS); }
      break;
    case St.EXPECT_PASSWORD: head(S.PASSWORD); addText(T.PROMPT_PASSWORD); newline(); addStars(session.editLength); break;
    case St.EXPECT_RECORD_BROWSE: renderRecord(S.RECORDS, FILTER_ALL); break;
    case St.EXPECT_RECORD_PICK: renderRecord(S.PICK_RECORD, FILTER_CARDS); break;
    case St.EXPECT_LOSS_CARD:
      head(S.LOSS_CARD);
      if (lossSlot >= 0) { addLabelled(T.LABEL_CARD, fieldPtr(TABLE_RECORDS, lossSlot, F.PAN), fieldLength(TABLE_RECORDS, lossSlot, F.PAN)); newline(); addText(T.PROMPT_CARD); }
      else addText(T.PROMPT_LOSS_CARD);
      break;
    case St.EXPECT_LOSS_REASON: head(S.LOSS_REASON); addMasked(MASKED_PAN, session.maskedPanLength); newline(); addText(T.LOSS_REASON); break;
    case St.EXPECT_LOSS_CONFIRM:
      head(S.LOSS_CONFIRM); addMasked(MASKED_PAN, session.maskedPanLength); newline();
      addText(lossStolen ? T.ST_STOLEN : T.ST_LOST); newline(); addText(T.LOSS_CONFIRM); break;
    case St.EXPECT_SETTINGS: head(S.SETTINGS); addText(T.SETTINGS_LANG); break;
    default: return;
  }
  show(page);
}

/**
 * One saved record, masked (R14). A record is longer than a 16x4 display, so
 * its first page says where the operator is and which keys move: rank and
 * status, then the one-line prompt (F2/F3 the newer/older record, UP/DOWN its
 * pages), then the card; no task title, it would push the card off page 1.
 */
function renderRecord(id: i32, filter: i32): void {
  compose(id);
  if (errorText >= 0) { addText(errorText); newline(); errorText = -1; }
  const total = countMatching(TABLE_RECORDS, filter);
  const s = nthNewest(TABLE_RECORDS, browseRank, filter);
  if (s < 0) { addText(T.L_NO_RECORDS); return; }
  writeDigits(CARD_TMP, browseRank + 1, 3); writeDigits(CARD_TMP + 4, total, 3);
  store<u8>(CARD_TMP + 3, 0x2f);
  addBytes(CARD_TMP, 7); addSpace();
  addText(statusText(s)); newline();
  addText(id == S.PICK_RECORD ? T.PICK_RECORD : T.KEYS_RECORDS); newline();
  addMasked(fieldPtr(TABLE_RECORDS, s, F.PAN), fieldLength(TABLE_RECORDS, s, F.PAN)); newline();
  if (fieldLength(TABLE_RECORDS, s, F.NAME) > 0) { addMasked(fieldPtr(TABLE_RECORDS, s, F.NAME), fieldLength(TABLE_RECORDS, s, F.NAME)); newline(); }
  addBytes(fieldPtr(TABLE_RECORDS, s, F.TIME), fieldLength(TABLE_RECORDS, s, F.TIME)); newline();
  if (fieldLength(TABLE_RECORDS, s, F.ID_NUMBER) > 0) { addMasked(fieldPtr(TABLE_RECORDS, s, F.ID_NUMBER), fieldLength(TABLE_RECORDS, s, F.ID_NUMBER)); newline(); }
  if (fieldLength(TABLE_RECORDS, s, F.PHONE) > 0) { addMasked(fieldPtr(TABLE_RECORDS, s, F.PHONE), fieldLength(TABLE_RECORDS, s, F.PHONE)); newline(); }
  if (fieldLength(TABLE_RECORDS, s, F.RRN) > 0) { addReference(T.P_RRN, fieldPtr(TABLE_RECORDS, s, F.RRN), fieldLength(TABLE_RECORDS, s, F.RRN)); newline(); }
  if (fieldLength(TABLE_RECORDS, s, F.VID) > 0) addReference(T.P_VID, fieldPtr(TABLE_RECORDS, s, F.VID), fieldLength(TABLE_RECORDS, s, F.VID));
}

/** "label:value" for a reference number; the value on a line of its own when both do not fit, never cut. */
function addReference(label: i32, p: usize, len: i32): void {
  addText(label);
  if (textCells(label) + len > profile.columns) newline();
  addBytes(p, len);
}

/**
 * The browsers' keys (R14): UP/DOWN turn the record's pages and run on into
 * the newer record's last page / the older record's first page, so holding
 * one key reads every line of every record; F2/F3 jump to the newer/older
 * record's first page. Returns false (BEEP) at the ends.
 */
function browseKey(k: i32, filter: i32): bool {
  if (k == Key.UP || k == Key.DOWN) {
    const d = k == Key.UP ? -1 : 1;
    if (turnPage(d)) return true;
    const next = browseRank + d;
    if (next < 0 || nthNewest(TABLE_RECORDS, next, filter) < 0) return false;
    browseRank = next;
    render(d < 0 ? RECORD_PAGES_MAX : 0); // show() clamps: the newer record's last page
    return true;
  }
  if (k == Key.F2 || k == Key.F3) {
    const next = browseRank + (k == Key.F2 ? -1 : 1);
    if (next < 0 || nthNewest(TABLE_RECORDS, next, filter) < 0) return false;
    browseRank = next;
    render();
    return true;
  }
  return false;
}
/** More pages than any record takes; show() clamps it to the last one. */
const RECORD_PAGES_MAX: i32 = 1000;

function statusText(s: i32): i32 {
  if (fieldIs(TABLE_RECORDS, s, F.STATUS, "replaced")) return T.ST_REPLACED;
  if (fieldIs(TABLE_RECORDS, s, F.STATUS, "lost")) return T.ST_LOST;
  if (fieldIs(TABLE_RECORDS, s, F.STATUS, "stolen")) return T.ST_STOLEN;
  return T.ST_ACTIVE;
}

// ---- moving between states ----------------------------------------------------

/** Enters an input state: clears the typed field, shows its screen, (re)starts the INPUT timer. */
function enter(s: i32): void {
  state = s;
  wipeEdit();
  render();
  startTimer(Timer.INPUT, profile.inputTimeout);
}

/** Back to the menu; everything entered is wiped (R10). */
function toMenu(): void {
  cancelTimer(Timer.INPUT);
  cancelTimer(Timer.HOST);
  cancelTimer(Timer.OTP);
  cancelTimer(Timer.RESEND);
  cancelTimer(Timer.MESSAGE);
  cancelTimer(Timer.SAVE);
  forgetPendingSaves();
  wipeEntered();
  wipeScreen();
  task = Task.NONE;
  op = Op.NONE;
  resumeOp = Op.NONE;
  editing = false;
  fixQueued = 0;
  fixNext = 0;
  replaceSlot = -1;
  lossSlot = -1;
  noticeSlot = -1;
  otpResendReady = false;
  otpExpired = false;
  state = St.EXPECT_MENU;
  render();
}

/**
 * A result or message screen: text t (plus an optional code, detail and
 * support line), ENTER does `ok`, CANCEL does `cancel`, the MESSAGE timer
 * does `cancel` too.
 */
function ack(t: i32, keys: i32, ok: i32, cancel: i32, tone: i32): void {
  cancelTimer(Timer.INPUT);
  compose(S.MESSAGE);
  addText(t);
  if (keys >= 0) { newline(); addText(keys); }
  show();
  finishAck(ok, cancel, tone);
}

function finishAck(ok: i32, cancel: i32, tone: i32): void {
  if (tone > 0) beep(tone);
  ackOk = ok;
  ackCancel = cancel;
  state = St.EXPECT_ACK;
  startTimer(Timer.MESSAGE, profile.inputTimeout);
}

/** The field after `s` in the task's order (or CONFIRM when correcting one field). */
function advanceFrom(s: i32): void {
  switch (s) {
    case St.EXPECT_CONSENT: enter(St.EXPECT_NAME); return;
    case St.EXPECT_NAME: if (editing) toConfirm(); else enter(St.EXPECT_ID_TYPE); return;
    case St.EXPECT_ID_TYPE: enter(St.EXPECT_ID_NUMBER); return;
    case St.EXPECT_ID_NUMBER: if (editing) toConfirm(); else enter(St.EXPECT_CARD); return;
    case St.EXPECT_CARD:
    case St.EXPECT_LUHN_CONFIRM:
      if (task == Task.BALANCE) { enter(St.EXPECT_PIN); return; }
      if (task == Task.LOSS) { enter(St.EXPECT_LOSS_REASON); return; }
      if (session.phoneLength == 0) { enter(St.EXPECT_PHONE); return; }
      if (profile.requirePin) enter(St.EXPECT_PIN); else toConfirm();
      return;
    case St.EXPECT_PHONE: if (editing || !profile.requirePin || session.hasPinBlock) toConfirm(); else enter(St.EXPECT_PIN); return;
    case St.EXPECT_PIN:
      if (task == Task.BALANCE) { startExchange(Op.BALANCE); return; }
      toConfirm();
      return;
  }
}

/** The confirmation screen, or first the next field still to correct that field 44 named (R18). */
function toConfirm(): void {
  if (fixNext < fixQueued) {
    const f = <i32>load<u8>(FIX_QUEUE + <usize>fixNext);
    fixNext++;
    enterFix(f);
    return;
  }
  fixQueued = 0;
  fixNext = 0;
  enter(St.EXPECT_CONFIRM);
}

/** The screen that corrects field f (Fix); anything else goes back to the confirmation screen. */
function enterFix(f: i32): void {
  if (f == Fix.NAME) { enter(St.EXPECT_NAME); return; }
  if (f == Fix.ID) { enter(St.EXPECT_ID_NUMBER); return; }
  if (f == Fix.CARD) { wipeCard(); enter(St.EXPECT_CARD); return; }
  if (f == Fix.PHONE) { enter(St.EXPECT_PHONE); return; }
  if (f == Fix.PIN) { session.hasPinBlock = false; enter(St.EXPECT_PIN); return; }
  if (f == Fix.OTP) { enterOtp(); return; }
  toConfirm();
}

// ---- exchanges with the acquirer ----------------------------------------------

/** Opens the link for an exchange; the request is built when LINK says connected. */
function startExchange(o: i32): void {
  cancelTimer(Timer.INPUT);
  cancelTimer(Timer.MESSAGE);
  op = o;
  compose(o == Op.SIGN_ON ? S.SIGNING_ON : S.PROCESSING);
  addText(o == Op.SIGN_ON ? T.SIGNING_ON : titleOf(task));
  newline();
  addText(T.PROCESSING);
  show();
  emit(Cmd.CONNECT);
  startTimer(Timer.HOST, profile.hostTimeout);
  state = St.EXPECT_LINK;
}

function buildFor(o: i32): i32 {
  switch (o) {
    case Op.SIGN_ON: return buildSignOn();
    case Op.ECHO: return buildEcho();
    case Op.BALANCE: return buildBalance();
    case Op.VERIFY: return buildVerify();
    case Op.OTP_SUBMIT: return buildOtpSubmit();
    case Op.OTP_RESEND: return buildOtpResend();
    case Op.LOSS: return buildLoss(lossStolen);
  }
  return -1;
}

function onLinkUp(): void {
  const n = buildFor(op);
  if (n < 0) {
    // Nothing can be sent (keys missing or a field refused): say so, never send half a message.
    emit(Cmd.DISCONNECT);
    cancelTimer(Timer.HOST);
    log("request not built");
    exchangeFailed(T.L_NOT_SIGNED_ON);
    return;
  }
  begin(Cmd.SEND); putBytes(FRAME, n); end();
  startTimer(Timer.HOST, profile.hostTimeout);
  state = St.EXPECT_HOST_REPLY;
}

/** No usable reply (link failed, timed out, link dropped, request not built). */
function exchangeFailed(t: i32): void {
  switch (op) {
    case Op.SIGN_ON:
      signedOn = false;
      ack(T.L_SIGNON_FAILED, T.KEYS_RETRY, Go.SIGN_ON_RETRY, Go.MENU, Beep.ERROR);
      return;
    case Op.ECHO:
      if (task == Task.START_UP) { toMenu(); return; } // signed on; the echo test failing is shown by item 5
      ack(t, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
      return;
    case Op.LOSS:
      afterSaved(Then.LOSS_LOCAL_ONLY); // "blocked here" only once the block is durable
      return;
    default:
      ack(t, T.KEYS_RETRY, Go.RESEND, Go.MENU, Beep.ERROR);
  }
}

function onReply(): void {
  cancelTimer(Timer.HOST);
  emit(Cmd.DISCONNECT);
  const c0 = replyCode(0), c1 = replyCode(1);
  switch (op) {
    case Op.SIGN_ON: {
      if (c0 != 0x30 || c1 != 0x30 || !reply.has(62)) { signedOn = false; ack(T.L_SIGNON_FAILED, T.KEYS_RETRY, Go.SIGN_ON_RETRY, Go.MENU, Beep.ERROR); return; }
      if (installWorkingKeys(profile.keyLayout, reply.ptr(62), reply.length(62)) < 0) {
        signedOn = false; log("sign-on: key check failed");
        ack(T.L_KEYS_BAD, T.KEYS_RETRY, Go.SIGN_ON_RETRY, Go.MENU, Beep.ERROR); return;
      }
      signedOn = true;
      log("sign-on: working keys installed");
      if (resumeOp != Op.NONE) { resumeAfterSignOn(); return; }
      if (task == Task.START_UP) { startExchange(Op.ECHO); return; } // R4: prove the link once keys are in
      toMenu();
      return;
    }
    case Op.ECHO:
      if (task == Task.START_UP) { toMenu(); return; }
      lookupResponse(c0, c1);
      if (c0 == 0x30 && c1 == 0x30) ack(T.L_ECHO_OK, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.SUCCESS);
      else ack(responseText(), T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
      return;
    case Op.BALANCE: onBalanceReply(c0, c1); return;
    case Op.LOSS:
      if (c0 == 0x30 && c1 == 0x30) { log("loss report accepted"); afterSaved(Then.LOSS_REPORTED); }
      else afterSaved(Then.LOSS_LOCAL_ONLY);
      return;
    default: onVerifyReply(c0, c1);
  }
}

function resumeAfterSignOn(): void {
  const o = resumeOp;
  resumeOp = Op.NONE;
  // A PIN block enciphered under the old PIK is worthless now: ask for the PIN again.
  if (session.hasPinBlock) {
    session.hasPinBlock = false;
    zeroBytes(PIN_BLOCK, 8);
    editing = task != Task.BALANCE;
    enter(St.EXPECT_PIN);
    return;
  }
  startExchange(o);
}


function onBalanceReply(c0: i32, c1: i32): void {
  lookupResponse(c0, c1);
  if (c0 == 0x30 && c1 == 0x30) {
    compose(S.RESULT);
    addText(T.TITLE_BALANCE); newline();
    addText(T.L_BALANCE); newline();
    // 54: account type(2) amount type(2) currency(3) sign(1) amount(12, fen)
    if (reply.has(54) && reply.length(54) >= 20) {
      const p = reply.ptr(54);
      if (load<u8>(p + 7) == 0x44) addByte(0x2d); // 'D' debit balance
      let i = 8;
      while (i < 17 && load<u8>(p + <usize>i) == 0x30) i++;
      addBytes(p + <usize>i, 18 - i); addByte(0x2e); addBytes(p + 18, 2);
    }
    show();
    wipeEntered();
    finishAck(Go.MENU, Go.MENU, Beep.SUCCESS);
    return;
  }
  const a = responseAction();
  if (a == Act.FIX && responseFix() == Fix.PIN) { fixTarget = Fix.PIN; ack(responseText(), T.KEYS_CORRECT, Go.FIX, Go.MENU, Beep.ERROR); return; }
  if (a == Act.SIGN_ON) { signedOn = false; resumeOp = Op.BALANCE; ack(responseText(), T.KEYS_RETRY, Go.SIGN_ON_RESUME, Go.MENU, Beep.ERROR); return; }
  if (a == Act.RETRY) { ack(responseText(), T.KEYS_RETRY, Go.RESEND, Go.MENU, Beep.ERROR); return; }
  ack(responseText(), T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
}

// ---- verification answers -------------------------------------------------------

/** Record ids: a letter, then date, time and STAN (unique per terminal). */
function makeId(letter: i32): i32 {
  store<u8>(ID_TEXT, <u8>letter);
  writeDigits(ID_TEXT + 1, nowDate, 8);
  writeDigits(ID_TEXT + 9, nowTime, 6);
  writeDigits(ID_TEXT + 15, currentStan(), 6);
  return 21;
}

function setTimeAndStan(table: i32, s: i32): void {
  writeDigits(CARD_TMP, nowDate, 8);
  writeDigits(CARD_TMP + 8, nowTime, 6);
  setField(table, s, F.TIME, CARD_TMP, 14);
  writeDigits(CARD_TMP, currentStan(), 6);
  setField(table, s, F.STAN, CARD_TMP, 6);
}

/** R16: an issuer answer about this card, saved so the limits survive a restart; its slot, or -1 without a card hash. */
function saveAttempt(c0: i32, c1: i32): i32 {
  if (!session.hasPanHash) return -1;
  const n = makeId(0x41); // 'A'
  const s = openSlot(TABLE_ATTEMPTS, ID_TEXT, n);
  setFieldString(TABLE_ATTEMPTS, s, F.TYPE, "attempt");
  setTimeAndStan(TABLE_ATTEMPTS, s);
  store<u8>(CARD_TMP, <u8>c0); store<u8>(CARD_TMP + 1, <u8>c1);
  setField(TABLE_ATTEMPTS, s, F.RESULT, CARD_TMP, 2);
  setField(TABLE_ATTEMPTS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
  emitSave(TABLE_ATTEMPTS, s);
  return s;
}

function copyReplyField(table: i32, s: i32, f: i32, field: i32): void {
  if (reply.has(field)) setField(table, s, f, reply.ptr(field), reply.length(field));
}

function onVerifyReply(c0: i32, c1: i32): void {
  lookupResponse(c0, c1);
  const attempt = responseCounts() ? saveAttempt(c0, c1) : -1;
  begin(Cmd.LOG); putString("verification answer "); putByte(c0); putByte(c1); putString(" card "); putBytes(MASKED_PAN, session.maskedPanLength); end();
  const a = responseAction();
  switch (a) {
    case Act.DONE: verified(); return;
    case Act.OTP: otpRequested(); return;
    case Act.RESEND:
      otpResendReady = true;
      cancelTimer(Timer.OTP);
      errorText = T.R_S3;
      enter(St.EXPECT_OTP);
      return;
    case Act.SIGN_ON:
      // The acquirer no longer takes these keys: nothing more goes out under them, even if the operator cancels.
      signedOn = false;
      resumeOp = op;
      ack(responseText(), T.KEYS_RETRY, Go.SIGN_ON_RESUME, Go.MENU, Beep.ERROR);
      return;
    case Act.RETRY: ack(responseText(), T.KEYS_RETRY, Go.RESEND, Go.MENU, Beep.ERROR); return;
  }
  // A failure result (FIX, REPLACE, STOP, WAIT). One that counts against the card is shown only once its
  // attempt record is durable (R9, R16): a power cut before SAVED must not forget it and so dodge the lock.
  failC0 = c0;
  failC1 = c1;
  if (attempt >= 0) {
    pendingAttempt = attempt;
    pendingCount++;
    afterSaved(Then.FAILURE);
    return;
  }
  showFailure();
}

/** The failure result of answer failC0 failC1 (responses.ts already looked it up): reason, correction or support line. */
function showFailure(): void {
  const c0 = failC0, c1 = failC1;
  const a = responseAction();
  if (a == Act.REPLACE) {
    session.failures++;
    if (hasFeature(FEATURE_REPLACE)) { offerReplacement(responseText()); return; }
    ack(responseText(), T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
    return;
  }
  let support = session.failures >= profile.maxFailures;
  if (a == Act.FIX) {
    session.failures++;
    // R16: the answer just saved may have locked the card (failures in a row, counted across
    // verifications) or used up its daily answers: a correction would go out past the limit.
    const limited = session.hasPanHash && checkCard(PAN_HASH, minutesOf(nowDate, nowTime)) != CARD_OK;
    support = limited || session.failures >= profile.maxFailures;
    if (!support) {
      fixTarget = responseFix();
      fixQueued = 0;
      fixNext = 0;
      if (fixTarget == Fix.FROM_44) fixTarget = fixFrom44();
      failureScreen(c0, c1, T.KEYS_CORRECT, false);
      finishAck(Go.FIX, Go.MENU, Beep.ERROR);
      return;
    }
  }
  // STOP, WAIT, or FIX after the last allowed attempt or on a card now locked: the answer, then the support line (R19).
  failureScreen(c0, c1, T.KEYS_BACK, support);
  finishAck(Go.MENU, Go.MENU, Beep.ERROR);
}

/** R18: the reason, the mismatching elements (field 44), the code for "other", the support line. */
function failureScreen(c0: i32, c1: i32, keys: i32, support: bool): void {
  cancelTimer(Timer.INPUT);
  compose(S.RESULT);
  addText(responseText());
  if (responseText() == T.R_OTHER) { addByte(c0); addByte(c1); }
  if (reply.has(44) && reply.length(44) > 0) {
    newline(); addText(T.MISMATCH);
    const p = reply.ptr(44);
    let named = 0;
    for (let i = 0; i < reply.length(44) && i < 4; i++) {
      const c = <i32>load<u8>(p + <usize>i);
      const t = c == 0x4e ? T.MISMATCH_N : c == 0x49 ? T.MISMATCH_I : c == 0x43 ? T.MISMATCH_C : c == 0x50 ? T.MISMATCH_P : -1;
      if (t < 0) continue;
      if (named > 0) addSpace();
      addText(t);
      named++;
    }
  }
  if (support && profile.supportPhoneLength > 0) {
    newline(); addText(T.L_SUPPORT); addBytes(SUPPORT_PHONE, profile.supportPhoneLength);
  }
  newline(); addText(keys);
  show();
}

/**
 * The first element field 44 names (N, I, C, P), else back to the confirmation screen;
 * the others it names (each once, unknown letters skipped) wait in FIX_QUEUE in its order.
 */
function fixFrom44(): i32 {
  if (!reply.has(44)) return Fix.FROM_44;
  const p = reply.ptr(44);
  const n = reply.length(44);
  let first = <i32>Fix.FROM_44;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    const f = c == 0x4e ? Fix.NAME : c == 0x49 ? Fix.ID : c == 0x43 ? Fix.CARD : c == 0x50 ? Fix.PHONE : Fix.FROM_44;
    if (f == Fix.FROM_44 || (seen & (1 << f)) != 0) continue;
    seen |= 1 << f;
    if (first == Fix.FROM_44) { first = f; continue; }
    if (fixQueued < 4) { store<u8>(FIX_QUEUE + <usize>fixQueued, <u8>f); fixQueued++; }
  }
  return first;
}

/** R20: expired card: tell the operator and offer the replacement of the card for the same holder. */
function offerReplacement(t: i32): void {
  copyBytes(OLD_PAN_HASH, PAN_HASH, HASH_HEX);
  session.hasOldPanHash = session.hasPanHash;
  replaceSlot = findCardRecord(PAN_HASH);
  // Only the holder's own record is replaced: the same card saved for another holder's ID stays as it is.
  if (replaceSlot >= 0 && session.hasIdHash && fieldLength(TABLE_RECORDS, replaceSlot, F.ID_HASH) == HASH_HEX &&
      !fieldEquals(TABLE_RECORDS, replaceSlot, F.ID_HASH, ID_HASH, HASH_HEX)) replaceSlot = -1;
  ack(t, T.KEYS_REPLACE, Go.REPLACE_CARD, Go.MENU, Beep.ATTENTION);
}

/** The newest verification record of a card (by hash), or -1. */
function findCardRecord(hash: usize): i32 {
  let rank = 0;
  while (true) {
    const s = nthNewest(TABLE_RECORDS, rank, FILTER_ALL);
    if (s < 0) return -1;
    if (fieldEquals(TABLE_RECORDS, s, F.PAN_HASH, hash, HASH_HEX)) return s;
    rank++;
  }
  return -1;
}

/** S1: the issuer sent an SMS code; read the reference, validity and masked number (field 62, clear TLV). */
function otpRequested(): void {
  session.otpRefLength = 0;
  session.maskedOtpPhoneLength = 0;
  let validity = profile.otpTimeout;
  if (reply.has(62)) {
    const p = reply.ptr(62), n = reply.length(62);
    let at = tlvFind(p, n, "OR");
    if (at >= 0 && tlvFoundLength() <= OTP_REF_MAX) { copyBytes(OTP_REF, p + <usize>at, tlvFoundLength()); session.otpRefLength = tlvFoundLength(); }
    at = tlvFind(p, n, "OT");
    if (at >= 0 && tlvFoundLength() == 3) { const v = parseDigits(p + <usize>at, 3); if (v > 0) validity = v; }
    at = tlvFind(p, n, "MP");
    if (at >= 0 && tlvFoundLength() <= 15) { copyBytes(MASKED_OTP_PHONE, p + <usize>at, tlvFoundLength()); session.maskedOtpPhoneLength = tlvFoundLength(); }
  }
  if (session.otpRefLength == 0) {
    // Without a reference the code cannot be sent back: treat as a format error.
    ack(T.R_30, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
    return;
  }
  otpResendReady = false;
  otpExpired = false;
  startTimer(Timer.OTP, validity);
  startTimer(Timer.RESEND, profile.otpResendAfter);
  beep(Beep.ATTENTION);
  enter(St.EXPECT_OTP);
}

/** R8, R9: "认证成功", the record, the old card's record (R20), the holder notice (R21), the receipt. */
function verified(): void {
  cancelTimer(Timer.OTP);
  cancelTimer(Timer.RESEND);
  const n = makeId(0x56); // 'V'
  const s = openSlot(TABLE_RECORDS, ID_TEXT, n);
  setFieldString(TABLE_RECORDS, s, F.TYPE, "verification");
  setTimeAndStan(TABLE_RECORDS, s);
  setFieldString(TABLE_RECORDS, s, F.RESULT, "00");
  copyReplyField(TABLE_RECORDS, s, F.RRN, 37);
  copyReplyField(TABLE_RECORDS, s, F.VID, 38);
  setField(TABLE_RECORDS, s, F.NAME, MASKED_NAME, session.maskedNameLength);
  setField(TABLE_RECORDS, s, F.ID_NUMBER, MASKED_ID, session.maskedIdLength);
  setField(TABLE_RECORDS, s, F.PAN, MASKED_PAN, session.maskedPanLength);
  setField(TABLE_RECORDS, s, F.PHONE, MASKED_PHONE, session.maskedPhoneLength);
  setField(TABLE_RECORDS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
  setField(TABLE_RECORDS, s, F.ID_HASH, ID_HASH, HASH_HEX);
  setFieldString(TABLE_RECORDS, s, F.STATUS, "active");
  if (task == Task.REPLACE && replaceSlot >= 0 && slotUsed(TABLE_RECORDS, replaceSlot)) {
    setField(TABLE_RECORDS, s, F.REPLACES, fieldPtr(TABLE_RECORDS, replaceSlot, F.ID), fieldLength(TABLE_RECORDS, replaceSlot, F.ID));
  }
  saveRecord(s);
  // The old card: replaced (R20); a lost or stolen one keeps its block and gets the link (R21).
  noticeSlot = -1;
  if (task == Task.REPLACE && replaceSlot >= 0 && slotUsed(TABLE_RECORDS, replaceSlot) && replaceSlot != s) {
    linkReplacement(replaceSlot, s);
  }
  for (let r = 0; r < RECORD_SLOTS; r++) {
    if (r == s || !slotUsed(TABLE_RECORDS, r) || fieldLength(TABLE_RECORDS, r, F.REPLACED_BY) > 0) continue;
    if (!session.hasIdHash || !fieldEquals(TABLE_RECORDS, r, F.ID_HASH, ID_HASH, HASH_HEX)) continue;
    if (fieldIs(TABLE_RECORDS, r, F.STATUS, "lost") || fieldIs(TABLE_RECORDS, r, F.STATUS, "stolen")) linkReplacement(r, s);
  }
  // Nothing entered is needed any more: the record holds the masks, the receipt is made from it.
  wipeEntered();
  resultSlot = s;
  afterSaved(Then.VERIFIED);
}

/** "认证成功" and the receipt, once the records are durable (R8, R9): made from the saved record. */
function showVerified(): void {
  const s = resultSlot;
  resultSlot = -1;
  if (s < 0 || !slotUsed(TABLE_RECORDS, s)) { toMenu(); return; }
  printReceipt(s);
  if (noticeSlot >= 0) printNotice(noticeSlot);
  // Titled with the operation's name like the other screens of the task (and the balance result),
  // so "认证成功" is said once, on its own line.
  compose(S.RESULT);
  addText(titleOf(task)); newline();
  if (task == Task.REPLACE) { addText(T.L_REPLACED_OK); newline(); }
  addText(T.R_00);
  const vid = fieldLength(TABLE_RECORDS, s, F.VID), rrn = fieldLength(TABLE_RECORDS, s, F.RRN);
  if (vid > 0) { newline(); addText(T.P_VID); addBytes(fieldPtr(TABLE_RECORDS, s, F.VID), vid); }
  // The reference number only where it fits one line (it is on the receipt and in the record anyway).
  if (rrn > 0 && textCells(T.P_RRN) + rrn <= profile.columns) {
    newline(); addText(T.P_RRN); addBytes(fieldPtr(TABLE_RECORDS, s, F.RRN), rrn);
  }
  show();
  finishAck(noticeSlot >= 0 ? Go.NOTICE : Go.MENU, Go.MENU, Beep.SUCCESS);
}

// ---- saving before success (R9) -------------------------------------------------------

/** SAVE of a record whose SAVED a result will wait for. */
function saveRecord(s: i32): void {
  emitSave(TABLE_RECORDS, s);
  if (<u32>s >= <u32>RECORD_SLOTS || load<u8>(PENDING + <usize>s) != 0) return;
  store<u8>(PENDING + <usize>s, 1);
  pendingCount++;
}

function forgetPendingSaves(): void {
  zeroBytes(PENDING, RECORD_SLOTS);
  pendingCount = 0;
  pendingAttempt = -1;
  savedThen = Then.NONE;
  resultSlot = -1;
  saveTimedOut = false;
}

/** Shows result `then` once every record it depends on is durable; until then EXPECT_SAVED. */
function afterSaved(then: i32): void {
  savedThen = then;
  if (pendingCount == 0) { savedDone(); return; }
  cancelTimer(Timer.INPUT);
  cancelTimer(Timer.MESSAGE);
  state = St.EXPECT_SAVED;
  showSaving();
}

function showSaving(): void {
  saveTimedOut = false;
  compose(S.PROCESSING);
  addText(titleOf(task)); newline();
  addText(T.L_SAVING);
  show();
  startTimer(Timer.SAVE, SAVE_TIMEOUT);
}

/** SAVED (any state): the record is durable; the result waiting for it is shown when none is left. */
function onSaved(src: usize, len: i32): void {
  if (pendingCount == 0) return;
  if (pendingAttempt >= 0 && fieldEquals(TABLE_ATTEMPTS, pendingAttempt, F.ID, src, len)) { pendingAttempt = -1; pendingCount--; }
  for (let s = 0; s < RECORD_SLOTS; s++) {
    if (load<u8>(PENDING + <usize>s) == 0) continue;
    if (!fieldEquals(TABLE_RECORDS, s, F.ID, src, len)) continue;
    store<u8>(PENDING + <usize>s, 0);
    pendingCount--;
  }
  if (pendingCount == 0 && state == St.EXPECT_SAVED) { cancelTimer(Timer.SAVE); savedDone(); }
}

function savedDone(): void {
  const then = savedThen;
  savedThen = Then.NONE;
  saveTimedOut = false;
  switch (then) {
    case Then.VERIFIED: showVerified(); return;
    case Then.FAILURE: showFailure(); return;
    case Then.LOSS_REPORTED: ack(T.L_LOSS_DONE, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.SUCCESS); return;
    case Then.LOSS_LOCAL_ONLY: ack(T.L_LOSS_LOCAL_ONLY, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ATTENTION); return;
    default: toMenu();
  }
}

/** TIMER SAVE in EXPECT_SAVED: no SAVED came; say so plainly and let the operator save again. */
function saveTimeout(): void {
  saveTimedOut = true;
  log("record not saved: no SAVED from storage");
  compose(S.MESSAGE);
  addText(T.L_NOT_SAVED); newline();
  addText(T.KEYS_RESAVE);
  show();
  beep(Beep.ERROR);
}

/** KEY in EXPECT_SAVED: after the timeout ENTER re-issues the same SAVEs (same ids: idempotent), CANCEL gives up. */
function savedKey(k: i32): void {
  if (!saveTimedOut) { beep(Beep.ERROR); return; }
  if (k == Key.ENTER) {
    log("saving again");
    for (let s = 0; s < RECORD_SLOTS; s++) if (load<u8>(PENDING + <usize>s) != 0) emitSave(TABLE_RECORDS, s);
    if (pendingAttempt >= 0) emitSave(TABLE_ATTEMPTS, pendingAttempt);
    showSaving();
    return;
  }
  if (k == Key.CANCEL) { log("record not saved: given up by the operator"); toMenu(); return; }
  beep(Beep.ERROR);
}

function linkReplacement(old: i32, s: i32): void {
  setField(TABLE_RECORDS, old, F.REPLACED_BY, fieldPtr(TABLE_RECORDS, s, F.ID), fieldLength(TABLE_RECORDS, s, F.ID));
  if (fieldIs(TABLE_RECORDS, old, F.STATUS, "lost") || fieldIs(TABLE_RECORDS, old, F.STATUS, "stolen")) noticeSlot = old;
  else setFieldString(TABLE_RECORDS, old, F.STATUS, "replaced");
  saveRecord(old);
}

function printerReady(): bool {
  if (profile.printer == PRINTER_READY) return true;
  log("printer not ready: receipt not printed");
  return false;
}

function printLine(t: i32, p: usize, len: i32): void {
  const label = text(t, profile.language);
  putString(label);
  // The field labels shared with the screens carry no colon; the receipt's own ones do.
  const lastChar = label.charCodeAt(label.length - 1);
  if (lastChar != 0x3a && lastChar != 0xff1a) putByte(0x3a);
  putBytes(p, len); putByte(0x0a);
}

/** The receipt: masked values and reference numbers only (R10). */
function printReceipt(s: i32): void {
  if (!printerReady()) return;
  begin(Cmd.PRINT);
  putString(text(T.P_TITLE, profile.language)); putByte(0x0a);
  if (profile.merchantNameLength > 0) printLine(T.P_MERCHANT, MERCHANT_NAME, profile.merchantNameLength);
  printLine(T.P_TERMINAL, TERMINAL_ID, TERMINAL_ID_LEN);
  printLine(T.P_TIME, fieldPtr(TABLE_RECORDS, s, F.TIME), 14);
  printLine(T.LABEL_NAME, fieldPtr(TABLE_RECORDS, s, F.NAME), fieldLength(TABLE_RECORDS, s, F.NAME));
  printLine(T.LABEL_CARD, fieldPtr(TABLE_RECORDS, s, F.PAN), fieldLength(TABLE_RECORDS, s, F.PAN));
  printLine(T.LABEL_PHONE, fieldPtr(TABLE_RECORDS, s, F.PHONE), fieldLength(TABLE_RECORDS, s, F.PHONE));
  printLine(T.P_RRN, fieldPtr(TABLE_RECORDS, s, F.RRN), fieldLength(TABLE_RECORDS, s, F.RRN));
  printLine(T.P_STAN, fieldPtr(TABLE_RECORDS, s, F.STAN), fieldLength(TABLE_RECORDS, s, F.STAN));
  printLine(T.P_VID, fieldPtr(TABLE_RECORDS, s, F.VID), fieldLength(TABLE_RECORDS, s, F.VID));
  putString(text(T.P_RESULT, profile.language)); putString(text(T.R_00, profile.language));
  end();
}

/** R21: the notice for the holder whose lost/stolen card the new card replaces. */
function printNotice(old: i32): void {
  if (!printerReady()) return;
  begin(Cmd.PRINT);
  putString(text(T.P_NOTICE_TITLE, profile.language)); putByte(0x0a);
  putString(text(T.L_NOTICE_1, profile.language)); putByte(0x0a);
  putBytes(fieldPtr(TABLE_RECORDS, old, F.PAN), fieldLength(TABLE_RECORDS, old, F.PAN)); putByte(0x0a);
  putString(text(T.L_NOTICE_2, profile.language));
  end();
}

function showNotice(): void {
  compose(S.HOLDER_NOTICE);
  addText(T.L_NOTICE_1); newline();
  if (noticeSlot >= 0) { addMasked(fieldPtr(TABLE_RECORDS, noticeSlot, F.PAN), fieldLength(TABLE_RECORDS, noticeSlot, F.PAN)); newline(); }
  addText(T.L_NOTICE_2);
  show();
  noticeSlot = -1;
  finishAck(Go.MENU, Go.MENU, Beep.ATTENTION);
}

// ---- acknowledging a result --------------------------------------------------------

function doGo(g: i32): void {
  cancelTimer(Timer.MESSAGE);
  switch (g) {
    case Go.FIX: {
      editing = task != Task.BALANCE;
      enterFix(fixTarget);
      return;
    }
    case Go.RESEND: startExchange(op); return;
    case Go.REPLACE_CARD:
      task = Task.REPLACE;
      editing = false;
      wipeCard();
      enter(St.EXPECT_CARD);
      return;
    case Go.SIGN_ON_RETRY: startExchange(Op.SIGN_ON); return;
    case Go.SIGN_ON_RESUME: startExchange(Op.SIGN_ON); return;
    case Go.NOTICE: showNotice(); return;
    case Go.OTP: enterOtp(); return;
    default: toMenu();
  }
}

/** Back to the code screen (after S2): it says so if the code ran out meanwhile. */
function enterOtp(): void {
  if (otpExpired) errorText = T.L_OTP_EXPIRED;
  enter(St.EXPECT_OTP);
}

// ---- the menu ----------------------------------------------------------------------

function menuKey(k: i32): void {
  if (k < 0x31 || k > 0x37) { beep(Beep.ERROR); return; }
  const item = k - 0x30;
  // R2: an item the profile does not offer is refused before anything is asked.
  const feature = item == 1 ? FEATURE_VERIFY : item == 2 ? FEATURE_REPLACE : item == 3 ? FEATURE_LOSS : item == 6 ? FEATURE_BALANCE : 0;
  if (feature != 0 && !hasFeature(feature)) { errorText = T.L_FEATURE_OFF; beep(Beep.ERROR); render(); return; }
  // Items that talk to the acquirer need working keys; verification also needs opening hours (R15).
  if ((item == 1 || item == 2 || item == 6) && !withinHours(nowTime)) { errorText = T.L_OUTSIDE_HOURS; beep(Beep.ERROR); render(); return; }
  // A loss report goes ahead without keys: the local block matters most, the report says it was not sent.
  if ((item == 1 || item == 2 || item == 6) && !signedOn) {
    task = Task.START_UP;
    ack(T.L_NOT_SIGNED_ON, T.KEYS_RETRY, Go.SIGN_ON_RETRY, Go.MENU, Beep.ERROR);
    return;
  }
  wipeEntered();
  editing = false;
  fixQueued = 0;
  fixNext = 0;
  replaceSlot = -1;
  lossSlot = -1;
  browseRank = 0;
  switch (item) {
    case 1: task = Task.VERIFY; enter(St.EXPECT_CONSENT); return;
    case 2:
      // A replacement links the new card to a saved one; with none saved there is nothing to replace
      // (an expired card met during a verification offers its own replacement, R20).
      if (countMatching(TABLE_RECORDS, FILTER_CARDS) == 0) { errorText = T.L_NO_RECORDS; beep(Beep.ERROR); render(); return; }
      task = Task.REPLACE;
      enter(St.EXPECT_RECORD_PICK);
      return;
    case 3: task = Task.LOSS; enter(St.EXPECT_LOSS_CARD); return;
    case 4:
      task = Task.RECORDS;
      if (profile.passwordLength == 0) { errorText = T.L_FEATURE_OFF; task = Task.NONE; beep(Beep.ERROR); render(); return; }
      enter(St.EXPECT_PASSWORD);
      return;
    case 5: task = Task.ECHO; startExchange(Op.ECHO); return;
    case 6: task = Task.BALANCE; enter(St.EXPECT_CARD); return;
    case 7: task = Task.SETTINGS; enter(St.EXPECT_SETTINGS); return;
  }
}

// ---- typing ------------------------------------------------------------------------

/** Appends a typed character to EDIT (up to max) or removes the last with CLEAR; re-shows the screen. */
function typeInto(k: i32, max: i32, allowX: bool): bool {
  if (k == Key.CLEAR) {
    if (session.editLength > 0) { session.editLength--; store<u8>(EDIT + <usize>session.editLength, 0); }
    render();
    return true;
  }
  let c = k;
  if (allowX && k == Key.STAR) c = CH_UPPER_X; // '*' types the X of an ID number
  if (!isDigit(c) && !(allowX && c == CH_UPPER_X)) return false;
  if (session.editLength >= max) { beep(Beep.ERROR); return true; }
  store<u8>(EDIT + <usize>session.editLength, <u8>c);
  session.editLength++;
  render();
  return true;
}

/** A refused entry: the reason above the same screen, the field cleared. */
function refuse(t: i32): void {
  errorText = t;
  beep(Beep.ERROR);
  enter(state);
}

function acceptName(): void {
  if (session.editLength == 0 || checkName(EDIT, session.editLength, NAME) < 0) { refuse(T.L_BAD_NAME); return; }
  session.nameLength = checkedLength();
  session.maskedNameLength = maskName(NAME, session.nameLength, MASKED_NAME);
  advanceFrom(St.EXPECT_NAME);
}

function acceptIdNumber(): void {
  if (checkIdNumber(EDIT, session.editLength, ID_NUMBER, nowDate) < 0) { refuse(T.L_BAD_ID); return; }
  session.idLength = checkedLength();
  keyedHash(0x49, ID_NUMBER, session.idLength, ID_HASH); // 'I'
  session.hasIdHash = true;
  // Card replacement picked from a record: the new card must be for the same holder (R20).
  if (task == Task.REPLACE && replaceSlot >= 0 && fieldLength(TABLE_RECORDS, replaceSlot, F.ID_HASH) == HASH_HEX &&
      !fieldEquals(TABLE_RECORDS, replaceSlot, F.ID_HASH, ID_HASH, HASH_HEX)) {
    zeroBytes(ID_NUMBER, 18); session.idLength = 0; session.hasIdHash = false;
    refuse(T.L_NOT_SAME_HOLDER);
    return;
  }
  session.maskedIdLength = maskIdNumber(ID_NUMBER, session.idLength, MASKED_ID);
  advanceFrom(St.EXPECT_ID_NUMBER);
}

function acceptPhone(): void {
  if (checkPhone(EDIT, session.editLength, PHONE) < 0) { refuse(T.L_BAD_PHONE); return; }
  session.phoneLength = checkedLength();
  session.maskedPhoneLength = maskPhone(PHONE, session.phoneLength, MASKED_PHONE);
  advanceFrom(St.EXPECT_PHONE);
}

function acceptPin(): void {
  if (session.editLength < 4 || session.editLength > PIN_MAX) { refuse(T.L_BAD_PIN); return; }
  const r = makePinBlock(EDIT, session.editLength);
  wipeEdit(); // the clear PIN never outlives this call
  if (r < 0) { log("PIN block not made"); ack(T.L_NOT_SIGNED_ON, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR); return; }
  advanceFrom(St.EXPECT_PIN);
}

function acceptOtp(): void {
  if (session.editLength < 4 || session.editLength > OTP_MAX) { refuse(T.L_BAD_OTP); return; }
  copyBytes(OTP, EDIT, session.editLength);
  session.otpLength = session.editLength;
  wipeEdit();
  startExchange(Op.OTP_SUBMIT);
}

function acceptPassword(): void {
  const ok = session.editLength == profile.passwordLength && profile.passwordLength > 0 &&
    constantTimeEqual(EDIT, SUPERVISOR_PASSWORD, profile.passwordLength);
  wipeEdit();
  if (!ok) { log("records: wrong supervisor password"); ack(T.L_WRONG_PASSWORD, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR); return; }
  browseRank = 0;
  enter(St.EXPECT_RECORD_BROWSE);
}

// ---- card data -----------------------------------------------------------------------

/**
 * Reads a CARD event (S swipe, K keyed, C chip) into PAN, EXPIRY and TRACK2:
 * CARD_READ, CARD_UNREADABLE, or CARD_PANS_DIFFER (chip 5A and 57 disagree).
 */
function readCard(src: usize, len: i32): i32 {
  wipeCard();
  if (len < 2) return CARD_UNREADABLE;
  const source = <i32>load<u8>(src);
  const p = src + 1;
  const n = len - 1;
  if (source == CardSource.SWIPE) { // track 2, sentinels optional
    let a = 0, e = n;
    if (load<u8>(p) == 0x3b) a = 1;                          // ';' start sentinel
    for (let i = a; i < n; i++) if (load<u8>(p + <usize>i) == 0x3f) { e = i; break; } // '?' end sentinel (LRC after it)
    if (e - a < 14 || e - a > TRACK2_MAX) return CARD_UNREADABLE;
    if (checkTrack2(p + <usize>a, e - a) < 0) return CARD_UNREADABLE;
    copyBytes(TRACK2, p + <usize>a, e - a);
    session.track2Length = e - a;
    const po = track2PanOffset(), pl = track2PanLength();
    if (po < 0 || pl <= 0 || pl > PAN_MAX || po + pl > e - a) return CARD_UNREADABLE;
    copyBytes(CARD_TMP, TRACK2 + <usize>po, pl);
    session.panLength = pl;
    const eo = track2ExpiryOffset();
    if (eo >= 0 && eo + 4 <= e - a) { copyBytes(EXPIRY, TRACK2 + <usize>eo, 4); session.hasExpiry = true; }
    session.entryMode = ENTRY_SWIPE;
    return CARD_READ;
  }
  if (source == CardSource.KEYED) { // PAN or PAN=YYMM
    let eq = 0;
    while (eq < n && load<u8>(p + <usize>eq) != 0x3d) eq++;
    if (eq == 0 || eq > PAN_MAX) return CARD_UNREADABLE;
    copyBytes(CARD_TMP, p, eq);
    session.panLength = eq;
    if (eq < n) {
      if (n - eq - 1 != 4) return CARD_UNREADABLE;
      copyBytes(EXPIRY, p + <usize>(eq + 1), 4);
      session.hasExpiry = true;
    }
    session.entryMode = ENTRY_KEYED;
    return CARD_READ;
  }
  if (source == CardSource.CHIP) return readChip(p, n); // BER-TLV
  return CARD_UNREADABLE;
}

/** BCD digits of a chip data element into ASCII (F padding dropped, D -> '='). */
function bcdToAscii(src: usize, n: i32, out: usize, cap: i32): i32 {
  let o = 0;
  for (let i = 0; i < n * 2; i++) {
    const b = <i32>load<u8>(src + <usize>(i >> 1));
    const d = (i & 1) == 0 ? b >> 4 : b & 15;
    if (d == 15) break;
    if (o >= cap) return -1;
    if (d <= 9) store<u8>(out + <usize>o, <u8>(0x30 + d));
    else if (d == 13) store<u8>(out + <usize>o, 0x3d);
    else return -1;
    o++;
  }
  return o;
}

/** Templates nest this deep at most in chip data (e.g. 6F > A5 > BF0C > 61 > 70). */
const CHIP_DEPTH_MAX = 5;

/** readCard() results: the card was read, could not be read, or its chip data disagrees with itself. */
const CARD_READ = 0;
const CARD_UNREADABLE = -1;
const CARD_PANS_DIFFER = -2;

/**
 * Chip data (BER-TLV, read with the ISO 8583 module's berRead()): 5A (PAN),
 * 5F24 (expiry YYMMDD) and 57 (track 2 equivalent data) wherever they are,
 * opening constructed templates (70, 77, 6F, A5, BF0C...) on the way.
 */
function readChip(p: usize, n: i32): i32 {
  if (!readChipLevel(p, n, 0)) return CARD_UNREADABLE;
  session.entryMode = ENTRY_CHIP;
  let eq = 0;
  while (eq < session.track2Length && load<u8>(TRACK2 + <usize>eq) != 0x3d) eq++;
  if (session.panLength == 0) {
    // PAN from the track 2 equivalent when 5A is absent.
    if (eq == 0 || eq > PAN_MAX) return CARD_UNREADABLE;
    copyBytes(CARD_TMP, TRACK2, eq);
    session.panLength = eq;
    return CARD_READ;
  }
  if (session.track2Length == 0) return CARD_READ;
  // Both 5A and 57: fields 2 and 35 would disagree, so the card is refused.
  if (eq != session.panLength) return CARD_PANS_DIFFER;
  for (let i = 0; i < eq; i++) if (load<u8>(TRACK2 + <usize>i) != load<u8>(CARD_TMP + <usize>i)) return CARD_PANS_DIFFER;
  return CARD_READ;
}

/** One level of chip data; false for data that is not well-formed or nests too deep. */
function readChipLevel(p: usize, n: i32, depth: i32): bool {
  let at = 0;
  while (at < n) {
    const next = berRead(p, n, at);
    if (next < 0) return false;
    // berRead()'s results are static: take them before descending.
    const tag = berTag();
    const v = p + <usize>berValueOffset();
    const len = berLength();
    if (berConstructed()) {
      if (depth >= CHIP_DEPTH_MAX || !readChipLevel(v, len, depth + 1)) return false;
    } else if (tag == 0x5a) {
      const k = bcdToAscii(v, len, CARD_TMP, PAN_MAX);
      if (k <= 0) return false;
      session.panLength = k;
    } else if (tag == 0x5f24) {
      if (len != 3) return false;
      const k = bcdToAscii(v, 2, EXPIRY, 4);
      if (k != 4) return false;
      session.hasExpiry = true;
    } else if (tag == 0x57) {
      const k = bcdToAscii(v, len, TRACK2, TRACK2_MAX);
      if (k <= 0) return false;
      session.track2Length = k;
    }
    at = next;
  }
  return true;
}

/**
 * Reads and checks a CARD event's number into PAN, its mask and its keyed
 * hash. Returns checkPan()'s result (0, or CHECK_PAN_LUHN_UNIONPAY for a 62
 * card to re-confirm), or -1 after refusing the card on screen.
 */
function takeCard(src: usize, len: i32): i32 {
  const read = readCard(src, len);
  const r = read == CARD_READ ? checkPan(CARD_TMP, session.panLength, PAN) : -1;
  zeroBytes(CARD_TMP, 64);
  if (read == CARD_PANS_DIFFER) { wipeCard(); refuse(T.L_CARD_PANS_DIFFER); return -1; }
  if (r < 0 && r != CHECK_PAN_LUHN_UNIONPAY) { wipeCard(); refuse(T.L_BAD_CARD); return -1; }
  session.panLength = checkedLength();
  session.maskedPanLength = maskPan(PAN, session.panLength, MASKED_PAN);
  keyedHash(0x50, PAN, session.panLength, PAN_HASH); // 'P'
  session.hasPanHash = true;
  return r;
}

/** CARD in EXPECT_CARD: read, check (Luhn warning path for UnionPay), local policy, expiry (R7, R16, R20, R21). */
function onCard(src: usize, len: i32): void {
  const r = takeCard(src, len);
  if (r == -1) return;
  if (r == CHECK_PAN_LUHN_UNIONPAY) {
    state = St.EXPECT_LUHN_CONFIRM;
    beep(Beep.ATTENTION);
    render();
    startTimer(Timer.INPUT, profile.inputTimeout);
    return;
  }
  cardAccepted();
}

/** After the number is accepted (or re-confirmed): local blocks first, then the expiry. */
function cardAccepted(): void {
  const now = minutesOf(nowDate, nowTime);
  const c = checkCard(PAN_HASH, now);
  if (c != CARD_OK) {
    logMasked("card refused locally: ", MASKED_PAN, session.maskedPanLength);
    ack(c == CARD_BLOCKED ? T.L_CARD_BLOCKED : (c == CARD_LOCKED ? T.L_CARD_LOCKED : T.L_DAILY_LIMIT), T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
    wipeEntered();
    return;
  }
  if (session.hasExpiry) {
    const e = checkExpiry(EXPIRY, 4, nowDate);
    if (e == CHECK_EXPIRY_EXPIRED) {
      // R20: caught from the card data before anything is sent.
      if (task != Task.BALANCE && hasFeature(FEATURE_REPLACE)) { offerReplacement(T.L_EXPIRED); return; }
      ack(T.L_EXPIRED, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ERROR);
      wipeEntered();
      return;
    }
    if (e < 0) { wipeCard(); refuse(T.L_BAD_EXPIRY); return; }
  }
  // The replacement card must not be the card it replaces.
  if (task == Task.REPLACE && session.hasOldPanHash && constantTimeEqual(OLD_PAN_HASH, PAN_HASH, HASH_HEX)) {
    wipeCard(); refuse(T.L_SAME_CARD); return;
  }
  advanceFrom(St.EXPECT_CARD);
}

/** CARD in EXPECT_LOSS_CARD (R21): any readable number; a picked record must match it. */
function onLossCard(src: usize, len: i32): void {
  if (takeCard(src, len) == -1) return;
  if (lossSlot >= 0 && !fieldEquals(TABLE_RECORDS, lossSlot, F.PAN_HASH, PAN_HASH, HASH_HEX)) { wipeCard(); refuse(T.L_BAD_CARD); return; }
  if (lossSlot < 0) lossSlot = findCardRecord(PAN_HASH);
  enter(St.EXPECT_LOSS_REASON);
}

/** R21: block the card here first (a report that cannot be sent still blocks it), then send 0302. */
function reportLoss(): void {
  let s = lossSlot;
  if (s < 0 || !slotUsed(TABLE_RECORDS, s)) {
    const n = makeId(0x4c); // 'L'
    s = openSlot(TABLE_RECORDS, ID_TEXT, n);
    setFieldString(TABLE_RECORDS, s, F.TYPE, "loss");
    setTimeAndStan(TABLE_RECORDS, s);
    setField(TABLE_RECORDS, s, F.PAN, MASKED_PAN, session.maskedPanLength);
    setField(TABLE_RECORDS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
  }
  setFieldString(TABLE_RECORDS, s, F.STATUS, lossStolen ? "stolen" : "lost");
  saveRecord(s); // the result screen waits for its SAVED; the report goes out meanwhile
  logMasked("card blocked locally: ", MASKED_PAN, session.maskedPanLength);
  startExchange(Op.LOSS);
}

// ---- events ------------------------------------------------------------------------

function onKey(k: i32): void {
  // Any key on the help screen returns to the screen it explains.
  if (state == St.EXPECT_HELP) { state = helpReturn; render(); startTimer(Timer.INPUT, profile.inputTimeout); return; }
  if (isInputState(state)) {
    startTimer(Timer.INPUT, profile.inputTimeout); // the timeout counts from the last key (R10)
    if (k == Key.F1) { // R12: help on every input screen
      helpReturn = state;
      state = St.EXPECT_HELP;
      compose(S.HELP);
      addText(helpOf(helpReturn)); newline(); addText(T.HELP_BACK);
      show();
      return;
    }
    if (k == Key.CANCEL) { log("cancelled: input wiped"); toMenu(); return; }
  }
  if ((k == Key.UP || k == Key.DOWN) && state != St.EXPECT_RECORD_BROWSE && state != St.EXPECT_RECORD_PICK) {
    if (!turnPage(k == Key.UP ? -1 : 1)) beep(Beep.ERROR);
    return;
  }
  switch (state) {
    case St.EXPECT_MENU:
      if (k == Key.F1) { helpReturn = state; state = St.EXPECT_HELP; compose(S.HELP); addText(T.H_MENU); newline(); addText(T.HELP_BACK); show(); return; }
      menuKey(k);
      return;
    case St.EXPECT_CONSENT:
      if (k == Key.ENTER) { log("consent given"); advanceFrom(St.EXPECT_CONSENT); } else beep(Beep.ERROR);
      return;
    case St.EXPECT_NAME:
      if (k == Key.ENTER) acceptName();
      else if (k == Key.CLEAR) { wipeEdit(); render(); }
      else beep(Beep.ERROR);
      return;
    case St.EXPECT_ID_TYPE:
      if (k == 0x31 || k == Key.ENTER) advanceFrom(St.EXPECT_ID_TYPE); else beep(Beep.ERROR);
      return;
    case St.EXPECT_ID_NUMBER:
      if (k == Key.ENTER) acceptIdNumber(); else if (!typeInto(k, 18, true)) beep(Beep.ERROR);
      return;
    case St.EXPECT_CARD:
    case St.EXPECT_LOSS_CARD:
      if (state == St.EXPECT_LOSS_CARD && k == Key.F2 && lossSlot < 0) {
        if (countMatching(TABLE_RECORDS, FILTER_CARDS) == 0) { errorText = T.L_NO_RECORDS; beep(Beep.ERROR); render(); return; }
        browseRank = 0; enter(St.EXPECT_RECORD_PICK); return;
      }
      beep(Beep.ERROR); // the card comes as a CARD event (swiped, inserted or keyed on the reader)
      return;
    case St.EXPECT_LUHN_CONFIRM:
      if (k == Key.ENTER) { log("card number re-confirmed by the operator"); cardAccepted(); }
      else if (k == Key.CLEAR) { wipeCard(); enter(St.EXPECT_CARD); }
      else beep(Beep.ERROR);
      return;
    case St.EXPECT_PHONE:
      if (k == Key.ENTER) acceptPhone(); else if (!typeInto(k, 11, false)) beep(Beep.ERROR);
      return;
    case St.EXPECT_PIN:
      if (k == Key.ENTER) acceptPin(); else if (!typeInto(k, PIN_MAX, false)) beep(Beep.ERROR);
      return;
    case St.EXPECT_CONFIRM:
      if (k == Key.ENTER) { editing = false; startExchange(Op.VERIFY); return; }
      if (k >= 0x31 && k <= 0x34) {
        editing = true;
        if (k == 0x31) enter(St.EXPECT_NAME);
        else if (k == 0x32) enter(St.EXPECT_ID_NUMBER);
        else if (k == 0x33) { wipeCard(); enter(St.EXPECT_CARD); }
        else enter(St.EXPECT_PHONE);
        return;
      }
      beep(Beep.ERROR);
      return;
    case St.EXPECT_OTP:
      if (k == Key.ENTER) { acceptOtp(); return; }
      if (k == Key.F2) {
        if (!otpResendReady) { beep(Beep.ERROR); return; }
        otpResendReady = false;
        startExchange(Op.OTP_RESEND);
        return;
      }
      if (!typeInto(k, OTP_MAX, false)) beep(Beep.ERROR);
      return;
    case St.EXPECT_ACK:
      if (k == Key.ENTER) doGo(ackOk);
      else if (k == Key.CANCEL) doGo(ackCancel);
      else beep(Beep.ERROR);
      return;
    case St.EXPECT_PASSWORD:
      if (k == Key.ENTER) acceptPassword(); else if (!typeInto(k, 12, false)) beep(Beep.ERROR);
      return;
    case St.EXPECT_RECORD_BROWSE:
    case St.EXPECT_RECORD_PICK: {
      const filter = state == St.EXPECT_RECORD_PICK ? FILTER_CARDS : FILTER_ALL;
      if (k == Key.UP || k == Key.DOWN || k == Key.F2 || k == Key.F3) {
        if (!browseKey(k, filter)) beep(Beep.ERROR);
        return;
      }
      if (state == St.EXPECT_RECORD_PICK && k == Key.ENTER) {
        const s = nthNewest(TABLE_RECORDS, browseRank, filter);
        if (s < 0) { beep(Beep.ERROR); return; }
        if (task == Task.LOSS) { lossSlot = s; enter(St.EXPECT_LOSS_CARD); return; }
        replaceSlot = s;
        copyBytes(OLD_PAN_HASH, fieldPtr(TABLE_RECORDS, s, F.PAN_HASH), HASH_HEX);
        session.hasOldPanHash = fieldLength(TABLE_RECORDS, s, F.PAN_HASH) == HASH_HEX;
        enter(St.EXPECT_CONSENT);
        return;
      }
      if (k == Key.ENTER && state == St.EXPECT_RECORD_BROWSE) { toMenu(); return; }
      beep(Beep.ERROR);
      return;
    }
    case St.EXPECT_LOSS_REASON:
      if (k == 0x31 || k == 0x32) { lossStolen = k == 0x32; enter(St.EXPECT_LOSS_CONFIRM); } else beep(Beep.ERROR);
      return;
    case St.EXPECT_LOSS_CONFIRM:
      if (k == Key.ENTER) reportLoss(); else beep(Beep.ERROR);
      return;
    case St.EXPECT_SETTINGS:
      if (k == 0x31) { profile.language = profile.language == LANG_ZH ? LANG_EN : LANG_ZH; render(); return; }
      if (k == Key.ENTER) { toMenu(); return; }
      beep(Beep.ERROR);
      return;
    case St.EXPECT_SAVED: savedKey(k); return;
    case St.EXPECT_LINK:
      if (k == Key.CANCEL) { emit(Cmd.DISCONNECT); cancelTimer(Timer.HOST); toMenu(); return; }
      beep(Beep.ERROR);
      return;
    default:
      // EXPECT_HOST_REPLY, HALTED: the keypad is live but nothing can be done now.
      beep(Beep.ERROR);
  }
}

function onTimer(id: i32): void {
  timers &= ~(1 << id);
  switch (id) {
    case Timer.INPUT:
      if (isInputState(state) || state == St.EXPECT_HELP) {
        // R10: a screen left alone clears everything entered.
        log("input timeout: input wiped");
        toMenu();
        ack(T.L_TIMEOUT, T.KEYS_BACK, Go.MENU, Go.MENU, Beep.ATTENTION);
      }
      return;
    case Timer.HOST:
      if (state == St.EXPECT_LINK || state == St.EXPECT_HOST_REPLY) {
        emit(Cmd.DISCONNECT);
        log("no reply from the acquirer");
        exchangeFailed(T.L_NO_REPLY);
      }
      return;
    case Timer.OTP:
      // The code's validity ran out: it can no longer be submitted; a new one may be asked for.
      // Also while the code is out with the acquirer: the code screen says so when S2 brings it back.
      if (session.otpRefLength > 0) { otpResendReady = true; otpExpired = true; }
      if (state == St.EXPECT_OTP) { errorText = T.L_OTP_EXPIRED; enter(St.EXPECT_OTP); }
      return;
    case Timer.RESEND:
      if (session.otpRefLength > 0) otpResendReady = true; // kept when it falls due during an exchange
      if (state == St.EXPECT_OTP) render();
      return;
    case Timer.MESSAGE:
      if (state == St.EXPECT_ACK) doGo(ackCancel); // a result left alone: what CANCEL would do
      return;
    case Timer.SAVE:
      if (state == St.EXPECT_SAVED) saveTimeout();
      return;
  }
}

function onLink(v: i32): void {
  if (state == St.EXPECT_LINK) {
    if (v == Link.UP) { onLinkUp(); return; }
    cancelTimer(Timer.HOST);
    log("link failed");
    exchangeFailed(T.L_LINK_FAILED);
    return;
  }
  if (state == St.EXPECT_HOST_REPLY && v != Link.UP) {
    cancelTimer(Timer.HOST);
    log("link dropped before the reply");
    exchangeFailed(T.L_NO_REPLY);
  }
}

/** START: self test, devices, keys (R3, R5), then sign-on (R11) and the echo test (R4). */
function onStart(): void {
  compose(S.BOOT);
  addText(T.SELF_TEST);
  show();
  let reason = -1;
  if (runSelfTest() != 0) reason = T.L_SELFTEST_FAILED;
  else if (profile.battery < profile.batteryMin && !profile.charging) reason = T.L_BATTERY_LOW;
  else if (!profile.cardReader) reason = T.L_NO_READER;
  else if (!masterKeyLoaded || !recordKeyLoaded) reason = T.L_NO_KEYS;
  if (reason >= 0) {
    compose(S.HALTED);
    addText(reason);
    show();
    beep(Beep.ERROR);
    log("power-on check failed: halted");
    state = St.HALTED;
    if (reason == T.L_BATTERY_LOW) emit(Cmd.SHUTDOWN);
    return;
  }
  if (profile.printer != PRINTER_READY) log("printer not ready: receipts will not be printed");
  setStanBase(highestStan());
  task = Task.START_UP;
  startExchange(Op.SIGN_ON);
}

function onPowerOn(src: usize, len: i32): i32 {
  const r = parseProfile(src, len);
  if (r < 0) return r;
  // A restart: nothing of the last run survives except what RESTORE brings back.
  wipeEntered();
  wipeScreen();
  wipeAllKeys();
  zeroBytes(RECORD_KEY, 16);
  clearTables();
  masterKeyLoaded = false;
  recordKeyLoaded = false;
  signedOn = false;
  task = Task.NONE; op = Op.NONE; resumeOp = Op.NONE;
  editing = false; replaceSlot = -1; lossSlot = -1; noticeSlot = -1; errorText = -1;
  otpResendReady = false; otpExpired = false;
  forgetPendingSaves();
  timers = 0;
  state = St.EXPECT_START;
  compose(S.BOOT);
  addText(T.SELF_TEST);
  show();
  return 0;
}

function onInjectKey(src: usize, len: i32): i32 {
  if (len != 17) return fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.INJECT_KEY, 0, 17, len);
  const slot = <i32>load<u8>(src);
  if (slot == KeySlot.MASTER) {
    const r = injectTerminalMasterKey(src + 1, 16);
    if (r < 0) return r;
    masterKeyLoaded = true;
  } else if (slot == KeySlot.RECORD_HASH) {
    copyBytes(RECORD_KEY, src + 1, 16);
    recordKeyLoaded = true;
  } else {
    return fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.INJECT_KEY, 0, 1, slot);
  }
  return 0;
}

function onBattery(src: usize, len: i32): i32 {
  if (len != 2 || load<u8>(src) > 100) return fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.BATTERY, 0, 2, len);
  profile.battery = <i32>load<u8>(src);
  profile.charging = load<u8>(src + 1) == 1;
  // R5: critically low and not charging: power off from an idle screen; a running exchange finishes first.
  if (profile.battery < profile.batteryMin && !profile.charging && (state == St.EXPECT_MENU || state == St.EXPECT_ACK || state == St.EXPECT_START)) {
    toMenu();
    compose(S.HALTED);
    addText(T.L_BATTERY_LOW);
    show();
    state = St.HALTED;
    emit(Cmd.SHUTDOWN);
  } else if (profile.battery < profile.batteryMin && !profile.charging) {
    beep(Beep.ATTENTION);
    log("battery low");
  }
  return 0;
}

/**
 * handle(): one event. Returns the number of queued commands, or an error
 * (refused event: the flow's state is unchanged). Either way the payload
 * (keys typed, card data, frames) is consumed: it does not stay in the input
 * buffer.
 */
export function handleEvent(kind: i32, len: i32, date: i32, time: i32): i32 {
  const r = handleOne(kind, len, date, time);
  if (len > 0 && len <= INPUT_CAPACITY) zeroBytes(INPUT, len);
  return r;
}

function handleOne(kind: i32, len: i32, date: i32, time: i32): i32 {
  if (len < 0 || len > INPUT_CAPACITY) return fail(ErrorCode.INPUT_TOO_LONG, 0, 0, INPUT_CAPACITY, len);
  if (kind < Ev.POWER_ON || kind > Ev.SAVED) return fail(ErrorCode.FLOW_BAD_EVENT_KIND, 0, 0, 0, kind);
  if (!validClock(date, time)) return fail(ErrorCode.FLOW_BAD_CLOCK, 0, 0, date, time);
  if (queueCount() > 0) return fail(ErrorCode.FLOW_QUEUE_NOT_DRAINED, 0, 0, 0, queueCount());
  if (!accepts(state, kind)) return fail(ErrorCode.FLOW_UNEXPECTED_EVENT, state, 0, acceptMask(state), kind);
  const src = INPUT;
  // Payload shapes are checked before anything changes.
  if ((kind == Ev.KEY || kind == Ev.LINK || kind == Ev.TIMER || kind == Ev.PRINTER) && len != 1) {
    return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, 1, len);
  }
  queueReset();
  nowDate = date;
  nowTime = time;
  let r = 0;
  switch (kind) {
    case Ev.POWER_ON: r = onPowerOn(src, len); break;
    case Ev.INJECT_KEY: r = onInjectKey(src, len); break;
    case Ev.RESTORE: r = restoreRecord(src, len); break;
    case Ev.START: onStart(); break;
    case Ev.KEY: onKey(<i32>load<u8>(src)); break;
    case Ev.TEXT:
      if (len > EDIT_MAX) { r = fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, EDIT_MAX, EDIT_MAX, len); break; }
      // Composed text replaces the field (IME or ID reader); ID numbers accept a lower-case x.
      wipeEdit();
      copyBytes(EDIT, src, len);
      session.editLength = len;
      if (state == St.EXPECT_ID_NUMBER) for (let i = 0; i < len; i++) if (load<u8>(EDIT + <usize>i) == CH_LOWER_X) store<u8>(EDIT + <usize>i, CH_UPPER_X);
      startTimer(Timer.INPUT, profile.inputTimeout);
      render();
      break;
    case Ev.CARD:
      startTimer(Timer.INPUT, profile.inputTimeout);
      if (state == St.EXPECT_CARD) onCard(src, len); else onLossCard(src, len);
      break;
    case Ev.RECEIVED:
      if (acceptReply(op, src, len)) onReply();
      else { begin(Cmd.LOG); putString("reply rejected, treated as no reply: reason "); putByte(0x30 + lastReject()); end(); }
      break;
    case Ev.LINK: onLink(<i32>load<u8>(src)); break;
    case Ev.TIMER: onTimer(<i32>load<u8>(src)); break;
    case Ev.BATTERY: r = onBattery(src, len); break;
    case Ev.PRINTER:
      if (load<u8>(src) > 3) { r = fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, 3, <i32>load<u8>(src)); break; }
      profile.printer = <i32>load<u8>(src);
      break;
    case Ev.RANDOM: break; // reserved: format 0 PIN blocks need no fill; the core asks with NEED_RANDOM when it does
    case Ev.SAVED: onSaved(src, len); break; // the record is durable: a result may be waiting for it
  }
  if (r < 0) { queueReset(); return r; }
  if (queueOverflowed()) { queueReset(); return fail(ErrorCode.FLOW_QUEUE_FULL); }
  return queueCount();
}
