// The SMS code (tasks/smscode.ts; R8): the issuer asks for one (S1), the code
// goes back with its reference under the TDK (0100/72), a wrong code is asked
// again (S2), F2 asks for a new one (0100/73) once the resend delay ran out or
// the code expired — also when that happened while a code was out with the
// acquirer — and an expired code at the issuer (S3) offers F2 at once.
import {
  bootToMenu, enterHolder, connect, beginReply, replyField, replyBytes, packReply, deliver, answerCodeSent, state, screen,
  count, last, key, keys, timer, readRequest, requestText, personal, utf8, lastLength, setClock, ENTER, CANCEL, F2, MAK_HEX, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { Deadline, deadlines } from "../../assembly/flow/state";

const ID = "11010519491231002X";
const CARD_B = "K6212143000000000011=3012";

/**
 * An operator who waits for the SMS: the code screen's input timeout (300 s) outlasts
 * the resend delay (60 s) and the code's validity (120 s), so those fall due alone.
 */
const WAITING = PROFILE + "\ninputTimeout=300";

/** A verification the issuer answers S1 (reference `ref`): the terminal on the code screen. */
function toCodeScreen(ref: string): void {
  bootToMenu(WAITING);
  enterHolder("张三", ID, CARD_B, "13552535506");
  key(ENTER);
  connect();
  answerCodeSent(ref);
  expect(state()).toBe(St.EXPECT_OTP);
}

/** Types a code and sends it; the request is connected, waiting for the answer. */
function submit(code: string): void {
  keys(code);
  key(ENTER);
  connect();
}

function answer(rc: string): void {
  beginReply("0110", rc);
  packReply(MAK_HEX);
  deliver();
}

describe("R8: the SMS code", () => {
  /** 39 = S1: the code screen shows where it went; the code goes back with its reference under the TDK. */
  it("asks for the code and sends it with its reference", () => {
    bootToMenu(PROFILE, 20261126, 110000);
    enterHolder("张三", ID, CARD_B, "13552535506");
    key(ENTER);
    connect();
    beginReply("0110", "S1");
    const p = utf8("OR006REF123OT003120MP011135****5506");
    replyBytes(62, p, lastLength);
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_OTP);
    expect(screen().includes("135****5506")).toBe(true);
    expect(deadlines.secondsLeft(Deadline.OTP)).toBe(120); // the profile's otpTimeout
    expect(deadlines.secondsLeft(Deadline.RESEND)).toBe(60); // otpResendAfter
    submit("123456");
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("72");
    expect(personal("OR")).toBe("REF123");
    expect(personal("OC")).toBe("123456");
  });

  /** S2: wrong code: ENTER re-asks the code only. */
  it("re-asks a wrong code", () => {
    toCodeScreen("REF123");
    submit("123456");
    answer("S2");
    expect(screen().includes("短信验证码错误")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_OTP);
  });

  /** F2 is refused until the RESEND timer fires; then it asks for a new code (60.1 = 73). */
  it("resends only when allowed", () => {
    toCodeScreen("REF123");
    key(F2);
    expect(state()).toBe(St.EXPECT_OTP);
    timer(Deadline.RESEND);
    expect(screen().includes("F2")).toBe(true);
    key(F2);
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("73");
    answerCodeSent("REF124");
    expect(state()).toBe(St.EXPECT_OTP);
  });

  /** F2 before the resend delay (otpResendAfter=60) says how long is left, counted from the code's arrival. */
  it("says how long to wait when F2 comes too early", () => {
    toCodeScreen("REF123");
    setClock(20261126, 103020);        // 20 s after the S1 (the clock of bootToMenu: 10:30:00)
    key(F2);
    expect(state()).toBe(St.EXPECT_OTP);
    expect(count(2)).toBe(1);          // BEEP
    expect(screen().includes("请等40秒后再重发")).toBe(true);
    keys("1");
    expect(screen().includes("40秒")).toBe(false); // said once
  });

  /** The OTP timer expiring says so; a code typed then goes with the newest reference and verifies. */
  it("says when the code expired, then verifies", () => {
    toCodeScreen("REF124");
    timer(Deadline.OTP);
    expect(screen().includes("验证码已过期")).toBe(true);
    submit("654321");
    expect(personal("OR")).toBe("REF124");
    beginReply("0110", "00");
    replyField(38, "V00009");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** S3 from the issuer: the code expired; F2 asks for a new one at once; nothing happens while its reply is awaited. */
  it("offers a new code after S3", () => {
    toCodeScreen("REF123");
    submit("1234");
    answer("S3");
    expect(state()).toBe(St.EXPECT_OTP);
    expect(screen().includes("验证码已失效")).toBe(true);
    key(F2);
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("73");
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    timer(Deadline.HOST);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R8: SMS code timers that fall due while the code is out", () => {
  /**
   * The RESEND timer fires while the typed code is with the acquirer; after
   * S2 (wrong code) F2 must ask for a new code. Before the fix the timer was
   * dropped outside the code screen and F2 stayed refused.
   */
  it("allows F2 after S2 when the resend delay ran out meanwhile", () => {
    toCodeScreen("REF123");
    setClock(20261126, 103050);  // 50 s after the S1: the reply is due 30 s later (hostTimeout)
    submit("123456");
    timer(Deadline.RESEND); // RESEND falls due while the code is out (60 s after the S1)
    answer("S2");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_OTP);
    key(F2);
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("73");
    answerCodeSent("REF124");
    expect(state()).toBe(St.EXPECT_OTP);
    key(F2); // a fresh code: no resend before its own delay
    expect(state()).toBe(St.EXPECT_OTP);
  });

  /** The OTP timer fires while the code is out: back on the code screen after S2 it says the code expired and F2 works. */
  it("says the code expired when it ran out meanwhile", () => {
    toCodeScreen("REF124");
    setClock(20261126, 103150);  // 110 s after the S1
    submit("111111");
    timer(Deadline.OTP); // the code's validity ends while it is out (120 s after the S1)
    answer("S2");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_OTP);
    expect(screen().includes("验证码已过期")).toBe(true);
    key(F2);
    expect(state()).toBe(St.EXPECT_LINK);
    expect(count(3)).toBe(1); // CONNECT
  });
});
