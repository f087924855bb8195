// A secure module for the flow specs in keyCustody=module (docs/ABI.md "The
// secure module"): keeps the keys the specs would have injected, answers the
// core's INSTALL_KEY, MAC and ENCIPHER, and plays the secure keypad of a
// PIN_ENTRY (the specs' digits go here, not to the core). flow-helpers.ts
// feeds its answers to the core. Built from the core's own crypto modules;
// the host's software module (host/secure/) is the independent one.
// Test-only: allocates freely.
import { tdesEcb, tdesCbc } from "../../assembly/crypto/modes";
import { kcvTdes } from "../../assembly/crypto/kcv";
import { macCupEcb } from "../../assembly/crypto/mac";
import { cmac, CmacCipher } from "../../assembly/crypto/cmac";
import { pinBlockEncode } from "../../assembly/crypto/pinblock";

@external("env", "specKeyCustody") declare function specKeyCustody(): i32;

/** The specs run with keyCustody=module (KEY_CUSTODY=module, as-pect.config.js). */
export const MODULE_CUSTODY: bool = specKeyCustody() == 1;

// Key slots (ModuleKey in assembly/flow/secure.ts): MASTER 1, PIK 2, MAK 3, TDK 4, RECORD_HASH 5.
@lazy const KEYS: usize = heap.alloc(6 * 16);
const lengths = new StaticArray<i32>(6);
function slot(k: i32): usize { return KEYS + <usize>(k * 16); }
function keyLength(k: i32): i32 { return k >= 1 && k <= 5 ? lengths[k] : 0; }

/** The keys a real terminal's module would hold from its key-injection room. */
export function loadModuleKeys(tmk: usize, recordKey: usize): void {
  memory.copy(slot(1), tmk, 16); lengths[1] = 16;
  memory.copy(slot(5), recordKey, 16); lengths[5] = 16;
  for (let k = 2; k <= 4; k++) lengths[k] = 0;
}

/** A module that was never loaded (or was wiped): every slot empty. */
export function forgetModuleKeys(): void { for (let k = 1; k <= 5; k++) lengths[k] = 0; }

/** The answer to the last command or key: its event kind (0: none) and payload. */
export let answerKind: i32 = 0;
export let answerLength: i32 = 0;
@lazy export const ANSWER: usize = heap.alloc(1100);
@lazy const CHECK: usize = heap.alloc(8);
@lazy const ZERO_IV: usize = heap.alloc(8);

function status(kind: i32, s: i32): void { answerKind = kind; store<u8>(ANSWER, <u8>s); answerLength = 1; }

/** Serves a command (kind, payload p[0..len)); afterwards answerKind says what to send back (0: nothing yet). */
export function serve(kind: i32, p: usize, len: i32): void {
  answerKind = 0;
  if (kind == 30) install(p, len);
  else if (kind == 31) openPin(p, len);
  else if (kind == 32) mac(p, len);
  else if (kind == 33) encipher(p, len);
}

function install(p: usize, len: i32): void {
  const key = <i32>load<u8>(p), n = <i32>load<u8>(p + 2);
  answerKind = 30; store<u8>(ANSWER, <u8>key); answerLength = 2;
  if (keyLength(1) == 0) { store<u8>(ANSWER + 1, 2); return; }
  const staged = heap.alloc(16);
  tdesEcb(slot(1), 16, p + 3, n, staged, false);
  kcvTdes(staged, n, CHECK, 4);
  let same = true;
  for (let i = 0; i < 4; i++) if (load<u8>(CHECK + <usize>i) != load<u8>(p + 3 + <usize>(n + i))) same = false;
  if (!same || len != 3 + n + 4) { store<u8>(ANSWER + 1, 1); return; }
  memory.copy(slot(key), staged, <usize>n); lengths[key] = n;
  store<u8>(ANSWER + 1, 0);
}

function mac(p: usize, len: i32): void {
  const key = <i32>load<u8>(p), alg = <i32>load<u8>(p + 1);
  if (keyLength(key) == 0) { status(34, 2); return; }
  status(34, 0);
  if (alg == 6) { cmac(CmacCipher.AES, slot(key), keyLength(key), p + 2, len - 2, ANSWER + 1); answerLength = 17; }
  else { macCupEcb(slot(key), keyLength(key), p + 2, len - 2, ANSWER + 1); answerLength = 9; }
}

function encipher(p: usize, len: i32): void {
  const key = <i32>load<u8>(p);
  if (keyLength(key) == 0) { status(34, 2); return; }
  status(34, 0);
  tdesCbc(slot(key), keyLength(key), ZERO_IV, p + 2, len - 2, ANSWER + 1, true);
  answerLength = len - 1;
}

// ---- the secure keypad -----------------------------------------------------------------

export let pinOpen: bool = false;
let digits: i32 = 0;
let maxDigits: i32 = 12;
@lazy const PIN: usize = heap.alloc(16);
@lazy const PAN: usize = heap.alloc(24);
let panLength: i32 = 0;

function openPin(p: usize, len: i32): void {
  pinOpen = true;
  digits = 0;
  maxDigits = <i32>load<u8>(p + 2);
  panLength = len - 5;
  memory.copy(PAN, p + 5, <usize>panLength);
}

/** Closes the keypad (POWER_ON). */
export function closePin(): void { pinOpen = false; digits = 0; }

/** A key the spec pressed while the keypad is open: answerKind says which event follows (0: the keypad ignores it). */
export function keypad(k: i32): void {
  answerKind = 0;
  if (k >= 0x30 && k <= 0x39) {
    if (digits >= maxDigits) return;
    store<u8>(PIN + <usize>digits, <u8>k); digits++;
    answerKind = 31; store<u8>(ANSWER, <u8>digits); answerLength = 1;
  } else if (k == 0x08) {
    if (digits > 0) digits--;
    answerKind = 31; store<u8>(ANSWER, <u8>digits); answerLength = 1;
  } else if (k == 0x1b) {
    ended(0);
  } else if (k == 0x0d && digits >= 4) {
    if (keyLength(2) == 0) { ended(2); return; }
    const clear = heap.alloc(8);
    pinBlockEncode(0, PIN, digits, PAN, panLength, ZERO_IV, clear);
    tdesEcb(slot(2), keyLength(2), clear, 8, ANSWER, true);
    answerKind = 32; answerLength = 8;
    closePin();
  }
}

/** The keypad's own timeout. */
export function keypadTimeout(): void { ended(1); }

function ended(reason: i32): void {
  closePin();
  answerKind = 33; store<u8>(ANSWER, <u8>reason); answerLength = 1;
}
