// Typed wrapper over the tools module's ISO 8583 exports: a message as ordered
// [key, value] pairs (the CLI's JSON) <-> the records the core reads and
// writes (assembly/iso8583/records.ts) <-> message bytes.
//
// JSON keys: "t" the MTI, "p" the primary bitmap (hex, computed), "1" the
// secondary bitmap (hex, computed), "2".."192" fields, and for cup "tpdu" and
// "header" (hex). b fields are uppercase hex; every other field is its text
// (UTF-8 on the host side; the core sees the bytes).
import { errorLabel, toolsCore, type Core, type CoreFailure } from "../core";
import { Dialect, ErrorCode, FieldClass, PseudoField } from "../generated/abi";
import { fromHex, toHex } from "../hex";

/** Hex in and out of messages: one implementation for the whole host (host/hex.ts). */
export { fromHex, toHex };

export const DIALECTS = ["ascii87", "bin87", "cup", "cup-verify"] as const;
export type DialectName = (typeof DIALECTS)[number];
export const DIALECT_NUMBER: Record<DialectName, number> = { ascii87: Dialect.ASCII87, bin87: Dialect.BIN87, cup: Dialect.CUP, "cup-verify": Dialect.CUP_VERIFY };

/** The dialects framed as cup frames (TPDU and application header in front of the message). */
export function isCupFramed(dialect: DialectName): boolean {
  return dialect === "cup" || dialect === "cup-verify";
}

/** Pseudo-fields of assembly/iso8583/fieldset.ts. */
export const FIELD_TPDU = PseudoField.TPDU;
export const FIELD_HEADER = PseudoField.HEADER;
export const FIELD_BITMAP = PseudoField.BITMAP;

/** Content classes of assembly/iso8583/spec.ts (UNDEFINED: the dialect has no such field). */
export { FieldClass };

export interface FieldSpec {
  cls: FieldClass;
  /** 0 fixed, 2 LL, 3 LLL, 4 LLLL */
  lengthType: number;
  max: number;
}

/** A message as the CLI shows it, in display order. */
export type Message = Array<[string, string]>;

function fieldName(field: number): string {
  if (field === -1) return "message";
  if (field === 0) return "MTI";
  if (field === FIELD_TPDU) return "TPDU";
  if (field === FIELD_HEADER) return "header";
  return `field ${field}`;
}

/** One line naming what failed: "field 35: length 41 exceeds max 37 at offset 52". */
export function describeFailure(f: CoreFailure): string {
  const where = `${fieldName(f.field)}`;
  const at = `at offset ${f.offset}`;
  const E = ErrorCode;
  let what: string;
  switch (f.code) {
    case E.ISO_TRUNCATED: what = `truncated: needs ${f.expected} bytes, ${f.found} left`; break;
    case E.ISO_TRAILING_BYTES: what = `trailing bytes (message ends at ${f.expected}, input has ${f.found})`; break;
    case E.ISO_LENGTH_OVER_MAX: what = `length ${f.found} exceeds max ${f.expected}`; break;
    case E.ISO_NOT_DIGIT: what = `non-digit byte 0x${hex2(f.found)}`; break;
    case E.ISO_BAD_BCD: what = `bad BCD nibble ${f.found.toString(16).toUpperCase()} (expected ${f.expected === 9 ? "a digit" : `pad ${f.expected.toString(16).toUpperCase()}`})`; break;
    case E.ISO_FIELD_NOT_DEFINED: what = "not defined in this dialect"; break;
    case E.ISO_MISSING_MTI: what = "missing MTI (4 digits)"; break;
    case E.ISO_BAD_LENGTH: what = `length ${f.found}, expected ${f.expected}`; break;
    case E.ISO_OUTPUT_FULL: what = `message too long (needs ${f.expected} bytes, ${f.found} left)`; break;
    case E.ISO_BAD_CHARACTER: what = `character 0x${hex2(f.found)} not allowed`; break;
    case E.ISO_MISSING_FRAME_HEADER: what = `missing or wrong size (expected ${f.expected} bytes, got ${f.found})`; break;
    case E.ISO_BAD_TPDU: what = `TPDU must start with 60, found ${hex2(f.found)}`; break;
    default: what = `expected ${f.expected}, found ${f.found}`;
  }
  return `${errorLabel(f.code)}: ${where}: ${what} ${at}`;
}

function hex2(n: number): string {
  return (n & 0xff).toString(16).toUpperCase().padStart(2, "0");
}

/** The core refused the message; `failure` says which field and where. */
export class Iso8583Error extends Error {
  constructor(readonly failure: CoreFailure) {
    super(describeFailure(failure));
    this.name = "Iso8583Error";
  }
}


const utf8 = new TextEncoder();
const text = new TextDecoder();

export class Iso8583 {
  private readonly specs = new Map<string, FieldSpec>();

  constructor(readonly core: Core = toolsCore()) {}

  /** Field spec from the core's tables (cached). */
  spec(dialect: DialectName, field: number): FieldSpec {
    const key = `${dialect}/${field}`;
    let s = this.specs.get(key);
    if (!s) {
      const v = this.core.call("iso8583FieldSpec", DIALECT_NUMBER[dialect], field);
      s = { cls: (v & 15) as FieldClass, lengthType: (v >> 4) & 15, max: v >>> 8 };
      this.specs.set(key, s);
    }
    return s;
  }

  /** Records -> message bytes. */
  packRecords(dialect: DialectName, records: Uint8Array): Uint8Array {
    const n = this.core.setInput(records);
    const r = this.core.call("iso8583Pack", DIALECT_NUMBER[dialect], n);
    if (r < 0) throw new Iso8583Error(this.core.lastFailure());
    return this.core.output();
  }

  /** Message bytes -> records. */
  unpackRecords(dialect: DialectName, message: Uint8Array): Uint8Array {
    const n = this.core.setInput(message);
    const r = this.core.call("iso8583Unpack", DIALECT_NUMBER[dialect], n);
    if (r < 0) throw new Iso8583Error(this.core.lastFailure());
    return this.core.output();
  }

  /** The MAC input of the last pack/unpack: [offset, length]. */
  macRegion(): [number, number] {
    return [this.core.call("iso8583MacRegionOffset"), this.core.call("iso8583MacRegionLength")];
  }

  /** A JSON object (the CLI's input) -> records; throws SyntaxError on a bad key or value. */
  encodeRecords(dialect: DialectName, json: Record<string, unknown>): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const [key, raw] of Object.entries(json)) {
      if (key === "p" || key === "1") continue; // bitmaps are computed
      if (typeof raw !== "string") throw new SyntaxError(`"${key}" must be a string`);
      let field: number;
      let value: Uint8Array;
      if (key === "t") { field = 0; value = utf8.encode(raw); }
      else if (key === "tpdu" && isCupFramed(dialect)) { field = FIELD_TPDU; value = fromHex(raw, "tpdu"); }
      else if (key === "header" && isCupFramed(dialect)) { field = FIELD_HEADER; value = fromHex(raw, "header"); }
      else if (/^[1-9][0-9]*$/.test(key) && Number(key) <= 192) {
        field = Number(key);
        value = this.spec(dialect, field).cls === FieldClass.B ? fromHex(raw, `field ${key}`) : utf8.encode(raw);
      } else throw new SyntaxError(`unknown key "${key}" for dialect ${dialect}`);
      if (value.length > 0xffff) throw new SyntaxError(`"${key}" is too long`);
      const rec = new Uint8Array(3 + value.length);
      rec[0] = field;
      rec[1] = value.length >> 8;
      rec[2] = value.length & 0xff;
      rec.set(value, 3);
      parts.push(rec);
    }
    return concat(parts);
  }

  /** Records -> the message in display order (tpdu, header, t, p, 1, 2, ...). */
  decodeRecords(dialect: DialectName, records: Uint8Array): Message {
    const byField = new Map<number, Uint8Array>();
    for (let at = 0; at + 3 <= records.length; ) {
      const n = (records[at + 1] << 8) | records[at + 2];
      byField.set(records[at], records.subarray(at + 3, at + 3 + n));
      at += 3 + n;
    }
    const out: Message = [];
    const put = (key: string, v: Uint8Array | undefined, hex: boolean) => {
      if (v !== undefined) out.push([key, hex ? toHex(v) : text.decode(v)]);
    };
    put("tpdu", byField.get(FIELD_TPDU), true);
    put("header", byField.get(FIELD_HEADER), true);
    put("t", byField.get(0), false);
    put("p", byField.get(FIELD_BITMAP), true);
    put("1", byField.get(1), true);
    for (let f = 2; f <= 192; f++) {
      const v = byField.get(f);
      if (v !== undefined) put(String(f), v, this.spec(dialect, f).cls === FieldClass.B);
    }
    return out;
  }

  /** JSON object -> message bytes. */
  pack(dialect: DialectName, json: Record<string, unknown>): Uint8Array {
    return this.packRecords(dialect, this.encodeRecords(dialect, json));
  }

  /** Message bytes -> message in display order. */
  unpack(dialect: DialectName, message: Uint8Array): Message {
    return this.decodeRecords(dialect, this.unpackRecords(dialect, message));
  }
}

/** Ordered pairs -> JSON text with the keys in that order. */
export function messageJson(message: Message): string {
  return "{" + message.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",") + "}";
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
