// Paths found in the flow review: the per-card lock (R16) reached in the
// middle of a verification's corrections, and the SMS code's resend/expiry
// timers falling due while a code was out with the acquirer (R8), the keys
// after 77/99/A0 (R11), and the expired card's replacement updating only its
// own holder's record (R20).
import {
  bootToMenu, enterHolder, enterUntilCard, all, card, text, connect, beginReply, replyBytes, packReply, deliver, state, screen, count,
  key, keys, timer, ENTER, CANCEL, F2, signOnAndEcho, readRequest, kinds, payloads, powerOn, injectKeys, restore, start, requestText, answerVerify, MAK_HEX, setClock, utf8, lastLength,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const CARD_A = "K6216261000000000018=3012";
const CARD_B = "K6212143000000000011=3012";
const PROFILE_LOCK = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=2\nlockHours=12\ndailyLimit=4";

/** One verification of the card answered `rc`, left with CANCEL. */
function failOnce(cardData: string, rc: string): void {
  enterHolder("张三", ID, cardData, "13552535506");
  key(ENTER);
  answerVerify(rc);
  key(CANCEL);
}

describe("R16: a card locked by this verification's answer is not sent again", () => {
  /**
   * maxFailures=2: one failure in an earlier verification, one in this one
   * makes two in a row, so the card is locked; the answer offers no
   * correction (ENTER goes to the menu) and shows the support line, and the
   * card is refused before sending next time. Before the fix the result
   * offered a correction and a third failure went to the issuer.
   */
  it("offers no correction once the card is locked", () => {
    setClock(20261126, 100000);
    bootToMenu(PROFILE_LOCK);
    failOnce(CARD_A, "05");
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("95516")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The pair: a first failure on a fresh card still offers the correction of the failing field. */
  it("still offers the correction while the card is not locked", () => {
    enterHolder("张三", ID, CARD_B, "13552535506");
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("95516")).toBe(false);
    key(ENTER);
    expect(state()).not.toBe(St.EXPECT_MENU);
    key(CANCEL);
  });

  /**
   * dailyLimit=4 with maxFailures high: the fourth answer of the day is a
   * failure; resending after the correction would be a fifth, so the result
   * offers none.
   */
  it("offers no correction once the daily limit is reached", () => {
    bootToMenu("terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=9\ndailyLimit=4");
    enterHolder("张三", ID, CARD_A, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    enterHolder("张三", ID, CARD_A, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    failOnce(CARD_A, "05");
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("05");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

/** Connects and answers the request with S1 and a code reference. */
function answerS1(ref: string): void {
  connect();
  answerS1Reply(ref);
}

describe("R8: SMS code timers that fall due while the code is out", () => {
  /**
   * The RESEND timer fires while the typed code is with the acquirer; after
   * S2 (wrong code) F2 must ask for a new code. Before the fix the timer was
   * dropped outside the code screen and F2 stayed refused.
   */
  it("allows F2 after S2 when the resend delay ran out meanwhile", () => {
    setClock(20261126, 110000);
    bootToMenu();
    enterHolder("张三", ID, CARD_B, "13552535506");
    key(ENTER);
    answerS1("REF123");
    expect(state()).toBe(St.EXPECT_OTP);
    keys("123456");
    key(ENTER);
    connect();
    timer(5); // RESEND falls due while the code is out
    beginReply("0110", "S2");
    packReply(MAK_HEX);
    deliver();
    key(ENTER);
    expect(state()).toBe(St.EXPECT_OTP);
    key(F2);
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("73");
    answerS1Reply("REF124");
    expect(state()).toBe(St.EXPECT_OTP);
    key(F2); // a fresh code: no resend before its own delay
    expect(state()).toBe(St.EXPECT_OTP);
  });

  /** The OTP timer fires while the code is out: back on the code screen after S2 it says the code expired and F2 works. */
  it("says the code expired when it ran out meanwhile", () => {
    keys("111111");
    key(ENTER);
    connect();
    timer(3); // the code's validity ends while it is out
    beginReply("0110", "S2");
    packReply(MAK_HEX);
    deliver();
    key(ENTER);
    expect(state()).toBe(St.EXPECT_OTP);
    expect(screen().includes("验证码已过期")).toBe(true);
    key(F2);
    expect(state()).toBe(St.EXPECT_LINK);
    expect(count(3)).toBe(1); // CONNECT
    key(CANCEL);
  });
});

/** S1 to the request already connected. */
function answerS1Reply(ref: string): void {
  beginReply("0110", "S1");
  const p = utf8("OR006" + ref + "OT003120");
  replyBytes(62, p, lastLength);
  packReply(MAK_HEX);
  deliver();
}

describe("R11: an answer asking for a new sign-on (77, 99, A0) retires the working keys", () => {
  /**
   * A0 (MAC error), then CANCEL instead of signing on: the keys are known
   * bad, so the menu asks for a sign-on before the next verification instead
   * of sending personal data under them. Before the fix item 1 went straight
   * to the consent screen.
   */
  it("asks for a sign-on before the next verification after A0 and CANCEL", () => {
    setClock(20261126, 120000);
    bootToMenu();
    enterHolder("张三", ID, CARD_B, "13552535506");
    key(ENTER);
    answerVerify("A0");
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    key(0x31);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("未签到")).toBe(true);
    key(ENTER); // sign on, echo test, menu
    signOnAndEcho();
    expect(state()).toBe(St.EXPECT_MENU);
    key(0x31);
    expect(state()).toBe(St.EXPECT_CONSENT);
    key(CANCEL);
  });
});

describe("R20: the expired card met during a verification updates its holder's saved record only", () => {
  const CARD_X = "6225768888888888";

  /** 张三's card X saved, later presented expired for 张三: the replacement marks X's record replaced. */
  it("marks the holder's old record replaced", () => {
    setClock(20261126, 130000);
    bootToMenu();
    enterHolder("张三", ID, "K" + CARD_X + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    enterUntilCard("张三", ID);
    card("K" + CARD_X + "=2510");
    expect(screen().includes("卡已过期")).toBe(true);
    key(ENTER);
    card(CARD_B);
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    const saves = all(8);
    expect(saves.includes("replaces=V")).toBe(true);
    expect(saves.includes("status=replaced")).toBe(true);
    key(ENTER);
  });

  /**
   * Card Y saved for 张三, then presented expired with another holder's ID:
   * the new card verified for that holder must not mark 张三's record
   * replaced. Before the fix it did (the record was found by the card alone).
   */
  it("leaves another holder's record alone", () => {
    const CARD_Y = "6216261000000000018";
    enterHolder("张三", ID, "K" + CARD_Y + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    enterUntilCard("李四", "440524188001010014");
    card("K" + CARD_Y + "=2510");
    expect(screen().includes("卡已过期")).toBe(true);
    key(ENTER);
    card("K6222222222222222222=3012");
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    const saves = all(8);
    expect(saves.includes("认证成功") || saves.includes("type=verification")).toBe(true);
    expect(saves.includes("status=replaced")).toBe(false);
    expect(saves.includes("replaces=")).toBe(false);
    key(ENTER);
  });
});

const saved: string[] = [];
const DAILY = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\ndailyLimit=2";

/** The attempt records the last event saved (what the host would RESTORE after a power cut). */
function keepAttempts(): void {
  for (let i = 0; i < kinds.length; i++) if (kinds[i] == 8 && payloads[i].includes("type=attempt")) saved.push(payloads[i]);
}

describe("R16: the daily limit survives a restart", () => {
  /** Two answers (a success and a failure) use up dailyLimit=2; their attempt SAVEs are kept. */
  it("counts the day's answers", () => {
    setClock(20261127, 90000);
    bootToMenu(DAILY);
    enterHolder("张三", ID, CARD_B, "13552535506"); key(ENTER); answerVerify("00");
    keepAttempts();
    key(ENTER);
    enterHolder("张三", ID, CARD_B, "13552535506"); key(ENTER); answerVerify("05");
    keepAttempts();
    key(CANCEL);
    expect(saved.length).toBe(2);
  });

  /** After a power cut and RESTORE of those records the card is refused before sending, 23 hours on. */
  it("refuses the card after the restart, before sending", () => {
    setClock(20261128, 80000);
    powerOn(DAILY);
    injectKeys();
    for (let i = 0; i < saved.length; i++) expect(restore(saved[i])).toBe(0);
    start();
    signOnAndEcho();
    enterUntilCard("张三", ID);
    card(CARD_B);
    expect(screen().includes("此卡今日次数已满")).toBe(true);
    expect(count(3)).toBe(0); // no CONNECT
    key(ENTER);
  });

  /** The pair: 24 hours after the first answer, one slot is free again. */
  it("accepts the card once an answer is 24 hours old", () => {
    setClock(20261128, 90100);
    enterUntilCard("张三", ID);
    card(CARD_B);
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });
});

describe("R20/R21: the replacement card must be a new card", () => {
  /**
   * A saved card picked for replacement, then the same card presented:
   * refused with its own reason (it used to say 卡已过期, wrong for a card
   * replaced because it was lost or damaged),
   * the card screen again; a different card goes on to the phone.
   */
  it("refuses the card being replaced, with the reason", () => {
    setClock(20261126, 140000);
    bootToMenu();
    enterHolder("张三", ID, CARD_B, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    key(0x32);                       // replacement: pick the record
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    key(ENTER);
    key(ENTER);                      // consent
    text("张三"); key(ENTER);
    key(0x31); keys(ID); key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    card(CARD_B);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("新卡不能是原卡")).toBe(true);
    expect(screen().includes("卡已过期")).toBe(false);
    card("K6225768888888888=3012");
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });
});
