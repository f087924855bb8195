// Field 39 -> what the operator sees and may do next (docs/PROTOCOL.md
// "Response codes"), as one table: a code, its text, its action, whether it
// is the issuer's answer about the card (those count towards the per-card
// limits, R16) and, for "fix" codes, the field to correct (R19).
import { T } from "./texts";

/** What the operator may do after an answer. */
export const enum Act {
  DONE = 0,     // success
  FIX = 1,      // correct the failing field and resend (F)
  RETRY = 2,    // retry now (R)
  WAIT = 3,     // wait and retry later (W)
  SIGN_ON = 4,  // sign on again, then retry (S)
  STOP = 5,     // the holder must contact the issuer (X)
  REPLACE = 6,  // expired card: offer card replacement (X + R20)
  OTP = 7,      // the issuer sent an SMS code: enter it
  RESEND = 8,   // the SMS code expired: get a new one
}

/** Which field a FIX answer sends the operator back to (0: from field 44). */
export const enum Fix {
  FROM_44 = 0, NAME = 1, ID = 2, CARD = 3, PHONE = 4, PIN = 5, OTP = 6,
}

// Rows of 6 i32: code (2 ASCII), text id, action, counts (1/0), fix field.
// `other` (no row) is T.R_OTHER + STOP, not counted.
const ROW: i32 = 6;
@lazy const RESPONSES: usize = memory.data<i32>([
  0x30, 0x30, T.R_00, Act.DONE, 1, 0,          // 00
  0x30, 0x35, T.R_05, Act.FIX, 1, Fix.FROM_44, // 05
  0x31, 0x34, T.R_14, Act.FIX, 1, Fix.CARD,    // 14
  0x50, 0x31, T.R_P1, Act.STOP, 1, 0,          // P1
  0x34, 0x30, T.R_40, Act.STOP, 1, 0,          // 40
  0x34, 0x31, T.R_41, Act.STOP, 1, 0,          // 41
  0x34, 0x33, T.R_43, Act.STOP, 1, 0,          // 43
  0x30, 0x34, T.R_04, Act.STOP, 1, 0,          // 04
  0x33, 0x33, T.R_EXPIRED, Act.REPLACE, 1, 0,  // 33
  0x35, 0x34, T.R_EXPIRED, Act.REPLACE, 1, 0,  // 54
  0x32, 0x31, T.R_21, Act.STOP, 1, 0,          // 21
  0x36, 0x32, T.R_RESTRICTED, Act.STOP, 1, 0,  // 62
  0x35, 0x37, T.R_RESTRICTED, Act.STOP, 1, 0,  // 57
  0x36, 0x35, T.R_65, Act.WAIT, 1, 0,          // 65
  0x35, 0x35, T.R_55, Act.FIX, 1, Fix.PIN,     // 55
  0x37, 0x35, T.R_75, Act.STOP, 1, 0,          // 75
  0x33, 0x38, T.R_75, Act.STOP, 1, 0,          // 38
  0x53, 0x31, T.R_S1, Act.OTP, 0, 0,           // S1
  0x53, 0x32, T.R_S2, Act.FIX, 1, Fix.OTP,     // S2
  0x53, 0x33, T.R_S3, Act.RESEND, 0, 0,        // S3
  0x33, 0x30, T.R_30, Act.STOP, 0, 0,          // 30
  0x39, 0x31, T.R_BUSY, Act.WAIT, 0, 0,        // 91
  0x39, 0x32, T.R_BUSY, Act.WAIT, 0, 0,        // 92
  0x39, 0x36, T.R_BUSY, Act.WAIT, 0, 0,        // 96
  0x39, 0x30, T.R_BUSY, Act.WAIT, 0, 0,        // 90
  0x36, 0x38, T.R_TIMEOUT, Act.RETRY, 0, 0,    // 68
  0x39, 0x38, T.R_TIMEOUT, Act.RETRY, 0, 0,    // 98
  0x37, 0x37, T.R_SIGNON, Act.SIGN_ON, 0, 0,   // 77
  0x39, 0x39, T.R_SIGNON, Act.SIGN_ON, 0, 0,   // 99
  0x41, 0x30, T.R_SIGNON, Act.SIGN_ON, 0, 0,   // A0
  0x39, 0x37, T.R_97, Act.STOP, 0, 0,          // 97
  0x30, 0x33, T.R_97, Act.STOP, 0, 0,          // 03
  0x35, 0x38, T.R_97, Act.STOP, 0, 0,          // 58
]);
const ROWS: i32 = 33;

// The row found by lookupResponse().
let foundText: i32 = T.R_OTHER;
let foundAction: i32 = Act.STOP;
let foundCounts: bool = false;
let foundFix: i32 = 0;

/** Looks up field 39 (two bytes); unknown codes read as "other". */
export function lookupResponse(c0: i32, c1: i32): void {
  foundText = T.R_OTHER; foundAction = Act.STOP; foundCounts = false; foundFix = 0;
  for (let r = 0; r < ROWS; r++) {
    const p = RESPONSES + <usize>(r * ROW * 4);
    if (load<i32>(p) == c0 && load<i32>(p + 4) == c1) {
      foundText = load<i32>(p + 8);
      foundAction = load<i32>(p + 12);
      foundCounts = load<i32>(p + 16) != 0;
      foundFix = load<i32>(p + 20);
      return;
    }
  }
}

export function responseText(): i32 { return foundText; }
export function responseAction(): i32 { return foundAction; }
export function responseCounts(): bool { return foundCounts; }
export function responseFix(): i32 { return foundFix; }
