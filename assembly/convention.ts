// The calling convention's exports, carried by both modules (build/realname.wasm
// and build/realname-tools.wasm): the ABI version, how long the last output is,
// and the last failure (docs/ABI.md "Calling convention"). Where the buffers are
// each module says itself (inputBuffer(), outputBuffer()): their sizes differ.
import {
  ABI_VERSION, getOutputLength, getErrorCode, getErrorField, getErrorOffset,
  getErrorExpected, getErrorFound,
} from "./abi";

export function abiVersion(): i32 { return ABI_VERSION; }
export function outputLength(): i32 { return getOutputLength(); }

export function errorCode(): i32 { return getErrorCode(); }
export function errorField(): i32 { return getErrorField(); }
export function errorOffset(): i32 { return getErrorOffset(); }
export function errorExpected(): i32 { return getErrorExpected(); }
export function errorFound(): i32 { return getErrorFound(); }
