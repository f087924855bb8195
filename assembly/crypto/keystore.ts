// The terminal key hierarchy (master/session keys, the scheme UnionPay POS
// terminals use):
//
//   TMK  terminal master key, injected in a secure room (injectTerminalMasterKey)
//   PIK  PIN key      \
//   MAK  MAC key       > working keys, sent encrypted under the TMK in field 62
//   TDK  track key    /  of the sign-on (签到) reply, renewed at every sign-on
//
// Field 62 layouts (docs/CRYPTO.md cites the descriptions):
//   24 bytes  PIK(8)  check(4) MAK(8)  check(4)                   single DES
//   40 bytes  PIK(16) check(4) MAK(16) check(4)                   double length
//   60 bytes  PIK(16) check(4) MAK(16) check(4) TDK(16) check(4)  with a track key
// Each key is deciphered under the TMK (TDES ECB); its check value is the first
// 4 bytes of E_key(zero block), compared in constant time. In a 16-byte field
// whose second half is all zero only the first 8 bytes are a key: acquirers send
// a single-length MAK that way inside the double-length layout.
//
// All or nothing: every key is deciphered and checked in a staging area first;
// only when every check value matches do the keys replace the old ones. Keys
// live in static memory until wipeWorkingKeys() or a new TMK.
import { ErrorCode, fail } from "../abi";
import { tdesEcb } from "./modes";
import { kcvTdes } from "./kcv";
import { constantTimeEqual } from "./compare";
import { wipe } from "./wipe";

export const enum KeySlot {
  PIK = 1,
  MAK = 2,
  TDK = 3,
}

export const CHECK_VALUE_LENGTH: i32 = 4;
const SLOTS: i32 = 3;
const SLOT_SIZE: i32 = 16;

@lazy const TMK = memory.data(24, 8);
let tmkLength: i32 = 0;

// Installed keys (SLOTS x 16 bytes) with their lengths, and the staging copy.
@lazy const KEYS = memory.data(SLOTS * SLOT_SIZE, 8);
@lazy const KEY_LENGTHS = memory.data(SLOTS * 4, 4);
@lazy const STAGED = memory.data(SLOTS * SLOT_SIZE, 8);
@lazy const STAGED_LENGTHS = memory.data(SLOTS * 4, 4);
@lazy const CHECK = memory.data(8, 8);

/** Installs the TMK (8, 16 or 24 bytes); the old working keys are wiped. Returns 0 or an ErrorCode. */
export function injectTerminalMasterKey(key: usize, len: i32): i32 {
  if (len != 8 && len != 16 && len != 24) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, len);
  wipeWorkingKeys();
  wipe(TMK, 24);
  for (let i: i32 = 0; i < len; i++) store<u8>(TMK + <usize>i, load<u8>(key + <usize>i));
  tmkLength = len;
  return 0;
}

/** Length of the injected TMK, 0 when none. */
export function terminalMasterKeyLength(): i32 {
  return tmkLength;
}

/** Forgets the TMK and every working key (decommissioning, tamper response). */
export function wipeAllKeys(): void {
  wipeWorkingKeys();
  wipe(TMK, 24);
  tmkLength = 0;
}

/** The length of the key in a key field of `fieldLen` bytes: a 16-byte field whose second half is zero holds a single-length key. */
export function keyLengthInField(field: usize, fieldLen: i32): i32 {
  return fieldLen == 16 && load<u64>(field + 8) == 0 ? 8 : fieldLen;
}

/** Where key `slot` (1..) and its check value start in a field 62 block whose key fields are `fieldLen` bytes. */
export function keyFieldOffset(slot: i32, fieldLen: i32): i32 {
  return (slot - 1) * (fieldLen + CHECK_VALUE_LENGTH);
}

/** The key fields of field 62 layout 24, 40 or 60: their length (0 for another layout) and how many. */
export function keyFieldLength(layout: i32): i32 { return layout == 24 ? 8 : (layout == 40 || layout == 60 ? 16 : 0); }
export function keyFieldCount(layout: i32): i32 { return layout == 60 ? 3 : 2; }

/** Deciphers and checks one key field into the staging slot; 0 or an ErrorCode. */
function stage(slot: i32, field: usize, fieldLen: i32): i32 {
  const keyLen = keyLengthInField(field, fieldLen);
  let staged = STAGED + <usize>((slot - 1) * SLOT_SIZE);
  let rc = tdesEcb(TMK, tmkLength, field, keyLen, staged, false);
  if (rc < 0) return rc;
  rc = kcvTdes(staged, keyLen, CHECK, CHECK_VALUE_LENGTH);
  if (rc < 0) return rc;
  let ok = constantTimeEqual(CHECK, field + <usize>fieldLen, CHECK_VALUE_LENGTH);
  store<u64>(CHECK, 0);
  if (!ok) return fail(ErrorCode.KEY_CHECK_VALUE, slot, keyFieldOffset(slot, fieldLen) + fieldLen);
  store<i32>(STAGED_LENGTHS + <usize>((slot - 1) << 2), keyLen);
  return 0;
}

/**
 * Installs the working keys of a sign-on reply's field 62 block (layout 24, 40
 * or 60 bytes, `len` must equal it). Nothing is installed unless every check
 * value matches. Returns the number of keys installed or an ErrorCode.
 */
export function installWorkingKeys(layout: i32, src: usize, len: i32): i32 {
  if (layout != 24 && layout != 40 && layout != 60) return fail(ErrorCode.KEY_LAYOUT, 62, 0, 40, layout);
  if (len != layout) return fail(ErrorCode.KEY_LAYOUT, 62, 0, layout, len);
  if (tmkLength == 0) return fail(ErrorCode.NO_MASTER_KEY, 62);
  const fieldLen = keyFieldLength(layout);
  const count = keyFieldCount(layout);
  wipe(STAGED, SLOTS * SLOT_SIZE);
  wipe(STAGED_LENGTHS, SLOTS * 4);
  let rc: i32 = 0;
  for (let slot: i32 = 1; slot <= count && rc >= 0; slot++) {
    rc = stage(slot, src + <usize>keyFieldOffset(slot, fieldLen), fieldLen);
  }
  if (rc >= 0) {
    // Every check value matched: the staged keys replace all three slots (a
    // layout without a TDK leaves no stale TDK behind).
    for (let i: i32 = 0; i < SLOTS * SLOT_SIZE; i++) store<u8>(KEYS + <usize>i, load<u8>(STAGED + <usize>i));
    for (let i: i32 = 0; i < SLOTS * 4; i += 4) store<i32>(KEY_LENGTHS + <usize>i, load<i32>(STAGED_LENGTHS + <usize>i));
    rc = count;
  }
  wipe(STAGED, SLOTS * SLOT_SIZE);
  wipe(STAGED_LENGTHS, SLOTS * 4);
  return rc;
}

/** Address of an installed working key (PIK=1, MAK=2, TDK=3); 0 for another slot number. */
export function workingKeyPtr(slot: i32): usize {
  if (slot < 1 || slot > SLOTS) return 0;
  return KEYS + <usize>((slot - 1) * SLOT_SIZE);
}

/** Length of an installed working key: 8 or 16, 0 when absent or the slot number is wrong. */
export function workingKeyLength(slot: i32): i32 {
  if (slot < 1 || slot > SLOTS) return 0;
  return load<i32>(KEY_LENGTHS + <usize>((slot - 1) << 2));
}

/** Wipes every working key (sign-off, tamper, a new TMK). */
export function wipeWorkingKeys(): void {
  wipe(KEYS, SLOTS * SLOT_SIZE);
  wipe(KEY_LENGTHS, SLOTS * 4);
}
