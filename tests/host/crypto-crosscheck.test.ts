// The core's ciphers against node's built-in crypto (OpenSSL) on seeded random
// keys, IVs and data: DES as des-ede-ecb/cbc with K||K (OpenSSL 3 keeps single
// DES in its legacy provider), 2- and 3-key TDES, AES-128/192/256, ECB and CBC,
// both directions. The seed is fixed so a failure reproduces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv } from "node:crypto";
import { Crypto, toHex } from "../../host/api/crypto";
import { toolsCore } from "../../host/core";

const crypto = new Crypto(toolsCore());

/** xorshift32: deterministic bytes from a seed. */
function generator(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13; s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5; s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

function openssl(name: string, encrypt: boolean, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
  const c = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

interface Case { alg: "des" | "tdes" | "aes"; keyLen: number; openssl: (mode: string) => string; block: number }
const cases: Case[] = [
  { alg: "des", keyLen: 8, block: 8, openssl: (m) => `des-ede-${m}` },
  { alg: "tdes", keyLen: 16, block: 8, openssl: (m) => `des-ede-${m}` },
  { alg: "tdes", keyLen: 24, block: 8, openssl: (m) => `des-ede3-${m}` },
  { alg: "aes", keyLen: 16, block: 16, openssl: (m) => `aes-128-${m}` },
  { alg: "aes", keyLen: 24, block: 16, openssl: (m) => `aes-192-${m}` },
  { alg: "aes", keyLen: 32, block: 16, openssl: (m) => `aes-256-${m}` },
];

for (const c of cases) {
  for (const mode of ["ecb", "cbc"] as const) {
    test(`${c.alg} ${c.keyLen * 8}-bit key ${mode.toUpperCase()} equals OpenSSL on 40 seeded random inputs`, () => {
      const random = generator(0x5eed + c.keyLen * 7 + (mode === "cbc" ? 1 : 0));
      for (let round = 0; round < 40; round++) {
        const key = random(c.keyLen);
        const iv = mode === "cbc" ? random(c.block) : new Uint8Array(0);
        const data = random(c.block * (1 + (round % 9)));
        // Single DES is EDE with K1 = K2.
        const osslKey = c.alg === "des" ? new Uint8Array([...key, ...key]) : key;
        const osslIv = mode === "cbc" ? iv : null;
        const mine = crypto.cipher(c.alg, mode, true, key, data, iv);
        assert.equal(toHex(mine), toHex(openssl(c.openssl(mode), true, osslKey, osslIv, data)), `round ${round}`);
        assert.equal(toHex(crypto.cipher(c.alg, mode, false, key, data, iv)), toHex(openssl(c.openssl(mode), false, osslKey, osslIv, data)));
        assert.equal(toHex(crypto.cipher(c.alg, mode, false, key, mine, iv)), toHex(data));
      }
    });
  }
}

test("X9.19 MAC equals OpenSSL's DES-CBC chain with the final K' decipher and K encipher", () => {
  const random = generator(919);
  for (let round = 0; round < 30; round++) {
    const key = random(16);
    const data = random(round * 5);
    const padded = new Uint8Array(Math.max(8, Math.ceil(data.length / 8) * 8));
    padded.set(data);
    const k = key.subarray(0, 8);
    const k2 = key.subarray(8, 16);
    const chain = openssl("des-ede-cbc", true, new Uint8Array([...k, ...k]), new Uint8Array(8), padded).slice(-8);
    const single = (x: Uint8Array) => new Uint8Array([...x, ...x]);
    const expected = openssl("des-ede-ecb", true, single(k), null, openssl("des-ede-ecb", false, single(k2), null, chain));
    assert.equal(toHex(crypto.mac("x919", key, data)), toHex(expected), `round ${round}`);
  }
});
