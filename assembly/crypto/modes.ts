// ECB and CBC (NIST SP 800-38A) over TDES (8-byte blocks) and AES (16-byte
// blocks), whole blocks only: payment messages pad before they encipher, and
// the padding rule belongs to the caller (ISO 9797-1, field 62 layouts, DUKPT).
//
// Each call schedules the key into one static context, runs, and wipes the
// context and the chaining block before it returns. `src` and `out` may be the
// same buffer.
import { ErrorCode, fail } from "../abi";
import { TDES_CONTEXT_SIZE, tdesSetKey, tdesEncryptBlock, tdesDecryptBlock } from "./tdes";
import { AES_CONTEXT_SIZE, aesExpandKey, aesEncryptBlock, aesDecryptBlock } from "./aes";
import { wipe } from "./wipe";

@lazy const CONTEXT = memory.data(TDES_CONTEXT_SIZE > AES_CONTEXT_SIZE ? TDES_CONTEXT_SIZE : AES_CONTEXT_SIZE, 16);
@lazy const CHAIN = memory.data(16, 8);
@lazy const SAVED = memory.data(16, 8);

function xorInto(dst: usize, src: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i++) store<u8>(dst + <usize>i, load<u8>(dst + <usize>i) ^ load<u8>(src + <usize>i));
}

function copy(dst: usize, src: usize, n: i32): void {
  for (let i: i32 = 0; i < n; i++) store<u8>(dst + <usize>i, load<u8>(src + <usize>i));
}

function block(aes: bool, encrypt: bool, src: usize, dst: usize): void {
  if (aes) {
    if (encrypt) aesEncryptBlock(CONTEXT, src, dst);
    else aesDecryptBlock(CONTEXT, src, dst);
  } else {
    if (encrypt) tdesEncryptBlock(CONTEXT, src, dst);
    else tdesDecryptBlock(CONTEXT, src, dst);
  }
}

/** Schedules the key and checks the length; 0 or a negative ErrorCode. */
function begin(aes: bool, key: usize, keyLen: i32, len: i32): i32 {
  let size: i32 = aes ? 16 : 8;
  if (len < 0 || len % size != 0) return fail(ErrorCode.CRYPTO_DATA_LENGTH, 0, 0, size, len);
  if (aes) {
    if (!aesExpandKey(CONTEXT, key, keyLen)) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
    return 0;
  }
  return tdesSetKey(CONTEXT, key, keyLen);
}

function end(): void {
  wipe(CONTEXT, TDES_CONTEXT_SIZE > AES_CONTEXT_SIZE ? TDES_CONTEXT_SIZE : AES_CONTEXT_SIZE);
  wipe(CHAIN, 16);
  wipe(SAVED, 16);
}

function ecb(aes: bool, key: usize, keyLen: i32, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  let rc = begin(aes, key, keyLen, len);
  if (rc < 0) return rc;
  let size: i32 = aes ? 16 : 8;
  for (let at: i32 = 0; at < len; at += size) block(aes, encrypt, src + <usize>at, out + <usize>at);
  end();
  return 0;
}

function cbc(aes: bool, key: usize, keyLen: i32, iv: usize, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  let rc = begin(aes, key, keyLen, len);
  if (rc < 0) return rc;
  let size: i32 = aes ? 16 : 8;
  copy(CHAIN, iv, size);
  for (let at: i32 = 0; at < len; at += size) {
    let from = src + <usize>at;
    let to = out + <usize>at;
    if (encrypt) {
      // C_i = E(P_i xor C_{i-1})
      copy(SAVED, from, size);
      xorInto(SAVED, CHAIN, size);
      block(aes, true, SAVED, to);
      copy(CHAIN, to, size);
    } else {
      // P_i = D(C_i) xor C_{i-1}; C_i is saved first in case out == src.
      copy(SAVED, from, size);
      block(aes, false, SAVED, to);
      xorInto(to, CHAIN, size);
      copy(CHAIN, SAVED, size);
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
