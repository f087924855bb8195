// The saved records (R14): the supervisor password (compared in constant
// time), then the records browsed newest first; and the pick screen that
// shares the browser's keys to choose the card a replacement or a loss report
// is about. A record is longer than a 16x4 display: UP/DOWN turn its pages
// and run on into the neighbouring record, F2/F3 jump a whole record. Each
// record shown is asked of the host's store (inquiry.ts): nothing is kept.
import { Event, Key, Beep, Filter } from "../events";
import { St } from "../states";
import { profile, SUPERVISOR_PASSWORD, PASSWORD_MAX } from "../profile";
import { T, W } from "../texts";
import { turnPage } from "../screens";
import { Slot, TABLE_RECORDS, slotUsed, copySlot, clearSlot } from "../records";
import { findRecord } from "../inquiry";
import { constantTimeEqual } from "../deps";
import { session, wipeEdit, EDIT } from "../session";
import { operation, slots, inquiry, Task } from "../state";
import { beep, log, enter, toMenu, ackBack } from "../moves";
import { render } from "../render";
import { typeInto } from "../input";
import { pickedForReplacement } from "./replace";
import { pickedForLoss } from "./loss";
import { Step } from "../steps";

/** More pages than any record takes; show() clamps it to the last one. */
const RECORD_PAGES_MAX: i32 = 1000;

/** KEY in EXPECT_PASSWORD. */
export function passwordKey(e: Event): void {
  if (e.byte == Key.ENTER) acceptPassword(); else if (!typeInto(e.byte, PASSWORD_MAX, false)) beep(Beep.ERROR);
}

function acceptPassword(): void {
  const ok = session.editLength == profile.passwordLength && profile.passwordLength > 0 &&
    constantTimeEqual(EDIT, SUPERVISOR_PASSWORD, profile.passwordLength);
  wipeEdit();
  if (!ok) { log(W.LOG_WRONG_PASSWORD); ackBack(T.L_WRONG_PASSWORD); return; }
  findRecord(Filter.ALL, 0, 0, Step.browseFirst);
}

export function browseFirst(): void {
  showFirstFound();
  enter(St.EXPECT_RECORD_BROWSE);
}

/** The store's answer for rank 0 becomes the record shown (none: the screen says there are no records). */
export function showFirstFound(): void {
  slots.browseRank = 0;
  slots.browseTotal = inquiry.found ? inquiry.total : 0;
  if (inquiry.found) copySlot(Slot.FOUND, Slot.SHOWN); else clearSlot(Slot.SHOWN);
}

/**
 * The browsers' keys (R14): UP/DOWN turn the record's pages and run on into
 * the newer record's last page / the older record's first page, so holding
 * one key reads every line of every record; F2/F3 jump to the newer/older
 * record's first page. The neighbouring record is asked of the store; at the
 * ends, or for another key, BEEP.
 */
function moveKey(k: i32, filter: i32): void {
  let d = 0;
  if (k == Key.UP || k == Key.DOWN) {
    d = k == Key.UP ? -1 : 1;
    if (turnPage(d)) return;
    slots.browsePage = d < 0 ? RECORD_PAGES_MAX : 0;
  } else if (k == Key.F2 || k == Key.F3) {
    d = k == Key.F2 ? -1 : 1;
    slots.browsePage = 0;
  }
  const next = slots.browseRank + d;
  if (d == 0 || next < 0 || next >= slots.browseTotal) { beep(Beep.ERROR); return; }
  slots.browseNext = next;
  findRecord(filter, next, 0, Step.moved);
}

/** The neighbouring record came: shown at the page the move asked for (gone meanwhile: BEEP). */
export function moved(): void {
  if (!inquiry.found) { beep(Beep.ERROR); return; }
  slots.browseRank = slots.browseNext;
  slots.browseTotal = inquiry.total;
  copySlot(Slot.FOUND, Slot.SHOWN);
  render(slots.browsePage);
}

/** KEY in EXPECT_RECORD_BROWSE: move, or ENTER back to the menu. */
export function browseKey(e: Event): void {
  if (e.byte == Key.ENTER) { toMenu(); return; }
  moveKey(e.byte, Filter.ALL);
}

/** KEY in EXPECT_RECORD_PICK: move, or ENTER picks the record shown for the task in hand. */
export function pickKey(e: Event): void {
  if (e.byte != Key.ENTER) { moveKey(e.byte, Filter.CARDS); return; }
  if (!slotUsed(TABLE_RECORDS, Slot.SHOWN)) { beep(Beep.ERROR); return; }
  if (operation.task == Task.LOSS) pickedForLoss(); else pickedForReplacement();
}
