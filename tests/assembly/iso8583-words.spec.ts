// The engine copies and checks values eight bytes at a time (words.ts) and
// walks the fields by their presence bits: values of every length round-trip
// byte for byte, a bad byte anywhere is found and named (the first one when
// there are two), the range edges of each class hold, and fields set in any
// order come out in field order. bin87: n field 2 (LL), z field 35 (LL, the
// track code 0x30-0x3F), an field 37 (12), 7-bit ans field 48 (LLL), b field
// 55 (LLL).
import { ErrorCode, getErrorField, getErrorFound } from "../../assembly/abi";
import { Dialect, FieldSet, pack, unpack } from "../../assembly/iso8583/api";
import { hexOf } from "./hex";

const BUF = 4096;
const IN: usize = memory.data(BUF);
const OUT: usize = memory.data(BUF);
const fields = new FieldSet();
const back = new FieldSet();

let seed: u32 = 0x2545F491;
function nextByte(): u8 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return <u8>seed;
}

/** Fills IN[0..n) with bytes valid for the class: digits, printable ASCII or 7-bit ASCII. */
function fillValid(n: i32, low: u8, high: u8): void {
  for (let i = 0; i < n; i++) store<u8>(IN + <usize>i, low + nextByte() % (high - low + 1));
}

/** Packs MTI + `field` = IN[0..n) in bin87: the result. */
function packOne(field: i32, n: i32): i32 {
  fields.clear();
  fields.setText(0, "0200");
  fields.set(field, IN, n);
  return pack(Dialect.BIN87, fields, OUT, BUF);
}

describe("values a word at a time", () => {
  /** n (field 2), 7-bit ans (field 48) and b (field 55) values of every length 0..40 pack and unpack back byte for byte. */
  it("round-trip every length", () => {
    for (let n = 1; n <= 40; n++) {
      const cases: i32[] = n <= 19 ? [2, 48, 55] : [48, 55];
      for (let c = 0; c < cases.length; c++) {
        const field = cases[c];
        if (field == 2) fillValid(n, 0x30, 0x39);
        else if (field == 48) fillValid(n, 0x00, 0x7F);
        else for (let i = 0; i < n; i++) store<u8>(IN + <usize>i, nextByte());
        const len = packOne(field, n);
        expect(len).toBeGreaterThan(0);
        expect(unpack(Dialect.BIN87, OUT, len, back)).toBe(0);
        expect(back.length(field)).toBe(n);
        expect(hexOf(back.ptr(field), n)).toBe(hexOf(IN, n));
      }
    }
  });

  /** A bad byte at any position of a value of any length is refused and named, and of two bad bytes the first. */
  it("finds the first bad byte wherever it is", () => {
    for (let n = 1; n <= 40; n++) {
      for (let at = 0; at < n; at++) {
        if (n <= 19) {
          fillValid(n, 0x30, 0x39);
          store<u8>(IN + <usize>at, 0x3A); // ':' just above '9'
          if (at + 1 < n) store<u8>(IN + <usize>(n - 1), 0x2F); // '/' just below '0'
          expect(packOne(2, n)).toBe(ErrorCode.ISO_NOT_DIGIT);
          expect(getErrorField()).toBe(2);
          expect(getErrorFound()).toBe(0x3A);
        }
        if (n <= 37) {
          fillValid(n, 0x30, 0x3F);
          store<u8>(IN + <usize>at, 0x40); // '@' just above '?'
          if (at + 1 < n) store<u8>(IN + <usize>(n - 1), 0x2F);
          expect(packOne(35, n)).toBe(ErrorCode.ISO_BAD_CHARACTER);
          expect(getErrorField()).toBe(35);
          expect(getErrorFound()).toBe(0x40);
        }
        fillValid(n, 0x00, 0x7F);
        store<u8>(IN + <usize>at, <u8>(0x80 + at));
        if (at + 1 < n) store<u8>(IN + <usize>(n - 1), 0xFF);
        expect(packOne(48, n)).toBe(ErrorCode.ISO_BAD_CHARACTER);
        expect(getErrorField()).toBe(48);
        expect(getErrorFound()).toBe(0x80 + at);
      }
    }
    for (let at = 0; at < 12; at++) {
      for (let b = 0; b < 2; b++) {
        const bad: u8 = b == 0 ? 0x1F : 0x7F; // just outside ' '..'~'
        fillValid(12, 0x20, 0x7E);
        store<u8>(IN + <usize>at, bad);
        expect(packOne(37, 12)).toBe(ErrorCode.ISO_BAD_CHARACTER);
        expect(getErrorFound()).toBe(bad);
      }
    }
  });

  /** The edges of each class pass: '0' and '9', '0' and '?', ' ' and '~', 0x00 and 0x7F, at every position of a word and its tail. */
  it("accepts the edges of each class", () => {
    for (let n = 1; n <= 19; n++) {
      for (let i = 0; i < n; i++) store<u8>(IN + <usize>i, i & 1 ? 0x39 : 0x30);
      expect(packOne(2, n)).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) store<u8>(IN + <usize>i, i & 1 ? 0x3F : 0x30);
      expect(packOne(35, n)).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) store<u8>(IN + <usize>i, i & 1 ? 0x7F : 0x00);
      expect(packOne(48, n)).toBeGreaterThan(0);
    }
    for (let i = 0; i < 12; i++) store<u8>(IN + <usize>i, i & 1 ? 0x7E : 0x20);
    expect(packOne(37, 12)).toBeGreaterThan(0);
  });

  /** Unpack checks a word at a time too: a letter in field 2 of a received message is refused and named. */
  it("checks received values", () => {
    fillValid(16, 0x30, 0x39);
    const n = packOne(2, 16);
    store<u8>(OUT + <usize>(n - 3), 0x41);
    expect(unpack(Dialect.BIN87, OUT, n, back)).toBe(ErrorCode.ISO_NOT_DIGIT);
    expect(getErrorField()).toBe(2);
    expect(getErrorFound()).toBe(0x41);
  });
});

describe("fields by their presence bits", () => {
  /** Fields set from the highest down pack in field order with the bitmap bits they need; a removed field is neither packed nor announced. */
  it("packs in field order whatever the order they were set in", () => {
    fields.clear();
    fields.setText(128, "ZZZZZZZZ");
    fields.setText(70, "301");
    fields.setText(64, "MMMMMMMM");
    fields.setText(11, "000001");
    fields.setText(3, "990000");
    fields.setText(2, "4761");
    fields.setText(0, "0800");
    fields.remove(64);
    const n = pack(Dialect.BIN87, fields, OUT, BUF);
    expect(hexOf(OUT, n)).toBe("30383030" + "E020000000000000" + "0400000000000001"
      + "3034" + "34373631" + "393930303030" + "303030303031" + "333031" + "5A5A5A5A5A5A5A5A");
    expect(unpack(Dialect.BIN87, OUT, n, back)).toBe(0);
    expect(back.has(64)).toBe(false);
    expect(back.has(70)).toBe(true);
    expect(hexOf(back.ptr(128), 8)).toBe("5A5A5A5A5A5A5A5A");
  });
});

describe("wiping a field set", () => {
  /** wipe() zeroes every byte a value took since the last wipe: values cleared before it and the longer value a shorter one replaced too. */
  it("leaves no byte of any value behind", () => {
    fields.wipe();
    fields.setText(2, "6222020000001000009");
    const at = fields.ptr(2);
    fields.clear();                   // forgotten, not zeroed
    fields.setText(48, "ABCDEFGH");
    fields.setText(48, "AB");          // reuses the slot: "CDEFGH" stays there
    expect(load<u8>(at + 12)).toBe(0x31); // the cleared card number is still there
    fields.wipe();
    let nonZero = 0;
    for (let i = 0; i < 19; i++) if (load<u8>(at + <usize>i) != 0) nonZero++;
    expect(nonZero).toBe(0);
    expect(fields.ptr(48)).toBe(0);
  });
});
