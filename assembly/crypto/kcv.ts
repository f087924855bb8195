// Key check values: a short fingerprint that proves two parties hold the same
// key without revealing it.
// - Classic (TDES, and the UnionPay field 62 check values): the first bytes of
//   E_key(zero block); ANSI X9.24-1 prints 3 bytes, the UnionPay downloads 4.
// - AES (ANSI X9.24-3 / X9.143): the first 5 bytes of CMAC_key(zero block),
//   computed in cmac.ts.
import { ErrorCode, fail } from "../abi";
import { TDES_CONTEXT_SIZE, tdesSetKey, tdesEncryptBlock } from "./tdes";
import { wipe } from "./wipe";

@lazy const CONTEXT = memory.data(TDES_CONTEXT_SIZE, 16);
@lazy const BLOCK = memory.data(8, 8);

/** Writes the first `n` (1..8) bytes of E_key(00..00) to `out`. Returns n or a negative ErrorCode. */
export function kcvTdes(key: usize, keyLen: i32, out: usize, n: i32): i32 {
  if (n < 1 || n > 8) return fail(ErrorCode.CRYPTO_OUTPUT_LENGTH, 0, 0, 3, n);
  let rc = tdesSetKey(CONTEXT, key, keyLen);
  if (rc < 0) return rc;
  store<u64>(BLOCK, 0);
  tdesEncryptBlock(CONTEXT, BLOCK, BLOCK);
  for (let i: i32 = 0; i < n; i++) store<u8>(out + <usize>i, load<u8>(BLOCK + <usize>i));
  wipe(CONTEXT, TDES_CONTEXT_SIZE);
  store<u64>(BLOCK, 0);
  return n;
}
