// R12 and the ABI's SHOW: screens are laid out for the configured display,
// a CJK character taking two cells, Latin text breaking between words, and
// long screens cut into pages.
import { compose, addString, newline, show, turnPage, cellsOf, screenPages } from "../../assembly/flow/screens";
import { profile } from "../../assembly/flow/profile";
import { queueReset, queueNext } from "../../assembly/flow/queue";
import { OUTPUT, getOutputLength } from "../../assembly/abi";

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

  /** Latin text breaks at the space before a word that would not fit. */
  it("breaks English between words", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    addString("Swipe insert or key the card");
    show();
    expect(shown()).toBe("Swipe insert or\nkey the card");
  });

  /** Six lines on a four-row display: two pages, UP/DOWN move between them. */
  it("pages a long screen", () => {
    profile.columns = 16; profile.rows = 4;
    queueReset();
    compose(1);
    for (let i = 0; i < 6; i++) { addString("L" + i.toString()); if (i < 5) newline(); }
    show();
    expect(shown()).toBe("L0\nL1\nL2\nL3");
    expect(screenPages()).toBe(2);
    expect(turnPage(1)).toBe(true);
    expect(shown()).toBe("L4\nL5");
    expect(turnPage(1)).toBe(false);
  });
});
