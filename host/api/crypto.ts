// Typed wrapper over the tools module's cryptography exports (assembly/crypto/calls.ts).
// Byte arrays in, byte arrays out; a negative result from the core becomes a
// CryptoError carrying the ErrorCode, its name and the failure record.
import { errorLabel, type Core, type CoreFailure } from "../core-wasm";
import { CipherAlgorithm, CipherMode as Mode, DukptUsage as Usage, ErrorCode, MacAlgorithm as Mac, PIN_FILL_BYTES, WorkingKeySlot } from "../generated/abi";

export { PIN_FILL_BYTES };

const E = ErrorCode;

/** What each code of the calling convention and the -300 range means, in the CLI's words. */
const REASONS: Record<number, string> = {
  [E.INPUT_TOO_LONG]: "input too long for the core's buffer",
  [E.BAD_ARGUMENT]: "argument out of range",
  [E.CRYPTO_KEY_LENGTH]: "key length not allowed for the algorithm",
  [E.CRYPTO_DATA_LENGTH]: "data length is not a whole number of blocks",
  [E.CRYPTO_OUTPUT_LENGTH]: "output length out of range",
  [E.PIN_FORMAT]: "PIN block format must be 0, 1, 3 or 4",
  [E.PIN_LENGTH]: "PIN length must be 4 to 12 digits",
  [E.PIN_DIGIT]: "PIN must be digits only",
  [E.PAN_INVALID]: "PAN must be 1 to 19 digits",
  [E.PIN_BLOCK_CONTROL]: "PIN block control field does not match the format",
  [E.PIN_BLOCK_FILL]: "PIN block fill breaks the format's rule",
  [E.KEY_CHECK_VALUE]: "working key check value does not match; nothing installed",
  [E.NO_MASTER_KEY]: "no master key (or DUKPT initial key) loaded",
  [E.KEY_LAYOUT]: "key download layout must be 24, 40 or 60 bytes and match the block",
  [E.MAC_ALGORITHM]: "unknown MAC algorithm or padding",
  [E.MAC_STATE]: "MAC context not initialised",
  [E.MAC_MISMATCH]: "MAC does not match",
  [E.DUKPT_KSN]: "KSN length or counter not valid",
  [E.DUKPT_EXHAUSTED]: "DUKPT transaction counter exhausted; load a new initial key",
  [E.DUKPT_USAGE]: "unknown DUKPT key usage",
  [E.KEY_SLOT]: "no working key in that slot",
  [E.CRYPTO_TRACK_DATA]: "track data too short, too long or not track characters",
};

export class CryptoError extends Error {
  constructor(readonly code: number, readonly failure: CoreFailure) {
    super(`${REASONS[code] ?? "the core refused it"}: ${errorLabel(code)}`);
    this.name = "CryptoError";
  }
}

export type CipherAlg = "des" | "tdes" | "aes";
export type CipherMode = "ecb" | "cbc";
export type PinFormat = 0 | 1 | 3 | 4;
export type MacAlg =
  | "iso9797-1-m1" | "iso9797-1-m2" | "iso9797-1-m3" | "x919" | "iso9797-1-alg3-m2" | "iso9797-1-alg3-m3"
  | "cup-ecb" | "aes-cmac" | "tdes-cmac";
/** Working keys, plus "base" (the TDES transaction key), "derivation" (TDES IPEK / AES derivation key), "initial" (AES IK). */
export type DukptUsage = "base" | "pin" | "mac" | "mac-resp" | "data" | "data-resp" | "derivation" | "initial";
export type KeySlot = "pik" | "mak" | "tdk";

const MAC_CODES: Record<MacAlg, number> = {
  "iso9797-1-m1": Mac.ISO9797_1_ALG1_PAD1, "iso9797-1-m2": Mac.ISO9797_1_ALG1_PAD2, x919: Mac.ISO9797_1_ALG3_PAD1,
  "iso9797-1-alg3-m2": Mac.ISO9797_1_ALG3_PAD2, "cup-ecb": Mac.CUP_ECB, "aes-cmac": Mac.AES_CMAC, "tdes-cmac": Mac.TDES_CMAC,
  "iso9797-1-m3": Mac.ALG1_PAD3, "iso9797-1-alg3-m3": Mac.ALG3_PAD3,
};
const USAGE_CODES: Record<DukptUsage, number> = {
  base: Usage.BASE, pin: Usage.PIN, mac: Usage.MAC_REQUEST, "mac-resp": Usage.MAC_RESPONSE, data: Usage.DATA_REQUEST,
  "data-resp": Usage.DATA_RESPONSE, derivation: Usage.DERIVATION_KEY, initial: Usage.INITIAL_KEY,
};
const SLOT_CODES: Record<KeySlot, number> = { pik: WorkingKeySlot.PIK, mak: WorkingKeySlot.MAK, tdk: WorkingKeySlot.TDK };
const ascii = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class Crypto {
  /** Over an instance of the tools module (host/core.ts toolsCore() under node). */
  constructor(readonly core: Core) {}

  private run(name: string, input: Uint8Array, ...args: number[]): Uint8Array {
    this.core.setInput(input);
    const rc = this.core.call(name, ...args);
    if (rc < 0) throw new CryptoError(rc, this.core.lastFailure());
    return this.core.output();
  }

  /** DES (8-byte key; "des" or "tdes"), TDES (16/24), AES (16/24/32) in ECB or CBC. */
  cipher(alg: CipherAlg, mode: CipherMode, encrypt: boolean, key: Uint8Array, data: Uint8Array, iv: Uint8Array = new Uint8Array(0)): Uint8Array {
    const a = alg === "aes" ? CipherAlgorithm.AES : CipherAlgorithm.TDES;
    const m = mode === "ecb" ? Mode.ECB : Mode.CBC;
    return this.run("cryptoCipher", concat(key, iv, data), a, m, encrypt ? 1 : 0, key.length, iv.length, data.length);
  }

  /** TDES classic check value (default 3 bytes) or AES CMAC check value (default 5). */
  checkValue(alg: "tdes" | "aes", key: Uint8Array, n = alg === "aes" ? 5 : 3): Uint8Array {
    return this.run("cryptoCheckValue", key, alg === "aes" ? CipherAlgorithm.AES : CipherAlgorithm.TDES, key.length, n);
  }

  /**
   * A PIN block: clear for 0/1/3 without a key, TDES-enciphered with one; format 4 needs an AES key.
   * `fill` (at most PIN_FILL_BYTES) starts the fill region and zeros follow: give random bytes
   * (format 3 draws A-F nibbles from them by rejection, docs/CRYPTO.md) or the exact fill wanted.
   */
  pinBlockEncode(format: number, pin: string, pan: string, opts: { key?: Uint8Array; fill?: Uint8Array } = {}): Uint8Array {
    const given = opts.fill ?? new Uint8Array(0);
    if (given.length > PIN_FILL_BYTES) throw new RangeError(`fill is at most ${PIN_FILL_BYTES} bytes`);
    const fill = new Uint8Array(PIN_FILL_BYTES);
    fill.set(given);
    const key = opts.key ?? new Uint8Array(0);
    const p = ascii.encode(pin);
    const a = ascii.encode(pan);
    return this.run("cryptoPinBlockEncode", concat(p, a, fill, key), format, p.length, a.length, key.length);
  }

  /** The PIN in a block (clear for 0/1/3 without a key). */
  pinBlockDecode(format: number, block: Uint8Array, pan: string, key: Uint8Array = new Uint8Array(0)): string {
    const a = ascii.encode(pan);
    return new TextDecoder().decode(this.run("cryptoPinBlockDecode", concat(block, a, key), format, block.length, a.length, key.length));
  }

  mac(alg: MacAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
    return this.run("cryptoMac", concat(key, data), MAC_CODES[alg], key.length, data.length);
  }

  /** Host-side DUKPT key: TDES (X9.24-1, 10-byte KSN) or AES (X9.24-3, 12-byte KSN; working keys of keyLen bytes, AES-128 by default). */
  dukptDerive(alg: "tdes" | "aes", bdk: Uint8Array, ksn: Uint8Array, usage: DukptUsage, keyLen = 16): Uint8Array {
    const a = alg === "aes" ? CipherAlgorithm.AES : CipherAlgorithm.TDES;
    return this.run("cryptoDukptDerive", concat(bdk, ksn), a, USAGE_CODES[usage], bdk.length, ksn.length, keyLen);
  }

  injectMasterKey(key: Uint8Array): void {
    this.run("keysInjectMaster", key, key.length);
  }

  /** Installs field 62 of a sign-on reply; returns how many keys were installed. */
  installWorkingKeys(block: Uint8Array, layout = block.length): number {
    this.core.setInput(block);
    const rc = this.core.call("keysInstallWorking", layout, block.length);
    if (rc < 0) throw new CryptoError(rc, this.core.lastFailure());
    return rc;
  }

  /** Check value of an installed working key (the key itself never leaves the core). */
  workingKeyCheckValue(slot: KeySlot, n = 4): Uint8Array {
    return this.run("keysCheckValue", new Uint8Array(0), SLOT_CODES[slot], n);
  }

  wipeWorkingKeys(): void {
    this.core.call("keysWipe");
  }

  dukptLoad(ipek: Uint8Array, ksn: Uint8Array): void {
    if (ipek.length !== 16 || ksn.length !== 10) throw new RangeError("IPEK is 16 bytes and KSN 10");
    this.run("dukptLoad", concat(ipek, ksn));
  }

  dukptKsn(): Uint8Array {
    return this.run("dukptKsn", new Uint8Array(0));
  }

  dukptPinBlock(pin: string, pan: string): Uint8Array {
    const p = ascii.encode(pin);
    const a = ascii.encode(pan);
    return this.run("dukptPinBlock", concat(p, a), p.length, a.length);
  }

  dukptAdvance(): void {
    const rc = this.core.call("dukptAdvance");
    if (rc < 0) throw new CryptoError(rc, this.core.lastFailure());
  }
}

export { fromHex, toHex } from "../hex";
