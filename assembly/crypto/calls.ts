// The cryptography calls behind assembly/index.ts's exports: each reads its
// arguments from the input buffer (laid out one after another, lengths given
// as i32 arguments), checks every length against its bound and the buffer,
// and writes its result to the output buffer. Keys passed in are wiped from the
// input buffer when the call ends, and no call ever outputs a stored key.
import { ErrorCode, fail, INPUT, TOOLS_INPUT_CAPACITY, TOOLS_OUTPUT, inputLengthFits, setOutputLength } from "../abi";
import { tdesEcb, tdesCbc, aesEcb, aesCbc } from "./modes";
import { kcvTdes } from "./kcv";
import { cmac, kcvAes, CmacCipher } from "./cmac";
import { pinBlockEncode, pinBlockDecode, PIN_FILL_BYTES } from "./pinblock";
import { pinBlock4Encipher, pinBlock4Decipher } from "./pinblock4";
import { macInit, macUpdate, macFinal, macIso9797Alg1, macIso9797Alg3, MAC_CONTEXT_SIZE } from "./mac";
import { tdesDukptDerive, tdesDukptIpek, DukptUsage, TDES_KSN_LENGTH } from "./dukpt-tdes";
import { aesDukptWorkingKey, aesDukptDerivationKey, aesDukptInitialKey, AES_KSN_LENGTH } from "./dukpt-aes";
import { dukptTerminalLoad, dukptTerminalKsn, dukptTerminalKey, dukptTerminalAdvance } from "./dukpt-terminal";
import { injectTerminalMasterKey, installWorkingKeys, workingKeyPtr, workingKeyLength, wipeWorkingKeys } from "./keystore";
import { wipe } from "./wipe";

export const enum CipherAlgorithm {
  TDES = 1, // DES with an 8-byte key
  AES = 2,
}

export const enum CipherMode {
  ECB = 1,
  CBC = 2,
}

/** MAC algorithms of cryptoMac: the MacAlgorithm values, then the CMACs. */
export const MAC_AES_CMAC: i32 = 6;
export const MAC_TDES_CMAC: i32 = 7;
export const MAC_ALG1_PAD3: i32 = 8;
export const MAC_ALG3_PAD3: i32 = 9;

/** DUKPT "usages" of cryptoDukptDerive beyond the working keys (tools and tests). */
export const DUKPT_DERIVATION_KEY: i32 = 6; // TDES: the IPEK; AES: the derivation key for the KSN's counter
export const DUKPT_INITIAL_KEY: i32 = 7;    // AES: the initial key (IK) for the KSN's initial key id

const MAX_KEY: i32 = 32;
@lazy const MAC_CONTEXT = memory.data(MAC_CONTEXT_SIZE, 16);
@lazy const KEY = memory.data(32, 8);
@lazy const PIN_FILL = memory.data(8, 8);

/** 0 when the lengths (each 0..capacity) fit the input buffer together, else an ErrorCode. */
function inputFits(a: i32, b: i32, c: i32, d: i32): i32 {
  let rc = inputLengthFits(a);
  if (rc >= 0) rc = inputLengthFits(b);
  if (rc >= 0) rc = inputLengthFits(c);
  if (rc >= 0) rc = inputLengthFits(d);
  if (rc < 0) return rc;
  if (a + b + c + d > TOOLS_INPUT_CAPACITY) {
    return fail(ErrorCode.INPUT_TOO_LONG, 0, 0, TOOLS_INPUT_CAPACITY, a + b + c + d);
  }
  return 0;
}

/** Ends a call: wipes the `secret` leading bytes of the input, sets the output length when rc >= 0. */
function finish(rc: i32, secret: i32): i32 {
  wipe(INPUT, secret);
  if (rc >= 0) setOutputLength(rc);
  return rc;
}

/** Input: key | iv (CBC) | data. Output: the data enciphered or deciphered. Returns its length. */
export function cipherCall(alg: i32, mode: i32, encrypt: i32, keyLen: i32, ivLen: i32, dataLen: i32): i32 {
  let rc = inputFits(keyLen, ivLen, dataLen, 0);
  if (rc < 0) return rc;
  return finish(cipher(alg, mode, encrypt != 0, keyLen, ivLen, dataLen), keyLen);
}

function cipher(alg: i32, mode: i32, encrypt: bool, keyLen: i32, ivLen: i32, dataLen: i32): i32 {
  if (alg != CipherAlgorithm.TDES && alg != CipherAlgorithm.AES) return fail(ErrorCode.BAD_ARGUMENT, 1, 0, 1, alg);
  if (mode != CipherMode.ECB && mode != CipherMode.CBC) return fail(ErrorCode.BAD_ARGUMENT, 2, 0, 1, mode);
  let block: i32 = alg == CipherAlgorithm.AES ? 16 : 8;
  let wantIv: i32 = mode == CipherMode.CBC ? block : 0;
  if (ivLen != wantIv) return fail(ErrorCode.CRYPTO_DATA_LENGTH, 5, 0, wantIv, ivLen);
  let key = INPUT;
  let iv = INPUT + <usize>keyLen;
  let data = iv + <usize>ivLen;
  let rc: i32;
  if (alg == CipherAlgorithm.AES) {
    rc = mode == CipherMode.ECB ? aesEcb(key, keyLen, data, dataLen, TOOLS_OUTPUT, encrypt) : aesCbc(key, keyLen, iv, data, dataLen, TOOLS_OUTPUT, encrypt);
  } else {
    rc = mode == CipherMode.ECB ? tdesEcb(key, keyLen, data, dataLen, TOOLS_OUTPUT, encrypt) : tdesCbc(key, keyLen, iv, data, dataLen, TOOLS_OUTPUT, encrypt);
  }
  return rc < 0 ? rc : dataLen;
}

/** Input: key. Output: the first n bytes of its check value (TDES classic, AES CMAC). Returns n. */
export function checkValueCall(alg: i32, keyLen: i32, n: i32): i32 {
  let rc = inputFits(keyLen, 0, 0, 0);
  if (rc < 0) return rc;
  if (alg == CipherAlgorithm.TDES) rc = kcvTdes(INPUT, keyLen, TOOLS_OUTPUT, n);
  else if (alg == CipherAlgorithm.AES) rc = kcvAes(INPUT, keyLen, TOOLS_OUTPUT, n);
  else rc = fail(ErrorCode.BAD_ARGUMENT, 1, 0, 1, alg);
  return finish(rc, keyLen);
}

/**
 * Input: PIN digits | PAN digits | PIN_FILL_BYTES (64) fill bytes | key (keyLen 0 for a clear
 * block of format 0/1/3). Output: the clear block, or the block enciphered
 * under the key (TDES ECB for 0/1/3; format 4 always needs an AES key).
 */
export function pinEncodeCall(format: i32, pinLen: i32, panLen: i32, keyLen: i32): i32 {
  let rc = inputFits(pinLen, panLen, PIN_FILL_BYTES, keyLen);
  if (rc < 0) return rc;
  let pin = INPUT;
  let pan = pin + <usize>pinLen;
  let fill = pan + <usize>panLen;
  let key = fill + <usize>PIN_FILL_BYTES;
  let secret = pinLen + panLen + PIN_FILL_BYTES + keyLen;
  if (format == 4) {
    rc = pinBlock4Encipher(key, keyLen, pin, pinLen, pan, panLen, fill, TOOLS_OUTPUT);
    return finish(rc, secret);
  }
  rc = pinBlockEncode(format, pin, pinLen, pan, panLen, fill, TOOLS_OUTPUT);
  if (rc >= 0 && keyLen > 0) {
    let enc = tdesEcb(key, keyLen, TOOLS_OUTPUT, 8, TOOLS_OUTPUT, true);
    if (enc < 0) {
      wipe(TOOLS_OUTPUT, 8);
      rc = enc;
    }
  }
  return finish(rc, secret);
}

/** Input: block | PAN digits | key (keyLen 0 for a clear block of 0/1/3). Output: the PIN digits. Returns the PIN length. */
export function pinDecodeCall(format: i32, blockLen: i32, panLen: i32, keyLen: i32): i32 {
  let rc = inputFits(blockLen, panLen, keyLen, 0);
  if (rc < 0) return rc;
  let expected: i32 = format == 4 ? 16 : 8;
  let block = INPUT;
  let pan = block + <usize>blockLen;
  let key = pan + <usize>panLen;
  let secret = blockLen + panLen + keyLen;
  if (blockLen != expected) return finish(fail(ErrorCode.CRYPTO_DATA_LENGTH, 0, 0, expected, blockLen), secret);
  if (format == 4) return finish(pinBlock4Decipher(key, keyLen, block, pan, panLen, TOOLS_OUTPUT), secret);
  if (keyLen > 0) {
    rc = tdesEcb(key, keyLen, block, 8, block, false);
    if (rc < 0) return finish(rc, secret);
  }
  return finish(pinBlockDecode(format, block, pan, panLen, TOOLS_OUTPUT), secret);
}

/** Input: key | data. Output: the MAC (8 bytes; CMAC: the full block). */
export function macCall(alg: i32, keyLen: i32, dataLen: i32): i32 {
  let rc = inputFits(keyLen, dataLen, 0, 0);
  if (rc < 0) return rc;
  let key = INPUT;
  let data = INPUT + <usize>keyLen;
  if (alg == MAC_ALG1_PAD3 || alg == MAC_ALG3_PAD3) {
    rc = alg == MAC_ALG1_PAD3 ? macIso9797Alg1(key, keyLen, 3, data, dataLen, TOOLS_OUTPUT) : macIso9797Alg3(key, keyLen, 3, data, dataLen, TOOLS_OUTPUT);
    return finish(rc, keyLen);
  }
  if (alg == MAC_AES_CMAC || alg == MAC_TDES_CMAC) {
    rc = cmac(alg == MAC_AES_CMAC ? CmacCipher.AES : CmacCipher.TDES, key, keyLen, data, dataLen, TOOLS_OUTPUT);
    return finish(rc, keyLen);
  }
  rc = macInit(MAC_CONTEXT, alg, key, keyLen);
  if (rc >= 0) rc = macUpdate(MAC_CONTEXT, data, dataLen);
  if (rc >= 0) rc = macFinal(MAC_CONTEXT, TOOLS_OUTPUT);
  else wipe(MAC_CONTEXT, MAC_CONTEXT_SIZE);
  return finish(rc, keyLen);
}

/**
 * Host-side DUKPT (tools and the simulated acquirer). Input: BDK | KSN
 * (TDES: 16-byte BDK, 10-byte KSN; AES: 16/24/32-byte BDK, 12-byte KSN).
 * Output: the working key for `usage` (AES: of keyLen bytes, 16 by default),
 * or with DUKPT_DERIVATION_KEY / DUKPT_INITIAL_KEY the keys they name.
 */
export function dukptDeriveCall(alg: i32, usage: i32, bdkLen: i32, ksnLen: i32, keyLen: i32): i32 {
  let rc = inputFits(bdkLen, ksnLen, 0, 0);
  if (rc < 0) return rc;
  return finish(dukptDerive(alg, usage, INPUT, bdkLen, INPUT + <usize>bdkLen, ksnLen, keyLen), bdkLen);
}

function dukptDerive(alg: i32, usage: i32, bdk: usize, bdkLen: i32, ksn: usize, ksnLen: i32, keyLen: i32): i32 {
  if (alg == CipherAlgorithm.TDES) {
    if (ksnLen != TDES_KSN_LENGTH) return fail(ErrorCode.DUKPT_KSN, 0, 0, TDES_KSN_LENGTH, ksnLen);
    if (usage == DUKPT_DERIVATION_KEY) return tdesDukptIpek(bdk, bdkLen, ksn, TOOLS_OUTPUT);
    return tdesDukptDerive(bdk, bdkLen, ksn, usage, TOOLS_OUTPUT);
  }
  if (alg != CipherAlgorithm.AES) return fail(ErrorCode.BAD_ARGUMENT, 1, 0, 1, alg);
  if (ksnLen != AES_KSN_LENGTH) return fail(ErrorCode.DUKPT_KSN, 0, 0, AES_KSN_LENGTH, ksnLen);
  if (usage == DUKPT_INITIAL_KEY) return aesDukptInitialKey(bdk, bdkLen, ksn, TOOLS_OUTPUT);
  if (usage == DUKPT_DERIVATION_KEY) return aesDukptDerivationKey(bdk, bdkLen, ksn, TOOLS_OUTPUT);
  return aesDukptWorkingKey(bdk, bdkLen, ksn, usage, keyLen == 0 ? 16 : keyLen, TOOLS_OUTPUT);
}

/** Input: the TMK (8/16/24 bytes). */
export function injectMasterKeyCall(keyLen: i32): i32 {
  let rc = inputFits(keyLen, 0, 0, 0);
  if (rc < 0) return rc;
  return finish(injectTerminalMasterKey(INPUT, keyLen), keyLen);
}

/** Input: the field 62 key block of the sign-on reply. Returns the number of keys installed. */
export function installWorkingKeysCall(layout: i32, len: i32): i32 {
  let rc = inputFits(len, 0, 0, 0);
  if (rc < 0) return rc;
  return finish(installWorkingKeys(layout, INPUT, len), len);
}

/** Output: the first n bytes of an installed working key's check value (never the key). */
export function workingKeyCheckValueCall(slot: i32, n: i32): i32 {
  let len = workingKeyLength(slot);
  if (len == 0) return fail(ErrorCode.KEY_SLOT, slot);
  return finish(kcvTdes(workingKeyPtr(slot), len, TOOLS_OUTPUT, n), 0);
}

export function wipeWorkingKeysCall(): i32 {
  wipeWorkingKeys();
  return 0;
}

/** Input: IPEK (16) | KSN (10). Loads the terminal's DUKPT registers. */
export function dukptLoadCall(): i32 {
  return finish(dukptTerminalLoad(INPUT, INPUT + 16), 16 + TDES_KSN_LENGTH);
}

/** Output: the KSN (10 bytes) of the current DUKPT transaction. */
export function dukptKsnCall(): i32 {
  return finish(dukptTerminalKsn(TOOLS_OUTPUT), 0);
}

/**
 * Input: PIN digits | PAN digits. Output: the format 0 PIN block enciphered
 * under the current DUKPT transaction's PIN key (the KSN to send is dukptKsn).
 */
export function dukptPinBlockCall(pinLen: i32, panLen: i32): i32 {
  let rc = inputFits(pinLen, panLen, 0, 0);
  if (rc < 0) return rc;
  rc = pinBlockEncode(0, INPUT, pinLen, INPUT + <usize>pinLen, panLen, PIN_FILL, TOOLS_OUTPUT);
  if (rc >= 0) rc = dukptTerminalKey(DukptUsage.PIN, KEY);
  if (rc >= 0) rc = tdesEcb(KEY, 16, TOOLS_OUTPUT, 8, TOOLS_OUTPUT, true);
  if (rc >= 0) rc = 8;
  else wipe(TOOLS_OUTPUT, 8);
  wipe(KEY, MAX_KEY);
  return finish(rc, pinLen + panLen);
}

/** Ends the current DUKPT transaction (0, or DUKPT_EXHAUSTED). */
export function dukptAdvanceCall(): i32 {
  return dukptTerminalAdvance();
}
