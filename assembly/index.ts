// The exported ABI of realname.wasm, and nothing else. Layout, buffer sizes and
// error codes are in ./abi.ts; the contract is written out in docs/ABI.md.
import {
  ABI_VERSION, INPUT, INPUT_CAPACITY, OUTPUT, OUTPUT_CAPACITY,
  beginCall, getOutputLength, getErrorCode, getErrorField, getErrorOffset,
  getErrorExpected, getErrorFound,
} from "./abi";
import { runSelfTest } from "./selftest";
import {
  cipherCall, checkValueCall, pinEncodeCall, pinDecodeCall, macCall, dukptDeriveCall, injectMasterKeyCall,
  installWorkingKeysCall, workingKeyCheckValueCall, wipeWorkingKeysCall, dukptLoadCall, dukptKsnCall,
  dukptPinBlockCall, dukptAdvanceCall,
} from "./crypto/calls";

// ---- version and buffers -------------------------------------------------

export function abiVersion(): i32 { return ABI_VERSION; }
export function inputBuffer(): usize { return INPUT; }
export function inputCapacity(): i32 { return INPUT_CAPACITY; }
export function outputBuffer(): usize { return OUTPUT; }
export function outputCapacity(): i32 { return OUTPUT_CAPACITY; }
export function outputLength(): i32 { return getOutputLength(); }

// ---- the last failure ----------------------------------------------------

export function errorCode(): i32 { return getErrorCode(); }
export function errorField(): i32 { return getErrorField(); }
export function errorOffset(): i32 { return getErrorOffset(); }
export function errorExpected(): i32 { return getErrorExpected(); }
export function errorFound(): i32 { return getErrorFound(); }

// ---- power-on self test --------------------------------------------------

/** Runs every built-in known answer: 0 = all pass, else the first failure's number. */
export function selfTest(): i32 {
  beginCall();
  return runSelfTest();
}

// ---- input checks (assembly/checks/) ---------------------------------------


// ---- ISO 8583 (assembly/iso8583/) ----------------------------------------------


// ---- cryptography (assembly/crypto/) ---------------------------------------
// Arguments and results as documented in assembly/crypto/calls.ts and
// docs/CRYPTO.md; inputs are laid out one after another in the input buffer.

/** alg 1 DES/TDES, 2 AES; mode 1 ECB, 2 CBC. Input key|iv|data. Returns the data length. */
export function cryptoCipher(alg: i32, mode: i32, encrypt: i32, keyLen: i32, ivLen: i32, dataLen: i32): i32 {
  beginCall();
  return cipherCall(alg, mode, encrypt, keyLen, ivLen, dataLen);
}

/** alg 1 TDES classic (E_key(0)), 2 AES (CMAC_key(0)). Input key. Returns n. */
export function cryptoCheckValue(alg: i32, keyLen: i32, n: i32): i32 {
  beginCall();
  return checkValueCall(alg, keyLen, n);
}

/** Input PIN|PAN|fill(8)|key. Output the PIN block (enciphered when keyLen > 0). */
export function cryptoPinBlockEncode(format: i32, pinLen: i32, panLen: i32, keyLen: i32): i32 {
  beginCall();
  return pinEncodeCall(format, pinLen, panLen, keyLen);
}

/** Input block|PAN|key. Output the PIN digits. Returns the PIN length. */
export function cryptoPinBlockDecode(format: i32, blockLen: i32, panLen: i32, keyLen: i32): i32 {
  beginCall();
  return pinDecodeCall(format, blockLen, panLen, keyLen);
}

/** alg 1/2 ISO 9797-1 alg 1 pad 1/2, 3 X9.19, 4 alg 3 pad 2, 5 UnionPay ECB, 6 AES-CMAC, 7 TDES-CMAC, 8/9 alg 1/3 pad 3. Input key|data. */
export function cryptoMac(alg: i32, keyLen: i32, dataLen: i32): i32 {
  beginCall();
  return macCall(alg, keyLen, dataLen);
}

/** alg 1 TDES (X9.24-1), 2 AES (X9.24-3). Input BDK|KSN. Output the key for usage (AES: keyLen bytes, 0 = 16). */
export function cryptoDukptDerive(alg: i32, usage: i32, bdkLen: i32, ksnLen: i32, keyLen: i32): i32 {
  beginCall();
  return dukptDeriveCall(alg, usage, bdkLen, ksnLen, keyLen);
}

/** Input the terminal master key. */
export function keysInjectMaster(keyLen: i32): i32 {
  beginCall();
  return injectMasterKeyCall(keyLen);
}

/** Input the sign-on reply's field 62 (layout 24, 40 or 60 bytes). Returns the number of keys installed. */
export function keysInstallWorking(layout: i32, len: i32): i32 {
  beginCall();
  return installWorkingKeysCall(layout, len);
}

/** Output the first n bytes of a working key's check value (slot PIK=1, MAK=2, TDK=3). */
export function keysCheckValue(slot: i32, n: i32): i32 {
  beginCall();
  return workingKeyCheckValueCall(slot, n);
}

export function keysWipe(): i32 {
  beginCall();
  return wipeWorkingKeysCall();
}

/** Input IPEK(16)|KSN(10): loads the terminal's TDES DUKPT future-key registers. */
export function dukptLoad(): i32 {
  beginCall();
  return dukptLoadCall();
}

/** Output the current DUKPT transaction's KSN (10 bytes). */
export function dukptKsn(): i32 {
  beginCall();
  return dukptKsnCall();
}

/** Input PIN|PAN. Output the format 0 PIN block under the current DUKPT PIN key. */
export function dukptPinBlock(pinLen: i32, panLen: i32): i32 {
  beginCall();
  return dukptPinBlockCall(pinLen, panLen);
}

/** Ends the current DUKPT transaction; DUKPT_EXHAUSTED when no counter is left. */
export function dukptAdvance(): i32 {
  beginCall();
  return dukptAdvanceCall();
}


// ---- verification flow (assembly/flow/) ------------------------------------

