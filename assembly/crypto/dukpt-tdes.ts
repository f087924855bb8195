// TDES DUKPT key derivation, ANSI X9.24-1:2009 (the host side, also used by the
// terminal's future-key registers in dukpt-terminal.ts).
//
//   KSN  80 bits: key set id + device id (59 bits) | transaction counter (21 bits)
//   IPEK = TDES_BDK(KSN' ) || TDES_(BDK xor C0C0C0C000000000C0C0C0C000000000)(KSN')
//          where KSN' is the leftmost 64 bits of the KSN with the counter cleared
//   key(counter): start from the IPEK with the rightmost 64 KSN bits, counter
//          cleared, in a register; for each counter bit from the top (bit 21)
//          down that is set, set it in the register and apply the
//          non-reversible key generation process (NRKGP) to the key.
//   NRKGP(K, R): right = DES_KL(R xor KR) xor KR; K' = K xor C0C0C0C0..C0C0C0C0..;
//          left = DES_K'L(R xor K'R) xor K'R.
//   Working keys: the transaction key xor a variant mask (PIN, MAC request,
//   MAC response, data request, data response); the data keys then take the
//   one-way step of the 2009 edition: each half enciphered (TDES ECB) under the
//   variant key itself.
import { ErrorCode, fail } from "../abi";
import { DES_SCHEDULE_SIZE, desSchedule, desBlock } from "./des";
import { tdesEcb } from "./modes";
import { wipe } from "./wipe";

export const enum DukptUsage {
  BASE = 0,          // the transaction key itself (tests and tools only)
  PIN = 1,
  MAC_REQUEST = 2,   // AES: MAC generation
  MAC_RESPONSE = 3,
  DATA_REQUEST = 4,  // AES: data encryption
  DATA_RESPONSE = 5,
}

export const TDES_KSN_LENGTH: i32 = 10;
export const COUNTER_BITS: i32 = 21;
export const COUNTER_MASK: u32 = 0x1FFFFF;
/** A terminal never uses a counter with more than this many one bits. */
export const MAX_COUNTER_ONES: i32 = 10;

const KEY_MASK: u64 = 0xC0C0C0C000000000;

@lazy const SCHEDULE = memory.data(DES_SCHEDULE_SIZE, 8);
@lazy const KEY = memory.data(16, 8);
@lazy const BLOCK = memory.data(16, 8);

/** Big-endian u64 at `p`. */
@inline function read64(p: usize): u64 {
  return bswap<u64>(load<u64>(p));
}

@inline function write64(p: usize, v: u64): void {
  store<u64>(p, bswap<u64>(v));
}

/** The 21-bit transaction counter of a 10-byte KSN. */
export function ksnCounter(ksn: usize): u32 {
  return ((<u32>load<u8>(ksn + 7) << 16) | (<u32>load<u8>(ksn + 8) << 8) | <u32>load<u8>(ksn + 9)) & COUNTER_MASK;
}

/** DES_k(x) for an 8-byte key at `k` and a 64-bit value (big-endian). */
function des64(k: usize, x: u64): u64 {
  desSchedule(k, SCHEDULE);
  write64(BLOCK, x);
  desBlock(SCHEDULE, BLOCK, BLOCK, false);
  let y = read64(BLOCK);
  wipe(SCHEDULE, DES_SCHEDULE_SIZE);
  store<u64>(BLOCK, 0);
  return y;
}

/** The non-reversible key generation process: replaces the 16-byte key at `key` for register `r`. */
export function nrkgp(key: usize, r: u64): void {
  let kl = read64(key);
  let kr = read64(key + 8);
  let right = des64(key, r ^ kr) ^ kr;
  write64(KEY, kl ^ KEY_MASK);
  let left = des64(KEY, r ^ (kr ^ KEY_MASK)) ^ (kr ^ KEY_MASK);
  write64(key, left);
  write64(key + 8, right);
  store<u64>(KEY, 0);
  kl = 0; kr = 0; left = 0; right = 0;
}

/** IPEK (16 bytes) from a 16-byte BDK and a 10-byte KSN. Returns 16 or an ErrorCode. */
export function tdesDukptIpek(bdk: usize, bdkLen: i32, ksn: usize, out: usize): i32 {
  if (bdkLen != 16) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, bdkLen);
  write64(BLOCK, read64(ksn) & 0xFFFFFFFFFFFFFFE0);
  tdesEcb(bdk, 16, BLOCK, 8, out, true);
  write64(KEY, read64(bdk) ^ KEY_MASK);
  write64(KEY + 8, read64(bdk + 8) ^ KEY_MASK);
  tdesEcb(KEY, 16, BLOCK, 8, out + 8, true);
  wipe(KEY, 16);
  wipe(BLOCK, 16);
  return 16;
}

/**
 * The transaction key for the KSN's counter, from the IPEK, in place at `key`
 * (which holds the IPEK on entry). Counters 0 and those with more than 10 one
 * bits are refused (DUKPT_KSN).
 */
export function tdesDukptKeyFromIpek(key: usize, ksn: usize): i32 {
  let counter = ksnCounter(ksn);
  if (counter == 0 || <i32>popcnt<u32>(counter) > MAX_COUNTER_ONES) {
    return fail(ErrorCode.DUKPT_KSN, 0, 7, MAX_COUNTER_ONES, <i32>counter);
  }
  let r = read64(ksn + 2) & ~<u64>COUNTER_MASK;
  for (let bit: u32 = 1 << 20; bit != 0; bit >>= 1) {
    if (counter & bit) {
      r |= <u64>bit;
      nrkgp(key, r);
    }
  }
  r = 0;
  return 16;
}

/** Applies a usage's variant (and for data keys the one-way step) to the 16-byte key at `key`, in place. */
export function tdesDukptVariant(key: usize, usage: i32): i32 {
  let mask: u64;
  switch (usage) {
    case DukptUsage.BASE: return 16;
    case DukptUsage.PIN: mask = 0x00000000000000FF; break;
    case DukptUsage.MAC_REQUEST: mask = 0x000000000000FF00; break;
    case DukptUsage.MAC_RESPONSE: mask = 0x00000000FF000000; break;
    case DukptUsage.DATA_REQUEST: mask = 0x0000000000FF0000; break;
    case DukptUsage.DATA_RESPONSE: mask = 0x000000FF00000000; break;
    default: return fail(ErrorCode.DUKPT_USAGE, 0, 0, DukptUsage.PIN, usage);
  }
  write64(key, read64(key) ^ mask);
  write64(key + 8, read64(key + 8) ^ mask);
  if (usage == DukptUsage.DATA_REQUEST || usage == DukptUsage.DATA_RESPONSE) {
    // One-way step: both halves enciphered under the variant key.
    tdesEcb(key, 16, key, 16, BLOCK, true);
    store<u64>(key, load<u64>(BLOCK));
    store<u64>(key + 8, load<u64>(BLOCK + 8));
    wipe(BLOCK, 16);
  }
  return 16;
}

/** Host side: the working key for `usage` from a BDK and a KSN (10 bytes), to `out` (16 bytes). Returns 16 or an ErrorCode. */
export function tdesDukptDerive(bdk: usize, bdkLen: i32, ksn: usize, usage: i32, out: usize): i32 {
  if (usage < DukptUsage.BASE || usage > DukptUsage.DATA_RESPONSE) return fail(ErrorCode.DUKPT_USAGE, 0, 0, DukptUsage.PIN, usage);
  let rc = tdesDukptIpek(bdk, bdkLen, ksn, out);
  if (rc >= 0) rc = tdesDukptKeyFromIpek(out, ksn);
  if (rc >= 0) rc = tdesDukptVariant(out, usage);
  if (rc < 0) wipe(out, 16);
  return rc;
}
