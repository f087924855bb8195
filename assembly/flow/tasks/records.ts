// The saved records (R14): the supervisor password (compared in constant
// time), then the records browsed newest first; and the pick screen that
// shares the browser's keys to choose the card a replacement or a loss report
// is about. A record is longer than a 16x4 display: UP/DOWN turn its pages
// and run on into the neighbouring record, F2/F3 jump a whole record.
import { Event, Key, Beep } from "../events";
import { St } from "../states";
import { profile, SUPERVISOR_PASSWORD, PASSWORD_MAX } from "../profile";
import { T } from "../texts";
import { turnPage } from "../screens";
import { TABLE_RECORDS, nthNewest, FILTER_ALL, FILTER_CARDS } from "../records";
import { constantTimeEqual } from "../deps";
import { session, wipeEdit, EDIT } from "../session";
import { operation, slots, Task } from "../state";
import { beep, log, enter, ack, toMenu } from "../moves";
import { render } from "../render";
import { typeInto } from "../input";
import { pickedForReplacement } from "./replace";
import { pickedForLoss } from "./loss";

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
  if (!ok) { log("records: wrong supervisor password"); ack(T.L_WRONG_PASSWORD, T.KEYS_BACK, null, null, Beep.ERROR); return; }
  slots.browseRank = 0;
  enter(St.EXPECT_RECORD_BROWSE);
}

/**
 * The browsers' keys (R14): UP/DOWN turn the record's pages and run on into
 * the newer record's last page / the older record's first page, so holding
 * one key reads every line of every record; F2/F3 jump to the newer/older
 * record's first page. Returns false (BEEP) at the ends or for another key.
 */
function moveKey(k: i32, filter: i32): bool {
  if (k == Key.UP || k == Key.DOWN) {
    const d = k == Key.UP ? -1 : 1;
    if (turnPage(d)) return true;
    const next = slots.browseRank + d;
    if (next < 0 || nthNewest(TABLE_RECORDS, next, filter) < 0) return false;
    slots.browseRank = next;
    render(d < 0 ? RECORD_PAGES_MAX : 0);
    return true;
  }
  if (k == Key.F2 || k == Key.F3) {
    const next = slots.browseRank + (k == Key.F2 ? -1 : 1);
    if (next < 0 || nthNewest(TABLE_RECORDS, next, filter) < 0) return false;
    slots.browseRank = next;
    render();
    return true;
  }
  return false;
}

/** KEY in EXPECT_RECORD_BROWSE: move, or ENTER back to the menu. */
export function browseKey(e: Event): void {
  if (e.byte == Key.ENTER) { toMenu(); return; }
  if (!moveKey(e.byte, FILTER_ALL)) beep(Beep.ERROR);
}

/** KEY in EXPECT_RECORD_PICK: move, or ENTER picks the record shown for the task in hand. */
export function pickKey(e: Event): void {
  if (e.byte != Key.ENTER) { if (!moveKey(e.byte, FILTER_CARDS)) beep(Beep.ERROR); return; }
  const s = nthNewest(TABLE_RECORDS, slots.browseRank, FILTER_CARDS);
  if (s < 0) { beep(Beep.ERROR); return; }
  if (operation.task == Task.LOSS) pickedForLoss(s); else pickedForReplacement(s);
}
