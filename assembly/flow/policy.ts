// The merchant's and the card's rules (R15, R16, R21), checked before
// anything is sent. Numbers come from the profile; the choices are written
// down in docs/FLOW.md "Policy".
import { profile } from "./profile";
import { CH_0 } from "./bytes";

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

/** Whether an issuer answer (field 39, 2 characters) counts as a failure of the card's data. */
export function countsAsFailure(rc0: i32, rc1: i32): bool {
  return !(rc0 == CH_0 && rc1 == CH_0);
}

/**
 * A card's issuer answers, as the host's store counted them (COUNT_ATTEMPTS,
 * inquiry.ts) when the card was taken, and kept up to date with each answer
 * this task saves: the card stays the same until a new card is taken and counted.
 */
export class CardCounts {
  /** Answers within the last 24 hours. */
  answersToday: i32 = 0;
  /** Failures since the card's newest success. */
  failuresInRow: i32 = 0;
  /** Minutes since 1970 of the newest failure, -1 for none. */
  lastFailure: i32 = -1;
}
export const cardCounts = new CardCounts();

/** An answer about the card was saved (R16): the counts go on from what the store said. */
export function countAnswer(failure: bool, now: i32): void {
  cardCounts.answersToday++;
  if (failure) { cardCounts.failuresInRow++; cardCounts.lastFailure = now; }
  else cardCounts.failuresInRow = 0;
}

/** Minutes in the daily limit's window (R16). */
export const DAY_MINUTES: i32 = 1440;

/**
 * The per-card limits on the counts (a card reported here, CARD_BLOCKED, is
 * found by asking the store first): the failure lock, then the daily limit.
 */
export function checkCard(now: i32): i32 {
  const c = cardCounts;
  if (c.failuresInRow >= profile.maxFailures && c.lastFailure >= 0 && now - c.lastFailure < profile.lockHours * 60) return CARD_LOCKED;
  if (c.answersToday >= profile.dailyLimit) return CARD_DAILY;
  return CARD_OK;
}
