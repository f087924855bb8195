// Saved records (R9, R14, R16, R20, R21): the host's store keeps them (the
// core asks it, inquiry.ts); here are the few the task in hand works on,
// written out with SAVE and read back from the store's answers as `key=value`
// lines (the format is in docs/ABI.md "Saved records"). Nothing here is ever unmasked:
// names, ID numbers, card and phone numbers arrive already masked, and the
// card and the ID are matched through keyed hashes (AES-CMAC under the
// record-hash key) so the terminal can recognise a card without keeping it.
//
// Two tables with the same slot layout:
// - RECORDS: verification results and loss reports (status, replacement
//   links); a lost/stolen record is the local hotlist entry for its card.
// - ATTEMPTS: the issuer answer on a card being saved, for the per-card limits.
import { ErrorCode, fail } from "../abi";
import { Cmd } from "./events";
import { begin, end, putByte, putBytes, putWord } from "./queue";
import { W, expandWord, isWord, WORD_SCRATCH } from "./texts";
import { bytesEqual, copyBytes, zeroBytes, scanLine, scan, writeDigits, parseDigits, CH_EQUALS, CH_NEWLINE } from "./bytes";
import { maskPan, maskIdNumber, maskPhone, maskName } from "./deps";
import { currentStan } from "./messages";
import { clock } from "./state";

/** Record fields, in the order they are written. Their `key`s are the words W.ID + f (texts.ts). */
export const enum F {
  ID, TYPE, TIME, RESULT, RRN, STAN, VID, NAME, ID_NUMBER, PAN, PHONE, PAN_HASH, ID_HASH, STATUS,
  REPLACES, REPLACED_BY, COUNT,
}


/**
 * Maximum bytes of each field, in F order: first for the records table, then
 * for the attempts table (an attempt keeps only id, type, time, result, stan
 * and the card's hash, so many more fit in the same memory).
 */
@lazy const FIELD_MAX: usize = memory.data<u8>([
  24, 12, 14, 2, 12, 6, 6, 100, 18, 19, 11, 32, 32, 8, 24, 24,
  24, 12, 14, 2, 0, 6, 0, 0, 0, 0, 0, 32, 0, 0, 0, 0,
]);

// Slot layout per table: FIELD_COUNT length bytes, then each field's bytes at its offset.
const FIELD_COUNT: i32 = 16;
@lazy const FIELD_OFFSET: usize = memory.data(2 * FIELD_COUNT * 4);

/**
 * The records the task in hand works on: not a mirror of the store (the host
 * keeps every record and answers queries, inquiry.ts) but one slot per role.
 */
export const enum Slot {
  NEW = 0,    // the record being made: a verification or a loss record
  OLD = 1,    // the card being replaced (R20)
  LOSS = 2,   // the card being reported (R21)
  NOTICE = 3, // the holder's reported card a verification replaces (R21 notice)
  SHOWN = 4,  // the record on the browser or pick screen
  FOUND = 5,  // the store's last answer
}
export const RECORD_SLOTS: i32 = 6;
/** The attempt being saved. */
export const ATTEMPT_SLOTS: i32 = 1;
const RECORD_SLOT_BYTES: i32 = 360;  // 16 length bytes + the record field maxima (344)
const ATTEMPT_SLOT_BYTES: i32 = 108; // 16 length bytes + the attempt field maxima (90), rounded
@lazy const RECORD_TABLE: usize = memory.data(RECORD_SLOTS * RECORD_SLOT_BYTES, 8);
@lazy const ATTEMPT_TABLE: usize = memory.data(ATTEMPT_SLOTS * ATTEMPT_SLOT_BYTES, 8);

/** Computes both slot layouts once (module start-up). */
function initLayout(): void {
  for (let t = 0; t < 2; t++) {
    let at = FIELD_COUNT;
    for (let f = 0; f < FIELD_COUNT; f++) {
      store<i32>(FIELD_OFFSET + <usize>((t * FIELD_COUNT + f) * 4), at);
      at += fieldMax(t, f);
    }
  }
}
initLayout();

/** A table: 0 records, 1 attempts. */
export const TABLE_RECORDS: i32 = 0;
export const TABLE_ATTEMPTS: i32 = 1;

function slotCount(table: i32): i32 { return table == TABLE_RECORDS ? RECORD_SLOTS : ATTEMPT_SLOTS; }
function slotBytes(table: i32): i32 { return table == TABLE_RECORDS ? RECORD_SLOT_BYTES : ATTEMPT_SLOT_BYTES; }

export function slotPtr(table: i32, slot: i32): usize {
  return (table == TABLE_RECORDS ? RECORD_TABLE : ATTEMPT_TABLE) + <usize>(slot * slotBytes(table));
}

/** True when the slot holds a record (an id). */
export function slotUsed(table: i32, slot: i32): bool {
  return <u32>slot < <u32>slotCount(table) && fieldLength(table, slot, F.ID) > 0;
}

export function fieldPtr(table: i32, slot: i32, f: i32): usize {
  return slotPtr(table, slot) + <usize>load<i32>(FIELD_OFFSET + <usize>((table * FIELD_COUNT + f) * 4));
}

export function fieldLength(table: i32, slot: i32, f: i32): i32 {
  return <i32>load<u8>(slotPtr(table, slot) + <usize>f);
}

/** The most bytes field f holds in a table (0: the table does not keep it). */
export function fieldMax(table: i32, f: i32): i32 { return <i32>load<u8>(FIELD_MAX + <usize>((table & 1) * FIELD_COUNT + f)); }

/** Sets a field; a value longer than the field's maximum is refused (false). */
export function setField(table: i32, slot: i32, f: i32, src: usize, len: i32): bool {
  if (<u32>f >= <u32>FIELD_COUNT || len < 0 || len > fieldMax(table, f)) return false;
  const p = fieldPtr(table, slot, f);
  zeroBytes(p, fieldMax(table, f));
  copyBytes(p, src, len);
  store<u8>(slotPtr(table, slot) + <usize>f, <u8>len);
  return true;
}

/** Sets a field to word w (texts.ts W); a word longer than the field is refused, as by setField(). */
export function setFieldWord(table: i32, slot: i32, f: i32, w: i32): void {
  const n = expandWord(w);
  setField(table, slot, f, WORD_SCRATCH, n);
}

/** True when field f of the slot holds word w. */
export function fieldIs(table: i32, slot: i32, f: i32, w: i32): bool {
  return isWord(fieldPtr(table, slot, f), fieldLength(table, slot, f), w);
}

/** True when field f of the slot holds exactly the len bytes at p. */
export function fieldEquals(table: i32, slot: i32, f: i32, p: usize, len: i32): bool {
  return fieldLength(table, slot, f) == len && bytesEqual(fieldPtr(table, slot, f), p, len);
}

/** Empties a slot of the records table. */
export function clearSlot(slot: i32): void { zeroBytes(slotPtr(TABLE_RECORDS, slot), RECORD_SLOT_BYTES); }

/** Copies a record from one slot of the records table to another. */
export function copySlot(from: i32, to: i32): void {
  copyBytes(slotPtr(TABLE_RECORDS, to), slotPtr(TABLE_RECORDS, from), RECORD_SLOT_BYTES);
}

/** POWER_ON: every slot empty. */
export function clearTables(): void {
  zeroBytes(RECORD_TABLE, RECORD_SLOTS * RECORD_SLOT_BYTES);
  zeroBytes(ATTEMPT_TABLE, ATTEMPT_SLOTS * ATTEMPT_SLOT_BYTES);
}

/** Queues SAVE for a slot: `key=value` lines, id first, empty fields left out. */
export function emitSave(table: i32, slot: i32): void {
  begin(Cmd.SAVE);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const n = fieldLength(table, slot, f);
    if (n == 0) continue;
    if (f > 0) putByte(CH_NEWLINE);
    putWord(<i32>W.ID + f);
    putByte(CH_EQUALS);
    putBytes(fieldPtr(table, slot, f), n);
  }
  end();
}

@lazy const LINE_FIELD: usize = memory.data(FIELD_COUNT * 8);
/** A restored value masked again (the longest masked field is the name, 100 bytes). */
@lazy const REMASKED: usize = memory.data(100);

/** True when value (len bytes) of a personal field is already masked: masking it again changes nothing. */
function isMasked(f: i32, value: usize, len: i32): bool {
  let n = 0;
  if (f == F.NAME) n = maskName(value, len, REMASKED);
  else if (f == F.ID_NUMBER) n = maskIdNumber(value, len, REMASKED);
  else if (f == F.PAN) n = maskPan(value, len, REMASKED);
  else if (f == F.PHONE) n = maskPhone(value, len, REMASKED);
  else return true;
  const same = n == len && bytesEqual(REMASKED, value, len);
  zeroBytes(REMASKED, 100);
  return same;
}

/**
 * Reads one record as SAVE wrote it (a RESTORE, or the store's answer to a
 * query) into a slot: the records table's `slot` for a verification or loss
 * record, the attempts table's only slot for an attempt (when `attempts`
 * allows one: a query's answer never is one). Returns the table,
 * or an error: unknown keys, over-long or clear personal values are refused
 * (FLOW_BAD_RECORD with the byte offset), so a corrupted store is noticed,
 * not half-loaded.
 */
export function loadRecord(src: usize, len: i32, slot: i32, attempts: bool): i32 {
  // First pass: find each field's value without touching the tables (-1: absent; a length is read only when present).
  memory.fill(LINE_FIELD, 0xff, FIELD_COUNT * 8);
  let at = 0;
  while (at < len) {
    const le = scanLine(src, len, at);
    const eq = scan.lineEquals;
    const next = scan.lineNext;
    if (le > at) {
      if (eq == le) return fail(ErrorCode.FLOW_BAD_RECORD, 0, at);
      let found = -1;
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (isWord(src + <usize>at, eq - at, <i32>W.ID + f)) { found = f; break; }
      }
      const vl = le - eq - 1;
      if (found < 0) return fail(ErrorCode.FLOW_BAD_RECORD, 0, at);
      store<i32>(LINE_FIELD + <usize>(found * 8), eq + 1);
      store<i32>(LINE_FIELD + <usize>(found * 8 + 4), vl);
    }
    at = next;
  }
  const idAt = load<i32>(LINE_FIELD), idLen = load<i32>(LINE_FIELD + 4);
  const typeAt = load<i32>(LINE_FIELD + 8), typeLen = load<i32>(LINE_FIELD + 12);
  if (idAt < 0 || idLen == 0 || typeAt < 0) return fail(ErrorCode.FLOW_BAD_RECORD, 0, 0);
  let table = -1;
  if (isWord(src + <usize>typeAt, typeLen, W.ATTEMPT)) table = TABLE_ATTEMPTS;
  else if (isWord(src + <usize>typeAt, typeLen, W.VERIFICATION) || isWord(src + <usize>typeAt, typeLen, W.LOSS)) table = TABLE_RECORDS;
  if (table < 0 || (table == TABLE_ATTEMPTS && !attempts)) return fail(ErrorCode.FLOW_BAD_RECORD, 0, typeAt);
  // Every value must fit its field in that table (an attempt carries no name, no masks).
  for (let f = 0; f < FIELD_COUNT; f++) {
    const a = load<i32>(LINE_FIELD + <usize>(f * 8)), n = load<i32>(LINE_FIELD + <usize>(f * 8 + 4));
    // SAVE never writes a clear name, ID, card or phone number: such a record is not read.
    if (a >= 0 && (n > fieldMax(table, f) || !isMasked(f, src + <usize>a, n))) return fail(ErrorCode.FLOW_BAD_RECORD, f, a);
  }
  const s = table == TABLE_RECORDS ? slot : 0;
  zeroBytes(slotPtr(table, s), slotBytes(table));
  for (let f = 0; f < FIELD_COUNT; f++) {
    const a = load<i32>(LINE_FIELD + <usize>(f * 8));
    if (a >= 0) setField(table, s, f, src + <usize>a, load<i32>(LINE_FIELD + <usize>(f * 8 + 4)));
  }
  return table;
}

/** The STAN of the record in a slot (0 without one), so a restarted terminal continues its numbering. */
export function stanOf(table: i32, slot: i32): i32 {
  if (fieldLength(table, slot, F.STAN) != 6) return 0;
  const v = parseDigits(fieldPtr(table, slot, F.STAN), 6);
  return v < 0 ? 0 : v;
}

// ---- making records ------------------------------------------------------------

/** Record id letters (docs/ABI.md "Saved records"). */
export const enum RecordLetter { VERIFICATION = 0x56, ATTEMPT = 0x41, LOSS = 0x4c }

@lazy const ID_TEXT: usize = memory.data(24);

/**
 * Makes a new record of `type` in slot s: id = letter, date, time and STAN
 * (unique per terminal), with its time and STAN set from the clock and the
 * request in flight.
 */
export function newRecord(table: i32, s: i32, letter: i32, type: i32): void {
  store<u8>(ID_TEXT, <u8>letter);
  writeDigits(ID_TEXT + 1, clock.date, 8);
  writeDigits(ID_TEXT + 9, clock.time, 6);
  writeDigits(ID_TEXT + 15, currentStan(), 6);
  zeroBytes(slotPtr(table, s), slotBytes(table));
  setField(table, s, F.ID, ID_TEXT, 21);
  setFieldWord(table, s, F.TYPE, type);
  setField(table, s, F.TIME, ID_TEXT + 1, 14); // the id's date and time
  setField(table, s, F.STAN, ID_TEXT + 15, 6); // and its STAN
}

/** Keyed-hash domains: a card number, an ID number. */
export const HASH_DOMAIN_PAN: i32 = 0x50;
export const HASH_DOMAIN_ID: i32 = 0x49;
