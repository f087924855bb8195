// The verification flow's dispatch. handleEvent() runs the checks every event
// passes, then calls the handler this file's table names for the pair (state,
// event kind). The table holds handler numbers (H), not function values (each of
// those costs the module a static object; run() turns a number into a call). The table is the flow's transitions in one place — docs/FLOW.md
// "Transitions" names the file of each row ("handled in"), and
// tests/host/flow-table.test.ts reads both — and which events a state accepts
// follows from it (each row marks its pairs in states.ts). The handlers live in
// one file per task (tasks/) and in the files every task shares (input.ts,
// exchange.ts, saving.ts); they check an event's payload before changing
// anything, so a refused event leaves the flow as it was.
import { ErrorCode, fail, INPUT, INPUT_CAPACITY } from "../abi";
import { Ev, Event, EVENT_KINDS, SECURE_EVENT_FIRST, isEventKind } from "./events";
import { St, STATE_COUNT, markAccepted, acceptMask } from "./states";
import { queueCount, queueReset, queueOverflowed } from "./queue";
import { EDIT_MAX } from "./session";
import { validClock, zeroBytes } from "./bytes";
import { position, operation, clock, deadlines, Deadline, DEADLINE_COUNT } from "./state";
import * as input from "./input";
import * as exchange from "./exchange";
import * as saving from "./saving";
import * as inquiry from "./inquiry";
import * as startup from "./tasks/startup";
import * as menu from "./tasks/menu";
import * as verify from "./tasks/verify";
import * as card from "./tasks/card";
import * as smscode from "./tasks/smscode";
import * as results from "./tasks/results";
import * as loss from "./tasks/loss";
import * as records from "./tasks/records";
import * as settings from "./tasks/settings";
import * as secure from "./secure";
import * as pin from "./tasks/pin";

/** The handlers, by number: TABLE holds these, run() calls the one named (0: none, the event is refused). */
const enum H {
  none,
  powerOn,
  injectKey,
  restore,
  start,
  battery,
  printer,
  ignore,
  saved,
  timePassed,
  linkWhileConnecting,
  linkWhileWaiting,
  received,
  beepOnly,
  keyWhileConnecting,
  menuKey,
  consentKey,
  nameKey,
  text,
  idTypeKey,
  idKey,
  idText,
  cardKey,
  cardEvent,
  luhnKey,
  phoneKey,
  pinKey,
  confirmKey,
  codeKey,
  ackKey,
  passwordKey,
  browseKey,
  pickKey,
  lossCardKey,
  lossCard,
  reasonKey,
  lossConfirmKey,
  settingsKey,
  helpKey,
  keyWhileSaving,
  recordAnswer,
  attemptsAnswer,
  answered,
  pinDigits,
  pinBlock,
  pinEnded,
}

/** State groups for the table's rows. */
const ANY: i32 = -1;     // every state, OFF included
const POWERED: i32 = -2; // every state after POWER_ON: EXPECT_START and the running states
const RUNNING: i32 = -3; // every state after START

const TABLE = new StaticArray<u8>(STATE_COUNT * EVENT_KINDS);

/** Names the handler of (state or group, kind); a row for one state replaces what a group row gave it. */
function on(state: i32, kind: i32, h: H): void {
  for (let s = 0; s < STATE_COUNT; s++) {
    const member = s == state || state == ANY || (state == POWERED && s != St.OFF) ||
      (state == RUNNING && s != St.OFF && s != St.EXPECT_START);
    if (!member) continue;
    unchecked(TABLE[s * EVENT_KINDS + kind] = <u8>h);
    markAccepted(s, kind);
  }
}

// ---- the table: which handler serves which (state, event) ---------------------------
//  state                       event            handler
on(ANY,                         Ev.POWER_ON,     H.powerOn);
on(St.EXPECT_START,             Ev.INJECT_KEY,   H.injectKey);
on(St.EXPECT_START,             Ev.RESTORE,      H.restore);
on(St.EXPECT_START,             Ev.START,        H.start);
on(POWERED,                     Ev.BATTERY,      H.battery);
on(POWERED,                     Ev.PRINTER,      H.printer);
on(POWERED,                     Ev.RANDOM,       H.ignore);
on(POWERED,                     Ev.SAVED,        H.saved);
on(RUNNING,                     Ev.TIMER,        H.timePassed);
on(RUNNING,                     Ev.LINK,         H.ignore);
on(St.EXPECT_LINK,              Ev.LINK,         H.linkWhileConnecting);
on(St.EXPECT_HOST_REPLY,        Ev.LINK,         H.linkWhileWaiting);
on(St.EXPECT_HOST_REPLY,        Ev.RECEIVED,     H.received);
on(St.HALTED,                   Ev.KEY,          H.beepOnly);
on(St.EXPECT_LINK,              Ev.KEY,          H.keyWhileConnecting);
on(St.EXPECT_HOST_REPLY,        Ev.KEY,          H.beepOnly);
on(St.EXPECT_MENU,              Ev.KEY,          H.menuKey);
on(St.EXPECT_CONSENT,           Ev.KEY,          H.consentKey);
on(St.EXPECT_NAME,              Ev.KEY,          H.nameKey);
on(St.EXPECT_NAME,              Ev.TEXT,         H.text);
on(St.EXPECT_ID_TYPE,           Ev.KEY,          H.idTypeKey);
on(St.EXPECT_ID_NUMBER,         Ev.KEY,          H.idKey);
on(St.EXPECT_ID_NUMBER,         Ev.TEXT,         H.idText);
on(St.EXPECT_CARD,              Ev.KEY,          H.cardKey);
on(St.EXPECT_CARD,              Ev.CARD,         H.cardEvent);
on(St.EXPECT_LUHN_CONFIRM,      Ev.KEY,          H.luhnKey);
on(St.EXPECT_PHONE,             Ev.KEY,          H.phoneKey);
on(St.EXPECT_PIN,               Ev.KEY,          H.pinKey);
on(St.EXPECT_CONFIRM,           Ev.KEY,          H.confirmKey);
on(St.EXPECT_OTP,               Ev.KEY,          H.codeKey);
on(St.EXPECT_ACK,               Ev.KEY,          H.ackKey);
on(St.EXPECT_PASSWORD,          Ev.KEY,          H.passwordKey);
on(St.EXPECT_RECORD_BROWSE,     Ev.KEY,          H.browseKey);
on(St.EXPECT_RECORD_PICK,       Ev.KEY,          H.pickKey);
on(St.EXPECT_LOSS_CARD,         Ev.KEY,          H.lossCardKey);
on(St.EXPECT_LOSS_CARD,         Ev.CARD,         H.lossCard);
on(St.EXPECT_LOSS_REASON,       Ev.KEY,          H.reasonKey);
on(St.EXPECT_LOSS_CONFIRM,      Ev.KEY,          H.lossConfirmKey);
on(St.EXPECT_SETTINGS,          Ev.KEY,          H.settingsKey);
on(St.EXPECT_HELP,              Ev.KEY,          H.helpKey);
on(St.EXPECT_SAVED,             Ev.KEY,          H.keyWhileSaving);
on(St.EXPECT_RECORD,            Ev.RECORD,       H.recordAnswer);
on(St.EXPECT_RECORD,            Ev.ATTEMPTS,     H.attemptsAnswer);
on(St.EXPECT_RECORD,            Ev.KEY,          H.beepOnly);
on(St.EXPECT_SECURE,            Ev.KEY,          H.beepOnly);

/** Deadline `which`'s handler, which looks at the state itself: a deadline nobody waits for any more is ignored. */
function onDeadline(which: i32): void {
  switch (which) {
    case Deadline.INPUT: input.inputTimeout(); break;
    case Deadline.HOST: exchange.hostTimeout(); break;
    case Deadline.OTP: smscode.codeTimeout(); break;
    case Deadline.MESSAGE: results.messageTimeout(); break;
    case Deadline.RESEND: smscode.resendAllowed(); break;
    case Deadline.SAVE: saving.saveTimeout(); break;
  }
}

/**
 * TIMER: every deadline the event's clock has reached, earliest first. A
 * handler may set or clear others; what it sets lies ahead (every timeout is
 * at least a second), so each deadline falls due at most once per TIMER.
 */
function timePassed(): void {
  for (let round = 0; round < DEADLINE_COUNT; round++) {
    const which = deadlines.earliest();
    if (which < 0 || deadlines.secondsLeft(which) > 0) return;
    deadlines.clear(which);
    onDeadline(which);
  }
}

/** nextDeadline(): milliseconds from the last event's clock to the earliest deadline, 0 when due, -1 when none is set. */
export function nextDeadline(): i32 {
  const which = deadlines.earliest();
  if (which < 0) return -1;
  const left = deadlines.secondsLeft(which);
  return left > 0 ? <i32>left * 1000 : 0;
}

// ---- the checks every event passes ------------------------------------------------

function handlerFor(state: i32, kind: i32): i32 {
  if (kind >= SECURE_EVENT_FIRST) return secureHandler(kind);
  if (<u32>state >= <u32>STATE_COUNT || <u32>kind >= <u32>EVENT_KINDS) return H.none;
  return unchecked(TABLE[state * EVENT_KINDS + kind]);
}

/** The secure module's answers have no column of the table: each is accepted only while the flow waits for it (secure.ts, tasks/pin.ts). */
function secureHandler(kind: i32): i32 {
  if (kind == Ev.KEY_INSTALLED || kind == Ev.SECURE_RESULT) return secure.waitsFor(kind) ? H.answered : H.none;
  if (!pin.waitsForKeypad()) return H.none;
  if (kind == Ev.PIN_DIGITS) return H.pinDigits;
  if (kind == Ev.PIN_BLOCK) return H.pinBlock;
  return kind == Ev.PIN_ENDED ? H.pinEnded : H.none;
}

/** Calls handler `h` with event `e`: the one place a handler number becomes a call. */
function run(h: i32, e: Event): void {
  switch (h) {
    case H.powerOn: startup.powerOn(e); break;
    case H.injectKey: startup.injectKey(e); break;
    case H.restore: startup.restore(e); break;
    case H.start: startup.start(e); break;
    case H.battery: startup.battery(e); break;
    case H.printer: startup.printer(e); break;
    case H.ignore: break; // accepted and nothing to do: a stale link report, a RANDOM nobody asked for
    case H.saved: saving.saved(e); break;
    case H.timePassed: timePassed(); break;
    case H.linkWhileConnecting: exchange.linkWhileConnecting(e); break;
    case H.linkWhileWaiting: exchange.linkWhileWaiting(e); break;
    case H.received: exchange.received(e); break;
    case H.beepOnly: input.beepOnly(e); break;
    case H.keyWhileConnecting: exchange.keyWhileConnecting(e); break;
    case H.menuKey: menu.menuKey(e); break;
    case H.consentKey: verify.consentKey(e); break;
    case H.nameKey: verify.nameKey(e); break;
    case H.text: input.text(e); break;
    case H.idTypeKey: verify.idTypeKey(e); break;
    case H.idKey: verify.idKey(e); break;
    case H.idText: verify.idText(e); break;
    case H.cardKey: card.cardKey(e); break;
    case H.cardEvent: card.cardEvent(e); break;
    case H.luhnKey: card.luhnKey(e); break;
    case H.phoneKey: verify.phoneKey(e); break;
    case H.pinKey: verify.pinKey(e); break;
    case H.confirmKey: verify.confirmKey(e); break;
    case H.codeKey: smscode.codeKey(e); break;
    case H.ackKey: results.ackKey(e); break;
    case H.passwordKey: records.passwordKey(e); break;
    case H.browseKey: records.browseKey(e); break;
    case H.pickKey: records.pickKey(e); break;
    case H.lossCardKey: loss.lossCardKey(e); break;
    case H.lossCard: loss.lossCard(e); break;
    case H.reasonKey: loss.reasonKey(e); break;
    case H.lossConfirmKey: loss.lossConfirmKey(e); break;
    case H.settingsKey: settings.settingsKey(e); break;
    case H.helpKey: input.helpKey(e); break;
    case H.keyWhileSaving: saving.keyWhileSaving(e); break;
    case H.recordAnswer: inquiry.recordAnswer(e); break;
    case H.attemptsAnswer: inquiry.attemptsAnswer(e); break;
    case H.answered: secure.answered(e); break;
    case H.pinDigits: pin.pinDigits(e); break;
    case H.pinBlock: pin.pinBlock(e); break;
    case H.pinEnded: pin.pinEnded(e); break;
  }
}

/** A payload of the wrong shape for its kind: the error (recorded), else 0. */
function payloadShape(kind: i32, len: i32): i32 {
  if ((kind == Ev.KEY || kind == Ev.LINK || kind == Ev.PRINTER) && len != 1) {
    return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, 1, len);
  }
  if (kind == Ev.TIMER && len != 0) return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, 0, len);
  if (kind == Ev.PRINTER && load<u8>(INPUT) > 3) return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, 3, <i32>load<u8>(INPUT));
  if (kind == Ev.BATTERY && (len != 2 || load<u8>(INPUT) > 100)) return fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.BATTERY, 0, 2, len);
  if (kind == Ev.TEXT && len > EDIT_MAX) return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, EDIT_MAX, EDIT_MAX, len);
  return 0;
}

const event = new Event();

export function flowState(): i32 { return position.state; }
export function flowTask(): i32 { return operation.task; }

/**
 * handle(): one event. Returns the number of queued commands, or an error
 * (refused event: the flow's state is unchanged). Either way the payload
 * (keys typed, card data, frames) is consumed: it does not stay in the input
 * buffer.
 */
export function handleEvent(kind: i32, len: i32, date: i32, time: i32): i32 {
  const r = handleOne(kind, len, date, time);
  // The payload is zeroed whatever the outcome (docs/ABI.md); a length out of range
  // says nothing of where it ends, so then the whole input buffer is.
  zeroBytes(INPUT, len >= 0 && len <= INPUT_CAPACITY ? len : INPUT_CAPACITY);
  return r;
}

function handleOne(kind: i32, len: i32, date: i32, time: i32): i32 {
  if (len < 0 || len > INPUT_CAPACITY) return fail(ErrorCode.INPUT_TOO_LONG, 0, 0, INPUT_CAPACITY, len);
  if (!isEventKind(kind)) return fail(ErrorCode.FLOW_BAD_EVENT_KIND, 0, 0, 0, kind);
  if (!validClock(date, time)) return fail(ErrorCode.FLOW_BAD_CLOCK, 0, 0, date, time);
  // Time passed whatever becomes of the event: nextDeadline() counts from this clock.
  clock.advance(date, time);
  if (queueCount() > 0) return fail(ErrorCode.FLOW_QUEUE_NOT_DRAINED, 0, 0, 0, queueCount());
  const state = position.state;
  const h = handlerFor(state, kind);
  if (h == H.none) return fail(ErrorCode.FLOW_UNEXPECTED_EVENT, state, 0, acceptMask(state), kind);
  const shape = payloadShape(kind, len);
  if (shape < 0) return shape;
  queueReset();
  event.kind = kind;
  event.src = INPUT;
  event.length = len;
  event.byte = len > 0 ? <i32>load<u8>(INPUT) : 0;
  event.refused = 0;
  if (kind == Ev.KEY || kind == Ev.TEXT || kind == Ev.CARD) input.restartInputDeadline();
  if (kind != Ev.KEY || !input.commonKey(event.byte)) run(h, event);
  if (event.refused < 0) { queueReset(); return event.refused; }
  if (queueOverflowed()) { queueReset(); return fail(ErrorCode.FLOW_QUEUE_FULL); }
  return queueCount();
}
