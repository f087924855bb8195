// The balance inquiry (R4): the simple transaction that proves the link, the
// keys and the PIN path. Menu item 6, the card (card.ts), the holder's PIN
// (verify.ts), then 0200; the answer shows the balance from field 54.
import { Beep } from "../events";
import { T } from "../texts";
import { S, compose, addText, addByte, addBytes, show, textLine } from "../screens";
import { reply } from "../messages";
import { Act, Fix, lookupResponse, responseText, responseAction, responseFix } from "../responses";
import { CH_0, CH_DOT, CH_MINUS } from "../bytes";
import { waitForAck, wipeEntered, ackBack } from "../moves";
import { offerPinAgain, retryOffered } from "./results";
import { Step } from "../steps";

/** Field 54's sign character of a debit balance. */
const DEBIT: i32 = 0x44; // 'D'

/** The 0210. */
export function balanceReply(c0: i32, c1: i32): void {
  lookupResponse(c0, c1);
  if (c0 == CH_0 && c1 == CH_0) {
    compose(S.RESULT);
    textLine(T.TITLE_BALANCE);
    textLine(T.L_BALANCE);
    // 54: account type(2) amount type(2) currency(3) sign(1) amount(12, fen)
    if (reply.has(54) && reply.length(54) >= 20) {
      const p = reply.ptr(54);
      if (<i32>load<u8>(p + 7) == DEBIT) addByte(CH_MINUS);
      let i = 8;
      while (i < 17 && <i32>load<u8>(p + <usize>i) == CH_0) i++;
      addBytes(p + <usize>i, 18 - i); addByte(CH_DOT); addBytes(p + 18, 2);
      addText(T.L_YUAN); // field 49 of the request: 156, yuan
    }
    show();
    wipeEntered();
    waitForAck(Step.NONE, Step.NONE, Beep.SUCCESS);
    return;
  }
  const a = responseAction();
  if (a == Act.FIX && responseFix() == Fix.PIN) { offerPinAgain(responseText()); return; }
  if (retryOffered()) return;
  ackBack(responseText());
}
