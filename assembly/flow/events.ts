// The flow's vocabulary on the wire (docs/ABI.md): event kinds the host sends,
// command kinds it drains, key codes and the payload bytes. Numbers here are
// published: they never change once released (a retired one stays a hole). scripts/gen-abi.mjs
// copies every enum here, with its comments, to the host, the C header and
// docs/ABI.md.

/** Events in: `handle(kind, ...)`. Named by where they come from. */
export const enum Ev {
  POWER_ON = 1,   // the terminal profile
  INJECT_KEY = 2, // a key from the secure element
  RESTORE = 3,    // the settings record and the record with the highest STAN, as SAVE gave them
  START = 4,      // restore complete: begin the power-on sequence
  KEY = 5,        // one key code
  TEXT = 6,       // composed text (IME or ID reader)
  CARD = 7,       // card data: S swipe, K keyed, C chip
  RECEIVED = 8,   // one whole frame from the acquirer
  LINK = 9,       // link state
  TIMER = 10,     // time passed: the deadlines due are acted on (no payload)
  BATTERY = 11,   // battery level
  PRINTER = 12,   // printer status
  RANDOM = 13,    // bytes from the host's RNG
  SAVED = 14,     // a record is durable
  RECORD = 20,    // the store's answer to FIND_RECORD: 4 bytes count (big-endian), then the record or nothing
  ATTEMPTS = 21,  // the store's answer to COUNT_ATTEMPTS: 4 + 4 bytes (big-endian), then a time or nothing
  // 30..39: the secure module's answers (keyCustody=module; assembly/flow/secure.ts)
  KEY_INSTALLED = 30, // an INSTALL_KEY's outcome: key, then status
  PIN_DIGITS = 31,    // the secure keypad's digit count changed (the asterisks)
  PIN_BLOCK = 32,     // the enciphered PIN block: the PIN entry is over
  PIN_ENDED = 33,     // the PIN entry ended without a block: cancelled or timed out
  SECURE_RESULT = 34, // a MAC or ENCIPHER answer: status, then the bytes
}

/** One past the highest event kind of the transition table; the secure module's answers (30..) are dispatched apart. */
export const EVENT_KINDS: i32 = 22;
/** The secure module's answers: the first and last kind. */
export const SECURE_EVENT_FIRST: i32 = Ev.KEY_INSTALLED;
export const SECURE_EVENT_LAST: i32 = Ev.SECURE_RESULT;

/** True for a kind of Ev (1..14, 20..21, 30..34: the others are not used). */
export function isEventKind(kind: i32): bool {
  return (kind >= Ev.POWER_ON && kind <= Ev.SAVED) || kind == Ev.RECORD || kind == Ev.ATTEMPTS ||
    (kind >= SECURE_EVENT_FIRST && kind <= SECURE_EVENT_LAST);
}

/** Commands out: `nextCommand()`. */
export const enum Cmd {
  NONE = 0,         // the queue is empty
  SHOW = 1,         // a screen: 2 bytes screen id, then its lines
  BEEP = 2,         // 1 byte tone
  CONNECT = 3,      // open the link; answer with LINK
  SEND = 4,         // one whole frame for the acquirer
  DISCONNECT = 5,   // close the link
  // 6 and 7 (START_TIMER, CANCEL_TIMER) are retired: the core keeps its deadlines (nextDeadline()).
  SAVE = 8,         // one record to append durably; answer with SAVED
  PRINT = 9,        // a receipt
  NEED_RANDOM = 10, // 1 byte count; answer with RANDOM
  LOG = 11,         // one log line, already masked
  SHUTDOWN = 12,    // power off
  FIND_RECORD = 20,    // 1 byte filter, 4 bytes rank (big-endian), the hash it names; answer with RECORD
  COUNT_ATTEMPTS = 21, // 32 bytes card hash, 14 bytes time; answer with ATTEMPTS
  PURGE = 22,          // 14 bytes time: remove every record older than it from the store (no answer)
  // 30..39: requests to the secure module (keyCustody=module; assembly/flow/secure.ts)
  INSTALL_KEY = 30, // a working key enciphered under the master key, with its check value; answer KEY_INSTALLED
  PIN_ENTRY = 31,   // collect a PIN block on the secure keypad; answer PIN_DIGITS..., then PIN_BLOCK or PIN_ENDED
  MAC = 32,         // a MAC (or keyed hash) by key slot; answer SECURE_RESULT
  ENCIPHER = 33,    // encipher by key slot; answer SECURE_RESULT
}

/** FIND_RECORD's filter: which records count, newest (last saved) first. */
export const enum Filter {
  ALL = 0,             // verification and loss records
  CARDS = 1,           // verification records not replaced
  CARD = 2,            // verification and loss records of the card whose panHash follows
  CARD_REPORTED = 3,   // those of them with status lost or stolen
  HOLDER_REPORTED = 4, // verification records with the idHash that follows, lost or stolen, without replacedBy
}

/** Key codes (KEY payload). Digits are their ASCII codes. */
export const enum Key {
  DIGIT_0 = 0x30,
  DIGIT_1 = 0x31,
  DIGIT_2 = 0x32,
  DIGIT_3 = 0x33,
  DIGIT_4 = 0x34,
  DIGIT_5 = 0x35,
  DIGIT_6 = 0x36,
  DIGIT_7 = 0x37,
  DIGIT_8 = 0x38,
  DIGIT_9 = 0x39,
  ENTER = 0x0d,  // 确认
  CANCEL = 0x1b, // 取消
  CLEAR = 0x08,  // 清除
  F1 = 0x81,     // help on an input screen
  F2 = 0x82,
  F3 = 0x83,
  F4 = 0x84,
  MENU = 0x85,
  UP = 0x86,
  DOWN = 0x87,
  STAR = 0x2a,
  HASH = 0x23,
}

/** BEEP payload. */
export const enum Beep {
  CLICK = 1,
  SUCCESS = 2,
  ERROR = 3,
  ATTENTION = 4,
}

/** LINK payload. */
export const enum Link {
  DOWN = 0,   // the link dropped
  UP = 1,     // connected
  FAILED = 2, // the connection could not be made
}

/** INJECT_KEY slots. */
export const enum KeySlot {
  MASTER = 1,      // terminal master key, TDES 16 bytes
  RECORD_HASH = 2, // AES-128 key of the record hashes
}

/** CARD payload's first byte: how the card was read. */
export const enum CardSource {
  CHIP = 0x43,  // 'C': BER-TLV of the EMV data elements read
  KEYED = 0x4b, // 'K': PAN=YYMM or the PAN alone
  SWIPE = 0x53, // 'S': track 2 as read
}

/** The event being handled, as the handlers of machine.ts's table see it. */
export class Event {
  kind: i32 = 0;
  /** The payload in the input buffer. */
  src: usize = 0;
  length: i32 = 0;
  /** Its first byte: the key, link state or printer state of a one-byte event. */
  byte: i32 = 0;
  /** An error a handler refused the event with (0: accepted); the flow is unchanged then. */
  refused: i32 = 0;
}
