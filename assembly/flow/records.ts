// Saved records (R9, R14, R16, R20, R21): a fixed table in static memory,
// written out with SAVE and read back with RESTORE as `key=value` lines (the
// format is in docs/ABI.md "Saved records"). Nothing here is ever unmasked:
// names, ID numbers, card and phone numbers arrive already masked, and the
// card and the ID are matched through keyed hashes (AES-CMAC under the
// record-hash key) so the terminal can recognise a card without keeping it.
//
// Two tables with the same slot layout:
// - RECORDS: verification results and loss reports (status, replacement
//   links); a lost/stolen record is the local hotlist entry for its card.
// - ATTEMPTS: one per issuer answer on a card, for the per-card limits.
import { ErrorCode, fail } from "../abi";
import { Cmd } from "./events";
import { begin, end, putByte, putBytes, putString } from "./queue";
import { bytesEqual, bytesEqualString, copyBytes, zeroBytes, scanLine, scan, writeDigits, CH_0, CH_EQUALS, CH_NEWLINE } from "./bytes";
import { maskPan, maskIdNumber, maskPhone, maskName } from "./deps";
import { currentStan } from "./messages";
import { clock } from "./state";

/** Record fields, in the order they are written. The names are the `key`s. */
export const enum F {
  ID, TYPE, TIME, RESULT, RRN, STAN, VID, NAME, ID_NUMBER, PAN, PHONE, PAN_HASH, ID_HASH, STATUS,
  REPLACES, REPLACED_BY, COUNT,
}

@lazy const FIELD_KEYS: StaticArray<string> = [
  "id", "type", "time", "result", "rrn", "stan", "vid", "name", "idNumber", "pan", "phone",
  "panHash", "idHash", "status", "replaces", "replacedBy",
];

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

export const RECORD_SLOTS: i32 = 64;
export const ATTEMPT_SLOTS: i32 = 384;
const RECORD_SLOT_BYTES: i32 = 360;  // 16 length bytes + the record field maxima (344)
const ATTEMPT_SLOT_BYTES: i32 = 108; // 16 length bytes + the attempt field maxima (90), rounded
@lazy const RECORD_TABLE: usize = memory.data(RECORD_SLOTS * RECORD_SLOT_BYTES, 8);
@lazy const ATTEMPT_TABLE: usize = memory.data(ATTEMPT_SLOTS * ATTEMPT_SLOT_BYTES, 8);
/** Insertion sequence per slot (0 = free), so "oldest" and "newest" need no clock. */
@lazy const RECORD_SEQ: usize = memory.data(RECORD_SLOTS * 4, 4);
@lazy const ATTEMPT_SEQ: usize = memory.data(ATTEMPT_SLOTS * 4, 4);
class Sequence { last: i32 = 0; }
const sequence = new Sequence();

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
function seqBase(table: i32): usize { return table == TABLE_RECORDS ? RECORD_SEQ : ATTEMPT_SEQ; }

export function slotPtr(table: i32, slot: i32): usize {
  return (table == TABLE_RECORDS ? RECORD_TABLE : ATTEMPT_TABLE) + <usize>(slot * slotBytes(table));
}

export function slotUsed(table: i32, slot: i32): bool {
  return <u32>slot < <u32>slotCount(table) && load<i32>(seqBase(table) + <usize>(slot * 4)) != 0;
}

export function slotSeq(table: i32, slot: i32): i32 { return load<i32>(seqBase(table) + <usize>(slot * 4)); }

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

/** Sets a field from a static ASCII string. */
export function setFieldString(table: i32, slot: i32, f: i32, s: string): void {
  const p = fieldPtr(table, slot, f);
  const max = fieldMax(table, f);
  const n = s.length <= max ? s.length : max;
  zeroBytes(p, max);
  for (let i = 0; i < n; i++) store<u8>(p + <usize>i, <u8>s.charCodeAt(i));
  store<u8>(slotPtr(table, slot) + <usize>f, <u8>n);
}

export function fieldIs(table: i32, slot: i32, f: i32, s: string): bool {
  return bytesEqualString(fieldPtr(table, slot, f), fieldLength(table, slot, f), s);
}

/** True when field f of the slot holds exactly the len bytes at p. */
export function fieldEquals(table: i32, slot: i32, f: i32, p: usize, len: i32): bool {
  return fieldLength(table, slot, f) == len && bytesEqual(fieldPtr(table, slot, f), p, len);
}

/** The slot holding record `id`, or -1. */
export function findById(table: i32, p: usize, len: i32): i32 {
  const n = slotCount(table);
  for (let s = 0; s < n; s++) if (slotUsed(table, s) && fieldEquals(table, s, F.ID, p, len)) return s;
  return -1;
}

/**
 * A slot for a new record: a free one, else the oldest that may go (in the
 * records table a lost/stolen record is the hotlist, so it goes last).
 */
function freeSlot(table: i32): i32 {
  const n = slotCount(table);
  let oldest = -1, oldestAny = -1;
  for (let s = 0; s < n; s++) {
    if (!slotUsed(table, s)) return s;
    const q = slotSeq(table, s);
    if (oldestAny < 0 || q < slotSeq(table, oldestAny)) oldestAny = s;
    const keep = table == TABLE_RECORDS && (fieldIs(table, s, F.STATUS, "lost") || fieldIs(table, s, F.STATUS, "stolen"));
    if (!keep && (oldest < 0 || q < slotSeq(table, oldest))) oldest = s;
  }
  return oldest >= 0 ? oldest : oldestAny;
}

/** Opens a slot for record `id` (the same slot if the id is known: saving twice keeps one). */
export function openSlot(table: i32, idPtr: usize, idLen: i32): i32 {
  let s = findById(table, idPtr, idLen);
  if (s < 0) {
    s = freeSlot(table);
    zeroBytes(slotPtr(table, s), slotBytes(table));
    setField(table, s, F.ID, idPtr, idLen);
  }
  sequence.last++;
  store<i32>(seqBase(table) + <usize>(s * 4), sequence.last);
  return s;
}

export function clearTables(): void {
  zeroBytes(RECORD_TABLE, RECORD_SLOTS * RECORD_SLOT_BYTES);
  zeroBytes(ATTEMPT_TABLE, ATTEMPT_SLOTS * ATTEMPT_SLOT_BYTES);
  zeroBytes(RECORD_SEQ, RECORD_SLOTS * 4);
  zeroBytes(ATTEMPT_SEQ, ATTEMPT_SLOTS * 4);
  sequence.last = 0;
}

/** Queues SAVE for a slot: `key=value` lines, id first, empty fields left out. */
export function emitSave(table: i32, slot: i32): void {
  begin(Cmd.SAVE);
  for (let f = 0; f < FIELD_COUNT; f++) {
    const n = fieldLength(table, slot, f);
    if (n == 0) continue;
    if (f > 0) putByte(CH_NEWLINE);
    putString(unchecked(FIELD_KEYS[f]));
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
 * RESTORE: reads one record as SAVE wrote it into the table its `type`
 * names. Unknown keys or over-long values are refused (FLOW_BAD_RECORD with
 * the byte offset), so a corrupted store is noticed, not half-loaded.
 */
export function restoreRecord(src: usize, len: i32): i32 {
  // First pass: find each field's value without touching the tables.
  for (let f = 0; f < FIELD_COUNT; f++) { store<i32>(LINE_FIELD + <usize>(f * 8), -1); store<i32>(LINE_FIELD + <usize>(f * 8 + 4), 0); }
  let at = 0;
  while (at < len) {
    const le = scanLine(src, len, at);
    const eq = scan.lineEquals;
    const next = scan.lineNext;
    if (le > at) {
      if (eq == le) return fail(ErrorCode.FLOW_BAD_RECORD, 0, at);
      let found = -1;
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (bytesEqualString(src + <usize>at, eq - at, unchecked(FIELD_KEYS[f]))) { found = f; break; }
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
  if (bytesEqualString(src + <usize>typeAt, typeLen, "attempt")) table = TABLE_ATTEMPTS;
  else if (bytesEqualString(src + <usize>typeAt, typeLen, "verification") || bytesEqualString(src + <usize>typeAt, typeLen, "loss")) table = TABLE_RECORDS;
  if (table < 0) return fail(ErrorCode.FLOW_BAD_RECORD, 0, typeAt);
  // Every value must fit its field in that table (an attempt carries no name, no masks).
  for (let f = 0; f < FIELD_COUNT; f++) {
    const a = load<i32>(LINE_FIELD + <usize>(f * 8));
    if (a >= 0 && load<i32>(LINE_FIELD + <usize>(f * 8 + 4)) > fieldMax(table, f)) return fail(ErrorCode.FLOW_BAD_RECORD, f, a);
    // SAVE never writes a clear name, ID, card or phone number: such a record is not restored.
    if (a >= 0 && !isMasked(f, src + <usize>a, load<i32>(LINE_FIELD + <usize>(f * 8 + 4)))) return fail(ErrorCode.FLOW_BAD_RECORD, f, a);
  }
  const s = openSlot(table, src + <usize>idAt, idLen);
  for (let f = 1; f < FIELD_COUNT; f++) {
    const a = load<i32>(LINE_FIELD + <usize>(f * 8));
    if (a >= 0) setField(table, s, f, src + <usize>a, load<i32>(LINE_FIELD + <usize>(f * 8 + 4)));
    else setField(table, s, f, 0, 0);
  }
  return 0;
}

/** Slots of a table in saving order, newest first: the n-th (0-based), or -1. */
export function nthNewest(table: i32, n: i32, filter: i32): i32 {
  // Selection by rank: at most a few hundred slots, so a quadratic walk is fine
  // and needs no sorted index.
  let bound = 0x7fffffff;
  let rank = -1;
  const count = slotCount(table);
  while (true) {
    let best = -1;
    for (let s = 0; s < count; s++) {
      if (!slotUsed(table, s)) continue;
      const q = slotSeq(table, s);
      if (q < bound && (best < 0 || q > slotSeq(table, best))) best = s;
    }
    if (best < 0) return -1;
    bound = slotSeq(table, best);
    if (matchesFilter(table, best, filter)) {
      rank++;
      if (rank == n) return best;
    }
  }
  return -1;
}

/** Record filters for browsing and picking. */
export const FILTER_ALL: i32 = 0;
/** Verified cards that can be replaced or reported (active, lost or stolen verifications). */
export const FILTER_CARDS: i32 = 1;

function matchesFilter(table: i32, s: i32, filter: i32): bool {
  if (filter == FILTER_ALL) return true;
  return fieldIs(table, s, F.TYPE, "verification") && !fieldIs(table, s, F.STATUS, "replaced");
}

export function countMatching(table: i32, filter: i32): i32 {
  let n = 0;
  const count = slotCount(table);
  for (let s = 0; s < count; s++) if (slotUsed(table, s) && matchesFilter(table, s, filter)) n++;
  return n;
}

/** The highest STAN in any record, so a restarted terminal continues its numbering. */
export function highestStan(): i32 {
  let best = 0;
  for (let t = 0; t < 2; t++) {
    const count = slotCount(t);
    for (let s = 0; s < count; s++) {
      if (!slotUsed(t, s) || fieldLength(t, s, F.STAN) != 6) continue;
      const p = fieldPtr(t, s, F.STAN);
      let v = 0;
      for (let i = 0; i < 6; i++) v = v * 10 + (<i32>load<u8>(p + <usize>i) - CH_0);
      if (v > best && v <= 999999) best = v;
    }
  }
  return best;
}

// ---- making records ------------------------------------------------------------

/** Record id letters (docs/ABI.md "Saved records"). */
export const enum RecordLetter { VERIFICATION = 0x56, ATTEMPT = 0x41, LOSS = 0x4c }

@lazy const ID_TEXT: usize = memory.data(24);
@lazy const DIGITS: usize = memory.data(16);

/**
 * Opens a slot for a new record of `type`: id = letter, date, time and STAN
 * (unique per terminal), with its time and STAN set from the clock and the
 * request in flight.
 */
export function newRecord(table: i32, letter: i32, type: string): i32 {
  store<u8>(ID_TEXT, <u8>letter);
  writeDigits(ID_TEXT + 1, clock.date, 8);
  writeDigits(ID_TEXT + 9, clock.time, 6);
  writeDigits(ID_TEXT + 15, currentStan(), 6);
  const s = openSlot(table, ID_TEXT, 21);
  setFieldString(table, s, F.TYPE, type);
  writeDigits(DIGITS, clock.date, 8);
  writeDigits(DIGITS + 8, clock.time, 6);
  setField(table, s, F.TIME, DIGITS, 14);
  writeDigits(DIGITS, currentStan(), 6);
  setField(table, s, F.STAN, DIGITS, 6);
  return s;
}

/** Keyed-hash domains: a card number, an ID number. */
export const HASH_DOMAIN_PAN: i32 = 0x50;
export const HASH_DOMAIN_ID: i32 = 0x49;

/** The newest record (verification or loss) of a card, by the keyed hash of its PAN, or -1. */
export function newestOfCard(hash: usize): i32 {
  for (let rank = 0; ; rank++) {
    const s = nthNewest(TABLE_RECORDS, rank, FILTER_ALL);
    if (s < 0) return -1;
    if (fieldEquals(TABLE_RECORDS, s, F.PAN_HASH, hash, 32)) return s;
  }
  return -1;
}
