// MACs over 8-byte blocks, fed in pieces (init / update / final) or whole:
//
// - ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC, FIPS 113 / ANSI X9.9 with a
//   single-DES key, TDES CBC-MAC with a 16/24-byte key), padding method 1
//   (zeros; an empty message is one zero block), 2 (0x80 then zeros) or, for
//   whole messages only, 3 (a first block with the length in bits, then zeros).
// - ISO/IEC 9797-1 MAC algorithm 3 = ANSI X9.19 retail MAC: CBC-MAC under K
//   (single DES), then the last block is deciphered under K' and enciphered
//   under K again; key = K || K' (16 bytes).
// - The China UnionPay POS "ECB" MAC of ISO 8583 field 64 (see docs/CRYPTO.md
//   for its description and sources): the MAC block (MTI to the last field
//   before 64) zero-padded and XORed 8 bytes at a time; the 8-byte result
//   expanded to 16 upper-case hex characters; the first 8 enciphered under the
//   MAK; that XORed with the last 8 and enciphered again; the result expanded
//   to hex and its first 8 characters are the MAC (field 64 carries these 8
//   ASCII bytes). An 8-byte MAK is single DES; a 16-byte (double-length) MAK
//   enciphers both steps with 2-key TDES, which equals single DES when the
//   halves are equal, the common way a double-length MAK is carried.
//
// A context (MAC_CONTEXT_SIZE bytes, in the caller's static memory) holds the
// key schedules, the chaining value and an unfinished block; final() wipes it.
// Every split of a message gives the same MAC, since blocks are processed only
// once they are complete.
import { ErrorCode, fail } from "../abi";
import { TDES_CONTEXT_SIZE, tdesSetKey, tdesEncryptBlock, tdesDecryptBlock } from "./tdes";
import { hexExpand } from "./hex";
import { constantTimeEqual } from "./compare";
import { wipe } from "./wipe";

export const enum MacAlgorithm {
  ISO9797_1_ALG1_PAD1 = 1,
  ISO9797_1_ALG1_PAD2 = 2,
  ISO9797_1_ALG3_PAD1 = 3, // ANSI X9.19
  ISO9797_1_ALG3_PAD2 = 4,
  CUP_ECB = 5,
}

export const MAC_LENGTH: i32 = 8;

// Context layout.
const ALG: usize = 0;          // u32 MacAlgorithm, 0 when not initialised
const BUFFERED: usize = 4;     // u32 bytes waiting in BLOCK (0..7)
const TOTAL: usize = 8;        // u32 bytes fed so far (saturating)
const CHAIN: usize = 16;       // 8-byte chaining value
const BLOCK: usize = 24;       // 8-byte unfinished block
const KEY: usize = 32;         // TDES context: the key (alg 3: K alone)
const KEY2: usize = KEY + <usize>TDES_CONTEXT_SIZE; // alg 3: K'
export const MAC_CONTEXT_SIZE: i32 = <i32>KEY2 + TDES_CONTEXT_SIZE;

@lazy const ONE_SHOT = memory.data(MAC_CONTEXT_SIZE, 16);
@lazy const SCRATCH = memory.data(16, 8);

/**
 * Starts a MAC in `ctx`. Key lengths: algorithm 1 8/16/24, algorithm 3 16
 * (K || K'), UnionPay 8/16/24. Returns 0 or a negative ErrorCode.
 */
export function macInit(ctx: usize, alg: i32, key: usize, keyLen: i32): i32 {
  store<u32>(ctx + ALG, 0);
  if (alg < MacAlgorithm.ISO9797_1_ALG1_PAD1 || alg > MacAlgorithm.CUP_ECB) return fail(ErrorCode.MAC_ALGORITHM, 0, 0, 0, alg);
  let rc: i32;
  if (alg == MacAlgorithm.ISO9797_1_ALG3_PAD1 || alg == MacAlgorithm.ISO9797_1_ALG3_PAD2) {
    if (keyLen != 16) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
    tdesSetKey(ctx + KEY, key, 8);
    rc = tdesSetKey(ctx + KEY2, key + 8, 8);
  } else {
    rc = tdesSetKey(ctx + KEY, key, keyLen);
  }
  if (rc < 0) {
    wipe(ctx, MAC_CONTEXT_SIZE);
    return rc;
  }
  store<u32>(ctx + ALG, <u32>alg);
  store<u32>(ctx + BUFFERED, 0);
  store<u32>(ctx + TOTAL, 0);
  store<u64>(ctx + CHAIN, 0);
  store<u64>(ctx + BLOCK, 0);
  return 0;
}

/** Folds the complete block at ctx + BLOCK into the chaining value. */
function absorb(ctx: usize): void {
  store<u64>(ctx + CHAIN, load<u64>(ctx + CHAIN) ^ load<u64>(ctx + BLOCK));
  if (load<u32>(ctx + ALG) != MacAlgorithm.CUP_ECB) tdesEncryptBlock(ctx + KEY, ctx + CHAIN, ctx + CHAIN);
  store<u64>(ctx + BLOCK, 0);
  store<u32>(ctx + BUFFERED, 0);
}

/** Feeds `len` more bytes. Returns 0 or a negative ErrorCode. */
export function macUpdate(ctx: usize, data: usize, len: i32): i32 {
  if (load<u32>(ctx + ALG) == 0) return fail(ErrorCode.MAC_STATE);
  if (len < 0) return fail(ErrorCode.CRYPTO_DATA_LENGTH, 0, 0, 0, len);
  let buffered = load<u32>(ctx + BUFFERED);
  for (let i: i32 = 0; i < len; i++) {
    store<u8>(ctx + BLOCK + <usize>buffered, load<u8>(data + <usize>i));
    if (++buffered == 8) {
      absorb(ctx);
      buffered = 0;
    }
  }
  store<u32>(ctx + BUFFERED, buffered);
  let total = load<u32>(ctx + TOTAL);
  store<u32>(ctx + TOTAL, total + <u32>len < total ? 0xFFFFFFFF : total + <u32>len);
  return 0;
}

/**
 * Pads, finishes and writes the 8-byte MAC to `out` (UnionPay: the 8 ASCII
 * characters of field 64; the others: the full MAC block, truncated by the
 * caller when a protocol sends fewer bytes). Wipes the context. Returns 8 or a
 * negative ErrorCode.
 */
export function macFinal(ctx: usize, out: usize): i32 {
  let alg = load<u32>(ctx + ALG);
  if (alg == 0) return fail(ErrorCode.MAC_STATE);
  let buffered = load<u32>(ctx + BUFFERED);
  if (alg == MacAlgorithm.ISO9797_1_ALG1_PAD2 || alg == MacAlgorithm.ISO9797_1_ALG3_PAD2) {
    store<u8>(ctx + BLOCK + <usize>buffered, 0x80); // padding method 2: a one bit, then zeros
    absorb(ctx);
  } else if (buffered > 0 || load<u32>(ctx + TOTAL) == 0) {
    absorb(ctx); // padding method 1: zeros (already there), at least one block
  }
  if (alg == MacAlgorithm.ISO9797_1_ALG3_PAD1 || alg == MacAlgorithm.ISO9797_1_ALG3_PAD2) {
    tdesDecryptBlock(ctx + KEY2, ctx + CHAIN, ctx + CHAIN);
    tdesEncryptBlock(ctx + KEY, ctx + CHAIN, ctx + CHAIN);
  }
  if (alg == MacAlgorithm.CUP_ECB) {
    hexExpand(ctx + CHAIN, 8, SCRATCH);
    tdesEncryptBlock(ctx + KEY, SCRATCH, ctx + CHAIN);
    store<u64>(ctx + CHAIN, load<u64>(ctx + CHAIN) ^ load<u64>(SCRATCH + 8));
    tdesEncryptBlock(ctx + KEY, ctx + CHAIN, ctx + CHAIN);
    hexExpand(ctx + CHAIN, 4, out);
  } else {
    store<u64>(out, load<u64>(ctx + CHAIN));
  }
  wipe(ctx, MAC_CONTEXT_SIZE);
  wipe(SCRATCH, 16);
  return MAC_LENGTH;
}

@lazy const LENGTH_BLOCK = memory.data(8, 8);

/**
 * One whole message. Padding method 3 (one-shot only: it needs the length up
 * front) is padding 1 behind a first block holding the message length in bits.
 */
function oneShot(alg: i32, key: usize, keyLen: i32, data: usize, len: i32, out: usize, lengthBlock: bool): i32 {
  let rc = macInit(ONE_SHOT, alg, key, keyLen);
  if (rc >= 0 && len < 0) rc = fail(ErrorCode.CRYPTO_DATA_LENGTH, 0, 0, 0, len);
  if (rc >= 0 && lengthBlock) {
    store<u64>(LENGTH_BLOCK, bswap<u64>(<u64>len << 3));
    rc = macUpdate(ONE_SHOT, LENGTH_BLOCK, 8);
  }
  if (rc >= 0) rc = macUpdate(ONE_SHOT, data, len);
  if (rc >= 0) return macFinal(ONE_SHOT, out);
  wipe(ONE_SHOT, MAC_CONTEXT_SIZE);
  return rc;
}

/** Algorithm 1 or 3 with padding method 1, 2 or 3. */
function withPadding(alg3: bool, key: usize, keyLen: i32, padding: i32, data: usize, len: i32, out: usize): i32 {
  if (padding < 1 || padding > 3) return fail(ErrorCode.MAC_ALGORITHM, 0, 0, 1, padding);
  let alg = alg3
    ? (padding == 2 ? MacAlgorithm.ISO9797_1_ALG3_PAD2 : MacAlgorithm.ISO9797_1_ALG3_PAD1)
    : (padding == 2 ? MacAlgorithm.ISO9797_1_ALG1_PAD2 : MacAlgorithm.ISO9797_1_ALG1_PAD1);
  return oneShot(alg, key, keyLen, data, len, out, padding == 3);
}

/** ISO 9797-1 algorithm 1 with padding method 1, 2 or 3; 8-byte MAC block to `out`. Returns 8 or an ErrorCode. */
export function macIso9797Alg1(key: usize, keyLen: i32, padding: i32, data: usize, len: i32, out: usize): i32 {
  return withPadding(false, key, keyLen, padding, data, len, out);
}

/** ISO 9797-1 algorithm 3 with padding method 1, 2 or 3, key K || K' (16 bytes). Returns 8 or an ErrorCode. */
export function macIso9797Alg3(key: usize, keyLen: i32, padding: i32, data: usize, len: i32, out: usize): i32 {
  return withPadding(true, key, keyLen, padding, data, len, out);
}

/** ANSI X9.19 retail MAC (algorithm 3, padding 1), key K || K'. Returns 8 or an ErrorCode. */
export function macX919(key: usize, keyLen: i32, data: usize, len: i32, out: usize): i32 {
  return oneShot(MacAlgorithm.ISO9797_1_ALG3_PAD1, key, keyLen, data, len, out, false);
}

/** The UnionPay POS ECB MAC: writes the 8 ASCII bytes of field 64. Returns 8 or an ErrorCode. */
export function macCupEcb(key: usize, keyLen: i32, data: usize, len: i32, out: usize): i32 {
  return oneShot(MacAlgorithm.CUP_ECB, key, keyLen, data, len, out, false);
}

@lazy const COMPUTED = memory.data(8, 8);

/**
 * Verifies a received MAC (e.g. field 64 of a reply): computes the MAC of
 * `data` with `alg` (a MacAlgorithm) and compares its first `receivedLen` (4..8)
 * bytes with `received` in constant time. Returns 0, MAC_MISMATCH, or another
 * ErrorCode.
 */
export function macVerify(alg: i32, key: usize, keyLen: i32, data: usize, len: i32, received: usize, receivedLen: i32): i32 {
  if (receivedLen < 4 || receivedLen > MAC_LENGTH) return fail(ErrorCode.CRYPTO_OUTPUT_LENGTH, 64, 0, MAC_LENGTH, receivedLen);
  let rc = macInit(ONE_SHOT, alg, key, keyLen);
  if (rc >= 0) rc = macUpdate(ONE_SHOT, data, len);
  if (rc < 0) {
    wipe(ONE_SHOT, MAC_CONTEXT_SIZE);
    return rc;
  }
  macFinal(ONE_SHOT, COMPUTED);
  let same = constantTimeEqual(COMPUTED, received, receivedLen);
  store<u64>(COMPUTED, 0);
  return same ? 0 : fail(ErrorCode.MAC_MISMATCH, 64);
}

