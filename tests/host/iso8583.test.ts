// ISO 8583 through the release module: published messages decode to their
// fields, seeded random messages round-trip in every dialect, random bytes
// never trap, and memory does not grow over a million pack/unpack cycles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, toolsCore } from "../../host/core";
import { ErrorCode, TOOLS_INPUT_CAPACITY } from "../../host/generated/abi";
import { DIALECT_NUMBER, DIALECTS, DialectName, FieldClass, Iso8583, Iso8583Error, fromHex, isCupFramed, toHex } from "../../host/api/iso8583";
import * as cryptoApi from "../../host/api/crypto";
import { HexError } from "../../host/hex";
import { maskPan } from "../../host/mask";
import { maskedDump } from "../../host/acquirer/message";
import { dumpTable } from "../../host/cli/iso8583";

const core = toolsCore();
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
  if (isCupFramed(dialect)) {
    msg.tpdu = "60" + hex(4);
    msg.header = hex(6);
  }
  for (let f = 2; f <= 128; f++) {
    const s = iso.spec(dialect, f);
    if (s.cls === FieldClass.UNDEFINED || next() >= density) continue;
    const len = s.lengthType === 0 ? s.max : int(Math.min(s.max, 60) + 1);
    switch (s.cls) {
      case FieldClass.N: msg[f] = digits(len); break;
      case FieldClass.Z: {
        // a clear track (digits, one '=') or, sometimes, an encrypted one (any of the 16 track characters)
        const d = next() < 0.2 ? Array.from({ length: len }, () => String.fromCharCode(0x30 + int(16))).join("") : digits(len);
        msg[f] = len > 2 && next() < 0.7 ? d.slice(0, len >> 1) + "=" + d.slice((len >> 1) + 1) : d;
        break;
      }
      case FieldClass.AN: msg[f] = Array.from({ length: len }, () => PRINTABLE[int(95)]).join(""); break;
      case FieldClass.ANS: {
        // printable ASCII, sometimes Chinese (3 UTF-8 bytes each) within the byte budget
        let v = "";
        let bytes = 0;
        while (bytes < len) {
          // pyiso8583's ascii codec (ascii87/bin87) refuses bytes above 0x7F; cup carries GBK/UTF-8
          if (isCupFramed(dialect) && len - bytes >= 3 && next() < 0.1) { v += "实"; bytes += 3; }
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

/** A cup frame body with its 2-byte big-endian length in front. */
function withLength(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 2);
  out[0] = body.length >> 8;
  out[1] = body.length & 0xff;
  out.set(body, 2);
  return out;
}

for (const file of ["iso8583-cup.json", "iso8583-cup-layouts.json", "iso8583-ascii87.json"]) {
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
      // a cup capture published without its 2-byte length packs back with it
      const framed = isCupFramed(vec.dialect) && bytes[0] === 0x60 ? withLength(bytes) : bytes;
      assert.equal(toHex(iso.pack(vec.dialect, vec.fields)), toHex(framed), vec.name);
    }
  });
}

/** Each public layout of field 60 packs to its published wire form inside a cup sign-on and reads back whole. */
test("field 60 in every public subfield layout, up to the 19 digits an acquirer sends", () => {
  const layouts = vectors("iso8583-cup-layouts.json").field60 as Array<{ name: string; value: string; wire: string; subfields: Record<string, string> }>;
  assert.ok(layouts.length >= 5);
  for (const layout of layouts) {
    const subfieldDigits = Object.values(layout.subfields).join("");
    assert.equal(subfieldDigits, layout.value, `${layout.name}: the subfields make up the value`);
    const message = { tpdu: "6000030000", header: "603100000000", t: "0800", "11": "000001", "41": "12345678", "42": "123456789012345", "60": layout.value };
    const packed = toHex(iso.pack("cup", message));
    assert.ok(packed.endsWith(layout.wire), `${layout.name}: ${packed} ends with ${layout.wire}`);
    assert.equal(Object.fromEntries(iso.unpack("cup", fromHex(packed)))["60"], layout.value, layout.name);
  }
});

test("the published cup purchase has its MAC region from the MTI up to field 64", () => {
  const vec = vectors("iso8583-cup.json").vectors[0];
  const bytes = fromHex(vec.hex);
  iso.unpack("cup", bytes);
  assert.deepEqual(iso.macRegion(), [13, bytes.length - 8 - 13]);
});

/** A host that reads the region after a failed call must not get the previous message's: every pack/unpack export that fails leaves it empty. */
test("a failed pack or unpack leaves no MAC region of an earlier message", () => {
  const bytes = fromHex(vectors("iso8583-cup.json").vectors[0].hex);
  const failures: Array<() => number> = [
    () => core.call("iso8583Pack", 2, core.setInput(new Uint8Array([0, 0]))), // records cut short
    () => core.call("iso8583Pack", 2, -1),
    () => core.call("iso8583Unpack", 9, core.setInput(bytes)),                // no such dialect
    () => core.call("iso8583Unpack", 2, core.setInput(bytes.subarray(0, bytes.length - 3))),
  ];
  for (const [i, failing] of failures.entries()) {
    iso.unpack("cup", bytes);
    assert.deepEqual(iso.macRegion(), [13, bytes.length - 8 - 13]);
    assert.ok(failing() < 0, `call ${i} fails`);
    assert.deepEqual(iso.macRegion(), [0, 0], `call ${i}`);
  }
});

// pyiso8583 iso8583/specs.py, `default` (fields 2..128): length type (0 fixed, 2 LL, 3 LLL)
// and max_len, transcribed row by row; b marks data_enc "b" (in `default_ascii` the same
// fields are ASCII hex of twice the length: 52/64/65/96/128 16, 55 LLL 510).
const PYISO8583_DEFAULT: Record<number, [number, number, boolean?]> = (() => {
  const t: Record<number, [number, number, boolean?]> = {};
  const put = (from: number, to: number, type: number, max: number, b = false) => { for (let f = from; f <= to; f++) t[f] = [type, max, b]; };
  put(2, 2, 2, 19); put(3, 3, 0, 6); put(4, 6, 0, 12); put(7, 7, 0, 10); put(8, 10, 0, 8); put(11, 12, 0, 6);
  put(13, 18, 0, 4); put(19, 24, 0, 3); put(25, 26, 0, 2); put(27, 27, 0, 1); put(28, 31, 0, 9); put(32, 33, 2, 11);
  put(34, 34, 2, 28); put(35, 35, 2, 37); put(36, 36, 3, 104); put(37, 37, 0, 12); put(38, 38, 0, 6); put(39, 39, 0, 2);
  put(40, 40, 0, 3); put(41, 41, 0, 8); put(42, 42, 0, 15); put(43, 43, 0, 40); put(44, 44, 2, 25); put(45, 45, 2, 76);
  put(46, 48, 3, 999); put(49, 51, 0, 3); put(52, 52, 0, 8, true); put(53, 53, 0, 16); put(54, 54, 3, 240);
  put(55, 55, 3, 255, true); put(56, 63, 3, 999); put(64, 65, 0, 8, true); put(66, 66, 0, 1); put(67, 67, 0, 2);
  put(68, 70, 0, 3); put(71, 72, 0, 4); put(73, 73, 0, 6); put(74, 81, 0, 10); put(82, 85, 0, 12); put(86, 89, 0, 16);
  put(90, 90, 0, 42); put(91, 91, 0, 1); put(92, 92, 0, 2); put(93, 93, 0, 5); put(94, 94, 0, 7); put(95, 95, 0, 42);
  put(96, 96, 0, 8, true); put(97, 97, 0, 17); put(98, 98, 0, 25); put(99, 100, 2, 11); put(101, 101, 2, 17);
  put(102, 103, 2, 28); put(104, 104, 3, 100); put(105, 127, 3, 999); put(128, 128, 0, 8, true);
  return t;
})();

test("ascii87 and bin87 field rows agree with pyiso8583's default / default_ascii row by row", () => {
  for (const dialect of ["ascii87", "bin87"] as const) {
    for (let f = 2; f <= 128; f++) {
      const [type, max, b] = PYISO8583_DEFAULT[f];
      const s = iso.spec(dialect, f);
      assert.deepEqual([s.lengthType, s.max, s.cls === FieldClass.B], [type, max, b === true], `${dialect} field ${f}`);
    }
    assert.equal(iso.spec(dialect, 129).cls, FieldClass.UNDEFINED);
  }
  // on the wire: ascii87 b fields are hex of twice the length, bin87 raw
  const full = Object.fromEntries([52, 64, 65, 96, 128].map((f) => [String(f), "0123456789ABCDEF"]));
  const ascii = iso.pack("ascii87", { t: "0800", ...full });
  const bin = iso.pack("bin87", { t: "0800", ...full });
  assert.equal(ascii.length, 4 + 32 + 5 * 16);
  assert.equal(bin.length, 4 + 16 + 5 * 8);
});

test("a cup frame without its length prefix (first byte the TPDU id 0x60) unpacks to the same fields", () => {
  const vec = vectors("iso8583-cup.json").vectors[0];
  const framed = fromHex(vec.hex);
  const bare = framed.subarray(2);
  assert.equal(bare[0], 0x60);
  assert.deepEqual(Object.fromEntries(iso.unpack("cup", bare)), vec.fields);
  // the MAC region starts at the MTI: 11 bytes in (TPDU 5 + header 6), not 13
  assert.deepEqual(iso.macRegion(), [11, bare.length - 8 - 11]);
  // pack always emits the prefix
  assert.equal(toHex(iso.pack("cup", vec.fields)), toHex(framed));
  // without the prefix there is no declared length to check, so a cut frame fails on its fields
  assert.throws(() => iso.unpack("cup", bare.subarray(0, bare.length - 1)), (e: unknown) =>
    e instanceof Iso8583Error && e.failure.code === ErrorCode.ISO_TRUNCATED && e.failure.field === 64);
  assert.throws(() => iso.unpack("cup", Uint8Array.of(0x60)), (e: unknown) => e instanceof Iso8583Error && e.failure.code === ErrorCode.ISO_TRUNCATED);
  // with the prefix, a first byte other than 0x60 is still a length that must match
  const wrong = framed.slice();
  wrong[1] ^= 1;
  assert.throws(() => iso.unpack("cup", wrong), (e: unknown) => e instanceof Iso8583Error && e.failure.field === -1);
});

test("ascii87 and bin87 refuse text bytes above 0x7F both ways (pyiso8583's ascii codec does); cup keeps them", () => {
  for (const dialect of ["ascii87", "bin87"] as const) {
    assert.throws(() => iso.pack(dialect, { t: "0200", "43": "实".padEnd(38, " ") }), (e: unknown) =>
      e instanceof Iso8583Error && e.failure.code === ErrorCode.ISO_BAD_CHARACTER && e.failure.field === 43, dialect);
    const good = iso.pack(dialect, { t: "0200", "48": "abc" });
    const bad = good.slice();
    bad[bad.length - 1] = 0xe5;
    assert.throws(() => iso.unpack(dialect, bad), (e: unknown) =>
      e instanceof Iso8583Error && e.failure.code === ErrorCode.ISO_BAD_CHARACTER && e.failure.field === 48, dialect);
    // control characters are ASCII: pyiso8583 takes them in ans fields, so does this core
    assert.deepEqual(Object.fromEntries(iso.unpack(dialect, iso.pack(dialect, { t: "0200", "48": "a\tb" })))["48"], "a\tb");
  }
  const cup = iso.pack("cup", { tpdu: "6000030000", header: "603100000000", t: "0800", "63": "实名" });
  assert.equal(Object.fromEntries(iso.unpack("cup", cup))["63"], "实名");
});

test("ascii87 reads lower-case hex bitmaps and b fields (pyiso8583 uses bytes.fromhex) and writes upper case", () => {
  // field 52 (bit 52: byte 7 = 0x10), then its 8 bytes as 16 hex characters
  const upper = new TextEncoder().encode("0200" + "0000000000001000" + "12345678ABCDEF01");
  const lower = new TextEncoder().encode("0200" + "0000000000001000" + "12345678abcdef01");
  assert.deepEqual(iso.unpack("ascii87", lower), iso.unpack("ascii87", upper));
  assert.deepEqual(Object.fromEntries(iso.unpack("ascii87", lower)), { t: "0200", p: "0000000000001000", "52": "12345678ABCDEF01" });
  assert.equal(new TextDecoder().decode(iso.pack("ascii87", { t: "0200", "52": "12345678abcdef01" })), new TextDecoder().decode(upper));
  // bits 1 and 2 set in lower case, an empty secondary bitmap, field 2 = "1"
  const lowerMap = new TextEncoder().encode("0200" + "c000000000000000" + "0000000000000000" + "01" + "1");
  assert.deepEqual(Object.fromEntries(iso.unpack("ascii87", lowerMap)), { t: "0200", p: "C000000000000000", "1": "0000000000000000", "2": "1" });
});

test("an empty variable-length field packs as a zero length and unpacks as present and empty (as pyiso8583)", () => {
  const ascii = iso.pack("ascii87", { t: "0200", "2": "" });
  assert.equal(new TextDecoder().decode(ascii), "0200400000000000000000");
  assert.deepEqual(Object.fromEntries(iso.unpack("ascii87", ascii)), { t: "0200", p: "4000000000000000", "2": "" });
  const bin = iso.pack("bin87", { t: "0200", "55": "" });
  assert.deepEqual(Object.fromEntries(iso.unpack("bin87", bin)), { t: "0200", p: "0000000000000200", "55": "" });
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
        if (isCupFramed(dialect) && bytes.length >= 3 && i % 4 === 0) {
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
      const r = core.call("iso8583Unpack", DIALECT_NUMBER[dialect], n);
      if (r < 0) refused++;
      else accepted++;
    }
  }
  assert.equal(core.faults, 0);
  assert.ok(refused > 0 && accepted > 0, `refused ${refused}, accepted ${accepted}`);
});

test("memory does not grow over 1,000,000 pack/unpack cycles", () => {
  const fresh = toolsCore();
  const x = fresh.exports;
  const msg = randomMessage("cup", rng(7), 0.6);
  const records = iso.records("cup", iso.fromJson("cup", msg));
  const packed = iso.pack("cup", msg);
  const input = new Uint8Array(x.memory.buffer, x.inputBuffer(), TOOLS_INPUT_CAPACITY);
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

/** The typed API reads iso_8583's bytes into strings and bytes (no hex), and packs them back. */
test("typed API: iso_8583's message unpacks to text and bytes and packs back to the same fields", async () => {
  const { createRequire } = await import("node:module");
  const Iso = createRequire(import.meta.url)("iso_8583");
  const data = { "0": "0200", "2": "6224240000000017", "35": "6224240000000017=2806201", "41": "12345678", "52": "0123456789ABCDEF" };
  const raw = new Uint8Array(new Iso(data).getRawMessage());
  const m = iso.unpackMessage("bin87", raw);
  assert.equal(m.mti, "0200");
  assert.equal(m.fields[2], "6224240000000017");
  assert.equal(m.fields[35], "6224240000000017=2806201");
  assert.deepEqual(m.fields[52], fromHex("0123456789ABCDEF"), "a b field is its bytes");
  assert.deepEqual(m.fields[1], new Uint8Array(8), "the secondary bitmap iso_8583 always sends, as bytes");
  assert.ok(m.bitmap instanceof Uint8Array && m.bitmap.length === 8);
  // packed again without the empty secondary bitmap (the core computes bitmaps): 8 bytes shorter
  const again = iso.packMessage("bin87", m);
  assert.equal(again.length, raw.length - 8);
  const { 1: _secondary, ...fields } = m.fields;
  assert.deepEqual(iso.unpackMessage("bin87", again).fields, fields);
});

test("typed API: the same bytes as the JSON path, non-ASCII text both ways, each result its own copy", () => {
  const json = { tpdu: "6000030000", header: "603100000000", t: "0800", "11": "000001", "41": "12345678", "42": "123456789012345", "63": "实名 ok" };
  const typed = iso.fromJson("cup", json);
  assert.deepEqual(typed.tpdu, fromHex("6000030000"));
  const first = iso.packMessage("cup", typed);
  assert.equal(toHex(first), toHex(iso.pack("cup", json)));
  const back = iso.unpackMessage("cup", first);
  assert.equal(back.fields[63], "实名 ok");
  assert.deepEqual(iso.toJson(back), iso.unpack("cup", first));
  // results are copies: a later call leaves earlier ones alone
  const copy = first.slice();
  iso.packMessage("cup", { mti: "0800", fields: { 11: "999999" }, tpdu: typed.tpdu, header: typed.header });
  iso.unpackMessage("cup", first);
  assert.deepEqual(first, copy);
});

test("typed API: b fields as text, field numbers out of range and oversized messages are refused before the core", () => {
  assert.throws(() => iso.packMessage("bin87", { mti: "0200", fields: { 52: "0123456789ABCDEF" } }), /field 52 is binary/);
  for (const f of [0, 193, 2.5, -1]) {
    assert.throws(() => iso.packMessage("bin87", { mti: "0200", fields: { [f]: "1" } }), TypeError, `field ${f}`);
  }
  assert.throws(() => iso.packMessage("cup", { mti: "0200", fields: { 48: "a".repeat(TOOLS_INPUT_CAPACITY) } }), RangeError);
  assert.throws(() => iso.unpackMessage("cup", new Uint8Array(TOOLS_INPUT_CAPACITY + 1)), RangeError);
  // the core still refuses what only it knows: a field the dialect lacks
  assert.throws(() => iso.packMessage("bin87", { mti: "0200", fields: { 150: "1" } }), Iso8583Error);
  assert.equal(core.faults, 0);
});

test("the exports refuse malformed records and oversized input without trapping", () => {
  const x = core.exports;
  // a record whose length runs past the input
  let n = core.setInput(new Uint8Array([0, 0, 4, 0x30, 0x32]));
  assert.equal(core.call("iso8583Pack", 2, n), ErrorCode.ISO_TRUNCATED);
  // a record header cut short
  n = core.setInput(new Uint8Array([0, 0]));
  assert.equal(core.call("iso8583Pack", 2, n), ErrorCode.ISO_TRUNCATED);
  // a field number past the pseudo-fields
  n = core.setInput(new Uint8Array([196, 0, 1, 0x30]));
  assert.equal(core.call("iso8583Pack", 2, n), ErrorCode.ISO_BAD_FIELD_NUMBER);
  // lengths beyond the input buffer
  assert.equal(core.call("iso8583Pack", 2, TOOLS_INPUT_CAPACITY + 1), ErrorCode.INPUT_TOO_LONG);
  assert.equal(core.call("iso8583Unpack", 2, -5), ErrorCode.BAD_ARGUMENT); // negative: BAD_ARGUMENT, as every export
  assert.equal(core.call("iso8583FieldSpec", 9, 2), ErrorCode.ISO_BAD_DIALECT);
  assert.equal(core.call("iso8583FieldSpec", 2, 500) & 15, 0);
  assert.equal(core.faults, 0);
});

/** One hex reader for the host: both typed wrappers hand out the same function, and malformed hex is one error type that never echoes its digits. */
test("host hex: one fromHex/toHex for the ISO 8583 and crypto wrappers, one error type", () => {
  assert.equal(fromHex, cryptoApi.fromHex);
  assert.equal(toHex, cryptoApi.toHex);
  assert.deepEqual(fromHex("0a 1B"), new Uint8Array([0x0a, 0x1b]));
  for (const bad of ["ABC", "0G", "12345Z"]) {
    assert.throws(() => fromHex(bad, "stdin"), (e: Error) => e instanceof HexError && e instanceof RangeError && e.message === "stdin is not an even number of hex digits", bad);
  }
});

/** The dump's PAN and the acquirer's log use the same masking: 6 + 4 shown, a short number all stars. */
test("host masks: the iso8583 dump and the acquirer log mask field 2 alike", () => {
  const pan = "6216261000000000018";
  assert.equal(maskPan(pan), "621626*********0018");
  assert.equal(maskPan("1234567890"), "**********");
  const table = dumpTable("cup", [["t", "0100"], ["2", pan]], false, () => false);
  assert.ok(table.includes(maskPan(pan)) && !table.includes(pan));
  const log = maskedDump({ mti: "0100", tpdu: "6000000000", header: "600100000000", fields: { 2: pan } }).join("\n");
  assert.ok(log.includes(maskPan(pan)) && !log.includes(pan));
});
