import { pinBlockEncode, pinBlockDecode, panField4, PIN_FILL_BYTES } from "../../assembly/crypto/pinblock";
import { pinBlock4Encipher, pinBlock4Decipher } from "../../assembly/crypto/pinblock4";
import { ErrorCode } from "../../assembly/abi";
import { hex, ascii, buffer, toHex, toAscii } from "./crypto-helpers";

/** The fill region a call reads: the given bytes, then zeros (nibbles 0 are never drawn for format 3). */
function fillOf(given: string): usize {
  let p = buffer(PIN_FILL_BYTES);
  let bytes = hex(given);
  for (let i = 0; i < given.length >> 1; i++) store<u8>(p + <usize>i, load<u8>(bytes + <usize>i));
  return p;
}

function encode(format: i32, pin: string, pan: string, fill: string): string {
  let out = buffer(16);
  let rc = pinBlockEncode(format, ascii(pin), pin.length, ascii(pan), pan.length, fillOf(fill), out);
  return rc < 0 ? "error " + rc.toString() : toHex(out, rc);
}

let fillCounts = new StaticArray<i32>(16);

function decode(format: i32, block: string, pan: string): string {
  let out = buffer(16);
  let rc = pinBlockDecode(format, hex(block), ascii(pan), pan.length, out);
  return rc < 0 ? "error " + rc.toString() : toAscii(out, rc);
}

describe("ISO 9564 PIN blocks 0, 1, 3", () => {
  /** X9.24-1 A.4 and ID TECH format 0 examples; decoding gives the PIN back. */
  it("builds and parses format 0", () => {
    expect(encode(0, "1234", "4012345678909", "")).toBe("041274EDCBA9876F");
    expect(encode(0, "1234", "43219876543210987", "")).toBe("0412AC89ABCDEF67");
    expect(encode(0, "123456789012", "5555555551234567", "")).toBe("0C1261032D8226A9");
    expect(decode(0, "041274EDCBA9876F", "4012345678909")).toBe("1234");
    expect(decode(0, "0C1261032D8226A9", "5555555551234567")).toBe("123456789012");
  });

  /** A flipped bit in the block, or the wrong PAN, is caught by the fill or digit checks. */
  it("rejects a mutated format 0 block", () => {
    expect(decode(0, "041274EDCBA9876E", "4012345678909")).toBe("error " + ErrorCode.PIN_BLOCK_FILL.toString());
    expect(decode(0, "141274EDCBA9876F", "4012345678909")).toBe("error " + ErrorCode.PIN_BLOCK_CONTROL.toString());
    expect(decode(0, "041274EDCBA9876F", "4012345678917")).not.toBe("1234");
  });

  /** IBM CCA format 1 example (fill 6ABCFDE1). */
  it("builds and parses format 1", () => {
    expect(encode(1, "123456", "", "6ABCFDE1")).toBe("161234566ABCFDE1");
    expect(decode(1, "161234566ABCFDE1", "")).toBe("123456");
  });

  /** IBM format 3 example (account 111222333444555 given without check digit: a dummy one is appended). */
  it("builds and parses format 3", () => {
    expect(encode(3, "123456", "1112223334445550", "AFBECDDC")).toBe("361216759CFA8889");
    expect(decode(3, "341261AAAAEDCBA9", "5555555551234567")).toBe("1234");
  });

  /** Format 3 takes the fill's A-F nibbles in order and skips 0-9 (rejection sampling); too few A-F is refused. */
  it("draws format 3 fill by rejection", () => {
    const pan = "0000000000000"; // a zero PAN field: the block shows the fill as drawn
    expect(encode(3, "1234", pan, "0A1B2C3D4E5F6A7B8C9D")).toBe("341234ABCDEFABCD");
    expect(encode(3, "1234", pan, "0A1B2C3D4E5F6A7B8C9D")).toBe(encode(3, "1234", pan, "ABCDEFABCD"));
    expect(encode(3, "1234", pan, "ABCDEFABC9")).toBe("error " + ErrorCode.PIN_BLOCK_FILL.toString()); // 9 of the 10 needed
    expect(encode(3, "123456789012", pan, "9876543210AB")).toBe("3C123456789012AB"); // 2 needed, found at the end
    expect(decode(3, encode(3, "1234", "5555555551234567", "0123456789ABCDEF0123456789ABCDEF"), "5555555551234567")).toBe("1234");
  });

  /**
   * Every byte value as the whole fill: the first fill nibble drawn is A-F exactly 26
   * times each (16 with it high, 10 more with it low after a 0-9 high nibble); the 100
   * bytes with no A-F nibble are refused. Folding 0-9 onto A-F gave A-D 0.187, E-F 0.125.
   */
  it("makes each of A-F equally likely", () => {
    let refused = 0;
    for (let n = 0; n < 16; n++) fillCounts[n] = 0;
    for (let v = 0; v < 256; v++) {
      let fill = buffer(PIN_FILL_BYTES);
      for (let i = 0; i < PIN_FILL_BYTES; i++) store<u8>(fill + <usize>i, <u8>v);
      let out = buffer(16);
      let rc = pinBlockEncode(3, ascii("1234"), 4, ascii("0000000000000"), 13, fill, out);
      if (rc < 0) { refused++; continue; }
      fillCounts[<i32>(load<u8>(out + 3) >> 4)]++;
    }
    expect(refused).toBe(100);
    for (let n = 0; n < 10; n++) expect(fillCounts[n]).toBe(0);
    for (let n = 10; n < 16; n++) expect(fillCounts[n]).toBe(26);
  });

  /** Format 3 fill must be A-F: a 0-9 fill nibble is refused. */
  it("rejects format 3 fill outside A-F", () => {
    expect(decode(3, "3412341111111111", "0000000000000")).toBe("error " + ErrorCode.PIN_BLOCK_FILL.toString());
  });

  /** PIN lengths outside 4..12, non-digits, unknown formats and bad PANs are refused with a reason. */
  it("validates its inputs", () => {
    expect(encode(0, "123", "4012345678909", "")).toBe("error " + ErrorCode.PIN_LENGTH.toString());
    expect(encode(0, "1234567890123", "4012345678909", "")).toBe("error " + ErrorCode.PIN_LENGTH.toString());
    expect(encode(0, "12a4", "4012345678909", "")).toBe("error " + ErrorCode.PIN_DIGIT.toString());
    expect(encode(2, "1234", "4012345678909", "")).toBe("error " + ErrorCode.PIN_FORMAT.toString());
    expect(encode(0, "1234", "40123456789X9", "")).toBe("error " + ErrorCode.PAN_INVALID.toString());
    expect(encode(0, "1234", "40123456789091234567", "")).toBe("error " + ErrorCode.PAN_INVALID.toString());
    // Length nibble 3 and D (13) in an otherwise well-formed block.
    expect(decode(1, "1312366666666666", "")).toBe("error " + ErrorCode.PIN_LENGTH.toString());
    expect(decode(1, "1D12345678901234", "")).toBe("error " + ErrorCode.PIN_LENGTH.toString());
  });
});

describe("ISO 9564 PIN block format 4", () => {
  /** X9.24-3 supplement: the plain-text PIN field and the PAN field. */
  it("builds the PIN and PAN fields", () => {
    expect(encode(4, "1234", "4111111111111111", "2F69ADDE2E9E7ACE")).toBe("441234AAAAAAAAAA2F69ADDE2E9E7ACE");
    let out = buffer(16);
    expect(panField4(ascii("4111111111111111"), 16, out)).toBe(16);
    expect(toHex(out, 16)).toBe("44111111111111111000000000000000");
    expect(panField4(ascii("112233445566778899"), 18, out)).toBe(16);
    expect(toHex(out, 16)).toBe("61122334455667788990000000000000");
  });

  /** psec deterministic encipherment example, and deciphering it back. */
  it("enciphers and deciphers", () => {
    let out = buffer(16);
    let key = hex("00112233445566778899AABBCCDDEEFF");
    expect(pinBlock4Encipher(key, 16, ascii("1234"), 4, ascii("1234567890123456789"), 19, hex("FFFFFFFFFFFFFFFF"), out)).toBe(16);
    expect(toHex(out, 16)).toBe("28B41FDDD29B743E93124BD8E32D921E");
    let pin = buffer(16);
    expect(pinBlock4Decipher(key, 16, out, ascii("1234567890123456789"), 19, pin)).toBe(4);
    expect(toAscii(pin, 4)).toBe("1234");
  });

  /** ep2 example and psec's one-digit PAN; a wrong PAN or key fails the field checks. */
  it("deciphers published blocks and refuses a wrong PAN", () => {
    let pin = buffer(16);
    expect(pinBlock4Decipher(hex("C1D0F8FB4958670DBA40AB1F3752EF0D"), 16, hex("CC17F65586BFD0953010226C4FC5B3CA"), ascii("432198765432109870"), 18, pin)).toBe(4);
    expect(toAscii(pin, 4)).toBe("1234");
    expect(pinBlock4Decipher(hex("00112233445566778899AABBCCDDEEFF"), 16, hex("39B69B1B91FE05D48F7EF0D68EB2CBD6"), ascii("1"), 1, pin)).toBe(6);
    expect(toAscii(pin, 6)).toBe("123456");
    expect(pinBlock4Decipher(hex("C1D0F8FB4958670DBA40AB1F3752EF0D"), 16, hex("CC17F65586BFD0953010226C4FC5B3CA"), ascii("432198765432109871"), 18, pin)).toBeLessThan(0);
    expect(pinBlock4Decipher(hex("C1D0F8FB4958670DBA40AB1F3752EF0C"), 16, hex("CC17F65586BFD0953010226C4FC5B3CA"), ascii("432198765432109870"), 18, pin)).toBeLessThan(0);
  });
});
