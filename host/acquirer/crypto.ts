// The acquirer's cryptography, written independently of the core with node's
// built-in OpenSSL: every exchange between the simulated terminal and this
// acquirer is then a cross-check of the core's DES/TDES, key check values, PIN
// blocks, personal-data encipherment and MACs (docs/PROTOCOL.md).
//
// Single DES is TDES with K||K (OpenSSL 3 keeps plain DES in its legacy provider).
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from "node:crypto";
import { toHex } from "../hex";

type Bytes = Uint8Array;

/** OpenSSL's name for TDES with this key length (8 bytes run as K||K). */
function tdesKey(key: Bytes, mode: "ecb" | "cbc"): { name: string; key: Buffer } {
  if (key.length === 8) return { name: `des-ede-${mode}`, key: Buffer.concat([key, key]) };
  if (key.length === 16) return { name: `des-ede-${mode}`, key: Buffer.from(key) };
  if (key.length === 24) return { name: `des-ede3-${mode}`, key: Buffer.from(key) };
  throw new RangeError(`TDES key must be 8, 16 or 24 bytes (got ${key.length})`);
}

function run(encrypt: boolean, name: string, key: Buffer, iv: Buffer | null, data: Bytes): Bytes {
  if (data.length % 8 !== 0) throw new RangeError(`TDES data must be whole 8-byte blocks (got ${data.length} bytes)`);
  const c = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

export function tdesEcb(key: Bytes, data: Bytes, encrypt: boolean): Bytes {
  const k = tdesKey(key, "ecb");
  return run(encrypt, k.name, k.key, null, data);
}

export function tdesCbc(key: Bytes, iv: Bytes, data: Bytes, encrypt: boolean): Bytes {
  const k = tdesKey(key, "cbc");
  return run(encrypt, k.name, k.key, Buffer.from(iv), data);
}

/** Key check value: the first `n` bytes of the key enciphering an all-zero block. */
export function kcv(key: Bytes, n = 4): Bytes {
  return tdesEcb(key, new Uint8Array(8), true).slice(0, n);
}

/** ISO/IEC 9797-1 padding method 2: 0x80, then 0x00 to a multiple of 8. */
export function padMethod2(data: Bytes): Bytes {
  const out = new Uint8Array((Math.floor(data.length / 8) + 1) * 8);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Removes padding method 2, or undefined when the padding is malformed. */
export function unpadMethod2(data: Bytes): Bytes | undefined {
  if (data.length === 0 || data.length % 8 !== 0) return undefined;
  let i = data.length - 1;
  while (i >= data.length - 8 && data[i] === 0x00) i--;
  // The 0x80 marker must sit in the last block.
  if (i < data.length - 8 || data[i] !== 0x80) return undefined;
  return data.slice(0, i);
}

const HEX = new TextEncoder();

/**
 * The China UnionPay POS "ECB" MAC: XOR the data's 8-byte blocks (zero-padded), write
 * the result as 16 upper-case hex characters, encipher the first 8 under the MAK, XOR
 * with the last 8, encipher again, and keep the first 8 hex characters of the result
 * (as ASCII: field 64's 8 bytes).
 */
export function macCupEcb(mak: Bytes, data: Bytes): Bytes {
  const folded = new Uint8Array(8);
  for (let i = 0; i < data.length; i++) folded[i & 7] ^= data[i];
  const hex = HEX.encode(toHex(folded));
  const first = tdesEcb(mak, hex.subarray(0, 8), true);
  for (let i = 0; i < 8; i++) first[i] ^= hex[8 + i];
  const second = tdesEcb(mak, first, true);
  return HEX.encode(toHex(second).slice(0, 8));
}

/** Constant-time comparison of equal-length byte strings (false on a length mismatch). */
export function equalBytes(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The PIN out of an ISO 9564 format 0 clear block: block XOR (0000 || 12 rightmost PAN
 * digits excluding the check digit); first nibble 0, second the PIN length (4..12),
 * then the PIN digits and F fill. Undefined when the block is not a valid format 0 block.
 */
export function pinFromIso0(block: Bytes, pan: string): string | undefined {
  if (block.length !== 8 || !/^\d{13,19}$/.test(pan)) return undefined;
  const account = `0000${pan.slice(-13, -1)}`;
  const clear = new Uint8Array(8);
  for (let i = 0; i < 8; i++) clear[i] = block[i] ^ parseInt(account.slice(i * 2, i * 2 + 2), 16);
  const nibbles = toHex(clear);
  const length = parseInt(nibbles[1], 16);
  if (nibbles[0] !== "0" || length < 4 || length > 12) return undefined;
  const pin = nibbles.slice(2, 2 + length);
  if (!/^\d+$/.test(pin) || !/^F*$/.test(nibbles.slice(2 + length))) return undefined;
  return pin;
}

/** An ISO 9564 format 0 clear block (for tests driving the acquirer without a terminal). */
export function iso0Block(pin: string, pan: string): Bytes {
  const field = `0${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, "F");
  const account = `0000${pan.slice(-13, -1)}`;
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = parseInt(field.slice(i * 2, i * 2 + 2), 16) ^ parseInt(account.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The working keys an acquirer hands out at sign-on. */
export interface WorkingKeys {
  pik: Bytes;
  mak: Bytes;
  tdk?: Bytes;
}

/** Key sizes per key layout (docs/PROTOCOL.md "working keys"). */
export const KEY_LAYOUTS = { 24: 8, 40: 16, 60: 16 } as const;
export type KeyLayout = keyof typeof KEY_LAYOUTS;

/** Fresh random working keys for a layout (TDK only in the 60-byte layout). */
export function newWorkingKeys(layout: KeyLayout, random: (n: number) => Bytes = (n) => new Uint8Array(randomBytes(n))): WorkingKeys {
  const size = KEY_LAYOUTS[layout];
  return { pik: random(size), mak: random(size), tdk: layout === 60 ? random(16) : undefined };
}

/** The sign-on reply's field 62: each key enciphered under the TMK, each followed by its 4-byte check value. */
export function workingKeyBlock(tmk: Bytes, keys: WorkingKeys): Bytes {
  const parts: Bytes[] = [];
  for (const key of [keys.pik, keys.mak, keys.tdk]) {
    if (!key) continue;
    parts.push(tdesEcb(tmk, key, true), kcv(key));
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** The TDES-CBC (zero IV) encipherment of field 62's personal data, padding method 2. */
export function encipherPersonalData(tdk: Bytes, tlv: Bytes): Bytes {
  return tdesCbc(tdk, new Uint8Array(8), padMethod2(tlv), true);
}

/** Deciphers field 62; undefined when its length or padding is malformed. */
export function decipherPersonalData(tdk: Bytes, data: Bytes): Bytes | undefined {
  if (data.length === 0 || data.length % 8 !== 0) return undefined;
  return unpadMethod2(tdesCbc(tdk, new Uint8Array(8), data, false));
}

/**
 * Track data under the TDK (docs/PROTOCOL.md "Track data under the TDK"): the track in
 * its field 35 form (one nibble per character, 0x30 + nibble; left-aligned BCD with a 0
 * pad) has the 8 bytes before its last byte enciphered (or deciphered) with TDES ECB.
 * Throws a RangeError for a track outside 17..104 characters of the track code.
 */
export function cryptTrack(tdk: Bytes, track: string, encrypt: boolean): string {
  if (!/^[0-?]{17,104}$/.test(track)) throw new RangeError("a track must be 17-104 characters 0-9 : ; < = > ?");
  const nibbles = [...track].map((c) => c.charCodeAt(0) - 0x30);
  if (nibbles.length % 2) nibbles.push(0);
  const packed = new Uint8Array(nibbles.length / 2).map((_, i) => (nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
  const at = packed.length - 9;
  packed.set(tdesEcb(tdk, packed.subarray(at, at + 8), encrypt), at);
  const out = [...packed].flatMap((b) => [b >> 4, b & 15]).slice(0, track.length);
  packed.fill(0);
  return String.fromCharCode(...out.map((n) => 0x30 + n));
}

/** Overwrites key material once it is no longer needed. */
export function wipe(...keys: (Bytes | undefined)[]): void {
  for (const k of keys) k?.fill(0);
}
