// Payment cryptography through the Wasm core against node's built-in crypto
// (OpenSSL) doing the same work, per call as a terminal does it: an X9.19 MAC
// over a 256-byte message, and a format 0 PIN block enciphered under a TDES key.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { compare } from "./measure";
import { Crypto, fromHex } from "../host/api/crypto";

function ede(key: Uint8Array, decrypt: boolean, mode: "ecb" | "cbc", data: Uint8Array): Buffer {
  const iv = mode === "cbc" ? Buffer.alloc(8) : null;
  const c = decrypt ? createDecipheriv(`des-ede-${mode}`, key, iv) : createCipheriv(`des-ede-${mode}`, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** X9.19 with OpenSSL: single-DES CBC chain as EDE with K||K, then D_K' and E_K. */
function opensslX919(key: Uint8Array, data: Uint8Array): Buffer {
  const k = Buffer.concat([key.subarray(0, 8), key.subarray(0, 8)]);
  const k2 = Buffer.concat([key.subarray(8, 16), key.subarray(8, 16)]);
  const padded = Buffer.alloc(Math.ceil(data.length / 8) * 8);
  padded.set(data);
  const chain = ede(k, false, "cbc", padded).subarray(-8);
  return ede(k, false, "ecb", ede(k2, true, "ecb", chain));
}

/** Format 0 with JavaScript string work, then OpenSSL TDES. */
function opensslPinBlock(key: Uint8Array, pin: string, pan: string): Buffer {
  const pinField = Buffer.from(`0${pin.length.toString(16)}${pin}`.padEnd(16, "F"), "hex");
  const panField = Buffer.from(`0000${pan.slice(-13, -1)}`, "hex");
  for (let i = 0; i < 8; i++) pinField[i] ^= panField[i];
  return ede(key, false, "ecb", pinField);
}

export function cryptoBench(): void {
  const crypto = new Crypto();
  const key = fromHex("0123456789ABCDEFFEDCBA9876543210");
  const message = new Uint8Array(256).map((_, i) => (i * 31 + 7) & 0xff);
  const pin = "839201";
  const pan = "6216261000000000018";
  if (Buffer.from(crypto.mac("x919", key, message)).compare(opensslX919(key, message)) !== 0) throw new Error("X9.19 differs from OpenSSL");
  if (Buffer.from(crypto.pinBlockEncode(0, pin, pan, { key })).compare(opensslPinBlock(key, pin, pan)) !== 0) throw new Error("PIN block differs");
  compare(
    "X9.19 retail MAC over 256 bytes (per message)",
    ["core (wasm, constant-time DES)", () => crypto.mac("x919", key, message)],
    ["node crypto (OpenSSL)", () => opensslX919(key, message)],
  );
  compare(
    "ISO 9564 format 0 PIN block under TDES (per block)",
    ["core (wasm, constant-time DES)", () => crypto.pinBlockEncode(0, pin, pan, { key })],
    ["node crypto (OpenSSL)", () => opensslPinBlock(key, pin, pan)],
  );
}
