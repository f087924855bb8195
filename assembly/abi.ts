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

  // -400 .. -499: verification flow (assembly/flow/)
  FLOW_UNEXPECTED_EVENT = -400, // (state, event) pair not in the transition table; field = state, found = event
  FLOW_BAD_EVENT_KIND = -401,   // kind outside 1..14
  FLOW_BAD_PAYLOAD = -402,      // payload length or content wrong for the event; offset = byte
  FLOW_PROFILE_UNKNOWN_KEY = -403, // offset = the line's first byte
  FLOW_PROFILE_BAD_VALUE = -404,   // offset = the line's first byte
  FLOW_PROFILE_MISSING = -405,     // terminalId or merchantId absent
  FLOW_QUEUE_NOT_DRAINED = -406,   // an event arrived before the host drained every command
  FLOW_BAD_RECORD = -407,          // RESTORE payload is not a record this core wrote; offset = byte
  FLOW_BAD_CLOCK = -408,           // date/time arguments are not a valid YYYYMMDD / hhmmss
  FLOW_QUEUE_FULL = -409,          // internal: a step produced more commands than the queue holds
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
