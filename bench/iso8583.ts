// ISO 8583 pack + unpack of one realistic 0200 purchase request: the Wasm core
// (bin87, the layout the npm package iso_8583 writes: ASCII MTI and fields,
// binary bitmap and PIN block) against iso_8583 (pure JS), same process and run.
// Also reports the core's memory before and after.
import { createRequire } from "node:module";
import { toolsCore } from "../host/core";
import { Dialect, INPUT_CAPACITY } from "../host/generated/abi";
import { Iso8583 } from "../host/api/iso8583";
import { compare } from "./measure";

const require = createRequire(import.meta.url);

/** The purchase request both sides pack and unpack (iso_8583's field keys). */
const PURCHASE: Record<string, string> = {
  "0": "0200", "2": "6224240000000017", "3": "000000", "4": "000000010000", "7": "1126103000",
  "11": "000123", "12": "103000", "13": "1126", "14": "2806", "22": "051", "23": "001", "25": "00",
  "26": "12", "32": "12345678", "35": "6224240000000017=28062011234567890", "37": "112610300001",
  "41": "12345678", "42": "123456789012345", "49": "156", "52": "0123456789ABCDEF",
};

export function benchIso8583(): void {
  const core = toolsCore();
  const iso = new Iso8583(core);
  const json = Object.fromEntries(Object.entries(PURCHASE).map(([k, v]) => [k === "0" ? "t" : k, v]));
  const records = iso.encodeRecords("bin87", json);
  const message = iso.packRecords("bin87", records);
  const x = core.exports;
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), INPUT_CAPACITY);
  const before = core.memoryBytes();

  // The core as a terminal uses it: field records in, message out, message in, records out.
  const wasm = () => {
    const buf = input();
    buf.set(records);
    if (x.iso8583Pack(Dialect.BIN87, records.length) < 0) throw new Error("pack failed");
    buf.set(message);
    if (x.iso8583Unpack(Dialect.BIN87, message.length) < 0) throw new Error("unpack failed");
  };
  // The same through the host's JSON API (JSON object in, ordered pairs out).
  const host = () => {
    iso.unpack("bin87", iso.pack("bin87", json));
  };

  const Iso = require("iso_8583");
  const raw: Buffer = new Iso(PURCHASE).getRawMessage();
  const js = () => {
    const packed = new Iso(PURCHASE).getRawMessage();
    if (!Buffer.isBuffer(packed)) throw new Error("iso_8583 pack failed");
    const back = new Iso().getIsoJSON(raw, { lenHeader: false });
    if (back.error) throw new Error(`iso_8583 unpack failed: ${back.error}`);
  };

  compare("ISO 8583 pack + unpack, 0200 purchase (messages/s)", ["wasm core (records in/out)", wasm], ["iso_8583 2.6.7 (pure JS)", js]);
  compare("ISO 8583 pack + unpack through the host JSON API (messages/s)", ["wasm core + host/api/iso8583.ts", host], ["iso_8583 2.6.7 (pure JS)", js]);
  const after = core.memoryBytes();
  console.log(`  core memory before ${before} bytes, after ${after} bytes: ${after === before ? "unchanged" : "GREW"}\n`);
}
