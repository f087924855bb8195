import { macInit, macUpdate, macFinal, macVerify, macIso9797Alg1, macIso9797Alg3, macX919, macCupEcb, MAC_CONTEXT_SIZE, MacAlgorithm } from "../../assembly/crypto/mac";
import { kcvTdes } from "../../assembly/crypto/kcv";
import { constantTimeEqual } from "../../assembly/crypto/compare";
import { wipe } from "../../assembly/crypto/wipe";
import { ErrorCode } from "../../assembly/abi";
import { cryptoSelfTest } from "../../assembly/crypto/selftest";
import { hex, ascii, buffer, toHex, toAscii } from "./crypto-helpers";

const ALL_FOR = "4E6F77206973207468652074696D6520666F7220616C6C20"; // 'Now is the time for all '
const IT = "4E6F77206973207468652074696D6520666F72206974";        // 'Now is the time for it'
const CUP_BLOGS = "02003020048000C08015000000000000001234000002030099303030303030303139353237313831383232313738373531353600192600000100060000000000435F01123238343431323334353637383930313233345F03063136303033365F04063230303832365C023031";

function alg1(key: string, padding: i32, data: string): string {
  let out = buffer(8);
  let rc = macIso9797Alg1(hex(key), key.length >> 1, padding, hex(data), data.length >> 1, out);
  return rc < 0 ? "error " + rc.toString() : toHex(out, 8);
}

function alg3(key: string, padding: i32, data: string): string {
  let out = buffer(8);
  let rc = macIso9797Alg3(hex(key), key.length >> 1, padding, hex(data), data.length >> 1, out);
  return rc < 0 ? "error " + rc.toString() : toHex(out, 8);
}

function cup(key: string, data: string): string {
  let out = buffer(8);
  let rc = macCupEcb(hex(key), key.length >> 1, hex(data), data.length >> 1, out);
  return rc < 0 ? "error " + rc.toString() : toAscii(out, 8);
}

describe("ISO 9797-1 MAC algorithm 1", () => {
  /** FIPS 113 and ISO 9797-1 Annex B.2 (single DES), truncated as published. */
  it("matches the published DES CBC-MACs", () => {
    expect(alg1("0123456789ABCDEF", 1, "37363534333231204E6F77206973207468652074696D6520666F7220")).toBe("F1D30F6849312CA4");
    expect(alg1("0123456789ABCDEF", 1, ALL_FOR)).toBe("70A30640CC76DD8B");
    expect(alg1("0123456789ABCDEF", 2, ALL_FOR).slice(0, 8)).toBe("10E1F0F1");
    expect(alg1("0123456789ABCDEF", 1, IT).slice(0, 8)).toBe("E45B3AD2");
    expect(alg1("0123456789ABCDEF", 2, IT).slice(0, 8)).toBe("A924C721");
  });

  /** Padding method 3 (length block first), ISO 9797-1 B.2 and B.4. */
  it("matches the published padding 3 MACs", () => {
    expect(alg1("0123456789ABCDEF", 3, ALL_FOR).slice(0, 8)).toBe("2C58FB8F");
    expect(alg1("0123456789ABCDEF", 3, IT).slice(0, 8)).toBe("B1ECD6FC");
    expect(alg3("0123456789ABCDEFFEDCBA9876543210", 3, ALL_FOR).slice(0, 8)).toBe("AB059463");
    expect(alg3("0123456789ABCDEFFEDCBA9876543210", 3, IT).slice(0, 8)).toBe("C59F7EED");
  });

  /** psec TDES CBC-MAC examples, padding 1 and 2. */
  it("matches the published TDES CBC-MACs", () => {
    expect(alg1("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB", 1, "68656C6C6F20776F726C64")).toBe("68D9038F23360DF3");
    expect(alg1("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB", 2, "68656C6C6F20776F726C64")).toBe("32DC341271ACCD00");
    expect(alg1("0123456789ABCDEFFEDCBA9876543210", 2, "1234567890ABCDEF")).toBe("925B1737EF681AD3");
  });

  /** A flipped key bit or data bit changes the MAC; unknown padding is refused. */
  it("changes with the key and data", () => {
    expect(alg1("0323456789ABCDEF", 1, ALL_FOR)).not.toBe("70A30640CC76DD8B");
    expect(alg1("0123456789ABCDEF", 1, "4E6F77206973207468652074696D6520666F7220616C6C21")).not.toBe("70A30640CC76DD8B");
    expect(alg1("0123456789ABCDEF", 4, ALL_FOR)).toBe("error " + ErrorCode.MAC_ALGORITHM.toString());
  });
});

describe("ISO 9797-1 MAC algorithm 3 / ANSI X9.19", () => {
  /** ISO 9797-1 Annex B.4, BouncyCastle and psec retail MAC examples. */
  it("matches the published retail MACs", () => {
    expect(alg3("0123456789ABCDEFFEDCBA9876543210", 1, ALL_FOR)).toBe("A1C72E74EA3FA9B6");
    expect(alg3("0123456789ABCDEFFEDCBA9876543210", 2, ALL_FOR).slice(0, 8)).toBe("E9086230");
    expect(alg3("0123456789ABCDEFFEDCBA9876543210", 1, IT)).toBe("2E2B1428CC78254F");
    expect(alg3("0123456789ABCDEFFEDCBA9876543210", 2, IT).slice(0, 8)).toBe("5A692CE6");
    expect(alg3("7CA110454A1A6E570131D9619DC1376E", 1, "48656C6C6F20576F726C642021212121")).toBe("F09B856213BAB83B");
    expect(alg3("41414141414141414242424242424242", 2, "68656C6C6F20776F726C64")).toBe("E16941032C3BC7D4");
    let out = buffer(8);
    expect(macX919(hex("41414141414141414242424242424242"), 16, hex("68656C6C6F20776F726C64"), 11, out)).toBe(8);
    expect(toHex(out, 8)).toBe("3DDE5C5511661CBF");
  });

  /** X9.19 takes K || K' only. */
  it("refuses other key lengths", () => {
    expect(alg3("0123456789ABCDEF", 1, ALL_FOR)).toBe("error " + ErrorCode.CRYPTO_KEY_LENGTH.toString());
  });
});

describe("China UnionPay POS ECB MAC", () => {
  /** pgate worked example (MAK 2222222222222222) and a captured message (TAK with equal halves). */
  it("matches the published field 64 values", () => {
    expect(cup("2222222222222222", "1234567890ABCDEFABCDEF1234567890")).toBe("E267B6E2");
    expect(cup("0723C80DB5F4CD3D0723C80DB5F4CD3D", CUP_BLOGS)).toBe("B3A092AE");
    expect(cup("0723C80DB5F4CD3D", CUP_BLOGS)).toBe("B3A092AE");
  });

  /** Verifying a received field 64: the published MAC passes, a flipped bit in it or in the message fails. */
  it("verifies a received MAC in constant time", () => {
    let key = hex("0723C80DB5F4CD3D0723C80DB5F4CD3D");
    let data = hex(CUP_BLOGS);
    let len = CUP_BLOGS.length >> 1;
    expect(macVerify(MacAlgorithm.CUP_ECB, key, 16, data, len, ascii("B3A092AE"), 8)).toBe(0);
    expect(macVerify(MacAlgorithm.CUP_ECB, key, 16, data, len, ascii("B3A092AF"), 8)).toBe(ErrorCode.MAC_MISMATCH);
    store<u8>(data + 5, load<u8>(data + 5) ^ 1);
    expect(macVerify(MacAlgorithm.CUP_ECB, key, 16, data, len, ascii("B3A092AE"), 8)).toBe(ErrorCode.MAC_MISMATCH);
    expect(macVerify(MacAlgorithm.ISO9797_1_ALG3_PAD1, hex("0123456789ABCDEFFEDCBA9876543210"), 16, hex(ALL_FOR), 24, hex("A1C72E74"), 4)).toBe(0);
    expect(macVerify(MacAlgorithm.ISO9797_1_ALG3_PAD1, hex("0123456789ABCDEFFEDCBA9876543210"), 16, hex(ALL_FOR), 24, hex("A1C72E74"), 3)).toBe(ErrorCode.CRYPTO_OUTPUT_LENGTH);
  });

  /** A flipped bit in the message or key gives another MAC. */
  it("changes with the data and key", () => {
    expect(cup("2222222222222222", "1234567890ABCDEFABCDEF1234567891")).not.toBe("E267B6E2");
    expect(cup("2A22222222222222", "1234567890ABCDEFABCDEF1234567890")).not.toBe("E267B6E2"); // 0x23 would flip only a parity bit
  });
});

// Module-level state for the split tests (closures cannot capture locals).
const CTX = memory.data(MAC_CONTEXT_SIZE, 16);
const MESSAGE_LEN: i32 = 37;

function macInPieces(alg: i32, key: usize, keyLen: i32, data: usize, split: i32, out: usize): i32 {
  let rc = macInit(CTX, alg, key, keyLen);
  if (rc < 0) return rc;
  macUpdate(CTX, data, split);
  macUpdate(CTX, data + <usize>split, MESSAGE_LEN - split);
  return macFinal(CTX, out);
}

describe("incremental MACs", () => {
  /** For every algorithm and every split point of a 37-byte message, two pieces give the one-piece MAC. */
  it("gives the same MAC for every split", () => {
    let key = hex("0123456789ABCDEFFEDCBA9876543210");
    let data = buffer(64);
    for (let i = 0; i < MESSAGE_LEN; i++) store<u8>(data + <usize>i, <u8>(i * 37 + 11));
    let whole = buffer(8);
    let pieces = buffer(8);
    for (let alg = MacAlgorithm.ISO9797_1_ALG1_PAD1; alg <= MacAlgorithm.CUP_ECB; alg++) {
      expect(macInPieces(alg, key, 16, data, MESSAGE_LEN, whole)).toBe(8);
      for (let split = 0; split <= MESSAGE_LEN; split++) {
        expect(macInPieces(alg, key, 16, data, split, pieces)).toBe(8);
        expect(toHex(pieces, 8)).toBe(toHex(whole, 8));
      }
    }
  });

  /** Byte at a time equals one piece, and update after final is refused. */
  it("accepts a byte at a time and refuses use after final", () => {
    let key = hex("0123456789ABCDEFFEDCBA9876543210");
    let data = hex(ALL_FOR);
    let out = buffer(8);
    expect(macInit(CTX, MacAlgorithm.ISO9797_1_ALG3_PAD1, key, 16)).toBe(0);
    for (let i = 0; i < 24; i++) macUpdate(CTX, data + <usize>i, 1);
    expect(macFinal(CTX, out)).toBe(8);
    expect(toHex(out, 8)).toBe("A1C72E74EA3FA9B6");
    expect(macUpdate(CTX, data, 1)).toBe(ErrorCode.MAC_STATE);
    expect(macFinal(CTX, out)).toBe(ErrorCode.MAC_STATE);
  });
});

describe("check values, comparison, wiping", () => {
  /** TR-31 A.7, ISO 20038 and psec classic check values. */
  it("computes TDES check values", () => {
    let out = buffer(8);
    expect(kcvTdes(hex("F039121BEC83D26B169BDCD5B22AAF8F"), 16, out, 3)).toBe(3);
    expect(toHex(out, 3)).toBe("CB9DEA");
    expect(kcvTdes(hex("777261707065642033444553206B6579"), 16, out, 3)).toBe(3);
    expect(toHex(out, 3)).toBe("B29D42");
    expect(kcvTdes(hex("0123456789ABCDEFFEDCBA9876543210"), 16, out, 2)).toBe(2);
    expect(toHex(out, 2)).toBe("08D7");
    expect(kcvTdes(hex("F039121BEC83D26B169BDCD5B22AAF8E"), 16, out, 3)).toBe(3);
    expect(toHex(out, 3)).toBe("CB9DEA"); // the flipped bit is a parity bit: same key
    expect(kcvTdes(hex("F039121BEC83D26B169BDCD5B22AAF9F"), 16, out, 3)).toBe(3);
    expect(toHex(out, 3)).not.toBe("CB9DEA");
    expect(kcvTdes(hex("F039121BEC83D26B169BDCD5B22AAF8F"), 16, out, 9)).toBe(ErrorCode.CRYPTO_OUTPUT_LENGTH);
  });

  /** Equal and unequal buffers, including a difference in the last byte only. */
  it("compares in constant time", () => {
    expect(constantTimeEqual(hex("0011223344"), hex("0011223344"), 5)).toBe(true);
    expect(constantTimeEqual(hex("0011223344"), hex("0011223345"), 5)).toBe(false);
    expect(constantTimeEqual(hex("8011223344"), hex("0011223344"), 5)).toBe(false);
    expect(constantTimeEqual(hex("8011223344"), hex("0011223344"), -1)).toBe(false);
  });

  /** wipe zeroes exactly the bytes asked for. */
  it("wipes", () => {
    let p = hex("FFFFFFFFFFFFFFFFFFFFFFFF");
    wipe(p, 11);
    expect(toHex(p, 12)).toBe("0000000000000000000000FF");
  });
});

describe("crypto power-on self test", () => {
  /** Every crypto known answer (301-313) passes; a corrupted answer table would return its number. */
  it("passes", () => {
    expect(cryptoSelfTest()).toBe(0);
  });
});
