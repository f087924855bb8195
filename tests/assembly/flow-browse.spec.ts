// R14 on a small display: a saved record is longer than a 16x4 screen, so the
// records browser pages inside a record with UP/DOWN (running on into the
// neighbouring record) and jumps between records with F2/F3 (FLOW.md
// "Transitions"). Every line of every record must be reachable with keys
// alone, on both display classes (16x4 and 21x8).
import {
  bootToMenu, enterHolder, answerVerify, key, keys, count, screenLines, state, ENTER, F1, F2, UP, DOWN, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const F3 = 0x83;
const BEEP = 2;

/** Two verified holders, then the records (supervisor password 2468). */
function twoRecords(profile: string): void {
  bootToMenu(profile);
  enterHolder("张三", "11010519491231002X", "K6216261000000000018=3012", "13552535506");
  key(ENTER); answerVerify("00"); key(ENTER);
  enterHolder("李四", "440524188001010014", "K6212143000000000011=3012", "13912347788");
  key(ENTER); answerVerify("00"); key(ENTER);
  key(0x34); keys("2468"); key(ENTER);
}

/** Presses `k` until the terminal beeps; returns every page shown, first one included. */
function pressUntilBeep(k: i32, first: string): string[] {
  const pages: string[] = [first];
  for (let i = 0; i < 40; i++) {
    key(k);
    if (count(BEEP) > 0) break;
    pages.push(screenLines());
  }
  return pages;
}

function occurrences(pages: string[], needle: string): i32 {
  let n = 0;
  for (let i = 0; i < pages.length; i++) if (pages[i].includes(needle)) n++;
  return n;
}

/** Every line of both records: rank, card, name, time, ID, phone, RRN, verification id. */
function everyLineSeen(pages: string[]): void {
  expect(occurrences(pages, "001/002")).toBe(1);       // each record's rank once (its first page)
  expect(occurrences(pages, "002/002")).toBe(1);
  expect(occurrences(pages, "0011")).toBeGreaterThan(0); // newest card 621214...0011
  expect(occurrences(pages, "0018")).toBeGreaterThan(0); // older card 621626...0018
  expect(occurrences(pages, "李*")).toBe(1);
  expect(occurrences(pages, "张*")).toBe(1);
  expect(occurrences(pages, "0014")).toBe(1);           // ID numbers 6+4
  expect(occurrences(pages, "002X")).toBe(1);
  expect(occurrences(pages, "7788")).toBe(1);           // phones 3+4
  expect(occurrences(pages, "5506")).toBe(1);
  expect(occurrences(pages, "000000123456")).toBe(2);   // the RRN whole (its own line when the label leaves no room)
  expect(occurrences(pages, "V12345")).toBe(2);         // the verification id, last line of each
}

function browseAll(profile: string, rows: i32): void {
  twoRecords(profile);
  expect(state()).toBe(St.EXPECT_RECORD_BROWSE);
  const first = screenLines();
  expect(first.split("\n").length).toBeLessThanOrEqual(rows);
  expect(first.includes("001/002")).toBe(true);        // where the operator is,
  expect(first.includes("F2上条 F3下条")).toBe(true);    // which keys move,
  expect(first.includes("621214")).toBe(true);          // and the card, all on page 1
  const down = pressUntilBeep(DOWN, first);
  everyLineSeen(down);
  // UP walks the same pages back to the first (the newer record's last page first).
  const up = pressUntilBeep(UP, down[down.length - 1]);
  expect(up.length).toBe(down.length);
  for (let i = 0; i < up.length; i++) expect(up[i]).toBe(down[down.length - 1 - i]);
}

describe("R14: every line of a saved record is reachable", () => {
  /** 16x4: DOWN from the first page to the last beep shows all lines of both records, UP retraces them. */
  it("on a 16x4 display", () => {
    browseAll(PROFILE, 4);
  });

  /** 21x8: the same walk on the other display class. */
  it("on a 21x8 display", () => {
    browseAll(PROFILE + "\ndisplayColumns=21\ndisplayRows=8", 8);
  });

  /** F3/F2 jump to the older/newer record's first page from any page; beep past the ends. */
  it("jumps between records with F2/F3", () => {
    twoRecords(PROFILE);
    key(DOWN);                                    // page 2 of the newest record
    expect(screenLines().includes("001/002")).toBe(false);
    key(F3);
    expect(screenLines().includes("002/002")).toBe(true);
    expect(screenLines().includes("621626")).toBe(true);
    key(F3);
    expect(count(BEEP)).toBe(1);                  // no older record
    key(F2);
    expect(screenLines().includes("001/002")).toBe(true);
    key(F2);
    expect(count(BEEP)).toBe(1);                  // no newer record
    key(F1);
    expect(state()).toBe(St.EXPECT_HELP);
    expect(screenLines().replaceAll("\n", "").includes("F2上一条")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_RECORD_BROWSE);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The replacement's pick screen: prompt and card on page 1, F3 moves, ENTER picks the one shown. */
  it("picks a record after moving with F3", () => {
    key(0x32);
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    const first = screenLines();
    expect(first.split("\n").length).toBeLessThanOrEqual(4);
    expect(first.includes("确认选 F2/F3换条")).toBe(true);
    expect(first.includes("621214")).toBe(true);
    key(F3);
    expect(screenLines().includes("621626")).toBe(true);
    key(DOWN);
    expect(count(BEEP)).toBe(0);                  // the older record's second page
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CONSENT);
  });
});
