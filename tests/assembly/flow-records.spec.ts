// The record tables (R9, R14, R21): saving an id twice keeps one record,
// a full table forgets its oldest records but never a lost/stolen one (the
// local hotlist), and restored records come back masked.
import { restoreRecord, countMatching, FILTER_ALL, TABLE_RECORDS, RECORD_SLOTS, clearTables, fieldIs, F, nthNewest } from "../../assembly/flow/records";
import { checkCard, CARD_BLOCKED, CARD_OK } from "../../assembly/flow/policy";
import { utf8, lastLength } from "./flow-helpers";
import { ErrorCode } from "../../assembly/abi";

const HASH_LOST = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
let hashPtr: usize = 0;

function record(id: string, status: string, hash: string): i32 {
  const p = utf8("id=" + id + "\ntype=verification\ntime=20261126103000\nresult=00\npan=621626*********0018\npanHash=" + hash + "\nstatus=" + status);
  return restoreRecord(p, lastLength);
}

describe("R9: saved records", () => {
  /** The same id restored twice is one record, its status the latest. */
  it("keeps one record per id", () => {
    clearTables();
    expect(record("V1", "active", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")).toBe(0);
    expect(record("V1", "replaced", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")).toBe(0);
    expect(countMatching(TABLE_RECORDS, FILTER_ALL)).toBe(1);
    const s = nthNewest(TABLE_RECORDS, 0, FILTER_ALL);
    expect(fieldIs(TABLE_RECORDS, s, F.STATUS, "replaced")).toBe(true);
  });

  /** A value longer than its field, or an unknown key, is refused. */
  it("refuses what SAVE never writes", () => {
    const p = utf8("id=V2\ntype=verification\npan=62162610000000000180000");
    expect(restoreRecord(p, lastLength)).toBe(ErrorCode.FLOW_BAD_RECORD);
    const q = utf8("id=A2\ntype=attempt\nname=张*");
    expect(restoreRecord(q, lastLength)).toBe(ErrorCode.FLOW_BAD_RECORD); // attempts keep no names
    const r = utf8("id=V3\ntype=payment");
    expect(restoreRecord(r, lastLength)).toBe(ErrorCode.FLOW_BAD_RECORD);
  });
});

describe("R21: the hotlist outlives a full table", () => {
  /** One lost card, then twice the table's size of other records: the lost card is still blocked. */
  it("never evicts a lost card first", () => {
    clearTables();
    expect(record("L0", "lost", HASH_LOST)).toBe(0);
    for (let i = 0; i < 2 * RECORD_SLOTS; i++) record("V" + i.toString(), "active", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" + (i % 10).toString());
    expect(countMatching(TABLE_RECORDS, FILTER_ALL)).toBe(RECORD_SLOTS);
    hashPtr = utf8(HASH_LOST);
    expect(checkCard(hashPtr, 29000000)).toBe(CARD_BLOCKED);
    const other = utf8("DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD");
    expect(checkCard(other, 29000000)).toBe(CARD_OK);
  });
});
