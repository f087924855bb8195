// The per-card limits (policy.ts; R16): maxFailures issuer failures in a row
// lock a card for lockHours, at most dailyLimit answers in 24 hours; both are
// checked before anything is sent and both survive a restart through the
// attempt records RESTORE brings back.
import {
  bootToMenu, enterHolder, enterUntilCard, state, screen, count, key, card, answerVerify, verifyOnce, setClock,
  powerOn, injectKeys, restore, start, signOnAndEcho, savesWith, ENTER, CANCEL, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const CARD_A = "K6216261000000000018=3012";
const CARD_B = "K6212143000000000011=3012";
const PROFILE_LOCK = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=2\nlockHours=12\ndailyLimit=4";
const DAILY = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\ndailyLimit=2";

/** A verification of `cardData` answered `rc`, left with CANCEL; returns the attempt record it saved. */
function answeredOnce(cardData: string, rc: string): string {
  enterHolder("张三", ID, cardData, "13552535506");
  key(ENTER);
  answerVerify(rc);
  const attempt = savesWith("type=attempt");
  key(rc == "00" ? ENTER : CANCEL);
  return attempt.length > 0 ? attempt[0] : "";
}

/** A power cut: the terminal starts again from the saved `records` (RESTORE in saving order), at the menu. */
function restartWith(profile: string, records: string[]): void {
  powerOn(profile);
  injectKeys();
  for (let i = 0; i < records.length; i++) expect(restore(records[i])).toBe(0);
  start();
  signOnAndEcho();
}

describe("R16: per-card failure lock", () => {
  /** With maxFailures=2, two issuer failures lock the card: the third attempt is refused before sending. */
  it("locks the card after maxFailures failures", () => {
    bootToMenu(PROFILE_LOCK, 20261126, 100000);
    answeredOnce(CARD_A, "05");
    answeredOnce(CARD_A, "05");
    enterUntilCard("张三", ID);
    card(CARD_A);
    expect(screen().includes("已锁定")).toBe(true);
    expect(count(3)).toBe(0); // no CONNECT
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** A restart restores the attempts from the saved records: the card is still locked. */
  it("keeps the lock across a restart", () => {
    bootToMenu(PROFILE_LOCK, 20261126, 100000);
    const saved: string[] = [answeredOnce(CARD_A, "05"), answeredOnce(CARD_A, "05")];
    restartWith(PROFILE_LOCK, saved);
    enterUntilCard("张三", ID);
    card(CARD_A);
    expect(screen().includes("已锁定")).toBe(true);
  });

  /** After lockHours the card may be tried again (a 24-hour profile: 23:00 is outside the default hours). */
  it("unlocks after lockHours", () => {
    bootToMenu(PROFILE_LOCK, 20261126, 100000);
    const saved: string[] = [answeredOnce(CARD_A, "05"), answeredOnce(CARD_A, "05")];
    setClock(20261126, 230000);
    restartWith(PROFILE_LOCK + "\nhoursOpen=0000\nhoursClose=0000", saved);
    enterHolder("张三", ID, CARD_A, "13552535506");
    expect(state()).toBe(St.EXPECT_CONFIRM);
  });

  /** A record that is not one this core wrote is refused with its offset. */
  it("refuses a corrupt record", () => {
    powerOn(PROFILE_LOCK);
    expect(restore("id=A1\ntype=attempt\ncolour=blue")).toBe(-407);
  });
});

describe("R16: the daily limit per card", () => {
  /** dailyLimit=2: two answers (a success counts too), the third attempt the same day is refused before sending. */
  it("refuses the card after dailyLimit answers in 24 hours", () => {
    bootToMenu(PROFILE + "\ndailyLimit=2", 20261126, 100000);
    verifyOnce("张三", ID, CARD_A, "13552535506");
    verifyOnce("张三", ID, CARD_A, "13552535506");
    enterUntilCard("张三", ID);
    card(CARD_A);
    expect(screen().includes("今日次数已满")).toBe(true);
    expect(count(3)).toBe(0);
  });

  /** The next day the card is accepted again. */
  it("accepts the card the next day", () => {
    bootToMenu(PROFILE + "\ndailyLimit=2", 20261126, 100000);
    verifyOnce("张三", ID, CARD_A, "13552535506");
    verifyOnce("张三", ID, CARD_A, "13552535506");
    setClock(20261127, 110000);
    enterUntilCard("张三", ID);
    card(CARD_A);
    expect(state()).toBe(St.EXPECT_PHONE);
  });

  /** After a power cut and RESTORE of the day's two answers (a success and a failure) the card is refused before sending, 23 hours on. */
  it("refuses the card after a restart, before sending", () => {
    bootToMenu(DAILY, 20261127, 90000);
    const saved: string[] = [answeredOnce(CARD_B, "00"), answeredOnce(CARD_B, "05")];
    expect(saved[0].length > 0 && saved[1].length > 0).toBe(true);
    setClock(20261128, 80000);
    restartWith(DAILY, saved);
    enterUntilCard("张三", ID);
    card(CARD_B);
    expect(screen().includes("此卡今日次数已满")).toBe(true);
    expect(count(3)).toBe(0); // no CONNECT
  });

  /** The pair: 24 hours after the first answer, one slot is free again. */
  it("accepts the card once an answer is 24 hours old", () => {
    bootToMenu(DAILY, 20261127, 90000);
    const saved: string[] = [answeredOnce(CARD_B, "00")];
    setClock(20261127, 93000);
    saved.push(answeredOnce(CARD_B, "05"));
    setClock(20261128, 90100);
    restartWith(DAILY, saved);
    enterUntilCard("张三", ID);
    card(CARD_B);
    expect(state()).toBe(St.EXPECT_PHONE);
  });
});
