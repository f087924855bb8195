// Field 39 -> what the operator sees and may do next (docs/PROTOCOL.md
// "Response codes"), as one table: a code, its text (the POS display Q/CUP
// 006.6-2015 table A.2.1 recommends, unless the row says otherwise in the
// docs), its action, whether it is the issuer's answer about this card or
// holder (those count towards the per-card limits, R16) and, for "fix" codes,
// the field to correct (R19). S1/S2/S3 are this product's own codes.
import { T } from "./texts";

/** What the operator may do after an answer. */
export const enum Act {
  DONE = 0,     // success
  FIX = 1,      // correct the failing field and resend (F)
  RETRY = 2,    // retry now (R)
  WAIT = 3,     // wait and retry later (W)
  SIGN_ON = 4,  // sign on again, then retry (S)
  STOP = 5,     // the holder must contact the issuer, or the terminal its acquirer (X)
  REPLACE = 6,  // expired card: offer card replacement (X + R20)
  OTP = 7,      // the issuer sent an SMS code: enter it
  RESEND = 8,   // the SMS code expired: get a new one
}

/** Which field a FIX answer sends the operator back to (0: the elements field 44 names, else the confirmation screen). */
export const enum Fix {
  FROM_44 = 0, NAME = 1, ID = 2, CARD = 3, PHONE = 4, PIN = 5, OTP = 6,
}

// Whether an answer counts against the card (saved as an attempt, R16).
const COUNTS: u8 = 1;
const FREE: u8 = 0;

// Rows of 6 bytes: the code's two ASCII characters, text id, action, counts, fix field.
// A code with no row reads as `other`: T.R_OTHER (the code shown), STOP, free.
const ROW: i32 = 6;
@lazy const RESPONSES: usize = memory.data<u8>([
  0x30, 0x30, <u8>T.R_00, <u8>Act.DONE, COUNTS, 0,             // 00 approved (verified)
  0x30, 0x31, <u8>T.R_01, <u8>Act.STOP, COUNTS, 0,             // 01 refer to card issuer
  0x30, 0x33, <u8>T.R_03, <u8>Act.STOP, FREE, 0,               // 03 invalid merchant
  0x30, 0x34, <u8>T.R_04, <u8>Act.STOP, COUNTS, 0,             // 04 pick up card
  0x30, 0x35, <u8>T.R_05, <u8>Act.FIX, COUNTS, <u8>Fix.FROM_44, // 05 cardholder verification failed
  0x31, 0x32, <u8>T.R_12, <u8>Act.STOP, FREE, 0,               // 12 invalid transaction
  0x31, 0x33, <u8>T.R_13, <u8>Act.STOP, FREE, 0,               // 13 invalid amount
  0x31, 0x34, <u8>T.R_14, <u8>Act.FIX, COUNTS, <u8>Fix.CARD,   // 14 invalid card number
  0x31, 0x35, <u8>T.R_15, <u8>Act.STOP, FREE, 0,               // 15 no such issuer (the switch answers; no issuer saw it)
  0x32, 0x31, <u8>T.R_21, <u8>Act.STOP, COUNTS, 0,             // 21 card not initialised or dormant
  0x32, 0x32, <u8>T.R_22, <u8>Act.STOP, FREE, 0,               // 22 suspected malfunction / related transaction error
  0x32, 0x35, <u8>T.R_25, <u8>Act.STOP, FREE, 0,               // 25 original transaction not found
  0x33, 0x30, <u8>T.R_30, <u8>Act.STOP, FREE, 0,               // 30 format error
  0x33, 0x33, <u8>T.R_EXPIRED, <u8>Act.REPLACE, COUNTS, 0,     // 33 expired card (retain)
  0x33, 0x34, <u8>T.R_34, <u8>Act.STOP, COUNTS, 0,             // 34 suspected fraud (retain)
  0x33, 0x38, <u8>T.R_38, <u8>Act.STOP, COUNTS, 0,             // 38 allowable PIN tries exceeded
  0x34, 0x30, <u8>T.R_40, <u8>Act.STOP, COUNTS, 0,             // 40 function not supported by the issuer
  0x34, 0x31, <u8>T.R_41, <u8>Act.STOP, COUNTS, 0,             // 41 lost card
  0x34, 0x33, <u8>T.R_43, <u8>Act.STOP, COUNTS, 0,             // 43 stolen card
  0x34, 0x35, <u8>T.R_45, <u8>Act.FIX, FREE, <u8>Fix.CARD,     // 45 fallback not allowed: read the chip
  0x35, 0x31, <u8>T.R_51, <u8>Act.STOP, FREE, 0,               // 51 insufficient funds
  0x35, 0x34, <u8>T.R_EXPIRED, <u8>Act.REPLACE, COUNTS, 0,     // 54 expired card
  0x35, 0x35, <u8>T.R_55, <u8>Act.FIX, COUNTS, <u8>Fix.PIN,    // 55 incorrect PIN
  0x35, 0x36, <u8>T.R_56, <u8>Act.STOP, FREE, 0,               // 56 no record of this holder (ISO 8583: no card record)
  0x35, 0x37, <u8>T.R_57, <u8>Act.STOP, COUNTS, 0,             // 57 not permitted to the cardholder
  0x35, 0x38, <u8>T.R_58, <u8>Act.STOP, FREE, 0,               // 58 not permitted at this terminal
  0x35, 0x39, <u8>T.R_59, <u8>Act.FIX, COUNTS, <u8>Fix.CARD,   // 59 card check (CVN) error: read the card again
  0x36, 0x31, <u8>T.R_61, <u8>Act.STOP, FREE, 0,               // 61 exceeds amount limit
  0x36, 0x32, <u8>T.R_62, <u8>Act.STOP, COUNTS, 0,             // 62 restricted card
  0x36, 0x35, <u8>T.R_65, <u8>Act.WAIT, FREE, 0,               // 65 exceeds frequency limit: a count, not a verdict on the card
  0x36, 0x38, <u8>T.R_68, <u8>Act.RETRY, FREE, 0,              // 68 response received too late
  0x37, 0x35, <u8>T.R_75, <u8>Act.STOP, COUNTS, 0,             // 75 PIN tries exceeded
  0x37, 0x37, <u8>T.R_77, <u8>Act.SIGN_ON, FREE, 0,            // 77 batch out of step with the POS centre
  0x39, 0x30, <u8>T.R_90, <u8>Act.WAIT, FREE, 0,               // 90 cut-off in progress
  0x39, 0x31, <u8>T.R_91, <u8>Act.WAIT, FREE, 0,               // 91 issuer inoperative
  0x39, 0x32, <u8>T.R_92, <u8>Act.WAIT, FREE, 0,               // 92 issuer or network unreachable
  0x39, 0x34, <u8>T.R_94, <u8>Act.WAIT, FREE, 0,               // 94 duplicate transmission: a new request later, not the same one
  0x39, 0x36, <u8>T.R_96, <u8>Act.WAIT, FREE, 0,               // 96 system malfunction at the switch
  0x39, 0x37, <u8>T.R_97, <u8>Act.STOP, FREE, 0,               // 97 terminal not registered
  0x39, 0x38, <u8>T.R_98, <u8>Act.RETRY, FREE, 0,              // 98 no answer from the issuer in time
  0x39, 0x39, <u8>T.R_99, <u8>Act.SIGN_ON, FREE, 0,            // 99 PIN format error (keys out of step)
  0x41, 0x30, <u8>T.R_A0, <u8>Act.SIGN_ON, FREE, 0,            // A0 MAC failed (keys out of step)
  0x41, 0x37, <u8>T.R_A7, <u8>Act.SIGN_ON, FREE, 0,            // A7 security processing failure
  0x50, 0x31, <u8>T.R_P1, <u8>Act.STOP, COUNTS, 0,             // P1 no phone number kept by the issuer
  0x53, 0x31, <u8>T.R_S1, <u8>Act.OTP, FREE, 0,                // S1 (ours) SMS code sent
  0x53, 0x32, <u8>T.R_S2, <u8>Act.FIX, COUNTS, <u8>Fix.OTP,    // S2 (ours) wrong SMS code
  0x53, 0x33, <u8>T.R_S3, <u8>Act.RESEND, FREE, 0,             // S3 (ours) SMS code expired
]);
// A text id is one byte of a row: the build stops if the texts outgrow it.
// @ts-ignore: compile-time check
if (T.R_OTHER > 0xFF) ERROR("responses.ts: a text id no longer fits a byte");
/** The rows of the table (docs/PROTOCOL.md lists the same codes). */
export const RESPONSE_ROWS: i32 = 47;

/** The row found by lookupResponse(); `reset()` is the "other" answer. */
class Found {
  text: i32 = T.R_OTHER;
  action: i32 = Act.STOP;
  counts: bool = false;
  fix: i32 = 0;

  reset(): void {
    this.text = T.R_OTHER;
    this.action = Act.STOP;
    this.counts = false;
    this.fix = 0;
  }
}
const found = new Found();

/** Looks up field 39 (two bytes); unknown codes read as "other". */
export function lookupResponse(c0: i32, c1: i32): void {
  found.reset();
  for (let r = 0; r < RESPONSE_ROWS; r++) {
    const p = RESPONSES + <usize>(r * ROW);
    if (<i32>load<u8>(p) == c0 && <i32>load<u8>(p, 1) == c1) {
      found.text = load<u8>(p, 2);
      found.action = load<u8>(p, 3);
      found.counts = <i32>load<u8>(p, 4) != FREE;
      found.fix = load<u8>(p, 5);
      return;
    }
  }
}

export function responseText(): i32 { return found.text; }
export function responseAction(): i32 { return found.action; }
export function responseCounts(): bool { return found.counts; }
export function responseFix(): i32 { return found.fix; }

/** The code of row r as two characters in one i32 (c0 << 8 | c1), for the table's own tests and docs; 0 past the end. */
export function responseCode(r: i32): i32 {
  if (<u32>r >= <u32>RESPONSE_ROWS) return 0;
  const p = RESPONSES + <usize>(r * ROW);
  return (<i32>load<u8>(p) << 8) | <i32>load<u8>(p, 1);
}
