// Taking the card (tasks/card.ts; R7): a UnionPay number failing Luhn is
// re-confirmed, another bad number refused; chip data (CARD 'C', BER-TLV as
// the kernel read it) gives the PAN, expiry and track 2 equivalent the request
// carries. EMV Book 3, Annex A (data elements) and Book 1 (templates) give the
// tags used here:
//   5A    Application Primary Account Number (PAN), cn: BCD digits, padded with F
//   57    Track 2 Equivalent Data: PAN, D (separator), YYMM expiry, service code, ...
//   5F24  Application Expiration Date, YYMMDD in BCD
//   70    READ RECORD Response Message Template (constructed)
//   77    Response Message Template Format 2 (constructed)
//   9F27  Cryptogram Information Data (primitive, 2-byte tag)
//   DF8101 a 3-byte proprietary tag (DF: context class, primitive, low five bits all set,
//         so the tag goes on; 81: top bit set, goes on; 01: last tag byte)
// PANs: 6216261000000000018 (CARD_A) and 6212143000000000011 (CARD_B), synthetic, Luhn valid.
import {
  bootToMenu, enterUntilCard, state, screen, count, key, keys, card, event, readRequest, requestText, connect,
  answerVerify, screenLines, clearTrack2, ENTER, CLEAR, PROFILE,
} from "./flow-helpers";
import { hexIn } from "./hex";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const CHIP_BUFFER: usize = heap.alloc(256);

/** The phone, ENTER on the confirmation screen, the link up: the request is out, read into `request`. */
function phoneAndSend(): void {
  keys("13552535506"); key(ENTER);
  key(ENTER);
  connect();
  readRequest();
}

/** A chip CARD event with the BER-TLV given in hex. */
function chip(hex: string): i32 {
  store<u8>(CHIP_BUFFER, 0x43); // 'C'
  return event(7, CHIP_BUFFER, 1 + hexIn(hex, CHIP_BUFFER + 1));
}

/** A new terminal up to the card screen, then the chip data given in hex. */
function chipOnCardScreen(hex: string): void {
  bootToMenu();
  enterUntilCard("张三", ID);
  chip(hex);
}

describe("R7: card entry", () => {
  /** A 62 card failing Luhn is re-confirmed, not refused; the operator sees every digit to re-confirm (R6, before the confirmation step). */
  it("re-confirms a UnionPay number failing Luhn", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K6221558812340000=3012");
    expect(state()).toBe(St.EXPECT_LUHN_CONFIRM);
    expect(screenLines().includes("6221 5588 1234\n0000")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
  });

  /** A non-UnionPay number failing Luhn is refused on the card screen. */
  it("refuses a bad number", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K4111111111111112=3012");
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号有误")).toBe(true);
  });

  /** Chip data (5A, 5F24, 57) gives the PAN, expiry and track 2 equivalent; the request says chip (05). */
  it("reads chip data", () => {
    // 5A 0A 6216261000000000018F, 5F24 03 301231, 57 10 6216261000000000018D30121010000F
    chipOnCardScreen("5A0A6216261000000000018F5F24033012315710" + "6216261000000000018D30121010000F");
    expect(state()).toBe(St.EXPECT_PHONE);
    phoneAndSend();
    expect(requestText(22)).toBe("052");
    expect(requestText(14)).toBe(""); // the expiry travels inside track 2, enciphered with it
    expect(requestText(53).charAt(2)).toBe("1");
    expect(clearTrack2()).toBe("6216261000000000018=30121010000");
  });
});

describe("R7: a card keyed on the keypad", () => {
  /** Digits on the card screen are the number; ENTER asks the expiry; then the card goes on like a swipe, sent as keyed (22 = 012). */
  it("takes the number, then the expiry", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    keys("6216261000000000019");
    key(CLEAR);                       // the last digit typed again
    keys("8");
    expect(screenLines()).toBe("实名认证\n卡号:\n6216 2610 0000\n0000 018"); // in fours, on page 1
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("有效期")).toBe(true);
    keys("3012");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    phoneAndSend();
    expect(requestText(2)).toBe("6216261000000000018");
    expect(requestText(14)).toBe("3012");
    expect(requestText(22)).toBe("012");
    expect(requestText(35)).toBe("");
  });

  /** The expiry is asked for: ENTER without it is refused, the screen stays; a profile may let it go (no field 14). */
  it("asks the expiry unless the profile lets it go", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    keys("6216261000000000018"); key(ENTER);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("有效期有误")).toBe(true);
    bootToMenu(PROFILE + "\nkeyedExpiryOptional=1");
    enterUntilCard("张三", ID);
    keys("6216261000000000018"); key(ENTER);
    expect(screen().includes("无有效期按确认")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    phoneAndSend();
    expect(requestText(14)).toBe("");
  });

  /** The same checks as a swipe: a number failing Luhn refused, a 62 one re-confirmed, an expired card offered its replacement. */
  it("checks a keyed card like any other", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    keys("4111111111111112"); key(ENTER); keys("3012"); key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号有误")).toBe(true);
    keys("6221558812340000"); key(ENTER); keys("3012"); key(ENTER);
    expect(state()).toBe(St.EXPECT_LUHN_CONFIRM);
    key(CLEAR);
    keys("6216261000000000018"); key(ENTER); keys("2510"); key(ENTER);
    expect(screen().includes("卡已过期")).toBe(true);
  });

  /** A card presented while one is being keyed takes its place. */
  it("takes a swipe in the middle of keying", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    keys("6216261000000000018"); key(ENTER); keys("30");
    card("S;6212143000000000011=30121010000000000?");
    expect(state()).toBe(St.EXPECT_PHONE);
  });
});

const PAN_A_5A = "5A0A6216261000000000018F";
const EXPIRY_5F24 = "5F2403301231";
const TRACK2_A_57 = "57116216261000000000018D30121010000000";
const TRACK2_B_57 = "57116212143000000000011D30121010000000";

describe("chip data: tags of three bytes, templates opened, 5A and 57 agreeing", () => {
  /** A 3-byte tag before the PAN is stepped over whole (the old reader took two tag bytes and lost its place). */
  it("reads the PAN after a 3-byte tag", () => {
    chipOnCardScreen("DF81010100" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_PHONE);
  });

  /** The mutated pair: a tag that would go on past three bytes is not well-formed, so the card is refused. */
  it("refuses a tag longer than three bytes", () => {
    chipOnCardScreen("DF8181010100" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号有误")).toBe(true);
  });

  /** A PAN inside a 70 template is found (the template was skipped before). */
  it("opens a 70 template", () => {
    chipOnCardScreen("7012" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_PHONE);
  });

  /** 57 inside 70 inside 77 gives the PAN when 5A is absent; fields 2 and 35 go out from it. */
  it("opens nested templates and sends 2 and 35 from the track 2 equivalent", () => {
    chipOnCardScreen("77199F27018070135711" + TRACK2_A_57.substring(4));
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    readRequest();                   // the 0100 the terminal sent
    expect(requestText(2)).toBe("6216261000000000018");
    expect(clearTrack2().substring(0, 20)).toBe("6216261000000000018=");
    expect(requestText(22).substring(0, 2)).toBe("05");
  });

  /** A template whose length runs past its parent's end is not well-formed: refused. */
  it("refuses a template longer than its data", () => {
    chipOnCardScreen("7013" + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_CARD);
  });

  /** 5A and 57 with the same PAN: accepted. */
  it("accepts 5A and 57 that agree", () => {
    chipOnCardScreen(TRACK2_A_57 + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_PHONE);
  });

  /** 5A and 57 with different PANs: refused with its own reason, nothing sent (fields 2 and 35 would disagree). */
  it("refuses a card whose 5A and 57 differ", () => {
    chipOnCardScreen(TRACK2_B_57 + PAN_A_5A + EXPIRY_5F24);
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号不一致")).toBe(true);
    expect(count(3)).toBe(0);
  });
});
