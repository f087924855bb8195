// What every input screen shares (R10, R12): the INPUT deadline set again by each
// key, F1 help and the way back from it, CANCEL to the menu with everything
// wiped, UP/DOWN through the pages of a screen, typing into the field being
// edited, composed TEXT, and the input timeout.
import { Event, Key, Beep } from "./events";
import { St, isInputState } from "./states";
import { profile } from "./profile";
import { T, W } from "./texts";
import { S, compose, addText, newline, show, turnPage } from "./screens";
import { session, wipeEdit, EDIT } from "./session";
import { copyBytes, isDigit, CH_UPPER_X } from "./bytes";
import { position, deadlines, Deadline, guidance } from "./state";
import { beep, log, toMenu, ack } from "./moves";
import { render, helpOf } from "./render";
import { Step } from "./steps";

/** R10: a key, a TEXT or a CARD on an input screen sets its INPUT deadline again (the timeout counts from the last one). */
export function restartInputDeadline(): void {
  if (isInputState(position.state)) deadlines.set(Deadline.INPUT, profile.inputTimeout);
}

/**
 * The keys every screen but help handles the same way, before its own
 * handler: F1 shows help (input screens and the menu), CANCEL on an input
 * screen goes to the menu, UP/DOWN turn the screen's pages (the record
 * browsers turn records themselves). Returns true when the key was handled here.
 */
export function commonKey(k: i32): bool {
  const s = position.state;
  if (s == St.EXPECT_HELP) return false;
  if (k == Key.F1 && (isInputState(s) || s == St.EXPECT_MENU)) { showHelp(); return true; }
  if (k == Key.CANCEL && isInputState(s)) { log(W.LOG_CANCELLED); toMenu(); return true; }
  if ((k == Key.UP || k == Key.DOWN) && s != St.EXPECT_RECORD_BROWSE && s != St.EXPECT_RECORD_PICK) {
    if (!turnPage(k == Key.UP ? -1 : 1)) beep(Beep.ERROR);
    return true;
  }
  return false;
}

/** R12: the help of the current screen; any key returns to it. */
function showHelp(): void {
  guidance.helpReturn = position.state;
  position.state = St.EXPECT_HELP;
  compose(S.HELP);
  addText(helpOf(guidance.helpReturn)); newline(); addText(T.HELP_BACK);
  show();
}

/** KEY in EXPECT_HELP: back to the screen it explains, as it was. */
export function helpKey(e: Event): void {
  position.state = guidance.helpReturn;
  render();
  deadlines.set(Deadline.INPUT, profile.inputTimeout);
}

/** KEY where nothing can be done now (HALTED, EXPECT_HOST_REPLY): the keypad is live, it beeps. */
export function beepOnly(e: Event): void {
  beep(Beep.ERROR);
}

/** Appends a typed character to the field (up to max) or removes the last with CLEAR; false for another key. */
export function typeInto(k: i32, max: i32, allowX: bool): bool {
  if (k == Key.CLEAR) {
    if (session.editLength > 0) { session.editLength--; store<u8>(EDIT + <usize>session.editLength, 0); }
    render();
    return true;
  }
  let c = k;
  if (allowX && k == Key.STAR) c = CH_UPPER_X; // '*' types the X of an ID number
  if (!isDigit(c) && !(allowX && c == CH_UPPER_X)) return false;
  if (session.editLength >= max) { beep(Beep.ERROR); return true; }
  store<u8>(EDIT + <usize>session.editLength, <u8>c);
  session.editLength++;
  render();
  return true;
}

/** TEXT: composed text (input method or ID reader; at most EDIT_MAX bytes, machine.ts checks) replaces the field. */
export function replaceText(e: Event): void {
  wipeEdit();
  copyBytes(EDIT, e.src, e.length);
  session.editLength = e.length;
}

/** TEXT on the name screen. */
export function text(e: Event): void {
  replaceText(e);
  render();
}

/** TIMER INPUT: a screen left alone clears everything entered (R10). */
export function inputTimeout(): void {
  if (!isInputState(position.state) && position.state != St.EXPECT_HELP) return;
  log(W.LOG_INPUT_TIMEOUT);
  toMenu();
  ack(T.L_TIMEOUT, T.KEYS_BACK, Step.NONE, Step.NONE, Beep.ATTENTION);
}
