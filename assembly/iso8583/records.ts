// The field-set encoding used across the ABI (exports iso8583Pack and
// iso8583Unpack, docs/ABI.md): a sequence of records, each
//   field number (1 byte, 0..195) | value length (2 bytes, big-endian) | value
// in any order for input; unpack writes them in field order with the pseudo-
// fields last (195 primary bitmap, 193 TPDU, 194 header). Values are as a
// FieldSet holds them: text for n/an/ans/z fields, raw bytes for b fields.
import { ErrorCode, fail } from "../abi";
import { FieldSet, PRESENCE_WORDS } from "./fieldset";
import { copyBytes } from "./words";

const RECORD_HEADER: i32 = 3;

/** Loads records from src[0..len) into `fields` (cleared first): 0 or an ErrorCode. */
export function readRecords(src: usize, len: i32, fields: FieldSet): i32 {
  fields.clear();
  let at = 0;
  while (at < len) {
    if (RECORD_HEADER > len - at) return fail(ErrorCode.ISO_TRUNCATED, 0, at, RECORD_HEADER, len - at);
    const field = <i32>load<u8>(src + <usize>at);
    const n = (<i32>load<u8>(src + <usize>at, 1) << 8) | <i32>load<u8>(src + <usize>at, 2);
    at += RECORD_HEADER;
    if (n > len - at) return fail(ErrorCode.ISO_TRUNCATED, field, at, n, len - at);
    const err = fields.set(field, src + <usize>at, n);
    if (err) return err;
    at += n;
  }
  return 0;
}

/** Writes every field present as records into out[0..cap): bytes written or an ErrorCode. */
export function writeRecords(fields: FieldSet, out: usize, cap: i32): i32 {
  let at = 0;
  for (let w = 0; w < PRESENCE_WORDS; w++) {
    for (let bits = fields.presentWord(w); bits != 0; bits &= bits - 1) {
      const f = (w << 6) + <i32>ctz(bits);
      const n = fields.lengthAt(f);
      if (RECORD_HEADER + n > cap - at) return fail(ErrorCode.OUTPUT_TOO_SMALL, f, at, RECORD_HEADER + n, cap - at);
      const p = out + <usize>at;
      store<u8>(p, <u8>f);
      store<u8>(p, <u8>(n >> 8), 1);
      store<u8>(p, <u8>n, 2);
      copyBytes(p + RECORD_HEADER, fields.valueAt(f), n);
      at += RECORD_HEADER + n;
    }
  }
  return at;
}

// ---- what the exports do (assembly/index.ts calls these) ----------------------

import { INPUT, TOOLS_OUTPUT, TOOLS_OUTPUT_CAPACITY, inputLengthFits, setOutputLength } from "../abi";
import { pack, unpack, clearMacRegion } from "./codec";
import { fieldRow, dialectTable } from "./spec";

/** The one field set the exports use, allocated at start-up. */
const abiFields = new FieldSet();

/** Records in INPUT[0..inputLength) -> message in TOOLS_OUTPUT: bytes or an ErrorCode. */
export function packRecords(dialect: i32, inputLength: i32): i32 {
  clearMacRegion(); // a failure below must not leave the last message's region readable
  let r = inputLengthFits(inputLength);
  if (r < 0) return r;
  r = readRecords(INPUT, inputLength, abiFields);
  if (r < 0) return r;
  r = pack(dialect, abiFields, TOOLS_OUTPUT, TOOLS_OUTPUT_CAPACITY);
  if (r < 0) return r;
  setOutputLength(r);
  return r;
}

/** Message in INPUT[0..inputLength) -> records in TOOLS_OUTPUT: bytes or an ErrorCode. */
export function unpackRecords(dialect: i32, inputLength: i32): i32 {
  clearMacRegion();
  let r = inputLengthFits(inputLength);
  if (r < 0) return r;
  r = unpack(dialect, INPUT, inputLength, abiFields);
  if (r < 0) return r;
  r = writeRecords(abiFields, TOOLS_OUTPUT, TOOLS_OUTPUT_CAPACITY);
  if (r < 0) return r;
  setOutputLength(r);
  return r;
}

/**
 * A field's spec as one number for hosts: content class (bits 0..3: 0 not
 * defined, 1 n, 2 an, 3 ans, 4 b, 5 z) | length type << 4 (0 fixed, 2 LL,
 * 3 LLL, 4 LLLL) | maximum length << 8. ErrorCode for a bad dialect.
 */
export function fieldSpec(dialect: i32, field: i32): i32 {
  if (dialectTable(dialect) == 0) return fail(ErrorCode.ISO_BAD_DIALECT, field, 0, 0, dialect);
  const row = fieldRow(dialect, field);
  return <i32>((row >> 16) & 0xF) | (<i32>(row & 7) << 4) | (<i32>((row >> 32) & 0xFFFF) << 8);
}
