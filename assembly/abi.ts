// The I/O layout of the core: the ABI's version, where its two buffers are and
// every error code. scripts/gen-abi.mjs reads this file (with the flow's
// vocabulary in assembly/flow/) and writes the host's and the vendors' copies:
// host/generated/abi.ts, include/realname.h and the tables of docs/ABI.md.
//
// Conventions (see docs/ABI.md):
// - The host writes call arguments into the input buffer and passes their
//   length; results land in the output buffer and outputLength() says how many
//   bytes. Both buffers are static: their addresses never change.
// - Every call returns an i32: >= 0 is success (meaning per call), < 0 is one
//   of the ErrorCode values below. The failing field, the byte offset and the
//   expected/found values of the last failure are kept for errorField() etc.

/** Bumped whenever an export, a buffer layout or a code's meaning changes. */
export const ABI_VERSION: i32 = 4; // 2: a terminal and a tools module, buffers at fixed addresses; 3: nextDeadline() replaces the timer commands, PIN_FILL_BYTES; the record queries (event and command kinds 20..22); the secure-module port (events and commands 30..39); 4: the terminal's buffers sized for one 64 KiB page (input 2 KiB at 256, output 2 KiB), the tools module's of their own (TOOLS_*)

// The two buffers sit at fixed addresses below the static data (scripts/build.mjs
// hands each module its STATIC_DATA_OFFSET as the compiler's memoryBase), so a host
// may take them from the header as well as from inputBuffer() / outputBuffer(); they
// change only with ABI_VERSION. Below the input buffer 256 bytes stay unused: a field
// of a null reference (every class's fields lie within its first 128 bytes) would land
// there, never in a buffer. The terminal's buffers are sized for its one page of
// memory; the tools module (CLI, acquirer, tests), whose calls take whole messages and
// data of any kind, keeps larger ones after the same input offset (TOOLS_*).
export const INPUT_OFFSET: i32 = 256;
/**
 * The terminal's input: twice the longest payload the flow takes, a reply frame (its
 * values must fit the reply's 2 KiB field set: a 1 KiB frame), a profile (every key at
 * its longest is about 730 bytes; comment lines besides), a stored record (at most
 * 459 bytes, 4 more in RECORD).
 */
export const INPUT_CAPACITY: i32 = 2048;
export const OUTPUT_OFFSET: i32 = INPUT_OFFSET + INPUT_CAPACITY;
/**
 * The terminal's output: the longest command payload with room to spare. A SHOW is at
 * most 1,123 bytes (the 1 KiB screen text, its row breaks and the more mark), a SEND or
 * a MAC request a 1 KiB frame (flow/messages.ts FRAME_CAPACITY) and 2 bytes, a SAVE 459.
 */
export const OUTPUT_CAPACITY: i32 = 2048;
/** Where the terminal's static data starts (its memoryBase). */
export const STATIC_DATA_OFFSET: i32 = OUTPUT_OFFSET + OUTPUT_CAPACITY;
/** The tools module's input buffer, at INPUT_OFFSET: a call's data (CLI crypto input), a whole ISO 8583 message. */
export const TOOLS_INPUT_CAPACITY: i32 = 4096;
export const TOOLS_OUTPUT_OFFSET: i32 = INPUT_OFFSET + TOOLS_INPUT_CAPACITY;
/** The tools module's output buffer: a message unpacked into field records (BCD digits take twice their bytes). */
export const TOOLS_OUTPUT_CAPACITY: i32 = 8192;
/** Where the tools module's static data starts (its memoryBase). */
export const TOOLS_STATIC_DATA_OFFSET: i32 = TOOLS_OUTPUT_OFFSET + TOOLS_OUTPUT_CAPACITY;

/**
 * Linear memory of every module, in 64 KiB pages: declared initial = maximum, so it
 * never grows (scripts/build.mjs passes it to the compiler; tests/host/budgets.test.ts
 * checks both). One page is issue 13's budget for the terminal: budgets.test.ts holds
 * what it touches under one page less 2 KiB.
 */
export const MEMORY_PAGES: i32 = 1;

export const INPUT: usize = <usize>INPUT_OFFSET;
export const OUTPUT: usize = <usize>OUTPUT_OFFSET;
export const TOOLS_OUTPUT: usize = <usize>TOOLS_OUTPUT_OFFSET;

/**
 * Every failure the core can report, in one space with a range per module
 * (as mbedTLS segments its error space). A code's number never changes once
 * published; retired codes are not reused.
 */
export enum ErrorCode {
  OK = 0,

  // -1 .. -99: calling convention
  INPUT_TOO_LONG = -1,      // length argument larger than the input buffer (INPUT_CAPACITY, the tools' TOOLS_INPUT_CAPACITY)
  OUTPUT_TOO_SMALL = -2,    // result would not fit in the output buffer
  BAD_ARGUMENT = -3,        // an integer argument outside its documented range

  // -100 .. -199: input checks (assembly/checks/)
  PAN_BAD_CHARACTER = -100,     // not a digit or a space
  PAN_TOO_SHORT = -101,         // fewer than 12 digits
  PAN_TOO_LONG = -102,          // more than 19 digits
  PAN_LUHN = -103,              // check digit wrong: refuse
  PAN_LUHN_UNIONPAY = -104,     // check digit wrong on a 62 card: some real UnionPay cards fail Luhn, re-confirm
  ID_BAD_CHARACTER = -110,      // not a digit, or X anywhere but the 18th place
  ID_BAD_LENGTH = -111,         // neither 18 nor the legacy 15 characters
  ID_BAD_REGION = -112,         // first two digits not a province-level code
  ID_BAD_DATE = -113,           // birth date not a calendar date (or before 1800)
  ID_FUTURE_DATE = -114,        // birth date after the clock passed in
  ID_CHECK_DIGIT = -115,        // ISO 7064 MOD 11-2 check character wrong
  ID_LEGACY_CENTENARIAN = -116, // 15-digit number with sequence 996-999 (born 18xx): cannot be converted blindly
  ID_WRONG_TYPE = -117,         // a valid number of an ID type the caller did not ask for (expected = accepted set, found = IdType)
  PHONE_BAD_CHARACTER = -120,   // not a digit, space, dash or a leading +
  PHONE_BAD_LENGTH = -121,      // not 11 digits once +86/86/0086 is removed
  PHONE_BAD_PREFIX = -122,      // not 1[3-9]
  PHONE_NOT_MAINLAND = -123,    // + followed by a country code other than 86
  NAME_BAD_UTF8 = -130,         // malformed UTF-8
  NAME_TOO_SHORT = -131,        // fewer than 2 code points
  NAME_TOO_LONG = -132,         // more than 50 code points
  NAME_DIGIT = -133,            // a digit
  NAME_BAD_CHARACTER = -134,    // control character, emoji, punctuation, other scripts
  NAME_MIXED_SCRIPTS = -135,    // CJK and Latin letters in one name
  NAME_BAD_DOT = -136,          // separator dot first, last, doubled, or in a Latin name
  NAME_BAD_PUNCTUATION = -137,  // hyphen or apostrophe not between two Latin letters (first, last, doubled, by a space, in a CJK name)
  EXPIRY_MALFORMED = -140,      // not four digits YYMM
  EXPIRY_BAD_MONTH = -141,      // month not 01-12
  EXPIRED = -142,               // month already over at the clock passed in
  TRACK2_BAD_CHARACTER = -150,  // a character not allowed where it stands
  TRACK2_NO_SEPARATOR = -151,   // no = or D after the PAN
  TRACK2_BAD_PAN = -152,        // PAN not 12-19 digits
  TRACK2_SHORT = -153,          // data ends inside the expiry or service code
  TRACK2_BAD_SENTINEL = -154,   // end sentinel without start sentinel or the reverse
  TRACK2_TOO_LONG = -155,       // more than 40 characters (ISO/IEC 7813)

  // -200 .. -299: ISO 8583 (assembly/iso8583/). field = the field number
  // (0 MTI, 193 TPDU, 194 header, -1 the message as a whole), offset = byte offset in the message.
  ISO_TRUNCATED = -201,            // input ends inside a field (expected bytes, found bytes left)
  ISO_TRAILING_BYTES = -202,       // bytes left after the last field / frame length shorter than the frame
  ISO_LENGTH_OVER_MAX = -203,      // a value longer than its field's maximum (expected max, found length)
  ISO_NOT_DIGIT = -204,            // a non-digit in an n field or a length prefix (found = the byte)
  ISO_BAD_BCD = -205,              // a BCD nibble that is not a digit, or a wrong pad nibble
  ISO_FIELD_NOT_DEFINED = -206,    // a bit set / a value given for a field the dialect does not define
  ISO_MISSING_MTI = -207,          // no MTI, or an MTI that is not 4 characters
  ISO_BAD_LENGTH = -208,           // a fixed field of the wrong length, or an impossible length prefix
  ISO_OUTPUT_FULL = -209,          // the packed message does not fit in the caller's buffer
  ISO_BAD_DIALECT = -210,          // dialect number not shipped
  ISO_BAD_FIELD_NUMBER = -211,     // field number outside 0..195
  ISO_FIELDSET_FULL = -212,        // the field set's storage is used up
  ISO_BAD_CHARACTER = -213,        // a character outside the field's class (an, z, hex digits)
  ISO_MISSING_FRAME_HEADER = -214, // cup: TPDU (193) or application header (194) missing or of the wrong size
  ISO_BAD_TPDU = -215,             // cup: TPDU does not start with 0x60
  ISO_TLV_BAD_TAG = -220,          // a 2-character TLV tag that is not 2 printable characters
  ISO_TLV_BAD_LENGTH = -221,       // a TLV length that is not 3 digits or runs past the data
  ISO_TLV_NOT_FOUND = -222,        // the tag is not there
  ISO_TLV_FULL = -223,             // the TLV does not fit in the output
  ISO_BER_BAD_TAG = -224,          // a BER tag longer than 3 bytes or cut short
  ISO_BER_BAD_LENGTH = -225,       // a BER length form we do not accept (indefinite, > 2 bytes) or past the data

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
  CRYPTO_TRACK_DATA = -319,      // track data to encrypt not 17-104 characters of the 4-bit track code (offset = the bad one)

  // -400 .. -499: verification flow (assembly/flow/)
  FLOW_UNEXPECTED_EVENT = -400, // (state, event) pair not in the transition table; field = state, found = event
  FLOW_BAD_EVENT_KIND = -401,   // kind outside 1..14, 20..21 and 30..34
  FLOW_BAD_PAYLOAD = -402,      // payload length or content wrong for the event; offset = byte
  FLOW_PROFILE_UNKNOWN_KEY = -403, // offset = the line's first byte
  FLOW_PROFILE_BAD_VALUE = -404,   // offset = the line's first byte
  FLOW_PROFILE_MISSING = -405,     // terminalId or merchantId absent
  FLOW_QUEUE_NOT_DRAINED = -406,   // an event arrived before the host drained every command
  FLOW_BAD_RECORD = -407,          // a RESTORE or RECORD payload is not a record this core wrote; offset = byte
  FLOW_BAD_CLOCK = -408,           // date/time arguments are not a valid YYYYMMDD / hhmmss
  FLOW_QUEUE_FULL = -409,          // internal: a step produced more commands than the queue holds
  FLOW_KEY_CUSTODY = -410,         // INJECT_KEY to a core whose profile keeps the keys in the secure module (keyCustody=module)
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

/**
 * The calling convention for a tools call's length argument (bytes it reads from the
 * input buffer): negative is BAD_ARGUMENT, more than TOOLS_INPUT_CAPACITY is
 * INPUT_TOO_LONG (with the capacity as expected, the length as found), else OK.
 */
export function inputLengthFits(length: i32): i32 {
  if (length < 0) return fail(ErrorCode.BAD_ARGUMENT, 0, 0, 0, length);
  if (length > TOOLS_INPUT_CAPACITY) return fail(ErrorCode.INPUT_TOO_LONG, 0, 0, TOOLS_INPUT_CAPACITY, length);
  return ErrorCode.OK;
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
