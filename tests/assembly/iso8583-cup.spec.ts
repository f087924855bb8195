// The internal ISO 8583 API the verification flow uses, in the cup dialect:
// FieldSet, pack, unpack, the MAC region, and the errors a bad frame gives.
import { ErrorCode, beginCall, getErrorCode, getErrorField, getErrorOffset } from "../../assembly/abi";
import {
  Dialect, FieldSet, FIELD_TPDU, FIELD_HEADER, FIELD_BITMAP,
  pack, unpack, packCup, unpackCup, macRegionOffset, macRegionLength,
} from "../../assembly/iso8583/api";
import { fieldRow, FIXED, LEN_BCD, DATA_BCD, DATA_ASCII, DATA_BINARY, ALIGN_RIGHT, CUP_ROWS } from "../../assembly/iso8583/spec";
import { hexIn as hexAt, hexOf } from "./hex";

// Static scratch (module-level: as-pect closures cannot capture locals).
const BUF_SIZE = 4096;
const IN: usize = memory.data(BUF_SIZE);
const OUT: usize = memory.data(BUF_SIZE);
const FRAME: usize = memory.data(BUF_SIZE);
const message = new FieldSet();
const reply = new FieldSet();

/** Hex text into IN (or at `at`); returns the byte count. */
function hexIn(text: string, at: usize = IN): i32 { return hexAt(text, at); }



/** A field's value as a string (text fields). */
function textOf(fields: FieldSet, field: i32): string {
  return String.UTF8.decodeUnsafe(fields.ptr(field), fields.length(field));
}

// A sign-on request (0800) worked out by hand from the field table:
// length 003C | TPDU 6000030000 | header 603100000000 | MTI 0800 |
// bitmap 0020000000C00012 (fields 11, 41, 42, 60, 63) | 11 000001 |
// 41 "12345678" | 42 "123456789012345" | 60 LLL 0011 + 00000001003 left-aligned, 0 pad |
// 63 LLL 0003 + "001"
const SIGN_ON =
  "003C" + "6000030000" + "603100000000" + "0800" + "0020000000C00012" + "000001" +
  "3132333435363738" + "313233343536373839303132333435" + "0011" + "000000010030" + "0003" + "303031";

function buildSignOn(): void {
  message.clear();
  hexIn("6000030000603100000000");
  message.set(FIELD_TPDU, IN, 5);
  message.set(FIELD_HEADER, IN + 5, 6);
  message.setText(0, "0800");
  message.setText(11, "000001");
  message.setText(41, "12345678");
  message.setText(42, "123456789012345");
  message.setText(60, "00000001003");
  message.setText(63, "001");
}

/** The sign-on's TPDU, header and MTI with nothing else: room for one field under test. */
function buildTrackOnly(): void {
  buildSignOn();
  message.remove(41); message.remove(42); message.remove(60); message.remove(63); message.remove(11);
}

describe("FieldSet", () => {
  /** Values are stored, read back and forgotten by clear(), with no allocation after start-up. */
  it("holds, replaces and clears values", () => {
    message.clear();
    expect(message.has(11)).toBe(false);
    expect(message.setText(11, "000123")).toBe(0);
    expect(message.has(11)).toBe(true);
    expect(message.length(11)).toBe(6);
    expect(textOf(message, 11)).toBe("000123");
    expect(message.setText(11, "999")).toBe(0);
    expect(textOf(message, 11)).toBe("999");
    message.clear();
    expect(message.has(11)).toBe(false);
    expect(message.ptr(11)).toBe(0);
  });

  /** Field numbers outside 0..195 are refused, not written out of bounds. */
  it("refuses a field number out of range", () => {
    expect(message.set(196, IN, 1)).toBe(ErrorCode.ISO_BAD_FIELD_NUMBER);
    expect(message.set(-1, IN, 1)).toBe(ErrorCode.ISO_BAD_FIELD_NUMBER);
    expect(message.has(196)).toBe(false);
  });

  /** setText takes printable ASCII only: a Chinese character is refused, not truncated. */
  it("refuses non-ASCII text", () => {
    expect(message.setText(63, "操作员")).toBe(ErrorCode.ISO_BAD_CHARACTER);
  });

  /** The storage is bounded: a value bigger than the whole store fails cleanly. */
  it("reports a full store", () => {
    message.clear();
    expect(message.set(48, IN, 9000)).toBe(ErrorCode.ISO_FIELDSET_FULL);
  });
});

describe("cup pack", () => {
  /** A sign-on request packs to the bytes worked out by hand (BCD MTI, binary bitmap, BCD LLL lengths counting digits for n and bytes for ans). */
  it("packs a sign-on request byte-exactly", () => {
    buildSignOn();
    const n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(n).toBe(SIGN_ON.length >> 1);
    expect(hexOf(OUT, n)).toBe(SIGN_ON);
  });

  /** The MAC region starts at the MTI (after length, TPDU and header) and, with field 64 present, stops before its 8 bytes. */
  it("reports the MAC region", () => {
    buildSignOn();
    let n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(macRegionOffset()).toBe(13);
    expect(macRegionLength()).toBe(n - 13);
    memory.fill(IN, 0, 8);
    message.set(64, IN, 8);
    n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(macRegionOffset()).toBe(13);
    expect(macRegionLength()).toBe(n - 8 - 13);
    expect(load<u8>(OUT + 15 + 7) & 1).toBe(1); // bit 64 is the last bit of the bitmap
  });

  /** Field 23 is right-aligned (0 pad first), field 22 left-aligned (0 pad last). */
  it("aligns fields 22 and 23 as the cup layout says", () => {
    buildSignOn();
    message.remove(41); message.remove(42); message.remove(60); message.remove(63);
    message.setText(22, "021");
    message.setText(23, "001");
    const n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    // after 13 (frame) + 2 (MTI) + 8 (bitmap) + 3 (field 11)
    expect(hexOf(OUT + 26, 4)).toBe("02100001");
    expect(n).toBe(30);
  });

  /** Track 2 goes out as BCD with D for '=', padded with 0 to a whole byte. */
  it("packs track 2 with D as the separator", () => {
    buildTrackOnly();
    message.setText(35, "6222021234567890128=2412101");
    const n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(hexOf(OUT + 23, n - 23)).toBe("27" + "6222021234567890128D24121010");
  });

  /**
   * An encrypted track keeps its length in nibbles but may hold any nibble: A-F travel as the
   * track characters : ; < = > ? (0x30 + nibble) and come back byte for byte.
   */
  it("carries every nibble of an encrypted track 2", () => {
    buildTrackOnly();
    message.setText(35, "62220212345678901:;<=>?0123456789");
    const n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(hexOf(OUT + 23, n - 23)).toBe("33" + "62220212345678901ABCDEF01234567890");
    expect(unpack(Dialect.CUP, OUT, n, reply)).toBe(0);
    expect(textOf(reply, 35)).toBe("62220212345678901:;<=>?0123456789");
    message.setText(35, "6222021234567890128D2412");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_BAD_CHARACTER);
    expect(getErrorField()).toBe(35);
  });

  /** Field 60 takes the 19 digits an acquirer's terminals send after the UnionPay subfields (60.1-60.7 fill 17). */
  it("packs a 19-digit field 60", () => {
    buildSignOn();
    message.setText(60, "2200000000050000000");
    const n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(hexOf(OUT + <usize>(n - 17), 12)).toBe("001922000000000500000000");
    expect(unpack(Dialect.CUP, OUT, n, reply)).toBe(0);
    expect(textOf(reply, 60)).toBe("2200000000050000000");
  });

  /** Each missing or malformed part is refused with the field named. */
  it("refuses missing MTI, TPDU, header and bad values", () => {
    buildSignOn();
    message.remove(0);
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_MISSING_MTI);
    buildSignOn();
    message.remove(FIELD_TPDU);
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_MISSING_FRAME_HEADER);
    expect(getErrorField()).toBe(FIELD_TPDU);
    buildSignOn();
    message.set(FIELD_HEADER, IN, 5);
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_MISSING_FRAME_HEADER);
    buildSignOn();
    message.setText(11, "00001A");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_NOT_DIGIT);
    expect(getErrorField()).toBe(11);
    buildSignOn();
    message.setText(11, "00001");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_BAD_LENGTH);
    buildSignOn();
    message.setText(7, "1126103000");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_FIELD_NOT_DEFINED);
    expect(getErrorField()).toBe(7);
    buildSignOn();
    message.setText(70, "301");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_FIELD_NOT_DEFINED);
  });

  /** A field exactly at its maximum packs; one character more is refused as over the maximum. */
  it("accepts a field at max length and refuses one over", () => {
    buildSignOn();
    message.setText(2, "6222021234567890128");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBeGreaterThan(0);
    message.setText(2, "62220212345678901280");
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_LENGTH_OVER_MAX);
    expect(getErrorField()).toBe(2);
  });

  /** A buffer one byte too small fails cleanly instead of writing past it. */
  it("refuses an output buffer that is too small", () => {
    buildSignOn();
    const n = SIGN_ON.length >> 1;
    expect(pack(Dialect.CUP, message, OUT, n - 1)).toBe(ErrorCode.ISO_OUTPUT_FULL);
    expect(pack(Dialect.CUP, message, OUT, n)).toBe(n);
  });
});

describe("cup unpack", () => {
  /** The hand-built sign-on frame unpacks to the fields it was built from, plus TPDU, header and bitmap. */
  it("unpacks the sign-on frame", () => {
    const n = hexIn(SIGN_ON);
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(0);
    expect(textOf(reply, 0)).toBe("0800");
    expect(textOf(reply, 11)).toBe("000001");
    expect(textOf(reply, 41)).toBe("12345678");
    expect(textOf(reply, 42)).toBe("123456789012345");
    expect(textOf(reply, 60)).toBe("00000001003");
    expect(textOf(reply, 63)).toBe("001");
    expect(hexOf(reply.ptr(FIELD_TPDU), 5)).toBe("6000030000");
    expect(hexOf(reply.ptr(FIELD_HEADER), 6)).toBe("603100000000");
    expect(hexOf(reply.ptr(FIELD_BITMAP), 8)).toBe("0020000000C00012");
    expect(reply.has(2)).toBe(false);
    expect(macRegionOffset()).toBe(13);
    expect(macRegionLength()).toBe(n - 13);
  });

  /** Unpack then pack gives the same bytes. */
  it("round-trips", () => {
    const n = hexIn(SIGN_ON);
    unpack(Dialect.CUP, IN, n, reply);
    expect(hexOf(OUT, pack(Dialect.CUP, reply, OUT, BUF_SIZE))).toBe(SIGN_ON);
  });

  /** The 2-byte length must match the bytes that follow: one short is truncated, one long is trailing. */
  it("checks the frame length", () => {
    let n = hexIn(SIGN_ON);
    expect(unpack(Dialect.CUP, IN, n - 1, reply)).toBe(ErrorCode.ISO_TRUNCATED);
    store<u8>(IN + <usize>n, 0);
    expect(unpack(Dialect.CUP, IN, n + 1, reply)).toBe(ErrorCode.ISO_TRAILING_BYTES);
    expect(unpack(Dialect.CUP, IN, 1, reply)).toBe(ErrorCode.ISO_TRUNCATED);
    expect(unpack(Dialect.CUP, IN, 0, reply)).toBe(ErrorCode.ISO_TRUNCATED);
  });

  /** A frame whose length says there is more than the fields use is refused as trailing bytes at the end of the last field. */
  it("refuses bytes after the last field", () => {
    let n = hexIn("003D" + SIGN_ON.substr(4) + "00");
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_TRAILING_BYTES);
    expect(getErrorOffset()).toBe(n - 1);
  });

  /** A TPDU not starting with 0x60 is refused. */
  it("checks the TPDU", () => {
    const n = hexIn("003C" + "61" + SIGN_ON.substr(6));
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_BAD_TPDU);
  });

  /** A bad BCD nibble in a numeric field names the field and its offset. */
  it("refuses a bad BCD digit", () => {
    // field 11 starts at offset 23 (2 + 5 + 6 + 2 + 8): make it 00000A
    const n = hexIn(SIGN_ON.substr(0, 46) + "00000A" + SIGN_ON.substr(52));
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_BAD_BCD);
    expect(getErrorField()).toBe(11);
    expect(getErrorOffset()).toBe(25); // the byte holding the bad nibble
  });

  /** A wrong pad nibble (F where the layout says 0) is refused, so every message has one encoding. */
  it("refuses a wrong pad nibble", () => {
    const n = hexIn(SIGN_ON.substr(0, SIGN_ON.length - 22) + "00000001003F" + SIGN_ON.substr(SIGN_ON.length - 10));
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_BAD_BCD);
    expect(getErrorField()).toBe(60);
  });

  /** Bit 1 (secondary bitmap) does not exist in cup; a bit for an undefined field is refused. */
  it("refuses bits for fields cup does not define", () => {
    let n = hexIn("003C6000030000603100000000" + "0800" + "8020000000C00012" + SIGN_ON.substr(46));
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_FIELD_NOT_DEFINED);
    expect(getErrorField()).toBe(1);
    n = hexIn("003C6000030000603100000000" + "0800" + "0220000000C00012" + SIGN_ON.substr(46));
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_FIELD_NOT_DEFINED);
    expect(getErrorField()).toBe(7);
  });

  /** A frame that stops after the header has no MTI. */
  it("reports a missing MTI", () => {
    const n = hexIn("000B6000030000603100000000");
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_MISSING_MTI);
  });

  /** A length prefix over the field's maximum is refused before reading the value (field 63 max 163). */
  it("refuses a length prefix over the maximum", () => {
    const n = hexIn(SIGN_ON.substr(0, SIGN_ON.length - 10) + "0164" + SIGN_ON.substr(SIGN_ON.length - 6));
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(ErrorCode.ISO_LENGTH_OVER_MAX);
    expect(getErrorField()).toBe(63);
  });

  /** Every truncation of the frame (with its length patched to match) fails cleanly and never traps. */
  it("survives every truncation", () => {
    const full = hexIn(SIGN_ON);
    for (let cut = 2; cut < full; cut++) {
      store<u8>(IN, <u8>((cut - 2) >> 8));
      store<u8>(IN, <u8>(cut - 2), 1);
      beginCall();
      expect(unpack(Dialect.CUP, IN, cut, reply)).toBeLessThan(0);
      expect(getErrorCode()).toBeLessThan(0);
    }
  });
});

describe("cup-verify: the public account-verification layout", () => {
  /** Fields 48 and 61 are text there ("CK10#", ID type + ID digits + "CUPAM..."), counted in bytes; plain cup reads 48 as digits and refuses it. */
  it("reads 48 and 61 as text", () => {
    buildSignOn();
    message.remove(63);
    message.setText(48, "CK10#");
    message.setText(61, "01000000000000200119            CUPAM0010000000000000");
    const n = pack(Dialect.CUP_VERIFY, message, OUT, BUF_SIZE);
    expect(n).toBeGreaterThan(0);
    expect(hexOf(OUT + 49, 7)).toBe("0005434B313023"); // after frame, MTI, bitmap, 11, 41, 42: 48 = LLL 0005 + "CK10#"
    expect(unpack(Dialect.CUP_VERIFY, OUT, n, reply)).toBe(0);
    expect(textOf(reply, 48)).toBe("CK10#");
    expect(reply.length(61)).toBe(53);
    expect(unpack(Dialect.CUP, OUT, n, reply)).toBe(ErrorCode.ISO_BAD_BCD);
    expect(getErrorField()).toBe(48);
    expect(pack(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_NOT_DIGIT);
  });

  /** Every other row is cup's: the sign-on frame packs to the same bytes in both. */
  it("shares cup's other rows", () => {
    buildSignOn();
    const n = pack(Dialect.CUP_VERIFY, message, OUT, BUF_SIZE);
    expect(hexOf(OUT, n)).toBe(SIGN_ON);
  });
});

/** Bytes written over the frame in the mutation test (k = 0..4; k = 5 flips the low bit). */
const MUTATIONS = "\x00\x3A\x9F\xFF\x60";

/** Every field cup defines, with a MAC: the frame the cup-only codec is compared on. */
function buildEveryField(): void {
  buildSignOn();
  message.setText(2, "6222021234567890128");
  message.setText(3, "310000");
  message.setText(4, "000000000100");
  message.setText(12, "103000");
  message.setText(13, "1126");
  message.setText(14, "2412");
  message.setText(15, "1127");
  message.setText(22, "021");
  message.setText(23, "001");
  message.setText(25, "00");
  message.setText(26, "12");
  message.setText(32, "12345678");
  message.setText(35, "6222021234567890128=2412101");
  message.setText(36, "996222021234567890128=156156");
  message.setText(37, "123456789012");
  message.setText(38, "ABC123");
  message.setText(39, "00");
  message.setText(44, "ISSUER  ACQUIRER");
  message.setText(48, "123456");
  message.setText(49, "156");
  message.set(52, IN, hexIn("0123456789ABCDEF"));
  message.setText(53, "2600000000000000");
  message.setText(54, "1002156C000000001000");
  message.set(55, IN, hexIn("9F2608112233445566778895050000000000"));
  message.setText(58, "WALLET");
  message.setText(59, "TERMINAL INFO");
  message.setText(61, "00000100000011126");
  message.set(62, IN, hexIn("00FF8001"));
  message.set(64, IN, hexIn("FEDCBA9876543210"));
}

/** unpack() and unpackCup() on IN[0..len) agree: the same result and error, or the same fields. */
function sameUnpack(len: i32): bool {
  beginCall();
  const r = unpack(Dialect.CUP, IN, len, reply);
  const code = getErrorCode(), field = getErrorField(), offset = getErrorOffset();
  const all = r == 0 ? hexOf(OUT, pack(Dialect.CUP, reply, OUT, BUF_SIZE)) : "";
  beginCall();
  if (unpackCup(Dialect.CUP, IN, len, reply) != r) return false;
  if (getErrorCode() != code || getErrorField() != field || getErrorOffset() != offset) return false;
  return r != 0 || hexOf(OUT, pack(Dialect.CUP, reply, OUT, BUF_SIZE)) == all;
}

/** pack() and packCup() of `message` into OUT[0..cap) agree: the same result and error, or the same bytes. */
function samePack(cap: i32): bool {
  beginCall();
  const r = pack(Dialect.CUP, message, OUT, cap);
  const code = getErrorCode(), field = getErrorField(), offset = getErrorOffset();
  const all = r > 0 ? hexOf(OUT, r) : "";
  beginCall();
  if (packCup(Dialect.CUP, message, OUT, cap) != r) return false;
  if (getErrorCode() != code || getErrorField() != field || getErrorOffset() != offset) return false;
  return r <= 0 || hexOf(OUT, r) == all;
}

describe("packCup and unpackCup: the terminal's cup-only codec", () => {
  /** They give pack's and unpack's bytes and fields for both cup dialects, and the same refusal of cup-verify's text in plain cup. */
  it("agree with pack and unpack on cup and cup-verify", () => {
    buildSignOn();
    const n = packCup(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(hexOf(OUT, n)).toBe(SIGN_ON);
    expect(unpackCup(Dialect.CUP, OUT, n, reply)).toBe(0);
    expect(textOf(reply, 60)).toBe("00000001003");
    expect(macRegionOffset()).toBe(13);
    message.remove(63);
    message.setText(48, "CK10#");
    const v = packCup(Dialect.CUP_VERIFY, message, OUT, BUF_SIZE);
    expect(hexOf(OUT, v)).toBe(hexOf(OUT, pack(Dialect.CUP_VERIFY, message, OUT, BUF_SIZE)));
    expect(unpackCup(Dialect.CUP_VERIFY, OUT, v, reply)).toBe(0);
    expect(textOf(reply, 48)).toBe("CK10#");
    expect(unpackCup(Dialect.CUP, OUT, v, reply)).toBe(ErrorCode.ISO_BAD_BCD);
    expect(packCup(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_NOT_DIGIT);
  });

  /**
   * The cup-only codec reads BCD length prefixes, BCD, ASCII and binary values and no
   * row flag but ALIGN_RIGHT, and checks no length against its prefix's limit (codec.ts,
   * `all`): the rows of both cup dialects use nothing else, and no maximum exceeds its prefix.
   */
  it("reads every row of both cup dialects", () => {
    for (let d = 0; d < 2; d++) {
      const dialect = d == 0 ? Dialect.CUP : Dialect.CUP_VERIFY;
      for (let f = 0; f < CUP_ROWS; f++) {
        const row = fieldRow(dialect, f);
        const lenEnc = <u16>(row & 0x30), dataEnc = <u16>((row >> 16) & 0xF0);
        expect(<u16>(row & 7) == FIXED || lenEnc == LEN_BCD).toBe(true);
        // a length prefix can say every length up to the row's maximum (LL: 99, LLL: 999)
        const digits = <i32>(row & 7);
        expect(digits == 0 || <i32>((row >> 32) & 0xFFFF) <= (digits == 2 ? 99 : digits == 3 ? 999 : 9999)).toBe(true);
        expect(dataEnc == DATA_BCD || dataEnc == DATA_ASCII || dataEnc == DATA_BINARY).toBe(true);
        expect(<u16>(row >> 48) & ~ALIGN_RIGHT).toBe(0);
      }
    }
  });

  /**
   * Every cup field packs to pack()'s bytes, and every mutation of that frame (each byte set to
   * a few values, each truncation) gives unpack()'s result: the same error, field and offset, or
   * the same fields.
   */
  it("agree with pack and unpack on every field and every mutation", () => {
    buildEveryField();
    const n = pack(Dialect.CUP, message, OUT, BUF_SIZE);
    expect(n).toBeGreaterThan(0);
    const frame = hexOf(OUT, n);
    memory.copy(FRAME, OUT, n);
    expect(packCup(Dialect.CUP, message, OUT, BUF_SIZE)).toBe(n);
    expect(hexOf(OUT, n)).toBe(frame);
    let differ = -1;
    for (let at = 0; at <= n; at++) {
      for (let k = 0; k < 6; k++) {
        memory.copy(IN, FRAME, n);
        let len = n;
        if (at == n) len = k + 2; // truncations (length patched to match) instead
        else store<u8>(IN + <usize>at, <u8>(k == 5 ? load<u8>(IN + <usize>at) ^ 1 : <u32>MUTATIONS.charCodeAt(k)));
        if (at == n) { store<u8>(IN, <u8>((len - 2) >> 8)); store<u8>(IN, <u8>(len - 2), 1); }
        if (!sameUnpack(len)) differ = differ >= 0 ? differ : at * 8 + k;
      }
    }
    for (let cut = 2; cut < n; cut++) {
      memory.copy(IN, FRAME, n);
      store<u8>(IN, <u8>((cut - 2) >> 8));
      store<u8>(IN, <u8>(cut - 2), 1);
      if (!sameUnpack(cut)) differ = differ >= 0 ? differ : 10000 + cut;
    }
    expect(differ).toBe(-1); // else the first mutation that differs: byte * 8 + k, or 10000 + the cut
    // each field with a bad character, one character too many, and the output one byte short
    for (let f = 2; f < CUP_ROWS; f++) {
      buildEveryField();
      if (!message.has(f)) continue;
      const len = message.length(f);
      memory.copy(IN, message.ptr(f), len);
      store<u8>(IN, 0x41);
      message.set(f, IN, len);
      expect(samePack(BUF_SIZE)).toBe(true);
      store<u8>(IN + <usize>len, 0x30);
      message.set(f, IN, len + 1);
      expect(samePack(BUF_SIZE)).toBe(true);
    }
    buildEveryField();
    expect(samePack(n - 1)).toBe(true);
  });

  /** Any other dialect, shipped or custom, is refused as unknown: its rows are not there. */
  it("refuses the other dialects", () => {
    buildSignOn();
    expect(packCup(Dialect.ASCII87, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_BAD_DIALECT);
    expect(packCup(3, message, OUT, BUF_SIZE)).toBe(ErrorCode.ISO_BAD_DIALECT);
    const n = hexIn(SIGN_ON);
    expect(unpackCup(Dialect.BIN87, IN, n, reply)).toBe(ErrorCode.ISO_BAD_DIALECT);
    expect(unpack(Dialect.CUP, IN, n, reply)).toBe(0);
  });
});
