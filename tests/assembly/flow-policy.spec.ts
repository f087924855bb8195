// Policy (R15, R16) and the SMS code (R8): operating hours, the per-card
// failure lock and daily limit, both surviving a restart through RESTORE,
// and the issuer's one-time code with resend and expiry.
import {
  bootToMenu, enterHolder, enterUntilCard, connect, beginReply, replyField, replyBytes, packReply, deliver, state, screen, count, all, last,
  key, keys, timer, card, ENTER, CANCEL, F2, readRequest, requestText, answerVerify, personal, MAK_HEX, setClock,
  powerOn, injectKeys, restore, start, signOnAndEcho, utf8, lastLength, kinds, payloads,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const CARD_A = "K6216261000000000018=3012";
const PROFILE_LOCK = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=2\nlockHours=12\ndailyLimit=4";

let savedAttempts: string[] = [];

function failOnce(): void {
  enterHolder("张三", ID, CARD_A, "13552535506");
  key(ENTER);
  answerVerify("05");
  for (let i = 0; i < kinds.length; i++) if (kinds[i] == 8) savedAttempts.push(payloads[i]);
  key(CANCEL);
}

describe("R15: verification only within the operating hours", () => {
  /** At 21:30 with the default hours (08:00-21:00) item 1 is refused before the consent screen. */
  it("refuses outside hours", () => {
    setClock(20261126, 213000);
    bootToMenu();
    key(0x31);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("非营业时间")).toBe(true);
  });

  /** At 08:00 the same key opens the consent screen. */
  it("accepts at opening time", () => {
    setClock(20261126, 80000);
    key(0x31);
    expect(state()).toBe(St.EXPECT_CONSENT);
    key(CANCEL);
  });
});

describe("R16: per-card failure lock and daily limit", () => {
  /** With maxFailures=2, two issuer failures lock the card: the third attempt is refused before sending. */
  it("locks the card after maxFailures failures", () => {
    setClock(20261126, 100000);
    bootToMenu(PROFILE_LOCK);
    failOnce();
    failOnce();
    expect(savedAttempts.length).toBe(2);
    enterUntilCard("张三", ID);
    card(CARD_A);
    expect(screen().includes("已锁定")).toBe(true);
    expect(count(3)).toBe(0); // no CONNECT
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** A restart restores the attempts from the saved records: the card is still locked. */
  it("keeps the lock across a restart", () => {
    powerOn(PROFILE_LOCK);
    injectKeys();
    for (let i = 0; i < savedAttempts.length; i++) expect(restore(savedAttempts[i])).toBe(0);
    start();
    signOnAndEcho();
    enterUntilCard("张三", ID);
    card(CARD_A);
    expect(screen().includes("已锁定")).toBe(true);
    key(ENTER);
  });

  /** After lockHours the card may be tried again. */
  it("unlocks after lockHours", () => {
    setClock(20261126, 230000);
    // outside hours: use a 24-hour profile for this check
    powerOn(PROFILE_LOCK + "\nhoursOpen=0000\nhoursClose=0000");
    injectKeys();
    for (let i = 0; i < savedAttempts.length; i++) restore(savedAttempts[i]);
    start();
    signOnAndEcho();
    enterHolder("张三", ID, CARD_A, "13552535506");
    expect(state()).toBe(St.EXPECT_CONFIRM);
    key(CANCEL);
  });

  /** A record that is not one this core wrote is refused with its offset. */
  it("refuses a corrupt record", () => {
    powerOn(PROFILE_LOCK);
    expect(restore("id=A1\ntype=attempt\ncolour=blue")).toBe(-407);
  });
});

describe("R8: the SMS code", () => {
  /** 39 = S1: the code screen shows where it went; the code goes back with its reference under the TDK. */
  it("asks for the code and sends it with its reference", () => {
    setClock(20261126, 110000);
    bootToMenu();
    enterHolder("张三", ID, "K6212143000000000011=3012", "13552535506");
    key(ENTER);
    connect();
    beginReply("0110", "S1");
    const tlv = "OR006REF123OT003120MP011135****5506";
    const p = utf8(tlv);
    replyBytes(62, p, lastLength);
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_OTP);
    expect(screen().includes("135****5506")).toBe(true);
    expect(last(6).length > 0).toBe(true); // OTP / RESEND timers
    keys("123456");
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("72");
    expect(personal("OR")).toBe("REF123");
    expect(personal("OC")).toBe("123456");
  });

  /** S2: wrong code: ENTER re-asks the code only. */
  it("re-asks a wrong code", () => {
    beginReply("0110", "S2");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("短信验证码错误")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_OTP);
  });

  /** F2 is refused until the RESEND timer fires; then it asks for a new code (60.1 = 73). */
  it("resends only when allowed", () => {
    key(F2);
    expect(state()).toBe(St.EXPECT_OTP);
    timer(5);
    expect(screen().includes("F2")).toBe(true);
    key(F2);
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("73");
    beginReply("0110", "S1");
    const p = utf8("OR006REF124OT003120");
    replyBytes(62, p, lastLength);
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_OTP);
  });

  /** The OTP timer expiring says so; the right code then verifies. */
  it("says when the code expired, then verifies", () => {
    timer(3);
    expect(screen().includes("验证码已过期")).toBe(true);
    keys("654321");
    key(ENTER);
    connect();
    expect(personal("OR")).toBe("REF124");
    beginReply("0110", "00");
    replyField(38, "V00009");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });
});
