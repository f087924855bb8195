// ECB and CBC (NIST SP 800-38A) over TDES (8-byte blocks) and AES (16-byte
// blocks), whole blocks only: payment messages pad before they encipher, and
// the padding rule belongs to the caller (ISO 9797-1, field 62 layouts, DUKPT).
//
// Each call schedules the key into one static context, runs, and wipes the
// context and the chaining block before it returns. `src` and `out` may be the
// same buffer. The shared steps are inlined into each export with the cipher
// fixed, so a module that only uses TDES (the terminal) carries no AES here.
import { ErrorCode, fail } from "../abi";
import { TDES_CONTEXT_SIZE, tdesSetKey, tdesEncryptBlocks, tdesDecryptBlocks } from "./tdes";
import { AES_CONTEXT_SIZE, AES_LANES, aesExpandKey, aesEncryptBlocks, aesDecryptBlocks } from "./aes";
import { wipe } from "./wipe";

const CONTEXT_SIZE: i32 = TDES_CONTEXT_SIZE > AES_CONTEXT_SIZE ? TDES_CONTEXT_SIZE : AES_CONTEXT_SIZE;
/** Bytes deciphered together in CBC: AES takes AES_LANES blocks at once, TDES two (a multiple of both block sizes). */
const GROUP: i32 = 16 * AES_LANES;

@lazy const CONTEXT = memory.data(CONTEXT_SIZE, 16);
@lazy const CHAIN = memory.data(16, 8);
@lazy const SAVED = memory.data(GROUP, 8);

// Lengths here are whole blocks, so whole 8-byte words.
function xorInto(dst: usize, src: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i += 8) store<u64>(dst + <usize>i, load<u64>(dst + <usize>i) ^ load<u64>(src + <usize>i));
}

function copy(dst: usize, src: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i += 8) store<u64>(dst + <usize>i, load<u64>(src + <usize>i));
}

/** `len` bytes of whole blocks from `src` to `dst` (the same buffer or apart), ECB. */
// @ts-ignore: decorator
@inline function blocks(aes: bool, encrypt: bool, src: usize, dst: usize, len: i32): void {
  if (aes) {
    if (encrypt) aesEncryptBlocks(CONTEXT, src, dst, len >> 4);
    else aesDecryptBlocks(CONTEXT, src, dst, len >> 4);
  } else {
    if (encrypt) tdesEncryptBlocks(CONTEXT, src, dst, len >> 3);
    else tdesDecryptBlocks(CONTEXT, src, dst, len >> 3);
  }
}

/** Schedules the key and checks the length; 0 or a negative ErrorCode. */
// @ts-ignore: decorator
@inline function begin(aes: bool, key: usize, keyLen: i32, len: i32): i32 {
  let size: i32 = aes ? 16 : 8;
  if (len < 0 || len % size != 0) return fail(ErrorCode.CRYPTO_DATA_LENGTH, 0, 0, size, len);
  if (aes) {
    if (!aesExpandKey(CONTEXT, key, keyLen)) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
    return 0;
  }
  return tdesSetKey(CONTEXT, key, keyLen);
}

function end(): void {
  wipe(CONTEXT, CONTEXT_SIZE);
  wipe(CHAIN, 16);
  wipe(SAVED, GROUP);
}

// @ts-ignore: decorator
@inline function ecb(aes: bool, key: usize, keyLen: i32, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  let rc = begin(aes, key, keyLen, len);
  if (rc < 0) return rc;
  blocks(aes, encrypt, src, out, len);
  end();
  return 0;
}

// @ts-ignore: decorator
@inline function cbc(aes: bool, key: usize, keyLen: i32, iv: usize, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  let rc = begin(aes, key, keyLen, len);
  if (rc < 0) return rc;
  let size: i32 = aes ? 16 : 8;
  copy(CHAIN, iv, size);
  if (encrypt) {
    // C_i = E(P_i xor C_i-1), one block after the other.
    for (let at: i32 = 0; at < len; at += size) {
      xorInto(CHAIN, src + <usize>at, size);
      blocks(aes, true, CHAIN, CHAIN, size);
      copy(out + <usize>at, CHAIN, size);
    }
  } else {
    // P_i = D(C_i) xor C_i-1, a group of blocks at a time; the ciphertext is
    // saved first in case out == src.
    for (let at: i32 = 0; at < len; at += GROUP) {
      let n = min(GROUP, len - at);
      let to = out + <usize>at;
      copy(SAVED, src + <usize>at, n);
      blocks(aes, false, SAVED, to, n);
      xorInto(to, CHAIN, size);
      xorInto(to + <usize>size, SAVED, n - size);
      copy(CHAIN, SAVED + <usize>(n - size), size);
    }
  }
  end();
  return 0;
}

/** DES (8-byte key) or TDES (16/24) in ECB over `len` bytes (a multiple of 8). 0 or a negative ErrorCode. */
export function tdesEcb(key: usize, keyLen: i32, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  return ecb(false, key, keyLen, src, len, out, encrypt);
}

/** DES or TDES in CBC with the 8-byte `iv`. 0 or a negative ErrorCode. */
export function tdesCbc(key: usize, keyLen: i32, iv: usize, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  return cbc(false, key, keyLen, iv, src, len, out, encrypt);
}

/** AES-128/192/256 in ECB over `len` bytes (a multiple of 16). 0 or a negative ErrorCode. */
export function aesEcb(key: usize, keyLen: i32, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  return ecb(true, key, keyLen, src, len, out, encrypt);
}

/** AES in CBC with the 16-byte `iv`. 0 or a negative ErrorCode. */
export function aesCbc(key: usize, keyLen: i32, iv: usize, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  return cbc(true, key, keyLen, iv, src, len, out, encrypt);
}
