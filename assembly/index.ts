// The exported ABI of realname.wasm, and nothing else. Layout, buffer sizes and
// error codes are in ./abi.ts; the contract is written out in docs/ABI.md.
import {
  ABI_VERSION, INPUT, INPUT_CAPACITY, OUTPUT, OUTPUT_CAPACITY,
  beginCall, getOutputLength, getErrorCode, getErrorField, getErrorOffset,
  getErrorExpected, getErrorFound,
} from "./abi";
import { runSelfTest } from "./selftest";

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


// ---- verification flow (assembly/flow/) ------------------------------------

