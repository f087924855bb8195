// Triple DES (NIST SP 800-67, ANSI X9.52): E_K3(D_K2(E_K1(x))) with K3 = K1 for
// a double-length (16-byte) key. An 8-byte key is single DES (the keying
// option K1 = K2 = K3 reduces to it, so it is run as one DES to save time).
//
// A context is the number of DES keys (1 or 3, as u32 padded to 8 bytes) and
// three DES key schedules; the caller keeps it in static memory and wipes it.
import { ErrorCode, fail } from "../abi";
import { DES_SCHEDULE_SIZE, desBlock, desSchedule } from "./des";

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

/** Enciphers one 8-byte block from `src` to `dst` (may be the same). */
export function tdesEncryptBlock(ctx: usize, src: usize, dst: usize): void {
  desBlock(ctx + K1, src, dst, false);
  if (load<u32>(ctx) == 1) return;
  desBlock(ctx + K2, dst, dst, true);
  desBlock(ctx + K3, dst, dst, false);
}

/** Deciphers one 8-byte block from `src` to `dst` (may be the same). */
export function tdesDecryptBlock(ctx: usize, src: usize, dst: usize): void {
  if (load<u32>(ctx) == 1) {
    desBlock(ctx + K1, src, dst, true);
    return;
  }
  desBlock(ctx + K3, src, dst, true);
  desBlock(ctx + K2, dst, dst, false);
  desBlock(ctx + K1, dst, dst, true);
}
