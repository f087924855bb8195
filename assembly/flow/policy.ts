// The merchant's and the card's rules (R15, R16, R21), checked before
// anything is sent. Numbers come from the profile; the choices are written
// down in docs/FLOW.md "Policy".
import { profile } from "./profile";
import { F, TABLE_ATTEMPTS, TABLE_RECORDS, ATTEMPT_SLOTS, RECORD_SLOTS, fieldIs, fieldEquals, fieldLength, fieldPtr, slotUsed, slotSeq } from "./records";
import { minutesOf, parseDigits, CH_0 } from "./bytes";

/** Outcomes of checkCard(). */
export const CARD_OK: i32 = 0;
export const CARD_BLOCKED: i32 = 1;   // reported lost/stolen on this terminal (R21)
export const CARD_LOCKED: i32 = 2;    // maxFailures issuer failures in a row, within lockHours (R16)
export const CARD_DAILY: i32 = 3;     // dailyLimit issuer answers within 24 hours (R16)

/**
 * R15: inside operating hours. hoursOpen <= now < hoursClose; a close before
 * the open means the hours run past midnight (e.g. 2000-0200).
 */
export function withinHours(time: i32): bool {
  const now = time / 100; // hhmm
  const open = profile.hoursOpen, close = profile.hoursClose;
  if (open == close) return true; // 24 hours
  if (open < close) return now >= open && now < close;
  return now >= open || now < close;
}

/** Minutes since 1970 of a record's `time` field (YYYYMMDDhhmmss), or -1 if malformed. */
function recordMinutes(table: i32, slot: i32): i32 {
  if (fieldLength(table, slot, F.TIME) != 14) return -1;
  const p = fieldPtr(table, slot, F.TIME);
  const date = parseDigits(p, 8), hhmmss = parseDigits(p + 8, 6);
  if (date < 0 || hhmmss < 0) return -1;
  return minutesOf(date, hhmmss);
}

function isFailure(s: i32): bool {
  const r = fieldPtr(TABLE_ATTEMPTS, s, F.RESULT);
  return fieldLength(TABLE_ATTEMPTS, s, F.RESULT) == 2 && countsAsFailure(<i32>load<u8>(r), <i32>load<u8>(r + 1));
}

/** Whether an issuer answer (field 39, 2 characters) counts as a failure of the card's data. */
export function countsAsFailure(rc0: i32, rc1: i32): bool {
  return !(rc0 == CH_0 && rc1 == CH_0);
}

/** What the last checkCard() counted, for the screens and tests. */
export class CardCounts {
  failuresInRow: i32 = 0;
  answersToday: i32 = 0;
}
export const cardCounts = new CardCounts();

/**
 * The local checks on a card, by the hex keyed hash of its PAN (32 chars at
 * hash): hotlist first, then the failure lock, then the daily limit.
 */
export function checkCard(hash: usize, now: i32): i32 {
  for (let s = 0; s < RECORD_SLOTS; s++) {
    if (!slotUsed(TABLE_RECORDS, s) || !fieldEquals(TABLE_RECORDS, s, F.PAN_HASH, hash, 32)) continue;
    if (fieldIs(TABLE_RECORDS, s, F.STATUS, "lost") || fieldIs(TABLE_RECORDS, s, F.STATUS, "stolen")) return CARD_BLOCKED;
  }
  // One pass over the attempts of this card: the newest success (by saving
  // sequence) ends the run of failures; answers within 24 hours count towards
  // the daily limit.
  cardCounts.failuresInRow = 0;
  cardCounts.answersToday = 0;
  let lastFailure = -1;
  let lastSuccessSeq = 0;
  for (let s = 0; s < ATTEMPT_SLOTS; s++) {
    if (!slotUsed(TABLE_ATTEMPTS, s) || !fieldEquals(TABLE_ATTEMPTS, s, F.PAN_HASH, hash, 32)) continue;
    const t = recordMinutes(TABLE_ATTEMPTS, s);
    if (t < 0) continue;
    if (now - t < 1440) cardCounts.answersToday++;
    if (!isFailure(s) && slotSeq(TABLE_ATTEMPTS, s) > lastSuccessSeq) lastSuccessSeq = slotSeq(TABLE_ATTEMPTS, s);
  }
  for (let s = 0; s < ATTEMPT_SLOTS; s++) {
    if (!slotUsed(TABLE_ATTEMPTS, s) || slotSeq(TABLE_ATTEMPTS, s) <= lastSuccessSeq) continue;
    if (!fieldEquals(TABLE_ATTEMPTS, s, F.PAN_HASH, hash, 32) || !isFailure(s)) continue;
    const t = recordMinutes(TABLE_ATTEMPTS, s);
    if (t < 0) continue;
    cardCounts.failuresInRow++;
    if (t > lastFailure) lastFailure = t;
  }
  if (cardCounts.failuresInRow >= profile.maxFailures && lastFailure >= 0 && now - lastFailure < profile.lockHours * 60) return CARD_LOCKED;
  if (cardCounts.answersToday >= profile.dailyLimit) return CARD_DAILY;
  return CARD_OK;
}
