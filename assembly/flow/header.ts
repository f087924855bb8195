// The application header's processing requirement (处理要求), the low nibble of
// its third byte, by which the POS centre asks a terminal for something in any
// reply (docs/PROTOCOL.md "Sign-on"): 3 asks it to sign on again, which it does
// before its next request; the downloads and uploads (1, 2, 4-9) are not part
// of this product and are refused with a LOG line, the request going on as if
// nothing were asked.
import { Cmd } from "./events";
import { begin, end, putByte, putWord } from "./queue";
import { FIELD_HEADER } from "./deps";
import { reply, Op } from "./messages";
import { terminal } from "./state";
import { CH_0 } from "./bytes";
import { W } from "./texts";

/** 处理要求 codes (the POS spec's header table as quoted in docs/PROTOCOL.md). */
const enum Requirement { NONE = 0, SIGN_ON = 3 }

/** Reads the accepted reply's header for exchange `op`: a sign-on asked for is remembered; anything else is logged and refused. */
export function readProcessingRequirement(op: i32): void {
  if (op == Op.SIGN_ON || !reply.has(FIELD_HEADER) || reply.length(FIELD_HEADER) < 3) return;
  const r = <i32>load<u8>(reply.ptr(FIELD_HEADER) + 2) & 0x0f;
  if (r == Requirement.NONE) return;
  if (r == Requirement.SIGN_ON) {
    terminal.signOnAsked = true;
    begin(Cmd.LOG); putWord(W.LOG_SIGN_ON_ASKED); end();
    return;
  }
  begin(Cmd.LOG); putWord(W.LOG_PROCESSING_ASKED); putByte(CH_0 + r); putWord(W.LOG_NOT_SUPPORTED); end();
}
