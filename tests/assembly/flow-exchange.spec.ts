// An exchange with the acquirer (exchange.ts; docs/PROTOCOL.md): replies that
// do not match the request count as no reply (bad MAC, another STAN, another
// terminal or merchant); no reply in time, the link failing, dropping or being
// cancelled; ENTER then sends again with a new STAN.
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

  /** With no valid reply the HOST timer ends the wait: "无应答", ENTER resends with a new STAN. */
  it("times out and resends", () => {
    requestOut();
    readRequest();
    const stan = requestText(11);
    timer(Deadline.HOST);
    expect(screen().includes("无应答")).toBe(true);
    expect(count(5)).toBe(1); // DISCONNECT
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(11) != stan).toBe(true);
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
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
