// Known answers for the verification flow, run by the power-on self test (400s).
import { T } from "./texts";
import { TEXT_ENTRIES } from "../generated/texts";
import { cellsOf } from "./screens";
import { minutesOf } from "./bytes";
import { lookupResponse, responseAction, responseText, responseCounts, responseFix, Act, Fix } from "./responses";
import { STATE_COUNT, accepts, St } from "./states";
import { Ev } from "./events";

export function flowSelfTest(): i32 {
  // 401: every text id has its zh-CN and en text (the table and the enum agree).
  if (TEXT_ENTRIES != 2 * <i32>T.COUNT) return 401;
  // 402: a CJK character takes two display cells, ASCII one.
  if (cellsOf(0x8ba4) != 2 || cellsOf(0x41) != 1) return 402;
  // 403: the policy clock: 2026-01-01 00:00 is 20,454 days after 1970-01-01.
  if (minutesOf(20260101, 0) != 20454 * 1440) return 403;
  // 404: the response table: 05 -> correct the field of 44, counted; 91 -> wait, not counted;
  // an unknown code -> "other", stop (docs/PROTOCOL.md).
  lookupResponse(0x30, 0x35);
  if (responseAction() != Act.FIX || responseFix() != Fix.FROM_44 || !responseCounts() || responseText() != T.R_05) return 404;
  lookupResponse(0x39, 0x31);
  if (responseAction() != Act.WAIT || responseCounts()) return 404;
  lookupResponse(0x51, 0x37);
  if (responseAction() != Act.STOP || responseText() != T.R_OTHER) return 404;
  // 405: the transition table: only EXPECT_HOST_REPLY takes a frame; every state after OFF takes POWER_ON.
  for (let s = 0; s < STATE_COUNT; s++) {
    if (accepts(s, Ev.RECEIVED) != (s == St.EXPECT_HOST_REPLY)) return 405;
    if (!accepts(s, Ev.POWER_ON)) return 405;
  }
  return 0;
}
