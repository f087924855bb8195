// Every encoding and length type, bitmap edge cases (fields 1, 64, 65, 128 and
// the tertiary bitmap), fields at their maximum and one over, and each error,
// in ascii87, bin87 and a custom dialect table that uses the encodings the
// shipped dialects do not (binary and EBCDIC prefixes, EBCDIC data, LLLL,
// byte-counting BCD with F padding, tertiary bitmaps).
import { ErrorCode, getErrorField, getErrorOffset } from "../../assembly/abi";
import { Dialect, FieldSet, FIELD_BITMAP, FIELD_TPDU, FIELD_HEADER, pack, unpack, macRegionOffset, macRegionLength } from "../../assembly/iso8583/api";
import {
  DIALECT_CUSTOM, setCustomDialect, MAX_FIELD,
  FIXED, LL, LLL, LLLL, LEN_ASCII, LEN_BCD, LEN_BINARY, LEN_EBCDIC,
  N, AN, ANS, B, Z, DATA_ASCII, DATA_BCD, DATA_BINARY, DATA_EBCDIC,
  COUNT_BYTES, PAD_F, SECONDARY, TERTIARY,
} from "../../assembly/iso8583/spec";
import { hexIn as hexAt, hexOf, textIn as textAt, textOf } from "./hex";

const BUF = 4096;
const IN: usize = memory.data(BUF);
const OUT: usize = memory.data(BUF);
const CUSTOM: usize = memory.data((MAX_FIELD + 1) * 8);
const fields = new FieldSet();
const back = new FieldSet();

function hexIn(text: string, at: usize = IN): i32 { return hexAt(text, at); }
function textIn(text: string, at: usize = IN): i32 { return textAt(text, at); }





function value(set: FieldSet, field: i32): string {
  return textOf(set.ptr(field), set.length(field));
}

/** Packs `fields` in `dialect` and returns the message as text (ASCII dialects). */
function packText(dialect: i32): string {
  const n = pack(dialect, fields, OUT, BUF);
  expect(n).toBeGreaterThan(0);
  return textOf(OUT, n);
}

/** Unpacks the text in `dialect` into `back`: the result code. */
function unpackText(dialect: i32, text: string): i32 {
  return unpack(dialect, IN, textIn(text), back);
}

function row(field: i32, w0: u16, w1: u16, max: u16, flags: u16): void {
  const p = CUSTOM + (<usize>field << 3);
  store<u16>(p, w0);
  store<u16>(p, w1, 2);
  store<u16>(p, max, 4);
  store<u16>(p, flags, 6);
}

/** The custom dialect: ASCII MTI, binary primary/secondary/tertiary bitmaps. */
function installCustom(): void {
  memory.fill(CUSTOM, 0, (MAX_FIELD + 1) * 8);
  row(2, LL | LEN_BINARY, N | DATA_BCD, 19, COUNT_BYTES | PAD_F);
  row(3, FIXED, N | DATA_BCD, 6, 0);
  row(4, LLL | LEN_BINARY, B | DATA_BINARY, 300, 0);
  row(5, LL | LEN_EBCDIC, AN | DATA_EBCDIC, 20, 0);
  row(6, LLLL | LEN_ASCII, ANS | DATA_ASCII, 2000, 0);
  row(7, LLLL | LEN_BCD, ANS | DATA_ASCII, 1200, 0);
  row(8, FIXED, AN | DATA_EBCDIC, 4, 0);
  row(35, LL | LEN_BCD, Z | DATA_BCD, 37, PAD_F);
  row(36, LLL | LEN_ASCII, Z | DATA_ASCII, 104, 0);
  row(64, FIXED, B | DATA_BINARY, 8, 0);
  row(70, FIXED, N | DATA_ASCII, 3, 0);
  row(130, LL | LEN_ASCII, ANS | DATA_ASCII, 10, 0);
  row(192, FIXED, B | DATA_BINARY, 8, 0);
  expect(setCustomDialect(CUSTOM, MAX_FIELD + 1, SECONDARY | TERTIARY)).toBe(0);
}

describe("ascii87 (pyiso8583 default_ascii layout)", () => {
  /** pyiso8583's README example packs and unpacks byte for byte; one digit changed to a letter must fail. */
  it("matches the published example", () => {
    fields.clear();
    fields.setText(0, "0200");
    fields.setText(2, "1234567890");
    expect(packText(Dialect.ASCII87)).toBe("02004000000000000000101234567890");
    expect(unpackText(Dialect.ASCII87, "02004000000000000000101234567890")).toBe(0);
    expect(value(back, 2)).toBe("1234567890");
    expect(hexOf(back.ptr(FIELD_BITMAP), 8)).toBe("4000000000000000");
    expect(unpackText(Dialect.ASCII87, "0200400000000000000010123456789X")).toBe(ErrorCode.ISO_NOT_DIGIT);
    expect(getErrorField()).toBe(2);
  });

  /** Field 64 alone sets only the last primary bit; no secondary bitmap appears. */
  it("puts field 64 in the last bit of the primary bitmap", () => {
    fields.clear();
    fields.setText(0, "0200");
    memory.fill(IN, 0xAB, 8);
    fields.set(64, IN, 8);
    expect(packText(Dialect.ASCII87)).toBe("02000000000000000001" + "ABABABABABABABAB");
    expect(macRegionOffset()).toBe(0);
    expect(macRegionLength()).toBe(20);
  });

  /** Field 65 needs the secondary bitmap (bit 1) and is its first bit; field 128 its last. */
  it("handles fields 65 and 128 with a secondary bitmap", () => {
    fields.clear();
    fields.setText(0, "0200");
    memory.fill(IN, 0x01, 8);
    fields.set(65, IN, 8);
    expect(packText(Dialect.ASCII87)).toBe("0200" + "8000000000000000" + "8000000000000000" + "0101010101010101");
    fields.remove(65);
    memory.fill(IN, 0xFE, 8);
    fields.set(128, IN, 8);
    expect(packText(Dialect.ASCII87)).toBe("0200" + "8000000000000000" + "0000000000000001" + "FEFEFEFEFEFEFEFE");
    expect(unpackText(Dialect.ASCII87, "0200" + "8000000000000000" + "0000000000000001" + "fefefefefefefefe")).toBe(0);
    expect(hexOf(back.ptr(128), back.length(128))).toBe("FEFEFEFEFEFEFEFE");
    expect(hexOf(back.ptr(1), 8)).toBe("0000000000000001");
  });

  /** A secondary bitmap announced but cut short is truncation, not a read past the end. */
  it("refuses a truncated secondary bitmap", () => {
    expect(unpackText(Dialect.ASCII87, "0200" + "8000000000000000" + "00000000")).toBe(ErrorCode.ISO_TRUNCATED);
    expect(getErrorField()).toBe(1);
  });

  /** A bitmap or a b field with a character that is not hex is refused. */
  it("refuses non-hex bitmaps and b fields", () => {
    expect(unpackText(Dialect.ASCII87, "0200G000000000000000")).toBe(ErrorCode.ISO_BAD_CHARACTER);
    expect(unpackText(Dialect.ASCII87, "0200" + "0000000000001000" + "0123456789ABCDEG")).toBe(ErrorCode.ISO_BAD_CHARACTER);
    expect(getErrorField()).toBe(52);
  });

  /** LL: 19 digits (the maximum) pass, 20 fail on pack and on unpack; LLL works the same (field 36, max 104). */
  it("checks LL and LLL lengths at the maximum and one over", () => {
    fields.clear();
    fields.setText(0, "0200");
    fields.setText(2, "1234567890123456789");
    expect(packText(Dialect.ASCII87)).toBe("0200" + "4000000000000000" + "19" + "1234567890123456789");
    fields.setText(2, "12345678901234567890");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_LENGTH_OVER_MAX);
    expect(unpackText(Dialect.ASCII87, "0200" + "4000000000000000" + "20" + "12345678901234567890")).toBe(ErrorCode.ISO_LENGTH_OVER_MAX);
    expect(getErrorOffset()).toBe(20);
    fields.remove(2);
    let track3 = "";
    for (let i = 0; i < 104; i++) track3 += i == 50 ? "=" : "7";
    fields.setText(36, track3);
    expect(packText(Dialect.ASCII87).substr(20, 3)).toBe("104");
    fields.setText(36, track3 + "7");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_LENGTH_OVER_MAX);
  });

  /** A length prefix with a non-digit, and a value shorter than its prefix says, are both refused. */
  it("refuses bad and overlong length prefixes", () => {
    expect(unpackText(Dialect.ASCII87, "0200" + "4000000000000000" + "1A" + "1234567890")).toBe(ErrorCode.ISO_NOT_DIGIT);
    expect(unpackText(Dialect.ASCII87, "0200" + "4000000000000000" + "12" + "1234567890")).toBe(ErrorCode.ISO_TRUNCATED);
    // field 55 is hex in ascii87: an odd count of hex characters cannot be whole bytes
    expect(unpackText(Dialect.ASCII87, "0200" + "0000000000000200" + "011" + "9F020600000")).toBe(ErrorCode.ISO_BAD_LENGTH);
    expect(getErrorField()).toBe(55);
    expect(unpackText(Dialect.ASCII87, "0200" + "0000000000000200" + "010" + "9F02060000")).toBe(0);
  });

  /**
   * an fields take printable ASCII only; ans fields 7-bit ASCII in ascii87 (pyiso8583's
   * ascii codec refuses other bytes) and any byte in cup (GBK text); z fields digits and '='.
   */
  it("checks content classes", () => {
    fields.clear();
    fields.setText(0, "0200");
    fields.set(39, IN, hexIn("3009")); // "0" and a tab
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_BAD_CHARACTER);
    fields.setText(39, "A1");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBeGreaterThan(0);
    fields.setText(35, "1234D5678");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_BAD_CHARACTER);
    fields.setText(35, "1234=5678");
    fields.set(48, IN, hexIn("E5AE9EE5908D"));
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_BAD_CHARACTER);
    expect(getErrorField()).toBe(48);
    fields.set(48, IN, hexIn("41097E7F")); // "A", a tab, "~", DEL: all 7-bit
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBeGreaterThan(0);
    fields.clear();
    fields.set(FIELD_TPDU, IN, hexIn("6000030000"));
    fields.set(FIELD_HEADER, IN, hexIn("603100000000"));
    fields.setText(0, "0800");
    fields.set(63, IN, hexIn("E5AE9EE5908D"));
    expect(pack(Dialect.CUP, fields, OUT, BUF)).toBeGreaterThan(0);
  });

  /** Fixed fields must be exactly their length; the MTI must be 4 digits. */
  it("checks fixed lengths and the MTI", () => {
    fields.clear();
    fields.setText(0, "0200");
    fields.setText(3, "12345");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_BAD_LENGTH);
    expect(getErrorField()).toBe(3);
    fields.clear();
    fields.setText(0, "02A0");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_NOT_DIGIT);
    expect(getErrorField()).toBe(0);
    fields.clear();
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_MISSING_MTI);
    expect(unpack(Dialect.ASCII87, IN, 0, back)).toBe(ErrorCode.ISO_MISSING_MTI);
    expect(unpackText(Dialect.ASCII87, "02X0" + "0000000000000000")).toBe(ErrorCode.ISO_NOT_DIGIT);
  });

  /** Fields beyond 128 do not exist without a tertiary bitmap. */
  it("refuses fields 129..192", () => {
    fields.clear();
    fields.setText(0, "0200");
    fields.setText(130, "X");
    expect(pack(Dialect.ASCII87, fields, OUT, BUF)).toBe(ErrorCode.ISO_FIELD_NOT_DEFINED);
    expect(getErrorField()).toBe(130);
  });

  /** Bytes after the last field are refused; an unknown dialect number too. */
  it("refuses trailing bytes and unknown dialects", () => {
    expect(unpackText(Dialect.ASCII87, "02000000000000000000" + "X")).toBe(ErrorCode.ISO_TRAILING_BYTES);
    expect(getErrorOffset()).toBe(20);
    expect(unpackText(7, "02000000000000000000")).toBe(ErrorCode.ISO_BAD_DIALECT);
    expect(pack(-1, fields, OUT, BUF)).toBe(ErrorCode.ISO_BAD_DIALECT);
  });
});

describe("bin87 (pyiso8583 default layout)", () => {
  /** Binary bitmap, PIN block and MAC; ICC data as binary with an ASCII LLL prefix counting bytes. */
  it("packs binary fields raw", () => {
    fields.clear();
    fields.setText(0, "0200");
    fields.set(52, IN, hexIn("0123456789ABCDEF"));
    fields.set(55, IN, hexIn("9F02060000000123455F340102"));
    const n = pack(Dialect.BIN87, fields, OUT, BUF);
    expect(hexOf(OUT, n)).toBe("30323030" + "0000000000001200" + "0123456789ABCDEF" + "303133" + "9F02060000000123455F340102");
    expect(unpack(Dialect.BIN87, OUT, n, back)).toBe(0);
    expect(hexOf(back.ptr(55), back.length(55))).toBe("9F02060000000123455F340102");
  });

  /** Fields 1, 64, 65 and 128 together: both bitmaps binary, 65 and 128 data fields. */
  it("handles fields 64, 65 and 128 with a binary secondary bitmap", () => {
    fields.clear();
    fields.setText(0, "0800");
    fields.set(64, IN, hexIn("1111111111111111"));
    fields.set(65, IN, hexIn("2222222222222222"));
    fields.set(128, IN, hexIn("3333333333333333"));
    const n = pack(Dialect.BIN87, fields, OUT, BUF);
    expect(hexOf(OUT, n)).toBe("30383030" + "8000000000000001" + "8000000000000001" + "1111111111111111" + "2222222222222222" + "3333333333333333");
    expect(macRegionLength()).toBe(n - 8); // the MAC is field 128 when a secondary bitmap is present
    expect(unpack(Dialect.BIN87, OUT, n, back)).toBe(0);
    expect(back.has(65)).toBe(true);
    expect(unpack(Dialect.BIN87, OUT, n - 1, back)).toBe(ErrorCode.ISO_TRUNCATED);
    expect(getErrorField()).toBe(128);
  });
});

describe("custom dialect (encodings not shipped)", () => {
  /** Every other prefix and data encoding, and a tertiary bitmap, pack to bytes worked out by hand and unpack back. */
  it("packs and unpacks every encoding", () => {
    installCustom();
    fields.clear();
    fields.setText(0, "0200");
    fields.setText(2, "12345");
    fields.setText(3, "123456");
    fields.set(4, IN, hexIn("AABBCC"));
    fields.setText(5, "AB1");
    fields.setText(6, "hi");
    fields.setText(7, "xyz");
    fields.setText(8, "Z 9a");
    fields.setText(35, "12=45");
    fields.setText(36, "1=2");
    fields.setText(70, "301");
    fields.setText(130, "hello");
    fields.set(192, IN, hexIn("0102030405060708"));
    const n = pack(DIALECT_CUSTOM, fields, OUT, BUF);
    const expected =
      "30323030" + "FF00000030000000" + "8400000000000000" + "4000000000000001" +
      "03" + "12345F" +                       // 2: binary LL counting bytes, F pad
      "123456" +                              // 3: fixed BCD
      "0003" + "AABBCC" +                     // 4: binary LLL
      "F0F3" + "C1C2F1" +                     // 5: EBCDIC LL, EBCDIC data
      "30303032" + "6869" +                   // 6: ASCII LLLL
      "0003" + "78797A" +                     // 7: BCD LLLL
      "E940F981" +                            // 8: fixed EBCDIC
      "05" + "12D45F" +                       // 35: BCD z, '=' as D, F pad
      "303033" + "313D32" +                   // 36: ASCII z
      "333031" +                              // 70: fixed ASCII n
      "3035" + "68656C6C6F" +                 // 130: tertiary-bitmap field
      "0102030405060708";                     // 192: last tertiary bit
    expect(hexOf(OUT, n)).toBe(expected);
    expect(unpack(DIALECT_CUSTOM, OUT, n, back)).toBe(0);
    expect(value(back, 2)).toBe("12345");
    expect(value(back, 5)).toBe("AB1");
    expect(value(back, 7)).toBe("xyz");
    expect(value(back, 8)).toBe("Z 9a");
    expect(value(back, 35)).toBe("12=45");
    expect(value(back, 130)).toBe("hello");
    expect(hexOf(back.ptr(65), 8)).toBe("4000000000000001");
    const again = pack(DIALECT_CUSTOM, back, IN, BUF);
    expect(hexOf(IN, again)).toBe(expected);
  });

  /** An even digit count with byte-counting BCD has no pad; an EBCDIC byte with no ASCII counterpart is refused. */
  it("handles even BCD and refuses unmapped EBCDIC", () => {
    installCustom();
    fields.clear();
    fields.setText(0, "0200");
    fields.setText(2, "123456");
    let n = pack(DIALECT_CUSTOM, fields, OUT, BUF);
    expect(hexOf(OUT + 12, n - 12)).toBe("03123456");
    expect(unpack(DIALECT_CUSTOM, OUT, n, back)).toBe(0);
    expect(value(back, 2)).toBe("123456");
    n = hexIn("30323030" + "0800000000000000" + "F0F2" + "F9FF");
    expect(unpack(DIALECT_CUSTOM, IN, n, back)).toBe(ErrorCode.ISO_BAD_CHARACTER);
    expect(getErrorField()).toBe(5);
  });

  /** A tertiary bitmap announced by bit 65 but missing is truncation. */
  it("refuses a missing tertiary bitmap", () => {
    installCustom();
    const n = hexIn("30323030" + "8000000000000000" + "8000000000000000");
    expect(unpack(DIALECT_CUSTOM, IN, n, back)).toBe(ErrorCode.ISO_TRUNCATED);
    expect(getErrorField()).toBe(65);
  });

  /** A table of the wrong size is refused. */
  it("validates the custom table", () => {
    expect(setCustomDialect(CUSTOM, MAX_FIELD + 2, 0)).toBe(ErrorCode.BAD_ARGUMENT);
    expect(setCustomDialect(0, 10, 0)).toBe(ErrorCode.BAD_ARGUMENT);
  });
});
