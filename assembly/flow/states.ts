// The states of the verification flow, named for what each waits for, and
// the table of which events each state accepts (docs/FLOW.md draws the
// diagram and lists every transition). An event a state does not list is
// refused with FLOW_UNEXPECTED_EVENT and changes nothing.
import { Ev } from "./events";

export const enum St {
  OFF = 0,                 // before POWER_ON
  EXPECT_START = 1,        // profile loaded: keys and saved records, then START
  HALTED = 2,              // self test, battery, reader or keys failed: only POWER_ON helps
  EXPECT_LINK = 3,         // CONNECT sent, waiting for LINK
  EXPECT_HOST_REPLY = 4,   // request sent, waiting for RECEIVED (or HOST timer)
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
  EXPECT_ACK = 16,         // a result or message: ENTER / CANCEL / MESSAGE timer
  EXPECT_PASSWORD = 17,    // supervisor password (R14)
  EXPECT_RECORD_BROWSE = 18,
  EXPECT_RECORD_PICK = 19, // pick the record of the card to replace or report
  EXPECT_LOSS_CARD = 20,
  EXPECT_LOSS_REASON = 21,
  EXPECT_LOSS_CONFIRM = 22,
  EXPECT_SETTINGS = 23,
  EXPECT_HELP = 24,        // F1 help: any key returns
}
export const STATE_COUNT: i32 = 25;

// Event bit masks (bit n = event kind n).
const P: i32 = 1 << Ev.POWER_ON;
const J: i32 = 1 << Ev.INJECT_KEY;
const R: i32 = 1 << Ev.RESTORE;
const S: i32 = 1 << Ev.START;
const K: i32 = 1 << Ev.KEY;
const X: i32 = 1 << Ev.TEXT;
const C: i32 = 1 << Ev.CARD;
const V: i32 = 1 << Ev.RECEIVED;
const L: i32 = 1 << Ev.LINK;
const T: i32 = 1 << Ev.TIMER;
const B: i32 = 1 << Ev.BATTERY;
const W: i32 = 1 << Ev.PRINTER;
const N: i32 = 1 << Ev.RANDOM;
const D: i32 = 1 << Ev.SAVED;
/** What every running state accepts: restart, keypad, link and timers, device state, storage. */
const RUN: i32 = P | K | L | T | B | W | N | D;

/** Accepted events per state, in St order. */
@lazy const ACCEPTS: usize = memory.data<i32>([
  /* OFF                 */ P,
  /* EXPECT_START        */ P | J | R | S | B | W | N | D,
  /* HALTED              */ RUN,
  /* EXPECT_LINK         */ RUN,
  /* EXPECT_HOST_REPLY   */ RUN | V,
  /* EXPECT_MENU         */ RUN,
  /* EXPECT_CONSENT      */ RUN,
  /* EXPECT_NAME         */ RUN | X,
  /* EXPECT_ID_TYPE      */ RUN,
  /* EXPECT_ID_NUMBER    */ RUN | X,
  /* EXPECT_CARD         */ RUN | C,
  /* EXPECT_LUHN_CONFIRM */ RUN,
  /* EXPECT_PHONE        */ RUN,
  /* EXPECT_PIN          */ RUN,
  /* EXPECT_CONFIRM      */ RUN,
  /* EXPECT_OTP          */ RUN,
  /* EXPECT_ACK          */ RUN,
  /* EXPECT_PASSWORD     */ RUN,
  /* EXPECT_RECORD_BROWSE*/ RUN,
  /* EXPECT_RECORD_PICK  */ RUN,
  /* EXPECT_LOSS_CARD    */ RUN | C,
  /* EXPECT_LOSS_REASON  */ RUN,
  /* EXPECT_LOSS_CONFIRM */ RUN,
  /* EXPECT_SETTINGS     */ RUN,
  /* EXPECT_HELP         */ RUN,
]);

/** True when `state` lists event `kind`. */
export function accepts(state: i32, kind: i32): bool {
  if (<u32>state >= <u32>STATE_COUNT || kind <= 0 || kind >= 16) return false;
  return (<i32>load<i32>(ACCEPTS + <usize>(state * 4)) & (1 << kind)) != 0;
}

/** The accepted-event mask of a state (errorExpected() after FLOW_UNEXPECTED_EVENT). */
export function acceptMask(state: i32): i32 {
  if (<u32>state >= <u32>STATE_COUNT) return 0;
  return <i32>load<i32>(ACCEPTS + <usize>(state * 4));
}

/** States where the operator types or chooses: they run the INPUT timer and offer F1 help (R10, R12). */
export function isInputState(state: i32): bool {
  return (state >= St.EXPECT_CONSENT && state <= St.EXPECT_CONFIRM) || state == St.EXPECT_OTP ||
    (state >= St.EXPECT_PASSWORD && state <= St.EXPECT_SETTINGS);
}
