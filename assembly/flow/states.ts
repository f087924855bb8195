// The states of the verification flow, named for what each waits for
// (docs/FLOW.md draws the diagram and lists every transition). Which events a
// state accepts follows from machine.ts's table: an event it names no handler
// for is refused with FLOW_UNEXPECTED_EVENT and changes nothing.
import { EVENT_KINDS } from "./events";

export const enum St {
  OFF = 0,                 // before POWER_ON
  EXPECT_START = 1,        // profile loaded: keys and saved records, then START
  HALTED = 2,              // self test, battery, reader or keys failed: only POWER_ON helps
  EXPECT_LINK = 3,         // CONNECT sent, waiting for LINK
  EXPECT_HOST_REPLY = 4,   // request sent, waiting for RECEIVED (or the HOST deadline)
  EXPECT_MENU = 5,         // main menu
  EXPECT_CONSENT = 6,      // the holder's consent (R13)
  EXPECT_NAME = 7,
  EXPECT_ID_TYPE = 8,
  EXPECT_ID_NUMBER = 9,
  EXPECT_CARD = 10,
  EXPECT_LUHN_CONFIRM = 11, // a UnionPay number failing Luhn: re-confirm
  EXPECT_PHONE = 12,
  EXPECT_PIN = 13,
  EXPECT_CONFIRM = 14,     // masked summary (R6)
  EXPECT_OTP = 15,         // SMS code (R8)
  EXPECT_ACK = 16,         // a result or message: ENTER / CANCEL / MESSAGE deadline
  EXPECT_PASSWORD = 17,    // supervisor password (R14)
  EXPECT_RECORD_BROWSE = 18,
  EXPECT_RECORD_PICK = 19, // pick the record of the card to replace or report
  EXPECT_LOSS_CARD = 20,
  EXPECT_LOSS_REASON = 21,
  EXPECT_LOSS_CONFIRM = 22,
  EXPECT_SETTINGS = 23,
  EXPECT_HELP = 24,        // F1 help: any key returns
  EXPECT_SAVED = 25,       // a result waits for SAVED of its records before it is shown (R9)
  EXPECT_RECORD = 26,      // a question to the host's record store waits for RECORD or ATTEMPTS
  EXPECT_SECURE = 27,      // keyCustody=module: a question to the secure module waits for its answer
}
export const STATE_COUNT: i32 = 28;

/**
 * Accepted events per state, one bit per kind: machine.ts's table marks each
 * pair it names a handler for as it is built (at the terminal module's
 * start). Kept here, not read from the table, so the power-on self test (405)
 * can check it without linking the flow into the tools module.
 */
@lazy const ACCEPTED: usize = memory.data(STATE_COUNT * 4, 4);

export function markAccepted(state: i32, kind: i32): void {
  const p = ACCEPTED + <usize>(state * 4);
  store<i32>(p, load<i32>(p) | (1 << kind));
}

/** True when `state` accepts event `kind`. */
export function accepts(state: i32, kind: i32): bool {
  if (kind <= 0 || kind >= EVENT_KINDS) return false;
  return (acceptMask(state) & (1 << kind)) != 0;
}

/**
 * The accepted-event mask of a state (errorExpected() after FLOW_UNEXPECTED_EVENT): bit k
 * for kind k of the table (EVENT_KINDS, at most 32 for an i32). The secure module's
 * answers (30..34) have no bit: machine.ts dispatches them apart, each while awaited.
 */
export function acceptMask(state: i32): i32 {
  if (<u32>state >= <u32>STATE_COUNT) return 0;
  return load<i32>(ACCEPTED + <usize>(state * 4));
}

/** States where the operator types or chooses: they keep the INPUT deadline and offer F1 help (R10, R12). */
export function isInputState(state: i32): bool {
  return (state >= St.EXPECT_CONSENT && state <= St.EXPECT_CONFIRM) || state == St.EXPECT_OTP ||
    (state >= St.EXPECT_PASSWORD && state <= St.EXPECT_SETTINGS);
}
