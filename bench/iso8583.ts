// ISO 8583 pack and unpack of one realistic 0200 purchase request (215 bytes):
// the Wasm core (bin87, the layout the npm package iso_8583 writes: ASCII MTI
// and fields, binary bitmap and PIN block) against iso_8583 (pure JS), each
// direction on its own, same process and run. "Raw" is the core as a terminal
// uses it through the ABI: field records in, message out, and back.
// Per byte: the same message with fields 46-48 filled (999 bytes each), timed
// the same way; the extra time over the extra bytes is what one more value
// byte costs. Also the host's typed API (IsoMessage in and out) and its JSON
// shape (the CLI's), and the core's memory before/after.
//
// The other baselines cannot run here: moov-io/iso8583 needs Go
// modules and pyiso8583 needs PyPI, and neither is reachable from this
// machine (npm and Debian packages only), so no figure for them is printed.
import { createRequire } from "node:module";
import { toolsCore, type Core } from "../host/core";
import { Dialect, TOOLS_INPUT_CAPACITY } from "../host/generated/abi";
import { Iso8583 } from "../host/api/iso8583";
import { compare, measure } from "./measure";

const require = createRequire(import.meta.url);

/** The purchase request both sides pack and unpack (iso_8583's field keys). */
const PURCHASE: Record<string, string> = {
  "0": "0200", "2": "6224240000000017", "3": "000000", "4": "000000010000", "7": "1126103000",
  "11": "000123", "12": "103000", "13": "1126", "14": "2806", "22": "051", "23": "001", "25": "00",
  "26": "12", "32": "12345678", "35": "6224240000000017=28062011234567890", "37": "112610300001",
  "41": "12345678", "42": "123456789012345", "49": "156", "52": "0123456789ABCDEF",
};

/** The same with three long text fields, for the cost of one more byte. */
const LONG: Record<string, string> = {
  ...PURCHASE,
  "46": "ADDITIONAL DATA ISO ".repeat(50).slice(0, 999),
  "47": "NATIONAL DATA 0123456789 ".repeat(40).slice(0, 999),
  "48": "PRIVATE DATA: abcdefghijklmnopqrstuvwxyz ".repeat(25).slice(0, 999),
};

type IsoPackage = new (json?: Record<string, string>) => {
  getRawMessage(): Buffer | { error: string };
  getIsoJSON(raw: Buffer, options: { lenHeader: boolean }): Record<string, string> & { error?: string };
};

/**
 * One message both ways through the core's exports and through iso_8583. Both
 * pack the same field values (iso_8583 always adds an empty secondary bitmap,
 * so its message is 8 bytes longer) and both unpack iso_8583's bytes, checked
 * once to give the same fields.
 */
function sides(core: Core, iso: Iso8583, Iso: IsoPackage, fields: Record<string, string>) {
  const json = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === "0" ? "t" : k, v]));
  const typed = iso.fromJson("bin87", json);
  const records = iso.records("bin87", typed);
  const raw = new Iso(fields).getRawMessage();
  if (!Buffer.isBuffer(raw)) throw new Error(`iso_8583 pack failed: ${raw.error}`);
  const message = new Uint8Array(raw);
  const back = Object.fromEntries(iso.unpack("bin87", message));
  for (const [k, v] of Object.entries(fields)) {
    const mine = back[k === "0" ? "t" : k];
    if (mine?.toUpperCase() !== v.toUpperCase()) throw new Error(`field ${k}: the core unpacks ${mine}, iso_8583 packed ${v}`);
  }
  const x = core.exports;
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), TOOLS_INPUT_CAPACITY);
  return {
    bytes: message.length,
    pack: () => {
      input().set(records);
      if (x.iso8583Pack(Dialect.BIN87, records.length) < 0) throw new Error("pack failed");
    },
    unpack: () => {
      input().set(message);
      if (x.iso8583Unpack(Dialect.BIN87, message.length) < 0) throw new Error("unpack failed");
    },
    jsPack: () => {
      if (!Buffer.isBuffer(new Iso(fields).getRawMessage())) throw new Error("iso_8583 pack failed");
    },
    jsUnpack: () => {
      const back = new Iso().getIsoJSON(raw, { lenHeader: false });
      if (back.error) throw new Error(`iso_8583 unpack failed: ${back.error}`);
    },
    typedPack: () => iso.packMessage("bin87", typed),
    typedUnpack: () => iso.unpackMessage("bin87", message),
    jsonPack: () => iso.pack("bin87", json),
    jsonUnpack: () => iso.unpack("bin87", message),
  };
}

export function benchIso8583(): void {
  console.log("-- ISO 8583 (moov-io/iso8583 and pyiso8583 not measured: no Go modules or PyPI here) --\n");
  const core = toolsCore();
  const iso = new Iso8583(core);
  const Iso: IsoPackage = require("iso_8583");
  const before = core.memoryBytes();
  const short = sides(core, iso, Iso, PURCHASE);
  const long = sides(core, iso, Iso, LONG);

  const label = `${short.bytes}-byte 0200`;
  compare(`ISO 8583 raw pack, ${label} (records in, message out; messages/s)`, ["wasm core", short.pack], ["iso_8583 2.6.7 (pure JS)", short.jsPack], { bytes: short.bytes });
  compare(`ISO 8583 raw unpack, ${label} (message in, records out; messages/s)`, ["wasm core", short.unpack], ["iso_8583 2.6.7 (pure JS)", short.jsUnpack], { bytes: short.bytes });

  // Per byte: medians for the long and the short message, same alternation as above.
  const extra = long.bytes - short.bytes;
  console.log(`ISO 8583 cost of one more value byte (${long.bytes}-byte message with fields 46-48 against the ${short.bytes}-byte one)`);
  for (const [what, core1, core2, js1, js2] of [
    ["pack", short.pack, long.pack, short.jsPack, long.jsPack],
    ["unpack", short.unpack, long.unpack, short.jsUnpack, long.jsUnpack],
  ] as const) {
    const c = measure(core2, core1);
    const j = measure(js2, js1);
    /** Nanoseconds one more byte costs, from the short and the long message's rates. */
    const perByte = (short: number, long: number) => ((1 / long - 1 / short) * 1e9) / extra;
    const corePerByte = perByte(c.baseline, c.subject);
    const jsPerByte = perByte(j.baseline, j.subject);
    console.log(`  ${what.padEnd(7)} wasm core ${corePerByte.toFixed(2).padStart(7)} ns/B   iso_8583 ${jsPerByte.toFixed(2).padStart(7)} ns/B   iso_8583 / core ${(jsPerByte / corePerByte).toFixed(1)}x`);
    console.log(`          by CPU time: wasm core ${perByte(c.baselineCpu, c.subjectCpu).toFixed(2)} ns/B, iso_8583 ${perByte(j.baselineCpu, j.subjectCpu).toFixed(2)} ns/B`);
  }
  console.log("");

  // The typed API (issue 13's target: at least 3x iso_8583 each way), and the CLI's JSON shape on top of it.
  compare(`ISO 8583 pack through the typed API (host/api/iso8583.ts packMessage), ${label}; target >= 3x`, ["wasm core + typed API", short.typedPack], ["iso_8583 2.6.7 (pure JS)", short.jsPack]);
  compare(`ISO 8583 unpack through the typed API (unpackMessage), ${label}; target >= 3x`, ["wasm core + typed API", short.typedUnpack], ["iso_8583 2.6.7 (pure JS)", short.jsUnpack]);
  compare(`ISO 8583 pack from the CLI's JSON (hex b fields), ${label}`, ["wasm core + JSON", short.jsonPack], ["iso_8583 2.6.7 (pure JS)", short.jsPack]);
  compare(`ISO 8583 unpack to the CLI's JSON, ${label}`, ["wasm core + JSON", short.jsonUnpack], ["iso_8583 2.6.7 (pure JS)", short.jsUnpack]);
  const after = core.memoryBytes();
  console.log(`  core memory before ${before} bytes, after ${after} bytes: ${after === before ? "unchanged" : "GREW"}\n`);
}
