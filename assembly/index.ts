// The exported ABI of realname.wasm, and nothing else. Layout, buffer sizes and
// error codes are in ./abi.ts; the contract is written out in docs/ABI.md.
import {
  ABI_VERSION, INPUT, INPUT_CAPACITY, OUTPUT, OUTPUT_CAPACITY,
  beginCall, getOutputLength, getErrorCode, getErrorField, getErrorOffset,
  getErrorExpected, getErrorFound,
} from "./abi";
import { runSelfTest } from "./selftest";
import { packRecords, unpackRecords, fieldSpec } from "./iso8583/records";
import { macRegionOffset, macRegionLength } from "./iso8583/codec";

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
// dialect: 0 ascii87, 1 bin87, 2 cup. Field sets cross the boundary as records
// (assembly/iso8583/records.ts): field (1 byte) | length (2 bytes BE) | value.

/** Packs the records in the input buffer; the message lands in the output buffer. Returns its length. */
export function iso8583Pack(dialect: i32, inputLength: i32): i32 {
  beginCall();
  return packRecords(dialect, inputLength);
}

/** Unpacks the message in the input buffer; its fields land in the output buffer as records. Returns their length. */
export function iso8583Unpack(dialect: i32, inputLength: i32): i32 {
  beginCall();
  return unpackRecords(dialect, inputLength);
}

/** After a pack or unpack: where the MAC input starts (the MTI) in the message. */
export function iso8583MacRegionOffset(): i32 { return macRegionOffset(); }
/** After a pack or unpack: how many bytes the MAC covers (up to field 64's value). */
export function iso8583MacRegionLength(): i32 { return macRegionLength(); }

/** A field's spec: class (bits 0..3) | length type << 4 | max length << 8; 0 = not defined. */
export function iso8583FieldSpec(dialect: i32, field: i32): i32 {
  beginCall();
  return fieldSpec(dialect, field);
}


// ---- cryptography (assembly/crypto/) ---------------------------------------


// ---- verification flow (assembly/flow/) ------------------------------------

