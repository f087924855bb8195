// The host's index over the saved records (host/devices/record-index.ts): the
// rules of docs/ABI.md "Record queries" — newest is saved last, each filter,
// the attempt counts, PURGE, a reported card's records read as reported — and
// the journal's remove() behind PURGE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordFilter } from "../../host/generated/abi";
import { RecordIndex, storeAnswer } from "../../host/devices/record-index";
import { JournalStorage, readJournal } from "../../host/devices/storage";

const enc = new TextEncoder();
const dec = new TextDecoder();
const A = "A".repeat(32), B = "B".repeat(32), H = "C".repeat(32);

function verification(id: string, time: string, stan: string, pan: string, status = "active", extra: string[] = []): Uint8Array {
  return enc.encode([`id=${id}`, "type=verification", `time=${time}`, "result=00", `stan=${stan}`, `panHash=${pan}`, `idHash=${H}`, `status=${status}`, ...extra].join("\n"));
}
function attempt(id: string, time: string, stan: string, pan: string, result: string): Uint8Array {
  return enc.encode([`id=${id}`, "type=attempt", `time=${time}`, `result=${result}`, `stan=${stan}`, `panHash=${pan}`].join("\n"));
}
const idOf = (r?: Uint8Array) => (r ? dec.decode(r).split("\n")[0].slice(3) : undefined);

test("newest is saved last: a record saved again moves to the newest place, once", () => {
  const index = new RecordIndex();
  index.put(verification("V1", "20261101090000", "000001", A));
  index.put(verification("V2", "20261102090000", "000002", B));
  assert.equal(idOf(index.find(RecordFilter.ALL, 0, "").record), "V2");
  index.put(verification("V1", "20261101090000", "000001", A, "lost"));
  const all = index.find(RecordFilter.ALL, 0, "");
  assert.equal(all.count, 2);
  assert.equal(idOf(all.record), "V1");
  assert.equal(idOf(index.find(RecordFilter.ALL, 1, "").record), "V2");
  assert.equal(index.find(RecordFilter.ALL, 2, "").record, undefined);
});

test("each filter selects what docs/ABI.md says", () => {
  const index = new RecordIndex([
    { id: "V1", bytes: verification("V1", "20261101090000", "000001", A, "replaced", ["replacedBy=V3"]) },
    { id: "V2", bytes: verification("V2", "20261102090000", "000002", B, "lost") },
    { id: "V3", bytes: verification("V3", "20261103090000", "000003", A, "stolen", ["replacedBy=V9"]) },
    { id: "L4", bytes: enc.encode(["id=L4", "type=loss", "time=20261104090000", "stan=000004", `panHash=${A}`, "status=lost"].join("\n")) },
    { id: "A5", bytes: attempt("A5", "20261105090000", "000005", A, "05") },
  ]);
  const ids = (filter: number, hash = "") => {
    const out: string[] = [];
    for (let r = 0; ; r++) {
      const f = index.find(filter, r, hash);
      if (!f.record) return out;
      out.push(idOf(f.record)!);
    }
  };
  assert.deepEqual(ids(RecordFilter.ALL), ["L4", "V3", "V2", "V1"]); // attempts are never found
  assert.deepEqual(ids(RecordFilter.CARDS), ["V3", "V2"]);
  assert.deepEqual(ids(RecordFilter.CARD, A), ["L4", "V3", "V1"]);
  assert.deepEqual(ids(RecordFilter.CARD_REPORTED, A), ["L4", "V3"]);
  assert.deepEqual(ids(RecordFilter.HOLDER_REPORTED, H), ["V2"]); // V3 is reported but already replaced
  assert.equal(index.find(99, 0, "").count, 0);
});

test("a reported card is reported in every record: each reads with the card's newest report; the filters select by the status saved", () => {
  const index = new RecordIndex();
  index.put(verification("V1", "20261101090000", "000001", A));
  index.put(verification("V2", "20261102090000", "000002", A));
  index.put(verification("V3", "20261103090000", "000003", B));
  const status = (r?: Uint8Array) => (r ? /^status=(.*)$/m.exec(dec.decode(r))?.[1] : undefined);
  assert.equal(status(index.find(RecordFilter.CARD, 1, A).record), "active");
  index.put(verification("V2", "20261102090000", "000002", A, "lost")); // the report: one record saved, the card's newest
  assert.deepEqual([0, 1, 2].map((r) => `${idOf(index.find(RecordFilter.ALL, r, "").record)}:${status(index.find(RecordFilter.ALL, r, "").record)}`),
    ["V2:lost", "V3:active", "V1:lost"]);
  assert.equal(status(index.find(RecordFilter.CARDS, 2, "").record), "lost"); // saved active: the picker lists it, reported
  assert.equal(status(index.readAs(verification("V1", "20261101090000", "000001", A))), "lost"); // what `records` prints
  assert.equal(index.find(RecordFilter.HOLDER_REPORTED, 0, H).count, 1); // only the record the report saved
  assert.equal(index.find(RecordFilter.CARD_REPORTED, 0, A).count, 1);
  index.put(verification("V1", "20261101090000", "000001", A, "stolen")); // reported again, stolen: the newest report wins
  assert.equal(status(index.find(RecordFilter.CARD, 1, A).record), "stolen");
  assert.equal(status(index.readAs(enc.encode("id=S\ntype=settings\nlanguage=en"))), undefined);
});

test("attempts: answers since a time, failures back to the newest success, the newest failure's time", () => {
  const index = new RecordIndex();
  index.put(attempt("A1", "20261125080000", "000001", A, "05"));
  index.put(attempt("A2", "20261125100000", "000002", A, "00"));
  index.put(attempt("A3", "20261126080000", "000003", A, "05"));
  index.put(attempt("A4", "20261126090000", "000004", A, "14"));
  index.put(attempt("B1", "20261126090000", "000005", B, "05"));
  assert.deepEqual(index.attempts(A, "20261125090000"), { answers: 3, failuresInRow: 2, newestFailure: "20261126090000" });
  assert.deepEqual(index.attempts(A, "20261126090000"), { answers: 0, failuresInRow: 2, newestFailure: "20261126090000" });
  assert.deepEqual(index.attempts(H, "20261125090000"), { answers: 0, failuresInRow: 0 });
  const { answer } = storeAnswer(index, { kind: "COUNT_ATTEMPTS", hash: B, since: "20261125090000" });
  assert.deepEqual(answer, { kind: "ATTEMPTS", answers: 1, failuresInRow: 1, newestFailure: "20261126090000" });
});

test("power-on records: the settings record and the highest STAN, the next highest once one is dropped", () => {
  const index = new RecordIndex();
  index.put(verification("V7", "20261101090000", "000007", A));
  index.put(enc.encode("id=S\ntype=settings\nlanguage=en"));
  index.put(attempt("A3", "20261102090000", "000003", A, "05"));
  assert.equal(idOf(index.powerOnRecords().settings), "S");
  assert.equal(idOf(index.powerOnRecords().highestStan), "V7");
  index.drop("V7");
  assert.equal(idOf(index.powerOnRecords().highestStan), "A3");
});

test("PURGE: records older than the cut-off leave the index and, for good, the journal", () => {
  const path = join(mkdtempSync(join(tmpdir(), "realname-index-")), "records.journal");
  const storage = new JournalStorage(path);
  const records = [
    verification("V1", "20241101090000", "000001", A), attempt("A2", "20241102090000", "000002", A, "05"),
    verification("V3", "20261101090000", "000003", B), enc.encode("id=S\ntype=settings\nlanguage=en"),
  ];
  for (const r of records) storage.append({ id: idOf(r)!, bytes: r });
  const index = new RecordIndex(storage.records());
  const { purged } = storeAnswer(index, { kind: "PURGE", before: "20251126103000" });
  assert.deepEqual(purged, ["V1", "A2"]);
  storage.remove(purged!);
  storage.close();
  assert.deepEqual(readJournal(path).records.map((r) => r.id), ["V3", "S"]);
  assert.equal(index.find(RecordFilter.ALL, 0, "").count, 1);
  assert.deepEqual(index.attempts(A, "20000101000000"), { answers: 0, failuresInRow: 0 });
});
