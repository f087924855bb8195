// Expired cards (R20) and lost/stolen cards (R21): caught before sending,
// replaced for the same holder with the saved record updated, reported with
// a hotlist update (0302/0312) and a local block, and the notice printed for
// the holder once a replacement card is verified.
import {
  bootToMenu, enterHolder, enterUntilCard, connect, beginReply, replyField, packReply, deliver, state, screen, count, all, last,
  key, keys, text, card, timer, ENTER, CANCEL, F2, UP, DOWN, readRequest, requestText, answerVerify, requestMacValid, MAK_HEX,
  setClock, kinds, payloads,
  link, powerOn, injectKeys, start,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const OLD_CARD = "6216261000000000018";
const NEW_CARD = "6212143000000000011";

describe("R20: an expired card is caught from its data and replaced for the same holder", () => {
  /** A card whose expiry has passed is refused before anything is sent, with the replacement offered. */
  it("catches the expired card before sending", () => {
    setClock(20261126, 100000);
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K" + OLD_CARD + "=2510");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("卡已过期")).toBe(true);
    expect(count(3)).toBe(0);
  });

  /** ENTER: the new card, the phone, then the confirmation; the verified new card's record replaces nothing unknown. */
  it("verifies the new card for the same holder", () => {
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    card("K" + NEW_CARD + "=3012");
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    expect(screen().includes("换卡成功")).toBe(true);
    key(ENTER);
  });

  /** Replacing a saved card from the menu: the new record says replaces=, the old one becomes status=replaced. */
  it("updates the saved record of the old card", () => {
    enterHolder("李四", "440524188001010014", "K" + OLD_CARD + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    key(0x32);                       // 2: card replacement
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    expect(screen().includes("621626")).toBe(true);
    key(ENTER);                      // the newest record: 李四's old card
    key(ENTER);                      // consent
    text("李四"); key(ENTER);
    key(0x31);
    keys(ID); key(ENTER);            // another holder's ID: refused
    expect(state()).toBe(St.EXPECT_ID_NUMBER);
    expect(screen().includes("不符")).toBe(true);
    keys("440524188001010014"); key(ENTER);
    card("K6222222222222222222=3012");
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    const saves = all(8);
    expect(saves.includes("replaces=V")).toBe(true);
    expect(saves.includes("status=replaced")).toBe(true);
    expect(saves.includes("replacedBy=V")).toBe(true);
    key(ENTER);
  });

  /** 39 = 54 from the issuer also offers the replacement. */
  it("offers replacement on 54", () => {
    enterHolder("张三", ID, "K6225768888888888=3012", "13552535506");
    key(ENTER);
    answerVerify("54");
    expect(screen().includes("卡已过期")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    key(CANCEL);
  });
});

describe("R21: report a lost card, block it here, and notify the holder when it is replaced", () => {
  /** Picking a saved record, confirming the card number, the reason; 0302 goes out MAC'd with field 63. */
  it("reports a saved card lost", () => {
    setClock(20261126, 120000);
    bootToMenu();
    enterHolder("王五", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    key(0x33);                        // 3: loss report
    expect(state()).toBe(St.EXPECT_LOSS_CARD);
    key(F2);
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LOSS_CARD);
    card("K" + NEW_CARD);              // not the picked card: refused
    expect(state()).toBe(St.EXPECT_LOSS_CARD);
    card("K" + OLD_CARD);
    expect(state()).toBe(St.EXPECT_LOSS_REASON);
    key(0x31);                        // lost
    expect(state()).toBe(St.EXPECT_LOSS_CONFIRM);
    key(ENTER);
    expect(all(8).includes("status=lost")).toBe(true); // blocked here before the report goes
    connect();
    readRequest();
    expect(requestText(0)).toBe("0302");
    expect(requestText(63)).toBe("41");
    expect(requestText(60).substring(0, 2)).toBe("74");
    expect(requestMacValid()).toBe(true);
    beginReply("0312", "00");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("已挂失")).toBe(true);
    key(ENTER);
  });

  /** A later verification with the reported card is refused before sending. */
  it("refuses the blocked card locally", () => {
    enterUntilCard("王五", ID);
    card("S;" + OLD_CARD + "=30121010000000000?");
    expect(screen().includes("禁止")).toBe(true);
    expect(count(3)).toBe(0);
    key(ENTER);
  });

  /** The holder's new card verified: the notice is printed and shown; the old card stays blocked. */
  it("prints and shows the notice for the holder", () => {
    enterHolder("王五", ID, "K" + NEW_CARD + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    expect(all(9).includes("持卡人通知")).toBe(true);
    expect(all(9).includes(OLD_CARD)).toBe(false);
    key(ENTER);
    expect(screen().includes("已由新卡替代")).toBe(true);
    key(ENTER);
    enterUntilCard("王五", ID);
    card("K" + OLD_CARD + "=3012");
    expect(screen().includes("禁止")).toBe(true);
    key(ENTER);
  });

  /** No reply to the report: the card stays blocked here and the screen says the report was not sent. */
  it("keeps the local block when the report cannot be sent", () => {
    key(0x33);
    card("K6225768888888888");
    key(0x32);                        // stolen
    key(ENTER);
    expect(all(8).includes("status=stolen")).toBe(true);
    expect(all(8).includes("type=loss")).toBe(true);
    link(2);
    expect(screen().includes("上报未成功")).toBe(true);
    key(ENTER);
  });
});


describe("R21: a loss report without working keys", () => {
  /** Sign-on refused, the operator goes on: the card is still blocked here and the screen says the report was not sent. */
  it("blocks the card here even when it cannot report it", () => {
    powerOn();
    injectKeys();
    start();
    connect();
    beginReply("0810", "97");
    packReply();
    deliver();
    expect(screen().includes("签到失败")).toBe(true);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    key(0x33);
    card("K" + OLD_CARD);
    key(0x32);
    key(ENTER);
    expect(all(8).includes("status=stolen")).toBe(true);
    connect();
    expect(count(4)).toBe(0); // nothing sent without a MAC key
    expect(screen().includes("上报未成功")).toBe(true);
  });
});

