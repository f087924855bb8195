// The verification's entry (R1, R6, R7, R13): consent, name, ID type and
// number, the card (card.ts), the reserved phone, the holder's PIN when the
// profile asks for it, and the confirmation screen that sends the request.
// The field order is nextAfter(); correcting one field returns to the
// confirmation screen through the fields still queued (results.ts).
import { ErrorCode } from "../../abi";
import { Event, Key, Beep } from "../events";
import { St } from "../states";
import { profile } from "../profile";
import { T, W } from "../texts";
import { F, TABLE_RECORDS, fieldLength, fieldEquals, HASH_DOMAIN_ID } from "../records";
import { keyedHash } from "../hashing";
import { noRecordKey } from "./card";
import { Op, makePinBlock } from "../messages";
import { ID_ACCEPT_RESIDENT, ID_ACCEPT_HK_MO_TW_PERMIT, ID_ACCEPT_FOREIGN_PR, checkIdNumber, checkPhone, checkName, checkedLength, maskIdNumber, maskPhone, maskName } from "../deps";
import { session, ID_TYPE_RESIDENT, ID_TYPE_PERMIT, ID_TYPE_FOREIGN, wipeEdit, EDIT, NAME, ID_NUMBER, PHONE, PIN_MAX, ID_MAX, PHONE_MAX, HASH_HEX, MASKED_NAME, MASKED_ID, MASKED_PHONE, ID_HASH } from "../session";
import { zeroBytes } from "../bytes";
import { clock, operation, corrections, slots, guidance, Task } from "../state";
import { beep, log, enter, refuse, refuseKeeping, ackBack } from "../moves";
import { render } from "../render";
import { typeInto, replaceText } from "../input";
import { startExchange } from "../exchange";
import { toConfirm, enterFix } from "./results";
import { Fix } from "../responses";
import { printConsentNotice } from "../consent";
import { CH_LOWER_X, CH_UPPER_X } from "../bytes";
import { Step } from "../steps";

/** The ID-type screen's keys (ENTER: the resident ID). */
export const enum IdTypeKey { RESIDENT = Key.DIGIT_1, PERMIT = Key.DIGIT_2, FOREIGN = Key.DIGIT_3 }

/** What checkIdNumber() accepts for each picked document (session ID_TYPE_*, index 1-3); each is checked and masked by its own rule. */
@lazy const ACCEPTS: StaticArray<i32> = [ID_ACCEPT_RESIDENT, ID_ACCEPT_RESIDENT, ID_ACCEPT_HK_MO_TW_PERMIT, ID_ACCEPT_FOREIGN_PR];

/** The confirmation screen's lines: the key that corrects each field (R6). */
export const enum ConfirmLine { NAME = Key.DIGIT_1, ID = Key.DIGIT_2, CARD = Key.DIGIT_3, PHONE = Key.DIGIT_4 }

/** The field after state `s` in the task's order, or CONFIRM when correcting one field. */
export function nextAfter(s: i32): void {
  switch (s) {
    case St.EXPECT_CONSENT: enter(St.EXPECT_NAME); return;
    case St.EXPECT_NAME: if (corrections.editing) toConfirm(); else enter(St.EXPECT_ID_TYPE); return;
    case St.EXPECT_ID_TYPE: enter(St.EXPECT_ID_NUMBER); return;
    case St.EXPECT_ID_NUMBER: if (corrections.editing) toConfirm(); else enter(St.EXPECT_CARD); return;
    case St.EXPECT_CARD:
      if (operation.task == Task.BALANCE) { enter(St.EXPECT_PIN); return; }
      if (session.phoneLength == 0) { enter(St.EXPECT_PHONE); return; }
      if (profile.requirePin) enter(St.EXPECT_PIN); else toConfirm();
      return;
    case St.EXPECT_PHONE:
      if (corrections.editing || !profile.requirePin || session.hasPinBlock) toConfirm(); else enter(St.EXPECT_PIN);
      return;
    case St.EXPECT_PIN:
      if (operation.task == Task.BALANCE) { startExchange(Op.BALANCE); return; }
      toConfirm();
      return;
  }
}

/** KEY in EXPECT_CONSENT: ENTER, the holder consents (R13); F2 prints the notice. */
export function consentKey(e: Event): void {
  if (e.byte == Key.F2) { printConsentNotice(); return; }
  if (e.byte != Key.ENTER) { beep(Beep.ERROR); return; }
  log(W.LOG_CONSENT);
  nextAfter(St.EXPECT_CONSENT);
}

/** KEY in EXPECT_NAME: ENTER checks the name TEXT brought; CLEAR empties it. */
export function nameKey(e: Event): void {
  const k = e.byte;
  if (k == Key.ENTER) acceptName();
  else if (k == Key.CLEAR) { wipeEdit(); render(); }
  else beep(Beep.ERROR);
}

function acceptName(): void {
  if (session.editLength == 0 || checkName(EDIT, session.editLength, NAME) < 0) { refuse(T.L_BAD_NAME); return; }
  session.nameLength = checkedLength();
  session.maskedNameLength = maskName(NAME, session.nameLength, MASKED_NAME);
  nextAfter(St.EXPECT_NAME);
}

/** KEY in EXPECT_ID_TYPE: the document the holder shows (1 or ENTER resident ID, 2 HK/MO/TW permit, 3 foreign permanent residence ID). */
export function idTypeKey(e: Event): void {
  const k = e.byte;
  if (k == IdTypeKey.RESIDENT || k == Key.ENTER) session.idType = ID_TYPE_RESIDENT;
  else if (k == IdTypeKey.PERMIT) session.idType = ID_TYPE_PERMIT;
  else if (k == IdTypeKey.FOREIGN) session.idType = ID_TYPE_FOREIGN;
  else { beep(Beep.ERROR); return; }
  nextAfter(St.EXPECT_ID_TYPE);
}

/** KEY in EXPECT_ID_NUMBER: digits, `*` for X, CLEAR, ENTER. */
export function idKey(e: Event): void {
  if (e.byte == Key.ENTER) acceptIdNumber(); else if (!typeInto(e.byte, ID_MAX, true)) beep(Beep.ERROR);
}

/** TEXT in EXPECT_ID_NUMBER (an ID reader, or an X typed as text): a lower-case x is taken as X. */
export function idText(e: Event): void {
  replaceText(e);
  for (let i = 0; i < session.editLength; i++) if (<i32>load<u8>(EDIT + <usize>i) == CH_LOWER_X) store<u8>(EDIT + <usize>i, <u8>CH_UPPER_X);
  render();
}

/** Which rule of GB 11643 an ID number broke, in the operator's words. */
function idReason(code: i32): i32 {
  switch (code) {
    case ErrorCode.ID_BAD_REGION: return T.L_ID_REGION;
    case ErrorCode.ID_BAD_DATE: case ErrorCode.ID_FUTURE_DATE: return T.L_ID_DATE;
    case ErrorCode.ID_CHECK_DIGIT: return T.L_ID_CHECK;
    case ErrorCode.ID_LEGACY_CENTENARIAN: return T.L_ID_LEGACY;
  }
  return T.L_ID_LENGTH; // a character that is not a digit (or X last), a length other than 18 or 15
}

function acceptIdNumber(): void {
  const r = checkIdNumber(EDIT, session.editLength, ID_NUMBER, clock.date, unchecked(ACCEPTS[session.idType & 3]));
  // A valid number of another document: the document was picked wrong, so it is asked again (the number with it).
  if (r == ErrorCode.ID_WRONG_TYPE) { guidance.errorText = T.L_ID_WRONG_TYPE; beep(Beep.ERROR); enter(St.EXPECT_ID_TYPE); return; }
  if (r < 0) { refuseKeeping(idReason(r)); return; } // the digits stay for correction (CLEAR removes the last)
  session.idLength = checkedLength();
  keyedHash(HASH_DOMAIN_ID, ID_NUMBER, session.idLength, ID_HASH, Step.idHashed, Step.noRecordKey);
}

export function idHashed(): void {
  session.hasIdHash = true;
  // Card replacement picked from a record: the new card must be for the same holder (R20).
  const old = slots.replace;
  if (operation.task == Task.REPLACE && old >= 0 && fieldLength(TABLE_RECORDS, old, F.ID_HASH) == HASH_HEX &&
      !fieldEquals(TABLE_RECORDS, old, F.ID_HASH, ID_HASH, HASH_HEX)) {
    zeroBytes(ID_NUMBER, ID_MAX); session.idLength = 0; session.hasIdHash = false;
    refuse(T.L_NOT_SAME_HOLDER);
    return;
  }
  session.maskedIdLength = maskIdNumber(ID_NUMBER, session.idLength, MASKED_ID);
  nextAfter(St.EXPECT_ID_NUMBER);
}

/** KEY in EXPECT_PHONE. */
export function phoneKey(e: Event): void {
  if (e.byte == Key.ENTER) acceptPhone(); else if (!typeInto(e.byte, PHONE_MAX, false)) beep(Beep.ERROR);
}

function acceptPhone(): void {
  if (checkPhone(EDIT, session.editLength, PHONE) < 0) { refuse(T.L_BAD_PHONE); return; }
  session.phoneLength = checkedLength();
  session.maskedPhoneLength = maskPhone(PHONE, session.phoneLength, MASKED_PHONE);
  nextAfter(St.EXPECT_PHONE);
}

/** KEY in EXPECT_PIN (verification with requirePin=1, balance inquiry). */
export function pinKey(e: Event): void {
  if (e.byte == Key.ENTER) acceptPin(); else if (!typeInto(e.byte, PIN_MAX, false)) beep(Beep.ERROR);
}

function acceptPin(): void {
  if (session.editLength < 4 || session.editLength > PIN_MAX) { refuse(T.L_BAD_PIN); return; }
  const r = makePinBlock(EDIT, session.editLength);
  wipeEdit(); // the clear PIN never outlives this call
  if (r < 0) { log(W.LOG_NO_PIN_BLOCK); ackBack(T.L_NOT_SIGNED_ON); return; }
  nextAfter(St.EXPECT_PIN);
}

/** KEY in EXPECT_CONFIRM: ENTER sends the request; 1-4 correct one field (R6). */
export function confirmKey(e: Event): void {
  const k = e.byte;
  if (k == Key.ENTER) { corrections.editing = false; startExchange(Op.VERIFY); return; }
  if (k < ConfirmLine.NAME || k > ConfirmLine.PHONE) { beep(Beep.ERROR); return; }
  corrections.editing = true;
  enterFix(<i32>Fix.NAME + k - ConfirmLine.NAME); // the lines are in Fix order: name, ID, card, phone
}
