import { tdesEcb, tdesCbc, aesEcb, aesCbc } from "../../assembly/crypto/modes";
import { ErrorCode } from "../../assembly/abi";
import { hex, buffer, toHex } from "./crypto-helpers";

function ecbHex(key: string, data: string, encrypt: bool): string {
  let out = buffer(data.length >> 1);
  let rc = tdesEcb(hex(key), key.length >> 1, hex(data), data.length >> 1, out, encrypt);
  return rc < 0 ? "error " + rc.toString() : toHex(out, data.length >> 1);
}

function aesEcbHex(key: string, data: string, encrypt: bool): string {
  let out = buffer(data.length >> 1);
  let rc = aesEcb(hex(key), key.length >> 1, hex(data), data.length >> 1, out, encrypt);
  return rc < 0 ? "error " + rc.toString() : toHex(out, data.length >> 1);
}

describe("DES and TDES", () => {
  /** FIPS 81 Appendix B: DES ECB of 'Now is the time for all ' under 0123456789ABCDEF, both ways. */
  it("matches FIPS 81 ECB", () => {
    expect(ecbHex("0123456789ABCDEF", "4E6F77206973207468652074696D6520666F7220616C6C20", true))
      .toBe("3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53");
    expect(ecbHex("0123456789ABCDEF", "3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53", false))
      .toBe("4E6F77206973207468652074696D6520666F7220616C6C20");
    // One flipped key bit (not a parity bit) changes the ciphertext.
    expect(ecbHex("0323456789ABCDEF", "4E6F77206973207468652074696D6520666F7220616C6C20", true))
      .not.toBe("3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53");
  });

  /** SP 800-67: three-key TDES ECB. */
  it("matches SP 800-67 TDES", () => {
    expect(ecbHex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123", "54686520717566636B2062726F776E20666F78206A756D70", true))
      .toBe("A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900");
    expect(ecbHex("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123", "A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900", false))
      .toBe("54686520717566636B2062726F776E20666F78206A756D70");
  });

  /** FIPS 81 CBC with IV 1234567890ABCDEF, and back. */
  it("matches FIPS 81 CBC", () => {
    let out = buffer(24);
    expect(tdesCbc(hex("0123456789ABCDEF"), 8, hex("1234567890ABCDEF"), hex("4E6F77206973207468652074696D6520666F7220616C6C20"), 24, out, true)).toBe(0);
    expect(toHex(out, 24)).toBe("E5C7CDDE872BF27C43E934008C389C0F683788499A7C05F6");
    expect(tdesCbc(hex("0123456789ABCDEF"), 8, hex("1234567890ABCDEF"), out, 24, out, false)).toBe(0);
    expect(toHex(out, 24)).toBe("4E6F77206973207468652074696D6520666F7220616C6C20");
  });

  /** Lengths that are not whole blocks and keys of the wrong size are refused. */
  it("refuses bad lengths", () => {
    expect(tdesEcb(hex("0123456789ABCDEF"), 8, hex("00"), 7, buffer(8), true)).toBe(ErrorCode.CRYPTO_DATA_LENGTH);
    expect(tdesEcb(hex("0123456789ABCDEF"), 12, hex("00"), 8, buffer(8), true)).toBe(ErrorCode.CRYPTO_KEY_LENGTH);
    expect(tdesEcb(hex("0123456789ABCDEF"), 8, hex("00"), -8, buffer(8), true)).toBe(ErrorCode.CRYPTO_DATA_LENGTH);
  });
});

describe("AES", () => {
  /** FIPS 197 Appendix C.1, both ways. */
  it("matches FIPS 197", () => {
    expect(aesEcbHex("000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", true)).toBe("69C4E0D86A7B0430D8CDB78070B4C55A");
    expect(aesEcbHex("000102030405060708090A0B0C0D0E0F", "69C4E0D86A7B0430D8CDB78070B4C55A", false)).toBe("00112233445566778899AABBCCDDEEFF");
    expect(aesEcbHex("000102030405060708090A0B0C0D0E0E", "00112233445566778899AABBCCDDEEFF", true)).not.toBe("69C4E0D86A7B0430D8CDB78070B4C55A");
  });

  /** FIPS 197 Appendix C.2 and C.3: AES-192 and AES-256. */
  it("matches FIPS 197 for 192- and 256-bit keys", () => {
    expect(aesEcbHex("000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF", true)).toBe("DDA97CA4864CDFE06EAF70A0EC0D7191");
    expect(aesEcbHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF", true)).toBe("8EA2B7CA516745BFEAFC49904B496089");
    expect(aesEcbHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "8EA2B7CA516745BFEAFC49904B496089", false)).toBe("00112233445566778899AABBCCDDEEFF");
  });

  /** SP 800-38A F.2.1 CBC-AES128 encrypt, and decrypt in place. */
  it("matches SP 800-38A CBC", () => {
    let out = buffer(64);
    let pt = "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";
    expect(aesCbc(hex("2B7E151628AED2A6ABF7158809CF4F3C"), 16, hex("000102030405060708090A0B0C0D0E0F"), hex(pt), 64, out, true)).toBe(0);
    expect(toHex(out, 64)).toBe("7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B273BED6B8E3C1743B7116E69E222295163FF1CAA1681FAC09120ECA307586E1A7");
    expect(aesCbc(hex("2B7E151628AED2A6ABF7158809CF4F3C"), 16, hex("000102030405060708090A0B0C0D0E0F"), out, 64, out, false)).toBe(0);
    expect(toHex(out, 64)).toBe(pt);
    expect(aesCbc(hex("2B7E151628AED2A6ABF7158809CF4F3C"), 16, hex("00"), out, 8, out, false)).toBe(ErrorCode.CRYPTO_DATA_LENGTH);
  });
});
