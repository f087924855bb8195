// Typed wrapper over the core's ISO 8583 exports: a message as ordered
// [key, value] pairs (the CLI's JSON) <-> the records the core reads and
// writes (assembly/iso8583/records.ts) <-> message bytes.
//
// JSON keys: "t" the MTI, "p" the primary bitmap (hex, computed), "1" the
// secondary bitmap (hex, computed), "2".."192" fields, and for cup "tpdu" and
// "header" (hex). b fields are uppercase hex; every other field is its text
// (UTF-8 on the host side; the core sees the bytes).
import { Core, CoreFailure } from "../core";
import { fromHex, toHex } from "../hex";

/** Hex in and out of messages: one implementation for the whole host (host/hex.ts). */
export { fromHex, toHex };

export const DIALECTS = ["ascii87", "bin87", "cup"] as const;
export type DialectName = (typeof DIALECTS)[number];
export const DIALECT_NUMBER: Record<DialectName, number> = { ascii87: 0, bin87: 1, cup: 2 };

/** Pseudo-fields of assembly/iso8583/fieldset.ts. */
export const FIELD_TPDU = 193;
export const FIELD_HEADER = 194;
export const FIELD_BITMAP = 195;

/** Content classes of assembly/iso8583/spec.ts. */
export const enum FieldClass { Undefined = 0, N = 1, AN = 2, ANS = 3, B = 4, Z = 5 }

export interface FieldSpec {
  cls: FieldClass;
  /** 0 fixed, 2 LL, 3 LLL, 4 LLLL */
  lengthType: number;
  max: number;
}

/** A message as the CLI shows it, in display order. */
export type Message = Array<[string, string]>;

/** The ISO 8583 codes of assembly/abi.ts ErrorCode, for messages. */
export const ISO_ERRORS: Record<number, string> = {
  [-1]: "INPUT_TOO_LONG",
  [-2]: "OUTPUT_TOO_SMALL",
  [-201]: "ISO_TRUNCATED",
  [-202]: "ISO_TRAILING_BYTES",
  [-203]: "ISO_LENGTH_OVER_MAX",
  [-204]: "ISO_NOT_DIGIT",
  [-205]: "ISO_BAD_BCD",
  [-206]: "ISO_FIELD_NOT_DEFINED",
  [-207]: "ISO_MISSING_MTI",
  [-208]: "ISO_BAD_LENGTH",
  [-209]: "ISO_OUTPUT_FULL",
  [-210]: "ISO_BAD_DIALECT",
  [-211]: "ISO_BAD_FIELD_NUMBER",
  [-212]: "ISO_FIELDSET_FULL",
  [-213]: "ISO_BAD_CHARACTER",
  [-214]: "ISO_MISSING_FRAME_HEADER",
  [-215]: "ISO_BAD_TPDU",
};

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
  const name = ISO_ERRORS[f.code] ?? `error ${f.code}`;
  let what: string;
  switch (f.code) {
    case -201: what = `truncated: needs ${f.expected} bytes, ${f.found} left`; break;
    case -202: what = `trailing bytes (message ends at ${f.expected}, input has ${f.found})`; break;
    case -203: what = `length ${f.found} exceeds max ${f.expected}`; break;
    case -204: what = `non-digit byte 0x${hex2(f.found)}`; break;
    case -205: what = `bad BCD nibble ${f.found.toString(16).toUpperCase()} (expected ${f.expected === 9 ? "a digit" : `pad ${f.expected.toString(16).toUpperCase()}`})`; break;
    case -206: what = "not defined in this dialect"; break;
    case -207: what = "missing MTI (4 digits)"; break;
    case -208: what = `length ${f.found}, expected ${f.expected}`; break;
    case -209: what = `message too long (needs ${f.expected} bytes, ${f.found} left)`; break;
    case -213: what = `character 0x${hex2(f.found)} not allowed`; break;
    case -214: what = `missing or wrong size (expected ${f.expected} bytes, got ${f.found})`; break;
    case -215: what = `TPDU must start with 60, found ${hex2(f.found)}`; break;
    default: what = `expected ${f.expected}, found ${f.found}`;
  }
  return `${name} (${f.code}): ${where}: ${what} ${at}`;
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

  constructor(readonly core: Core) {}

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
      else if (key === "tpdu" && dialect === "cup") { field = FIELD_TPDU; value = fromHex(raw, "tpdu"); }
      else if (key === "header" && dialect === "cup") { field = FIELD_HEADER; value = fromHex(raw, "header"); }
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
