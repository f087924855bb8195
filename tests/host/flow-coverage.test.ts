// The rule `npm run coverage` counts a docs/FLOW.md transition exercised by
// (tests/host/support/flow-coverage.ts), on rows written the way FLOW.md writes
// them: each case an event that exercises the row and one that differs in a single
// respect and must not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventKind, FlowState, Key, LinkStatus } from "../../host/generated/abi";
import { exercises, throughAnswers, type Seen } from "./support/flow-coverage";
import { docStates, EVENTS, type TransitionRow } from "./support/flow-doc";

const names = docStates();

function row(states: string[], eventCell: string, nextCell: string): TransitionRow {
  const events = EVENTS.filter((e) => new RegExp(`(^|[^\\w])${e}([^\\w]|$)`).test(eventCell));
  return { line: "", stateCell: states.join(", "), eventCell, nextCell, file: "", states, events };
}

const seen = (from: number, kind: number, to: number, payload: number[] = []): Seen => ({ from, kind, to, payload: new Uint8Array(payload) });

/** A cup reply frame: length, TPDU, header, then the MTI in BCD. */
function reply(mti: [number, number]): number[] {
  return [0, 40, 0x60, 0, 0, 0, 0, 0x60, 0x31, 0, 0, 0, 0, ...mti, 0, 0];
}

test("coverage: the key named in the event cell, and the next state named", () => {
  const r = row(["EXPECT_MENU"], "KEY `2`", "EXPECT_RECORD_PICK / EXPECT_MENU");
  assert.ok(exercises(names, r, seen(FlowState.EXPECT_MENU, EventKind.KEY, FlowState.EXPECT_RECORD_PICK, [Key.DIGIT_2])));
  assert.ok(!exercises(names, r, seen(FlowState.EXPECT_MENU, EventKind.KEY, FlowState.EXPECT_RECORD_PICK, [Key.DIGIT_3])), "another key");
  assert.ok(!exercises(names, r, seen(FlowState.EXPECT_MENU, EventKind.KEY, FlowState.EXPECT_CONSENT, [Key.DIGIT_2])), "another next state");
  assert.ok(!exercises(names, r, seen(FlowState.EXPECT_CARD, EventKind.KEY, FlowState.EXPECT_MENU, [Key.DIGIT_2])), "another state");
  assert.ok(!exercises(names, r, seen(FlowState.EXPECT_MENU, EventKind.TEXT, FlowState.EXPECT_MENU, [Key.DIGIT_2])), "another event kind");
});

test("coverage: 'digits', 'other', 'unchanged' and a bare state name", () => {
  const digits = row(["EXPECT_PHONE"], "KEY digits, CLEAR / ENTER", "PIN (requirePin) or CONFIRM");
  assert.ok(exercises(names, digits, seen(FlowState.EXPECT_PHONE, EventKind.KEY, FlowState.EXPECT_CONFIRM, [Key.ENTER])));
  assert.ok(!exercises(names, digits, seen(FlowState.EXPECT_PHONE, EventKind.KEY, FlowState.EXPECT_CONFIRM, [Key.F1])), "F1 is not named");
  const other = row(["EXPECT_CARD"], "KEY (other)", "EXPECT_CARD");
  assert.ok(exercises(names, other, seen(FlowState.EXPECT_CARD, EventKind.KEY, FlowState.EXPECT_CARD, [Key.F3])));
  const same = row(names.filter((n) => n !== "OFF"), "PRINTER", "unchanged");
  assert.ok(exercises(names, same, seen(FlowState.EXPECT_MENU, EventKind.PRINTER, FlowState.EXPECT_MENU, [1])));
  assert.ok(!exercises(names, same, seen(FlowState.EXPECT_MENU, EventKind.PRINTER, FlowState.HALTED, [1])), "the state changed");
  const any = row(["EXPECT_ACK"], "KEY ENTER / CANCEL", "…");
  assert.ok(exercises(names, any, seen(FlowState.EXPECT_ACK, EventKind.KEY, FlowState.EXPECT_MENU, [Key.CANCEL])));
});

test("coverage: link statuses and a reply's MTI", () => {
  const link = row(["EXPECT_LINK"], "LINK 0/2", "EXPECT_ACK / EXPECT_SAVED");
  assert.ok(exercises(names, link, seen(FlowState.EXPECT_LINK, EventKind.LINK, FlowState.EXPECT_ACK, [LinkStatus.DOWN])));
  assert.ok(!exercises(names, link, seen(FlowState.EXPECT_LINK, EventKind.LINK, FlowState.EXPECT_ACK, [1])), "LINK 1 is another row");
  const signOn = row(["EXPECT_HOST_REPLY"], "RECEIVED 0810 39=00, keys check", "EXPECT_LINK / EXPECT_PIN / EXPECT_MENU");
  assert.ok(exercises(names, signOn, seen(FlowState.EXPECT_HOST_REPLY, EventKind.RECEIVED, FlowState.EXPECT_LINK, reply([0x08, 0x10]))));
  assert.ok(!exercises(names, signOn, seen(FlowState.EXPECT_HOST_REPLY, EventKind.RECEIVED, FlowState.EXPECT_LINK, reply([0x08, 0x30]))), "0830");
});

test("coverage: a transition that waits for the store or the secure module counts where the answers end", () => {
  const r = row(["EXPECT_CARD"], "CARD ok", "EXPECT_PHONE");
  const card = seen(FlowState.EXPECT_CARD, EventKind.CARD, FlowState.EXPECT_RECORD, [0x4b]);
  const answered = [card,
    seen(FlowState.EXPECT_RECORD, EventKind.RECORD, FlowState.EXPECT_SECURE),
    seen(FlowState.EXPECT_SECURE, EventKind.SECURE_RESULT, FlowState.EXPECT_PHONE)];
  assert.ok(!exercises(names, r, card), "the event alone stops in EXPECT_RECORD");
  assert.ok(throughAnswers(answered).some((e) => exercises(names, r, e)));
  const typed = [card, seen(FlowState.EXPECT_RECORD, EventKind.KEY, FlowState.EXPECT_PHONE, [Key.ENTER])];
  assert.ok(!throughAnswers(typed).some((e) => exercises(names, r, e)), "a key is no answer");
  assert.equal(throughAnswers(answered).length, 4, "the events as sent stay");
});
