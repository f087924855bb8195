// Payment cryptography through the Wasm core against node's built-in crypto
// (OpenSSL) doing the same work in the same run:
// - bulk: AES-128 and 2-key TDES, ECB and CBC both ways, 4000 bytes per call
//   through the cryptoCipher export (key schedule and copying included), as
//   MB/s and ns per byte. OpenSSL uses AES-NI where the CPU has it (reported);
//   the core is constant-time software (bitsliced AES, table-free DES).
// - per message as a terminal does it: an X9.19 MAC over 256 bytes (two key
//   schedules, 34 DES blocks) and a format 0 PIN block under TDES.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { compare } from "./measure";
import { toolsCore, type Core } from "../host/core";
import { CipherAlgorithm, CipherMode } from "../host/generated/abi";
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

/** Bytes per bulk call: a multiple of both block sizes that fits the input buffer with key and IV. */
const BULK = 4000;

interface BulkCase {
  name: string;
  openssl: string;
  alg: CipherAlgorithm;
  key: Uint8Array;
  ivLength: number;
}

/** One bulk direction through the cryptoCipher export, checked once against OpenSSL before timing. */
function bulkBench(core: Core, c: BulkCase, mode: "ecb" | "cbc", encrypt: boolean): void {
  const data = new Uint8Array(BULK).map((_, i) => (i * 131 + 17) & 0xff);
  const iv = new Uint8Array(c.ivLength).fill(0x5a);
  const input = new Uint8Array([...c.key, ...(mode === "cbc" ? iv : []), ...data]);
  const ivLength = mode === "cbc" ? iv.length : 0;
  const x = core.exports;
  const wasm = () => {
    core.setInput(input);
    if (x.cryptoCipher(c.alg, mode === "ecb" ? CipherMode.ECB : CipherMode.CBC, encrypt ? 1 : 0, c.key.length, ivLength, BULK) < 0) throw new Error("cipher failed");
  };
  const cipherName = `${c.openssl}-${mode}`;
  const openssl = () => {
    const cipher = encrypt ? createCipheriv(cipherName, c.key, mode === "cbc" ? iv : null) : createDecipheriv(cipherName, c.key, mode === "cbc" ? iv : null);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(data), cipher.final()]);
  };
  wasm();
  if (Buffer.from(core.output()).compare(openssl()) !== 0) throw new Error(`${c.name} ${mode} differs from OpenSSL`);
  compare(
    `${c.name} ${mode.toUpperCase()} ${encrypt ? "encrypt" : "decrypt"}, ${BULK}-byte calls`,
    ["core (wasm, constant time)", wasm],
    [`node crypto (OpenSSL ${process.versions.openssl})`, openssl],
    { bytes: BULK },
  );
}

/** What node's OpenSSL can use for AES here: the CPU's AES-NI flag. */
function aesNi(): string {
  try {
    const flags = readFileSync("/proc/cpuinfo", "utf8").match(/^flags\s*:(.*)$/m)?.[1].split(" ") ?? [];
    return flags.includes("aes") ? "the CPU has AES-NI, so OpenSSL's AES is hardware" : "the CPU has no AES-NI, so OpenSSL's AES is software";
  } catch {
    return "AES-NI unknown (no /proc/cpuinfo)";
  }
}

export function cryptoBench(): void {
  console.log(`-- cryptography (${aesNi()}) --\n`);
  const core = toolsCore();
  const aes: BulkCase = { name: "AES-128", openssl: "aes-128", alg: CipherAlgorithm.AES, key: fromHex("2B7E151628AED2A6ABF7158809CF4F3C"), ivLength: 16 };
  const tdes: BulkCase = { name: "TDES (2-key)", openssl: "des-ede", alg: CipherAlgorithm.TDES, key: fromHex("0123456789ABCDEFFEDCBA9876543210"), ivLength: 8 };
  for (const c of [aes, tdes]) {
    for (const mode of ["ecb", "cbc"] as const) {
      bulkBench(core, c, mode, true);
      bulkBench(core, c, mode, false);
    }
  }

  const crypto = new Crypto(toolsCore());
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
