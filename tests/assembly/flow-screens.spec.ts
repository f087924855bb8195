// R12 and the ABI's SHOW: screens are laid out for the configured display,
// a CJK character taking two cells, lines breaking between words — never
// inside a number or a code, never before a colon — and long screens cut into
// pages that say there is more and keep a label on the page of its value.
import { compose, addString, newline, keepWithNext, show, turnPage, cellsOf, screenPages, wipeScreen } from "../../assembly/flow/screens";
import { bootToMenu, screenLines, key, DOWN } from "./flow-helpers";
import { profile } from "../../assembly/flow/profile";
import { queueReset, queueNext } from "../../assembly/flow/queue";
import { OUTPUT, getOutputLength } from "../../assembly/abi";
import { T, text } from "../../assembly/flow/texts";

/** Lays `text` out on a 16x4 display and returns the lines of its first page. */
function laidOut(text: string): string {
  profile.columns = 16; profile.rows = 4;
  queueReset();
  compose(1);
  addString(text);
  show();
  return shown();
}

/** The lines of the SHOW just queued. */
function shown(): string {
  queueNext();
  const s = String.UTF8.decodeUnsafe(OUTPUT + 2, <usize>(getOutputLength() - 2));
  queueReset();
  return s;
}

describe("SHOW layout", () => {
  /** Eight hanzi fill a 16-cell line; the ninth starts the next line. */
  it("counts a CJK character as two cells", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    addString("一二三四五六七八九");
    show();
    expect(shown()).toBe("一二三四五六七八\n九");
    expect(cellsOf(0x4e00)).toBe(2);
    expect(cellsOf(0x00b7)).toBe(1); // the minority-name dot is narrow
    expect(cellsOf(0x20000)).toBe(2); // Extension B
  });

  /** Breaks fall between any two hanzi, so a prompt for 16 cells is written to fit them: 卡号 is never cut. */
  it("shows the card prompt whole on one 16-cell line", () => {
    expect(laidOut(text(T.PROMPT_CARD, 0))).toBe("刷卡/插卡/输卡号");
  });

  /** Latin text breaks at the space before a word that would not fit. */
  it("breaks English between words", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    addString("Swipe insert or key the card");
    show();
    expect(shown()).toBe("Swipe insert or\nkey the card");
  });

  /**
   * A screen composed over the last one (a key typed) reuses the lines of the
   * part that stayed the same, and is laid out as if composed afresh: also
   * when the change moves a break of a line before it, when it is shorter,
   * and when the display changed.
   */
  it("lays a screen composed again out as a fresh one", () => {
    const pairs: string[] = [
      "实名认证\n请输入身份证号\n1101", "实名认证\n请输入身份证号\n11010",
      "aaaa bbbb cccc dddd", "aaaa bbbb ccccXdddd",
      "title\nSwipe insert or key the card", "title\nSwipe insert or key",
      "一\n二\n三\n四\n五\n六", "一\n二\n三\n四\n五\n六七",
      "Card:\v6222 0200 0000 1000", "Card:\v6222 0200 0000 10001",
    ];
    for (let i = 0; i < pairs.length; i += 2) {
      wipeScreen();
      const fresh = laidOut(pairs[i + 1]);
      const freshPages = screenPages();
      laidOut(pairs[i]);
      expect(laidOut(pairs[i + 1])).toBe(fresh);
      expect(screenPages()).toBe(freshPages);
      // The same text again, for a narrower display.
      profile.columns = 8;
      queueReset(); compose(1); addString(pairs[i + 1]); show();
      const narrow = shown();
      wipeScreen();
      queueReset(); compose(1); addString(pairs[i + 1]); show();
      expect(narrow).toBe(shown());
    }
    profile.columns = 16;
  });

  /** Six lines on a four-row display: two pages, UP/DOWN move between them. */
  it("pages a long screen", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    for (let i = 0; i < 6; i++) { addString("L" + i.toString()); if (i < 5) newline(); }
    show();
    expect(shown()).toBe("L0\nL1\nL2\nL3             ↓"); // the last cell says there is more
    expect(screenPages()).toBe(2);
    expect(turnPage(1)).toBe(true);
    expect(shown()).toBe("L4\nL5");
    expect(turnPage(1)).toBe(false);
  });

  /**
   * A screen longer than the layout's 64 lines (three times the longest the flow composes,
   * the consent notice's 21) shows its first 64 and drops the rest: no trap, no line of
   * another screen, the last page without the more mark.
   */
  it("drops the lines of an over-long screen after the 64th", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    for (let i = 0; i < 100; i++) { addString("L" + i.toString()); if (i < 99) newline(); }
    show(99);
    expect(screenPages()).toBe(16);
    expect(shown()).toBe("L60\nL61\nL62\nL63");
    expect(turnPage(1)).toBe(false);
    profile.rows = 2; // page rows run to twice the lines: 64 lines on 32 pages of two
    show(99);
    expect(screenPages()).toBe(32);
    expect(shown()).toBe("L62\nL63");
  });
});

describe("R12: screens read whole (a line breaks between words, a page says there is more)", () => {
  /** A phone number after a label is never cut: the line breaks after the colon, the number whole on the next. */
  it("never cuts a number", () => {
    expect(laidOut("请联系客服:4000000000")).toBe("请联系客服:\n4000000000");
    expect(laidOut("请联系客服:4000000000").includes("40000\n")).toBe(false);
  });

  /** A key name stays with the text it is written against: "F2从", "1姓名". */
  it("never cuts a key name or a line number from its text", () => {
    expect(laidOut("刷卡或手输卡号;F2从记录中选择")).toBe("刷卡或手输卡号;\nF2从记录中选择");
    expect(laidOut("一二三四五六七 1姓名")).toBe("一二三四五六七\n1姓名");
    expect(laidOut("一二三四五六七1姓名")).toBe("一二三四五六\n七1姓名"); // a number joins the text on both sides
  });

  /** A colon never starts a line: the word before it comes along. */
  it("never starts a line with a colon", () => {
    expect(laidOut("一二三四五六七八:X")).toBe("一二三四五六七\n八:X");
  });

  /** A word longer than the line is cut where it must be (nothing else fits). */
  it("cuts a run longer than a line", () => {
    expect(laidOut("12345678901234567890")).toBe("1234567890123456\n7890");
  });

  /** A label that would end a page moves to the next with its value; the page it leaves says there is more. */
  it("keeps a label on the page of its value", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    addString("L0"); newline(); addString("L1"); newline(); addString("L2"); newline();
    addString("姓名:"); keepWithNext(); addString("张三");
    show();
    expect(shown()).toBe("L0\nL1\nL2\n               ↓");
    expect(turnPage(1)).toBe(true);
    expect(shown()).toBe("姓名:\n张三");
  });

  /** The main menu on a 16x4 display: page 1 says there is more, the last page does not. */
  it("shows there is more on the menu", () => {
    bootToMenu();
    expect(screenLines()).toBe("主菜单\n1.实名认证\n2.换卡\n3.挂失         ↓");
    key(DOWN);
    expect(screenLines()).toBe("4.记录查询\n5.网络测试\n6.余额查询\n7.设置");
  });
});
