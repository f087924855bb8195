// An exchange with the acquirer (exchange.ts; docs/PROTOCOL.md): replies that
// do not match the request count as no reply (bad MAC, another STAN, another
// terminal or merchant); no reply in time, the link failing, dropping or being
// cancelled; ENTER then sends the same request again as an ISO 8583 repeat
// (same STAN, MTI 0101) when it went out unanswered, a new request otherwise.
import {
  bootToMenu, enterHolder, connect, beginReply, replyField, packReply, deliver, corrupt, frameLength, state, screen,
  count, all, key, link, timer, readRequest, requestText, answerVerify, ENTER, CANCEL, MAK_HEX,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { Deadline } from "../../assembly/flow/state";

const ID = "11010519491231002X";
const SWIPE = "S;6216261000000000018=30121010000000000?";
const CARD_A = "K6216261000000000018=3012";

/** A confirmed verification whose request is out: the terminal waits for the reply. */
function requestOut(): void {
  bootToMenu();
  enterHolder("王五", ID, SWIPE, "13552535506");
  key(ENTER);
  connect();
  expect(state()).toBe(St.EXPECT_HOST_REPLY);
}

describe("PROTOCOL: replies that do not match count as no reply", () => {
  /** A reply whose MAC does not verify is ignored; the terminal keeps waiting. */
  it("ignores a reply with a bad MAC", () => {
    requestOut();
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
    requestOut();
    beginReply("0110", "00");
    replyField(11, "999999");
    packReply(MAK_HEX);
    deliver();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
  });

  /** A reply for another terminal or merchant is ignored. */
  it("ignores a reply for another terminal or merchant", () => {
    requestOut();
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

  /**
   * Every field the reply must echo (docs/PROTOCOL.md, E column) is compared: a
   * reply naming another card (2), processing code (3), condition code (25) or
   * transaction type (60.1), its MAC right, is no reply.
   */
  it("ignores a reply that echoes another card, processing code or transaction type", () => {
    requestOut();
    const wrong: string[] = ["6216261000000000026", "310000", "01", "72000001000"];
    const fields: i32[] = [2, 3, 25, 60];
    const logged: string[] = ["field 02", "field 03", "field 25", "field 60"];
    for (let i = 0; i < fields.length; i++) {
      beginReply("0110", "00");
      replyField(fields[i], wrong[i]);
      packReply(MAK_HEX);
      deliver();
      expect(state()).toBe(St.EXPECT_HOST_REPLY, fields[i].toString());
      expect(all(11).includes("reason 3 " + logged[i])).toBe(true, logged[i]);
    }
    // The same reply with the fields as sent is the answer.
    beginReply("0110", "00");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** With no valid reply the HOST timer ends the wait: "无应答", ENTER sends the same request as a repeat: same STAN, MTI 0101. */
  it("times out and repeats", () => {
    requestOut();
    readRequest();
    const stan = requestText(11);
    expect(requestText(0)).toBe("0100");
    timer(Deadline.HOST);
    expect(screen().includes("无应答")).toBe(true);
    expect(count(5)).toBe(1); // DISCONNECT
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0101");
    expect(requestText(11)).toBe(stan);
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** A repeat that is lost too is repeated again, still under the first STAN. */
  it("repeats a repeat under the same STAN", () => {
    requestOut();
    readRequest();
    const stan = requestText(11);
    timer(Deadline.HOST);
    key(ENTER);
    connect();
    link(2); // the link drops before the repeat's answer
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0101");
    expect(requestText(11)).toBe(stan);
  });

  /** After an answer (98: the issuer did not answer in time), ENTER sends a new request: a new STAN, MTI 0100. */
  it("sends a new request after an answer", () => {
    requestOut();
    readRequest();
    const stan = requestText(11);
    answerVerify("98");
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0100");
    expect(requestText(11) != stan).toBe(true);
  });
});

describe("the link: failing, dropping, cancelled", () => {
  /** LINK 2 after CONNECT: "网络连接失败", ENTER tries again. */
  it("says the connection failed and retries", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    link(2);
    expect(screen().includes("网络连接失败")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    expect(count(3)).toBe(1);
  });

  /** CANCEL while connecting: DISCONNECT and the menu, data wiped. */
  it("cancels while connecting", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    key(CANCEL);
    expect(count(5)).toBe(1);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The link dropping while the reply is awaited counts as no reply. */
  it("treats a dropped link as no reply", () => {
    bootToMenu();
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    connect();
    link(0);
    expect(screen().includes("无应答")).toBe(true);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});
