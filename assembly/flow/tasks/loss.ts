// The loss report (R21): the card (presented, or a saved record picked with
// F2 and then confirmed with the card), the reason, the confirmation; the card
// is blocked on this terminal first — its record saved lost or stolen — and
// then reported to the acquirer (0302/74). The result is shown once the
// record is durable (R9), whether or not the report got through.
import { Event, Key, Beep } from "../events";
import { St } from "../states";
import { T } from "../texts";
import { F, TABLE_RECORDS, RecordLetter, newRecord, setField, setFieldString, fieldEquals, slotUsed, countMatching, FILTER_CARDS, newestOfCard } from "../records";
import { Op, buildLoss } from "../messages";
import { CH_0 } from "../bytes";
import { session, wipeCard, MASKED_PAN, PAN_HASH, HASH_HEX } from "../session";
import { slots, guidance } from "../state";
import { beep, log, logMasked, enter, refuse, ack } from "../moves";
import { render } from "../render";
import { startExchange } from "../exchange";
import { afterSaved, saveRecord } from "../saving";
import { takeCard } from "./card";

/** The reasons on the reason screen: the key that picks each. */
export const enum LossReason { LOST = Key.DIGIT_1, STOLEN = Key.DIGIT_2 }

/** KEY in EXPECT_LOSS_CARD: F2 picks a saved record (when none is picked yet); the card itself comes as CARD. */
export function lossCardKey(e: Event): void {
  if (e.byte != Key.F2 || slots.loss >= 0) { beep(Beep.ERROR); return; }
  if (countMatching(TABLE_RECORDS, FILTER_CARDS) == 0) { guidance.errorText = T.L_NO_RECORDS; beep(Beep.ERROR); render(); return; }
  slots.browseRank = 0;
  enter(St.EXPECT_RECORD_PICK);
}

/** ENTER on the pick screen of a loss report: record s is the card; it is confirmed with the card. */
export function pickedForLoss(s: i32): void {
  slots.loss = s;
  enter(St.EXPECT_LOSS_CARD);
}

/** CARD in EXPECT_LOSS_CARD: any readable number; a picked record must be this card's. */
export function lossCard(e: Event): void {
  if (takeCard(e.src, e.length) == -1) return;
  if (slots.loss >= 0 && !fieldEquals(TABLE_RECORDS, slots.loss, F.PAN_HASH, PAN_HASH, HASH_HEX)) { wipeCard(); refuse(T.L_BAD_CARD); return; }
  if (slots.loss < 0) slots.loss = newestOfCard(PAN_HASH);
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

/** R21: block the card here first (a report that cannot be sent still blocks it), then send 0302. */
function reportLoss(): void {
  let s = slots.loss;
  if (s < 0 || !slotUsed(TABLE_RECORDS, s)) {
    s = newRecord(TABLE_RECORDS, RecordLetter.LOSS, "loss");
    setField(TABLE_RECORDS, s, F.PAN, MASKED_PAN, session.maskedPanLength);
    setField(TABLE_RECORDS, s, F.PAN_HASH, PAN_HASH, HASH_HEX);
  }
  setFieldString(TABLE_RECORDS, s, F.STATUS, slots.lossStolen ? "stolen" : "lost");
  saveRecord(s); // the result screen waits for its SAVED; the report goes out meanwhile
  logMasked("card blocked locally: ", MASKED_PAN, session.maskedPanLength);
  startExchange(Op.LOSS);
}

/** The 0302 of the card in hand. */
export function buildLossReport(): i32 { return buildLoss(slots.lossStolen); }

/** The 0312: reported, or refused; either way the card is blocked here (once its record is durable). */
export function lossReply(c0: i32, c1: i32): void {
  if (c0 == CH_0 && c1 == CH_0) { log("loss report accepted"); afterSaved(lossReported); }
  else afterSaved(blockedHereOnly);
}

/** No reply to the report: blocked here, not reported. */
export function lossNotSent(t: i32): void {
  afterSaved(blockedHereOnly); // "blocked here" only once the block is durable
}

function lossReported(): void { ack(T.L_LOSS_DONE, T.KEYS_BACK, null, null, Beep.SUCCESS); }

function blockedHereOnly(): void { ack(T.L_LOSS_LOCAL_ONLY, T.KEYS_BACK, null, null, Beep.ATTENTION); }
