// The saved records (tasks/records.ts, records.ts; R9, R14, R21): the
// supervisor password, only masked values shown, every line of every record
// reachable with keys alone on both display classes (16x4 and 21x8), the pick
// screen of a replacement; and the record tables: saving an id twice keeps one
// record, a full table forgets its oldest records but never a lost/stolen one
// (the local hotlist), and restored records come back masked.
import { loadRecord, stanOf, Slot, TABLE_RECORDS, TABLE_ATTEMPTS, clearTables, fieldIs, fieldEquals, F } from "../../assembly/flow/records";
import { W } from "../../assembly/flow/texts";
import { storeRecord } from "./record-store";
import { ErrorCode, getErrorField, getErrorOffset } from "../../assembly/abi";
import {
  bootToMenu, enterHolder, enterUntilCard, card, answerReport, answerVerify, verifyOnce, key, keys, count, last, screen, screenLines, state, timer, utf8, lastLength,
  ENTER, CANCEL, F1, F2, F3, UP, DOWN, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { Deadline } from "../../assembly/flow/state";

const ID = "11010519491231002X";
const PAN = "6216261000000000018";

describe("R14: saved records need the supervisor password and show only masked values", () => {
  /** A wrong password is refused; what is typed shows as stars. */
  it("refuses a wrong password", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + PAN + "=3012", "13552535506");
    key(0x34);
    expect(state()).toBe(St.EXPECT_PASSWORD);
    keys("1111");
    expect(screen().includes("1111")).toBe(false);
    key(ENTER);
    expect(screen().includes("密码错误")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The right password opens the records: masked card, no full number anywhere; DOWN past the only record beeps. */
  it("shows the masked records", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + PAN + "=3012", "13552535506");
    key(0x34);
    keys("2468");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_RECORD_BROWSE);
    const s = screen();
    expect(s.includes("621626******0018")).toBe(true); // the stars shortened to stay on one 16-cell line
    expect(s.includes(PAN)).toBe(false);
    key(F3);                          // only one record: no older one
    expect(count(2)).toBe(1);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** Two records: the newest first, F3 to the older, F2 back, F3 past the end refused; help, and its own timeout. */
  it("browses newest first", () => {
    twoRecords(PROFILE);
    expect(screen().includes("001/002")).toBe(true);
    expect(screen().includes("621214")).toBe(true);
    key(F3);
    expect(screen().includes("002/002")).toBe(true);
    expect(screen().includes("621626")).toBe(true);
    key(F3);
    expect(count(2)).toBe(1); // BEEP: no older record
    key(F2);
    expect(screen().includes("001/002")).toBe(true);
    key(F1);
    expect(state()).toBe(St.EXPECT_HELP);
    timer(Deadline.INPUT);                 // the help screen left alone times out too
    expect(screen().includes("超时")).toBe(true);
  });
});

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

describe("R14: the pick screens of a replacement and a loss report need no password", () => {
  /** So they show only what picking needs: the masked card and its date; the holder's data stays behind the password. */
  it("shows only the masked card and its date", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + PAN + "=3012", "13552535506");
    for (let item = 0x32; item <= 0x33; item++) {
      key(item);
      if (item == 0x33) key(F2);
      expect(state()).toBe(St.EXPECT_RECORD_PICK);
      let pages = screenLines();
      for (let i = 0; i < 4; i++) { key(DOWN); if (count(2) > 0) break; pages += "\n" + screenLines(); }
      expect(pages.includes("621626")).toBe(true);
      expect(pages.includes("2026-11-26")).toBe(true);
      expect(pages.includes("张*")).toBe(false);
      expect(pages.includes("110105")).toBe(false);
      expect(pages.includes("5506")).toBe(false);
      expect(pages.includes("000000123456")).toBe(false);
      expect(pages.includes("V12345")).toBe(false);
      key(CANCEL);
    }
  });
});

describe("R14: a record's time is written for people", () => {
  /** The record's page and the receipt show 2026-11-26 10:30:00, not 20261126103000. */
  it("formats the time on the record screen and the receipt", () => {
    bootToMenu();
    enterHolder("张三", ID, "K" + PAN + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    expect(last(9).includes("时间:2026-11-26 10:30:00")).toBe(true);
    key(ENTER);
    key(0x34); keys("2468"); key(ENTER);
    let pages = screenLines();
    for (let i = 0; i < 4; i++) { key(DOWN); pages += "\n" + screenLines(); }
    expect(pages.includes("2026-11-26")).toBe(true);
    expect(pages.includes("10:30:00")).toBe(true);
    expect(pages.includes("20261126103000")).toBe(false);
  });
});

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
    twoRecords(PROFILE);
    key(CANCEL);
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

describe("R9: a record read from the store", () => {
  /** A record as SAVE wrote it lands in the slot asked for; an attempt only where attempts are allowed (RESTORE). */
  it("reads what SAVE wrote into a slot", () => {
    clearTables();
    const p = utf8("id=V1\ntype=verification\ntime=20261126103000\nresult=00\nstan=000042\npan=621626*********0018\nstatus=replaced");
    expect(loadRecord(p, lastLength, Slot.FOUND, false)).toBe(TABLE_RECORDS);
    expect(fieldIs(TABLE_RECORDS, Slot.FOUND, F.STATUS, W.REPLACED)).toBe(true);
    expect(stanOf(TABLE_RECORDS, Slot.FOUND)).toBe(42);
    const a = utf8("id=A1\ntype=attempt\ntime=20261126103000\nresult=05\nstan=000043");
    expect(loadRecord(a, lastLength, Slot.FOUND, false)).toBe(ErrorCode.FLOW_BAD_RECORD); // a query's answer is never an attempt
    expect(loadRecord(a, lastLength, Slot.FOUND, true)).toBe(TABLE_ATTEMPTS);
  });

  /** A value longer than its field, or an unknown key, is refused. */
  it("refuses what SAVE never writes", () => {
    const p = utf8("id=V2\ntype=verification\npan=62162610000000000180000");
    expect(loadRecord(p, lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD);
    const q = utf8("id=A2\ntype=attempt\nname=张*");
    expect(loadRecord(q, lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD); // attempts keep no names
    const r = utf8("id=V3\ntype=payment");
    expect(loadRecord(r, lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD);
  });
});

describe("R21: the hotlist has no cap", () => {
  /** A card reported lost, then many more records in the store than the core ever kept (64): the card is still blocked. */
  it("blocks a reported card behind a thousand newer records", () => {
    bootToMenu();
    verifyOnce("王五", "11010519491231002X", "K6216261000000000018=3012", "13552535506");
    key(0x33); card("K6216261000000000018"); key(0x31); key(ENTER); answerReport("00"); key(ENTER);
    for (let i = 0; i < 1000; i++) {
      storeRecord("id=V2026112509" + (100000 + i).toString() + "\ntype=verification\ntime=20261125090000\nresult=00\npan=621214*********0011\npanHash=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" + (10 + i % 90).toString() + "\nstatus=active");
    }
    enterUntilCard("王五", "11010519491231002X");
    card("K6216261000000000018=3012");
    expect(screen().includes("已挂失")).toBe(true);
    expect(count(3)).toBe(0); // nothing sent
  });
});

describe("R10: a restored record is masked", () => {
  /** A record with a clear name, ID, card or phone number (a checksum cannot tell) is refused at the field. */
  it("refuses a clear value, accepts the masked one", () => {
    clearTables();
    const masked = "id=V9\ntype=verification\nname=张*\nidNumber=110105********002X\npan=621626*********0018\nphone=135****5506";
    expect(loadRecord(utf8(masked), lastLength, Slot.FOUND, true)).toBe(TABLE_RECORDS);
    expect(loadRecord(utf8("id=V9\ntype=verification\nname=张三"), lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD);
    expect(getErrorField()).toBe(F.NAME);
    expect(loadRecord(utf8("id=V9\ntype=verification\nidNumber=11010519491231002X"), lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD);
    expect(getErrorField()).toBe(F.ID_NUMBER);
    expect(loadRecord(utf8("id=V9\ntype=loss\npan=6216261000000000018"), lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD);
    expect(getErrorField()).toBe(F.PAN);
    expect(getErrorOffset()).toBe(20); // the value, after "pan="
    expect(loadRecord(utf8("id=V9\ntype=verification\nphone=13512345506"), lastLength, Slot.FOUND, true)).toBe(ErrorCode.FLOW_BAD_RECORD);
    expect(getErrorField()).toBe(F.PHONE);
    const refusedLeftAlone = utf8("621626*********0018");
    expect(fieldEquals(TABLE_RECORDS, Slot.FOUND, F.PAN, refusedLeftAlone, lastLength)).toBe(true); // the refused ones left the accepted record alone
  });
});
