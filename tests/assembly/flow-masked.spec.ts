// FLOW.md "Screens": a masked value never wraps. On a 16-cell display a
// 19-digit card number masked 6+4 (19 characters) and an ID number masked
// 6+4 (18) are wider than a line; every screen that shows one must shorten the
// run of '*' (screens.ts addMasked()) so the value stays on one line. (The
// confirmation and Luhn screens show numbers in full unless the profile asks
// for masks there too, maskConfirmation=1: flow-verify.spec.ts.)
import {
  bootToMenu, enterUntilCard, card, key, keys, ENTER, F2, connect, beginReply, packReply, deliver, answerVerify, answerReport,
  enterHolder, verifyOnce, state, last, screen, screenLines, DOWN, PROFILE, MAK_HEX,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const OLD_CARD = "6216261000000000018";   // 19 digits, Luhn valid
const LUHN_BAD = "6216261000000000017";   // 19 digits, a 62 card failing Luhn
const NEW_CARD = "6212143000000000011";

/** The screen id of the last SHOW. */
function shownId(): i32 {
  const s = last(1);
  return I32.parseInt(s.substring(0, s.indexOf("|")));
}

/** True when one display line holds `head`, then only '*' (at least two), then `tail`. */
function onOneLine(head: string, tail: string): bool {
  const lines = screenLines().split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const a = l.indexOf(head);
    if (a < 0) continue;
    const b = l.indexOf(tail, a + head.length);
    if (b < a + head.length + 2) continue;
    let stars = true;
    for (let k = a + head.length; k < b; k++) if (l.charCodeAt(k) != 0x2a) stars = false;
    if (stars) return true;
  }
  return false;
}

describe("a masked value stays on one line of a 16-cell display", () => {
  /** 0x0A LUHN_WARN: the masked number of a 62 card failing Luhn (maskConfirmation=1: masked there too). */
  it("on the Luhn warning", () => {
    bootToMenu(PROFILE + "\nmaskConfirmation=1");
    enterUntilCard("张三", ID);
    card("K" + LUHN_BAD + "=3012");
    expect(state()).toBe(St.EXPECT_LUHN_CONFIRM);
    expect(shownId()).toBe(10);
    expect(onOneLine("621626", "0017")).toBe(true);
  });

  /** 0x0D CONFIRM with maskConfirmation=1: the ID and the card lines (the label dropped, the stars shortened). */
  it("on the confirmation screen", () => {
    bootToMenu(PROFILE + "\nmaskConfirmation=1");
    enterHolder("张三", ID, "K" + OLD_CARD + "=3012", "13552535506");
    expect(state()).toBe(St.EXPECT_CONFIRM);
    expect(shownId()).toBe(13);
    expect(onOneLine("110105", "002X")).toBe(true);
    key(DOWN);                         // the card line fills a row: it opens page 2 (page 1 ends with ↓)
    expect(onOneLine("621626", "0018")).toBe(true);
  });

  /** 0x14 RECORDS: the saved card number (page 1 of a 4-row display). */
  it("on the saved records", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(0x34); keys("2468"); key(ENTER);
    expect(state()).toBe(St.EXPECT_RECORD_BROWSE);
    expect(shownId()).toBe(20);
    expect(onOneLine("621626", "0018")).toBe(true);
  });

  /** 0x1A PICK_RECORD, 0x15 LOSS_CARD (with its label), 0x16 LOSS_REASON, 0x17 LOSS_CONFIRM. */
  it("on every loss-report screen", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(0x33);
    key(F2);
    expect(shownId()).toBe(26);
    expect(onOneLine("621626", "0018")).toBe(true);
    key(ENTER);
    expect(shownId()).toBe(21);
    expect(onOneLine("621626", "0018")).toBe(true);
    card("K" + OLD_CARD);
    expect(state()).toBe(St.EXPECT_LOSS_REASON);
    expect(shownId()).toBe(22);
    expect(onOneLine("621626", "0018")).toBe(true);
    expect(screenLines().split("\n").length).toBeLessThanOrEqual(4); // the reason keys on page 1
    expect(screenLines().includes("1.遗失")).toBe(true);
    key(0x31);
    expect(shownId()).toBe(23);
    expect(onOneLine("621626", "0018")).toBe(true);
    expect(screenLines().includes("确认挂失此卡?")).toBe(true); // the question on page 1
    key(ENTER);
    connect();
    beginReply("0312", "00");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("已挂失")).toBe(true);
  });

  /** 0x19 HOLDER_NOTICE: the reported card of the holder whose new card was verified. */
  it("on the holder notice", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(0x33); key(F2); key(ENTER);
    card("K" + OLD_CARD);
    key(0x31); key(ENTER);
    answerReport("00");
    key(ENTER);
    enterHolder("张三", ID, "K" + NEW_CARD + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    expect(shownId()).toBe(25);
    expect(onOneLine("621626", "0018")).toBe(true);
  });

  /** 0x14 RECORDS on an 8-row display: the masked ID number too. */
  it("on the saved records, ID number included", () => {
    bootToMenu(PROFILE + "\ndisplayRows=8");
    enterHolder("张三", ID, "K" + OLD_CARD + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    key(0x34); keys("2468"); key(ENTER);
    expect(shownId()).toBe(20);
    expect(onOneLine("621626", "0018")).toBe(true);
    expect(onOneLine("110105", "002X")).toBe(true);
  });
});
