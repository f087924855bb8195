// R9 "never loses data" (saving.ts): a result that depends on a saved record
// is shown only once the host has answered that record's SAVE with SAVED (the
// host appends durably first, docs/ABI.md). Until then EXPECT_SAVED, with the
// SAVE timer; when no SAVED comes the screen says the record was not saved and
// ENTER re-issues the same SAVE (same id, idempotent), never the request. Here
// the helper's storage does not answer by itself (setAutoSaved(false)).
import {
  bootToMenu, enterHolder, answerVerify, answerMismatch, answerReport, verifyOnce, connect, key, keys, text, card, timer,
  state, screen, screenLines, count, last, eventText, setAutoSaved, savedIdWith, savesWith, beginReply, packReply, deliver,
  ENTER, CANCEL, MAK_HEX,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { Deadline } from "../../assembly/flow/state";

const ID = "11010519491231002X";
const CARD = "6216261000000000018";
const NEW_CARD = "6212143000000000011";
const PHONE = "13552535506";
const SAVED = 14, SAVE = 8, PRINT = 9, CONNECT = 3, SEND = 4;

/** A verification answered 00 whose records are not SAVED yet (storage silent from here on). */
function verifiedUnsaved(): void {
  bootToMenu();
  setAutoSaved(false);
  enterHolder("张三", ID, "K" + CARD + "=3012", PHONE);
  key(ENTER);
  answerVerify("00");
}

describe("R9: 认证成功 only after the record is durable", () => {
  /** The 0110 00 queues the SAVE but neither the success screen nor the receipt: the flow waits for SAVED. */
  it("waits for SAVED before it shows 认证成功 and prints", () => {
    verifiedUnsaved();
    expect(state()).toBe(St.EXPECT_SAVED);
    expect(count(SAVE)).toBeGreaterThanOrEqual(1);
    expect(count(PRINT)).toBe(0);
    expect(screen().includes("认证成功")).toBe(false);
    expect(screen().includes("正在保存")).toBe(true);
    expect(savedIdWith("type=verification").startsWith("V")).toBe(true);
  });

  /** The SAVED of another record (the attempt) does not release the result; a key only beeps. */
  it("ignores SAVED of other records and keys while saving", () => {
    verifiedUnsaved();
    eventText(SAVED, savedIdWith("type=attempt"));
    expect(state()).toBe(St.EXPECT_SAVED);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_SAVED);
    expect(count(SAVE)).toBe(0);
  });

  /** The SAVED of the verification record: 认证成功 (said once, under the operation's name), the receipt, ENTER back to the menu. */
  it("shows 认证成功 and prints on the SAVED of that record", () => {
    verifiedUnsaved();
    eventText(SAVED, savedIdWith("type=verification"));
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("认证成功")).toBe(true);
    expect(screenLines().startsWith("实名认证\n认证成功")).toBe(true);
    expect(screen().indexOf("认证成功")).toBe(screen().lastIndexOf("认证成功"));
    expect(count(PRINT)).toBe(1);
    expect(last(PRINT).includes("621626*********0018")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R9: no SAVED comes: record not saved, save again without the acquirer", () => {
  /** The SAVE timer runs out: a clear screen, nothing sent, nothing printed. */
  it("says the record was not saved", () => {
    verifiedUnsaved();
    timer(Deadline.SAVE);
    expect(state()).toBe(St.EXPECT_SAVED);
    expect(screen().includes("记录未保存")).toBe(true);
    expect(screen().includes("认证成功")).toBe(false);
    expect(count(PRINT)).toBe(0);
  });

  /** ENTER re-issues the very same SAVE (same id and bytes), and neither connects nor sends; its SAVED completes. */
  it("saves again with the same id on ENTER", () => {
    verifiedUnsaved();
    const record = savesWith("type=verification")[0];
    const id = savedIdWith("type=verification");
    timer(Deadline.SAVE);
    key(ENTER);
    expect(count(SAVE)).toBe(1);
    expect(last(SAVE)).toBe(record);
    expect(count(CONNECT)).toBe(0);
    expect(count(SEND)).toBe(0);
    expect(state()).toBe(St.EXPECT_SAVED);
    expect(screen().includes("正在保存")).toBe(true);
    eventText(SAVED, id);
    expect(screen().includes("认证成功")).toBe(true);
    expect(count(PRINT)).toBe(1);
  });

  /** A SAVED that comes late, after the not-saved screen, still completes the verification. */
  it("completes on a late SAVED", () => {
    verifiedUnsaved();
    const id = savedIdWith("type=verification");
    timer(Deadline.SAVE);
    eventText(SAVED, id);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** CANCEL on the not-saved screen gives up: the menu, no receipt, no success said, a later SAVED ignored. */
  it("gives up on CANCEL", () => {
    verifiedUnsaved();
    const id = savedIdWith("type=verification");
    timer(Deadline.SAVE);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(count(PRINT)).toBe(0);
    eventText(SAVED, id); // too late: nothing waits for it now
    expect(state()).toBe(St.EXPECT_MENU);
    expect(count(PRINT)).toBe(0);
  });
});

describe("R9 R20 R21: replacement and loss report wait for their records", () => {
  /** A replacement waits for both the new record and the old card's status=replaced. */
  it("waits for the new and the replaced record", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + CARD + "=3012", PHONE);
    setAutoSaved(false);
    key(0x32);                       // 2: replacement
    key(ENTER);                      // the newest record
    key(ENTER);                      // consent
    text("张三"); key(ENTER);
    key(0x31);
    keys(ID); key(ENTER);
    card("K" + NEW_CARD + "=3012");
    keys(PHONE); key(ENTER);
    key(ENTER);
    answerVerify("00");
    const fresh = savedIdWith("replaces=V");
    const old = savedIdWith("status=replaced");
    expect(fresh.length).toBeGreaterThan(0);
    expect(old.length).toBeGreaterThan(0);
    expect(state()).toBe(St.EXPECT_SAVED);
    eventText(SAVED, fresh);
    expect(state()).toBe(St.EXPECT_SAVED);
    eventText(SAVED, old);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("换卡成功")).toBe(true);
    expect(screenLines().startsWith("换卡\n换卡成功\n认证成功")).toBe(true);
    expect(screen().indexOf("认证成功")).toBe(screen().lastIndexOf("认证成功"));
  });

  /** The 0302 goes out at once; the 0312 answer is shown only after the loss record's SAVED. */
  it("reports a loss, shows 已挂失 after SAVED", () => {
    bootToMenu();
    setAutoSaved(false);
    key(0x33);
    card("K6225768888888888");
    key(0x31);
    key(ENTER);
    const lossId = savedIdWith("status=lost");
    expect(lossId.length).toBeGreaterThan(0);
    connect();
    expect(count(SEND)).toBe(1);   // the report is not held back by the save
    answerReportConnected("00");
    expect(state()).toBe(St.EXPECT_SAVED);
    expect(screen().includes("已挂失")).toBe(false);
    eventText(SAVED, lossId);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("已挂失")).toBe(true);
  });

  /** When SAVED came while the report was out, the answer is shown at once. */
  it("shows the loss result at once when SAVED came first", () => {
    bootToMenu();
    setAutoSaved(false);
    key(0x33);
    card("K6225768888888888");
    key(0x32);
    key(ENTER);
    eventText(SAVED, savedIdWith("status=stolen"));
    answerReport("00");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("已挂失")).toBe(true);
  });
});

/** A mismatch (05 naming the phone) answered with storage silent. */
function mismatchUnsaved(): void {
  bootToMenu();
  setAutoSaved(false);
  enterHolder("张三", ID, "K6216261000000000026=3012", PHONE);
  key(ENTER);
  answerMismatch("P");
}

describe("R9 R16: a failure that counts against the card waits for its attempt record", () => {
  /** 05 (counts): the attempt's SAVE goes out but the mismatch is not shown before its SAVED. */
  it("holds the 05 result until the attempt is SAVED", () => {
    mismatchUnsaved();
    expect(state()).toBe(St.EXPECT_SAVED);
    expect(screen().includes("持卡人认证失败")).toBe(false);
    expect(screen().includes("正在保存")).toBe(true);
    expect(savedIdWith("type=attempt").startsWith("A")).toBe(true);
  });

  /** No SAVED: "记录未保存!", ENTER saves the same attempt again, nothing to the acquirer. */
  it("says not saved and saves the attempt again on ENTER", () => {
    mismatchUnsaved();
    const attemptId = savedIdWith("type=attempt");
    timer(Deadline.SAVE);
    expect(screen().includes("记录未保存")).toBe(true);
    key(ENTER);
    expect(count(SAVE)).toBe(1);
    expect(savedIdWith("type=attempt")).toBe(attemptId);
    expect(count(CONNECT)).toBe(0);
    expect(state()).toBe(St.EXPECT_SAVED);
  });

  /** Its SAVED shows the mismatch, and ENTER still corrects the phone. */
  it("shows the failure on the attempt's SAVED", () => {
    mismatchUnsaved();
    eventText(SAVED, savedIdWith("type=attempt"));
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("持卡人认证失败")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** 91 does not count: nothing saved, the answer is shown at once. */
  it("shows an answer that does not count at once", () => {
    bootToMenu();
    setAutoSaved(false);
    enterHolder("张三", ID, "K6216261000000000026=3012", PHONE);
    key(ENTER);
    answerVerify("91");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(count(SAVE)).toBe(0);
  });
});

/** The 0312 to the report already connected. */
function answerReportConnected(rc: string): void {
  beginReply("0312", rc);
  packReply(MAK_HEX);
  deliver();
}
