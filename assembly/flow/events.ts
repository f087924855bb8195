// The flow's vocabulary on the wire (docs/ABI.md): event kinds the host sends,
// command kinds it drains, key codes, timer ids and beep kinds. Numbers here
// are published: they never change once released.

/** Events in: `handle(kind, ...)`. Named by where they come from. */
export const enum Ev {
  POWER_ON = 1,   // the terminal profile
  INJECT_KEY = 2, // a key from the secure element
  RESTORE = 3,    // one saved record, as a SAVE gave it
  START = 4,      // restore complete: begin the power-on sequence
  KEY = 5,        // one key code
  TEXT = 6,       // composed text (IME or ID reader)
  CARD = 7,       // card data: S swipe, K keyed, C chip
  RECEIVED = 8,   // one whole frame from the acquirer
  LINK = 9,       // link state
  TIMER = 10,     // a timer fell due
  BATTERY = 11,   // battery level
  PRINTER = 12,   // printer status
  RANDOM = 13,    // bytes from the host's RNG
  SAVED = 14,     // a record is durable
}
/** One past the highest event kind: the width of the transition table. */
export const EVENT_KINDS: i32 = 15;

/** Commands out: `nextCommand()`. */
export const enum Cmd {
  NONE = 0,
  SHOW = 1,
  BEEP = 2,
  CONNECT = 3,
  SEND = 4,
  DISCONNECT = 5,
  START_TIMER = 6,
  CANCEL_TIMER = 7,
  SAVE = 8,
  PRINT = 9,
  NEED_RANDOM = 10,
  LOG = 11,
  SHUTDOWN = 12,
}

/** Key codes (KEY payload). Digits are their ASCII codes. */
export const enum Key {
  DIGIT_0 = 0x30,
  DIGIT_9 = 0x39,
  ENTER = 0x0d,
  CANCEL = 0x1b,
  CLEAR = 0x08,
  F1 = 0x81,
  F2 = 0x82,
  F3 = 0x83,
  F4 = 0x84,
  MENU = 0x85,
  UP = 0x86,
  DOWN = 0x87,
  STAR = 0x2a,
  HASH = 0x23,
}

/** Timer ids (START_TIMER / CANCEL_TIMER / TIMER). */
export const enum Timer {
  INPUT = 1,   // per-screen input timeout (R10)
  HOST = 2,    // acquirer response
  OTP = 3,     // SMS code validity
  MESSAGE = 4, // a result screen's auto-return
  RESEND = 5,  // SMS code resend allowed
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
  DOWN = 0,
  UP = 1,
  FAILED = 2,
}

/** INJECT_KEY slots. */
export const enum KeySlot {
  MASTER = 1,      // terminal master key, TDES 16 bytes
  RECORD_HASH = 2, // AES-128 key of the record hashes
}
