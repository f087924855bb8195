// CMAC (NIST SP 800-38B; RFC 4493 for AES) over AES (16-byte blocks) or TDES
// (8-byte blocks), and the AES key check value of ANSI X9.24-3 / X9.143: the
// first bytes of CMAC_key(16 zero bytes).
//
// Subkeys: L = E_K(0); K1 = L << 1 (xor Rb when the top bit was set); K2 = K1
// << 1 likewise; Rb = 0x87 for 128-bit blocks, 0x1B for 64-bit. The last block
// is xored with K1 when complete, else padded 10..0 and xored with K2.
import { ErrorCode, fail } from "../abi";
import { AES_CONTEXT_SIZE, aesExpandKey, aesEncryptBlock } from "./aes";
import { TDES_CONTEXT_SIZE, tdesSetKey, tdesEncryptBlock } from "./tdes";
import { wipe } from "./wipe";

export const enum CmacCipher {
  TDES = 1,
  AES = 2,
}

const CONTEXT_SIZE: i32 = TDES_CONTEXT_SIZE > AES_CONTEXT_SIZE ? TDES_CONTEXT_SIZE : AES_CONTEXT_SIZE;
@lazy const CONTEXT = memory.data(CONTEXT_SIZE, 16);
@lazy const SUBKEY = memory.data(16, 8);
@lazy const CHAIN = memory.data(16, 8);
@lazy const LAST = memory.data(16, 8);

function encrypt(aes: bool, block: usize): void {
  if (aes) aesEncryptBlock(CONTEXT, block, block);
  else tdesEncryptBlock(CONTEXT, block, block);
}

/** Doubles the `size`-byte big-endian value at SUBKEY in GF(2^n), without a branch on its top bit. */
function double(size: i32, rb: u32): void {
  let carry = <u32>load<u8>(SUBKEY) >> 7;
  for (let i: i32 = 0; i < size - 1; i++) {
    let at = SUBKEY + <usize>i;
    store<u8>(at, <u8>((<u32>load<u8>(at) << 1) | (<u32>load<u8>(at + 1) >> 7)));
  }
  let last = SUBKEY + <usize>(size - 1);
  store<u8>(last, <u8>((<u32>load<u8>(last) << 1) ^ (rb & (0 - carry))));
}

/**
 * CMAC of `len` bytes at `data` into `out` (the full block: 16 bytes for AES,
 * 8 for TDES; truncate as the protocol says). Key lengths: AES 16/24/32, TDES
 * 16/24 (8 = single DES). Returns the block size or a negative ErrorCode.
 */
export function cmac(cipher: i32, key: usize, keyLen: i32, data: usize, len: i32, out: usize): i32 {
  if (cipher != CmacCipher.TDES && cipher != CmacCipher.AES) return fail(ErrorCode.MAC_ALGORITHM, 0, 0, CmacCipher.AES, cipher);
  if (len < 0) return fail(ErrorCode.CRYPTO_DATA_LENGTH, 0, 0, 0, len);
  let aes = cipher == CmacCipher.AES;
  let size: i32 = aes ? 16 : 8;
  if (aes) {
    if (!aesExpandKey(CONTEXT, key, keyLen)) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
  } else {
    let rc = tdesSetKey(CONTEXT, key, keyLen);
    if (rc < 0) return rc;
  }
  let rb: u32 = aes ? 0x87 : 0x1B;
  store<u64>(SUBKEY, 0);
  store<u64>(SUBKEY + 8, 0);
  encrypt(aes, SUBKEY);
  double(size, rb); // K1
  let complete = len > 0 && len % size == 0;
  if (!complete) double(size, rb); // K2
  // Every block but the last is chained as CBC-MAC.
  let lastAt = complete ? len - size : len - len % size;
  store<u64>(CHAIN, 0);
  store<u64>(CHAIN + 8, 0);
  for (let at: i32 = 0; at < lastAt; at += size) {
    for (let i: i32 = 0; i < size; i++) {
      store<u8>(CHAIN + <usize>i, load<u8>(CHAIN + <usize>i) ^ load<u8>(data + <usize>(at + i)));
    }
    encrypt(aes, CHAIN);
  }
  store<u64>(LAST, 0);
  store<u64>(LAST + 8, 0);
  let rest = len - lastAt;
  for (let i: i32 = 0; i < rest; i++) store<u8>(LAST + <usize>i, load<u8>(data + <usize>(lastAt + i)));
  if (!complete) store<u8>(LAST + <usize>rest, 0x80);
  for (let i: i32 = 0; i < size; i++) {
    let at = <usize>i;
    store<u8>(CHAIN + at, load<u8>(CHAIN + at) ^ load<u8>(LAST + at) ^ load<u8>(SUBKEY + at));
  }
  encrypt(aes, CHAIN);
  for (let i: i32 = 0; i < size; i++) store<u8>(out + <usize>i, load<u8>(CHAIN + <usize>i));
  wipe(CONTEXT, CONTEXT_SIZE);
  wipe(SUBKEY, 16);
  wipe(CHAIN, 16);
  wipe(LAST, 16);
  return size;
}

@lazy const ZERO_BLOCK = memory.data(16, 8);
@lazy const KCV_BLOCK = memory.data(16, 8);

/** AES key check value: the first `n` (1..16) bytes of CMAC_key(16 zero bytes); X9.24-3 prints 5. Returns n or an ErrorCode. */
export function kcvAes(key: usize, keyLen: i32, out: usize, n: i32): i32 {
  if (n < 1 || n > 16) return fail(ErrorCode.CRYPTO_OUTPUT_LENGTH, 0, 0, 5, n);
  let rc = cmac(CmacCipher.AES, key, keyLen, ZERO_BLOCK, 16, KCV_BLOCK);
  if (rc < 0) return rc;
  for (let i: i32 = 0; i < n; i++) store<u8>(out + <usize>i, load<u8>(KCV_BLOCK + <usize>i));
  wipe(KCV_BLOCK, 16);
  return n;
}
