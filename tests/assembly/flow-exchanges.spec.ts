// The exchanges around the verification: sign-on key checks and layouts
// (R11), the echo test failing (R4), the SMS code expiring at the issuer,
// a timed-out answer retried, a wrong PIN on the balance inquiry, and the
// records browsed one by one (R14).
import {
  powerOn, injectKeys, start, connect, beginReply, replyField, replyBytes, packReply, deliver, keyBlock, bootToMenu,
  enterHolder, answerVerify, state, screen, count, key, keys, card, timer, readRequest, requestText, utf8, lastLength,
  ENTER, CANCEL, F1, F2, UP, DOWN, MAK_HEX, PROFILE, setClock,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const F3 = 0x83;
const ID = "11010519491231002X";

describe("R11: working keys are installed only when every check value matches", () => {
  /** One wrong check byte: "密钥校验失败", no keys, ENTER signs on again. */
  it("refuses a key block with a wrong check value", () => {
    setClock(20261126, 100000);
    powerOn();
    injectKeys();
    start();
    connect();
    beginReply("0810", "00");
    const block = keyBlock();
    store<u8>(block + 37, load<u8>(block + 37) ^ 0xff); // the MAK's check value
    replyBytes(62, block, 60);
    packReply();
    deliver();
    expect(screen().includes("密钥校验失败")).toBe(true);
    expect(state()).toBe(St.EXPECT_ACK);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
  });

  /** keyLayout=40 asks for the double-length PIK+MAK layout: 60.3 = 003. */
  it("asks for the layout of the profile", () => {
    powerOn(PROFILE + "\nkeyLayout=40");
    injectKeys();
    start();
    connect();
    readRequest();
    expect(requestText(60)).toBe("00000001003");
  });
});

describe("R4: the network test reports a failure", () => {
  /** 0830 with 96: the reason is shown. */
  it("shows the echo test's failure", () => {
    bootToMenu();
    key(0x35);
    connect();
    beginReply("0830", "96");
    packReply();
    deliver();
    expect(screen().includes("交换中心异常")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R8 R19: answers that ask for another try", () => {
  /** S3 from the issuer: the code expired; F2 asks for a new one at once. */
  it("offers a new code after S3", () => {
    enterHolder("张三", ID, "K6216261000000000018=3012", "13552535506");
    key(ENTER);
    connect();
    beginReply("0110", "S1");
    const tlv = utf8("OR006REF123OT003120");
    replyBytes(62, tlv, lastLength);
    packReply(MAK_HEX);
    deliver();
    keys("1234"); key(ENTER);
    connect();
    beginReply("0110", "S3");
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_OTP);
    expect(screen().includes("验证码已失效")).toBe(true);
    key(0x82); // F2
    connect();
    readRequest();
    expect(requestText(60).substring(0, 2)).toBe("73");
    key(CANCEL); // nothing happens while the reply is awaited
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    timer(2);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** 68 (issuer timeout): ENTER sends the request again. */
  it("retries after 68", () => {
    enterHolder("张三", ID, "K6216261000000000018=3012", "13552535506");
    key(ENTER);
    answerVerify("68");
    expect(screen().includes("交易超时")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
    key(ENTER);
  });
});

describe("R4: a wrong PIN on the balance inquiry", () => {
  /** 55: ENTER asks for the PIN again and resends. */
  it("re-asks the PIN", () => {
    key(0x36);
    card("K6216261000000000018=3012");
    keys("1234"); key(ENTER);
    connect();
    beginReply("0210", "55");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("密码错")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PIN);
    keys("4321"); key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    key(CANCEL);
  });
});

describe("R14: the records one by one", () => {
  /** Two records: the newest first, F3 to the older, F2 back, F3 past the end refused (flow-browse.spec.ts: the pages). */
  it("browses newest first", () => {
    enterHolder("李四", "440524188001010014", "K6212143000000000011=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    key(0x34); keys("2468"); key(ENTER);
    expect(screen().includes("001/002")).toBe(true);
    expect(screen().includes("621214")).toBe(true);
    key(F3);
    expect(screen().includes("002/002")).toBe(true);
    expect(screen().includes("621626")).toBe(true);
    key(F3);
    expect(count(2)).toBe(1); // BEEP: no older record
    key(F2);
    expect(screen().includes("001/002")).toBe(true);
    key(F1);
    expect(state()).toBe(St.EXPECT_HELP);
    timer(1);                 // the help screen left alone times out too
    expect(screen().includes("超时")).toBe(true);
  });
});
