// ISO 9564-1 format 4 (AES) PIN block encipherment:
//   block = E_K( E_K(plain-text PIN field) xor PAN field )
// and its inverse, the plain-text PIN field = D_K( D_K(block) xor PAN field ).
// The two fields are built in pinblock.ts; the key is AES-128/192/256.
import { ErrorCode, fail } from "../abi";
import { AES_CONTEXT_SIZE, aesExpandKey, aesEncryptBlock, aesDecryptBlock } from "./aes";
import { pinBlockEncode, pinBlockDecode, panField4 } from "./pinblock";
import { wipe } from "./wipe";

@lazy const CONTEXT = memory.data(AES_CONTEXT_SIZE, 16);
@lazy const FIELD = memory.data(16, 8);
@lazy const PAN_FIELD = memory.data(16, 8);

/** FIELD ^= PAN_FIELD (the step between the two encipherments). */
function xorPanField(): void {
  store<u64>(FIELD, load<u64>(FIELD) ^ load<u64>(PAN_FIELD));
  store<u64>(FIELD + 8, load<u64>(FIELD + 8) ^ load<u64>(PAN_FIELD + 8));
}

function cleanUp(): void {
  wipe(CONTEXT, AES_CONTEXT_SIZE);
  wipe(FIELD, 16);
  wipe(PAN_FIELD, 16);
}

/**
 * Builds and enciphers a format 4 PIN block into the 16 bytes at `out`.
 * `random` is the 8 random bytes of the PIN field (from the host).
 * Returns 16 or a negative ErrorCode.
 */
export function pinBlock4Encipher(key: usize, keyLen: i32, pin: usize, pinLen: i32, pan: usize, panLen: i32, random: usize, out: usize): i32 {
  let rc = panField4(pan, panLen, PAN_FIELD);
  if (rc >= 0) rc = pinBlockEncode(4, pin, pinLen, pan, panLen, random, FIELD);
  if (rc >= 0 && !aesExpandKey(CONTEXT, key, keyLen)) rc = fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
  if (rc >= 0) {
    aesEncryptBlock(CONTEXT, FIELD, FIELD);
    xorPanField();
    aesEncryptBlock(CONTEXT, FIELD, out);
    rc = 16;
  }
  cleanUp();
  return rc;
}

/**
 * Deciphers the format 4 PIN block at `block` for `pan` and writes the PIN
 * (ASCII digits) to `out`. Returns the PIN length or a negative ErrorCode; a
 * wrong key or PAN shows as a bad control nibble, length, digit or fill.
 */
export function pinBlock4Decipher(key: usize, keyLen: i32, block: usize, pan: usize, panLen: i32, out: usize): i32 {
  let rc = panField4(pan, panLen, PAN_FIELD);
  if (rc >= 0 && !aesExpandKey(CONTEXT, key, keyLen)) rc = fail(ErrorCode.CRYPTO_KEY_LENGTH, 0, 0, 16, keyLen);
  if (rc >= 0) {
    aesDecryptBlock(CONTEXT, block, FIELD);
    xorPanField();
    aesDecryptBlock(CONTEXT, FIELD, FIELD);
    rc = pinBlockDecode(4, FIELD, pan, panLen, out);
  }
  cleanUp();
  return rc;
}
