// The screen of each input state, composed from the session (never an entered
// value unmasked after its own entry screen) and shown at a page (FLOW.md
// "Screens"). Result and message screens are composed where they happen.
import { St } from "./states";
import { Key } from "./events";
import { profile } from "./profile";
import { MENU_ITEMS, offered } from "./tasks/menu";
import { expandText, T, TEXT_SCRATCH, W } from "./texts";
import { S, utf8Cells, compose, addMasked, addGrouped, groupedCells, addText, addBytes, addByte, addStars, addSpace, newline, keepWithNext, show, nextLine, textLine } from "./screens";
import {
  session, EDIT, NAME, ID_NUMBER, PAN, PHONE, MASKED_NAME, MASKED_ID, MASKED_PAN, MASKED_PHONE, MASKED_OTP_PHONE,
} from "./session";
import { F, Slot, TABLE_RECORDS, fieldIs, fieldPtr, fieldLength, slotUsed } from "./records";
import { CH_COLON, CH_SLASH, writeDigits, formatTime } from "./bytes";
import { position, operation, guidance, slots, smsCode, keyedCard, Task } from "./state";
import { consentScreen } from "./consent";

/** The title of a task's screens: texts.ts keeps TITLE_* in Task order (VERIFY first, also for none). */
export function titleOf(t: i32): i32 {
  return <u32>(t - Task.VERIFY) <= <u32>(Task.SETTINGS - Task.VERIFY) ? <i32>T.TITLE_VERIFY + t - Task.VERIFY : T.TITLE_VERIFY;
}

/**
 * The F1 help of a state's screen (R12): texts.ts keeps H_* in St order,
 * EXPECT_MENU..EXPECT_OTP then EXPECT_PASSWORD..EXPECT_SETTINGS; H_RESULT for any other.
 */
export function helpOf(s: i32): i32 {
  if (<u32>(s - St.EXPECT_MENU) <= <u32>(St.EXPECT_OTP - St.EXPECT_MENU)) return <i32>T.H_MENU + s - St.EXPECT_MENU;
  if (<u32>(s - St.EXPECT_PASSWORD) <= <u32>(St.EXPECT_SETTINGS - St.EXPECT_PASSWORD)) return <i32>T.H_PASSWORD + s - St.EXPECT_PASSWORD;
  return T.H_RESULT;
}

@lazy const DECIMAL: usize = memory.data(12);

/** A number in decimal digits, at least `width` of them (leading zeros). */
function addNumber(v: i32, width: i32): void {
  let n = 1;
  for (let x = v; x >= 10; x /= 10) n++;
  if (n < width) n = width;
  writeDigits(DECIMAL, v, n);
  addBytes(DECIMAL, n);
}

/** Display cells of a text in the current language. */
export function textCells(t: i32): i32 {
  const n = expandText(t, profile.language);
  return utf8Cells(TEXT_SCRATCH, n);
}

/** Starts screen `id`, with the pending error line if any. */
function begin(id: i32): void {
  compose(id);
  if (guidance.errorText >= 0) { textLine(guidance.errorText); guidance.errorText = -1; }
}

/** Starts a screen with the task's title, or instead the reason a refused entry is shown again (the field stays on page 1). */
function head(id: i32): void {
  const refused = guidance.errorText >= 0;
  begin(id);
  if (refused) return;
  addText(titleOf(operation.task));
  newline();
}

/** "label:value" for a masked value (addMasked() keeps it on one line). */
export function addLabelled(label: i32, p: usize, len: i32): void {
  addText(label); addByte(CH_COLON); addMasked(p, len);
}

/**
 * One line of the confirmation screen: "1姓名:张*". When the line would wrap
 * on a narrow display the label goes ("2 110105****002X"); addMasked() then
 * shortens the run of '*' so a masked value stays on one line.
 */
function addItem(digit: i32, label: i32, p: usize, len: i32): void {
  addByte(digit);
  const labelCells = textCells(label) + 1;
  if (1 + labelCells + len <= profile.columns) addLabelled(label, p, len);
  else { addSpace(); addMasked(p, len); }
  newline();
}

/** Composes and shows the screen of the current state, at `page` (clamped). */
export function render(page: i32 = 0): void {
  switch (position.state) {
    case St.EXPECT_MENU: menuScreen(); break;
    // No title: the question and its key fit page 1 of a 16x4 display; the notice follows (consent.ts).
    case St.EXPECT_CONSENT: consentScreen(); break;
    case St.EXPECT_NAME: promptScreen(S.NAME, T.PROMPT_NAME, false); break;
    // Titled with what it asks, not the task: its three documents take the other lines of a 16x4 display.
    // (A number refused as another document's brings its reason here instead of the title.)
    case St.EXPECT_ID_TYPE: {
      const refused = guidance.errorText >= 0;
      begin(S.ID_TYPE);
      if (!refused) { textLine(T.ID_TYPE_TITLE); }
      addText(T.PROMPT_ID_TYPE);
      break;
    }
    case St.EXPECT_ID_NUMBER: promptScreen(S.ID_NUMBER, T.PROMPT_ID, false); break;
    case St.EXPECT_CARD: cardScreen(); break;
    case St.EXPECT_LUHN_CONFIRM:
      // The operator re-confirms the digits read, so they are shown (before the confirmation step, R6).
      head(S.LUHN_WARN);
      if (profile.maskConfirmation) addMasked(MASKED_PAN, session.maskedPanLength); else addGrouped(PAN, session.panLength, CARD_GROUPS);
      nextLine(T.LUHN_WARN);
      break;
    case St.EXPECT_PHONE: promptScreen(S.PHONE, T.PROMPT_PHONE, false); break;
    case St.EXPECT_PIN: promptScreen(S.PIN, T.PROMPT_PIN, true); break;
    case St.EXPECT_CONFIRM: confirmScreen(); break;
    case St.EXPECT_OTP: codeScreen(); break;
    case St.EXPECT_PASSWORD: promptScreen(S.PASSWORD, T.PROMPT_PASSWORD, true); break;
    case St.EXPECT_RECORD_BROWSE: recordScreen(S.RECORDS); break;
    case St.EXPECT_RECORD_PICK: recordScreen(S.PICK_RECORD); break;
    case St.EXPECT_LOSS_CARD: lossCardScreen(); break;
    case St.EXPECT_LOSS_REASON: head(S.LOSS_REASON); maskedPanLine(); addText(T.LOSS_REASON); break;
    case St.EXPECT_LOSS_CONFIRM:
      // The reason, not a status: nothing is reported yet.
      head(S.LOSS_CONFIRM); maskedPanLine();
      addText(T.LABEL_REASON); addByte(CH_COLON); textLine(slots.lossStolen ? T.REASON_STOLEN : T.REASON_LOST);
      addText(T.LOSS_CONFIRM); break;
    case St.EXPECT_SETTINGS: head(S.SETTINGS); addText(T.SETTINGS_LANG); break;
    default: return;
  }
  show(page);
}

/** The masked card number on a line of its own. */
function maskedPanLine(): void { addMasked(MASKED_PAN, session.maskedPanLength); newline(); }

/** An entry screen: the title, the prompt, then what is keyed so far (a secret as stars). */
function promptScreen(id: i32, prompt: i32, secret: bool): void {
  head(id); textLine(prompt);
  if (secret) addStars(session.editLength); else addBytes(EDIT, session.editLength);
}

/** The card: swiped, inserted, or keyed — the number, then the expiry (R7). */
function cardScreen(): void {
  head(S.CARD);
  if (keyedCard.askingExpiry) {
    addText(T.PROMPT_EXPIRY);
    if (profile.keyedExpiryOptional) { nextLine(T.KEYS_NO_EXPIRY); }
    newline(); addBytes(EDIT, session.editLength);
  } else if (session.editLength > 0) addKeyedCard();
  else addText(T.PROMPT_CARD);
}

/** The number being keyed, in fours, under its label: it stays on page 1 of a 16x4 display. */
function addKeyedCard(): void {
  addText(T.LABEL_CARD); addByte(CH_COLON); keepWithNext();
  addGrouped(EDIT, session.editLength, CARD_GROUPS);
}

/** The lost card: the picked record's card (ENTER reports it), or presented, or keyed on the keypad (R21). */
function lossCardScreen(): void {
  head(S.LOSS_CARD);
  if (session.editLength > 0) addKeyedCard();
  else if (slots.loss >= 0) {
    addLabelled(T.LABEL_CARD, fieldPtr(TABLE_RECORDS, slots.loss, F.PAN), fieldLength(TABLE_RECORDS, slots.loss, F.PAN));
    nextLine(T.PROMPT_LOSS_PICKED);
  } else addText(T.PROMPT_LOSS_CARD);
}

function menuScreen(): void {
  begin(S.MENU);
  addText(T.MENU_TITLE);
  for (let i = 0; i < MENU_ITEMS; i++) if (offered(i)) nextLine(<i32>T.MENU_1 + i);
}

/** Digit groups (addGrouped()): an ID number as region, birth date, sequence and check; a phone 3-4-4; a card in fours. */
const ID_GROUPS: i32 = 0x486;
const PHONE_GROUPS: i32 = 0x443;
const CARD_GROUPS: i32 = 0x4;

/**
 * R6: what the operator checks against the holder's documents, in full — the
 * name, the ID number, the phone — and the card as 6+4; everything after this
 * screen is masked (R10). With maskConfirmation=1 the masks of later screens.
 */
function confirmScreen(): void {
  begin(S.CONFIRM);
  textLine(T.CONFIRM_TITLE);
  if (profile.maskConfirmation) {
    addItem(Key.DIGIT_1, T.LABEL_NAME, MASKED_NAME, session.maskedNameLength);
    addItem(Key.DIGIT_2, T.LABEL_ID, MASKED_ID, session.maskedIdLength);
    addItem(Key.DIGIT_3, T.LABEL_CARD, MASKED_PAN, session.maskedPanLength);
    addItem(Key.DIGIT_4, T.LABEL_PHONE, MASKED_PHONE, session.maskedPhoneLength);
  } else {
    addInFull(Key.DIGIT_1, T.LABEL_NAME, NAME, session.nameLength, 0);
    addInFull(Key.DIGIT_2, T.LABEL_ID, ID_NUMBER, session.idLength, ID_GROUPS);
    addLabel(Key.DIGIT_3, T.LABEL_CARD); maskedPanLine();
    addInFull(Key.DIGIT_4, T.LABEL_PHONE, PHONE, session.phoneLength, PHONE_GROUPS);
  }
  addText(T.CONFIRM_KEYS);
}

/** "1姓名:" — the key that corrects the field, its label, a colon. */
function addLabel(digit: i32, label: i32): void {
  addByte(digit); addText(label); addByte(CH_COLON);
}

/** A confirmation line in full: the value after its label when both fit a line, else on the lines under it, kept on its page. */
function addInFull(digit: i32, label: i32, p: usize, len: i32, groups: i32): void {
  addLabel(digit, label);
  const cells = groups != 0 ? groupedCells(len, groups) : utf8Cells(p, len);
  if (1 + textCells(label) + 1 + cells > profile.columns) keepWithNext();
  if (groups != 0) addGrouped(p, len, groups); else addBytes(p, len);
  newline();
}

function codeScreen(): void {
  begin(S.OTP);
  textLine(T.PROMPT_OTP);
  // Where the code went (the label only when the display has room for it).
  if (session.maskedOtpPhoneLength > 0) {
    if (profile.rows > 4) { textLine(T.OTP_SENT_TO); }
    addMasked(MASKED_OTP_PHONE, session.maskedOtpPhoneLength); newline();
  }
  addBytes(EDIT, session.editLength);
  if (smsCode.resendReady) { nextLine(T.OTP_KEYS); }
  // F2 pressed too early: how long until a new code may be asked for, said once.
  if (smsCode.waitSeconds > 0) {
    nextLine(T.L_RESEND_WAIT); addNumber(smsCode.waitSeconds, 1); addText(T.L_SECONDS);
    smsCode.waitSeconds = 0;
  }
}

/** Digits a rank takes at least: it reads 001/012 until the store holds a thousand. */
const RANK_WIDTH: i32 = 3;
/** A record's time, formatted. */
@lazy const TIME_TEXT: usize = memory.data(20);

/**
 * One saved record, masked (R14). A record is longer than a 16x4 display, so
 * its first page says where the operator is and which keys move: rank and
 * status, then the one-line prompt (F2/F3 the newer/older record, UP/DOWN its
 * pages), then the card; no task title, it would push the card off page 1.
 */
function recordScreen(id: i32): void {
  begin(id);
  const s = Slot.SHOWN;
  if (!slotUsed(TABLE_RECORDS, s)) { addText(T.L_NO_RECORDS); return; }
  addNumber(slots.browseRank + 1, RANK_WIDTH); addByte(CH_SLASH); addNumber(slots.browseTotal, RANK_WIDTH); addSpace();
  textLine(statusText(s));
  textLine(id == S.PICK_RECORD ? T.PICK_RECORD : T.KEYS_RECORDS);
  addMasked(fieldPtr(TABLE_RECORDS, s, F.PAN), fieldLength(TABLE_RECORDS, s, F.PAN)); newline();
  // R14: picking the card to replace or report needs no password, so the pick screen shows only what
  // picking needs — the masked card and its date; the holder's data only behind the password.
  const picking = id == S.PICK_RECORD;
  if (!picking) addRecordLine(F.NAME, -1);
  if (fieldLength(TABLE_RECORDS, s, F.TIME) == 14) { addBytes(TIME_TEXT, formatTime(fieldPtr(TABLE_RECORDS, s, F.TIME), TIME_TEXT)); newline(); }
  if (picking) return;
  addRecordLine(F.ID_NUMBER, -1);
  addRecordLine(F.PHONE, -1);
  addRecordLine(F.RRN, T.P_RRN);
  addRecordLine(F.VID, T.P_VID);
}

/** A field of the shown record on a line of its own, when it holds one: masked, or after `label` as a reference number (VID, the last line, ends the screen). */
function addRecordLine(f: i32, label: i32): void {
  const s = Slot.SHOWN;
  const n = fieldLength(TABLE_RECORDS, s, f);
  if (n == 0) return;
  const p = fieldPtr(TABLE_RECORDS, s, f);
  if (label < 0) addMasked(p, n); else addReference(label, p, n);
  if (f != F.VID) newline();
}

/** "label:value" for a reference number; the value on a line of its own when both do not fit, never cut. */
export function addReference(label: i32, p: usize, len: i32): void {
  addText(label);
  if (textCells(label) + len > profile.columns) newline();
  addBytes(p, len);
}

function statusText(s: i32): i32 {
  if (fieldIs(TABLE_RECORDS, s, F.STATUS, W.REPLACED)) return T.ST_REPLACED;
  if (fieldIs(TABLE_RECORDS, s, F.STATUS, W.LOST)) return T.ST_LOST;
  if (fieldIs(TABLE_RECORDS, s, F.STATUS, W.STOLEN)) return T.ST_STOLEN;
  return T.ST_ACTIVE;
}
