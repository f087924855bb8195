// Results and corrections (R8, R9, R16, R18, R19): what the verification's
// answer means (responses.ts), the saved records it leads to, the success or
// failure screen, correcting the fields field 44 named one after another, and
// EXPECT_ACK — ENTER and CANCEL on any result or message screen do the step
// the screen offered (acknowledgement in state.ts).
import { Event, Cmd, Key, Beep, Filter } from "../events";
import { St } from "../states";
import { begin, end, putByte, putBytes, putWord } from "../queue";
import { profile, hasFeature, FEATURE_REPLACE, SUPPORT_PHONE } from "../profile";
import { T, W } from "../texts";
import { S, compose, addText, addByte, addBytes, addSpace, show, nextLine, textLine } from "../screens";
import {
  F, Slot, TABLE_RECORDS, TABLE_ATTEMPTS, RecordLetter, newRecord, setField, setFieldWord, fieldPtr,
  fieldLength, fieldEquals, slotUsed, copySlot, emitSave,
} from "../records";
import { checkCard, countAnswer, countsAsFailure, CARD_OK } from "../policy";
import { findRecord } from "../inquiry";
import { Act, Fix, lookupResponse, responseText, responseAction, responseCounts, responseFix } from "../responses";
import { reply } from "../messages";
import {
  session, wipeCard, MASKED_NAME, MASKED_ID, MASKED_PAN, MASKED_PHONE, PAN_HASH, ID_HASH, HASH_HEX,
} from "../session";
import { minutesOf } from "../bytes";
import { position, clock, operation, exchange, corrections, acknowledgement, slots, pendingSaves, deadlines, Deadline, terminal, inquiry, Task } from "../state";
import { beep, enter, ack, waitForAck, take, toMenu, wipeEntered, ackBack } from "../moves";
import { textCells, titleOf } from "../render";
import { printReceipt, printNotice } from "../receipts";
import { resend } from "../exchange";
import { saveRecord, awaitAttempt, afterSaved } from "../saving";
import { signOnAgain } from "./startup";
import { offerReplacement, linkReplacement, showNotice } from "./replace";
import { codeRequested, codeExpiredAtIssuer, enterCode } from "./smscode";
import { Step } from "../steps";

/** Field 44's letters (docs/PROTOCOL.md note 5): the element that did not match. */
const enum Element { NAME = 0x4e, ID = 0x49, CARD = 0x43, PHONE = 0x50 }

/** The Fix value of a field 44 letter, FROM_44 for an unknown one. */
function fixOf(c: i32): i32 {
  switch (c) {
    case Element.NAME: return Fix.NAME;
    case Element.ID: return Fix.ID;
    case Element.CARD: return Fix.CARD;
    case Element.PHONE: return Fix.PHONE;
  }
  return Fix.FROM_44;
}

/** The mismatch text of a field 44 letter, -1 for an unknown one (texts.ts keeps MISMATCH_N, _I, _C, _P in Fix order after MISMATCH). */
function elementText(c: i32): i32 {
  const f = fixOf(c);
  return f == Fix.FROM_44 ? -1 : <i32>T.MISMATCH + f;
}

// ---- EXPECT_ACK -------------------------------------------------------------------------

/** KEY in EXPECT_ACK: ENTER and CANCEL do what the screen offered; other keys beep. */
export function ackKey(e: Event): void {
  const k = e.byte;
  if (k == Key.ENTER) take(acknowledgement.onEnter);
  else if (k == Key.CANCEL) take(acknowledgement.onCancel);
  else beep(Beep.ERROR);
}

/** TIMER MESSAGE: a result left alone does what CANCEL would. */
export function messageTimeout(): void {
  if (position.state == St.EXPECT_ACK) take(acknowledgement.onCancel);
}

// ---- the verification's answer ----------------------------------------------------------

/** R16: an issuer answer about this card, saved so the limits survive a restart; its slot, or -1 without a card hash. */
function saveAttempt(c0: i32, c1: i32): i32 {
  if (!session.hasPanHash) return -1;
  const s = 0;
  newRecord(TABLE_ATTEMPTS, s, RecordLetter.ATTEMPT, W.ATTEMPT);
  store<u8>(CODE, <u8>c0); store<u8>(CODE + 1, <u8>c1);
  setField(TABLE_ATTEMPTS, s, F.RESULT, CODE, 2);
  setField(TABLE_ATTEMPTS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
  emitSave(TABLE_ATTEMPTS, s);
  countAnswer(countsAsFailure(c0, c1), minutesOf(clock.date, clock.time));
  return s;
}
@lazy const CODE: usize = memory.data(2);

/** The 0110 to a verification, an SMS-code submit or resend. */
export function verificationReply(c0: i32, c1: i32): void {
  lookupResponse(c0, c1);
  const attempt = responseCounts() ? saveAttempt(c0, c1) : -1;
  begin(Cmd.LOG); putWord(W.LOG_ANSWER); putByte(c0); putByte(c1); putWord(W.LOG_ANSWER_CARD); putBytes(MASKED_PAN, session.maskedPanLength); end();
  switch (responseAction()) {
    case Act.DONE: verified(); return;
    case Act.OTP: codeRequested(); return;
    case Act.RESEND: codeExpiredAtIssuer(); return;
  }
  if (retryOffered()) return;
  // A failure result (FIX, REPLACE, STOP, WAIT). One that counts against the card is shown only once its
  // attempt record is durable (R9, R16): a power cut before SAVED must not forget it and so dodge the lock.
  pendingSaves.failC0 = c0;
  pendingSaves.failC1 = c1;
  if (attempt >= 0) {
    awaitAttempt(attempt);
    afterSaved(Step.showFailure);
    return;
  }
  showFailure();
}

/**
 * SIGN_ON and RETRY answers to any request (responses.ts already looked it up): ENTER signs on
 * again, then sends the request again, or sends it again at once. False for any other answer.
 */
export function retryOffered(): bool {
  const a = responseAction();
  if (a == Act.SIGN_ON) {
    // The acquirer no longer takes these keys: nothing more goes out under them, even if the operator cancels.
    terminal.signedOn = false;
    exchange.resumeOp = exchange.op;
  } else if (a != Act.RETRY) return false;
  ack(responseText(), T.KEYS_RETRY, a == Act.SIGN_ON ? Step.signOnAgain : Step.resend, Step.NONE, Beep.ERROR);
  return true;
}

/** The failure result of the answer kept in pendingSaves (responses.ts already looked it up): reason, correction or support line. */
export function showFailure(): void {
  const a = responseAction();
  if (a == Act.REPLACE) {
    session.failures++;
    if (hasFeature(FEATURE_REPLACE)) { offerReplacement(responseText()); return; }
    ackBack(responseText());
    return;
  }
  let support = session.failures >= profile.maxFailures;
  let correct = false;
  if (a == Act.FIX) {
    session.failures++;
    // R16: the answer just saved may have locked the card (failures in a row, counted across
    // verifications) or used up its daily answers: a correction would go out past the limit.
    const limited = session.hasPanHash && checkCard(minutesOf(clock.date, clock.time)) != CARD_OK;
    support = limited || session.failures >= profile.maxFailures;
    if (!support) {
      corrections.target = responseFix();
      corrections.queued = 0;
      corrections.next = 0;
      if (corrections.target == Fix.FROM_44) corrections.target = queueFrom44();
      correct = true;
    }
  }
  // The answer; ENTER corrects a FIX within the limits. STOP, WAIT, or FIX after the last allowed attempt
  // or on a card now locked: back, with the support line (R19).
  failureScreen(correct ? T.KEYS_CORRECT : T.KEYS_BACK, support);
  waitForAck(correct ? Step.correctField : Step.NONE, Step.NONE, Beep.ERROR);
}

/** R18: the reason, the mismatching elements (field 44), the code for "other" (the answer kept in pendingSaves), the support line. */
function failureScreen(keys: i32, support: bool): void {
  deadlines.clear(Deadline.INPUT);
  compose(S.RESULT);
  addText(responseText());
  if (responseText() == T.R_OTHER) { addByte(pendingSaves.failC0); addByte(pendingSaves.failC1); }
  if (reply.has(44) && reply.length(44) > 0) {
    nextLine(T.MISMATCH);
    const p = reply.ptr(44);
    let named = 0;
    for (let i = 0; i < reply.length(44) && i < 4; i++) {
      const t = elementText(<i32>load<u8>(p + <usize>i));
      if (t < 0) continue;
      if (named > 0) addSpace();
      addText(t);
      named++;
    }
  }
  if (support && profile.supportPhoneLength > 0) {
    nextLine(T.L_SUPPORT); addBytes(SUPPORT_PHONE, profile.supportPhoneLength);
  }
  nextLine(keys);
  show();
}

/**
 * The first element field 44 names (N, I, C, P), else back to the confirmation
 * screen; the others it names (each once, unknown letters skipped) are queued
 * in its order.
 */
function queueFrom44(): i32 {
  if (!reply.has(44)) return Fix.FROM_44;
  const p = reply.ptr(44);
  const n = reply.length(44);
  let first = <i32>Fix.FROM_44;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const f = fixOf(<i32>load<u8>(p + <usize>i));
    if (f == Fix.FROM_44 || (seen & (1 << f)) != 0) continue;
    seen |= 1 << f;
    if (first == Fix.FROM_44) { first = f; continue; }
    if (corrections.queued < 4) {
      corrections.queue |= f << (4 * corrections.queued);
      corrections.queued++;
    }
  }
  return first;
}

// ---- corrections -----------------------------------------------------------------------

/** ENTER on a failure result: the field it names (several: each in turn, then CONFIRM). */
export function correctField(): void {
  corrections.editing = operation.task != Task.BALANCE;
  enterFix(corrections.target);
}

/** The confirmation screen, or first the next field still to correct that field 44 named (R18). */
export function toConfirm(): void {
  if (corrections.next < corrections.queued) {
    const f = (corrections.queue >> (4 * corrections.next)) & 15;
    corrections.next++;
    enterFix(f);
    return;
  }
  corrections.queue = 0;
  corrections.queued = 0;
  corrections.next = 0;
  enter(St.EXPECT_CONFIRM);
}

/** The screen that corrects field f (Fix); anything else goes back to the confirmation screen. */
export function enterFix(f: i32): void {
  if (f == Fix.OTP) { enterCode(); return; }
  if (<u32>(f - Fix.NAME) > <u32>(Fix.PIN - Fix.NAME)) { toConfirm(); return; }
  if (f == Fix.CARD) wipeCard();
  if (f == Fix.PIN) session.hasPinBlock = false;
  enter(<i32>load<u8>(FIX_STATES + <usize>(f - Fix.NAME)));
}
/** The entry state of each field, in Fix order from NAME to PIN. */
@lazy const FIX_STATES: usize = memory.data<u8>([
  <u8>St.EXPECT_NAME, <u8>St.EXPECT_ID_NUMBER, <u8>St.EXPECT_CARD, <u8>St.EXPECT_PHONE, <u8>St.EXPECT_PIN,
]);

/** A balance answer 55: ENTER asks the PIN again. */
export function offerPinAgain(t: i32): void {
  corrections.target = Fix.PIN;
  ack(t, T.KEYS_CORRECT, Step.correctField, Step.NONE, Beep.ERROR);
}

// ---- success (R8, R9) ------------------------------------------------------------------

/**
 * 00: the record, the old card's record (R20), the holder notice (R21); the
 * result once they are durable. The store is asked first for the holder's
 * newest card reported lost or stolen and not yet replaced: this card replaces it.
 */
function verified(): void {
  deadlines.clear(Deadline.OTP);
  deadlines.clear(Deadline.RESEND);
  if (session.hasIdHash) findRecord(Filter.HOLDER_REPORTED, 0, ID_HASH, Step.verifiedRecords);
  else verifiedRecords();
}

export function verifiedRecords(): void {
  const s = Slot.NEW;
  newRecord(TABLE_RECORDS, s, RecordLetter.VERIFICATION, W.VERIFICATION);
  setFieldWord(TABLE_RECORDS, s, F.RESULT, W.APPROVED);
  copyReplyField(s, F.RRN, 37);
  copyReplyField(s, F.VID, 38);
  setField(TABLE_RECORDS, s, F.NAME, MASKED_NAME, session.maskedNameLength);
  setField(TABLE_RECORDS, s, F.ID_NUMBER, MASKED_ID, session.maskedIdLength);
  setField(TABLE_RECORDS, s, F.PAN, MASKED_PAN, session.maskedPanLength);
  setField(TABLE_RECORDS, s, F.PHONE, MASKED_PHONE, session.maskedPhoneLength);
  setField(TABLE_RECORDS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
  setField(TABLE_RECORDS, s, F.ID_HASH, ID_HASH, HASH_HEX);
  setFieldWord(TABLE_RECORDS, s, F.STATUS, W.ACTIVE);
  const old = slots.replace;
  const replacing = operation.task == Task.REPLACE && old >= 0 && slotUsed(TABLE_RECORDS, old);
  if (replacing) setField(TABLE_RECORDS, s, F.REPLACES, fieldPtr(TABLE_RECORDS, old, F.ID), fieldLength(TABLE_RECORDS, old, F.ID));
  saveRecord(s);
  // The old card: replaced (R20); a lost or stolen one keeps its block and gets the link (R21).
  slots.notice = -1;
  if (replacing) linkReplacement(old, s);
  const reported = session.hasIdHash && inquiry.found &&
    !(replacing && fieldEquals(TABLE_RECORDS, Slot.FOUND, F.ID, fieldPtr(TABLE_RECORDS, old, F.ID), fieldLength(TABLE_RECORDS, old, F.ID)));
  if (reported) { copySlot(Slot.FOUND, Slot.NOTICE); linkReplacement(Slot.NOTICE, s); }
  // Nothing entered is needed any more: the record holds the masks, the receipt is made from it.
  wipeEntered();
  pendingSaves.resultSlot = s;
  afterSaved(Step.showVerified);
}

function copyReplyField(s: i32, f: i32, field: i32): void {
  if (reply.has(field)) setField(TABLE_RECORDS, s, f, reply.ptr(field), reply.length(field));
}

/** "认证成功" and the receipt, once the records are durable (R8, R9): made from the saved record. */
export function showVerified(): void {
  const s = pendingSaves.resultSlot;
  pendingSaves.resultSlot = -1;
  if (s < 0 || !slotUsed(TABLE_RECORDS, s)) { toMenu(); return; }
  printReceipt(s);
  if (slots.notice >= 0) printNotice(slots.notice);
  // Titled with the operation's name like the other screens of the task (and the balance result),
  // so "认证成功" is said once, on its own line.
  compose(S.RESULT);
  const replaced = operation.task == Task.REPLACE;
  textLine(titleOf(operation.task));
  if (replaced) { textLine(T.L_REPLACED_OK); }
  addText(T.R_00);
  const vid = fieldLength(TABLE_RECORDS, s, F.VID), rrn = fieldLength(TABLE_RECORDS, s, F.RRN);
  if (vid > 0) { nextLine(T.P_VID); addBytes(fieldPtr(TABLE_RECORDS, s, F.VID), vid); }
  // The reference number only where it fits one line of the same page (it is on the receipt and in the record anyway).
  const lines = (replaced ? 3 : 2) + (vid > 0 ? 1 : 0);
  if (rrn > 0 && textCells(T.P_RRN) + rrn <= profile.columns && lines < profile.rows) {
    nextLine(T.P_RRN); addBytes(fieldPtr(TABLE_RECORDS, s, F.RRN), rrn);
  }
  show();
  waitForAck(slots.notice >= 0 ? Step.showNotice : Step.NONE, Step.NONE, Beep.SUCCESS);
}
