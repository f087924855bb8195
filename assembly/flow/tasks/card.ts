// Taking the card (R7, R16, R20, R21) for a verification, a replacement or a
// balance inquiry: read it (checks/card.ts), check the number (a UnionPay
// number failing Luhn is re-confirmed, not refused), then the local rules —
// reported here, locked, over the daily limit — and the expiry, before
// anything is sent.
import { Event, Key, Beep, CardSource, Filter } from "../events";
import { St } from "../states";
import { hasFeature, FEATURE_REPLACE } from "../profile";
import { T, W } from "../texts";
import { HASH_DOMAIN_PAN } from "../records";
import { keyedHash } from "../hashing";
import { Part, Scope, part } from "../parts";
import { checkCard, CARD_OK, CARD_BLOCKED, CARD_LOCKED, DAY_MINUTES } from "../policy";
import { findRecord, countAttempts } from "../inquiry";
import {
  checkPan, checkedLength, checkExpiry, maskPan, readCard, cardData, CardError, CHECK_PAN_LUHN_UNIONPAY,
  CHECK_EXPIRY_EXPIRED, constantTimeEqual,
} from "../deps";
import {
  session, wipeCard, wipeEdit, EDIT, PAN, PAN_MAX, EXPIRY, TRACK2, MASKED_PAN, PAN_HASH, OLD_PAN_HASH, HASH_HEX, KEYED_CARD,
  ENTRY_KEYED, ENTRY_SWIPE, ENTRY_CHIP,
} from "../session";
import { zeroBytes, copyBytes, minutesOf, writeRecordTime, CH_EQUALS } from "../bytes";
import { position, clock, operation, deadlines, Deadline, keyedCard, inquiry, Task } from "../state";
import { beep, logMasked, log, enter, refuse, refuseKeeping, wipeEntered, ackBack } from "../moves";
import { typeInto } from "../input";
import { render } from "../render";
import { profile } from "../profile";
import { nextAfter } from "./verify";
import { offerReplacement } from "./replace";
import { Step } from "../steps";

/** The raw PAN as read, before checkPan() normalises it into PAN. */
@lazy const RAW_PAN: usize = memory.data(32);

/** The card being taken: checkPan()'s result while its keyed hash is made. */
export class CardTaken extends Part { check: i32 = 0; }
export const cardTaken = part(new CardTaken(), new CardTaken(), Scope.TASK);

/**
 * Reads and checks a CARD event's number into PAN, its mask and its keyed
 * hash, then `then` (cardTaken.check: 0, or CHECK_PAN_LUHN_UNIONPAY for a 62
 * card to re-confirm). A card refused on screen goes no further.
 */
export function takeCard(src: usize, len: i32, then: Step): void {
  wipeCard();
  const read = readCard(src, len, RAW_PAN, EXPIRY, TRACK2);
  session.track2Length = cardData.track2Length;
  session.hasExpiry = cardData.hasExpiry;
  session.entryMode = cardData.source == CardSource.SWIPE ? ENTRY_SWIPE : cardData.source == CardSource.CHIP ? ENTRY_CHIP : ENTRY_KEYED;
  const r = read == 0 ? checkPan(RAW_PAN, cardData.panLength, PAN) : -1;
  zeroBytes(RAW_PAN, 32);
  if (read == CardError.PANS_DIFFER) { wipeCard(); refuse(T.L_CARD_PANS_DIFFER); return; }
  if (r < 0 && r != CHECK_PAN_LUHN_UNIONPAY) { wipeCard(); refuse(T.L_BAD_CARD); return; }
  session.panLength = checkedLength();
  session.maskedPanLength = maskPan(PAN, session.panLength, MASKED_PAN);
  cardTaken.check = r;
  keyedHash(HASH_DOMAIN_PAN, PAN, session.panLength, PAN_HASH, then, Step.noRecordKey);
}

/** No keyed hash (the secure module has no record-hash key): nothing can be checked against the records. */
export function noRecordKey(): void {
  log(W.LOG_NO_HASH_KEY);
  ackBack(T.L_NO_KEYS);
  wipeEntered();
}

/** CARD in EXPECT_CARD: read, check (the Luhn re-confirmation for UnionPay), local policy, expiry. */
export function cardEvent(e: Event): void {
  keyedCard.reset(); // a card presented while one was being keyed replaces it
  cardRead(e.src, e.length);
}

/** A card's data, from the reader or keyed on the keypad: the same checks either way. */
function cardRead(src: usize, len: i32): void {
  takeCard(src, len, Step.cardHashed);
}

export function cardHashed(): void {
  session.hasPanHash = true;
  if (cardTaken.check == CHECK_PAN_LUHN_UNIONPAY) {
    position.state = St.EXPECT_LUHN_CONFIRM;
    beep(Beep.ATTENTION);
    render();
    deadlines.set(Deadline.INPUT, profile.inputTimeout);
    return;
  }
  cardAccepted();
}

/**
 * KEY in EXPECT_CARD: a card keyed on the keypad (R7) — its digits, ENTER,
 * then the expiry YYMM and ENTER (an empty expiry only when the profile
 * allows it); then the checks of any card. CLEAR removes the last digit.
 */
export function cardKey(e: Event): void {
  const k = e.byte;
  if (k != Key.ENTER) {
    if (!typeInto(k, keyedCard.askingExpiry ? 4 : PAN_MAX, false)) beep(Beep.ERROR);
    return;
  }
  if (!keyedCard.askingExpiry) {
    if (session.editLength == 0) { beep(Beep.ERROR); return; }
    keyedCard.length = keyNumber();
    keyedCard.askingExpiry = true;
    enter(St.EXPECT_CARD);
    return;
  }
  if (session.editLength == 0 && profile.keyedExpiryOptional) { takeKeyed(); return; }
  if (session.editLength != 4) { refuseKeeping(T.L_BAD_EXPIRY); return; }
  store<u8>(KEYED_CARD + <usize>keyedCard.length, <u8>CH_EQUALS);
  copyBytes(KEYED_CARD + <usize>(keyedCard.length + 1), EDIT, 4);
  keyedCard.length += 5;
  takeKeyed();
}

/** The digits typed, as a keyed card's data ('K' and the digits) in KEYED_CARD; returns its length. */
export function keyNumber(): i32 {
  store<u8>(KEYED_CARD, <u8>CardSource.KEYED);
  copyBytes(KEYED_CARD + 1, EDIT, session.editLength);
  return 1 + session.editLength;
}

/** The keyed card read like a card from the reader. */
function takeKeyed(): void {
  const n = keyedCard.length;
  keyedCard.reset();
  wipeEdit();
  cardRead(KEYED_CARD, n);
}

/** KEY in EXPECT_LUHN_CONFIRM: ENTER keeps the number, CLEAR asks for the card again. */
export function luhnKey(e: Event): void {
  const k = e.byte;
  if (k == Key.ENTER) { log(W.LOG_CARD_RECONFIRMED); cardAccepted(); }
  else if (k == Key.CLEAR) { wipeCard(); enter(St.EXPECT_CARD); }
  else beep(Beep.ERROR);
}

/** Why the card is refused here (a balance inquiry is no verification: its text does not say 认证). */
function refusalText(c: i32): i32 {
  if (c == CARD_BLOCKED) return operation.task == Task.BALANCE ? T.L_CARD_BLOCKED_USE : T.L_CARD_BLOCKED;
  return c == CARD_LOCKED ? T.L_CARD_LOCKED : T.L_DAILY_LIMIT;
}

/** The start of the daily limit's window, asked of the store (14 digits). */
@lazy const SINCE: usize = memory.data(16);

/** After the number is accepted (or re-confirmed): local blocks first — the store asked whether the card is reported here, then for its answers — then the expiry. */
function cardAccepted(): void {
  findRecord(Filter.CARD_REPORTED, 0, PAN_HASH, Step.reportedAnswered);
}

export function reportedAnswered(): void {
  if (inquiry.found) { refuseCard(CARD_BLOCKED); return; }
  writeRecordTime(minutesOf(clock.date, clock.time) - DAY_MINUTES, 59, SINCE);
  countAttempts(PAN_HASH, SINCE, Step.countsAnswered);
}

function refuseCard(c: i32): void {
  logMasked(W.LOG_CARD_REFUSED, MASKED_PAN, session.maskedPanLength);
  ackBack(refusalText(c));
  wipeEntered();
}

export function countsAnswered(): void {
  const c = checkCard(minutesOf(clock.date, clock.time));
  if (c != CARD_OK) { refuseCard(c); return; }
  if (session.hasExpiry) {
    const e = checkExpiry(EXPIRY, 4, clock.date);
    if (e == CHECK_EXPIRY_EXPIRED) {
      // R20: caught from the card data before anything is sent.
      if (operation.task != Task.BALANCE && hasFeature(FEATURE_REPLACE)) { offerReplacement(T.L_EXPIRED); return; }
      ackBack(T.L_EXPIRED);
      wipeEntered();
      return;
    }
    if (e < 0) { wipeCard(); refuse(T.L_BAD_EXPIRY); return; }
  }
  // The replacement card must not be the card it replaces.
  if (operation.task == Task.REPLACE && session.hasOldPanHash && constantTimeEqual(OLD_PAN_HASH, PAN_HASH, HASH_HEX)) {
    wipeCard(); refuse(T.L_SAME_CARD); return;
  }
  nextAfter(St.EXPECT_CARD);
}
