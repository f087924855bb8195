// The software secure module's cryptography in node's built-in OpenSSL (the
// desktop simulator and the tests): TDES, check values, the UnionPay MAC and
// format 0 PIN blocks as the simulated acquirer computes them, and AES-CMAC.
// Independent of the core's own implementations, so a terminal in
// keyCustody=module cross-checks the core's keyCustody=core byte for byte.
import { createCipheriv } from "node:crypto";
import { iso0Block, kcv, macCupEcb, tdesCbc, tdesEcb } from "../acquirer/crypto";
import type { SecureCrypto } from "./module";

/** AES-CMAC (NIST SP 800-38B) with node's AES-ECB: subkeys K1/K2 from E(0), the last block masked. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const encrypt = (block: Uint8Array) => {
    const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    c.setAutoPadding(false);
    return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
  };
  const double = (b: Uint8Array) => {
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++) out[i] = ((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0)) & 0xff;
    if (b[0] & 0x80) out[15] ^= 0x87;
    return out;
  };
  const k1 = double(encrypt(new Uint8Array(16)));
  const k2 = double(k1);
  const blocks = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const last = new Uint8Array(16);
  last.set(data.subarray((blocks - 1) * 16));
  if (!complete) last[data.length - (blocks - 1) * 16] = 0x80;
  const mask = complete ? k1 : k2;
  let x: Uint8Array = new Uint8Array(16);
  for (let b = 0; b < blocks; b++) {
    const block = b === blocks - 1 ? last.map((v, i) => v ^ mask[i]) : data.subarray(b * 16, b * 16 + 16);
    x = encrypt(x.map((v, i) => v ^ block[i]));
  }
  return x;
}

export const nodeSecureCrypto: SecureCrypto = { tdesEcb, tdesCbc, kcv, macCupEcb, aesCmac, iso0Block };
