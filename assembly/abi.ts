// The I/O layout of the core: everything a host needs besides the exported
// functions. A vendor writing the host in C reads this file, assembly/index.ts
// and docs/ABI.md, and nothing else.
//
// Conventions (see docs/ABI.md):
// - The host writes call arguments into the input buffer and passes their
//   length; results land in the output buffer and outputLength() says how many
//   bytes. Both buffers are static: their addresses never change.
// - Every call returns an i32: >= 0 is success (meaning per call), < 0 is one
//   of the ErrorCode values below. The failing field, the byte offset and the
//   expected/found values of the last failure are kept for errorField() etc.

/** Bumped whenever an export, a buffer layout or a code's meaning changes. */
export const ABI_VERSION: i32 = 1;

export const INPUT_CAPACITY: i32 = 4096;
export const OUTPUT_CAPACITY: i32 = 8192;

@lazy export const INPUT: usize = memory.data(INPUT_CAPACITY, 16);
@lazy export const OUTPUT: usize = memory.data(OUTPUT_CAPACITY, 16);

/**
 * Every failure the core can report, in one space with a range per module
 * (as mbedTLS segments its error space). A code's number never changes once
 * published; retired codes are not reused.
 */
export enum ErrorCode {
  OK = 0,

  // -1 .. -99: calling convention
  INPUT_TOO_LONG = -1,      // length argument larger than INPUT_CAPACITY
  OUTPUT_TOO_SMALL = -2,    // result would not fit in OUTPUT_CAPACITY
  BAD_ARGUMENT = -3,        // an integer argument outside its documented range

  // -100 .. -199: input checks (assembly/checks/)

  // -200 .. -299: ISO 8583 (assembly/iso8583/)

  // -300 .. -399: cryptography (assembly/crypto/)
  CRYPTO_KEY_LENGTH = -300,      // key length not allowed for the algorithm (found = the length)
  CRYPTO_DATA_LENGTH = -301,     // data length negative, too long or not a multiple of the block size
  CRYPTO_OUTPUT_LENGTH = -302,   // requested output length out of range (check value, MAC)
  PIN_FORMAT = -303,             // PIN block format not one of 0, 1, 3, 4
  PIN_LENGTH = -304,             // PIN length outside 4..12 (found = the length)
  PIN_DIGIT = -305,              // PIN contains something other than 0-9 (offset = where)
  PAN_INVALID = -306,            // PAN length outside 1..19 or a non-digit (offset = where)
  PIN_BLOCK_CONTROL = -307,      // control nibble is not the format's (expected, found)
  PIN_BLOCK_FILL = -308,         // a fill nibble breaks the format's rule (offset = nibble index)
  KEY_CHECK_VALUE = -309,        // a working key's check value did not match; nothing installed (field = slot)
  NO_MASTER_KEY = -310,          // working keys arrived before a terminal master key was injected
  KEY_LAYOUT = -311,             // key download layout not 24/40/60, or block length does not match it
  MAC_ALGORITHM = -312,          // unknown MAC algorithm or padding
  MAC_STATE = -313,              // update/final on a MAC context that was not initialised
  MAC_MISMATCH = -314,           // a received MAC differs from the computed one
  DUKPT_KSN = -315,              // KSN length wrong, or its counter is not one a terminal may use
  DUKPT_EXHAUSTED = -316,        // the terminal's transaction counter has run out: inject a new key
  DUKPT_USAGE = -317,            // unknown DUKPT key usage
  KEY_SLOT = -318,               // working key slot not PIK=1, MAK=2, TDK=3, or the slot is empty

  // -400 .. -499: verification flow (assembly/flow/)
}

// The last failure. Plain globals: the module is single-threaded and a host
// reads them right after the call that failed.
let lastCode: i32 = 0;
let lastField: i32 = 0;
let lastOffset: i32 = 0;
let lastExpected: i32 = 0;
let lastFound: i32 = 0;
let outputBytes: i32 = 0;

/** Records a failure and returns its code, so a caller can `return fail(...)`. */
export function fail(code: i32, field: i32 = 0, offset: i32 = 0, expected: i32 = 0, found: i32 = 0): i32 {
  lastCode = code;
  lastField = field;
  lastOffset = offset;
  lastExpected = expected;
  lastFound = found;
  return code;
}

/** Called at the start of every exported call so a stale failure is never reported. */
export function beginCall(): void {
  lastCode = 0;
  lastField = 0;
  lastOffset = 0;
  lastExpected = 0;
  lastFound = 0;
  outputBytes = 0;
}

export function setOutputLength(length: i32): void {
  outputBytes = length;
}

export function getOutputLength(): i32 { return outputBytes; }
export function getErrorCode(): i32 { return lastCode; }
export function getErrorField(): i32 { return lastField; }
export function getErrorOffset(): i32 { return lastOffset; }
export function getErrorExpected(): i32 { return lastExpected; }
export function getErrorFound(): i32 { return lastFound; }

/**
 * The compiler's abort, routed here (asconfig `--use abort=`) so the module
 * imports nothing. Reaching it is a bug in the core, never a reaction to bad
 * input: the host must discard the instance and start a fresh one.
 */
export function onAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  unreachable();
}
