// Results and corrections (tasks/results.ts; R16, R18, R19): the reason for
// each answer, correcting only the failing fields (each field field 44 names,
// in turn), the support line after repeated failure or once the card is
// locked, and the answers that ask for a retry or a new sign-on.
import {
  bootToMenu, enterHolder, connect, beginReply, replyField, packReply, deliver, state, screen, count, all, key, keys, text,
  readRequest, requestText, answerVerify, answerMismatch, answerSignOn, personal, failOnce, verifyOnce,
  ENTER, CANCEL, MAK_HEX,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { T, text as textOf } from "../../assembly/flow/texts";
import { sessionIsWiped } from "../../assembly/flow/session";

const SWIPE = "S;6216261000000000018=30121010000000000?";
const ID = "11010519491231002X";
const CARD_A = "K6216261000000000018=3012";
const CARD_B = "K6212143000000000011=3012";
const PROFILE_LOCK = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=2\nlockHours=12\ndailyLimit=4";

describe("R18 R19: a mismatch names the failing element and only that field is corrected", () => {
  /** 39 = 05 with 44 = P: the screen says the phone does not match; the attempt is saved for the per-card limits. */
  it("names the mismatching phone", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerMismatch("P");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("持卡人认证失败")).toBe(true);
    expect(screen().includes("手机")).toBe(true);
    expect(all(8).includes("result=05")).toBe(true);
  });

  /** Each of field 44's letters N, I, C, P names its own element, none of the others (elementText() follows Fix order). */
  it("names each element by its letter", () => {
    const letters = ["N", "I", "C", "P"];
    for (let i = 0; i < 4; i++) {
      bootToMenu();
      enterHolder("张三", ID, SWIPE, "13552535506");
      key(ENTER);
      answerMismatch(letters[i]);
      for (let j = 0; j < 4; j++) expect(screen().includes(textOf(T.MISMATCH_N + j, 0))).toBe(i == j);
    }
  });

  /** ENTER goes to the phone screen only; after it the confirmation screen, then a new request with the new phone. */
  it("re-asks the phone only and resends", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerMismatch("P");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13900000000"); key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
    key(ENTER);
    connect();
    expect(personal("PH")).toBe("13900000000");
    expect(personal("NM")).toBe("张三"); // the name was kept
    beginReply("0110", "00");
    replyField(38, "V00001");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** 05 with 44 = PN: ENTER asks the phone, then the name (the letters' order), then the confirmation screen, then resends both. */
  it("re-asks each named field in turn, then confirms and resends", () => {
    bootToMenu();
    enterHolder("赵六", ID, "S;6216261000000000026=30121010000000000?", "13552535506");
    key(ENTER);
    answerMismatch("PN");
    expect(state()).toBe(St.EXPECT_ACK);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13900000000"); key(ENTER);
    expect(state()).toBe(St.EXPECT_NAME);
    text("赵陆"); key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
    key(ENTER);
    connect();
    expect(personal("PH")).toBe("13900000000");
    expect(personal("NM")).toBe("赵陆");
    expect(personal("ID")).toBe(ID); // not named: kept
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R19: after the profile's maximum failures the support line is shown", () => {
  /** Three 05 answers in one verification: the third shows 95516 and offers no correction. */
  it("shows the support line on the third failure", () => {
    bootToMenu();
    enterHolder("李四", "440524188001010014", "K6212143000000000011=3012", "13552535506");
    key(ENTER);
    for (let i = 0; i < 3; i++) {
      connect();
      beginReply("0110", "05");
      replyField(44, "N");
      packReply(MAK_HEX);
      deliver();
      if (i < 2) {
        expect(screen().includes("95516")).toBe(false);
        key(ENTER);                 // correct the name only
        expect(state()).toBe(St.EXPECT_NAME);
        text("李肆"); key(ENTER);
        expect(state()).toBe(St.EXPECT_CONFIRM);
        key(ENTER);
      }
    }
    expect(screen().includes("95516")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(sessionIsWiped()).toBe(true);
  });
});

describe("R16: a card locked by this verification's answer is not sent again", () => {
  /**
   * maxFailures=2: one failure in an earlier verification, one in this one
   * makes two in a row, so the card is locked; the answer offers no
   * correction (ENTER goes to the menu) and shows the support line. Before
   * the fix the result offered a correction and a third failure went to the issuer.
   */
  it("offers no correction once the card is locked", () => {
    bootToMenu(PROFILE_LOCK, 20261126, 100000);
    failOnce("张三", ID, CARD_A, "13552535506", "05");
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("95516")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The pair: a first failure on a fresh card still offers the correction of the failing field. */
  it("still offers the correction while the card is not locked", () => {
    bootToMenu(PROFILE_LOCK, 20261126, 100000);
    enterHolder("张三", ID, CARD_B, "13552535506");
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("95516")).toBe(false);
    key(ENTER);
    expect(state()).not.toBe(St.EXPECT_MENU);
  });

  /**
   * dailyLimit=4 with maxFailures high: the fourth answer of the day is a
   * failure; resending after the correction would be a fifth, so the result
   * offers none.
   */
  it("offers no correction once the daily limit is reached", () => {
    bootToMenu("terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=9\ndailyLimit=4");
    verifyOnce("张三", ID, CARD_A, "13552535506");
    verifyOnce("张三", ID, CARD_A, "13552535506");
    failOnce("张三", ID, CARD_A, "13552535506", "05");
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("05");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R18: each response code has its own reason", () => {
  /** 91: service busy, the operator waits; nothing counts against the card. */
  it("says the service is busy for 91", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerVerify("91");
    expect(screen().includes("发卡方状态不正常")).toBe(true);
    expect(count(8)).toBe(0);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** An unknown code shows the code itself. */
  it("shows an unknown code", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerVerify("Q7");
    expect(screen().includes("Q7")).toBe(true);
  });

  /** 14: invalid card: ENTER asks for the card again; CANCEL there goes to the menu. */
  it("asks for the card again on 14", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerVerify("14");
    expect(screen().includes("无效卡号")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** 68 (issuer timeout): ENTER sends the request again. */
  it("retries after 68", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("68");
    expect(screen().includes("交易超时")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** 77: keys out of step: sign on again, then the request goes again. */
  it("signs on again on 77 and resends", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerVerify("77");
    expect(screen().includes("请重新签到")).toBe(true);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
    answerSignOn();
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0100");
    beginReply("0110", "00");
    replyField(38, "V00002");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });
});
