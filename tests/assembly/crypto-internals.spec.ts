// The fast forms inside the block ciphers against the standards' own tables:
// every DES S-box entry through the generated round function, the DES
// permutations bit for bit, the bitsliced AES S-box and its inverse on all 256
// inputs, and AES and TDES many blocks at a time against one block at a time.
import {
  permutePC1, permutePC2, initialPermutation, finalPermutation, desRoundFunction,
} from "../../assembly/crypto/des";
import { permute, referenceF, IP, FP, PC1, PC2 } from "./des-reference";
import { subBytesPlanes, invSubBytesPlanes, aesExpandKey, aesEncryptBlock, aesDecryptBlock, AES_CONTEXT_SIZE } from "../../assembly/crypto/aes";
import { SBOX, INV_SBOX } from "./aes-reference";
import { aesEcb, aesCbc, tdesEcb, tdesCbc } from "../../assembly/crypto/modes";
import { TDES_CONTEXT_SIZE, tdesSetKey, tdesEncryptBlock, tdesDecryptBlock } from "../../assembly/crypto/tdes";
import { hex, buffer, toHex } from "./crypto-helpers";

let seed: u64 = 0x9E3779B97F4A7C15;
function nextRandom(): u64 {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

/** The 48-bit round key of the round key at `key` (desSchedule's layout: S-box j + 1's six bits at 27 - 4j of word j & 1). */
function roundKey48(key: usize): u64 {
  let k: u64 = 0;
  for (let j = 0; j < 8; j++) k = (k << 6) | <u64>(rotr<u32>(load<u32>(key + <usize>((j & 1) << 2)), 27 - 4 * j) & 63);
  return k;
}

describe("DES internals", () => {
  /** The fast forms of IP, IP^-1, PC-1 and PC-2 equal the FIPS 46-3 tables bit for bit on 2000 random inputs and on every single bit. */
  it("permutations equal the standard's tables", () => {
    for (let i = 0; i < 2000 + 64; i++) {
      let x = i < 64 ? (<u64>1 << <u64>i) : nextRandom();
      expect(initialPermutation(x)).toBe(permute(x, IP, 64, 64));
      expect(finalPermutation(x)).toBe(permute(x, FP, 64, 64));
      expect(finalPermutation(initialPermutation(x))).toBe(x);
      let cd = x & 0x00FFFFFFFFFFFFFF;
      expect(permutePC2(cd)).toBe(permute(cd, PC2, 48, 56));
      expect(permutePC1(x)).toBe(permute(x, PC1, 56, 64));
    }
  });

  /** Every one of the 8 x 64 S-box entries, each alone in the key with R = 0, gives the textbook f = P(S(E(R) xor K)); so do 2000 random R and keys. */
  it("the round function equals P(S(E(R) xor K)) for every S-box entry", () => {
    let key = buffer(8);
    for (let j = 0; j < 8; j++) {
      for (let x = 0; x < 64; x++) {
        store<u64>(key, 0);
        store<u32>(key + <usize>((j & 1) << 2), rotl<u32>(<u32>x, 27 - 4 * j));
        expect(desRoundFunction(0, key)).toBe(referenceF(0, roundKey48(key)));
      }
    }
    for (let i = 0; i < 2000; i++) {
      store<u64>(key, nextRandom());
      let r = <u32>nextRandom();
      expect(desRoundFunction(r, key)).toBe(referenceF(r, roundKey48(key)));
    }
  });
});

let planes = buffer(64);

/** Runs the bitsliced S-box (or its inverse) on inputs base .. base + 63, one per lane, and checks each lane against `table`. */
function checkSbox(base: i32, inverse: bool, table: usize): void {
  for (let b = 0; b < 8; b++) {
    let plane: u64 = 0;
    for (let lane = 0; lane < 64; lane++) plane |= <u64>(((base + lane) >> b) & 1) << <u64>lane;
    store<u64>(planes + <usize>(b << 3), plane);
  }
  if (inverse) invSubBytesPlanes(planes);
  else subBytesPlanes(planes);
  for (let lane = 0; lane < 64; lane++) {
    let out = 0;
    for (let b = 0; b < 8; b++) out |= <i32>((load<u64>(planes + <usize>(b << 3)) >> <u64>lane) & 1) << b;
    expect(out).toBe(<i32>load<u8>(table + <usize>(base + lane)));
  }
}

let ctx = buffer(AES_CONTEXT_SIZE);
let data = buffer(16 * 9);
let single = buffer(16 * 9);
let many = buffer(16 * 9);
let tdesCtx = buffer(TDES_CONTEXT_SIZE);

describe("TDES internals", () => {
  /**
   * ECB and CBC decryption go two blocks at a time: for a DES, a 2-key and a 3-key TDES key,
   * 1 to 9 blocks in one call (pairs and a last single, in place) equal the same blocks one at
   * a time both ways, and CBC deciphers 9 blocks in place across its groups.
   */
  it("two blocks at a time equal one at a time", () => {
    let key = hex("0123456789ABCDEFFEDCBA987654321089ABCDEF01234567");
    let iv = hex("F0E0D0C0B0A09080");
    for (let keyLen = 8; keyLen <= 24; keyLen += 8) {
      tdesSetKey(tdesCtx, key, keyLen);
      for (let n = 1; n <= 9; n++) {
        let len = n * 8;
        for (let i = 0; i < len; i += 8) store<u64>(data + <usize>i, nextRandom());
        for (let i = 0; i < len; i += 8) tdesEncryptBlock(tdesCtx, data + <usize>i, single + <usize>i);
        for (let i = 0; i < len; i += 8) store<u64>(many + <usize>i, load<u64>(data + <usize>i));
        expect(tdesEcb(key, keyLen, many, len, many, true)).toBe(0);
        expect(toHex(many, len)).toBe(toHex(single, len));
        for (let i = 0; i < len; i += 8) tdesDecryptBlock(tdesCtx, single + <usize>i, single + <usize>i);
        expect(tdesEcb(key, keyLen, many, len, many, false)).toBe(0);
        expect(toHex(many, len)).toBe(toHex(data, len));
        expect(toHex(single, len)).toBe(toHex(data, len));
      }
      expect(tdesCbc(key, keyLen, iv, data, 72, many, true)).toBe(0);
      for (let i = 0; i < 72; i += 8) {
        tdesDecryptBlock(tdesCtx, many + <usize>i, single + <usize>i);
        store<u64>(single + <usize>i, load<u64>(single + <usize>i) ^ load<u64>(i == 0 ? iv : many + <usize>(i - 8)));
      }
      expect(toHex(single, 72)).toBe(toHex(data, 72));
      expect(tdesCbc(key, keyLen, iv, many, 72, many, false)).toBe(0);
      expect(toHex(many, 72)).toBe(toHex(data, 72));
    }
  });
});

describe("AES internals", () => {
  /** The Boyar-Peralta circuit and the inverse built from it equal FIPS 197's S-box and inverse S-box on all 256 inputs. */
  it("the bitsliced S-boxes equal FIPS 197's tables", () => {
    for (let base = 0; base < 256; base += 64) {
      checkSbox(base, false, SBOX);
      checkSbox(base, true, INV_SBOX);
    }
  });

  /** 1 to 9 blocks in one call (whole and partial groups of four, in place) equal the same blocks one at a time, both ways. */
  it("many blocks at a time equal one at a time", () => {
    let key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
    aesExpandKey(ctx, key, 16);
    for (let n = 1; n <= 9; n++) {
      let len = n * 16;
      for (let i = 0; i < len; i += 8) store<u64>(data + <usize>i, nextRandom());
      for (let i = 0; i < len; i += 16) aesEncryptBlock(ctx, data + <usize>i, single + <usize>i);
      for (let i = 0; i < len; i++) store<u8>(many + <usize>i, load<u8>(data + <usize>i));
      expect(aesEcb(key, 16, many, len, many, true)).toBe(0);
      expect(toHex(many, len)).toBe(toHex(single, len));
      for (let i = 0; i < len; i += 16) aesDecryptBlock(ctx, single + <usize>i, single + <usize>i);
      expect(aesEcb(key, 16, many, len, many, false)).toBe(0);
      expect(toHex(many, len)).toBe(toHex(data, len));
      expect(toHex(single, len)).toBe(toHex(data, len));
    }
  });

  /** CBC deciphers four blocks at a time: in place over 9 blocks it still chains each block to the ciphertext before it. */
  it("CBC decrypts in place across groups", () => {
    let key = hex("000102030405060708090A0B0C0D0E0F");
    let iv = hex("F0E0D0C0B0A090807060504030201000");
    for (let i = 0; i < 16 * 9; i += 8) store<u64>(data + <usize>i, nextRandom());
    expect(aesCbc(key, 16, iv, data, 16 * 9, many, true)).toBe(0);
    // The chaining by hand from single-block ECB decryptions.
    aesExpandKey(ctx, key, 16);
    for (let i = 0; i < 16 * 9; i += 16) {
      aesDecryptBlock(ctx, many + <usize>i, single + <usize>i);
      let prev = i == 0 ? iv : many + <usize>(i - 16);
      store<u64>(single + <usize>i, load<u64>(single + <usize>i) ^ load<u64>(prev));
      store<u64>(single + <usize>i, load<u64>(single + <usize>i, 8) ^ load<u64>(prev, 8), 8);
    }
    expect(toHex(single, 16 * 9)).toBe(toHex(data, 16 * 9));
    expect(aesCbc(key, 16, iv, many, 16 * 9, many, false)).toBe(0);
    expect(toHex(many, 16 * 9)).toBe(toHex(data, 16 * 9));
  });
});
