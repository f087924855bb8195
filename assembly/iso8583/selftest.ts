// Known answers for ISO 8583, run by the power-on self test (200s): a cup
// sign-on frame worked out by hand from the field table (tests/assembly/
// iso8583-cup.spec.ts builds the same one), unpacked, packed back, and the
// tag2 TLV lookup and the BER-TLV element reader (the card reader's, for chip data)
// on small fixed inputs. It runs the cup-only pack and unpack, the ones the terminal
// uses (codec.ts).
import { beginCall } from "../abi";
import { FieldSet } from "./fieldset";
import { Dialect } from "./spec";
import { packCup, unpackCup, macRegionOffset, macRegionLength } from "./codec";
import { tlvFind, tlvFoundLength, berRead, berTag, berValueOffset, berLength } from "./tlv";

// length 003C | TPDU 6000030000 | header 603100000000 | MTI 0800 |
// bitmap 0020000000C00012 | 11 000001 | 41 "12345678" | 42 "123456789012345" |
// 60 0011 000000010030 | 63 0003 "001"
const SIGN_ON_LENGTH: i32 = 62;
@lazy const SIGN_ON = memory.data<u8>([
  0x00, 0x3C, 0x60, 0x00, 0x03, 0x00, 0x00, 0x60, 0x31, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00,
  0x20, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x12, 0x00, 0x00, 0x01, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36,
  0x37, 0x38, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x30, 0x31, 0x32, 0x33, 0x34,
  0x35, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01, 0x00, 0x30, 0x00, 0x03, 0x30, 0x30, 0x31,
]);

// "NM009ZHANG SANPH01113800138000": the phone number's value is at 19, 11 bytes.
const TAG2_LENGTH: i32 = 30;
@lazy const TAG2 = memory.data<u8>([
  0x4E, 0x4D, 0x30, 0x30, 0x39, 0x5A, 0x48, 0x41, 0x4E, 0x47, 0x20, 0x53, 0x41, 0x4E,
  0x50, 0x48, 0x30, 0x31, 0x31, 0x31, 0x33, 0x38, 0x30, 0x30, 0x31, 0x33, 0x38, 0x30, 0x30, 0x30,
]);

// 9F26 08 1122334455667788: a two-byte tag, its value at 3, the element 11 bytes.
const BER_LENGTH: i32 = 11;
@lazy const BER = memory.data<u8>([0x9F, 0x26, 0x08, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);

// The unpacked MTI "0800" and field 60 "00000001003" (its first 8 and last 4
// characters) as little-endian words.
const MTI_0800: u32 = 0x30303830;
const FIELD_60_HEAD: u64 = 0x3130303030303030;
const FIELD_60_TAIL: u32 = 0x33303031;

const SCRATCH_SIZE: i32 = 128;
@lazy const SCRATCH = memory.data(SCRATCH_SIZE);

/** The field set the self test uses, allocated once at start-up: the sign-on frame's values need no more. */
const selfTestFields = new FieldSet(SCRATCH_SIZE);

export function iso8583SelfTest(): i32 {
  const fields = selfTestFields;
  // 201: the sign-on frame unpacks, with the MTI and field 60 as expected (BCD
  // digits back as ASCII; field 41's text comes back in 202's bytes)
  if (unpackCup(Dialect.CUP, SIGN_ON, SIGN_ON_LENGTH, fields) != 0) return 201;
  if (fields.length(0) != 4 || load<u32>(fields.ptr(0)) != MTI_0800) return 201;
  if (fields.length(60) != 11 || load<u64>(fields.ptr(60)) != FIELD_60_HEAD || load<u32>(fields.ptr(60), 7) != FIELD_60_TAIL) return 201;
  if (macRegionOffset() != 13 || macRegionLength() != SIGN_ON_LENGTH - 13) return 201;
  // 202: and packs back to the same bytes
  if (packCup(Dialect.CUP, fields, SCRATCH, SCRATCH_SIZE) != SIGN_ON_LENGTH) return 202;
  for (let i = 0; i < SIGN_ON_LENGTH; i++) {
    if (load<u8>(SCRATCH + <usize>i) != load<u8>(SIGN_ON + <usize>i)) return 202;
  }
  // 203: a frame one byte short is refused
  if (unpackCup(Dialect.CUP, SIGN_ON, SIGN_ON_LENGTH - 1, fields) >= 0) return 203;
  beginCall(); // that refusal was expected: leave no failure recorded
  // 204: tag2 TLV lookup
  if (tlvFind(TAG2, TAG2_LENGTH, "PH") != 19 || tlvFoundLength() != 11) return 204;
  // 205: BER-TLV: the first element, a two-byte tag
  if (berRead(BER, BER_LENGTH, 0) != BER_LENGTH || berTag() != 0x9F26 || berValueOffset() != 3 || berLength() != 8) return 205;
  return 0;
}
