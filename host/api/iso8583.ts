// Typed wrapper over the tools module's ISO 8583 exports. Two shapes of a message:
// IsoMessage (text fields as strings, b fields as bytes: what programs use, written
// straight into the core's input as the records of assembly/iso8583/records.ts and
// read straight out of its output), and the CLI's JSON (ordered [key, value] pairs,
// b fields as hex), converted to and from IsoMessage.
//
// JSON keys: "t" the MTI, "p" the primary bitmap (hex, computed), "1" the
// secondary bitmap (hex, computed), "2".."192" fields, and for cup "tpdu" and
// "header" (hex). b fields are uppercase hex; every other field is its text
// (UTF-8 on the host side; the core sees the bytes).
import { errorLabel, toolsCore, type Core, type CoreFailure } from "../core";
import { Dialect, ErrorCode, FieldClass, TOOLS_INPUT_CAPACITY, PseudoField } from "../generated/abi";
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


/** A message with typed values: what pack takes and unpack gives, with no hex or JSON in between. */
export interface IsoMessage {
  /** The message type indicator, four digits ("0200"). */
  mti: string;
  /**
   * Fields 2..192 by number: text for n, an, ans and z fields, bytes for b fields.
   * Unpack also gives field 1 (the secondary bitmap) when present; pack computes the bitmaps.
   */
  fields: Record<number, string | Uint8Array>;
  /** cup dialects: the TPDU (5 bytes) and application header (6 bytes) in front of the message. */
  tpdu?: Uint8Array;
  header?: Uint8Array;
  /** Unpack only: the primary bitmap as it was on the wire. */
  bitmap?: Uint8Array;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();
/** One character per byte (windows-1252; only its ASCII half is ever kept). */
const singleByte = new TextDecoder("latin1");
const RECORD_HEADER = 3;
const MAX_VALUE = 0xffff;
/** iso8583FieldSpec's answer for a field not asked yet (the core's are >= 0). */
const NOT_ASKED = -1;

/**
 * The core's ISO 8583 engine for programs. Pack and unpack write and read the
 * core's memory directly and reuse one view of it; field specs are asked once
 * per dialect and field. Not safe to share between concurrent callers (one core).
 */
export class Iso8583 {
  private readonly specWords = new Map<DialectName, Int32Array>();
  private readonly binary = new Map<DialectName, Uint8Array>();
  private memory: Uint8Array = new Uint8Array(0);
  /** Record bytes for records() (the core's input size). */
  private readonly scratch = new Uint8Array(TOOLS_INPUT_CAPACITY);

  constructor(readonly core: Core = toolsCore()) {}

  /** iso8583FieldSpec(dialect, field), asked once: class | length type << 4 | max << 8. */
  private specWord(dialect: DialectName, field: number): number {
    let words = this.specWords.get(dialect);
    if (!words) {
      words = new Int32Array(PseudoField.BITMAP + 1).fill(NOT_ASKED);
      this.specWords.set(dialect, words);
    }
    if (!(field >= 0 && field < words.length)) return this.core.call("iso8583FieldSpec", DIALECT_NUMBER[dialect], field);
    let v = words[field];
    if (v === NOT_ASKED) words[field] = v = this.core.call("iso8583FieldSpec", DIALECT_NUMBER[dialect], field);
    return v;
  }

  /** Field spec from the core's tables (cached). */
  spec(dialect: DialectName, field: number): FieldSpec {
    const v = this.specWord(dialect, field);
    return { cls: (v & 15) as FieldClass, lengthType: (v >> 4) & 15, max: v >>> 8 };
  }

  /** Per record number: 1 when its value is bytes (b fields, field 1, the TPDU, header and bitmap). */
  private binaryFields(dialect: DialectName): Uint8Array {
    let binary = this.binary.get(dialect);
    if (!binary) {
      binary = new Uint8Array(PseudoField.BITMAP + 1);
      for (let f = 2; f <= 192; f++) binary[f] = (this.specWord(dialect, f) & 15) === FieldClass.B ? 1 : 0;
      binary[1] = binary[FIELD_TPDU] = binary[FIELD_HEADER] = binary[FIELD_BITMAP] = 1;
      this.binary.set(dialect, binary);
    }
    return binary;
  }

  /** The core's memory as bytes; a new view only after the memory grew or the core restarted. */
  private bytes(): Uint8Array {
    const buffer = this.core.exports.memory.buffer;
    if (this.memory.buffer !== buffer) this.memory = new Uint8Array(buffer);
    return this.memory;
  }

  /**
   * Writes the message as records into out[from..to): the end offset. Throws
   * TypeError for a field that is not 2..192 or a b field given as text, RangeError
   * when a value or the whole does not fit.
   */
  private writeRecords(dialect: DialectName, m: IsoMessage, out: Uint8Array, from: number, to: number): number {
    let at = writeText(0, m.mti, out, from, to);
    if (m.tpdu) at = writeBytes(FIELD_TPDU, m.tpdu, out, at, to);
    if (m.header) at = writeBytes(FIELD_HEADER, m.header, out, at, to);
    const binary = this.binaryFields(dialect);
    for (const key in m.fields) {
      const field = Number(key);
      if (field === 1) continue; // the bitmaps are computed
      if (!(field >= 2 && field <= 192 && Number.isInteger(field))) throw new TypeError(`field ${key} is not a field number 2..192`);
      const v = m.fields[field];
      if (typeof v === "string") {
        if (binary[field]) throw new TypeError(`field ${field} is binary in ${dialect}: pass its bytes, not text`);
        at = writeText(field, v, out, at, to);
      } else at = writeBytes(field, v, out, at, to);
    }
    return at;
  }

  /** The message as the records the core reads (assembly/iso8583/records.ts). */
  records(dialect: DialectName, message: IsoMessage): Uint8Array {
    return this.scratch.slice(0, this.writeRecords(dialect, message, this.scratch, 0, this.scratch.length));
  }

  /** Message -> bytes (a fresh array). Throws Iso8583Error when the core refuses a field. */
  packMessage(dialect: DialectName, message: IsoMessage): Uint8Array {
    const memory = this.bytes();
    const input = this.core.exports.inputBuffer();
    const n = this.writeRecords(dialect, message, memory, input, input + TOOLS_INPUT_CAPACITY) - input;
    if (this.core.call("iso8583Pack", DIALECT_NUMBER[dialect], n) < 0) throw new Iso8583Error(this.core.lastFailure());
    const output = this.core.exports.outputBuffer();
    return this.bytes().slice(output, output + this.core.exports.outputLength());
  }

  /** Bytes -> message, read from the core's records. Throws Iso8583Error naming the field and offset. */
  unpackMessage(dialect: DialectName, bytes: Uint8Array): IsoMessage {
    const input = this.core.exports.inputBuffer();
    if (bytes.length > TOOLS_INPUT_CAPACITY) this.core.setInput(bytes); // it throws the RangeError that says so
    this.bytes().set(bytes, input);
    if (this.core.call("iso8583Unpack", DIALECT_NUMBER[dialect], bytes.length) < 0) throw new Iso8583Error(this.core.lastFailure());
    const memory = this.bytes();
    const start = this.core.exports.outputBuffer();
    const end = start + this.core.exports.outputLength();
    // One decode of all the records, one byte per character; a text field is cut out of
    // it when it is ASCII (almost always), else decoded as UTF-8 on its own.
    const all = singleByte.decode(memory.subarray(start, end));
    const binary = this.binaryFields(dialect);
    const message: IsoMessage = { mti: "", fields: {} };
    for (let at = start; at + RECORD_HEADER <= end; ) {
      const field = memory[at];
      const from = at + RECORD_HEADER;
      at = from + ((memory[at + 1] << 8) | memory[at + 2]);
      if (binary[field]) {
        const value = memory.slice(from, at);
        if (field === FIELD_TPDU) message.tpdu = value;
        else if (field === FIELD_HEADER) message.header = value;
        else if (field === FIELD_BITMAP) message.bitmap = value;
        else message.fields[field] = value;
      } else {
        const value = isAscii(memory, from, at) ? all.substring(from - start, at - start) : text.decode(memory.subarray(from, at));
        if (field === 0) message.mti = value;
        else message.fields[field] = value;
      }
    }
    return message;
  }

  /** The MAC input of the last pack/unpack: [offset, length]. */
  macRegion(): [number, number] {
    return [this.core.call("iso8583MacRegionOffset"), this.core.call("iso8583MacRegionLength")];
  }

  /** A JSON object (the CLI's input) -> message; throws SyntaxError on a bad key or value. */
  fromJson(dialect: DialectName, json: Record<string, unknown>): IsoMessage {
    const message: IsoMessage = { mti: "", fields: {} };
    for (const [key, raw] of Object.entries(json)) {
      if (key === "p" || key === "1") continue; // bitmaps are computed
      if (typeof raw !== "string") throw new SyntaxError(`"${key}" must be a string`);
      if (raw.length > MAX_VALUE) throw new SyntaxError(`"${key}" is too long`);
      if (key === "t") message.mti = raw;
      else if (key === "tpdu" && isCupFramed(dialect)) message.tpdu = fromHex(raw, "tpdu");
      else if (key === "header" && isCupFramed(dialect)) message.header = fromHex(raw, "header");
      else if (/^[1-9][0-9]*$/.test(key) && Number(key) <= 192) {
        const field = Number(key);
        message.fields[field] = this.binaryFields(dialect)[field] ? fromHex(raw, `field ${key}`) : raw;
      } else throw new SyntaxError(`unknown key "${key}" for dialect ${dialect}`);
    }
    return message;
  }

  /** Message -> the CLI's JSON in display order (tpdu, header, t, p, 1, 2, ...; b fields as hex). */
  toJson(message: IsoMessage): Message {
    const out: Message = [];
    if (message.tpdu) out.push(["tpdu", toHex(message.tpdu)]);
    if (message.header) out.push(["header", toHex(message.header)]);
    out.push(["t", message.mti]);
    if (message.bitmap) out.push(["p", toHex(message.bitmap)]);
    for (const key in message.fields) {
      const v = message.fields[key];
      out.push([key, typeof v === "string" ? v : toHex(v)]);
    }
    return out;
  }

  /** JSON object -> message bytes. */
  pack(dialect: DialectName, json: Record<string, unknown>): Uint8Array {
    return this.packMessage(dialect, this.fromJson(dialect, json));
  }

  /** Message bytes -> message in display order. */
  unpack(dialect: DialectName, message: Uint8Array): Message {
    return this.toJson(this.unpackMessage(dialect, message));
  }
}

/** Ordered pairs -> JSON text with the keys in that order. */
export function messageJson(message: Message): string {
  return "{" + message.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",") + "}";
}

/** One record's header at out[at]; throws RangeError when `n` value bytes would not fit before `to`. */
function writeHeader(field: number, n: number, out: Uint8Array, at: number, to: number): number {
  if (n > MAX_VALUE || at + RECORD_HEADER + n > to) throw new RangeError(`field ${field}: the message does not fit the core's ${TOOLS_INPUT_CAPACITY}-byte input`);
  out[at] = field;
  out[at + 1] = n >> 8;
  out[at + 2] = n & 0xff;
  return at + RECORD_HEADER;
}

function writeBytes(field: number, value: Uint8Array, out: Uint8Array, at: number, to: number): number {
  at = writeHeader(field, value.length, out, at, to);
  out.set(value, at);
  return at + value.length;
}

/** Text as UTF-8: ASCII byte by byte (the usual case, no allocation), anything else through TextEncoder. */
function writeText(field: number, value: string, out: Uint8Array, at: number, to: number): number {
  const n = value.length;
  let ascii = n <= MAX_VALUE && at + RECORD_HEADER + n <= to;
  for (let i = 0; ascii && i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) out[at + RECORD_HEADER + i] = c;
    else ascii = false;
  }
  if (ascii) return writeHeader(field, n, out, at, to) + n;
  return writeBytes(field, utf8.encode(value), out, at, to);
}

function isAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] >= 0x80) return false;
  return true;
}
