// The record journal (host/devices/journal.ts, storage.ts): its format, and
// recovery that loses at most the damaged entry. The exhaustive tests run the
// recovery scan on buffers (a 50-record journal with every byte flipped, and cut
// at every offset); start-up to the menu is then proven once per distinct set of
// surviving records, which is exact: the terminal sees only the records that
// survive, so two damaged files with the same survivors start up the same way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, encodeEntry, entryAt, scanJournal } from "../../host/devices/journal";
import { JournalStorage, latestById, PowerCut, readJournal } from "../../host/devices/storage";
import { powerOn } from "./support/in-process";

const enc = new TextEncoder();
const dec = new TextDecoder();
const text = (s: string) => enc.encode(s);
const tmp = () => mkdtempSync(join(tmpdir(), "realname-journal-"));
const ids = (records: { id: string }[]) => records.map((r) => r.id);

/** Records as the core saves them: masked, keyed hashes, verification and attempt records in turn. */
function coreRecords(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 1; i <= n; i++) {
    const stan = String(i).padStart(6, "0");
    const time = `20261126${String(100000 + i * 7).padStart(6, "0")}`;
    const hash = (c: string) => (c + stan).padEnd(32, "0").slice(0, 32).toUpperCase();
    out.push(text(i % 2
      ? [`id=V${time}${stan}`, "type=verification", `time=${time}`, "result=00", `rrn=${time.slice(8)}${stan}`, `stan=${stan}`, "vid=BWBPSH",
        "name=王*", "idNumber=110101********010X", "pan=622202*********0009", "phone=138****0001", `panHash=${hash("AB")}`, `idHash=${hash("CD")}`, "status=active"].join("\n")
      : [`id=A${time}${stan}`, "type=attempt", `time=${time}`, "result=05", `stan=${stan}`, `panHash=${hash("EF")}`].join("\n")));
  }
  return out;
}

function image(records: Uint8Array[]): { bytes: Uint8Array; spans: [number, number][] } {
  const entries = records.map(encodeEntry);
  const bytes = new Uint8Array(entries.reduce((n, e) => n + e.length, 0));
  const spans: [number, number][] = [];
  let at = 0;
  for (const e of entries) {
    bytes.set(e, at);
    spans.push([at, at + e.length]);
    at += e.length;
  }
  return { bytes, spans };
}

/** What the terminal would restore from an image: the record ids, oldest first. */
const survivors = (bytes: Uint8Array) => ids(latestById(scanJournal(bytes).entries).records);
const idOf = (r: Uint8Array) => dec.decode(r).split("\n")[0].slice(3);

test("journal format: CRC-32 known answer; an entry is marker, length, CRC of length and record, record", () => {
  assert.equal(crc32(text("123456789")), 0xcbf43926); // the CRC-32 check value (zlib, PNG)
  assert.equal(crc32(text("1234"), text("56789")), 0xcbf43926, "parts are one stream");
  const entry = encodeEntry(text("id=A"));
  assert.deepEqual([...entry.subarray(0, 8)], [0xff, 0x52, 0x4a, 0x02, 0, 0, 0, 4]);
  assert.equal(new DataView(entry.buffer).getUint32(8), crc32(entry.subarray(4, 8), text("id=A")));
  const found = entryAt(entry, 0);
  assert.ok(typeof found !== "string");
  assert.deepEqual(found.record, text("id=A"));
  assert.throws(() => encodeEntry(new Uint8Array(8193)), RangeError);
});

test("journal: records survive reopening, the same id keeps one record, newer bytes win", () => {
  const path = join(tmp(), "records.journal");
  const s = new JournalStorage(path);
  s.append({ id: "R1", bytes: text("id=R1\nv=1") });
  s.append({ id: "R2", bytes: text("id=R2\nv=1") });
  const size = statSync(path).size;
  s.append({ id: "R1", bytes: text("id=R1\nv=1") });
  assert.equal(statSync(path).size, size, "an identical save writes nothing");
  s.append({ id: "R1", bytes: text("id=R1\nv=2") });
  s.close();
  const again = new JournalStorage(path);
  assert.deepEqual(again.records().map((r) => [r.id, dec.decode(r.bytes)]), [["R2", "id=R2\nv=1"], ["R1", "id=R1\nv=2"]]);
  assert.deepEqual(again.recovered, []);
  assert.equal(existsSync(`${path}.quarantine`), false, "nothing set aside, no quarantine file");
  again.close();
});

test("journal: one flipped byte in the middle loses that record only; its bytes go to the quarantine file, the log says so", () => {
  const path = join(tmp(), "records.journal");
  const records = coreRecords(4);
  const { bytes, spans } = image(records);
  bytes[spans[1][0] + 20] ^= 0x01;
  writeFileSync(path, bytes);
  const logs: string[] = [];
  const s = new JournalStorage(path, { log: (l) => logs.push(l) });
  assert.deepEqual(ids(s.records()), [0, 2, 3].map((i) => idOf(records[i])));
  assert.deepEqual(s.recovered.map((d) => [d.offset, d.length, d.reason, d.torn]), [[spans[1][0], spans[1][1] - spans[1][0], "checksum does not match", false]]);
  assert.equal(logs.length, 1);
  assert.match(logs[0], new RegExp(`set aside ${spans[1][1] - spans[1][0]} damaged bytes at offset ${spans[1][0]} \\(checksum does not match\\) into records\\.journal\\.quarantine; the records before and after it were kept`));
  assert.doesNotMatch(logs[0], /never reported saved/);
  const quarantine = readFileSync(`${path}.quarantine`, "utf8").split("\n");
  assert.match(quarantine[0], new RegExp(`^# \\S+ records\\.journal offset ${spans[1][0]}, ${spans[1][1] - spans[1][0]} bytes: checksum does not match$`));
  assert.equal(quarantine.slice(1).join(""), Buffer.from(bytes.subarray(...spans[1])).toString("hex").toUpperCase(), "the damaged bytes, exactly");
  s.append({ id: "R9", bytes: text("id=R9") });
  s.close();
  const again = new JournalStorage(path);
  assert.deepEqual(again.recovered, [], "the journal was rewritten without the damage");
  assert.equal(again.records().length, 4);
  again.close();
});

test("journal: a length of FFFFFFFF, a byte inserted at the front or in the middle loses nothing else", () => {
  const records = coreRecords(14);
  const { bytes, spans } = image(records);
  const all = records.map(idOf);
  const huge = bytes.slice();
  huge.set([0xff, 0xff, 0xff, 0xff], spans[6][0] + 4);
  assert.deepEqual(survivors(huge), all.filter((_, i) => i !== 6));
  const front = new Uint8Array([0x00, ...bytes]);
  assert.deepEqual(survivors(front), all);
  assert.deepEqual(scanJournal(front).damaged.map((d) => [d.offset, d.length]), [[0, 1]]);
  const middle = new Uint8Array([...bytes.subarray(0, spans[7][0]), 0x41, ...bytes.subarray(spans[7][0])]);
  assert.deepEqual(survivors(middle), all);
});

test("journal: an incomplete last entry is dropped from the journal (kept in quarantine) and appends continue", () => {
  const dir = tmp();
  const path = join(dir, "records.journal");
  const s = new JournalStorage(path);
  s.append({ id: "R1", bytes: text("id=R1") });
  s.close();
  const whole = statSync(path).size;
  appendFileSync(path, encodeEntry(text("id=R2\nlong record")).subarray(0, 9)); // torn inside the header
  const logs: string[] = [];
  const t = new JournalStorage(path, { log: (l) => logs.push(l) });
  assert.deepEqual(t.recovered.map((d) => [d.offset, d.length, d.torn]), [[whole, 9, true]]);
  assert.match(logs[0], /set aside an incomplete last entry \(9 bytes at offset \d+; the file ends inside it, as a write cut short by a power loss leaves it\) into records\.journal\.quarantine/);
  assert.equal(statSync(path).size, whole, "the torn tail is gone from the journal");
  t.append({ id: "R3", bytes: text("id=R3") });
  t.close();
  assert.deepEqual(ids(new JournalStorage(path).records()), ["R1", "R3"]);
  writeFileSync(join(dir, "empty.journal"), "");
  assert.deepEqual(new JournalStorage(join(dir, "empty.journal")).records(), []);
});

test("journal: an entry that is not a record (no id= line) is set aside, not restored", () => {
  const path = join(tmp(), "records.journal");
  writeFileSync(path, image([text("id=R1"), text("hello"), text("id=R2")]).bytes);
  const s = new JournalStorage(path);
  assert.deepEqual(ids(s.records()), ["R1", "R2"]);
  assert.deepEqual(s.recovered.map((d) => d.reason), ["not a record (no id= line)"]);
  s.close();
});

test("journal: a version 1 file (length, CRC of the record, record) is read, resynchronised and converted", () => {
  const v1 = (r: Uint8Array) => {
    const out = new Uint8Array(8 + r.length);
    new DataView(out.buffer).setUint32(0, r.length);
    new DataView(out.buffer).setUint32(4, crc32(r));
    out.set(r, 8);
    return out;
  };
  const records = coreRecords(5);
  const parts = records.map(v1);
  parts[2][12] ^= 0x20; // damage in the middle of an old journal
  const path = join(tmp(), "records.journal");
  writeFileSync(path, Buffer.concat(parts));
  const logs: string[] = [];
  const s = new JournalStorage(path, { log: (l) => logs.push(l) });
  assert.equal(s.openedVersion, 1);
  assert.deepEqual(ids(s.records()), [0, 1, 3, 4].map((i) => idOf(records[i])));
  assert.ok(logs.some((l) => /converted from format version 1 to 2 \(4 entries\)/.test(l)));
  s.close();
  const reread = readFileSync(path);
  assert.deepEqual([...reread.subarray(0, 4)], [0xff, 0x52, 0x4a, 0x02], "rewritten in version 2");
  assert.equal(new JournalStorage(path).openedVersion, 2);
});

test("exhaustive: a 50-record journal with each byte flipped in turn loses exactly the entry holding that byte", () => {
  const records = coreRecords(50);
  const all = records.map(idOf);
  const { bytes, spans } = image(records);
  let cases = 0;
  for (const flip of [0xff, 0x01]) {
    for (let at = 0; at < bytes.length; at++) {
      const damaged = bytes.slice();
      damaged[at] ^= flip;
      const hit = spans.findIndex(([from, to]) => at >= from && at < to);
      const got = survivors(damaged);
      if (got.length !== 49 || got.includes(all[hit])) assert.deepEqual(got, all.filter((_, i) => i !== hit), `byte ${at} ^ ${flip}`);
      cases++;
    }
  }
  assert.equal(cases, 2 * bytes.length);
  console.log(`# journal flips: ${cases} damaged images of ${bytes.length} bytes, each lost exactly one record`);
});

test("exhaustive: the same journal cut at every offset keeps every entry that ends before the cut", () => {
  const records = coreRecords(50);
  const all = records.map(idOf);
  const { bytes, spans } = image(records);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const whole = spans.filter(([, to]) => to <= cut).length;
    const scan = scanJournal(bytes.subarray(0, cut));
    const got = ids(latestById(scan.entries).records);
    if (got.length !== whole) assert.deepEqual(got, all.slice(0, whole), `cut at ${cut}`);
    const tail = scan.damaged;
    assert.ok(tail.length === 0 ? cut === spans[whole - 1]?.[1] || cut === 0 : tail.length === 1 && tail[0].torn, `cut at ${cut}: the rest is one torn tail`);
  }
});

test("exhaustive start-up: for every distinct set of surviving records, the terminal reaches the menu with exactly them", { timeout: 120000 }, async () => {
  const records = coreRecords(50);
  const { bytes, spans } = image(records);
  // Every survivor set the flips and cuts above produce: all but one entry (a flip), or a prefix (a cut).
  const damagedImages: Uint8Array[] = [];
  for (let i = 0; i < spans.length; i++) {
    const flipped = bytes.slice();
    flipped[spans[i][0] + ((i * 37) % (spans[i][1] - spans[i][0]))] ^= 0xff;
    damagedImages.push(flipped);
  }
  for (let whole = 0; whole <= spans.length; whole++) damagedImages.push(bytes.slice(0, whole === spans.length ? bytes.length : spans[whole][0] + 5));
  const dir = tmp();
  let started = 0;
  for (const [n, damaged] of damagedImages.entries()) {
    const path = join(dir, `${n}.journal`);
    writeFileSync(path, damaged);
    const expected = survivors(damaged);
    const t = powerOn(path);
    try {
      assert.ok(await t.shows("主菜单"), `image ${n}: the menu; logs:\n${t.logs.join("\n")}`);
      assert.ok(t.logs.includes(`[host] power on: ${expected.length} saved record(s) indexed`), `image ${n}`);
      assert.ok(!t.logs.some((l) => /refused/.test(l)), `image ${n}: no surviving record refused`);
      assert.deepEqual(ids(readJournal(path).records), expected);
      started++;
    } finally {
      t.stop();
    }
  }
  assert.equal(started, 2 * spans.length + 1);
  console.log(`# journal start-ups: ${started} distinct survivor sets, each reached the menu`);
});

test("crash test: a record write cut at every byte leaves every earlier record and never half a record", () => {
  const dir = tmp();
  const before = coreRecords(3);
  const next = coreRecords(4)[3];
  const entryLength = encodeEntry(next).length;
  for (let cut = 0; cut <= entryLength; cut++) {
    const path = join(dir, `${cut}.journal`);
    const s = new JournalStorage(path);
    for (const r of before) s.append({ id: idOf(r), bytes: r });
    s.armPowerCut(cut);
    assert.throws(() => s.append({ id: idOf(next), bytes: next }), PowerCut);
    s.close();
    const after = new JournalStorage(path);
    const expected = before.map(idOf).concat(cut === entryLength ? [idOf(next)] : []);
    assert.deepEqual(ids(after.records()), expected, `cut after ${cut} bytes`);
    assert.equal(after.recovered.length, cut > 0 && cut < entryLength ? 1 : 0, `cut after ${cut} bytes`);
    after.append({ id: idOf(next), bytes: next }); // the operator saves again
    after.close();
    assert.deepEqual(ids(new JournalStorage(path).records()), before.map(idOf).concat(idOf(next)));
  }
});

test("fsync is a dependency: write, then fsync, and only then does append() return", () => {
  const path = join(tmp(), "records.journal");
  const calls: string[] = [];
  const s = new JournalStorage(path, { fsync: (fd) => calls.push(`fsync at ${statSync(path).size} bytes (fd ${fd > 0})`) });
  s.append({ id: "R1", bytes: text("id=R1") });
  calls.push("returned");
  assert.deepEqual(calls, [`fsync at ${encodeEntry(text("id=R1")).length} bytes (fd true)`, "returned"]);
});

test("a record the core refuses in a store answer (an unknown key, a clear PAN) is set aside and the query answered without it", { timeout: 20000 }, async () => {
  const path = join(tmp(), "records.journal");
  const [good, other] = coreRecords(2);
  const unknownKey = text(`${dec.decode(good).replace("id=V", "id=W")}\nfirmware=9`);
  const clearPan = text(dec.decode(other).replace("id=A", "id=B").replace("type=attempt", "type=loss").replace(/panHash=\w+/, "pan=6222020000001011113"));
  const s = new JournalStorage(path);
  for (const r of [good, unknownKey, clearPan, other]) s.append({ id: idOf(r), bytes: r });
  s.close();
  const t = powerOn(path);
  try {
    assert.ok(await t.shows("主菜单"), t.logs.join("\n"));
    // The records browser asks for the newest record: the two bad ones come first and are refused.
    for (const k of [0x34, ..."123456"].map((c) => (typeof c === "number" ? c : c.charCodeAt(0)))) t.terminal.post({ kind: "KEY", key: k });
    t.terminal.post({ kind: "KEY", key: 0x0d });
    assert.ok(await t.shows("001/001"), t.display.current().lines.join("/"));
    assert.deepEqual(ids(readJournal(path).records), [idOf(good), idOf(other)]);
    const setAside = t.logs.filter((l) => l.includes("set aside: refused by the core: FLOW_BAD_RECORD (-407)"));
    assert.equal(setAside.length, 2, t.logs.join("\n"));
    assert.ok(!t.logs.some((l) => l.includes("6222020000001011113")), "the log never shows the clear PAN");
    const quarantine = readFileSync(`${path}.quarantine`, "utf8");
    assert.match(quarantine, new RegExp(`record ${idOf(unknownKey)}: refused by the core: FLOW_BAD_RECORD \\(-407\\) \\(field 0,`));
    assert.match(quarantine, new RegExp(`record ${idOf(clearPan)}: refused by the core: FLOW_BAD_RECORD \\(-407\\) \\(field 9,`), "field 9 is pan (docs/ABI.md order)");
  } finally {
    t.stop();
  }
});
