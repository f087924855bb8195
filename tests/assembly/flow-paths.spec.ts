// Paths around the main one: the daily limit (R16), the holder's PIN in the
// verification (requirePin=1), the link failing or being cancelled, the
// battery and printer reports, and the display in English on a wider screen.
import {
  bootToMenu, enterHolder, enterUntilCard, connect, beginReply, replyField, packReply, deliver, state, screen, screenLines, count, all,
  key, keys, text, card, timer, link, event, hexBytes, ENTER, CANCEL, DOWN, readRequest, requestText, answerVerify, setClock, PROFILE,
  MAK_HEX, request, requestMacValid,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { S, screenId } from "../../assembly/flow/screens";

const ID = "11010519491231002X";

describe("R16: the daily limit per card", () => {
  /** dailyLimit=2: two answers (a success counts too), the third attempt the same day is refused before sending. */
  it("refuses the card after dailyLimit answers in 24 hours", () => {
    setClock(20261126, 100000);
    bootToMenu(PROFILE + "\ndailyLimit=2");
    for (let i = 0; i < 2; i++) {
      enterHolder("张三", ID, "K6216261000000000018=3012", "13552535506");
      key(ENTER);
      answerVerify("00");
      key(ENTER);
    }
    enterUntilCard("张三", ID);
    card("K6216261000000000018=3012");
    expect(screen().includes("今日次数已满")).toBe(true);
    expect(count(3)).toBe(0);
    key(ENTER);
  });

  /** The next day the card is accepted again. */
  it("accepts the card the next day", () => {
    setClock(20261127, 110000);
    enterUntilCard("张三", ID);
    card("K6216261000000000018=3012");
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });
});

describe("R4 R10: the holder's PIN in the verification (requirePin=1)", () => {
  /** After the phone the PIN is asked; 0100 carries 22 = 011, 26, 52 (8 bytes) and 53. */
  it("sends the PIN block with the verification", () => {
    setClock(20261126, 100000);
    bootToMenu(PROFILE + "\nrequirePin=1");
    enterHolder("张三", ID, "K6216261000000000018=3012", "13552535506");
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
    beginReply("0110", "55");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("密码错")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PIN);
    keys("135790"); key(ENTER);
    expect(state()).toBe(St.EXPECT_CONFIRM);
    key(CANCEL);
  });
});

describe("the link: failing, dropping, cancelled", () => {
  /** LINK 2 after CONNECT: "网络连接失败", ENTER tries again. */
  it("says the connection failed and retries", () => {
    bootToMenu();
    enterHolder("张三", ID, "K6216261000000000018=3012", "13552535506");
    key(ENTER);
    link(2);
    expect(screen().includes("网络连接失败")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    expect(count(3)).toBe(1);
  });

  /** CANCEL while connecting: DISCONNECT and the menu, data wiped. */
  it("cancels while connecting", () => {
    key(CANCEL);
    expect(count(5)).toBe(1);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The link dropping while the reply is awaited counts as no reply. */
  it("treats a dropped link as no reply", () => {
    enterHolder("张三", ID, "K6216261000000000018=3012", "13552535506");
    key(ENTER);
    connect();
    link(0);
    expect(screen().includes("无应答")).toBe(true);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** Menu item 5: the echo test says the network is fine. */
  it("runs the network test", () => {
    key(0x35);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0820");
    beginReply("0830", "00");
    packReply();
    deliver();
    expect(screen().includes("网络正常")).toBe(true);
    key(ENTER);
  });
});

describe("R5 R3: battery and printer reports while running", () => {
  /** A printer out of paper: no receipt, a LOG line instead; the verification still completes. */
  it("skips the receipt when the printer is not ready", () => {
    event(12, hexBytes("01"), 1);
    enterHolder("张三", ID, "K6212143000000000011=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    expect(count(9)).toBe(0);
    expect(all(11).includes("printer not ready")).toBe(true);
    expect(screen().includes("认证成功")).toBe(true);
    key(ENTER);
  });

  /** The battery falling below the minimum at the menu powers the terminal off. */
  it("powers off from the menu on a critical battery", () => {
    event(11, hexBytes("0500"), 2);
    expect(count(12)).toBe(1);
    expect(state()).toBe(St.HALTED);
  });
});

describe("R12: the display in English on a 20x8 screen", () => {
  /** language=en: English texts, laid out for 20 columns. */
  it("lays the menu out in English", () => {
    bootToMenu(PROFILE + "\nlanguage=en\ndisplayColumns=20\ndisplayRows=8");
    const lines = screenLines().split("\n");
    expect(lines[0]).toBe("Main menu");
    expect(lines.length).toBe(8);
    for (let i = 0; i < lines.length; i++) expect(lines[i].length <= 20).toBe(true);
    expect(screenId()).toBe(S.MENU);
  });

  /** The confirmation screen fits whole on 8 rows, labels kept where they fit. */
  it("shows the confirmation with labels", () => {
    enterHolder("ZHANG SAN", ID, "K6216261000000000018=3012", "13552535506");
    const s = screenLines();
    expect(s.includes("4Phone:135****5506")).toBe(true);
    expect(s.includes("Check details")).toBe(true);
    key(CANCEL);
  });
});
