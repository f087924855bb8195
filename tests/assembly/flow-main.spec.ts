// The main verification path, event by event: power-on, sign-on, echo test,
// consent, name, ID, card, phone, confirmation, the MAC'd request with the
// personal data under the TDK, "认证成功", the saved record and the receipt.
import {
  bootToMenu, powerOn, injectKeys, start, connect, beginReply, replyBytes, packReply, deliver, keyBlock,
  state, screen, count, last, all, key, keys, text, card, enterHolder, answerVerify, readRequest, requestText,
  personal, requestMacValid, ENTER, DOWN, kinds, lastResult,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { sessionIsWiped } from "../../assembly/flow/session";

const NAME = "张三";
const ID = "11010519491231002X";
const PAN = "6216261000000000018";
const PHONE = "13552535506";

describe("R5 R11 R4: power-on, sign-on and echo test", () => {
  /** START runs the self test and device checks, then connects to sign on (0800). */
  it("signs on after the self test", () => {
    powerOn();
    injectKeys();
    start();
    expect(state()).toBe(St.EXPECT_LINK);
    expect(count(3)).toBe(1); // CONNECT
    connect();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    readRequest();
    expect(requestText(0)).toBe("0800");
    expect(requestText(60)).toBe("00000001004"); // 60.1 00, batch, 004 = 60-byte key layout
    expect(requestText(41)).toBe("12345678");
  });

  /** The 0810 installs the working keys; the terminal then proves the link with an echo test (0820). */
  it("installs working keys and runs the echo test", () => {
    beginReply("0810", "00");
    replyBytes(62, keyBlock(), 60);
    packReply();
    deliver();
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0820");
    expect(requestText(60)).toBe("00000001301");
    beginReply("0830", "00");
    packReply();
    deliver();
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("1.实名认证")).toBe(true);
  });
});

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

  /** Name, ID type and number, card and phone lead to a confirmation screen that shows only masked values. */
  it("shows a masked confirmation screen", () => {
    text(NAME); key(ENTER);
    expect(state()).toBe(St.EXPECT_ID_TYPE);
    key(0x31);
    keys(ID); key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    card("S;" + PAN + "=30121010000000000?");
    expect(state()).toBe(St.EXPECT_PHONE);
    keys(PHONE); key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
    // A 16x4 display pages the summary: UP/DOWN turn the pages.
    let s = screen();
    expect(s.includes("张*")).toBe(true);
    expect(s.includes("张三")).toBe(false);
    key(DOWN);
    s += screen();
    key(DOWN);
    s += screen();
    expect(s.includes("621626****0018")).toBe(true); // the star run shortened to fit 16 cells
    expect(s.includes("135****5506")).toBe(true);
    expect(s.includes(PAN)).toBe(false);
    expect(s.includes(PHONE)).toBe(false);
    expect(s.includes("110105****002X")).toBe(true);
    expect(state()).toBe(St.EXPECT_CONFIRM);
  });

  /** ENTER sends a MAC'd 0100 whose field 62 deciphers under the TDK to the four elements. */
  it("sends the request with the personal data enciphered", () => {
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
    beginReply("0110", "00");
    packReply("3333333333333333444444444444444C");
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
