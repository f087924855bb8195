// The fast forms inside the block ciphers against the standards' own tables:
// the bitsliced AES S-box and its inverse on all 256 inputs, and AES many
// blocks at a time against one block at a time.
import { subBytesPlanes, invSubBytesPlanes, aesExpandKey, aesEncryptBlock, aesDecryptBlock, AES_CONTEXT_SIZE } from "../../assembly/crypto/aes";
import { SBOX, INV_SBOX } from "./aes-reference";
import { aesEcb, aesCbc } from "../../assembly/crypto/modes";
import { hex, buffer, toHex } from "./crypto-helpers";

let seed: u64 = 0x9E3779B97F4A7C15;
function nextRandom(): u64 {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

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
