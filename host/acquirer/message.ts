// Messages as the acquirer handles them, the codec port that turns them into cup
// frames and back (the core's ISO 8583 engine, through host/api/iso8583.ts), the
// 2-character-tag TLV of field 62, and the masked dump written to the log.
import { maskPan } from "../mask";
import { toHex } from "../hex";

/** A cup message: TPDU and header as hex, fields by number (text, or bytes for b fields). */
export interface CupMessage {
  mti: string;
  tpdu: string;
  header: string;
  fields: Record<number, string | Uint8Array>;
}

/** A packed frame and the part of it the MAC covers (MTI up to field 64's value). */
export interface PackedFrame {
  frame: Uint8Array;
  macOffset: number;
  macLength: number;
}

/**
 * The two readings of a cup frame: "cup", and "cup-verify" where the private fields 48
 * and 61 are text, as the public account-verification request carries them
 * (docs/PROTOCOL.md, "The public account-verification layout").
 */
export type CupLayout = "cup" | "cup-verify";

/** Packs and unpacks whole cup frames (2-byte length, TPDU, header, ISO 8583 message). */
export interface CupCodec {
  pack(message: CupMessage, layout?: CupLayout): PackedFrame;
  /** Throws when the frame is not a valid message in that layout (default "cup"). */
  unpack(frame: Uint8Array, layout?: CupLayout): { message: CupMessage; macOffset: number; macLength: number };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A field as text (b fields as upper-case hex), or undefined when absent. */
export function text(message: CupMessage, field: number): string | undefined {
  const v = message.fields[field];
  if (v === undefined) return undefined;
  return typeof v === "string" ? v : toHex(v);
}

/** A field as bytes (text fields as their UTF-8), or undefined when absent. */
export function bytes(message: CupMessage, field: number): Uint8Array | undefined {
  const v = message.fields[field];
  if (v === undefined) return undefined;
  return typeof v === "string" ? encoder.encode(v) : v;
}

// ---- field 62 TLV: 2 ASCII characters tag, 3 ASCII digits length in bytes, value ----

export type Tlv = Map<string, string>;

export function encodeTlv(entries: [string, string][]): Uint8Array {
  const parts: number[] = [];
  for (const [tag, value] of entries) {
    if (!/^[A-Z0-9]{2}$/.test(tag)) throw new RangeError(`bad TLV tag ${JSON.stringify(tag)}`);
    const v = encoder.encode(value);
    if (v.length > 999) throw new RangeError(`TLV value of ${tag} too long`);
    parts.push(...encoder.encode(tag + String(v.length).padStart(3, "0")), ...v);
  }
  return Uint8Array.from(parts);
}

/** Decodes the TLV; undefined when it is malformed (a short value, a bad length, a repeated tag). */
export function decodeTlv(data: Uint8Array): Tlv | undefined {
  const out: Tlv = new Map();
  let at = 0;
  while (at < data.length) {
    if (data.length - at < 5) return undefined;
    const tag = decoder.decode(data.subarray(at, at + 2));
    const lengthText = decoder.decode(data.subarray(at + 2, at + 5));
    if (!/^\d{3}$/.test(lengthText) || out.has(tag)) return undefined;
    const length = Number(lengthText);
    if (data.length - at - 5 < length) return undefined;
    out.set(tag, decoder.decode(data.subarray(at + 5, at + 5 + length)));
    at += 5 + length;
  }
  return out;
}

// ---- masking for the log: host/mask.ts (shared with the CLIs) ------------------------

export { maskId, maskName, maskPan, maskPhone } from "../mask";

const FIELD_NAMES: Record<number, string> = {
  2: "PAN", 3: "processing code", 4: "amount", 11: "STAN", 12: "time", 13: "date", 14: "expiry", 22: "entry mode",
  25: "condition", 26: "PIN capture", 35: "track 2", 37: "reference", 38: "auth id", 39: "response", 41: "terminal",
  42: "merchant", 44: "mismatch", 48: "field 48", 49: "currency", 52: "PIN block", 53: "security", 54: "balance",
  60: "field 60", 61: "field 61", 62: "field 62", 63: "field 63", 64: "MAC",
};

/** One line per field, with the PAN masked and PIN block, track data, chip data and field 62 never shown. */
export function maskedDump(message: CupMessage): string[] {
  const lines = [`MTI ${message.mti}  TPDU ${message.tpdu}  header ${message.header}`];
  for (const field of Object.keys(message.fields).map(Number).sort((a, b) => a - b)) {
    const value = message.fields[field];
    let shown: string;
    if (field === 2) shown = maskPan(String(value));
    else if (field === 35) {
      // clear or encrypted (53.3): only the part before the separator, masked; an encrypted
      // track whose separator went under the key shows at most its first 16 characters, masked
      const t = String(value);
      const sep = t.indexOf("=");
      shown = `${maskPan(t.slice(0, sep > 0 ? sep : Math.min(16, t.length)))}=****`;
    } else if (field === 14) shown = "****";
    else if (field === 52) shown = "[8 bytes enciphered]";
    // Track 3, track 1 (PAN and name), chip data (tags 5A, 57: PAN, track 2) and the
    // holder's ID digits (61 of the public verification layout) are never shown.
    else if (field === 36 || field === 45 || field === 55 || field === 61 || field === 62) shown = `[${value.length} bytes]`;
    else shown = typeof value === "string" ? value : toHex(value);
    lines.push(`  ${String(field).padStart(3, "0")} ${(FIELD_NAMES[field] ?? "").padEnd(15)} ${shown}`);
  }
  return lines;
}
