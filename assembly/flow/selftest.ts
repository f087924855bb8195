// Known answers for the verification flow, run by the power-on self test (400s).
import { TEXTS, T } from "./texts";
import { cellsOf } from "./screens";
import { minutesOf } from "./bytes";

export function flowSelfTest(): i32 {
  // 401: every text id has its zh-CN and en text (the table and the enum agree).
  if (TEXTS.length != 2 * <i32>T.COUNT) return 401;
  // 402: a CJK character takes two display cells, ASCII one.
  if (cellsOf(0x8ba4) != 2 || cellsOf(0x41) != 1) return 402;
  // 403: the policy clock: 2026-01-01 00:00 is 29,454,560 minutes after 1970-01-01 (20454 days).
  if (minutesOf(20260101, 0) != 20454 * 1440) return 403;
  return 0;
}
