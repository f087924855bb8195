// The AES block cipher (FIPS 197) for 128-, 192- and 256-bit keys: PIN block
// format 4, AES-CMAC, AES key check values, AES DUKPT and bulk ECB/CBC.
//
// Bitsliced, so that nothing is looked up by key or data: up to four blocks
// are processed together as eight 64-bit bit planes, plane b holding bit b of
// all 64 bytes, and every step is a fixed sequence of AND, XOR, shifts and
// rotations by constants. Byte (4c + r) of block k (row r, column c) sits at
// bit 16r + 4c + k of each plane, so a row is one 16-bit group: ShiftRows
// rotates within the groups, and MixColumns reaches the next row by rotating
// the whole plane by 16. SubBytes is the Boyar-Peralta circuit (J. Boyar,
// R. Peralta, "A new combinational logic minimization technique with
// applications to cryptology", SEA 2010; 32 AND and 83 XOR/XNOR as written
// here), its inverse the same circuit between two inverse affine maps. One block costs
// what four cost, so bulk ECB and CBC decryption go four blocks at a time.
//
// A context is the round count (u32, padded to 16 bytes) followed by one
// 16-byte round key per round in "compressed" plane form (see
// compressRoundKey); the caller keeps it in static memory and wipes it.

export const AES_CONTEXT_SIZE: i32 = 16 + 240;

/** Blocks processed together. */
export const AES_LANES: i32 = 4;

/** The eight bit planes of the state (plane b at byte 8b). */
@lazy const PLANES = memory.data(64, 8);

const LOW_NIBBLES: u64 = 0x0F0F0F0F0F0F0F0F;
const EVEN_BYTES: u64 = 0x00FF00FF00FF00FF;
const EVEN_HALVES: u64 = 0x0000FFFF0000FFFF;
/** The lane of block 0 of each byte position. */
const LANE_0: u64 = 0x1111111111111111;

// ---- between bytes and planes ------------------------------------------------

/** Moves the four bytes of `x` to the even bytes of a u64. */
function spreadBytes(x: u32): u64 {
  let y = <u64>x;
  y = (y | (y << 16)) & EVEN_HALVES;
  return (y | (y << 8)) & EVEN_BYTES;
}

/** The inverse of spreadBytes: the even bytes of `y` as a u32. */
function gatherBytes(y: u64): u32 {
  y &= EVEN_BYTES;
  y = (y | (y >> 8)) & EVEN_HALVES;
  return <u32>(y | (y >> 16));
}

/**
 * Transposes, for each of the 8 byte positions, the 8x8 bit matrix formed by
 * that byte of the eight words at `q`: afterwards bit i of byte p of word b is
 * what bit b of byte p of word i was. Three rounds of swap-moves, exchanging
 * 1, 2 then 4 bits between words 1, 2 then 4 apart. Its own inverse.
 */
function transpose(q: usize): void {
  for (let d: usize = 1; d < 8; d <<= 1) {
    // The low d bits of every 2d: 0x55.., 0x33.., 0x0F..
    let mask = <u64>-1 / ((<u64>1 << <u64>d) + 1);
    for (let i: usize = 0; i < 8; i++) {
      if (i & d) continue;
      let a = q + (i << 3), b = q + ((i + d) << 3);
      let t = ((load<u64>(a) >> <u64>d) ^ load<u64>(b)) & mask;
      store<u64>(b, load<u64>(b) ^ t);
      store<u64>(a, load<u64>(a) ^ (t << <u64>d));
    }
  }
}

/**
 * Loads `n` (1..4) blocks from `src` into the planes (missing blocks are zero).
 * Word 4e + k gets block k's columns e and e + 2, byte by byte interleaved, so
 * that the transposition puts byte (row r, column c) at bit 16r + 4c + k.
 */
function loadBlocks(src: usize, n: i32): void {
  for (let k: i32 = 0; k < AES_LANES; k++) {
    let low: u64 = 0, high: u64 = 0;
    if (k < n) {
      low = load<u64>(src + <usize>(k << 4));
      high = load<u64>(src + <usize>(k << 4), 8);
    }
    store<u64>(PLANES + <usize>(k << 3), spreadBytes(<u32>low) | (spreadBytes(<u32>high) << 8));
    store<u64>(PLANES + <usize>(k << 3), spreadBytes(<u32>(low >> 32)) | (spreadBytes(<u32>(high >> 32)) << 8), 32);
  }
  transpose(PLANES);
}

/** Stores the first `n` blocks of the planes to `dst` (the inverse of loadBlocks). */
function storeBlocks(dst: usize, n: i32): void {
  transpose(PLANES);
  for (let k: i32 = 0; k < n; k++) {
    let even = load<u64>(PLANES + <usize>(k << 3));
    let odd = load<u64>(PLANES + <usize>(k << 3), 32);
    store<u64>(dst + <usize>(k << 4), <u64>gatherBytes(even) | (<u64>gatherBytes(odd) << 32));
    store<u64>(dst + <usize>(k << 4), <u64>gatherBytes(even >> 8) | (<u64>gatherBytes(odd >> 8) << 32), 8);
  }
}

function wipePlanes(): void {
  for (let b: usize = 0; b < 64; b += 8) store<u64>(PLANES + b, 0);
}

// ---- the round steps on the planes ---------------------------------------------

/** The S-box on every lane of the eight planes at `q` (Boyar-Peralta; U0 is bit 7). */
export function subBytesPlanes(q: usize): void {
  let u0 = load<u64>(q, 56), u1 = load<u64>(q, 48), u2 = load<u64>(q, 40), u3 = load<u64>(q, 32);
  let u4 = load<u64>(q, 24), u5 = load<u64>(q, 16), u6 = load<u64>(q, 8), u7 = load<u64>(q);
  // Top linear layer.
  let y14 = u3 ^ u5, y13 = u0 ^ u6, y9 = u0 ^ u3, y8 = u0 ^ u5;
  let t0 = u1 ^ u2;
  let y1 = t0 ^ u7, y4 = y1 ^ u3, y12 = y13 ^ y14, y2 = y1 ^ u0, y5 = y1 ^ u6, y3 = y5 ^ y8;
  let t1 = u4 ^ y12;
  let y15 = t1 ^ u5, y20 = t1 ^ u1, y6 = y15 ^ u7, y10 = y15 ^ t0, y11 = y20 ^ y9, y7 = u7 ^ y11;
  let y17 = y10 ^ y11, y19 = y10 ^ y8, y16 = t0 ^ y11, y21 = y13 ^ y16, y18 = u0 ^ y16;
  // Shared non-linear middle: inversion in GF(2^4) pairs.
  let t2 = y12 & y15, t3 = y3 & y6, t4 = t3 ^ t2, t5 = y4 & u7, t6 = t5 ^ t2;
  let t7 = y13 & y16, t8 = y5 & y1, t9 = t8 ^ t7, t10 = y2 & y7, t11 = t10 ^ t7;
  let t12 = y9 & y11, t13 = y14 & y17, t14 = t13 ^ t12, t15 = y8 & y10, t16 = t15 ^ t12;
  let t17 = t4 ^ t14, t18 = t6 ^ t16, t19 = t9 ^ t14, t20 = t11 ^ t16;
  let t21 = t17 ^ y20, t22 = t18 ^ y19, t23 = t19 ^ y21, t24 = t20 ^ y18;
  let t25 = t21 ^ t22, t26 = t21 & t23, t27 = t24 ^ t26, t28 = t25 & t27, t29 = t28 ^ t22;
  let t30 = t23 ^ t24, t31 = t22 ^ t26, t32 = t31 & t30, t33 = t32 ^ t24, t34 = t23 ^ t33;
  let t35 = t27 ^ t33, t36 = t24 & t35, t37 = t36 ^ t34, t38 = t27 ^ t36, t39 = t29 & t38;
  let t40 = t25 ^ t39, t41 = t40 ^ t37, t42 = t29 ^ t33, t43 = t29 ^ t40, t44 = t33 ^ t37, t45 = t42 ^ t41;
  let z0 = t44 & y15, z1 = t37 & y6, z2 = t33 & u7, z3 = t43 & y16, z4 = t40 & y1, z5 = t29 & y7;
  let z6 = t42 & y11, z7 = t45 & y17, z8 = t41 & y10, z9 = t44 & y12, z10 = t37 & y3, z11 = t33 & y4;
  let z12 = t43 & y13, z13 = t40 & y5, z14 = t29 & y2, z15 = t42 & y9, z16 = t45 & y14, z17 = t41 & y8;
  // Bottom linear layer (with the affine constant as the complements).
  let t46 = z15 ^ z16, t47 = z10 ^ z11, t48 = z5 ^ z13, t49 = z9 ^ z10, t50 = z2 ^ z12;
  let t51 = z2 ^ z5, t52 = z7 ^ z8, t53 = z0 ^ z3, t54 = z6 ^ z7, t55 = z16 ^ z17;
  let t56 = z12 ^ t48, t57 = t50 ^ t53, t58 = z4 ^ t46, t59 = z3 ^ t54, t60 = t46 ^ t57;
  let t61 = z14 ^ t57, t62 = t52 ^ t58, t63 = t49 ^ t58, t64 = z4 ^ t59, t65 = t61 ^ t62, t66 = z1 ^ t63;
  let s0 = t59 ^ t63, s6 = t56 ^ ~t62, s7 = t48 ^ ~t60, t67 = t64 ^ t65;
  let s3 = t53 ^ t66, s4 = t51 ^ t66, s5 = t47 ^ t65, s1 = t64 ^ ~s3, s2 = t55 ^ ~t67;
  store<u64>(q, s0, 56); store<u64>(q, s1, 48); store<u64>(q, s2, 40); store<u64>(q, s3, 32);
  store<u64>(q, s4, 24); store<u64>(q, s5, 16); store<u64>(q, s6, 8); store<u64>(q, s7);
}

/**
 * The inverse affine map of FIPS 197 5.3.2 (bit i = bits i+2, i+5, i+7, xor
 * 0x05) on the planes at `q`. InvSubBytes = this, SubBytes, this again: the
 * S-box is A(inv(x)) + 0x63, so inv(z) = invAffine(S(z)) and the inverse S-box
 * inv(invAffine(y)) = invAffine(S(invAffine(y))).
 */
function invAffine(q: usize): void {
  let x0 = load<u64>(q), x1 = load<u64>(q, 8), x2 = load<u64>(q, 16), x3 = load<u64>(q, 24);
  let x4 = load<u64>(q, 32), x5 = load<u64>(q, 40), x6 = load<u64>(q, 48), x7 = load<u64>(q, 56);
  store<u64>(q, ~(x2 ^ x5 ^ x7));
  store<u64>(q, x3 ^ x6 ^ x0, 8);
  store<u64>(q, ~(x4 ^ x7 ^ x1), 16);
  store<u64>(q, x5 ^ x0 ^ x2, 24);
  store<u64>(q, x6 ^ x1 ^ x3, 32);
  store<u64>(q, x7 ^ x2 ^ x4, 40);
  store<u64>(q, x0 ^ x3 ^ x5, 48);
  store<u64>(q, x1 ^ x4 ^ x6, 56);
}

/** The inverse S-box on every lane of the planes at `q`. */
export function invSubBytesPlanes(q: usize): void {
  invAffine(q);
  subBytesPlanes(q);
  invAffine(q);
}

/** Row r moves left by r columns: a rotation right by 4r within its 16-bit group. */
function shiftRows(): void {
  for (let b: usize = 0; b < 64; b += 8) {
    let x = load<u64>(PLANES + b);
    store<u64>(PLANES + b, (x & 0x000000000000FFFF)
      | ((x & 0x00000000FFF00000) >> 4) | ((x & 0x00000000000F0000) << 12)
      | ((x & 0x0000FF0000000000) >> 8) | ((x & 0x000000FF00000000) << 8)
      | ((x & 0xF000000000000000) >> 12) | ((x & 0x0FFF000000000000) << 4));
  }
}

/** Row r moves right by r columns. */
function invShiftRows(): void {
  for (let b: usize = 0; b < 64; b += 8) {
    let x = load<u64>(PLANES + b);
    store<u64>(PLANES + b, (x & 0x000000000000FFFF)
      | ((x & 0x000000000FFF0000) << 4) | ((x & 0x00000000F0000000) >> 12)
      | ((x & 0x0000FF0000000000) >> 8) | ((x & 0x000000FF00000000) << 8)
      | ((x & 0xFFF0000000000000) >> 4) | ((x & 0x000F000000000000) << 12));
  }
}

/**
 * out_r = 2(a_r + a_r+1) + a_r+1 + a_r+2 + a_r+3. Rotating a plane by 16 brings
 * row r+1 to row r, by 32 row r+2; doubling moves plane b to b+1 and folds
 * plane 7 into planes 0, 1, 3, 4 (the polynomial 0x11B).
 */
function mixColumns(): void {
  let q = PLANES;
  let q0 = load<u64>(q), q1 = load<u64>(q, 8), q2 = load<u64>(q, 16), q3 = load<u64>(q, 24);
  let q4 = load<u64>(q, 32), q5 = load<u64>(q, 40), q6 = load<u64>(q, 48), q7 = load<u64>(q, 56);
  let r0 = rotr<u64>(q0, 16), r1 = rotr<u64>(q1, 16), r2 = rotr<u64>(q2, 16), r3 = rotr<u64>(q3, 16);
  let r4 = rotr<u64>(q4, 16), r5 = rotr<u64>(q5, 16), r6 = rotr<u64>(q6, 16), r7 = rotr<u64>(q7, 16);
  let s0 = q0 ^ r0, s1 = q1 ^ r1, s2 = q2 ^ r2, s3 = q3 ^ r3, s4 = q4 ^ r4, s5 = q5 ^ r5, s6 = q6 ^ r6, s7 = q7 ^ r7;
  store<u64>(q, s7 ^ r0 ^ rotr<u64>(s0, 32));
  store<u64>(q, s0 ^ s7 ^ r1 ^ rotr<u64>(s1, 32), 8);
  store<u64>(q, s1 ^ r2 ^ rotr<u64>(s2, 32), 16);
  store<u64>(q, s2 ^ s7 ^ r3 ^ rotr<u64>(s3, 32), 24);
  store<u64>(q, s3 ^ s7 ^ r4 ^ rotr<u64>(s4, 32), 32);
  store<u64>(q, s4 ^ r5 ^ rotr<u64>(s5, 32), 40);
  store<u64>(q, s5 ^ r6 ^ rotr<u64>(s6, 32), 48);
  store<u64>(q, s6 ^ r7 ^ rotr<u64>(s7, 32), 56);
}

/**
 * InvMixColumns = MixColumns after a_r += 4(a_r + a_r+2) (The Design of
 * Rijndael, 4.1.3). Multiplying by 4 moves plane b to b+2 and folds planes 6
 * and 7 back by 0x1B and 0x36.
 */
function invMixColumns(): void {
  let q = PLANES;
  let t0 = load<u64>(q), t1 = load<u64>(q, 8), t2 = load<u64>(q, 16), t3 = load<u64>(q, 24);
  let t4 = load<u64>(q, 32), t5 = load<u64>(q, 40), t6 = load<u64>(q, 48), t7 = load<u64>(q, 56);
  t0 ^= rotr<u64>(t0, 32); t1 ^= rotr<u64>(t1, 32); t2 ^= rotr<u64>(t2, 32); t3 ^= rotr<u64>(t3, 32);
  t4 ^= rotr<u64>(t4, 32); t5 ^= rotr<u64>(t5, 32); t6 ^= rotr<u64>(t6, 32); t7 ^= rotr<u64>(t7, 32);
  store<u64>(q, load<u64>(q) ^ t6);
  store<u64>(q, load<u64>(q, 8) ^ t6 ^ t7, 8);
  store<u64>(q, load<u64>(q, 16) ^ t0 ^ t7, 16);
  store<u64>(q, load<u64>(q, 24) ^ t1 ^ t6, 24);
  store<u64>(q, load<u64>(q, 32) ^ t2 ^ t6 ^ t7, 32);
  store<u64>(q, load<u64>(q, 40) ^ t3 ^ t7, 40);
  store<u64>(q, load<u64>(q, 48) ^ t4, 48);
  store<u64>(q, load<u64>(q, 56) ^ t5, 56);
  mixColumns();
}

/** XORs the compressed round key at `rk` into every block's lanes. */
function addRoundKey(rk: usize): void {
  let low = load<u64>(rk), high = load<u64>(rk, 8);
  for (let b: usize = 0; b < 4; b++) {
    let l = (low >> <u64>b) & LANE_0;
    let h = (high >> <u64>b) & LANE_0;
    store<u64>(PLANES + (b << 3), load<u64>(PLANES + (b << 3)) ^ ((l << 4) - l));
    store<u64>(PLANES + (b << 3), load<u64>(PLANES + (b << 3), 32) ^ ((h << 4) - h), 32);
  }
}

// ---- the key schedule --------------------------------------------------------------

/** SubWord: the S-box on the four bytes of `w`, as lanes 0, 8, 16, 24 of the planes. */
function subWord(w: u32): u32 {
  let x = <u64>w;
  for (let b: usize = 0; b < 8; b++) store<u64>(PLANES + (b << 3), (x >> <u64>b) & 0x01010101);
  subBytesPlanes(PLANES);
  let out: u64 = 0;
  for (let b: usize = 0; b < 8; b++) out |= (load<u64>(PLANES + (b << 3)) & 0x01010101) << <u64>b;
  return <u32>out;
}

/** The nibble in the low half of each byte of `x`, packed into the low 32 bits in byte order. */
function packNibbles(x: u64): u64 {
  x = (x | (x >> 4)) & EVEN_BYTES;
  x = (x | (x >> 8)) & EVEN_HALVES;
  return (x | (x >> 16)) & 0xFFFFFFFF;
}

/** Transposes a 4x4 matrix of nibbles (nibble 4i + j to 4j + i): swap the off-diagonal 2x2 blocks, then within each. */
// @ts-ignore: decorator
@inline function transposeNibbles(x: u64): u64 {
  let t = ((x >> 24) ^ x) & 0x00000000FF00FF00;
  x ^= t ^ (t << 24);
  t = ((x >> 12) ^ x) & 0x0000F0F00000F0F0;
  return x ^ t ^ (t << 12);
}

/**
 * Rewrites the 16-byte round key at `rk` in place as two words whose bit
 * 16r + 4c + b is bit b (low word) or b + 4 (high word) of key byte 4c + r:
 * lane 0 of planes 0-3 and 4-7, spread to all lanes by addRoundKey.
 */
function compressRoundKey(rk: usize): void {
  let a = load<u64>(rk), b = load<u64>(rk, 8);
  let low = packNibbles(a & LOW_NIBBLES) | (packNibbles(b & LOW_NIBBLES) << 32);
  let high = packNibbles((a >> 4) & LOW_NIBBLES) | (packNibbles((b >> 4) & LOW_NIBBLES) << 32);
  store<u64>(rk, transposeNibbles(low));
  store<u64>(rk, transposeNibbles(high), 8);
}

/** Expands a 16-, 24- or 32-byte key into `ctx` (AES_CONTEXT_SIZE bytes). False for any other length. */
export function aesExpandKey(ctx: usize, key: usize, keyLen: i32): bool {
  if (keyLen != 16 && keyLen != 24 && keyLen != 32) return false;
  let nk = keyLen >> 2;
  let rounds = nk + 6;
  store<u32>(ctx, <u32>rounds);
  let w = ctx + 16;
  for (let i: i32 = 0; i < nk; i++) store<u32>(w + <usize>(i << 2), load<u32>(key + <usize>(i << 2)));
  let rcon: u32 = 1;
  let words = 4 * (rounds + 1);
  for (let i: i32 = nk; i < words; i++) {
    let t = load<u32>(w + <usize>((i - 1) << 2));
    if (i % nk == 0) {
      // RotWord (byte 0 is the low byte), SubWord, then the round constant.
      t = subWord(rotr<u32>(t, 8)) ^ rcon;
      rcon = ((rcon << 1) ^ (0x1B & (0 - (rcon >> 7)))) & 0xFF;
    } else if (nk > 6 && i % nk == 4) {
      t = subWord(t);
    }
    store<u32>(w + <usize>(i << 2), load<u32>(w + <usize>((i - nk) << 2)) ^ t);
  }
  for (let r: i32 = 0; r <= rounds; r++) compressRoundKey(w + <usize>(r << 4));
  wipePlanes();
  return true;
}

// ---- whole blocks ------------------------------------------------------------------

function encryptPlanes(ctx: usize, rounds: i32): void {
  let rk = ctx + 16;
  addRoundKey(rk);
  for (let round: i32 = 1; round < rounds; round++) {
    subBytesPlanes(PLANES);
    shiftRows();
    mixColumns();
    addRoundKey(rk + <usize>(round << 4));
  }
  subBytesPlanes(PLANES);
  shiftRows();
  addRoundKey(rk + <usize>(rounds << 4));
}

function decryptPlanes(ctx: usize, rounds: i32): void {
  let rk = ctx + 16;
  addRoundKey(rk + <usize>(rounds << 4));
  for (let round: i32 = rounds - 1; round > 0; round--) {
    invShiftRows();
    invSubBytesPlanes(PLANES);
    addRoundKey(rk + <usize>(round << 4));
    invMixColumns();
  }
  invShiftRows();
  invSubBytesPlanes(PLANES);
  addRoundKey(rk);
}

/**
 * Enciphers (or deciphers) the `n` 16-byte blocks at `src` into `dst`, four at
 * a time, under an expanded key. `dst` may equal `src` (not overlap otherwise).
 * Inlined into each direction's export with `decrypt` fixed, so that a module
 * that only enciphers (the terminal: CMAC) carries none of the inverse steps.
 */
// @ts-ignore: decorator
@inline function crypt(ctx: usize, src: usize, dst: usize, n: i32, decrypt: bool): void {
  const rounds = <i32>load<u32>(ctx);
  for (let at: i32 = 0; at < n; at += AES_LANES) {
    const count = min(n - at, AES_LANES);
    loadBlocks(src + <usize>(at << 4), count);
    if (decrypt) decryptPlanes(ctx, rounds);
    else encryptPlanes(ctx, rounds);
    storeBlocks(dst + <usize>(at << 4), count);
  }
  wipePlanes();
}

/** Enciphers `n` blocks (ECB) from `src` to `dst` (the same buffer or apart). */
export function aesEncryptBlocks(ctx: usize, src: usize, dst: usize, n: i32): void {
  crypt(ctx, src, dst, n, false);
}

/** Deciphers `n` blocks (ECB) from `src` to `dst` (the same buffer or apart). */
export function aesDecryptBlocks(ctx: usize, src: usize, dst: usize, n: i32): void {
  crypt(ctx, src, dst, n, true);
}

/** Enciphers the 16 bytes at `src` into `dst` (may be the same) under an expanded key. */
export function aesEncryptBlock(ctx: usize, src: usize, dst: usize): void {
  aesEncryptBlocks(ctx, src, dst, 1);
}

/** Deciphers the 16 bytes at `src` into `dst` (may be the same) under an expanded key. */
export function aesDecryptBlock(ctx: usize, src: usize, dst: usize): void {
  aesDecryptBlocks(ctx, src, dst, 1);
}
