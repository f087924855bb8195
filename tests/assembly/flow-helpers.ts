// The terminal and its acquirer for the flow specs: drives assembly/flow/
// event by event, drains and keeps the commands, and answers requests with
// reply frames built from the same ISO 8583 and crypto modules (the
// acquirer's side of docs/PROTOCOL.md). Test-only: allocates freely.
import { INPUT, OUTPUT, getOutputLength } from "../../assembly/abi";
import { handleEvent, flowState } from "../../assembly/flow/machine";
import { queueNext } from "../../assembly/flow/queue";
import { deadlines, clock, Deadline } from "../../assembly/flow/state";
import { secondsOfDay } from "../../assembly/flow/bytes";
import { FieldSet, FIELD_TPDU, FIELD_HEADER } from "../../assembly/iso8583/fieldset";
import { pack, unpack, macRegionOffset, macRegionLength } from "../../assembly/iso8583/codec";
import { Dialect } from "../../assembly/iso8583/spec";
import { tdesEcb, tdesCbc } from "../../assembly/crypto/modes";
import { kcvTdes } from "../../assembly/crypto/kcv";
import { macCupEcb } from "../../assembly/crypto/mac";
import { cryptTrack } from "../../assembly/crypto/track";
import { tlvFind, tlvFoundLength } from "../../assembly/iso8583/tlv";
import { clearStore, storeRecord, recordField, answerFind, answerAttempts, purge } from "./record-store";
import { MODULE_CUSTODY, loadModuleKeys, serve, keypad, keypadTimeout, closePin, pinOpen, answerKind, answerLength, ANSWER } from "./secure-double";

// ---- the clock ----------------------------------------------------------------
export const DEFAULT_DATE: i32 = 20261126;
export const DEFAULT_TIME: i32 = 103000;
export let today: i32 = DEFAULT_DATE;
export let now: i32 = DEFAULT_TIME;
export function setClock(date: i32, time: i32): void { today = date; now = time; }

// ---- keys (synthetic test keys, never real ones) ----------------------------------
export const TMK_HEX = "0123456789ABCDEFFEDCBA9876543210";
export const RECORD_KEY_HEX = "000102030405060708090A0B0C0D0E0F";
export const PIK_HEX = "11111111111111112222222222222222";
export const MAK_HEX = "3333333333333333444444444444444C";
export const TDK_HEX = "5555555555555555666666666666666E";

function nib(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return c - 0x61 + 10;
}
export function hexBytes(s: string): usize {
  const n = s.length >> 1;
  const p = heap.alloc(<usize>(n + 64));
  for (let i = 0; i < n; i++) store<u8>(p + <usize>i, <u8>((nib(s.charCodeAt(2 * i)) << 4) | nib(s.charCodeAt(2 * i + 1))));
  return p;
}
/** UTF-8 bytes of s in fresh memory; the length is in lastLength. */
export let lastLength: i32 = 0;
export function utf8(s: string): usize {
  const buf = String.UTF8.encode(s);
  const n = buf.byteLength;
  const p = heap.alloc(<usize>(n + 16));
  memory.copy(p, changetype<usize>(buf), <usize>n);
  lastLength = n;
  return p;
}
function bytesToString(p: usize, n: i32): string { return String.UTF8.decodeUnsafe(p, <usize>n); }

// ---- what the terminal did -------------------------------------------------------------
export const kinds: i32[] = [];
export const payloads: string[] = [];
export let lastResult: i32 = 0;
@lazy const SENT: usize = heap.alloc(2048);
export let sentLength: i32 = 0;

/**
 * Like a host whose storage answers at once: every SAVE is kept in the spec's
 * store (record-store.ts) and answered with SAVED of its id, every query is
 * answered from the store, and what those answers produce is kept with the
 * event's own commands. Specs of the EXPECT_SAVED paths turn SAVED off.
 */
export let autoSaved: bool = true;
export function setAutoSaved(on: bool): void { autoSaved = on; }
@lazy const STORE_ANSWER: usize = heap.alloc(8192);

/**
 * Every event a spec sends, for `npm run coverage` (scripts/coverage.ts): the state
 * before and after and the payload. as-pect.config.js provides it; it records only
 * when REALNAME_COVERAGE names a file.
 */
@external("qa", "transition")
declare function recordTransition(from: i32, kind: i32, to: i32, payload: usize, length: i32): void;

/** The payload's first bytes as sent (the core may wipe its input): the key, timer, link status, a reply's MTI. */
const RECORDED_BYTES: i32 = 32;
@lazy const RECORDED: usize = heap.alloc(RECORDED_BYTES);

/** handle() as a host calls it, recorded for the coverage report. */
function handleRecorded(kind: i32, n: i32): i32 {
  const from = flowState();
  const kept = min(n, RECORDED_BYTES);
  memory.copy(RECORDED, INPUT, <usize>kept);
  const result = handleEvent(kind, n, today, now);
  recordTransition(from, kind, flowState(), RECORDED, kept);
  return result;
}

/** Sends one event (payload at p, n bytes) and drains the commands; returns handle()'s result. */
export function event(kind: i32, p: usize, n: i32): i32 {
  memory.copy(INPUT, p, <usize>n);
  kinds.length = 0;
  payloads.length = 0;
  raws.length = 0;
  rawLengths.length = 0;
  if (kind == 1) closePin();
  lastResult = handleRecorded(kind, n);
  if (lastResult < 0) return lastResult;
  drain();
  // The host's secure module (keyCustody=module) and storage, in order: the answer to each
  // secure-module command, each SAVE stored (and SAVED), each query answered (the commands
  // of their answers join this event's).
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i];
    if (k >= 30) {
      serve(k, raws[i], rawLengths[i]);
      if (answerKind != 0) { memory.copy(INPUT, ANSWER, <usize>answerLength); if (handleRecorded(answerKind, answerLength) >= 0) drain(); }
    } else if (k == 8) {
      const rec = payloads[i];
      storeRecord(rec);
      if (autoSaved) storageAnswer(14, STORE_ANSWER, copyText(recordField(rec, "id"), STORE_ANSWER));
    } else if (k == 20) storageAnswer(20, STORE_ANSWER, answerFind(payloads[i], STORE_ANSWER));
    else if (k == 21) storageAnswer(21, STORE_ANSWER, answerAttempts(payloads[i], STORE_ANSWER));
    else if (k == 22) purge(payloads[i]);
  }
  return lastResult;
}

function copyText(s: string, out: usize): i32 {
  const buf = String.UTF8.encode(s);
  memory.copy(out, changetype<usize>(buf), <usize>buf.byteLength);
  return buf.byteLength;
}

/** One answer from the storage (its result is not the spec's: lastResult stays the event's). */
function storageAnswer(kind: i32, p: usize, n: i32): void {
  memory.copy(INPUT, p, <usize>n);
  if (handleRecorded(kind, n) >= 0) drain();
}

/** Each command's payload as bytes (the secure module's commands are binary). */
const raws: usize[] = [];
const rawLengths: i32[] = [];

/** Drains the command queue into kinds/payloads (queries as byte values, one character each). */
function drain(): void {
  while (true) {
    const k = queueNext();
    if (k == 0) break;
    const len = getOutputLength();
    kinds.push(k);
    const raw = heap.alloc(<usize>(len + 1));
    memory.copy(raw, OUTPUT, <usize>len);
    raws.push(raw);
    rawLengths.push(len);
    if (k == 4) { memory.copy(SENT, OUTPUT, <usize>len); sentLength = len; payloads.push("<frame>"); }
    else if (k == 1) payloads.push(<string>(load<u8>(OUTPUT + 1).toString()) + "|" + bytesToString(OUTPUT + 2, len - 2));
    else if (k == 20) payloads.push(byteString(OUTPUT, len));
    else payloads.push(bytesToString(OUTPUT, len));
  }
}

function byteString(p: usize, n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(load<u8>(p + <usize>i));
  return s;
}

export function eventByte(kind: i32, b: i32): i32 { const p = heap.alloc(4); store<u8>(p, <u8>b); return event(kind, p, 1); }
export function eventText(kind: i32, s: string): i32 { const p = utf8(s); return event(kind, p, lastLength); }

/** A key on the keypad; with keyCustody=module a PIN entry's keys go to the secure keypad, which tells the core. */
export function key(k: i32): i32 {
  if (MODULE_CUSTODY && pinOpen) return keypadEvent(k);
  return eventByte(5, k);
}

function keypadEvent(k: i32): i32 {
  keypad(k);
  if (answerKind == 0) { kinds.length = 0; payloads.length = 0; raws.length = 0; rawLengths.length = 0; lastResult = 0; return 0; }
  return event(answerKind, ANSWER, answerLength);
}
export function keys(digits: string): void { for (let i = 0; i < digits.length; i++) key(digits.charCodeAt(i)); }
export function text(s: string): i32 { return eventText(6, s); }
export function card(s: string): i32 { return eventText(7, s); }
export function link(v: i32): i32 { return eventByte(9, v); }
/**
 * Lets deadline `which` (Deadline in assembly/flow/state.ts) fall due: a TIMER at its
 * time (at once when it is not set), as the host's one timer sends it; the deadlines
 * due by then are acted on too. The spec's clock stays where it was (the core counts
 * a clock set back as no time passing). Specs stay within one day.
 */
export function timer(which: i32): i32 {
  // keyCustody=module: the PIN screen's INPUT timeout is the secure keypad's own.
  if (MODULE_CUSTODY && pinOpen && which == Deadline.INPUT) { keypadTimeout(); return event(answerKind, ANSWER, answerLength); }
  const left = <i32>max<i64>(deadlines.secondsLeft(which), 0);
  const time = now;
  const s = secondsOfDay(clock.time) + left; // from the last event's clock, as nextDeadline() counts
  now = (s / 3600) * 10000 + ((s / 60) % 60) * 100 + s % 60;
  const r = event(10, 0, 0);
  now = time;
  return r;
}

export const ENTER = 0x0d;
export const CANCEL = 0x1b;
export const CLEAR = 0x08;
export const F1 = 0x81;
export const F2 = 0x82;
export const F3 = 0x83;
export const UP = 0x86;
export const DOWN = 0x87;

/** How many commands of `kind` the last event produced. */
export function count(kind: i32): i32 {
  let n = 0;
  for (let i = 0; i < kinds.length; i++) if (kinds[i] == kind) n++;
  return n;
}
/** The payload (text) of the last command of `kind` from the last event, or "". */
export function last(kind: i32): string {
  for (let i = kinds.length - 1; i >= 0; i--) if (kinds[i] == kind) return payloads[i];
  return "";
}
/** Every payload of `kind` from the last event, joined by "\n---\n". */
export function all(kind: i32): string {
  let s = "";
  for (let i = 0; i < kinds.length; i++) if (kinds[i] == kind) s += payloads[i] + "\n---\n";
  return s;
}
/** The lines of the last SHOW (without its screen id), as shown. */
export function screenLines(): string {
  const s = last(1);
  const bar = s.indexOf("|");
  return bar < 0 ? s : s.substring(bar + 1);
}
/** The text of the last SHOW with the display's line breaks removed (wrapping splits words). */
export function screen(): string { return screenLines().replaceAll("\n", ""); }
export function state(): i32 { return flowState(); }

// ---- start-up -----------------------------------------------------------------------------

export const PROFILE = "terminalId=12345678\nmerchantId=123456789012345\nmerchantName=Test Shop\nsupportPhone=95516\nsupervisorPassword=2468\ndisplayColumns=16\ndisplayRows=4";

/** POWER_ON with the profile, in the custody the specs run in (keyCustody last, so it wins). */
export function powerOn(profile: string = PROFILE): i32 {
  return eventText(1, profile + (MODULE_CUSTODY ? "\nkeyCustody=module" : "\nkeyCustody=core"));
}

/** The keys of the secure element: INJECT_KEY into the core, or (keyCustody=module) into the secure module. */
export function injectKeys(): void {
  if (MODULE_CUSTODY) { loadModuleKeys(hexBytes(TMK_HEX), hexBytes(RECORD_KEY_HEX)); return; }
  const a = heap.alloc(17); store<u8>(a, 1); memory.copy(a + 1, hexBytes(TMK_HEX), 16); event(2, a, 17);
  const b = heap.alloc(17); store<u8>(b, 2); memory.copy(b + 1, hexBytes(RECORD_KEY_HEX), 16); event(2, b, 17);
}

/** A record in the store (as if saved before a power cut) and RESTORE of it (its STAN, or the settings). */
export function restore(record: string): i32 { storeRecord(record); return eventText(3, record); }
export function start(): i32 { return event(4, 0, 0); }

// ---- the acquirer -------------------------------------------------------------------------

export const request = new FieldSet();
export const answer = new FieldSet();
@lazy const FRAME: usize = heap.alloc(2048);
export let frameLength: i32 = 0;
@lazy const TMP: usize = heap.alloc(1024);

/** Unpacks the last SEND (cup, else the account-verification layout's cup-verify); returns unpack()'s result. */
export function readRequest(): i32 {
  const r = unpack(Dialect.CUP, SENT, sentLength, request);
  return r >= 0 ? r : unpack(Dialect.CUP_VERIFY, SENT, sentLength, request);
}

export function requestText(field: i32): string {
  if (!request.has(field)) return "";
  return bytesToString(request.ptr(field), request.length(field));
}

function setText(f: FieldSet, field: i32, s: string): void {
  const p = utf8(s);
  f.set(field, p, lastLength);
}

/**
 * Starts a reply to the last request: MTI, TPDU/header, and 11, 41, 42 echoed
 * (and 2, 3, 25, 60 where the request had them), 12/13 and 37, then 39.
 */
export function beginReply(mti: string, rc: string): void {
  readRequest();
  answer.clear();
  answer.setText(0, mti);
  answer.set(FIELD_TPDU, request.ptr(FIELD_TPDU), 5);
  answer.set(FIELD_HEADER, request.ptr(FIELD_HEADER), 6);
  const echo: i32[] = [2, 3, 11, 25, 41, 42, 60];
  for (let i = 0; i < echo.length; i++) {
    const f = echo[i];
    if (request.has(f)) answer.set(f, request.ptr(f), request.length(f));
  }
  setText(answer, 12, "103001");
  setText(answer, 13, "1126");
  setText(answer, 37, "000000123456");
  setText(answer, 39, rc);
}

export function replyField(field: i32, value: string): void { setText(answer, field, value); }
export function replyBytes(field: i32, p: usize, n: i32): void { answer.set(field, p, n); }

/** Packs the reply (with a MAC under `macKeyHex` when given) into FRAME. */
export function packReply(macKeyHex: string = ""): i32 {
  if (macKeyHex.length > 0) answer.set(64, hexBytes("0000000000000000"), 8);
  frameLength = pack(Dialect.CUP, answer, FRAME, 2048);
  if (frameLength > 0 && macKeyHex.length > 0) {
    macCupEcb(hexBytes(macKeyHex), 16, FRAME + <usize>macRegionOffset(), macRegionLength(), FRAME + <usize>(frameLength - 8));
  }
  return frameLength;
}

/** Delivers the packed reply to the terminal as RECEIVED. */
export function deliver(): i32 { return event(8, FRAME, frameLength); }

/** Corrupts one byte of the packed reply (for the rejection paths). */
export function corrupt(at: i32): void { store<u8>(FRAME + <usize>at, load<u8>(FRAME + <usize>at) ^ 0x01); }

/** The sign-on reply's 60-byte working-key block: each key under the TMK, then its check value. */
export function keyBlock(): usize {
  const out = heap.alloc(64);
  const tmk = hexBytes(TMK_HEX);
  const keys: string[] = [PIK_HEX, MAK_HEX, TDK_HEX];
  for (let i = 0; i < 3; i++) {
    const k = hexBytes(keys[i]);
    tdesEcb(tmk, 16, k, 16, out + <usize>(i * 20), true);
    kcvTdes(k, 16, out + <usize>(i * 20 + 16), 4);
  }
  return out;
}

/** CONNECT answered, request read: LINK up, the terminal sends. */
export function connect(): i32 { return link(1); }

/** Answers the sign-on request in flight with 00 and the working keys. */
export function answerSignOn(): void {
  beginReply("0810", "00");
  replyBytes(62, keyBlock(), 60);
  packReply();
  deliver();
}

/** Start-up through sign-on and echo test to the menu. */
export function signOnAndEcho(): void {
  connect();                     // sign-on request goes out
  answerSignOn();                // keys installed; echo test starts
  connect();
  beginReply("0830", "00");
  packReply();
  deliver();
}

/**
 * POWER_ON, keys, START, sign-on, echo: a new terminal at its menu, at the
 * given clock, with storage answering SAVE at once. Every spec starts here, so
 * none depends on the one before.
 */
export function bootToMenu(profile: string = PROFILE, date: i32 = DEFAULT_DATE, time: i32 = DEFAULT_TIME): void {
  setClock(date, time);
  setAutoSaved(true);
  clearStore();
  powerOn(profile);
  injectKeys();
  start();
  signOnAndEcho();
}

/** The deciphered field 62 TLV of the last request (personal data under the TDK). */
export function personalData(): string {
  readRequest();
  if (!request.has(62)) return "";
  const n = request.length(62);
  tdesCbc(hexBytes(TDK_HEX), 16, hexBytes("0000000000000000"), request.ptr(62), n, TMP, false);
  let end = n;
  while (end > 0 && load<u8>(TMP + <usize>(end - 1)) == 0) end--;
  if (end > 0 && load<u8>(TMP + <usize>(end - 1)) == 0x80) end--;
  return bytesToString(TMP, end);
}

/** Track 2 of the last request in clear: field 35 deciphered under the TDK when 53.3 says it is enciphered, else as sent. */
export function clearTrack2(): string {
  readRequest();
  if (!request.has(35)) return "";
  const n = request.length(35);
  if (requestText(53).charAt(2) != "1") return requestText(35);
  if (cryptTrack(hexBytes(TDK_HEX), 16, request.ptr(35), n, TMP, false) < 0) return "?";
  return bytesToString(TMP, n);
}

/** The value of tag in the personal data TLV, or "". */
export function personal(tag: string): string {
  const tlv = personalData();
  const p = utf8(tlv);
  const at = tlvFind(p, lastLength, tag);
  if (at < 0) return "";
  return bytesToString(p + <usize>at, tlvFoundLength());
}

/** The MAC of the last request verifies under the MAK. */
export function requestMacValid(): bool {
  readRequest();
  if (!request.has(64)) return false;
  const out = heap.alloc(16);
  macCupEcb(hexBytes(MAK_HEX), 16, SENT + <usize>macRegionOffset(), macRegionLength(), out);
  for (let i = 0; i < 8; i++) if (load<u8>(out + <usize>i) != load<u8>(request.ptr(64) + <usize>i)) return false;
  return true;
}

/** Walks one verification up to the card screen. */
export function enterUntilCard(name: string, id: string): void {
  key(0x31);        // 1 verify
  key(ENTER);       // consent
  text(name); key(ENTER);
  key(0x31);        // ID type: resident card
  keys(id); key(ENTER);
}

/** Walks one verification up to the confirmation screen. */
export function enterHolder(name: string, id: string, cardData: string, phone: string): void {
  key(0x31);        // 1 verify
  key(ENTER);       // consent
  text(name); key(ENTER);
  key(0x31);        // ID type: resident card
  keys(id); key(ENTER);
  card(cardData);
  keys(phone); key(ENTER);
}

/** Sends the confirmed request and answers it with `rc` (MAC'd), plus field 38 on success. */
export function answerVerify(rc: string): void {
  connect();
  beginReply("0110", rc);
  if (rc == "00") replyField(38, "V12345");
  packReply(MAK_HEX);
  deliver();
}

/** The verification request answered 05 (mismatch) naming the elements `letters` in field 44. */
export function answerMismatch(letters: string): void {
  connect();
  beginReply("0110", "05");
  replyField(44, letters);
  packReply(MAK_HEX);
  deliver();
}

export { flowState };

/** Answers the request already connected with S1: the issuer sent an SMS code with reference `ref`, valid 120 s. */
export function answerCodeSent(ref: string): void {
  beginReply("0110", "S1");
  const p = utf8("OR006" + ref + "OT003120");
  replyBytes(62, p, lastLength);
  packReply(MAK_HEX);
  deliver();
}

/** Connects and answers the loss report (0302) with a MAC'd 0312 `rc`. */
export function answerReport(rc: string): void {
  connect();
  beginReply("0312", rc);
  packReply(MAK_HEX);
  deliver();
}

/** A verification answered 00 and acknowledged: the terminal has a saved record of the card, back at the menu. */
export function verifyOnce(name: string, id: string, cardData: string, phone: string): void {
  enterHolder(name, id, cardData, phone);
  key(ENTER);
  answerVerify("00");
  key(ENTER);
}

/** A verification answered `rc`, then left with CANCEL. */
export function failOnce(name: string, id: string, cardData: string, phone: string, rc: string): void {
  enterHolder(name, id, cardData, phone);
  key(ENTER);
  answerVerify(rc);
  key(CANCEL);
}

/** The payloads of the last event's SAVE commands whose record contains `mark`. */
export function savesWith(mark: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < kinds.length; i++) if (kinds[i] == 8 && payloads[i].includes(mark)) out.push(payloads[i]);
  return out;
}

/** The id of the first SAVE of the last event whose record contains `mark` ("" when none). */
export function savedIdWith(mark: string): string {
  const r = savesWith(mark);
  if (r.length == 0) return "";
  const nl = r[0].indexOf("\n");
  return r[0].substring(3, nl < 0 ? r[0].length : nl);
}
