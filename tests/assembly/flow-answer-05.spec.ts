// The answer 05 as UnionPay sends it: "cardholder verification failed" and
// nothing more (no field 44; only an issuer's paid detailed product names the
// element). The operator goes back to the confirmation screen and picks the
// field to correct with 1-4; with field 44 the terminal goes to the named
// field itself. Driven through events and read from the screen and the
// requests only, so the scenarios hold however the flow is cut into tasks.
import {
  bootToMenu, enterHolder, answerVerify, answerMismatch, connect, readRequest, personal, requestText,
  key, keys, text, card, screen, ENTER, CANCEL,
} from "./flow-helpers";

const ID = "11010519491231002X";
const OTHER_ID = "110101199003070011";
const CARD = "K6216261000000000018=3012";
const OTHER_CARD = "K6212143000000000011=3012";
const PHONE = "13552535506";
const OTHER_PHONE = "13552535507";

/** A verification answered 05 without field 44, its result acknowledged: on the confirmation screen again. */
function failedWithoutDetail(): void {
  bootToMenu();
  enterHolder("张三", ID, CARD, PHONE);
  key(ENTER);
  answerVerify("05");
  key(ENTER);
}

/** The corrected request goes out; returns the value of `tag` in its personal data. */
function resend(tag: string): string {
  key(ENTER);
  connect();
  readRequest();
  return personal(tag);
}

describe("05 without field 44: the operator picks the field to correct", () => {
  /** The result says only that verification failed; no element is named; ENTER returns to the confirmation screen. */
  it("names nothing and returns to the confirmation screen", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, PHONE);
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("持卡人认证失败")).toBe(true);
    expect(screen().includes("不一致")).toBe(false);
    key(ENTER);
    expect(screen().includes("请核对信息")).toBe(true);
  });

  /** 1: the name is asked again; the corrected request carries it, and the answer 00 ends the verification. */
  it("corrects the name with 1", () => {
    failedWithoutDetail();
    key(0x31);
    expect(screen().includes("姓名")).toBe(true);
    text("张四"); key(ENTER);
    expect(screen().includes("请核对信息")).toBe(true);
    expect(resend("NM")).toBe("张四");
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** 2: the ID number is asked again. */
  it("corrects the ID number with 2", () => {
    failedWithoutDetail();
    key(0x32);
    expect(screen().includes("身份证号")).toBe(true);
    keys(OTHER_ID); key(ENTER);
    expect(resend("ID")).toBe(OTHER_ID);
  });

  /** 3: the card is read again. */
  it("takes another card with 3", () => {
    failedWithoutDetail();
    key(0x33);
    expect(screen().includes("卡")).toBe(true);
    card(OTHER_CARD);
    expect(screen().includes("请核对信息")).toBe(true);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(2)).toBe("6212143000000000011");
  });

  /** 4: the reserved phone number is asked again. */
  it("corrects the phone with 4", () => {
    failedWithoutDetail();
    key(0x34);
    expect(screen().includes("手机")).toBe(true);
    for (let i = 0; i < 11; i++) key(0x08); // CLEAR
    keys(OTHER_PHONE); key(ENTER);
    expect(resend("PH")).toBe(OTHER_PHONE);
  });

  /** CANCEL on the result ends the verification at the main menu; nothing is sent again. */
  it("ends at the menu on CANCEL", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, PHONE);
    key(ENTER);
    answerVerify("05");
    key(CANCEL);
    expect(screen().includes("主菜单")).toBe(true);
  });
});

describe("05 with field 44 (an issuer that gives detail)", () => {
  /** The named element is shown and ENTER goes straight to it, not to the confirmation screen. */
  it("goes to the named field", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD, PHONE);
    key(ENTER);
    answerMismatch("I");
    expect(screen().includes("持卡人认证失败")).toBe(true);
    expect(screen().includes("不一致:证件")).toBe(true);
    key(ENTER);
    expect(screen().includes("身份证号")).toBe(true);
    expect(screen().includes("请核对信息")).toBe(false);
  });
});
