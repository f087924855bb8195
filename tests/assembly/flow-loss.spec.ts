// The loss report (tasks/loss.ts; R21): the card is blocked on this terminal
// first — its record saved lost or stolen — and then reported (0302/0312); a
// later verification with it is refused locally, and when the holder's new
// card is verified the terminal prints and shows the notice. A report that
// cannot be sent (no reply, no working keys) still blocks the card here.
import {
  bootToMenu, powerOn, injectKeys, start, enterHolder, enterUntilCard, connect, beginReply, packReply, deliver, state, screen,
  count, all, key, keys, card, link, screenLines, readRequest, requestText, requestMacValid, answerVerify, answerReport, verifyOnce, savesWith,
  signOnAndEcho, ENTER, CANCEL, F2, F3, MAK_HEX, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const OLD_CARD = "6216261000000000018";
const NEW_CARD = "6212143000000000011";

/** 王五's card verified, then reported lost from its saved record. */
function reportedLost(): void {
  bootToMenu();
  verifyOnce("王五", ID, "K" + OLD_CARD + "=3012", "13552535506");
  key(0x33); key(F2); key(ENTER);
  card("K" + OLD_CARD);
  key(0x31);
  key(ENTER);
  answerReport("00");
  key(ENTER);
}

describe("R21: report a lost card, block it here, and notify the holder when it is replaced", () => {
  /** Picking a saved record, confirming the card number, the reason; 0302 goes out MAC'd with field 63. */
  it("reports a saved card lost", () => {
    bootToMenu(PROFILE, 20261126, 120000);
    verifyOnce("王五", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(0x33);                        // 3: loss report
    expect(state()).toBe(St.EXPECT_LOSS_CARD);
    key(F2);
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LOSS_CARD);
    card("K" + NEW_CARD);              // not the picked card: refused, with its own reason
    expect(state()).toBe(St.EXPECT_LOSS_CARD);
    expect(screen().includes("不是所选记录的卡")).toBe(true);
    expect(screen().includes("卡号有误")).toBe(false);
    card("K" + OLD_CARD);
    expect(state()).toBe(St.EXPECT_LOSS_REASON);
    key(0x31);                        // lost
    expect(state()).toBe(St.EXPECT_LOSS_CONFIRM);
    expect(screen().includes("遗失")).toBe(true);   // the reason, not a status: nothing is reported yet
    expect(screen().includes("已挂失")).toBe(false);
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
  });

  /** A later verification with the reported card is refused before sending. */
  it("refuses the blocked card locally", () => {
    reportedLost();
    enterUntilCard("王五", ID);
    card("S;" + OLD_CARD + "=30121010000000000?");
    expect(screen().includes("禁止")).toBe(true);
    expect(count(3)).toBe(0);
  });

  /** The holder's new card verified: the notice is printed and shown; the old card stays blocked. */
  it("prints and shows the notice for the holder", () => {
    reportedLost();
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
  });

  /** No reply to the report: the card stays blocked here and the screen says the report was not sent. */
  it("keeps the local block when the report cannot be sent", () => {
    bootToMenu();
    key(0x33);
    card("K6225768888888888");
    key(0x32);                        // stolen
    key(ENTER);
    expect(all(8).includes("status=stolen")).toBe(true);
    expect(all(8).includes("type=loss")).toBe(true);
    link(2);
    expect(screen().includes("上报未成功")).toBe(true);
  });
});

describe("R21: a loss report does not need the lost card", () => {
  /** A picked record alone: ENTER reports it; the 0302 names the card by the verification id the acquirer gave it (38), no field 2. */
  it("reports from the picked record", () => {
    bootToMenu();
    verifyOnce("王五", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(0x33); key(F2); key(ENTER);
    expect(screen().includes("确认=挂失此卡")).toBe(true);
    key(ENTER);                       // no card: the record's
    expect(state()).toBe(St.EXPECT_LOSS_REASON);
    expect(screen().includes("621626")).toBe(true);
    key(0x32); key(ENTER);            // stolen
    expect(all(8).includes("status=stolen")).toBe(true);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0302");
    expect(requestText(2)).toBe("");
    expect(requestText(38)).toBe("V12345");
    expect(requestText(63)).toBe("43");
    expect(requestMacValid()).toBe(true);
    beginReply("0312", "00");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("已挂失")).toBe(true);
    key(ENTER);
    enterUntilCard("王五", ID);
    card("K" + OLD_CARD + "=3012");
    expect(screen().includes("禁止")).toBe(true);
  });

  /** The number keyed on the keypad, no record picked: the 0302 carries it. */
  it("reports a keyed number", () => {
    bootToMenu();
    key(0x33);
    keys("6225768888888888");
    expect(screenLines().includes("卡号:\n6225 7688 8888\n8888")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LOSS_REASON);
    key(0x31); key(ENTER);
    expect(all(8).includes("type=loss")).toBe(true);
    connect();
    readRequest();
    expect(requestText(2)).toBe("6225768888888888");
  });
});

/** Two verifications of one card and one of another, then the report of the card. */
function twoRecordsReported(): void {
  bootToMenu();
  verifyOnce("王五", ID, "K" + OLD_CARD + "=3012", "13552535506");
  verifyOnce("王五", ID, "K" + OLD_CARD + "=3012", "13552535506");
  verifyOnce("李四", "440524188001010014", "K" + NEW_CARD + "=3012", "13552535506");
  key(0x33);
  card("K" + OLD_CARD);
  key(0x31); key(ENTER);
}

/** From the menu: the records browser, newest first — 001 the reported record, 002 李四's, 003 the card's older one — then the card refused. */
function readsReported(): void {
  key(0x34); keys("2468"); key(ENTER);
  expect(screen().includes("001/003 已挂失")).toBe(true);
  key(F3);
  expect(screen().includes("002/003 有效")).toBe(true);
  key(F3);
  expect(screen().includes("003/003 已挂失")).toBe(true);   // the older record of the card too
  key(ENTER);
  enterUntilCard("王五", ID);
  card("K" + OLD_CARD + "=3012");
  expect(screen().includes("已挂失")).toBe(true);
}

describe("R21: a reported card is reported in every record", () => {
  /** The report is saved once, in the card's newest record; the store reads every record of the card as reported. */
  it("reads every record of the card as reported", () => {
    twoRecordsReported();
    const lost = savesWith("status=lost");
    expect(lost.length).toBe(1);                  // one save: a power cut cannot leave the card half-reported
    expect(lost[0].includes("pan=621626")).toBe(true);
    expect(savesWith("621214").length).toBe(0);
    answerReport("00");
    key(ENTER);
    readsReported();
  });

  /** The power cut the moment the report was saved: after the restart the card is blocked and reads as reported in every record. */
  it("keeps the card reported in every record after a power cut", () => {
    twoRecordsReported();
    powerOn();
    injectKeys();
    start();
    signOnAndEcho();
    expect(state()).toBe(St.EXPECT_MENU);
    readsReported();
  });

  /** The pickers say it too: the card's older record reads 已挂失 in the loss report's picker. */
  it("shows the older record reported in the picker", () => {
    twoRecordsReported();
    answerReport("00");
    key(ENTER);
    key(0x33); key(F2);
    key(F3); key(F3);
    expect(screen().includes("003/003 已挂失")).toBe(true);
  });
});

describe("R21: a loss report without working keys", () => {
  /** Sign-on refused, the operator goes on: the card is still blocked here and the screen says the report was not sent. */
  it("blocks the card here even when it cannot report it", () => {
    bootToMenu();
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
