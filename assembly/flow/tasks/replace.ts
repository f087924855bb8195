// Card replacement (R20, R21): from the menu (pick the saved record of the
// card to replace, then a verification of the new card for the same holder),
// or offered when a card turns out expired. The verified new card's record
// replaces the old one (status=replaced), or, for a card reported lost or
// stolen, links to it and shows the holder notice.
import { Beep, Filter } from "../events";
import { St } from "../states";
import { T, W } from "../texts";
import { S, compose, addText, addMasked, newline, show, textLine } from "../screens";
import { F, Slot, TABLE_RECORDS, fieldIs, fieldPtr, fieldLength, fieldEquals, setField, setFieldWord, copySlot } from "../records";
import { findRecord } from "../inquiry";
import { session, wipeCard, PAN_HASH, ID_HASH, OLD_PAN_HASH, HASH_HEX } from "../session";
import { copyBytes } from "../bytes";
import { operation, corrections, slots, inquiry, Task } from "../state";
import { enter, ack, waitForAck } from "../moves";
import { saveRecord } from "../saving";
import { Step } from "../steps";

/** R20: an expired card: say so (text t) and offer the replacement of that card for the same holder, once the store has said which record is the card's. */
export function offerReplacement(t: i32): void {
  copyBytes(OLD_PAN_HASH, PAN_HASH, HASH_HEX);
  session.hasOldPanHash = session.hasPanHash;
  slots.offerText = t;
  findRecord(Filter.CARD, 0, PAN_HASH, Step.offerWithRecord);
}

export function offerWithRecord(): void {
  // Only the holder's own record is replaced: the same card saved for another holder's ID stays as it is.
  const f = Slot.FOUND;
  const other = session.hasIdHash && fieldLength(TABLE_RECORDS, f, F.ID_HASH) == HASH_HEX && !fieldEquals(TABLE_RECORDS, f, F.ID_HASH, ID_HASH, HASH_HEX);
  slots.replace = -1;
  if (inquiry.found && !other) { copySlot(f, Slot.OLD); slots.replace = Slot.OLD; }
  ack(slots.offerText, T.KEYS_REPLACE, Step.newCard, Step.NONE, Beep.ATTENTION);
}

/** ENTER on the expired-card screen: the new card, the rest of the entry kept. */
export function newCard(): void {
  operation.task = Task.REPLACE;
  corrections.editing = false;
  wipeCard();
  enter(St.EXPECT_CARD);
}

/** ENTER on the pick screen of a replacement: the record shown is the card to replace; the holder's entry follows. */
export function pickedForReplacement(): void {
  copySlot(Slot.SHOWN, Slot.OLD);
  const s = Slot.OLD;
  slots.replace = s;
  copyBytes(OLD_PAN_HASH, fieldPtr(TABLE_RECORDS, s, F.PAN_HASH), HASH_HEX);
  session.hasOldPanHash = fieldLength(TABLE_RECORDS, s, F.PAN_HASH) == HASH_HEX;
  enter(St.EXPECT_CONSENT);
}

/** The old card's record after its replacement (record s) was verified: replaced, or linked and noticed when lost/stolen. */
export function linkReplacement(old: i32, s: i32): void {
  setField(TABLE_RECORDS, old, F.REPLACED_BY, fieldPtr(TABLE_RECORDS, s, F.ID), fieldLength(TABLE_RECORDS, s, F.ID));
  if (fieldIs(TABLE_RECORDS, old, F.STATUS, W.LOST) || fieldIs(TABLE_RECORDS, old, F.STATUS, W.STOLEN)) slots.notice = old;
  else setFieldWord(TABLE_RECORDS, old, F.STATUS, W.REPLACED);
  saveRecord(old);
}

/** R21: the notice that the holder's reported card is replaced (printed with the receipt, shown after the result). */
export function showNotice(): void {
  compose(S.HOLDER_NOTICE);
  textLine(T.L_NOTICE_1);
  const old = slots.notice;
  if (old >= 0) { addMasked(fieldPtr(TABLE_RECORDS, old, F.PAN), fieldLength(TABLE_RECORDS, old, F.PAN)); newline(); }
  addText(T.L_NOTICE_2);
  show();
  slots.notice = -1;
  waitForAck(Step.NONE, Step.NONE, Beep.ATTENTION);
}
