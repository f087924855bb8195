// The DES block cipher (FIPS 46-3), the building block of TDES, the retail
// MACs, the UnionPay MAC and TDES DUKPT.
//
// Written for secret-independent timing rather than speed: no table is indexed
// by key or data in the rounds. Each S-box row (16 four-bit entries) is packed
// into one u64; a lookup loads all four rows of the box from fixed addresses,
// picks the row with masks built from the outer input bits and the entry with a
// shift by the inner bits (WebAssembly shifts take constant time). The
// permutations move bits by public positions: IP and its inverse as five
// swap-moves each; P, PC-1 and PC-2 as masked shifts, one term per shift
// distance (generated from the tables below, which stay as the reference the
// specs check the fast forms against); E as rotations. Bit numbering in the
// tables is the standard's: 1 = most significant.
//
// A key schedule is 16 round keys of 48 bits, one u64 each (128 bytes), kept
// by the caller in static memory and wiped by the caller when done.

export const DES_SCHEDULE_SIZE: i32 = 128;

// Initial permutation IP (FIPS 46-3).
@lazy const IP = memory.data<u8>([
  58, 50, 42, 34, 26, 18, 10, 2,  60, 52, 44, 36, 28, 20, 12, 4,
  62, 54, 46, 38, 30, 22, 14, 6,  64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17,  9, 1,  59, 51, 43, 35, 27, 19, 11, 3,
  61, 53, 45, 37, 29, 21, 13, 5,  63, 55, 47, 39, 31, 23, 15, 7,
]);

// Final permutation IP^-1.
@lazy const FP = memory.data<u8>([
  40, 8, 48, 16, 56, 24, 64, 32,  39, 7, 47, 15, 55, 23, 63, 31,
  38, 6, 46, 14, 54, 22, 62, 30,  37, 5, 45, 13, 53, 21, 61, 29,
  36, 4, 44, 12, 52, 20, 60, 28,  35, 3, 43, 11, 51, 19, 59, 27,
  34, 2, 42, 10, 50, 18, 58, 26,  33, 1, 41,  9, 49, 17, 57, 25,
]);

// Permutation P applied to the S-box outputs.
@lazy const P = memory.data<u8>([
  16, 7, 20, 21, 29, 12, 28, 17,  1, 15, 23, 26, 5, 18, 31, 10,
  2, 8, 24, 14, 32, 27, 3, 9,  19, 13, 30, 6, 22, 11, 4, 25,
]);

// Permuted choice 1: 56 key bits (parity bits dropped) into C and D.
@lazy const PC1 = memory.data<u8>([
  57, 49, 41, 33, 25, 17, 9,  1, 58, 50, 42, 34, 26, 18,
  10, 2, 59, 51, 43, 35, 27,  19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15,  7, 62, 54, 46, 38, 30, 22,
  14, 6, 61, 53, 45, 37, 29,  21, 13, 5, 28, 20, 12, 4,
]);

// Permuted choice 2: 48 round-key bits from C||D.
@lazy const PC2 = memory.data<u8>([
  14, 17, 11, 24, 1, 5,  3, 28, 15, 6, 21, 10,
  23, 19, 12, 4, 26, 8,  16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55,  30, 40, 51, 45, 33, 48,
  44, 49, 39, 56, 34, 53,  46, 42, 50, 36, 29, 32,
]);

// Left rotations of C and D before each round.
@lazy const SHIFTS = memory.data<u8>([1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1]);

// The eight S-boxes, row by row as printed in FIPS 46-3 (row = outer bits b1b6,
// column = inner bits b2..b5).
@lazy const SBOX = memory.data<u8>([
  // S1
  14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
  0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
  4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
  15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,
  // S2
  15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
  3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
  0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
  13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,
  // S3
  10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
  13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
  13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
  1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,
  // S4
  7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
  13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
  10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
  3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,
  // S5
  2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
  14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
  4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
  11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,
  // S6
  12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
  10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
  9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
  4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,
  // S7
  4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
  13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
  1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
  6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,
  // S8
  13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
  1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
  7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
  2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
]);

// The S-box rows packed: 32 u64 words, word 4*box + row holds column c in bits
// 4c..4c+3. Filled once from SBOX on first use (public data, public loop).
@lazy const PACKED = memory.data(32 * 8, 8);
let packed = false;

function packSboxes(): void {
  for (let w: i32 = 0; w < 32; w++) {
    let word: u64 = 0;
    for (let c: i32 = 15; c >= 0; c--) {
      word = (word << 4) | <u64>load<u8>(SBOX + <usize>(w * 16 + c));
    }
    store<u64>(PACKED + <usize>(w << 3), word);
  }
  packed = true;
}

/** Moves bits by a public table: output bit i (from the top) = input bit table[i] of `inBits`. */
export function permute(x: u64, table: usize, n: i32, inBits: i32): u64 {
  let out: u64 = 0;
  for (let i: i32 = 0; i < n; i++) {
    out = (out << 1) | ((x >> <u64>(inBits - <i32>load<u8>(table + <usize>i))) & 1);
  }
  return out;
}

/** P as masked shifts, one term per shift distance; equals permute(x, P, 32, 32). */
@inline export function permuteP(x: u32): u32 {
  return ((x >> 27) & 0x00000002)
    | ((x >> 22) & 0x00000010)
    | ((x >> 20) & 0x00000200)
    | ((x >> 19) & 0x00000004)
    | ((x >> 15) & 0x00008100)
    | ((x >> 13) & 0x00000040)
    | ((x >> 10) & 0x00004000)
    | ((x >> 8) & 0x00880000)
    | ((x >> 7) & 0x00000009)
    | ((x >> 6) & 0x00011080)
    | ((x << 3) & 0x00000020)
    | ((x << 4) & 0x00040000)
    | ((x << 5) & 0x40402400)
    | ((x << 6) & 0x04000000)
    | ((x << 9) & 0x01000000)
    | ((x << 11) & 0x00000800)
    | ((x << 12) & 0x00200000)
    | ((x << 14) & 0x00100000)
    | ((x << 15) & 0x80000000)
    | ((x << 16) & 0x00020000)
    | ((x << 17) & 0x30000000)
    | ((x << 21) & 0x02000000)
    | ((x << 24) & 0x08000000);
}

/** PC-2 of the 56-bit C||D as masked shifts; equals permute(x, PC2, 48, 56). */
@inline export function permutePC2(x: u64): u64 {
  return ((x >> 30) & 0x000001000000)
    | ((x >> 26) & 0x000000000002)
    | ((x >> 24) & 0x000000000001)
    | ((x >> 21) & 0x000010000000)
    | ((x >> 20) & 0x000100000000)
    | ((x >> 18) & 0x000042000004)
    | ((x >> 15) & 0x000000000080)
    | ((x >> 12) & 0x0A4000000000)
    | ((x >> 11) & 0x000220000000)
    | ((x >> 10) & 0x001004002010)
    | ((x >> 9) & 0x040000020000)
    | ((x >> 8) & 0x000000000200)
    | ((x >> 5) & 0x000000000020)
    | ((x >> 4) & 0x000000200000)
    | ((x >> 3) & 0x000400000008)
    | ((x >> 2) & 0x008008000000)
    | ((x >> 1) & 0x000000000800)
    | (x & 0x200000010000)
    | ((x << 1) & 0x000080100000)
    | ((x << 2) & 0x002800000000)
    | ((x << 3) & 0x000000004440)
    | ((x << 4) & 0x000000001000)
    | ((x << 5) & 0x800000000000)
    | ((x << 7) & 0x400000000000)
    | ((x << 8) & 0x000000800100)
    | ((x << 10) & 0x000000088000)
    | ((x << 12) & 0x110000000000)
    | ((x << 17) & 0x000000040000)
    | ((x << 18) & 0x000000400000);
}

/** PC-1 of the 64-bit key as masked shifts; equals permute(x, PC1, 56, 64). */
@inline export function permutePC1(x: u64): u64 {
  return ((x >> 60) & 0x00000000000001)
    | ((x >> 55) & 0x00000000000010)
    | ((x >> 51) & 0x00000000000002)
    | ((x >> 46) & 0x00000000001020)
    | ((x >> 42) & 0x00000000000004)
    | ((x >> 37) & 0x00000000102040)
    | ((x >> 33) & 0x00000000000008)
    | ((x >> 29) & 0x00000100000000)
    | ((x >> 28) & 0x00000000204080)
    | ((x >> 22) & 0x00010000000000)
    | ((x >> 20) & 0x00000200000000)
    | ((x >> 19) & 0x00000000408100)
    | ((x >> 15) & 0x01000000000000)
    | ((x >> 13) & 0x00020000000000)
    | ((x >> 11) & 0x00000400000000)
    | ((x >> 10) & 0x00000000810200)
    | ((x >> 6) & 0x02000000000000)
    | ((x >> 4) & 0x00040000000000)
    | ((x >> 2) & 0x00000800000000)
    | ((x >> 1) & 0x00000001020400)
    | (x & 0x00000010000000)
    | ((x << 3) & 0x04000000000000)
    | ((x << 5) & 0x00080000000000)
    | ((x << 7) & 0x00001000000000)
    | ((x << 8) & 0x00000002040800)
    | ((x << 9) & 0x00000020000000)
    | ((x << 12) & 0x08000000000000)
    | ((x << 14) & 0x00100000000000)
    | ((x << 16) & 0x00002000000000)
    | ((x << 17) & 0x00000004080000)
    | ((x << 18) & 0x00000040000000)
    | ((x << 21) & 0x10000000000000)
    | ((x << 23) & 0x00200000000000)
    | ((x << 25) & 0x00004000000000)
    | ((x << 26) & 0x00000008000000)
    | ((x << 27) & 0x00000080000000)
    | ((x << 30) & 0x20000000000000)
    | ((x << 32) & 0x00400000000000)
    | ((x << 34) & 0x00008000000000)
    | ((x << 39) & 0x40000000000000)
    | ((x << 41) & 0x00800000000000)
    | ((x << 48) & 0x80000000000000);
}

/** The reference tables, for the specs that check the fast forms against them. */
export function tableP(): usize { return P; }
export function tablePC2(): usize { return PC2; }
export function tableIP(): usize { return IP; }
export function tableFP(): usize { return FP; }
export function tablePC1(): usize { return PC1; }

/** IP as five swap-moves on the halves (checked against the IP table in the specs). */
@inline export function initialPermutation(x: u64): u64 {
  let l = <u32>(x >> 32), r = <u32>x, t: u32;
  t = ((l >> 4) ^ r) & 0x0F0F0F0F; r ^= t; l ^= t << 4;
  t = ((l >> 16) ^ r) & 0x0000FFFF; r ^= t; l ^= t << 16;
  t = ((r >> 2) ^ l) & 0x33333333; l ^= t; r ^= t << 2;
  t = ((r >> 8) ^ l) & 0x00FF00FF; l ^= t; r ^= t << 8;
  t = ((l >> 1) ^ r) & 0x55555555; r ^= t; l ^= t << 1;
  return (<u64>l << 32) | <u64>r;
}

/** IP^-1: the same swap-moves in reverse order (each is its own inverse). */
@inline export function finalPermutation(x: u64): u64 {
  let l = <u32>(x >> 32), r = <u32>x, t: u32;
  t = ((l >> 1) ^ r) & 0x55555555; r ^= t; l ^= t << 1;
  t = ((r >> 8) ^ l) & 0x00FF00FF; l ^= t; r ^= t << 8;
  t = ((r >> 2) ^ l) & 0x33333333; l ^= t; r ^= t << 2;
  t = ((l >> 16) ^ r) & 0x0000FFFF; r ^= t; l ^= t << 16;
  t = ((l >> 4) ^ r) & 0x0F0F0F0F; r ^= t; l ^= t << 4;
  return (<u64>l << 32) | <u64>r;
}

@inline function rotl28(x: u64, n: u64): u64 {
  return ((x << n) | (x >> (28 - n))) & 0x0FFFFFFF;
}

/** Expands the 8-byte key at `key` into 16 round keys at `schedule` (DES_SCHEDULE_SIZE bytes). Parity bits are ignored. */
export function desSchedule(key: usize, schedule: usize): void {
  if (!packed) packSboxes();
  let cd = permutePC1(bswap<u64>(load<u64>(key)));
  let c = cd >> 28;
  let d = cd & 0x0FFFFFFF;
  for (let round: i32 = 0; round < 16; round++) {
    let s = <u64>load<u8>(SHIFTS + <usize>round);
    c = rotl28(c, s);
    d = rotl28(d, s);
    store<u64>(schedule + <usize>(round << 3), permutePC2((c << 28) | d));
  }
  cd = 0; c = 0; d = 0;
}

/** The round function f(R, K): expansion, key mixing, the S-boxes (without secret indexing) and P. */
@inline function feistel(r: u32, k: u64): u32 {
  // E: eight overlapping 6-bit groups; group j is bits 4j .. 4j+5 (1-based,
  // cyclic), the top six bits of R rotated left by 4j - 1.
  let e: u64 = 0;
  for (let j: i32 = 0; j < 8; j++) {
    e = (e << 6) | <u64>(rotl<u32>(r, <u32>((4 * j - 1) & 31)) >> 26);
  }
  let x = e ^ k;
  let f: u32 = 0;
  for (let j: i32 = 0; j < 8; j++) {
    let idx = <u32>(x >> <u64>(42 - 6 * j)) & 63;
    let rows = PACKED + <usize>(j << 5);
    let r0 = load<u64>(rows), r1 = load<u64>(rows, 8), r2 = load<u64>(rows, 16), r3 = load<u64>(rows, 24);
    let b6 = <u64>0 - <u64>(idx & 1);        // outer bit b6 chooses the odd row
    let b1 = <u64>0 - <u64>((idx >> 5) & 1); // outer bit b1 chooses rows 2-3
    let low = r0 ^ ((r0 ^ r1) & b6);
    let high = r2 ^ ((r2 ^ r3) & b6);
    let row = low ^ ((low ^ high) & b1);
    f = (f << 4) | <u32>((row >> <u64>(((idx >> 1) & 15) << 2)) & 15);
  }
  return permuteP(f);
}

/**
 * Enciphers (or deciphers) the 8 bytes at `src` into `dst` (may be the same)
 * with a schedule from desSchedule.
 */
export function desBlock(schedule: usize, src: usize, dst: usize, decrypt: bool): void {
  let block = initialPermutation(bswap<u64>(load<u64>(src)));
  let l = <u32>(block >> 32);
  let r = <u32>block;
  for (let round: i32 = 0; round < 16; round++) {
    let k = load<u64>(schedule + <usize>((decrypt ? 15 - round : round) << 3));
    let t = l ^ feistel(r, k);
    l = r;
    r = t;
  }
  // The halves are swapped before the final permutation.
  block = finalPermutation((<u64>r << 32) | <u64>l);
  store<u64>(dst, bswap<u64>(block));
  l = 0; r = 0; block = 0;
}
