// ISO 8583 through the release module: published messages decode to their
// fields, seeded random messages round-trip in every dialect, random bytes
// never trap, and memory does not grow over a million pack/unpack cycles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Core, projectRoot } from "../../host/core";
import { DIALECTS, DialectName, FieldClass, Iso8583, Iso8583Error, fromHex, toHex } from "../../host/api/iso8583";

const core = new Core();
const iso = new Iso8583(core);
const vectors = (name: string) => JSON.parse(readFileSync(join(projectRoot(), "tests/vectors", name), "utf8"));

/** A small seeded PRNG (mulberry32) so every run tests the same messages. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join("");

/** A random message for `dialect`: every defined field present with probability `density`. */
function randomMessage(dialect: DialectName, next: () => number, density: number): Record<string, string> {
  const int = (n: number) => Math.floor(next() * n);
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join("");
  const hex = (n: number) => Array.from({ length: n }, () => int(256).toString(16).toUpperCase().padStart(2, "0")).join("");
  const msg: Record<string, string> = { t: digits(4) };
  if (dialect === "cup") {
    msg.tpdu = "60" + hex(4);
    msg.header = hex(6);
  }
  for (let f = 2; f <= 128; f++) {
    const s = iso.spec(dialect, f);
    if (s.cls === FieldClass.Undefined || next() >= density) continue;
    const len = s.lengthType === 0 ? s.max : int(Math.min(s.max, 60) + 1);
    switch (s.cls) {
      case FieldClass.N: msg[f] = digits(len); break;
      case FieldClass.Z: {
        const d = digits(len);
        msg[f] = len > 2 && next() < 0.7 ? d.slice(0, len >> 1) + "=" + d.slice((len >> 1) + 1) : d;
        break;
      }
      case FieldClass.AN: msg[f] = Array.from({ length: len }, () => PRINTABLE[int(95)]).join(""); break;
      case FieldClass.ANS: {
        // printable ASCII, sometimes Chinese (3 UTF-8 bytes each) within the byte budget
        let v = "";
        let bytes = 0;
        while (bytes < len) {
          if (len - bytes >= 3 && next() < 0.1) { v += "实"; bytes += 3; }
          else { v += PRINTABLE[int(95)]; bytes += 1; }
        }
        msg[f] = v;
        break;
      }
      case FieldClass.B: msg[f] = hex(len); break;
    }
  }
  return msg;
}

for (const file of ["iso8583-cup.json", "iso8583-ascii87.json"]) {
  test(`published messages in ${file} decode to their fields and pack back to the same bytes`, () => {
    const v = vectors(file);
    assert.ok(v.vectors.length > 0);
    for (const vec of v.vectors) {
      const bytes = vec.hex !== undefined ? fromHex(vec.hex) : new TextEncoder().encode(vec.text);
      if (vec.error) {
        assert.throws(() => iso.unpack(vec.dialect, bytes), (e: unknown) =>
          e instanceof Iso8583Error && e.failure.code === vec.error.code && e.failure.field === vec.error.field, vec.name);
        continue;
      }
      const decoded = Object.fromEntries(iso.unpack(vec.dialect, bytes));
      assert.deepEqual(decoded, vec.fields, vec.name);
      assert.equal(toHex(iso.pack(vec.dialect, vec.fields)), toHex(bytes), vec.name);
    }
  });
}

test("the published cup purchase has its MAC region from the MTI up to field 64", () => {
  const vec = vectors("iso8583-cup.json").vectors[0];
  const bytes = fromHex(vec.hex);
  iso.unpack("cup", bytes);
  assert.deepEqual(iso.macRegion(), [13, bytes.length - 8 - 13]);
});

for (const dialect of DIALECTS) {
  test(`${dialect}: 10,000 seeded random messages round-trip pack -> unpack -> pack`, () => {
    const next = rng(0x8583 + DIALECTS.indexOf(dialect));
    let fields = 0;
    for (let i = 0; i < 10_000; i++) {
      const msg = randomMessage(dialect, next, i % 10 === 0 ? 0.9 : 0.2);
      let packed: Uint8Array;
      try {
        packed = iso.pack(dialect, msg);
      } catch (e) {
        assert.fail(`message ${i} ${JSON.stringify(msg)}: ${(e as Error).message}`);
      }
      const back = Object.fromEntries(iso.unpack(dialect, packed));
      delete back.p;
      delete back["1"];
      assert.deepEqual(back, msg, `message ${i}`);
      assert.equal(toHex(iso.pack(dialect, back)), toHex(packed), `message ${i}`);
      fields += Object.keys(msg).length;
    }
    assert.ok(fields > 10_000 * 5, "the generator produced real messages");
  });
}

test("random bytes and mutated messages never trap in any dialect", () => {
  const next = rng(42);
  const int = (n: number) => Math.floor(next() * n);
  let refused = 0;
  let accepted = 0;
  for (const dialect of DIALECTS) {
    const valid = iso.pack(dialect, randomMessage(dialect, next, 0.5));
    for (let i = 0; i < 5_000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = new Uint8Array(int(300)).map(() => int(256));
        if (dialect === "cup" && bytes.length >= 3 && i % 4 === 0) {
          // a plausible frame: the right length and TPDU id, random after that
          bytes[0] = (bytes.length - 2) >> 8;
          bytes[1] = (bytes.length - 2) & 0xff;
          bytes[2] = 0x60;
        }
      } else {
        bytes = valid.slice(0, int(valid.length + 1));
        for (let k = int(4); k > 0 && bytes.length; k--) bytes[int(bytes.length)] = int(256);
      }
      const n = core.setInput(bytes);
      const r = core.call("iso8583Unpack", DIALECT_NUMBER(dialect), n);
      if (r < 0) refused++;
      else accepted++;
    }
  }
  assert.equal(core.faults, 0);
  assert.ok(refused > 0 && accepted > 0, `refused ${refused}, accepted ${accepted}`);
});

function DIALECT_NUMBER(d: DialectName): number {
  return DIALECTS.indexOf(d);
}

test("memory does not grow over 1,000,000 pack/unpack cycles", () => {
  const fresh = new Core();
  const x = fresh.exports;
  const msg = randomMessage("cup", rng(7), 0.6);
  const records = iso.encodeRecords("cup", msg);
  const packed = iso.pack("cup", msg);
  const input = new Uint8Array(x.memory.buffer, x.inputBuffer(), x.inputCapacity());
  const before = fresh.memoryBytes();
  for (let i = 0; i < 1_000_000; i++) {
    input.set(records);
    if (x.iso8583Pack(2, records.length) <= 0) assert.fail("pack failed");
    input.set(packed);
    if (x.iso8583Unpack(2, packed.length) <= 0) assert.fail("unpack failed");
  }
  assert.equal(fresh.memoryBytes(), before);
});

test("bin87 reads the npm package iso_8583's own output field for field", async () => {
  const { createRequire } = await import("node:module");
  const Iso = createRequire(import.meta.url)("iso_8583");
  const data: Record<string, string> = {
    "0": "0100", "2": "6224240000000017", "3": "310000", "4": "000000000000", "11": "000042",
    "22": "021", "35": "6224240000000017=2806201", "41": "12345678", "42": "123456789012345", "49": "156",
  };
  const raw: Buffer = new Iso(data).getRawMessage();
  assert.ok(Buffer.isBuffer(raw));
  const decoded = Object.fromEntries(iso.unpack("bin87", new Uint8Array(raw)));
  const { t, p, "1": secondary, ...rest } = decoded;
  assert.equal(t, "0100");
  assert.equal(secondary, "0000000000000000", "iso_8583 always sends an (empty) secondary bitmap");
  assert.match(p, /^[89A-F]/, "with bit 1 set");
  const { "0": _mti, ...expected } = data;
  assert.deepEqual(rest, expected);
});

test("the exports refuse malformed records and oversized input without trapping", () => {
  const x = core.exports;
  // a record whose length runs past the input
  let n = core.setInput(new Uint8Array([0, 0, 4, 0x30, 0x32]));
  assert.equal(core.call("iso8583Pack", 2, n), -201);
  // a record header cut short
  n = core.setInput(new Uint8Array([0, 0]));
  assert.equal(core.call("iso8583Pack", 2, n), -201);
  // a field number past the pseudo-fields
  n = core.setInput(new Uint8Array([196, 0, 1, 0x30]));
  assert.equal(core.call("iso8583Pack", 2, n), -211);
  // lengths beyond the input buffer
  assert.equal(core.call("iso8583Pack", 2, x.inputCapacity() + 1), -1);
  assert.equal(core.call("iso8583Unpack", 2, -5), -1);
  assert.equal(core.call("iso8583FieldSpec", 9, 2), -210);
  assert.equal(core.call("iso8583FieldSpec", 2, 500) & 15, 0);
  assert.equal(core.faults, 0);
});
