// Asking the host's record store (docs/ABI.md "Record queries"). The core
// keeps no copy of the saved records: FIND_RECORD asks for the n-th newest
// record a filter selects (the records browser, the pickers, a card's record),
// COUNT_ATTEMPTS for a card's issuer answers since a time (R16). The flow
// waits in EXPECT_RECORD; the answer (RECORD, ATTEMPTS) takes it back to the
// state it asked from and on to the step the question named.
import { ErrorCode, fail } from "../abi";
import { Event, Ev, Cmd } from "./events";
import { St } from "./states";
import { begin, end, putByte, putBytes } from "./queue";
import { Slot, TABLE_RECORDS, loadRecord } from "./records";
import { parseDigits, minutesOf } from "./bytes";
import { cardCounts } from "./policy";
import { position, inquiry } from "./state";
import { Step, runStep } from "./steps";

/** Hex digits of a keyed hash (records.ts keyedHash). */
const HASH_HEX: i32 = 32;
/** Digits of a record time, YYYYMMDDhhmmss. */
export const TIME_DIGITS: i32 = 14;

function putU32(v: i32): void {
  putByte(v >>> 24); putByte((v >>> 16) & 0xff); putByte((v >>> 8) & 0xff); putByte(v & 0xff);
}

/** A 4-byte big-endian count, at most i32's largest. */
function readCount(p: usize): i32 {
  const v = (<u32>load<u8>(p) << 24) | (<u32>load<u8>(p + 1) << 16) | (<u32>load<u8>(p + 2) << 8) | <u32>load<u8>(p + 3);
  return v > 0x7fffffff ? 0x7fffffff : <i32>v;
}

function wait(asked: i32, then: Step): void {
  inquiry.asked = asked;
  inquiry.resume = position.state;
  inquiry.then = then;
  position.state = St.EXPECT_RECORD;
}

/**
 * FIND_RECORD: the rank-th newest (0 = newest) record `filter` selects; hash
 * is the 32 hex digits the CARD and *_REPORTED filters match (0 for none).
 * `then` runs once RECORD came: inquiry.found, inquiry.total, the FOUND slot.
 */
export function findRecord(filter: i32, rank: i32, hash: usize, then: Step): void {
  begin(Cmd.FIND_RECORD);
  putByte(filter);
  putU32(rank);
  if (hash != 0) putBytes(hash, HASH_HEX);
  end();
  wait(Cmd.FIND_RECORD, then);
}

/** COUNT_ATTEMPTS: the card's answers later than `since` (14 digits at since) and its failures in a row; then `then` (cardCounts). */
export function countAttempts(hash: usize, since: usize, then: Step): void {
  begin(Cmd.COUNT_ATTEMPTS);
  putBytes(hash, HASH_HEX);
  putBytes(since, TIME_DIGITS);
  end();
  wait(Cmd.COUNT_ATTEMPTS, then);
}

function answered(): void {
  position.state = inquiry.resume;
  const then = inquiry.then;
  inquiry.then = Step.NONE;
  inquiry.asked = 0;
  runStep(then);
}

/** RECORD in EXPECT_RECORD: the count, then the record (into the FOUND slot) or nothing. */
export function recordAnswer(e: Event): void {
  if (inquiry.asked != Cmd.FIND_RECORD || e.length < 4) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.RECORD, 0, 4, e.length); return; }
  let found = false;
  if (e.length > 4) {
    const t = loadRecord(e.src + 4, e.length - 4, Slot.FOUND, false);
    if (t < 0) { e.refused = t; return; }
    found = t == TABLE_RECORDS;
  }
  inquiry.found = found;
  inquiry.total = readCount(e.src);
  answered();
}

/**
 * ATTEMPTS in EXPECT_RECORD: answers since the time asked (4 bytes), failures
 * in a row (4 bytes), then the newest failure's time (14 digits) when there is one.
 */
export function attemptsAnswer(e: Event): void {
  const n = e.length;
  if (inquiry.asked != Cmd.COUNT_ATTEMPTS || (n != 8 && n != 8 + TIME_DIGITS)) {
    e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.ATTEMPTS, 0, 8 + TIME_DIGITS, n);
    return;
  }
  let newest = -1;
  if (n > 8) {
    const date = parseDigits(e.src + 8, 8), time = parseDigits(e.src + 16, 6);
    if (date < 0 || time < 0) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.ATTEMPTS, 0, 8 + TIME_DIGITS, n); return; }
    newest = minutesOf(date, time);
  }
  cardCounts.answersToday = readCount(e.src);
  cardCounts.failuresInRow = readCount(e.src + 4);
  cardCounts.lastFailure = newest;
  answered();
}
