// The terminal side of TDES DUKPT (ANSI X9.24-1:2009 A.2): the future-key
// registers. The terminal never holds the IPEK or the BDK after loading; it
// keeps one register per counter bit (21), where register j holds the key it
// will need when the counter next carries into bit j.
//
//   after loading (counter 0)   register j = key(1 << j) for every j; counter 1
//   transaction with counter c  key = register[p], p = lowest set bit of c
//   ending it                   when c has fewer than 10 one bits, register j
//                               for every j < p = NRKGP(key, KSN with c | 1 << j);
//                               register p is wiped; the counter moves to c + 1,
//                               or to c + (1 << p) when c has 10 one bits (so no
//                               counter ever has more than 10)
//   exhaustion                  the counter passes 21 bits (after 0x1FF800):
//                               every register is wiped and the terminal refuses
//                               PIN entry until a new initial key is loaded
//
// The registers' LRCs of the standard are not kept: the core's memory is not a
// battery-backed RAM that can rot, and a trap restarts it from the host's store.
import { ErrorCode, fail } from "../abi";
import {
  COUNTER_MASK, MAX_COUNTER_ONES, TDES_KSN_LENGTH, ksnCounter, nrkgp, tdesDukptKeyFromIpek, tdesDukptVariant, DukptUsage,
} from "./dukpt-tdes";
import { wipe } from "./wipe";

const REGISTERS: i32 = 21;
const EMPTY: i32 = 0;
const READY: i32 = 1;
const EXHAUSTED: i32 = 2;

@lazy const FUTURE_KEYS = memory.data(REGISTERS * 16, 8);
@lazy const KSN = memory.data(16, 8);      // the KSN with the current counter
@lazy const SCRATCH_KSN = memory.data(16, 8);
let counter: u32 = 0;
let state: i32 = EMPTY;

@inline function register(j: i32): usize {
  return FUTURE_KEYS + <usize>(j << 4);
}

/** Writes the 21-bit counter into the 10-byte KSN at `ksn`, keeping the bits above it. */
function setCounter(ksn: usize, c: u32): void {
  store<u8>(ksn + 7, <u8>((<u32>load<u8>(ksn + 7) & 0xE0) | (c >> 16)));
  store<u8>(ksn + 8, <u8>(c >> 8));
  store<u8>(ksn + 9, <u8>c);
}

/** Big-endian rightmost 64 bits of the KSN with counter `c`, the NRKGP register. */
function registerFor(c: u32): u64 {
  return (bswap<u64>(load<u64>(KSN + 2)) & ~<u64>COUNTER_MASK) | <u64>c;
}

/** Forgets every key and the KSN (tamper response, or before a new load). */
export function dukptTerminalWipe(): void {
  wipe(FUTURE_KEYS, REGISTERS * 16);
  wipe(KSN, 16);
  counter = 0;
  state = EMPTY;
}

/**
 * Loads the initial key (IPEK, 16 bytes) with its 10-byte KSN. A KSN counter
 * of 0 is the ordinary injection (the first transaction uses counter 1); a
 * non-zero counter resumes at that counter (re-synchronisation and tests).
 * The IPEK is used only here. Returns 0 or an ErrorCode.
 */
export function dukptTerminalLoad(ipek: usize, ksn: usize): i32 {
  let c = ksnCounter(ksn);
  if (<i32>popcnt<u32>(c) > MAX_COUNTER_ONES) return fail(ErrorCode.DUKPT_KSN, 0, 7, MAX_COUNTER_ONES, <i32>c);
  dukptTerminalWipe();
  for (let i: i32 = 0; i < TDES_KSN_LENGTH; i++) {
    store<u8>(KSN + <usize>i, load<u8>(ksn + <usize>i));
    store<u8>(SCRATCH_KSN + <usize>i, load<u8>(ksn + <usize>i));
  }
  let p: i32 = c == 0 ? -1 : <i32>ctz<u32>(c);
  for (let q: i32 = 0; q < REGISTERS; q++) {
    let bit: u32 = 1 << q;
    // The key the terminal needs when the counter next reaches a value whose
    // lowest set bit is q: c itself for q = p, else c with the bits below q
    // cleared plus bit q (if that counter is one a terminal uses).
    let target: u32;
    if (q == p) target = c;
    else if (q > p && (c & bit) == 0) target = ((c >> <u32>q) << <u32>q) | bit;
    else continue;
    if (<i32>popcnt<u32>(target) > MAX_COUNTER_ONES || target > COUNTER_MASK) continue;
    setCounter(SCRATCH_KSN, target);
    let at = register(q);
    for (let i: i32 = 0; i < 16; i++) store<u8>(at + <usize>i, load<u8>(ipek + <usize>i));
    tdesDukptKeyFromIpek(at, SCRATCH_KSN);
  }
  wipe(SCRATCH_KSN, 16);
  counter = c == 0 ? 1 : c;
  setCounter(KSN, counter);
  state = READY;
  return 0;
}

function ready(): i32 {
  if (state == EXHAUSTED) return fail(ErrorCode.DUKPT_EXHAUSTED);
  if (state != READY) return fail(ErrorCode.NO_MASTER_KEY);
  return 0;
}

/** The 10-byte KSN of the current transaction, to `out`. Returns 10 or an ErrorCode. */
export function dukptTerminalKsn(out: usize): i32 {
  let rc = ready();
  if (rc < 0) return rc;
  for (let i: i32 = 0; i < TDES_KSN_LENGTH; i++) store<u8>(out + <usize>i, load<u8>(KSN + <usize>i));
  return TDES_KSN_LENGTH;
}

/** The current transaction's working key for `usage` (16 bytes) to `out`. Returns 16 or an ErrorCode. */
export function dukptTerminalKey(usage: i32, out: usize): i32 {
  let rc = ready();
  if (rc < 0) return rc;
  if (usage < DukptUsage.BASE || usage > DukptUsage.DATA_RESPONSE) return fail(ErrorCode.DUKPT_USAGE, 0, 0, DukptUsage.PIN, usage);
  let at = register(<i32>ctz<u32>(counter));
  for (let i: i32 = 0; i < 16; i++) store<u8>(out + <usize>i, load<u8>(at + <usize>i));
  return tdesDukptVariant(out, usage);
}

/** The current counter (for display and tests); 0 when no key is loaded. */
export function dukptTerminalCounter(): i32 {
  return state == READY ? <i32>counter : 0;
}

/**
 * Ends the current transaction: derives the future keys below it, wipes its
 * key and moves the counter on. Returns 0, or DUKPT_EXHAUSTED when no counter
 * is left (the terminal then needs a new initial key).
 */
export function dukptTerminalAdvance(): i32 {
  let rc = ready();
  if (rc < 0) return rc;
  let p = <i32>ctz<u32>(counter);
  let used = register(p);
  let ones = <i32>popcnt<u32>(counter);
  if (ones < MAX_COUNTER_ONES) {
    for (let j: i32 = p - 1; j >= 0; j--) {
      let at = register(j);
      for (let i: i32 = 0; i < 16; i++) store<u8>(at + <usize>i, load<u8>(used + <usize>i));
      nrkgp(at, registerFor(counter | (<u32>1 << <u32>j)));
    }
  }
  wipe(used, 16);
  let next: u32 = ones < MAX_COUNTER_ONES ? counter + 1 : counter + (<u32>1 << <u32>p);
  if (next > COUNTER_MASK) {
    dukptTerminalWipe();
    state = EXHAUSTED;
    return fail(ErrorCode.DUKPT_EXHAUSTED);
  }
  counter = next;
  setCounter(KSN, counter);
  return 0;
}
