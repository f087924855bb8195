// The holder's PIN (R7) on the host's secure keypad (keyCustody=module): the
// core asks for a PIN block (PIN_ENTRY: format, lengths, timeout, PAN), the
// keypad reports how many digits are typed (PIN_DIGITS, for the asterisks)
// and ends with the block enciphered under the PIK (PIN_BLOCK) or without one
// (PIN_ENDED: cancelled, timed out, no PIK). No PIN digit enters the core.
// With keyCustody=core the digits come as KEY events (verify.ts pinKey).
import { ErrorCode, fail } from "../../abi";
import { Event, Cmd } from "../events";
import { St } from "../states";
import { begin, end, putByte, putBytes } from "../queue";
import { profile } from "../profile";
import { T, W } from "../texts";
import { Part, Scope, part } from "../parts";
import { session, PAN, PIN_BLOCK, PIN_MAX } from "../session";
import { copyBytes } from "../bytes";
import { position, deadlines, Deadline } from "../state";
import { log, toMenu, ackBack } from "../moves";
import { render } from "../render";
import { inputTimeout } from "../input";
import { nextAfter } from "./verify";

/** PIN_ENTRY's format byte: ISO 9564 format 0 (the block folds in the PAN), the one field 53.1 announces. */
export const PIN_FORMAT_0: i32 = 0;
/** The fewest digits a PIN has (R7: 4-12). */
export const PIN_MIN: i32 = 4;

/** Why PIN_ENDED came: its byte. */
export const enum PinEnd {
  CANCELLED = 0, // the holder pressed CANCEL on the keypad
  TIMED_OUT = 1, // no key within the timeout
  NO_KEY = 2,    // the module holds no PIK (not signed on)
}

/** A PIN entry is running on the secure keypad. */
export class PinEntry extends Part { open: bool = false; }
export const pinEntry = part(new PinEntry(), new PinEntry(), Scope.TASK);

/** EXPECT_PIN entered in keyCustody=module: the keypad takes over (it times the entry out itself). */
export function askPinBlock(): void {
  deadlines.clear(Deadline.INPUT);
  const t = profile.inputTimeout;
  begin(Cmd.PIN_ENTRY);
  putByte(PIN_FORMAT_0); putByte(PIN_MIN); putByte(PIN_MAX); putByte(t >> 8); putByte(t & 0xff);
  putBytes(PAN, session.panLength);
  end();
  pinEntry.open = true;
}

/** Whether the flow waits for the keypad now (machine.ts dispatches PIN_DIGITS, PIN_BLOCK and PIN_ENDED only then). */
export function waitsForKeypad(): bool {
  return position.state == St.EXPECT_PIN && pinEntry.open;
}

/** PIN_DIGITS: 1 byte, the digits typed so far (0..12): the asterisks. */
export function pinDigits(e: Event): void {
  if (e.length != 1 || e.byte > PIN_MAX) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, e.kind, 0, PIN_MAX, e.byte); return; }
  session.editLength = e.byte;
  render();
}

/** PIN_BLOCK: the 8-byte block under the PIK; the field after the PIN follows. */
export function pinBlock(e: Event): void {
  if (e.length != 8) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, e.kind, 0, 8, e.length); return; }
  copyBytes(PIN_BLOCK, e.src, 8);
  session.hasPinBlock = true;
  session.editLength = 0;
  pinEntry.reset();
  nextAfter(St.EXPECT_PIN);
}

/** PIN_ENDED: what CANCEL, the INPUT timer or a missing PIK does on the PIN screen of keyCustody=core. */
export function pinEnded(e: Event): void {
  if (e.length != 1 || e.byte > PinEnd.NO_KEY) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, e.kind, 0, PinEnd.NO_KEY, e.byte); return; }
  pinEntry.reset();
  session.editLength = 0;
  if (e.byte == PinEnd.CANCELLED) { log(W.LOG_CANCELLED); toMenu(); return; }
  if (e.byte == PinEnd.TIMED_OUT) { inputTimeout(); return; }
  log(W.LOG_NO_PIN_BLOCK);
  ackBack(T.L_NOT_SIGNED_ON);
}
