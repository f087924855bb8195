// Records in the host's store (inquiry.ts, docs/ABI.md "Record queries"): the
// core asks and waits in EXPECT_RECORD; RESTORE keeps only the STAN; PURGE at
// START for the profile's retention.
import { bootToMenu, powerOn, injectKeys, restore, start, signOnAndEcho, state, count, last, enterUntilCard, PROFILE, requestText, readRequest, connect } from "./flow-helpers";
import { stored, storeRecord } from "./record-store";
import { St } from "../../assembly/flow/states";
import { ErrorCode } from "../../assembly/abi";
import { handleEvent } from "../../assembly/flow/machine";
import { queueNext } from "../../assembly/flow/queue";
import { INPUT, OUTPUT, getOutputLength } from "../../assembly/abi";
import { serve, answerKind, answerLength, ANSWER } from "./secure-double";

const OLD = "id=V20241101090000000041\ntype=verification\ntime=20241101090000\nresult=00\nstan=000041\npan=621626*********0018\npanHash=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nstatus=active";
const RECENT = "id=A20261120090000000007\ntype=attempt\ntime=20261120090000\nresult=05\nstan=000007\npanHash=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

describe("records in the host's store: PURGE (PIPL art. 19)", () => {
  /** retentionDays=365: START asks the store to purge records older than a year back from the clock; the recent one stays. */
  it("purges records past the retention at start-up", () => {
    bootToMenu();
    storeRecord(OLD);
    storeRecord(RECENT);
    powerOn(PROFILE + "\nretentionDays=365");
    injectKeys();
    start();
    expect(last(22)).toBe("20251126103000"); // the clock 2026-11-26 10:30:00, 365 days back
    expect(stored.length).toBe(1);
    expect(stored[0]).toBe(RECENT);
    signOnAndEcho();
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** Without the key nothing is purged. */
  it("keeps every record without retentionDays", () => {
    bootToMenu();
    storeRecord(OLD);
    powerOn();
    injectKeys();
    start();
    expect(count(22)).toBe(0);
    expect(stored.length).toBe(1);
  });

  /** Out of range is refused like any profile value. */
  it("refuses a retention over ten years", () => {
    expect(powerOn(PROFILE + "\nretentionDays=3651")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
  });
});

describe("records in the host's store: RESTORE keeps the STAN", () => {
  /** The numbering continues after the highest STAN restored; nothing else of the record is kept. */
  it("continues after the restored STAN", () => {
    bootToMenu();
    powerOn();
    injectKeys();
    expect(restore(OLD)).toBe(0);
    start();
    connect(); // the sign-on goes out
    readRequest();
    expect(requestText(11)).toBe("000042");
  });
});

/**
 * One event through the raw ABI, its commands drained: the store's left unanswered (the
 * store stays silent); with keyCustody=module the secure module's answered by the double.
 */
function raw(kind: i32, bytes: u8[]): i32 {
  for (let i = 0; i < bytes.length; i++) store<u8>(INPUT + <usize>i, bytes[i]);
  return rawAt(kind, bytes.length);
}

function rawAt(kind: i32, n: i32): i32 {
  const r = handleEvent(kind, n, 20261126, 103000);
  let asked = 0, askedLength = 0;
  const asking = heap.alloc(1100);
  for (let k = queueNext(); k != 0; k = queueNext()) {
    if (k < 30) continue;
    asked = k;
    askedLength = getOutputLength();
    memory.copy(asking, OUTPUT, <usize>askedLength);
  }
  if (asked != 0) {
    serve(asked, asking, askedLength);
    if (answerKind != 0) {
      memory.copy(INPUT, ANSWER, <usize>answerLength);
      rawAt(answerKind, answerLength);
    }
  }
  return r;
}

function ascii(s: string): u8[] {
  const out: u8[] = [];
  for (let i = 0; i < s.length; i++) out.push(<u8>s.charCodeAt(i));
  return out;
}

describe("records in the host's store: the answers", () => {
  /** A card presented waits for the store (EXPECT_RECORD); keys beep, an answer of the wrong kind or shape is refused and changes nothing. */
  it("waits in EXPECT_RECORD and takes only the answer asked for", () => {
    bootToMenu();
    enterUntilCard("张三", "11010519491231002X");
    expect(raw(7, ascii("K6216261000000000018=3012"))).toBeGreaterThan(0); // FIND_RECORD CARD_REPORTED
    expect(state()).toBe(St.EXPECT_RECORD);
    expect(raw(5, [0x31])).toBe(1);                                    // a key: BEEP only
    expect(state()).toBe(St.EXPECT_RECORD);
    expect(raw(21, [0, 0, 0, 0, 0, 0, 0, 0])).toBe(ErrorCode.FLOW_BAD_PAYLOAD); // ATTEMPTS was not asked
    expect(raw(20, [0, 0])).toBe(ErrorCode.FLOW_BAD_PAYLOAD);          // too short
    expect(raw(20, (<u8[]>[0, 0, 0, 1]).concat(ascii("id=V1\ntype=verification\npan=6216261000000000018")))).toBe(ErrorCode.FLOW_BAD_RECORD); // a clear PAN
    expect(raw(20, (<u8[]>[0, 0, 0, 1]).concat(ascii("id=A1\ntype=attempt\nresult=05")))).toBe(ErrorCode.FLOW_BAD_RECORD); // never an attempt
    expect(state()).toBe(St.EXPECT_RECORD);
    expect(raw(20, [0, 0, 0, 0])).toBeGreaterThan(0);                  // not reported: COUNT_ATTEMPTS next
    expect(state()).toBe(St.EXPECT_RECORD);
    expect(raw(21, [0, 0, 0, 0, 0, 0, 0, 0, 0x32])).toBe(ErrorCode.FLOW_BAD_PAYLOAD); // 9 bytes
    expect(raw(21, [0, 0, 0, 0, 0, 0, 0, 0])).toBeGreaterThan(0);     // no answers: the card is taken
    expect(state()).toBe(St.EXPECT_PHONE);
  });

  /** The counts the store gives decide: three failures in a row, the newest an hour ago, lock the card (R16). */
  it("refuses a card the store's counts lock", () => {
    bootToMenu();
    enterUntilCard("张三", "11010519491231002X");
    raw(7, ascii("K6216261000000000018=3012"));
    raw(20, [0, 0, 0, 0]);
    expect(raw(21, (<u8[]>[0, 0, 0, 3, 0, 0, 0, 3]).concat(ascii("20261126093000")))).toBeGreaterThan(0);
    expect(state()).toBe(St.EXPECT_ACK);
  });
});
