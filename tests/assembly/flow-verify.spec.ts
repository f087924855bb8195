// The verification's entry and its main path (tasks/verify.ts; R6, R7, R8, R9,
// R10, R13): consent first, name, ID, card, phone, the confirmation screen, the
// MAC'd request with the personal data under the TDK, "认证成功" with the saved
// record and the receipt; the holder's PIN when the profile asks for it; the
// entered data wiped on cancel and timeout.
import {
  bootToMenu, enterHolder, enterUntilCard, connect, beginReply, packReply, deliver, state, screen, count, last, all,
  key, keys, text, card, timer, answerVerify, readRequest, requestText, request, personal, requestMacValid, screenLines,
  ENTER, CANCEL, CLEAR, DOWN, MAK_HEX, PROFILE, setClock, DEFAULT_DATE, DEFAULT_TIME,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { sessionIsWiped } from "../../assembly/flow/session";
import { checksWiped } from "../../assembly/checks/wipe";
import { Deadline } from "../../assembly/flow/state";
import { nextDeadline } from "../../assembly/flow/machine";

const NAME = "张三";
const ID = "11010519491231002X";
const PAN = "6216261000000000018";
const PHONE = "13552535506";
const SWIPE = "S;" + PAN + "=30121010000000000?";

/** The pages of the current screen, read with DOWN. */
function allPages(n: i32): string {
  let s = screen();
  for (let i = 1; i < n; i++) { key(DOWN); s += screen(); }
  return s;
}

/** Every page of the current screen as shown, read with DOWN until it beeps. */
function pageTexts(): string[] {
  const pages: string[] = [screenLines()];
  for (let i = 0; i < 20; i++) {
    key(DOWN);
    if (count(2) > 0) break;
    pages.push(screenLines());
  }
  return pages;
}

describe("R13 R6 R7 R8 R9: a verification from consent to 认证成功", () => {
  /** The consent screen comes first and names what is collected. */
  it("asks the holder's consent before any data", () => {
    bootToMenu();
    key(0x31);
    expect(state()).toBe(St.EXPECT_CONSENT);
    expect(screen().includes("同意")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_NAME);
  });

  /**
   * Name, ID type and number, card and phone lead to a confirmation screen that
   * shows what the operator checks against the documents (R6): the name, the ID
   * number and the phone in full, in groups that wrap between them, each label
   * on the page of its value; the card as 6+4 (the card itself is at hand).
   */
  it("shows the entry in full on the confirmation screen, the card 6+4", () => {
    bootToMenu();
    key(0x31); key(ENTER);
    text(NAME); key(ENTER);
    expect(state()).toBe(St.EXPECT_ID_TYPE);
    key(0x31);
    keys(ID); key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    card(SWIPE);
    expect(state()).toBe(St.EXPECT_PHONE);
    keys(PHONE); key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
    const pages = pageTexts();
    const s = pages.join("\n");
    expect(s.includes("1姓名:张三")).toBe(true);
    expect(s.includes("110105 19491231\n002X")).toBe(true);   // the ID in groups, wrapped between them
    expect(s.includes("135 5253 5506")).toBe(true);
    expect(s.includes("621626******0018")).toBe(true);        // the card masked 6+4, stars shortened to one line
    expect(s.includes(PAN)).toBe(false);
    for (let i = 0; i < pages.length; i++) {
      // A label is on the page of its value.
      if (pages[i].includes("2证件:")) expect(pages[i].includes("110105")).toBe(true);
      if (pages[i].includes("4手机:")) expect(pages[i].includes("135 5253 5506")).toBe(true);
      if (pages[i].includes("3卡号:")) expect(pages[i].includes("621626")).toBe(true);
    }
    expect(state()).toBe(St.EXPECT_CONFIRM);
  });

  /** maskConfirmation=1 keeps the masks of later screens on the confirmation screen too. */
  it("masks the confirmation screen when the profile asks", () => {
    bootToMenu(PROFILE + "\nmaskConfirmation=1");
    enterHolder(NAME, ID, SWIPE, PHONE);
    const s = allPages(3);
    expect(s.includes("张*")).toBe(true);
    expect(s.includes("张三")).toBe(false);
    expect(s.includes("621626****0018")).toBe(true); // the star run shortened to fit 16 cells
    expect(s.includes("135****5506")).toBe(true);
    expect(s.includes(PAN)).toBe(false);
    expect(s.includes(PHONE)).toBe(false);
    expect(s.includes("110105****002X")).toBe(true);
  });

  /** After the confirmation step nothing is shown in full: the processing screen, the result, the LOG lines. */
  it("masks everything after the confirmation step", () => {
    bootToMenu();
    enterHolder(NAME, ID, SWIPE, PHONE);
    key(ENTER);
    expect(screen().includes("张三")).toBe(false);
    answerVerify("00");
    const after = screen() + all(11) + all(8) + all(9);
    expect(after.includes(NAME)).toBe(false);
    expect(after.includes(ID)).toBe(false);
    expect(after.includes("19491231")).toBe(false);
    expect(after.includes(PHONE)).toBe(false);
    expect(after.includes("5253")).toBe(false);
    expect(after.includes(PAN)).toBe(false);
  });

  /** ENTER sends a MAC'd 0100 whose field 62 deciphers under the TDK to the four elements. */
  it("sends the request with the personal data enciphered", () => {
    bootToMenu();
    enterHolder(NAME, ID, SWIPE, PHONE);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    readRequest();
    expect(requestText(0)).toBe("0100");
    expect(requestText(3)).toBe("330000");
    expect(requestText(2)).toBe(PAN);
    expect(requestText(22)).toBe("022");
    expect(requestText(60).substring(0, 2)).toBe("71");
    expect(requestMacValid()).toBe(true);
    expect(personal("NM")).toBe(NAME);
    expect(personal("ID")).toBe(ID);
    expect(personal("PH")).toBe(PHONE);
    expect(personal("IT")).toBe("01");
  });

  /** 39 = 00: "认证成功", a saved record with masked values and hashes, a receipt, entered data wiped. */
  it("says 认证成功, saves a masked record and prints a receipt", () => {
    bootToMenu();
    enterHolder(NAME, ID, SWIPE, PHONE);
    key(ENTER);
    connect();
    beginReply("0110", "00");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
    expect(state()).toBe(St.EXPECT_ACK);
    const saves = all(8);
    expect(saves.includes("type=verification")).toBe(true);
    expect(saves.includes("status=active")).toBe(true);
    expect(saves.includes("pan=621626*********0018")).toBe(true);
    expect(saves.includes("rrn=000000123456")).toBe(true);
    expect(saves.includes(PAN)).toBe(false);
    expect(saves.includes(ID)).toBe(false);
    expect(saves.includes(PHONE)).toBe(false);
    expect(saves.includes("type=attempt")).toBe(true);
    expect(count(9)).toBe(1); // PRINT
    expect(last(9).includes(PAN)).toBe(false);
    expect(sessionIsWiped()).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R1: a refused ID number says which rule it broke and stays to be corrected", () => {
  /** The check character wrong: said so, the digits kept; CLEAR and the right character go on to the card. */
  it("names a wrong check character and keeps the digits", () => {
    bootToMenu();
    key(0x31); key(ENTER); text(NAME); key(ENTER); key(0x31);
    keys("110105194912310021"); key(ENTER);
    expect(state()).toBe(St.EXPECT_ID_NUMBER);
    expect(screen().includes("校验码有误")).toBe(true);
    expect(screen().includes("110105194912310021")).toBe(true);
    key(CLEAR); key(0x2a);            // '*' types the X
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
  });

  /** A region code that is no province, a birth date that is no date: each its own reason. */
  it("names a bad region and a bad birth date", () => {
    bootToMenu();
    key(0x31); key(ENTER); text(NAME); key(ENTER); key(0x31);
    keys("991105194912310028"); key(ENTER);
    expect(screen().includes("地区码有误")).toBe(true);
    text("110105194902300023"); key(ENTER);   // 30 February
    expect(screen().includes("出生日期有误")).toBe(true);
    expect(screen().includes("110105194902300023")).toBe(true);
  });
});

describe("R7 R10: the holder's PIN in the verification (requirePin=1)", () => {
  /** After the phone the PIN is asked; 0100 carries 22 = 011, 26, 52 (8 bytes) and 53. */
  it("sends the PIN block with the verification", () => {
    bootToMenu(PROFILE + "\nrequirePin=1", 20261126, 100000);
    enterHolder(NAME, ID, "K" + PAN + "=3012", PHONE);
    expect(state()).toBe(St.EXPECT_PIN);
    keys("246810");
    expect(screen().includes("246810")).toBe(false);
    expect(screen().includes("******")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(22)).toBe("011");
    expect(requestText(26)).toBe("12");
    expect(request.length(52)).toBe(8);
    expect(requestText(53)).toBe("2600000000000000");
    expect(requestMacValid()).toBe(true);
  });

  /** 55 (wrong PIN): ENTER asks for the PIN only, then the confirmation screen. */
  it("re-asks only the PIN after 55", () => {
    bootToMenu(PROFILE + "\nrequirePin=1", 20261126, 100000);
    enterHolder(NAME, ID, "K" + PAN + "=3012", PHONE);
    keys("246810"); key(ENTER);
    key(ENTER);
    answerVerify("55");
    expect(screen().includes("密码错")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PIN);
    keys("135790"); key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
  });
});

describe("R10: entered data is wiped on cancel and on timeout", () => {
  /** CANCEL on the phone screen returns to the menu with every buffer zero. */
  it("wipes on cancel", () => {
    bootToMenu();
    enterUntilCard(NAME, ID);
    card("K" + PAN + "=3012");
    expect(sessionIsWiped()).toBe(false);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(sessionIsWiped()).toBe(true);
    expect(checksWiped()).toBe(true); // the checks' own scratch (ID and phone digits) is zeroed too
  });

  /** The INPUT timer on an entry screen wipes everything and says so; the message returns to the menu by itself. */
  it("wipes on timeout", () => {
    bootToMenu();
    enterUntilCard(NAME, ID);
    card("K" + PAN + "=3012");
    keys("1355");
    timer(Deadline.INPUT);
    expect(screen().includes("超时")).toBe(true);
    expect(sessionIsWiped()).toBe(true);
    expect(checksWiped()).toBe(true);
    timer(Deadline.MESSAGE);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** Every key and TEXT restarts the input timeout: it counts from the last one. */
  it("restarts the timeout on each key", () => {
    bootToMenu();
    key(0x31);
    key(ENTER);
    expect(nextDeadline()).toBe(60 * 1000); // the profile's inputTimeout
    setClock(DEFAULT_DATE, DEFAULT_TIME + 30); // 30 s later
    text(NAME);
    expect(nextDeadline()).toBe(60 * 1000); // from the TEXT, not from the screen
    timer(Deadline.INPUT);
    expect(screen().includes("超时")).toBe(true);
    setClock(DEFAULT_DATE, DEFAULT_TIME);
  });
});
