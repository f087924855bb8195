// The holder's consent (R13; PIPL art. 17: the processor, the purpose and the
// retention period are told before personal data are collected). The consent
// screen asks first (page 1 holds the question and its key, as before); the
// notice follows on the next pages (UP/DOWN), and F2 prints it for the holder.
// Screen and slip are made from the one table below.
import { Cmd } from "./events";
import { begin, end, putByte, putBytes } from "./queue";
import { profile, PRINTER_READY, MERCHANT_NAME, MERCHANT_ID, MERCHANT_ID_LEN } from "./profile";
import { T, W } from "./texts";
import { putText } from "./receipts";
import { S, compose, addText, addBytes, newline, nextLine } from "./screens";
import { CH_0, CH_NEWLINE } from "./bytes";
import { log } from "./moves";

const enum Value { NONE = 0, PROCESSOR = 1, DAYS = 2 }

// The notice, one line per row: its text, then the value that follows it.
@lazy const NOTICE: usize = memory.data<u8>([
  <u8>T.NOTICE_TITLE, <u8>Value.NONE,
  <u8>T.NOTICE_PROCESSOR, <u8>Value.PROCESSOR,
  <u8>T.NOTICE_PURPOSE, <u8>Value.NONE,
  <u8>T.NOTICE_RETENTION, <u8>Value.DAYS,
  <u8>T.NOTICE_RIGHTS, <u8>Value.NONE,
]);
const NOTICE_ROWS: i32 = 5;

@lazy const DIGITS: usize = memory.data(8);

/** The retention days as ASCII digits at DIGITS: their count. */
function dayDigits(): i32 {
  let v = profile.retentionDays, n = 0;
  do { store<u8>(DIGITS + 7 - <usize>n, <u8>(CH_0 + v % 10)); v /= 10; n++; } while (v > 0 && n < 8);
  return n;
}

/** The processor: the merchant's name, else its merchant id. */
function processor(): usize { return profile.merchantNameLength > 0 ? MERCHANT_NAME : MERCHANT_ID; }
function processorLength(): i32 { return profile.merchantNameLength > 0 ? profile.merchantNameLength : MERCHANT_ID_LEN; }

/** Where the notice goes: the screen being composed, or the PRINT command being built. */
let printing = false;
function text(t: i32): void { if (printing) putText(t); else addText(t); }
function bytes(p: usize, n: i32): void { if (printing) putBytes(p, n); else addBytes(p, n); }
function lineBreak(): void { if (printing) putByte(CH_NEWLINE); else newline(); }

/** The notice's rows, each on a line of its own (a line break before every row but the first). */
function addNotice(): void {
  for (let r = 0; r < NOTICE_ROWS; r++) {
    if (r > 0) lineBreak();
    text(<i32>load<u8>(NOTICE + <usize>(r * 2)));
    const v = <i32>load<u8>(NOTICE + <usize>(r * 2 + 1));
    if (v == Value.PROCESSOR) bytes(processor(), processorLength());
    else if (v == Value.DAYS && profile.retentionDays == 0) text(T.NOTICE_NO_LIMIT);
    else if (v == Value.DAYS) { const n = dayDigits(); bytes(DIGITS + 8 - <usize>n, n); lineBreak(); text(T.NOTICE_DAYS); }
  }
}

/** The consent screen: the question and its key, then the notice and how to print it. */
export function consentScreen(): void {
  compose(S.CONSENT);
  addText(T.CONSENT); nextLine(T.CONSENT_KEYS); newline();
  printing = false;
  addNotice();
  nextLine(T.NOTICE_KEYS);
}

/** F2 on the consent screen: the notice on the printer (logged when it is not ready). */
export function printConsentNotice(): void {
  if (profile.printer != PRINTER_READY) { log(W.LOG_PRINTER_NOTICE); return; }
  begin(Cmd.PRINT);
  printing = true;
  addNotice();
  end();
}
