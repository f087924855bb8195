// What the terminal prints (R9, R21): the verification slip and the notice
// for the holder whose lost card a new card replaces, both made from the
// saved record, so they carry masked values and reference numbers only (R10).
import { Cmd } from "./events";
import { begin, end, putByte, putBytes } from "./queue";
import { profile, PRINTER_READY, TERMINAL_ID, TERMINAL_ID_LEN, MERCHANT_NAME } from "./profile";
import { expandText, T, TEXT_SCRATCH, W } from "./texts";
import { F, TABLE_RECORDS, fieldPtr, fieldLength } from "./records";
import { CH_COLON, CH_NEWLINE, formatTime } from "./bytes";

@lazy const TIME_TEXT: usize = memory.data(20);
import { log } from "./moves";

function printerReady(): bool {
  if (profile.printer == PRINTER_READY) return true;
  log(W.LOG_PRINTER_RECEIPT);
  return false;
}

/** Text t in the profile's language, into the command being built. */
export function putText(t: i32): void {
  const n = expandText(t, profile.language);
  putBytes(TEXT_SCRATCH, n);
}

function printLine(t: i32, p: usize, len: i32): void {
  const n = expandText(t, profile.language);
  putBytes(TEXT_SCRATCH, n);
  // The field labels shared with the screens carry no colon (the screens add one too); the receipt's own ones do.
  if (<u32>(t - T.LABEL_NAME) <= <u32>(T.LABEL_PHONE - T.LABEL_NAME)) putByte(CH_COLON);
  putBytes(p, len); putByte(CH_NEWLINE);
}

function printField(t: i32, s: i32, f: i32): void {
  printLine(t, fieldPtr(TABLE_RECORDS, s, f), fieldLength(TABLE_RECORDS, s, f));
}

/** The verification slip of record s. */
export function printReceipt(s: i32): void {
  if (!printerReady()) return;
  begin(Cmd.PRINT);
  putText(T.P_TITLE); putByte(CH_NEWLINE);
  if (profile.merchantNameLength > 0) printLine(T.P_MERCHANT, MERCHANT_NAME, profile.merchantNameLength);
  printLine(T.P_TERMINAL, TERMINAL_ID, TERMINAL_ID_LEN);
  printLine(T.P_TIME, TIME_TEXT, formatTime(fieldPtr(TABLE_RECORDS, s, F.TIME), TIME_TEXT));
  printField(T.LABEL_NAME, s, F.NAME);
  printField(T.LABEL_CARD, s, F.PAN);
  printField(T.LABEL_PHONE, s, F.PHONE);
  printField(T.P_RRN, s, F.RRN);
  printField(T.P_STAN, s, F.STAN);
  printField(T.P_VID, s, F.VID);
  putText(T.P_RESULT); putText(T.R_00);
  end();
}

/** R21: the notice for the holder whose lost or stolen card (record old) the new card replaces. */
export function printNotice(old: i32): void {
  if (!printerReady()) return;
  begin(Cmd.PRINT);
  putText(T.P_NOTICE_TITLE); putByte(CH_NEWLINE);
  putText(T.L_NOTICE_1); putByte(CH_NEWLINE);
  putBytes(fieldPtr(TABLE_RECORDS, old, F.PAN), fieldLength(TABLE_RECORDS, old, F.PAN)); putByte(CH_NEWLINE);
  putText(T.L_NOTICE_2);
  end();
}
