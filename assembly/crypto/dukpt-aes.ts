// AES DUKPT key derivation, ANSI X9.24-3:2017 (host side and tools).
//
//   KSN  12 bytes: initial key id (8: BDK id 4 + derivation id 4) | counter (4)
//   Every derived key is AES-ECB under the parent key of 16-byte derivation
//   data, one block per 128 bits of the derived key:
//     [0] version 01  [1] block counter 01, 02  [2-3] key usage  [4-5] algorithm
//     [6-7] length in bits  [8-15] initial key id (initial key only), or
//     [8-11] derivation id + [12-15] the counter (every other key)
//   key usage: 8001 initial key, 8000 derivation key, 1000 PIN encryption,
//     2000 MAC generation, 3000 data encryption (encrypt)
//   algorithm: 0002 AES-128, 0003 AES-192, 0004 AES-256
//   IK = derive(BDK, 8001); the derivation key for a counter walks the counter's
//   bits from the top, deriving (8000) at each set bit with the counter so far;
//   a working key is derived from it with the full counter.
import { ErrorCode, fail } from "../abi";
import { AES_CONTEXT_SIZE, aesExpandKey, aesEncryptBlock } from "./aes";
import { DukptUsage } from "./dukpt-tdes";
import { wipe } from "./wipe";

export const AES_KSN_LENGTH: i32 = 12;
export const AES_IKID_LENGTH: i32 = 8;

const USAGE_INITIAL_KEY: u32 = 0x8001;
const USAGE_DERIVATION_KEY: u32 = 0x8000;
const USAGE_PIN: u32 = 0x1000;
const USAGE_MAC_GENERATION: u32 = 0x2000;
const USAGE_DATA_ENCRYPT: u32 = 0x3000;

@lazy const CONTEXT = memory.data(AES_CONTEXT_SIZE, 16);
@lazy const DATA = memory.data(16, 8);
@lazy const KEY = memory.data(32, 8);
@lazy const DERIVED = memory.data(32, 8);

/** X9.24-3 algorithm code for an AES key length (16/24/32). */
@inline function algorithmFor(keyLen: i32): u32 {
  return <u32>(keyLen == 16 ? 2 : keyLen == 24 ? 3 : 4);
}

function derivationData(usage: u32, keyLen: i32, ikid: usize, counter: u32): void {
  let bits = <u32>(keyLen * 8);
  store<u8>(DATA, 0x01);
  store<u8>(DATA + 1, 0x01);
  store<u16>(DATA + 2, bswap<u16>(<u16>usage));
  store<u16>(DATA + 4, bswap<u16>(<u16>algorithmFor(keyLen)));
  store<u16>(DATA + 6, bswap<u16>(<u16>bits));
  if (usage == USAGE_INITIAL_KEY) {
    store<u64>(DATA + 8, load<u64>(ikid));
  } else {
    store<u32>(DATA + 8, load<u32>(ikid + 4));
    store<u32>(DATA + 12, bswap<u32>(counter));
  }
}

/** DERIVED = the first `outLen` bytes of AES_KEY(DATA with block counter 1, 2). KEY holds `keyLen` bytes. */
function derive(keyLen: i32, outLen: i32): void {
  aesExpandKey(CONTEXT, KEY, keyLen);
  for (let block: i32 = 0; block * 16 < outLen; block++) {
    store<u8>(DATA + 1, <u8>(block + 1));
    aesEncryptBlock(CONTEXT, DATA, DERIVED + <usize>(block << 4));
  }
  wipe(CONTEXT, AES_CONTEXT_SIZE);
}

function setKey(src: usize, len: i32): void {
  for (let i: i32 = 0; i < len; i++) store<u8>(KEY + <usize>i, load<u8>(src + <usize>i));
}

function cleanUp(): void {
  wipe(KEY, 32);
  wipe(DERIVED, 32);
  wipe(DATA, 16);
}

function emit(out: usize, len: i32): i32 {
  for (let i: i32 = 0; i < len; i++) store<u8>(out + <usize>i, load<u8>(DERIVED + <usize>i));
  cleanUp();
  return len;
}

/** Leaves the derivation key for the KSN's counter in KEY (bdkLen bytes); 0 or an ErrorCode. */
function derivationKey(bdk: usize, bdkLen: i32, ksn: usize): i32 {
  if (bdkLen != 16 && bdkLen != 24 && bdkLen != 32) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, bdkLen);
  // Any counter is derived: a terminal never uses one with more than 16 one
  // bits, but the published supplement derives such keys too (0001FFFF).
  let counter = bswap<u32>(load<u32>(ksn + 8));
  setKey(bdk, bdkLen);
  derivationData(USAGE_INITIAL_KEY, bdkLen, ksn, 0);
  derive(bdkLen, bdkLen);
  setKey(DERIVED, bdkLen);
  let working: u32 = 0;
  for (let mask: u32 = 0x80000000; mask != 0; mask >>= 1) {
    if (counter & mask) {
      working |= mask;
      derivationData(USAGE_DERIVATION_KEY, bdkLen, ksn, working);
      derive(bdkLen, bdkLen);
      setKey(DERIVED, bdkLen);
    }
  }
  return 0;
}

/** The initial key (IK) for a BDK and an 8-byte initial key id. Returns its length or an ErrorCode. */
export function aesDukptInitialKey(bdk: usize, bdkLen: i32, ikid: usize, out: usize): i32 {
  if (bdkLen != 16 && bdkLen != 24 && bdkLen != 32) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, bdkLen);
  setKey(bdk, bdkLen);
  derivationData(USAGE_INITIAL_KEY, bdkLen, ikid, 0);
  derive(bdkLen, bdkLen);
  return emit(out, bdkLen);
}

/** The intermediate derivation key for a 12-byte KSN. Returns its length (the BDK's) or an ErrorCode. */
export function aesDukptDerivationKey(bdk: usize, bdkLen: i32, ksn: usize, out: usize): i32 {
  let rc = derivationKey(bdk, bdkLen, ksn);
  if (rc < 0) {
    cleanUp();
    return rc;
  }
  for (let i: i32 = 0; i < bdkLen; i++) store<u8>(DERIVED + <usize>i, load<u8>(KEY + <usize>i));
  return emit(out, bdkLen);
}

/**
 * A working key for a 12-byte KSN: usage PIN, MAC_REQUEST (= MAC generation)
 * or DATA_REQUEST (= data encryption), of `keyLen` bytes (16 = AES-128, 24, 32).
 * Returns keyLen or an ErrorCode.
 */
export function aesDukptWorkingKey(bdk: usize, bdkLen: i32, ksn: usize, usage: i32, keyLen: i32, out: usize): i32 {
  let code: u32;
  switch (usage) {
    case DukptUsage.PIN: code = USAGE_PIN; break;
    case DukptUsage.MAC_REQUEST: code = USAGE_MAC_GENERATION; break;
    case DukptUsage.DATA_REQUEST: code = USAGE_DATA_ENCRYPT; break;
    default: return fail(ErrorCode.DUKPT_USAGE, 0, 0, DukptUsage.PIN, usage);
  }
  if (keyLen != 16 && keyLen != 24 && keyLen != 32) return fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
  let rc = derivationKey(bdk, bdkLen, ksn);
  if (rc < 0) {
    cleanUp();
    return rc;
  }
  let counter = bswap<u32>(load<u32>(ksn + 8));
  derivationData(code, keyLen, ksn, counter);
  derive(bdkLen, keyLen);
  return emit(out, keyLen);
}
