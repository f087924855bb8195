// Expired cards (R20) and lost/stolen cards (R21): caught before sending,
// replaced for the same holder with the saved record updated, reported with
// a hotlist update (0302/0312) and a local block, and the notice printed for
// the holder once a replacement card is verified.
import {
  bootToMenu, enterHolder, enterUntilCard, connect, beginReply, replyField, packReply, deliver, state, screen, count, all, last,
  key, keys, text, card, timer, ENTER, CANCEL, F2, UP, DOWN, readRequest, requestText, answerVerify, requestMacValid, MAK_HEX,
  setClock, kinds, payloads,
  link, powerOn, injectKeys, start, event,
} from "./flow-helpers";
import { hexIn } from "./hex";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const OLD_CARD = "6216261000000000018";
const NEW_CARD = "6212143000000000011";

describe("R20: an expired card is caught from its data and replaced for the same holder", () => {
  /** A card whose expiry has passed is refused before anything is sent, with the replacement offered. */
  it("catches the expired card before sending", () => {
    setClock(20261126, 100000);
    bootToMenu();
    key(0x32);                        // replacement from the menu: no saved card yet
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("无记录")).toBe(true);
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


// ---- chip card data (CARD event 'C': BER-TLV as the kernel read it) ------------------
// EMV Book 3, Annex A (data elements) and Book 1 (templates) give the tags used here:
//   5A    Application Primary Account Number (PAN), cn: BCD digits, padded with F
//   57    Track 2 Equivalent Data: PAN, D (separator), YYMM expiry, service code, ...
//   5F24  Application Expiration Date, YYMMDD in BCD
//   70    READ RECORD Response Message Template (constructed)
//   77    Response Message Template Format 2 (constructed)
//   9F27  Cryptogram Information Data (primitive, 2-byte tag)
//   DF8101 a 3-byte proprietary tag (DF: context class, primitive, low five bits all set,
//         so the tag goes on; 81: top bit set, goes on; 01: last tag byte)
// PANs: 6216261000000000018 (CARD_A) and 6212143000000000011 (CARD_B), synthetic, Luhn valid.

const CHIP_BUFFER: usize = heap.alloc(256);
const PAN_A_5A = "5A0A6216261000000000018F";
const EXPIRY_5F24 = "5F2403301231";
const TRACK2_A_57 = "57116216261000000000018D30121010000000";
const TRACK2_B_57 = "57116212143000000000011D30121010000000";

/** A chip CARD event with the BER-TLV given in hex. */
function chip(hex: string): i32 {
  store<u8>(CHIP_BUFFER, 0x43); // 'C'
  return event(7, CHIP_BUFFER, 1 + hexIn(hex, CHIP_BUFFER + 1));
}

describe("chip data: tags of three bytes, templates opened, 5A and 57 agreeing", () => {
  /** A 3-byte tag before the PAN is stepped over whole (the old reader took two tag bytes and lost its place). */
  it("reads the PAN after a 3-byte tag", () => {
    setClock(20261126, 100000);
    bootToMenu();
    enterUntilCard("张三", ID);
    chip("DF81010100" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });

  /** The mutated pair: a tag that would go on past three bytes is not well-formed, so the card is refused. */
  it("refuses a tag longer than three bytes", () => {
    enterUntilCard("张三", ID);
    chip("DF8181010100" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号有误")).toBe(true);
    key(CANCEL);
  });

  /** A PAN inside a 70 template is found (the template was skipped before). */
  it("opens a 70 template", () => {
    enterUntilCard("张三", ID);
    chip("7012" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });

  /** 57 inside 70 inside 77 gives the PAN when 5A is absent; fields 2 and 35 go out from it. */
  it("opens nested templates and sends 2 and 35 from the track 2 equivalent", () => {
    enterUntilCard("张三", ID);
    chip("77199F27018070135711" + TRACK2_A_57.substring(4));
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    readRequest();                   // the 0100 the terminal sent
    expect(requestText(2)).toBe("6216261000000000018");
    expect(requestText(35).substring(0, 20)).toBe("6216261000000000018=");
    expect(requestText(22).substring(0, 2)).toBe("05");
    key(ENTER);
  });

  /** A template whose length runs past its parent's end is not well-formed: refused. */
  it("refuses a template longer than its data", () => {
    enterUntilCard("张三", ID);
    chip("7013" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_CARD);
    key(CANCEL);
  });

  /** 5A and 57 with the same PAN: accepted. */
  it("accepts 5A and 57 that agree", () => {
    enterUntilCard("张三", ID);
    chip(TRACK2_A_57 + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });

  /** 5A and 57 with different PANs: refused with its own reason, nothing sent (fields 2 and 35 would disagree). */
  it("refuses a card whose 5A and 57 differ", () => {
    enterUntilCard("张三", ID);
    chip(TRACK2_B_57 + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号不一致")).toBe(true);
    expect(count(3)).toBe(0);
    key(CANCEL);
  });
});
