// The state record (assembly/flow/state.ts): every part a task fills is back
// to its declared values when the menu returns, whichever way the task ended,
// and every part at all after POWER_ON. Each scenario first checks that the
// parts it is about are NOT fresh before the task ends, so the check can fail.
import {
  bootToMenu, powerOn, enterHolder, enterUntilCard, connect, answerVerify, answerMismatch, answerReport, answerCodeSent, card, key, keys,
  timer, state, setAutoSaved, ENTER, CANCEL, DOWN, F2, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { MODULE_CUSTODY } from "./secure-double";
import { Scope, staleParts, partsIn } from "../../assembly/flow/parts";
import {
  operation, exchange, corrections, acknowledgement, smsCode, pendingSaves, slots, guidance, deadlines, terminal, RECORD_KEY,
} from "../../assembly/flow/state";
import { session, EDIT } from "../../assembly/flow/session";
import { Deadline } from "../../assembly/flow/state";

const ID = "11010519491231002X";
const CARD = "K6216261000000000018=3012";

/** No part of a task (TASK and ENTERED scopes) differs from its declared values. */
function taskPartsFresh(): bool { return staleParts(Scope.TASK) == 0; }

describe("the state record's parts", () => {
  /** The registry knows the parts: entered data, the task's and the terminal's. */
  it("has parts in every scope", () => {
    bootToMenu();
    expect(partsIn(Scope.ENTERED)).toBeGreaterThanOrEqual(2); // the session record and the block of its buffers
    expect(partsIn(Scope.TASK)).toBeGreaterThanOrEqual(9);
    expect(partsIn(Scope.TERMINAL)).toBeGreaterThanOrEqual(2);
    expect(taskPartsFresh()).toBe(true);
  });

  /** The check itself: a field changed behind the flow's back is seen, and reset() puts it back. */
  it("sees a part that is not fresh, and resets it", () => {
    bootToMenu();
    slots.browseRank = 2;
    expect(slots.isFresh()).toBe(false);
    expect(staleParts(Scope.TASK)).toBe(1);
    slots.reset();
    expect(slots.isFresh()).toBe(true);
    store<u8>(EDIT + 3, 0x31);        // a buffer part: fresh when all zero
    expect(staleParts(Scope.ENTERED)).toBe(1);
    store<u8>(EDIT + 3, 0);
    expect(taskPartsFresh()).toBe(true);
  });
});

describe("every part of the task is fresh when the menu returns", () => {
  /** CANCEL on the SMS-code screen: the exchange, the code, the deadlines and the entered data go. */
  it("after CANCEL on the SMS-code screen", () => {
    bootToMenu(PROFILE + "\ninputTimeout=300"); // RESEND (60 s) falls due before the screen's timeout
    enterHolder("张三", ID, CARD, "13552535506");
    key(ENTER);
    connect();
    answerCodeSent("REF123");
    timer(Deadline.RESEND);                          // F2 allowed
    expect(state()).toBe(St.EXPECT_OTP);
    expect(exchange.isFresh()).toBe(false);
    expect(smsCode.isFresh()).toBe(false);
    expect(deadlines.isFresh()).toBe(false);
    expect(session.isFresh()).toBe(false);
    expect(operation.isFresh()).toBe(false);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(taskPartsFresh()).toBe(true);
  });

  /** A 05 naming two fields, abandoned on the first correction: the queue of fields to correct goes. */
  it("after CANCEL while correcting the fields field 44 named", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, "13552535506");
    key(ENTER);
    answerMismatch("PN");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    expect(corrections.isFresh()).toBe(false);
    key(CANCEL);
    expect(taskPartsFresh()).toBe(true);
  });

  /** A result left alone: the MESSAGE timer returns to the menu, and what ENTER would have done goes. */
  it("after a result's MESSAGE timer", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, "13552535506");
    key(ENTER);
    answerMismatch("P");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(acknowledgement.isFresh()).toBe(false);
    timer(Deadline.MESSAGE);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(taskPartsFresh()).toBe(true);
  });

  /** The records browsed to the second record, then ENTER: the browser's rank goes (it used to outlive the menu). */
  it("after browsing the saved records", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    enterHolder("李四", "440524188001010014", "K6212143000000000011=3012", "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    key(0x34); keys("2468"); key(ENTER);
    key(0x83);                         // F3: the older record
    expect(slots.browseRank).toBe(1);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(taskPartsFresh()).toBe(true);
  });

  /** A loss report from a picked record, reported: the picked slot and the reason go. */
  it("after a loss report", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    key(0x33); key(F2); key(ENTER);
    card(CARD);
    key(0x32);                         // stolen
    expect(slots.isFresh()).toBe(false);
    key(ENTER);
    answerReport("00");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(taskPartsFresh()).toBe(true);
  });

  /** Records never SAVED, the operator gives up: what EXPECT_SAVED waited for goes. */
  it("after giving up a save", () => {
    bootToMenu();
    setAutoSaved(false);
    enterHolder("张三", ID, CARD, "13552535506");
    key(ENTER);
    answerVerify("00");
    expect(state()).toBe(St.EXPECT_SAVED);
    timer(Deadline.SAVE);
    expect(pendingSaves.isFresh()).toBe(false);
    key(CANCEL);
    setAutoSaved(true);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(taskPartsFresh()).toBe(true);
  });

  /** An entry screen left alone: the input timeout wipes and returns. */
  it("after the input timeout", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card(CARD);
    keys("135");
    key(DOWN);                         // nothing to page: a beep, the field kept
    expect(session.isFresh()).toBe(false);
    timer(Deadline.INPUT);
    timer(Deadline.MESSAGE);                          // the timeout message returns to the menu by itself
    expect(state()).toBe(St.EXPECT_MENU);
    expect(taskPartsFresh()).toBe(true);
  });

  /** A refused input's reason shown and the help opened and left: nothing of either is left over. */
  it("after help and a refused entry", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K4111111111111112=3012");    // refused: the reason waits above the card screen
    key(0x81);                         // F1
    key(ENTER);
    expect(guidance.isFresh()).toBe(false);
    key(CANCEL);
    expect(taskPartsFresh()).toBe(true);
  });
});

describe("POWER_ON resets every part", () => {
  /** A terminal in the middle of a verification, powered on again: every part fresh, the terminal's own too. */
  it("in the middle of a task", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, "13552535506");
    expect(terminal.isFresh()).toBe(false);
    expect(load<u8>(RECORD_KEY + 1)).toBe(MODULE_CUSTODY ? 0 : 1); // the synthetic record-hash key 000102..., in the core only with keyCustody=core
    powerOn(PROFILE);
    expect(state()).toBe(St.EXPECT_START);
    expect(staleParts(Scope.TERMINAL)).toBe(0);
  });
});
