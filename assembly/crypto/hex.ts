// Upper-case hex expansion of bytes into ASCII, as the UnionPay MAC (and the
// check-value displays) need it. Indexing the digit table by a MAC byte is
// avoided: the digit is computed with a mask, so timing does not follow the value.

const CHAR_0: u32 = 0x30;
const CHAR_A_MINUS_10: u32 = 0x41 - 10;

/** ASCII '0'-'9' or 'A'-'F' for a nibble, without a branch or a table. */
@inline export function hexDigit(n: u32): u32 {
  let letter = <u32>0 - ((9 - n) >> 31); // all ones when n > 9
  return (CHAR_0 + n) ^ (((CHAR_0 + n) ^ (CHAR_A_MINUS_10 + n)) & letter);
}

/** Writes 2 * n ASCII hex digits for the n bytes at `src` to `dst`. */
export function hexExpand(src: usize, n: i32, dst: usize): void {
  for (let i: i32 = 0; i < n; i++) {
    let b = <u32>load<u8>(src + <usize>i);
    store<u8>(dst + <usize>(2 * i), <u8>hexDigit(b >> 4));
    store<u8>(dst + <usize>(2 * i + 1), <u8>hexDigit(b & 15));
  }
}
