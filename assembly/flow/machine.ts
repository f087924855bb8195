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
import { zeroRecord } from "./parts";
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

/** State groups for the table's rows (a state number is below STATE_COUNT). */
const RUNNING: u8 = 253; // every state after START
const POWERED: u8 = 254; // every state after POWER_ON: EXPECT_START and the running states
const ANY: u8 = 255;     // every state, OFF included

/** The handler of each (state, kind): built at start from ROWS. */
const TABLE: usize = memory.data(STATE_COUNT * EVENT_KINDS);

// ---- the table: which handler serves which (state, event) ---------------------------
// One row of three bytes per pair or group; a row for one state replaces what a group row
// gave it. Data, not calls: a call per row cost the start function three times these bytes.
const ROWS: usize = memory.data<u8>([
//  state                           event                handler
  ANY,                              <u8>Ev.POWER_ON,     <u8>H.powerOn,
  <u8>St.EXPECT_START,              <u8>Ev.INJECT_KEY,   <u8>H.injectKey,
  <u8>St.EXPECT_START,              <u8>Ev.RESTORE,      <u8>H.restore,
  <u8>St.EXPECT_START,              <u8>Ev.START,        <u8>H.start,
  POWERED,                          <u8>Ev.BATTERY,      <u8>H.battery,
  POWERED,                          <u8>Ev.PRINTER,      <u8>H.printer,
  POWERED,                          <u8>Ev.RANDOM,       <u8>H.ignore,
  POWERED,                          <u8>Ev.SAVED,        <u8>H.saved,
  RUNNING,                          <u8>Ev.TIMER,        <u8>H.timePassed,
  RUNNING,                          <u8>Ev.LINK,         <u8>H.ignore,
  <u8>St.EXPECT_LINK,               <u8>Ev.LINK,         <u8>H.linkWhileConnecting,
  <u8>St.EXPECT_HOST_REPLY,         <u8>Ev.LINK,         <u8>H.linkWhileWaiting,
  <u8>St.EXPECT_HOST_REPLY,         <u8>Ev.RECEIVED,     <u8>H.received,
  <u8>St.HALTED,                    <u8>Ev.KEY,          <u8>H.beepOnly,
  <u8>St.EXPECT_LINK,               <u8>Ev.KEY,          <u8>H.keyWhileConnecting,
  <u8>St.EXPECT_HOST_REPLY,         <u8>Ev.KEY,          <u8>H.beepOnly,
  <u8>St.EXPECT_MENU,               <u8>Ev.KEY,          <u8>H.menuKey,
  <u8>St.EXPECT_CONSENT,            <u8>Ev.KEY,          <u8>H.consentKey,
  <u8>St.EXPECT_NAME,               <u8>Ev.KEY,          <u8>H.nameKey,
  <u8>St.EXPECT_NAME,               <u8>Ev.TEXT,         <u8>H.text,
  <u8>St.EXPECT_ID_TYPE,            <u8>Ev.KEY,          <u8>H.idTypeKey,
  <u8>St.EXPECT_ID_NUMBER,          <u8>Ev.KEY,          <u8>H.idKey,
  <u8>St.EXPECT_ID_NUMBER,          <u8>Ev.TEXT,         <u8>H.idText,
  <u8>St.EXPECT_CARD,               <u8>Ev.KEY,          <u8>H.cardKey,
  <u8>St.EXPECT_CARD,               <u8>Ev.CARD,         <u8>H.cardEvent,
  <u8>St.EXPECT_LUHN_CONFIRM,       <u8>Ev.KEY,          <u8>H.luhnKey,
  <u8>St.EXPECT_PHONE,              <u8>Ev.KEY,          <u8>H.phoneKey,
  <u8>St.EXPECT_PIN,                <u8>Ev.KEY,          <u8>H.pinKey,
  <u8>St.EXPECT_CONFIRM,            <u8>Ev.KEY,          <u8>H.confirmKey,
  <u8>St.EXPECT_OTP,                <u8>Ev.KEY,          <u8>H.codeKey,
  <u8>St.EXPECT_ACK,                <u8>Ev.KEY,          <u8>H.ackKey,
  <u8>St.EXPECT_PASSWORD,           <u8>Ev.KEY,          <u8>H.passwordKey,
  <u8>St.EXPECT_RECORD_BROWSE,      <u8>Ev.KEY,          <u8>H.browseKey,
  <u8>St.EXPECT_RECORD_PICK,        <u8>Ev.KEY,          <u8>H.pickKey,
  <u8>St.EXPECT_LOSS_CARD,          <u8>Ev.KEY,          <u8>H.lossCardKey,
  <u8>St.EXPECT_LOSS_CARD,          <u8>Ev.CARD,         <u8>H.lossCard,
  <u8>St.EXPECT_LOSS_REASON,        <u8>Ev.KEY,          <u8>H.reasonKey,
  <u8>St.EXPECT_LOSS_CONFIRM,       <u8>Ev.KEY,          <u8>H.lossConfirmKey,
  <u8>St.EXPECT_SETTINGS,           <u8>Ev.KEY,          <u8>H.settingsKey,
  <u8>St.EXPECT_HELP,               <u8>Ev.KEY,          <u8>H.helpKey,
  <u8>St.EXPECT_SAVED,              <u8>Ev.KEY,          <u8>H.keyWhileSaving,
  <u8>St.EXPECT_RECORD,             <u8>Ev.RECORD,       <u8>H.recordAnswer,
  <u8>St.EXPECT_RECORD,             <u8>Ev.ATTEMPTS,     <u8>H.attemptsAnswer,
  <u8>St.EXPECT_RECORD,             <u8>Ev.KEY,          <u8>H.beepOnly,
  <u8>St.EXPECT_SECURE,             <u8>Ev.KEY,          <u8>H.beepOnly,
  0,                                0,                   <u8>H.none, // the end
]);

/** Fills TABLE from ROWS, marking each pair in states.ts. */
function build(): void {
  for (let row = ROWS; load<u8>(row, 2) != H.none; row += 3) {
    const state = <i32>load<u8>(row);
    const kind = <i32>load<u8>(row, 1);
    for (let s = 0; s < STATE_COUNT; s++) {
      const member = s == state || state == ANY || (state == POWERED && s != St.OFF) ||
        (state == RUNNING && s != St.OFF && s != St.EXPECT_START);
      if (!member) continue;
      store<u8>(TABLE + <usize>(s * EVENT_KINDS + kind), load<u8>(row, 2));
      markAccepted(s, kind);
    }
  }
}
build();

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
  return <i32>load<u8>(TABLE + <usize>(state * EVENT_KINDS + kind));
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
  let want = -1; // the length of a fixed-length payload
  if (kind == Ev.KEY || kind == Ev.LINK || kind == Ev.PRINTER) want = 1;
  else if (kind == Ev.TIMER) want = 0;
  else if (kind == Ev.BATTERY) want = 2;
  const first = <i32>load<u8>(INPUT);
  if ((want >= 0 && len != want) || (kind == Ev.BATTERY && first > 100)) return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, want, len);
  if (kind == Ev.PRINTER && first > 3) return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, 0, 3, first);
  if (kind == Ev.TEXT && len > EDIT_MAX) return fail(ErrorCode.FLOW_BAD_PAYLOAD, kind, EDIT_MAX, EDIT_MAX, len);
  return 0;
}

const event = zeroRecord<Event>();

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
