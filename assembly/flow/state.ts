// The flow's state record: where the terminal is and what the task in hand
// carries, as small parts (parts.ts). Each part is declared once below with
// its scope; resetTask() puts every TASK and ENTERED part back to its declared
// values when a task ends, resetTerminal() every part at POWER_ON. What was
// typed or read lives in session.ts (ENTERED parts) and is wiped on its own
// (R10). tests/assembly/flow-state.spec.ts proves every part fresh after the
// menu and after POWER_ON.
import { Part, Scope, part, zeroPart, zeroRecord, buffer, resetScope } from "./parts";
import { St } from "./states";
import { wallSeconds } from "./bytes";
import { Op } from "./messages";
import { Fix } from "./responses";
import { Step } from "./steps";

/** What the operator is doing: the menu item, or START_UP from power-on to the menu. */
export const enum Task { NONE = 0, VERIFY = 1, REPLACE = 2, LOSS = 3, RECORDS = 4, ECHO = 5, BALANCE = 6, SETTINGS = 7, START_UP = 8 }

// ---- the terminal: reset at POWER_ON only ---------------------------------------------

/** The state (docs/FLOW.md "States"), what flowState() returns: set by every transition, so not a part. */
export class Position { state: i32 = St.OFF; }
export const position = zeroRecord<Position>();

/** The keys the secure element injected, and whether the acquirer took our working keys. */
export class Terminal extends Part {
  masterKeyLoaded: bool = false;
  recordKeyLoaded: bool = false;
  /** A sign-on answered 00; a failed sign-on and 77/99/A0 clear it (R11). */
  signedOn: bool = false;
  /** The highest STAN of the records RESTORE brought: the numbering continues after it. */
  restoredStan: i32 = 0;
  /** A reply's header asked for a sign-on (处理要求 3): the next request waits for one. */
  signOnAsked: bool = false;
}
export const terminal = zeroPart<Terminal>(Scope.TERMINAL);

/** The record-hash key (INJECT_KEY slot 2, keyCustody=core): keys the hashes that match saved records to cards. */
@lazy export const RECORD_KEY: usize = buffer(memory.data(16), 16, Scope.TERMINAL);

/**
 * The local date and time of the event being handled (YYYYMMDD, hhmmss), and
 * the seconds the flow has seen pass, which the deadlines count in: set by
 * every event, so not a part. The events' clock is the terminal's wall clock;
 * when it is set back, no time passes (the deadlines keep their length), when
 * it is set forward, the deadlines it passes fall due at the next TIMER.
 */
export class Clock {
  date: i32 = 0;
  time: i32 = 0;
  /** Seconds passed, as the events' clock moved forward since the first event. */
  now: i64 = 0;
  /** The last event's date and time in seconds (wallSeconds()), 0 before the first. */
  wall: i64 = 0;

  /** An event's date and time: now moves on by as much as they moved forward. */
  advance(date: i32, time: i32): void {
    const wall = wallSeconds(date, time);
    if (this.wall != 0 && wall > this.wall) this.now += wall - this.wall;
    this.wall = wall;
    this.date = date;
    this.time = time;
  }
}
export const clock = zeroRecord<Clock>();

// ---- the task in hand: reset when it ends (the menu) and at POWER_ON -------------------

export class Operation extends Part { task: i32 = Task.NONE; }
export const operation = zeroPart<Operation>(Scope.TASK);

/** What each deadline ends (the handlers of machine.ts's onDeadline). */
export const enum Deadline {
  INPUT = 0,   // an input screen left alone (R10)
  HOST = 1,    // the acquirer's connection and reply
  OTP = 2,     // the SMS code's validity
  MESSAGE = 3, // a result screen's return to the menu
  RESEND = 4,  // when F2 may ask for a new SMS code
  SAVE = 5,    // the SAVED of the records a result waits for (R9)
}
export const DEADLINE_COUNT: i32 = 6;

/**
 * The flow's timers, kept as deadlines in the clock's seconds (Clock.now), 0
 * for one not set. The host asks for the earliest (nextDeadline()) and sends
 * TIMER once its one timer falls due; every deadline is cleared before a task
 * ends, so this part is fresh at the menu.
 */
export class Deadlines extends Part {
  input: i64 = 0;
  host: i64 = 0;
  otp: i64 = 0;
  message: i64 = 0;
  resend: i64 = 0;
  save: i64 = 0;

  /** Deadline `which` falls due `seconds` from now; setting it again replaces it. */
  set(which: i32, seconds: i32): void { store<i64>(this.slot(which), clock.now + <i64>seconds); }
  clear(which: i32): void { store<i64>(this.slot(which), 0); }
  /** Seconds from now until deadline `which` (<= 0: due; a deadline not set is long due). */
  secondsLeft(which: i32): i64 { return load<i64>(this.slot(which)) - clock.now; }
  /** The deadline set that falls due first (the lower Deadline on a tie), -1 when none is set. */
  earliest(): i32 {
    let first = -1;
    for (let w = 0; w < DEADLINE_COUNT; w++) {
      const at = load<i64>(this.slot(w));
      if (at != 0 && (first < 0 || at < load<i64>(this.slot(first)))) first = w;
    }
    return first;
  }
  /** Deadline `which`'s field: the fields are declared in Deadline order, 8 bytes each (checked as the module compiles). */
  private slot(which: i32): usize { return changetype<usize>(this) + (<usize>which << 3); }
}
// The fields in Deadline order, one i64 each, or the module does not compile.
if (offsetof<Deadlines>("input") != Deadline.INPUT * 8 || offsetof<Deadlines>("host") != Deadline.HOST * 8 ||
  offsetof<Deadlines>("otp") != Deadline.OTP * 8 || offsetof<Deadlines>("message") != Deadline.MESSAGE * 8 ||
  offsetof<Deadlines>("resend") != Deadline.RESEND * 8 || offsetof<Deadlines>("save") != Deadline.SAVE * 8 ||
  offsetof<Deadlines>() != <usize>DEADLINE_COUNT * 8) ERROR("state.ts: the Deadlines fields are not in Deadline order");
export const deadlines = zeroPart<Deadlines>(Scope.TASK);

/** The exchange in flight with the acquirer, and the one to resume after the sign-on 77/99/A0 asked for. */
export class Exchange extends Part {
  op: i32 = Op.NONE;
  resumeOp: i32 = Op.NONE;
  /** Its request went out and no usable answer came: sending it again is a repeat (same STAN). */
  unanswered: bool = false;
}
export const exchange = zeroPart<Exchange>(Scope.TASK);

/** Correcting fields (R18, R19): one from the confirmation screen, or those a failure answer named. */
export class Corrections extends Part {
  /** Correcting one field: ENTER on it goes on to the next queued field, then CONFIRM. */
  editing: bool = false;
  /** The field the failure result's ENTER corrects first (Fix). */
  target: i32 = Fix.FROM_44;
  /** The further fields field 44 named, 4 bits per Fix value in its letters' order. */
  queue: i32 = 0;
  queued: i32 = 0;
  next: i32 = 0;
}
export const corrections = zeroPart<Corrections>(Scope.TASK);

/** EXPECT_ACK's sub-state: what ENTER does and what CANCEL (and the MESSAGE deadline) does; NONE is the menu. */
export class Acknowledgement extends Part {
  onEnter: Step = Step.NONE;
  onCancel: Step = Step.NONE;
}
export const acknowledgement = zeroPart<Acknowledgement>(Scope.TASK);

/** Keying the card on the keypad (R7): EXPECT_CARD's sub-state — the number typed, then its expiry. */
export class KeyedCard extends Part {
  /** The number is in KEYED_CARD (session.ts): the expiry is being typed. */
  askingExpiry: bool = false;
  /** Bytes in KEYED_CARD. */
  length: i32 = 0;
}
export const keyedCard = zeroPart<KeyedCard>(Scope.TASK);

/** The SMS code (R8): F2 may ask for a new one; its validity ran out (said on the code screen). */
export class SmsCode extends Part {
  resendReady: bool = false;
  expired: bool = false;
  /** F2 came too early: the seconds to wait, said once on the code screen. */
  waitSeconds: i32 = 0;
}
export const smsCode = zeroPart<SmsCode>(Scope.TASK);

/** EXPECT_SAVED's sub-state (R9): the records a result waits for, and the result. */
export class PendingSaves extends Part {
  /** One bit per slot of the records table whose SAVED has not come yet. */
  records: u64 = 0;
  /** The attempt record (slot of the attempts table) a failure result waits for, or -1. */
  attempt: i32 = -1;
  /** What is shown once nothing is pending; NONE while nothing waits. */
  then: Step = Step.NONE;
  /** The verification record the success screen and the receipt are made from. */
  resultSlot: i32 = -1;
  /** Field 39 of the failure result waiting, two ASCII characters. */
  failC0: i32 = 0;
  failC1: i32 = 0;
  /** The SAVE deadline passed: ENTER saves again, CANCEL gives up. */
  timedOut: bool = false;

  /** Records and attempt still to be SAVED. */
  count(): i32 { return <i32>popcnt<u64>(this.records) + (this.attempt >= 0 ? 1 : 0); }
}
export const pendingSaves = part(new PendingSaves(), new PendingSaves(), Scope.TASK);

/** EXPECT_RECORD's sub-state: the question to the host's store (inquiry.ts) and what its answer said. */
export class Inquiry extends Part {
  /** The command asked (FIND_RECORD or COUNT_ATTEMPTS): only its answer is taken. */
  asked: i32 = 0;
  /** The state the question was asked from, taken again when the answer comes. */
  resume: i32 = St.OFF;
  /** The step the answer goes on with. */
  then: Step = Step.NONE;
  /** FIND_RECORD: a record came (in the FOUND slot), and how many records the filter selects. */
  found: bool = false;
  total: i32 = 0;
}
export const inquiry = zeroPart<Inquiry>(Scope.TASK);

/** The saved records the task works on (R20, R21, R14): slots of the records table (records.ts Slot), -1 for none. */
export class Slots extends Part {
  /** The card being replaced. */
  replace: i32 = -1;
  /** The card being reported, and the reason. */
  loss: i32 = -1;
  lossStolen: bool = false;
  /** The reported card whose replacement the holder notice names. */
  notice: i32 = -1;
  /** The record shown by the browser and the pick screen (0 = newest; in the SHOWN slot), and how many there are. */
  browseRank: i32 = 0;
  browseTotal: i32 = 0;
  /** A move asked for: the rank wanted and the page to show it at. */
  browseNext: i32 = 0;
  browsePage: i32 = 0;
  /** The text of the replacement offer waiting for the old card's record (R20). */
  offerText: i32 = -1;
}
export const slots = part(new Slots(), new Slots(), Scope.TASK);

/** What the next screen carries: a refused input's reason (once, above it), and where F1 help returns. */
export class Guidance extends Part {
  errorText: i32 = -1;
  helpReturn: i32 = St.EXPECT_MENU;
}
export const guidance = part(new Guidance(), new Guidance(), Scope.TASK);

/** A task ends: every TASK and ENTERED part back to fresh (the deadlines with them; toMenu() wipes first). */
export function resetTask(): void { resetScope(Scope.TASK); }

/** POWER_ON: every part back to fresh, the terminal's own too. */
export function resetTerminal(): void { resetScope(Scope.TERMINAL); }
