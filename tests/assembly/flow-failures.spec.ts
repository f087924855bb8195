// Failures (R18, R19): the reason for each answer, correcting only the
// failing field, the support line after repeated failure, and replies that
// must count as no reply (bad MAC, wrong STAN, wrong terminal or merchant id).
import {
  bootToMenu, enterHolder, connect, beginReply, replyField, packReply, deliver, corrupt, state, screen, count, all,
  key, keys, text, timer, ENTER, CANCEL, requestText, readRequest, answerVerify, personal, last, MAK_HEX, frameLength, answerSignOn,
  answerMismatch,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { sessionIsWiped } from "../../assembly/flow/session";

const SWIPE = "S;6216261000000000018=30121010000000000?";
const ID = "11010519491231002X";

describe("R18 R19: a mismatch names the failing element and only that field is corrected", () => {
  /** 39 = 05 with 44 = P: the screen says the phone does not match. */
  it("names the mismatching phone", () => {
    bootToMenu();
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerMismatch("P");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("持卡人认证失败")).toBe(true);
    expect(screen().includes("手机")).toBe(true);
    expect(all(8).includes("result=05")).toBe(true); // the attempt is saved for the per-card limits
  });

  /** ENTER goes to the phone screen only; after it the confirmation screen, then a new request with the new phone. */
  it("re-asks the phone only and resends", () => {
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
});

describe("R19: after the profile's maximum failures the support line is shown", () => {
  /** Three 05 answers in one verification: the third shows 95516 and offers no correction. */
  it("shows the support line on the third failure", () => {
    key(ENTER);
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

describe("R18: several mismatching elements are asked again one after another", () => {
  /** 05 with 44 = PN: ENTER asks the phone, then the name (the letters' order), then the confirmation screen, then resends both. */
  it("re-asks each named field in turn, then confirms and resends", () => {
    enterHolder("赵六", ID, "S;6216261000000000026=30121010000000000?", "13552535506"); // its own card: the others' daily counts stay
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

describe("PROTOCOL: replies that do not match count as no reply", () => {
  /** A reply whose MAC does not verify is ignored; the terminal keeps waiting. */
  it("ignores a reply with a bad MAC", () => {
    enterHolder("王五", ID, SWIPE, "13552535506");
    key(ENTER);
    connect();
    beginReply("0110", "00");
    packReply(MAK_HEX);
    corrupt(frameLength - 1);
    deliver();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    expect(count(8)).toBe(0);
    expect(all(11).includes("rejected")).toBe(true);
  });

  /** A reply with another STAN is ignored. */
  it("ignores a reply with the wrong STAN", () => {
    beginReply("0110", "00");
    replyField(11, "999999");
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
  });

  /** A reply for another terminal or merchant is ignored. */
  it("ignores a reply for another terminal or merchant", () => {
    beginReply("0110", "00");
    replyField(41, "87654321");
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    beginReply("0110", "00");
    replyField(42, "999999999999999");
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
  });

  /** With no valid reply the HOST timer ends the wait: "无应答", ENTER resends with a new STAN. */
  it("times out and resends", () => {
    readRequest();
    const stan = requestText(11);
    timer(2);
    expect(screen().includes("无应答")).toBe(true);
    expect(count(5)).toBe(1); // DISCONNECT
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(11) != stan).toBe(true);
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
    key(ENTER);
  });
});

describe("R18: each response code has its own reason", () => {
  /** 91: service busy, the operator waits; nothing counts against the card. */
  it("says the service is busy for 91", () => {
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
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerVerify("Q7");
    expect(screen().includes("Q7")).toBe(true);
    key(CANCEL);
  });

  /** 14: invalid card: ENTER asks for the card again. */
  it("asks for the card again on 14", () => {
    enterHolder("张三", ID, SWIPE, "13552535506");
    key(ENTER);
    answerVerify("14");
    expect(screen().includes("无效卡号")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** 77: keys out of step: sign on again, then the request goes again. */
  it("signs on again on 77 and resends", () => {
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
    answerVerifyNoConnect();
    expect(screen().includes("认证成功")).toBe(true);
  });
});

function answerVerifyNoConnect(): void {
  beginReply("0110", "00");
  replyField(38, "V00002");
  packReply(MAK_HEX);
  deliver();
}
