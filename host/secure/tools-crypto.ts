// The software secure module's cryptography on the tools module
// (build/realname-tools.wasm) for the browser page, where node:crypto is not
// and WebCrypto has no DES: an instance of its own, apart from the terminal
// core's, so the keys pass through the tools instance's memory (which wipes the
// keys it is given) and never through the terminal module's.
import { Crypto } from "../api/crypto";
import type { Core } from "../core-wasm";
import type { SecureCrypto } from "./module";

export function toolsSecureCrypto(tools: Core): SecureCrypto {
  const c = new Crypto(tools);
  return {
    tdesEcb: (key, data, encrypt) => c.cipher("tdes", "ecb", encrypt, key, data),
    tdesCbc: (key, iv, data, encrypt) => c.cipher("tdes", "cbc", encrypt, key, data, iv),
    kcv: (key, n) => c.checkValue("tdes", key, n),
    macCupEcb: (mak, data) => c.mac("cup-ecb", mak, data),
    aesCmac: (key, data) => c.mac("aes-cmac", key, data),
    iso0Block: (pin, pan) => c.pinBlockEncode(0, pin, pan),
  };
}
