// Triple DES (NIST SP 800-67, ANSI X9.52): E_K3(D_K2(E_K1(x))) with K3 = K1 for
// a double-length (16-byte) key. An 8-byte key is single DES (the keying
// option K1 = K2 = K3 reduces to it, so it is run as one DES to save time).
//
// A context is the number of DES keys (1 or 3, as u32 padded to 8 bytes) and
// three DES key schedules; the caller keeps it in static memory and wipes it.
import { ErrorCode, fail } from "../abi";
import { DES_SCHEDULE_SIZE, desRounds, desRoundsPair, desSchedule, initialPermutation, finalPermutation } from "./des";

export const TDES_CONTEXT_SIZE: i32 = 8 + 3 * DES_SCHEDULE_SIZE;

const K1: usize = 8;
const K2: usize = 8 + <usize>DES_SCHEDULE_SIZE;
const K3: usize = 8 + 2 * <usize>DES_SCHEDULE_SIZE;

/** True for the key lengths TDES takes here: 8 (single DES), 16 and 24. */
export function isTdesKeyLength(keyLen: i32): bool {
  return keyLen == 8 || keyLen == 16 || keyLen == 24;
}

/** Schedules `key` into `ctx`; 0, or CRYPTO_KEY_LENGTH for a length other than 8, 16, 24. */
export function tdesSetKey(ctx: usize, key: usize, keyLen: i32): i32 {
  if (!isTdesKeyLength(keyLen)) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
  desSchedule(key, ctx + K1);
  if (keyLen == 8) {
    store<u32>(ctx, 1);
    return 0;
  }
  store<u32>(ctx, 3);
  desSchedule(key + 8, ctx + K2);
  if (keyLen == 24) {
    desSchedule(key + 16, ctx + K3);
  } else {
    // K3 = K1: copy the schedule rather than compute it again.
    for (let i: usize = 0; i < <usize>DES_SCHEDULE_SIZE; i += 8) store<u64>(ctx + K3 + i, load<u64>(ctx + K1 + i));
  }
  return 0;
}

/** The rounds of one DES on the block at `at` (after IP, in place), or on the two there at once. */
// @ts-ignore: decorator
@inline function des(schedule: usize, at: usize, decrypt: bool, pair: bool): void {
  if (pair) desRoundsPair(schedule, at, decrypt);
  else store<u64>(at, desRounds(schedule, load<u64>(at), decrypt));
}

/**
 * Runs the 3 DES of a TDES (E K1, D K2, E K3, or the reverse) between one IP
 * and one IP^-1 on the block at `src`, or on the two there at once (`pair`),
 * into `dst` (may be the same), which holds the halves between the DES.
 */
function crypt(ctx: usize, src: usize, dst: usize, decrypt: bool, pair: bool): void {
  let size: usize = pair ? 16 : 8;
  for (let i: usize = 0; i < size; i += 8) store<u64>(dst + i, initialPermutation(bswap<u64>(load<u64>(src + i))));
  if (load<u32>(ctx) == 1) {
    des(ctx + K1, dst, decrypt, pair);
  } else {
    des(ctx + (decrypt ? K3 : K1), dst, decrypt, pair);
    des(ctx + K2, dst, !decrypt, pair);
    des(ctx + (decrypt ? K1 : K3), dst, decrypt, pair);
  }
  for (let i: usize = 0; i < size; i += 8) store<u64>(dst + i, bswap<u64>(finalPermutation(load<u64>(dst + i))));
}

/** `n` blocks from `src` to `dst` (the same buffer or apart), two at a time. */
function cryptBlocks(ctx: usize, src: usize, dst: usize, n: i32, decrypt: bool): void {
  let end = <usize>n << 3;
  let at: usize = 0;
  for (; at + 16 <= end; at += 16) crypt(ctx, src + at, dst + at, decrypt, true);
  if (at < end) crypt(ctx, src + at, dst + at, decrypt, false);
}

/** Enciphers `n` blocks from `src` to `dst` (the same buffer or apart), as ECB. */
export function tdesEncryptBlocks(ctx: usize, src: usize, dst: usize, n: i32): void {
  cryptBlocks(ctx, src, dst, n, false);
}

/** Deciphers `n` blocks from `src` to `dst` (the same buffer or apart), as ECB. */
export function tdesDecryptBlocks(ctx: usize, src: usize, dst: usize, n: i32): void {
  cryptBlocks(ctx, src, dst, n, true);
}

/** Enciphers one 8-byte block from `src` to `dst` (may be the same). */
export function tdesEncryptBlock(ctx: usize, src: usize, dst: usize): void {
  crypt(ctx, src, dst, false, false);
}

/** Deciphers one 8-byte block from `src` to `dst` (may be the same). */
export function tdesDecryptBlock(ctx: usize, src: usize, dst: usize): void {
  crypt(ctx, src, dst, true, false);
}
