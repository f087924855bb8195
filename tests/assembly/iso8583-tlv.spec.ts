// TLV codecs inside fields: 2-character-tag TLV (48, 62, 63) and BER-TLV (55).
import { ErrorCode } from "../../assembly/abi";
import {
  tlvAppend, tlvFind, tlvFoundLength,
  berAppend, berFind, berRead, berTag, berValueOffset, berLength, berConstructed,
} from "../../assembly/iso8583/api";
import { hexIn as hexAt, hexOf, textIn as textAt, textOf as asText } from "./hex";

const BUF = 512;
const OUT: usize = memory.data(BUF);
const SRC: usize = memory.data(BUF);

function text(s: string, at: usize = SRC): i32 { return textAt(s, at); }
function hexIn(s: string, at: usize = SRC): i32 { return hexAt(s, at); }




describe("tag2 TLV", () => {
  /** Two entries append as tag, 3-digit length, value, and each is found again by its tag. */
  it("appends and finds", () => {
    let at = tlvAppend(OUT, BUF, 0, "NM", SRC, text("ZHANG SAN"));
    expect(at).toBe(14);
    at = tlvAppend(OUT, BUF, at, "PH", SRC, text("13800138000"));
    expect(at).toBe(30);
    expect(asText(OUT, at)).toBe("NM009ZHANG SANPH01113800138000");
    const v = tlvFind(OUT, at, "PH");
    expect(v).toBe(19);
    expect(tlvFoundLength()).toBe(11);
    expect(asText(OUT + <usize>v, tlvFoundLength())).toBe("13800138000");
  });

  /** A tag that is absent is reported as not found; a length running past the data is malformed. */
  it("reports absent tags and bad lengths", () => {
    const n = text("NM009ZHANG SAN");
    expect(tlvFind(SRC, n, "ID")).toBe(ErrorCode.ISO_TLV_NOT_FOUND);
    const m = text("NM010ZHANG SAN");
    expect(tlvFind(SRC, m, "ID")).toBe(ErrorCode.ISO_TLV_BAD_LENGTH);
    const k = text("NM0X9ZHANG SAN");
    expect(tlvFind(SRC, k, "NM")).toBe(ErrorCode.ISO_TLV_BAD_LENGTH);
  });

  /** Tags must be 2 printable characters; values over 999 bytes and full buffers are refused. */
  it("refuses bad tags, long values and full buffers", () => {
    expect(tlvAppend(OUT, BUF, 0, "N", SRC, 1)).toBe(ErrorCode.ISO_TLV_BAD_TAG);
    expect(tlvAppend(OUT, BUF, 0, "N ", SRC, 1)).toBe(ErrorCode.ISO_TLV_BAD_TAG);
    expect(tlvAppend(OUT, BUF, 0, " M", SRC, 1)).toBe(ErrorCode.ISO_TLV_BAD_TAG);
    expect(tlvAppend(OUT, BUF, 0, "NMX", SRC, 1)).toBe(ErrorCode.ISO_TLV_BAD_TAG);
    expect(tlvFind(OUT, 0, "N\x7F")).toBe(ErrorCode.ISO_TLV_BAD_TAG);
    expect(tlvAppend(OUT, BUF, 0, "NM", SRC, 1000)).toBe(ErrorCode.ISO_TLV_BAD_LENGTH);
    expect(tlvAppend(OUT, 10, 0, "NM", SRC, 6)).toBe(ErrorCode.ISO_TLV_FULL);
    expect(tlvAppend(OUT, 10, 0, "NM", SRC, 5)).toBe(10);
  });
});

// EMV field 55 fragment: 9F26 (application cryptogram, 8 bytes), 9F27 (1 byte), 95 (TVR, 5 bytes)
const ICC = "9F2608" + "1122334455667788" + "9F270180" + "95050000000000";

describe("BER-TLV", () => {
  /** Elements are read one after the other with their tags, lengths and value offsets. */
  it("reads elements", () => {
    const n = hexIn(ICC);
    let at = berRead(SRC, n, 0);
    expect(at).toBe(11);
    expect(berTag()).toBe(0x9F26);
    expect(berValueOffset()).toBe(3);
    expect(berLength()).toBe(8);
    expect(berConstructed()).toBe(false);
    at = berRead(SRC, n, at);
    expect(berTag()).toBe(0x9F27);
    at = berRead(SRC, n, at);
    expect(berTag()).toBe(0x95);
    expect(at).toBe(n);
  });

  /** berFind locates a tag's value among the top-level elements. */
  it("finds a tag", () => {
    const n = hexIn(ICC);
    const v = berFind(SRC, n, 0x95);
    expect(v).toBe(17);
    expect(tlvFoundLength()).toBe(5);
    expect(berFind(SRC, n, 0x9F36)).toBe(ErrorCode.ISO_TLV_NOT_FOUND);
  });

  /** berAppend writes the same bytes back, including the 0x81 long length form. */
  it("writes elements", () => {
    hexIn("1122334455667788");
    let at = berAppend(OUT, BUF, 0, 0x9F26, SRC, 8);
    expect(hexOf(OUT, at)).toBe("9F26081122334455667788");
    at = berAppend(OUT, BUF, 0, 0x71, SRC, 200);
    expect(hexOf(OUT, 3)).toBe("7181C8");
    expect(at).toBe(203);
    expect(berRead(OUT, at, 0)).toBe(203);
    expect(berConstructed()).toBe(true);
    expect(berAppend(OUT, 10, 0, 0x9F26, SRC, 8)).toBe(ErrorCode.ISO_TLV_FULL);
  });

  /** Lengths past the data, indefinite lengths and overlong tags are errors, not reads out of bounds. */
  it("refuses malformed elements", () => {
    let n = hexIn("9F2609" + "1122334455667788");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_LENGTH);
    n = hexIn("9F2680");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_LENGTH);
    n = hexIn("9F2683000001");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_LENGTH);
    n = hexIn("9F2681");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_LENGTH);
    n = hexIn("9F268200");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_LENGTH);
    n = hexIn("9F26820001" + "11");
    expect(berRead(SRC, n, 0)).toBe(6);
    expect(berLength()).toBe(1);
    n = hexIn("9F9F9F0100");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_TAG);
    n = hexIn("9F");
    expect(berRead(SRC, n, 0)).toBe(ErrorCode.ISO_BER_BAD_TAG);
  });
});
