// The moves every task makes: into an input screen, onto a message or result
// screen that waits for ENTER (EXPECT_ACK), and back to the menu; with the
// small command helpers they all use.
import { Cmd, Beep } from "./events";
import { St } from "./states";
import { T } from "./texts";
import { emitByte, begin, end, putBytes, putWord } from "./queue";
import { profile, keysInModule } from "./profile";
import { compose, addText, newline, show, wipeScreen, S } from "./screens";
import { wipeSession, wipeEdit } from "./session";
import { wipeMessages } from "./messages";
import { wipeChecks } from "./deps";
import { position, deadlines, Deadline, acknowledgement, guidance, resetTask } from "./state";
import { render } from "./render";
import { askPinBlock } from "./tasks/pin";
import { Step, runStep } from "./steps";

export function beep(kind: i32): void { emitByte(Cmd.BEEP, kind); }

/** Logs word w (a LOG line of texts.ts W). */
export function log(w: i32): void { begin(Cmd.LOG); putWord(w); end(); }

/** Logs word w followed by a masked value. */
export function logMasked(w: i32, p: usize, len: i32): void { begin(Cmd.LOG); putWord(w); putBytes(p, len); end(); }

/** R10: everything entered and everything the exchanges carried, zeroed. */
export function wipeEntered(): void {
  wipeSession();
  wipeMessages();
  wipeChecks();
}

/** Enters an input state: clears the typed field, shows its screen, (re)sets the INPUT deadline; the PIN screen of keyCustody=module asks the secure keypad instead. */
export function enter(s: i32): void {
  position.state = s;
  wipeEdit();
  render();
  if (s == St.EXPECT_PIN && keysInModule()) { askPinBlock(); return; }
  deadlines.set(Deadline.INPUT, profile.inputTimeout);
}

/** A refused entry: the reason above the same screen, the field cleared. */
export function refuse(t: i32): void {
  guidance.errorText = t;
  beep(Beep.ERROR);
  enter(position.state);
}

/** A refused entry that stays on the screen to be corrected: the reason above it, the field as typed. */
export function refuseKeeping(t: i32): void {
  guidance.errorText = t;
  beep(Beep.ERROR);
  render();
}

/** Back to the menu: every deadline cleared (with the task), everything entered wiped (R10), every part of the task fresh. */
export function toMenu(): void {
  wipeEntered();
  wipeScreen();
  resetTask();
  position.state = St.EXPECT_MENU;
  render();
}

/**
 * A message or result screen: text t and the key line `keys` (-1: none).
 * ENTER does onEnter, CANCEL (and the MESSAGE deadline) onCancel; NONE is the menu.
 */
export function ack(t: i32, keys: i32, onEnter: Step, onCancel: Step, tone: i32): void {
  deadlines.clear(Deadline.INPUT);
  compose(S.MESSAGE);
  addText(t);
  if (keys >= 0) { newline(); addText(keys); }
  show();
  waitForAck(onEnter, onCancel, tone);
}

/** A message that ends the task: text t, the key line that says ENTER and CANCEL go back to the menu, an error beep. */
export function ackBack(t: i32): void { ack(t, T.KEYS_BACK, Step.NONE, Step.NONE, Beep.ERROR); }

/** EXPECT_ACK on the screen just shown. */
export function waitForAck(onEnter: Step, onCancel: Step, tone: i32): void {
  if (tone > 0) beep(tone);
  acknowledgement.onEnter = onEnter;
  acknowledgement.onCancel = onCancel;
  position.state = St.EXPECT_ACK;
  deadlines.set(Deadline.MESSAGE, profile.inputTimeout);
}

/** Takes the step an acknowledged screen offered (NONE: the menu). */
export function take(step: Step): void {
  deadlines.clear(Deadline.MESSAGE);
  if (step == Step.NONE) { toMenu(); return; }
  runStep(step);
}
