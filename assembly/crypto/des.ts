// The DES block cipher (FIPS 46-3), the building block of TDES, the retail
// MACs, the UnionPay MAC and TDES DUKPT.
//
// Written for secret-independent timing: no table is indexed by key or data.
// The round function does the S-boxes and P in one: each of the 32 output bits
// of f has a 64-bit constant holding that bit of its S-box for all 64 inputs,
// laid out so that rotating it right by the S-box input (a rotation by a
// variable amount takes constant time) brings the answer to the bit's place
// after P, where a fixed mask keeps it. The constants are generated from the
// standard's tables (scripts/des-rounds.mjs; tests/assembly/des-reference.ts
// holds the tables, and the specs check every S-box entry against them).
// E is a rotation of R per S-box. IP and its inverse are five swap-moves each;
// PC-1 and PC-2 masked shifts, one term per shift distance, also checked
// against the tables bit for bit.
//
// A key schedule is 16 round keys, 128 bytes, kept by the caller in static
// memory and wiped by the caller. A round key is two 32-bit words with each
// S-box's six key bits already where that S-box's six bits of R are (S-boxes
// 1, 3, 5, 7 in the low word, 2, 4, 6, 8 in the high one: within a word the
// groups do not overlap), so that E(R) xor K for an S-box is one xor per word
// and round and one rotation by a constant per S-box.

export const DES_SCHEDULE_SIZE: i32 = 128;

/** Rounds (bit i = round i + 1) before which C and D turn left by one place; two places before the others. */
const SINGLE_SHIFT_ROUNDS: u32 = 0x8103;

/** PC-2 of the 56-bit C||D as masked shifts (the specs check it against the table). */
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

/** PC-1 of the 64-bit key as masked shifts (the specs check it against the table). */
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

/** IP as five swap-moves on the halves (the specs check it against the table). */
export function initialPermutation(x: u64): u64 {
  let l = <u32>(x >> 32), r = <u32>x, t: u32;
  t = ((l >> 4) ^ r) & 0x0F0F0F0F; r ^= t; l ^= t << 4;
  t = ((l >> 16) ^ r) & 0x0000FFFF; r ^= t; l ^= t << 16;
  t = ((r >> 2) ^ l) & 0x33333333; l ^= t; r ^= t << 2;
  t = ((r >> 8) ^ l) & 0x00FF00FF; l ^= t; r ^= t << 8;
  t = ((l >> 1) ^ r) & 0x55555555; r ^= t; l ^= t << 1;
  return (<u64>l << 32) | <u64>r;
}

/** IP^-1: the same swap-moves in reverse order (each is its own inverse). */
export function finalPermutation(x: u64): u64 {
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

/**
 * A 48-bit round key (S-box 1's six bits at the top) as the two words of the
 * schedule: S-box j + 1's bits, 42 - 6j from the right, turned to 27 - 4j,
 * where E takes that S-box's bits of R from (see sboxBits).
 */
function roundKeyWords(k: u64): u64 {
  let even = rotl<u32>(<u32>(k >> 42) & 63, 27) | (<u32>(k >> 11) & 0x01F80000)
    | (<u32>(k >> 7) & 0x0001F800) | (<u32>(k >> 3) & 0x000001F8);
  let odd = (<u32>(k >> 13) & 0x1F800000) | (<u32>(k >> 9) & 0x001F8000)
    | (<u32>(k >> 5) & 0x00001F80) | rotl<u32>(<u32>k & 63, 31);
  return (<u64>odd << 32) | <u64>even;
}

/** Expands the 8-byte key at `key` into 16 round keys at `schedule` (DES_SCHEDULE_SIZE bytes). Parity bits are ignored. */
export function desSchedule(key: usize, schedule: usize): void {
  let cd = permutePC1(bswap<u64>(load<u64>(key)));
  let c = cd >> 28;
  let d = cd & 0x0FFFFFFF;
  for (let round: i32 = 0; round < 16; round++) {
    let s = <u64>(2 - ((SINGLE_SHIFT_ROUNDS >> <u32>round) & 1));
    c = rotl28(c, s);
    d = rotl28(d, s);
    store<u64>(schedule + <usize>(round << 3), roundKeyWords(permutePC2((c << 28) | d)));
  }
  cd = 0; c = 0; d = 0;
}

/**
 * XORs one S-box's four bits of f, at their places after P, into `f` (which
 * starts as L, so the round's new R needs no xor of its own). Its input x is
 * E's six bits 4j .. 4j+5 of R (cyclic) xor its key bits: `w`, S-box j + 1's
 * round key word xored into R, rotated right by `s` = 27 - 4j; only x's low
 * six bits count (the rest is other S-boxes' bits). The top input bit (b1),
 * taken from `w` directly (a step shorter than from x), picks one of each
 * bit's two 32-bit words by mask (a = the word for b1 = 0, d = the
 * difference), and a 32-bit rotation by x, which uses only x's low five bits,
 * brings the answer to its place. Only 32-bit rotations take a secret amount:
 * a 64-bit one by a variable amount is branchy code on 32-bit targets
 * (Thumb-1, i386), a 32-bit one is one instruction everywhere.
 */
// @ts-ignore: decorator
@inline function sboxBits(f: u32, w: u32, s: u32, a0: u32, d0: u32, a1: u32, d1: u32, a2: u32, d2: u32, a3: u32, d3: u32, p0: u32, p1: u32, p2: u32, p3: u32): u32 {
  let x = rotr<u32>(w, s);
  let m = <u32>(<i32>(w << ((26 - s) & 31)) >> 31);
  f ^= rotr<u32>(a0 ^ (d0 & m), x) & (<u32>1 << p0);
  f ^= rotr<u32>(a1 ^ (d1 & m), x) & (<u32>1 << p1);
  f ^= rotr<u32>(a2 ^ (d2 & m), x) & (<u32>1 << p2);
  return f ^ (rotr<u32>(a3 ^ (d3 & m), x) & (<u32>1 << p3));
}

// ---- generated by scripts/des-rounds.mjs from FIPS 46-3 P and S1..S8: do not edit ----
/** L xor f(R, K), f = P(S(E(R) xor K)), for the round key `k` (S-boxes 1, 3, 5, 7's word low, see desSchedule); per S-box its key word and the rotation that brings its six bits of R to the bottom, per output bit its two words (see sboxBits), then the four places. */
// @ts-ignore: decorator
@inline function feistel(l: u32, r: u32, k: u64): u32 {
  let even = r ^ <u32>k;
  let odd = r ^ <u32>(k >> 32);
  let f = l;
  f = sboxBits(f, even, 27,
    0x0CC3733B, 0xB1803D9F,
    0x135EA4BC, 0xD0D37CDF,
    0x3E3E52C1, 0xED97768E,
    0xDF0368F0, 0xFDF4BAFD,
    23, 15, 9, 1);
  f = sboxBits(f, odd, 23,
    0x32CB4E1D, 0xF9BC42AD,
    0x346C3E99, 0xBBFFFFFF,
    0xD8A527F0, 0xC5BF852D,
    0x45A3EE19, 0x93175D51,
    19, 4, 30, 14);
  f = sboxBits(f, even, 19,
    0x9C90D36B, 0xF5BDBAFD,
    0x794A26F4, 0xFF7FFF9E,
    0xE70ADD24, 0x3DEC8515,
    0x6AA5955A, 0xE78BA32B,
    8, 16, 2, 26);
  f = sboxBits(f, odd, 15,
    0x64160FBB, 0xD4EFC9DF,
    0xA0E9774C, 0x37F1BBFA,
    0x9C5A4B33, 0x3FB17F76,
    0xE1A4CC73, 0xE57F727E,
    6, 12, 22, 31);
  f = sboxBits(f, even, 11,
    0x8E79E134, 0xE43B7CF9,
    0xAE5A4599, 0xDCDFE0F7,
    0x782E95C9, 0xFDB276AA,
    0x096ED729, 0x5DF765F3,
    24, 18, 7, 29);
  f = sboxBits(f, odd, 7,
    0xBC9A4695, 0xE7DEEDFC,
    0xAF34D348, 0x9BFD15FE,
    0xDB4DB242, 0xFCC7EB3E,
    0x94698F87, 0xF922BD33,
    28, 3, 21, 13);
  f = sboxBits(f, even, 3,
    0x2C96D966, 0xBE51B89E,
    0x3C399E64, 0xAA51F7A9,
    0x2E07D279, 0x79D7BBD3,
    0x4C92F2D3, 0xBEFBEFFF,
    0, 20, 10, 25);
  f = sboxBits(f, odd, 31,
    0xC9C638B5, 0xEFCDED5C,
    0x2D54AD2B, 0x04867B0C,
    0x7E1991E2, 0xCF56DFCE,
    0xE3E15B0C, 0xF7EF37F7,
    27, 5, 17, 11);
  return f;
}
// ---- end of generated code ----

/** The round function alone, for the specs: f(R, K) for the round key (two words, see desSchedule) at `k`. */
export function desRoundFunction(r: u32, k: usize): u32 {
  return feistel(0, r, load<u64>(k));
}

/**
 * The 16 rounds on the halves after IP, `block` = L << 32 | R; returns the
 * pre-output R16 << 32 | L16, which is also what the next DES of a TDES
 * chain would have after its IP (IP and IP^-1 cancel between them).
 */
export function desRounds(schedule: usize, block: u64, decrypt: bool): u64 {
  let l = <u32>(block >> 32);
  let r = <u32>block;
  // The round keys from the first on, or from the last back; two rounds a pass, so
  // that the halves take turns instead of swapping. One load per round, not one per
  // S-box: each memory access of the translated C is bounds-checked.
  let k = schedule + (decrypt ? 120 : 0);
  let step: isize = decrypt ? -8 : 8;
  for (let pass: i32 = 0; pass < 8; pass++) {
    l = feistel(l, r, load<u64>(k));
    r = feistel(r, l, load<u64>(k + step));
    k += step << 1;
  }
  return (<u64>r << 32) | <u64>l;
}

/**
 * desRounds on two blocks at once, in place at `pair` (two u64, each L << 32 |
 * R): the rounds of one fill the other's waits (each round of one block is a
 * chain from R to the next R).
 */
export function desRoundsPair(schedule: usize, pair: usize, decrypt: bool): void {
  let a = load<u64>(pair);
  let b = load<u64>(pair, 8);
  let l = <u32>(a >> 32), r = <u32>a;
  let l2 = <u32>(b >> 32), r2 = <u32>b;
  let k = schedule + (decrypt ? 120 : 0);
  let step: isize = decrypt ? -8 : 8;
  for (let pass: i32 = 0; pass < 8; pass++) {
    let k1 = load<u64>(k);
    l = feistel(l, r, k1);
    l2 = feistel(l2, r2, k1);
    let k2 = load<u64>(k + step);
    r = feistel(r, l, k2);
    r2 = feistel(r2, l2, k2);
    k += step << 1;
  }
  store<u64>(pair, (<u64>r << 32) | <u64>l);
  store<u64>(pair, (<u64>r2 << 32) | <u64>l2, 8);
}

/**
 * Enciphers (or deciphers) the 8 bytes at `src` into `dst` (may be the same)
 * with a schedule from desSchedule.
 */
export function desBlock(schedule: usize, src: usize, dst: usize, decrypt: bool): void {
  let block = desRounds(schedule, initialPermutation(bswap<u64>(load<u64>(src))), decrypt);
  store<u64>(dst, bswap<u64>(finalPermutation(block)));
  block = 0;
}
