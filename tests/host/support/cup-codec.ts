// A small TypeScript reading of the cup dialect, for tests only: it lets the
// acquirer be tested before (and cross-checked against) the core's ISO 8583
// engine. The product uses the core through host/api/iso8583.ts.
//
// Layout: 2-byte length, TPDU (5), header (6), MTI (2 BCD bytes), primary
// bitmap (8 bytes), fields. n fields BCD (odd lengths left-aligned, 0 pad),
// LL/LLL prefixes BCD (1/2 bytes), an/ans ASCII, b binary.
import type { CupCodec, CupLayout, CupMessage } from "../../../host/acquirer/message";
import { fromHex, toHex } from "../../../host/hex";

type Spec = { type: "n" | "z" | "a" | "b"; var: 0 | 2 | 3; max: number; right?: boolean };
const n = (max: number, v: 0 | 2 | 3 = 0, right = false): Spec => ({ type: "n", var: v, max, right });
const a = (max: number, v: 0 | 2 | 3 = 0): Spec => ({ type: "a", var: v, max });
const b = (max: number, v: 0 | 2 | 3 = 0): Spec => ({ type: "b", var: v, max });
const SPECS: Record<number, Spec> = {
  2: n(19, 2), 3: n(6), 4: n(12), 11: n(6), 12: n(6), 13: n(4), 14: n(4), 15: n(4), 22: n(3), 23: n(3, 0, true),
  25: n(2), 26: n(2), 32: n(11, 2), 35: { type: "z", var: 2, max: 37 }, 36: { type: "z", var: 3, max: 104 },
  37: a(12), 38: a(6), 39: a(2), 41: a(8), 42: a(15), 44: a(25, 2), 48: n(322, 3), 49: a(3), 52: b(8), 53: n(16),
  54: a(20, 3), 55: b(255, 3), 58: a(100, 3), 59: a(600, 3), 60: n(999, 3), 61: n(29, 3), 62: b(512, 3), 63: a(163, 3), 64: b(8),
};
/** The public account-verification request's text fields (PROTOCOL.md). */
const VERIFY_SPECS: Record<number, Spec> = { ...SPECS, 48: a(999, 3), 61: a(999, 3) };
const specs = (layout: CupLayout) => (layout === "cup-verify" ? VERIFY_SPECS : SPECS);

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Digits, or track characters (0x30 + nibble: '=' is D, an encrypted track uses : ; < > ? too), as BCD. */
function bcd(digits: string, right = false): number[] {
  const padded = digits.length % 2 ? (right ? "0" + digits : digits + "0") : digits;
  const nibble = (c: string) => c.charCodeAt(0) - 0x30;
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 2) out.push((nibble(padded[i]) << 4) | nibble(padded[i + 1]));
  return out;
}
const unbcd = (bytes: Uint8Array) => String.fromCharCode(...[...bytes].flatMap((x) => [0x30 + (x >> 4), 0x30 + (x & 15)]));

function prefix(length: number, v: 0 | 2 | 3): number[] {
  return v === 0 ? [] : bcd(String(length).padStart(v === 2 ? 2 : 4, "0"));
}

export const referenceCupCodec: CupCodec = {
  pack(message: CupMessage, layout: CupLayout = "cup") {
    const out: number[] = [...fromHex(message.tpdu), ...fromHex(message.header)];
    const macOffset = out.length + 2;
    out.push(...bcd(message.mti));
    const bitmap = new Uint8Array(8);
    const fields = Object.keys(message.fields).map(Number).sort((x, y) => x - y);
    for (const f of fields) bitmap[(f - 1) >> 3] |= 0x80 >> ((f - 1) & 7);
    out.push(...bitmap);
    let macEnd = 0;
    for (const f of fields) {
      const spec = specs(layout)[f];
      if (!spec) throw new Error(`field ${f} not in the cup dialect`);
      const v = message.fields[f];
      if (f === 64) macEnd = out.length + 2;
      if (spec.type === "b") {
        const bytes = v as Uint8Array;
        if (spec.var === 0 && bytes.length !== spec.max) throw new Error(`field ${f}: ${bytes.length} bytes`);
        out.push(...prefix(bytes.length, spec.var), ...bytes);
      } else if (spec.type === "a") {
        const bytes = enc.encode(v as string);
        if (spec.var === 0 && bytes.length !== spec.max) throw new Error(`field ${f}: ${bytes.length} characters`);
        out.push(...prefix(bytes.length, spec.var), ...bytes);
      } else {
        const digits = v as string;
        if (spec.var === 0 && digits.length !== spec.max) throw new Error(`field ${f}: ${digits.length} digits`);
        out.push(...prefix(digits.length, spec.var), ...bcd(digits, spec.right));
      }
    }
    const frame = Uint8Array.from([out.length >> 8, out.length & 0xff, ...out]);
    return { frame, macOffset, macLength: (macEnd || frame.length) - macOffset };
  },

  unpack(frame: Uint8Array, layout: CupLayout = "cup") {
    const length = (frame[0] << 8) | frame[1];
    if (length !== frame.length - 2 || frame.length < 2 + 11 + 2 + 8) throw new Error("bad frame length");
    const message: CupMessage = { tpdu: toHex(frame.subarray(2, 7)), header: toHex(frame.subarray(7, 13)), mti: unbcd(frame.subarray(13, 15)), fields: {} };
    const bitmap = frame.subarray(15, 23);
    let at = 23;
    let macEnd = 0;
    const take = (count: number) => {
      if (at + count > frame.length) throw new Error("frame too short");
      const s = frame.subarray(at, at + count);
      at += count;
      return s;
    };
    for (let f = 2; f <= 64; f++) {
      if (!(bitmap[(f - 1) >> 3] & (0x80 >> ((f - 1) & 7)))) continue;
      const spec = specs(layout)[f];
      if (!spec) throw new Error(`field ${f} not in the cup dialect`);
      if (f === 64) macEnd = at;
      const len = spec.var === 0 ? spec.max : Number(unbcd(take(spec.var === 2 ? 1 : 2)));
      if (len > spec.max) throw new Error(`field ${f} too long`);
      if (spec.type === "b") message.fields[f] = take(len).slice();
      else if (spec.type === "a") message.fields[f] = dec.decode(take(len));
      else {
        const digits = unbcd(take((len + 1) >> 1));
        message.fields[f] = len % 2 ? (spec.right ? digits.slice(1) : digits.slice(0, len)) : digits;
      }
    }
    if (at !== frame.length) throw new Error("trailing bytes");
    return { message, macOffset: 13, macLength: (macEnd || frame.length) - 13 };
  },
};
