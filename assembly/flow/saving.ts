// R9: a result that rests on a saved record is shown only once the host has
// answered the record's SAVE with SAVED (it appends durably first). Until
// then EXPECT_SAVED, whose sub-state is pendingSaves (state.ts): the records
// still to come and the step that shows the result. The SAVE deadline ends the
// wait with "记录未保存!": ENTER re-issues the same SAVEs, CANCEL gives up.
import { Event, Key, Beep } from "./events";
import { St } from "./states";
import { T, W } from "./texts";
import { S, compose, addText, newline, show } from "./screens";
import { F, TABLE_RECORDS, TABLE_ATTEMPTS, RECORD_SLOTS, emitSave, fieldEquals } from "./records";
import { position, operation, deadlines, Deadline, pendingSaves } from "./state";
import { beep, log, toMenu } from "./moves";
import { titleOf } from "./render";
import { Step, runStep } from "./steps";

/** Seconds EXPECT_SAVED waits for SAVED before it says the record was not saved. */
const SAVE_TIMEOUT: i32 = 10;

/** SAVE of a record in the records table whose SAVED the result will wait for. */
export function saveRecord(s: i32): void {
  emitSave(TABLE_RECORDS, s);
  if (<u32>s >= <u32>RECORD_SLOTS) return;
  pendingSaves.records |= (<u64>1) << <u64>s;
}

/** The result of a failure answer waits for attempt record `slot` (R16). */
export function awaitAttempt(slot: i32): void {
  pendingSaves.attempt = slot;
}

/** Shows the result (the step `then`) once every record it depends on is durable; until then EXPECT_SAVED. */
export function afterSaved(then: Step): void {
  pendingSaves.then = then;
  if (pendingSaves.count() == 0) { savedDone(); return; }
  deadlines.clear(Deadline.INPUT);
  deadlines.clear(Deadline.MESSAGE);
  position.state = St.EXPECT_SAVED;
  showSaving();
}

function showSaving(): void {
  pendingSaves.timedOut = false;
  compose(S.PROCESSING);
  addText(titleOf(operation.task)); newline();
  addText(T.L_SAVING);
  show();
  deadlines.set(Deadline.SAVE, SAVE_TIMEOUT);
}

/** SAVED (any state): that record is durable; the result waiting for it is shown when none is left. */
export function saved(e: Event): void {
  if (pendingSaves.count() == 0) return;
  const a = pendingSaves.attempt;
  if (a >= 0 && fieldEquals(TABLE_ATTEMPTS, a, F.ID, e.src, e.length)) pendingSaves.attempt = -1;
  for (let s = 0; s < RECORD_SLOTS; s++) {
    const bit = (<u64>1) << <u64>s;
    if ((pendingSaves.records & bit) == 0 || !fieldEquals(TABLE_RECORDS, s, F.ID, e.src, e.length)) continue;
    pendingSaves.records &= ~bit;
  }
  if (pendingSaves.count() == 0 && position.state == St.EXPECT_SAVED) { deadlines.clear(Deadline.SAVE); savedDone(); }
}

function savedDone(): void {
  const then = pendingSaves.then;
  pendingSaves.then = Step.NONE;
  pendingSaves.timedOut = false;
  if (then == Step.NONE) { toMenu(); return; }
  runStep(then);
}

/** TIMER SAVE in EXPECT_SAVED: no SAVED came; say so plainly and let the operator save again. */
export function saveTimeout(): void {
  if (position.state != St.EXPECT_SAVED) return;
  pendingSaves.timedOut = true;
  log(W.LOG_NOT_SAVED);
  compose(S.MESSAGE);
  addText(T.L_NOT_SAVED); newline();
  addText(T.KEYS_RESAVE);
  show();
  beep(Beep.ERROR);
}

/** KEY in EXPECT_SAVED: after the timeout ENTER re-issues the same SAVEs (same ids: idempotent), CANCEL gives up. */
export function keyWhileSaving(e: Event): void {
  const k = e.byte;
  if (!pendingSaves.timedOut) { beep(Beep.ERROR); return; }
  if (k == Key.ENTER) {
    log(W.LOG_SAVING_AGAIN);
    for (let s = 0; s < RECORD_SLOTS; s++) if ((pendingSaves.records & ((<u64>1) << <u64>s)) != 0) emitSave(TABLE_RECORDS, s);
    if (pendingSaves.attempt >= 0) emitSave(TABLE_ATTEMPTS, pendingSaves.attempt);
    showSaving();
    return;
  }
  if (k == Key.CANCEL) { log(W.LOG_GIVEN_UP); toMenu(); return; }
  beep(Beep.ERROR);
}
