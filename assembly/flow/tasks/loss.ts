// The loss report (R21). The card is named by presenting it, by keying its
// number, or by picking its saved record — the holder has usually lost it, so
// the record is enough: ENTER reports it (a card presented instead must be the
// record's card). Then the reason and the confirmation. The card is blocked
// on this terminal first — its record saved lost or stolen — and then
// reported to the acquirer (0302/74: the number, or for a record alone the
// verification id the acquirer gave it). The result is shown once the records
// are durable (R9), whether or not the report got through.
import { Event, Key, Beep, Filter } from "../events";
import { St } from "../states";
import { T, W } from "../texts";
import { F, Slot, TABLE_RECORDS, RecordLetter, newRecord, setField, setFieldWord, fieldEquals, fieldPtr, fieldLength, copySlot } from "../records";
import { findRecord } from "../inquiry";
import { Op, buildLoss } from "../messages";
import { CH_0, copyBytes } from "../bytes";
import { session, wipeCard, wipeEdit, MASKED_PAN, PAN_HASH, PAN_MAX, HASH_HEX, KEYED_CARD } from "../session";
import { slots, guidance, inquiry } from "../state";
import { beep, log, logMasked, enter, refuse, ack } from "../moves";
import { render } from "../render";
import { typeInto } from "../input";
import { startExchange } from "../exchange";
import { afterSaved, saveRecord } from "../saving";
import { takeCard, keyNumber } from "./card";
import { showFirstFound } from "./records";
import { Step } from "../steps";

/** The reasons on the reason screen: the key that picks each. */
export const enum LossReason { LOST = Key.DIGIT_1, STOLEN = Key.DIGIT_2 }

/**
 * KEY in EXPECT_LOSS_CARD: digits key the card's number and ENTER takes it;
 * with a record picked ENTER goes on without the card; F2 picks a record.
 */
export function lossCardKey(e: Event): void {
  const k = e.byte;
  if (k == Key.F2 && slots.loss < 0 && session.editLength == 0) { pickRecord(); return; }
  if (k == Key.ENTER) {
    if (session.editLength > 0) { const n = keyNumber(); wipeEdit(); lossCardRead(KEYED_CARD, n); return; }
    if (slots.loss >= 0) { fromRecord(); return; }
    beep(Beep.ERROR);
    return;
  }
  if (!typeInto(k, PAN_MAX, false)) beep(Beep.ERROR);
}

function pickRecord(): void {
  findRecord(Filter.CARDS, 0, 0, Step.pickFirst);
}

export function pickFirst(): void {
  if (!inquiry.found) { guidance.errorText = T.L_NO_RECORDS; beep(Beep.ERROR); render(); return; }
  showFirstFound();
  enter(St.EXPECT_RECORD_PICK);
}

/** ENTER on the pick screen of a loss report: the record shown is the card. */
export function pickedForLoss(): void {
  copySlot(Slot.SHOWN, Slot.LOSS);
  slots.loss = Slot.LOSS;
  enter(St.EXPECT_LOSS_CARD);
}

/** The picked record's card, no card at hand: its masked number and keyed hash from the record. */
function fromRecord(): void {
  const s = slots.loss;
  const n = fieldLength(TABLE_RECORDS, s, F.PAN);
  copyBytes(MASKED_PAN, fieldPtr(TABLE_RECORDS, s, F.PAN), n);
  session.maskedPanLength = n;
  copyBytes(PAN_HASH, fieldPtr(TABLE_RECORDS, s, F.PAN_HASH), HASH_HEX);
  session.hasPanHash = fieldLength(TABLE_RECORDS, s, F.PAN_HASH) == HASH_HEX;
  enter(St.EXPECT_LOSS_REASON);
}

/** CARD in EXPECT_LOSS_CARD. */
export function lossCard(e: Event): void {
  lossCardRead(e.src, e.length);
}

/** A card presented or keyed: any readable number; with a record picked, that record's card. */
function lossCardRead(src: usize, len: i32): void {
  takeCard(src, len, Step.lossCardHashed);
}

export function lossCardHashed(): void {
  session.hasPanHash = true;
  if (slots.loss >= 0 && !fieldEquals(TABLE_RECORDS, slots.loss, F.PAN_HASH, PAN_HASH, HASH_HEX)) {
    wipeCard();
    refuse(T.L_NOT_PICKED_CARD);
    return;
  }
  if (slots.loss >= 0) { enter(St.EXPECT_LOSS_REASON); return; }
  findRecord(Filter.CARD, 0, PAN_HASH, Step.cardRecordFound);
}

/** The newest record of the card presented, which the report marks (none: a loss record is made). */
export function cardRecordFound(): void {
  if (inquiry.found) { copySlot(Slot.FOUND, Slot.LOSS); slots.loss = Slot.LOSS; }
  enter(St.EXPECT_LOSS_REASON);
}

/** KEY in EXPECT_LOSS_REASON. */
export function reasonKey(e: Event): void {
  const k = e.byte;
  if (k != LossReason.LOST && k != LossReason.STOLEN) { beep(Beep.ERROR); return; }
  slots.lossStolen = k == LossReason.STOLEN;
  enter(St.EXPECT_LOSS_CONFIRM);
}

/** KEY in EXPECT_LOSS_CONFIRM: ENTER blocks the card here and reports it. */
export function lossConfirmKey(e: Event): void {
  if (e.byte == Key.ENTER) reportLoss(); else beep(Beep.ERROR);
}

/**
 * R21: block the card here first (a report that cannot be sent still blocks
 * it) — its record (the one picked, else its newest) saved lost or stolen, a
 * `loss` record when it has none — then send 0302. One SAVE, so a power cut
 * cannot half-report the card: the store answers every record of a reported
 * card as reported (docs/ABI.md "Record queries").
 */
function reportLoss(): void {
  const status = slots.lossStolen ? W.STOLEN : W.LOST;
  const r = slots.loss;
  if (r >= 0 && fieldEquals(TABLE_RECORDS, r, F.PAN_HASH, PAN_HASH, HASH_HEX)) {
    setFieldWord(TABLE_RECORDS, r, F.STATUS, status);
    saveRecord(r); // the result screen waits for its SAVED; the report goes out meanwhile
  } else {
    const s = Slot.NEW;
    newRecord(TABLE_RECORDS, s, RecordLetter.LOSS, W.LOSS);
    setField(TABLE_RECORDS, s, F.PAN, MASKED_PAN, session.maskedPanLength);
    setField(TABLE_RECORDS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
    setFieldWord(TABLE_RECORDS, s, F.STATUS, status);
    saveRecord(s);
  }
  logMasked(W.LOG_CARD_BLOCKED, MASKED_PAN, session.maskedPanLength);
  startExchange(Op.LOSS);
}

/** The 0302 of the card: its number when at hand, else the picked record's verification id. */
export function buildLossReport(): i32 {
  const s = slots.loss;
  if (session.panLength == 0 && s >= 0) return buildLoss(slots.lossStolen, fieldPtr(TABLE_RECORDS, s, F.VID), fieldLength(TABLE_RECORDS, s, F.VID));
  return buildLoss(slots.lossStolen, 0, 0);
}

/** The 0312: reported, or refused; either way the card is blocked here (once its records are durable). */
export function lossReply(c0: i32, c1: i32): void {
  if (c0 == CH_0 && c1 == CH_0) { log(W.LOG_LOSS_ACCEPTED); afterSaved(Step.lossReported); }
  else afterSaved(Step.blockedHereOnly);
}

/** No reply to the report, or none could be built: blocked here, not reported. */
export function lossNotSent(t: i32): void {
  afterSaved(Step.blockedHereOnly); // "blocked here" only once the block is durable
}

export function lossReported(): void { ack(T.L_LOSS_DONE, T.KEYS_BACK, Step.NONE, Step.NONE, Beep.SUCCESS); }

export function blockedHereOnly(): void { ack(T.L_LOSS_LOCAL_ONLY, T.KEYS_BACK, Step.NONE, Step.NONE, Beep.ATTENTION); }
