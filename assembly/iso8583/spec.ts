// ISO 8583 field specs as data. A dialect is one table of rows (one per field,
// indexed by field number, as jPOS's packager tables list /*002*/ IFA_LLNUM)
// plus its MTI, bitmap and framing choices. Adding a dialect means adding a
// table and a case in dialectTable()/dialectFlags(), not code.
//
// A row is four u16 words:
//   w0 length type (FIXED, LL, LLL, LLLL) | length-prefix encoding (LEN_*)
//   w1 content class (N, AN, ANS, B, Z)   | data encoding (DATA_*)
//   w2 maximum length (the fixed length for FIXED fields), counted in the
//      units of the value a FieldSet holds: digits for n, characters for
//      an/ans/z, bytes for b
//   w3 flags: ALIGN_RIGHT (pad an odd BCD value on the left), COUNT_BYTES
//      (a BCD length prefix counts bytes, not digits), PAD_F (pad nibble F
//      instead of 0)
// A row of zeros is a field the dialect does not define.

import { ErrorCode, fail } from "../abi";
import { copyBytes } from "./words";

/**
 * The dialects shipped; the number is what exports and the CLI pass (3 is the
 * custom dialect). CUP_VERIFY is cup with the private fields 48 and 61 carried
 * as text, as the public account-verification request fills them (docs/PROTOCOL.md).
 */
export const enum Dialect { ASCII87 = 0, BIN87 = 1, CUP = 2, CUP_VERIFY = 4 }

// w0: length type (low 3 bits)
export const UNDEFINED: u16 = 0;
export const FIXED: u16 = 0;
export const LL: u16 = 2;
export const LLL: u16 = 3;
export const LLLL: u16 = 4;
// w0: length-prefix encoding (bits 4..5)
export const LEN_ASCII: u16 = 0 << 4;
export const LEN_BCD: u16 = 1 << 4;
export const LEN_BINARY: u16 = 2 << 4;
export const LEN_EBCDIC: u16 = 3 << 4;

// w1: content class (low 4 bits); 0 = field not defined
export const N: u16 = 1;     // digits
export const AN: u16 = 2;    // printable ASCII (letters, digits, space, punctuation)
export const ANS: u16 = 3;   // any byte (special characters, GBK text)
export const B: u16 = 4;     // raw bytes
export const Z: u16 = 5;     // track data: digits and '=' (BCD nibble D)
// w1: data encoding (bits 4..7)
export const DATA_ASCII: u16 = 0 << 4;
export const DATA_BCD: u16 = 1 << 4;
export const DATA_BINARY: u16 = 2 << 4;
export const DATA_EBCDIC: u16 = 3 << 4;
export const DATA_HEX: u16 = 4 << 4;   // b field written as two uppercase hex characters per byte

// w3: flags
export const ALIGN_RIGHT: u16 = 1;
export const COUNT_BYTES: u16 = 2;
export const PAD_F: u16 = 0xF << 4;

// Dialect flags: MTI, bitmap and framing choices.
export const MTI_BCD: i32 = 1;          // MTI as 2 BCD bytes (else 4 ASCII digits)
export const BITMAP_HEX: i32 = 2;       // bitmaps as 16 hex characters (else 8 raw bytes)
export const SECONDARY: i32 = 4;        // bit 1 announces a secondary bitmap (fields 65..128)
export const TERTIARY: i32 = 8;         // bit 65 announces a tertiary bitmap (fields 129..192)
export const FRAME_CUP: i32 = 16;       // 2-byte length, TPDU (5), application header (6)
export const TEXT_ASCII: i32 = 32;      // an/ans values are 7-bit ASCII (pyiso8583's "ascii" codec refuses other bytes)

/** The flags of both cup dialects. */
export const CUP_FLAGS: i32 = MTI_BCD | FRAME_CUP;

/** The highest field number a table row can describe. */
export const MAX_FIELD: i32 = 192;

/**
 * A dialect supplied at run time as data: setCustomDialect() points it at a
 * table in the same row format. Lets a vendor (and the tests) use layouts not
 * shipped here without touching the codec.
 */
export const DIALECT_CUSTOM: i32 = 3;
let customTable: usize = 0;
let customRows: i32 = 0;
let customFlags: i32 = 0;

/**
 * Installs the custom dialect: `rows` rows (fields 0..rows-1, at most 193) of
 * 4 u16 words at `table`, and the dialect flags. 0, or BAD_ARGUMENT.
 */
export function setCustomDialect(table: usize, rows: i32, flags: i32): i32 {
  if (table == 0 || rows < 2 || rows > MAX_FIELD + 1) return fail(ErrorCode.BAD_ARGUMENT, 0, 0, MAX_FIELD + 1, rows);
  customTable = table;
  customRows = rows;
  customFlags = flags;
  return 0;
}

/** Field rows of a dialect (4 u16 words per field, fields 0..rowCount-1), or 0. */
export function dialectTable(dialect: i32): usize {
  if (dialect == Dialect.ASCII87) return ASCII87_TABLE;
  if (dialect == Dialect.BIN87) return BIN87_TABLE;
  if (dialect == DIALECT_CUSTOM) return customTable;
  return cupDialectTable(dialect);
}

/**
 * dialectTable() for the cup dialects alone (CUP, CUP_VERIFY), else 0: a module
 * that speaks only cup (the terminal) then holds no other dialect's rows.
 */
export function cupDialectTable(dialect: i32): usize {
  if (dialect == Dialect.CUP) return CUP_TABLE;
  if (dialect == Dialect.CUP_VERIFY) return cupVerifyTable();
  return 0;
}

/** How many rows the dialect's table has (fields beyond are undefined). */
export function dialectRows(dialect: i32): i32 {
  if (dialect == DIALECT_CUSTOM) return customRows;
  return dialect == Dialect.CUP || dialect == Dialect.CUP_VERIFY ? CUP_ROWS : 129;
}

export function dialectFlags(dialect: i32): i32 {
  if (dialect == Dialect.ASCII87) return BITMAP_HEX | SECONDARY | TEXT_ASCII;
  if (dialect == Dialect.BIN87) return SECONDARY | TEXT_ASCII;
  if (dialect == Dialect.CUP || dialect == Dialect.CUP_VERIFY) return CUP_FLAGS;
  if (dialect == DIALECT_CUSTOM) return customFlags;
  return 0;
}

/**
 * The row of `field` in `table`, as one u64 (w0 | w1 << 16 | w2 << 32 | w3 << 48),
 * or 0 for a field outside the table.
 */
// @ts-ignore: decorator
@inline export function fieldRow(dialect: i32, field: i32): u64 {
  if (<u32>field >= <u32>dialectRows(dialect)) return 0;
  const table = dialectTable(dialect);
  if (table == 0) return 0;
  return load<u64>(table + (<usize>field << 3));
}

// ISO 8583:1987 as pyiso8583's `default_ascii` lays it out: ASCII digits and
// text, bitmaps, PIN, ICC data and MACs as hex characters. Content classes are
// the standard's (pyiso8583 itself does not check content).
@lazy const ASCII87_TABLE: usize = memory.data<u16>([
  /*000*/ UNDEFINED, 0, 0, 0,
  /*001*/ UNDEFINED, 0, 0, 0,
  /*002*/ LL | LEN_ASCII,    N | DATA_ASCII,        19,  0,
  /*003*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*004*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*005*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*006*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*007*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*008*/ FIXED | LEN_ASCII, N | DATA_ASCII,        8,   0,
  /*009*/ FIXED | LEN_ASCII, N | DATA_ASCII,        8,   0,
  /*010*/ FIXED | LEN_ASCII, N | DATA_ASCII,        8,   0,
  /*011*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*012*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*013*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*014*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*015*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*016*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*017*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*018*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*019*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*020*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*021*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*022*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*023*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*024*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*025*/ FIXED | LEN_ASCII, N | DATA_ASCII,        2,   0,
  /*026*/ FIXED | LEN_ASCII, N | DATA_ASCII,        2,   0,
  /*027*/ FIXED | LEN_ASCII, N | DATA_ASCII,        1,   0,
  /*028*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*029*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*030*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*031*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*032*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*033*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*034*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      28,  0,
  /*035*/ LL | LEN_ASCII,    Z | DATA_ASCII,        37,  0,
  /*036*/ LLL | LEN_ASCII,   Z | DATA_ASCII,        104, 0,
  /*037*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       12,  0,
  /*038*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       6,   0,
  /*039*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       2,   0,
  /*040*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*041*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      8,   0,
  /*042*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      15,  0,
  /*043*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      40,  0,
  /*044*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      25,  0,
  /*045*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      76,  0,
  /*046*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*047*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*048*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*049*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*050*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*051*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*052*/ FIXED | LEN_ASCII, B | DATA_HEX,          8,   0,
  /*053*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*054*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      240, 0,
  /*055*/ LLL | LEN_ASCII,   B | DATA_HEX,          255, 0, // prefix counts hex characters
  /*056*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*057*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*058*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*059*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*060*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*061*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*062*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*063*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*064*/ FIXED | LEN_ASCII, B | DATA_HEX,          8,   0,
  /*065*/ FIXED | LEN_ASCII, B | DATA_HEX,          8,   0,
  /*066*/ FIXED | LEN_ASCII, N | DATA_ASCII,        1,   0,
  /*067*/ FIXED | LEN_ASCII, N | DATA_ASCII,        2,   0,
  /*068*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*069*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*070*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*071*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*072*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*073*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*074*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*075*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*076*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*077*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*078*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*079*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*080*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*081*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*082*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*083*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*084*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*085*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*086*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*087*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*088*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*089*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*090*/ FIXED | LEN_ASCII, N | DATA_ASCII,        42,  0,
  /*091*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       1,   0,
  /*092*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       2,   0,
  /*093*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       5,   0,
  /*094*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       7,   0,
  /*095*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       42,  0,
  /*096*/ FIXED | LEN_ASCII, B | DATA_HEX,          8,   0,
  /*097*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       17,  0,
  /*098*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      25,  0,
  /*099*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*100*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*101*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      17,  0,
  /*102*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      28,  0,
  /*103*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      28,  0,
  /*104*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      100, 0,
  /*105*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*106*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*107*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*108*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*109*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*110*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*111*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*112*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*113*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*114*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*115*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*116*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*117*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*118*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*119*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*120*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*121*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*122*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*123*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*124*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*125*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*126*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*127*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*128*/ FIXED | LEN_ASCII, B | DATA_HEX,          8,   0,
]);

// The same table with binary bitmaps, PIN, ICC data and MACs (pyiso8583's
// `default`).
@lazy const BIN87_TABLE: usize = memory.data<u16>([
  /*000*/ UNDEFINED, 0, 0, 0,
  /*001*/ UNDEFINED, 0, 0, 0,
  /*002*/ LL | LEN_ASCII,    N | DATA_ASCII,        19,  0,
  /*003*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*004*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*005*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*006*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*007*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*008*/ FIXED | LEN_ASCII, N | DATA_ASCII,        8,   0,
  /*009*/ FIXED | LEN_ASCII, N | DATA_ASCII,        8,   0,
  /*010*/ FIXED | LEN_ASCII, N | DATA_ASCII,        8,   0,
  /*011*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*012*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*013*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*014*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*015*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*016*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*017*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*018*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*019*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*020*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*021*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*022*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*023*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*024*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*025*/ FIXED | LEN_ASCII, N | DATA_ASCII,        2,   0,
  /*026*/ FIXED | LEN_ASCII, N | DATA_ASCII,        2,   0,
  /*027*/ FIXED | LEN_ASCII, N | DATA_ASCII,        1,   0,
  /*028*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*029*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*030*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*031*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       9,   0,
  /*032*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*033*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*034*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      28,  0,
  /*035*/ LL | LEN_ASCII,    Z | DATA_ASCII,        37,  0,
  /*036*/ LLL | LEN_ASCII,   Z | DATA_ASCII,        104, 0,
  /*037*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       12,  0,
  /*038*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       6,   0,
  /*039*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       2,   0,
  /*040*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*041*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      8,   0,
  /*042*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      15,  0,
  /*043*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      40,  0,
  /*044*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      25,  0,
  /*045*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      76,  0,
  /*046*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*047*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*048*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*049*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*050*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*051*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       3,   0,
  /*052*/ FIXED | LEN_ASCII, B | DATA_BINARY,       8,   0,
  /*053*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*054*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      240, 0,
  /*055*/ LLL | LEN_ASCII,   B | DATA_BINARY,       255, 0,
  /*056*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*057*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*058*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*059*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*060*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*061*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*062*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*063*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*064*/ FIXED | LEN_ASCII, B | DATA_BINARY,       8,   0,
  /*065*/ FIXED | LEN_ASCII, B | DATA_BINARY,       8,   0,
  /*066*/ FIXED | LEN_ASCII, N | DATA_ASCII,        1,   0,
  /*067*/ FIXED | LEN_ASCII, N | DATA_ASCII,        2,   0,
  /*068*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*069*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*070*/ FIXED | LEN_ASCII, N | DATA_ASCII,        3,   0,
  /*071*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*072*/ FIXED | LEN_ASCII, N | DATA_ASCII,        4,   0,
  /*073*/ FIXED | LEN_ASCII, N | DATA_ASCII,        6,   0,
  /*074*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*075*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*076*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*077*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*078*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*079*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*080*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*081*/ FIXED | LEN_ASCII, N | DATA_ASCII,        10,  0,
  /*082*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*083*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*084*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*085*/ FIXED | LEN_ASCII, N | DATA_ASCII,        12,  0,
  /*086*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*087*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*088*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*089*/ FIXED | LEN_ASCII, N | DATA_ASCII,        16,  0,
  /*090*/ FIXED | LEN_ASCII, N | DATA_ASCII,        42,  0,
  /*091*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       1,   0,
  /*092*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       2,   0,
  /*093*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       5,   0,
  /*094*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       7,   0,
  /*095*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       42,  0,
  /*096*/ FIXED | LEN_ASCII, B | DATA_BINARY,       8,   0,
  /*097*/ FIXED | LEN_ASCII, AN | DATA_ASCII,       17,  0,
  /*098*/ FIXED | LEN_ASCII, ANS | DATA_ASCII,      25,  0,
  /*099*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*100*/ LL | LEN_ASCII,    N | DATA_ASCII,        11,  0,
  /*101*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      17,  0,
  /*102*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      28,  0,
  /*103*/ LL | LEN_ASCII,    ANS | DATA_ASCII,      28,  0,
  /*104*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      100, 0,
  /*105*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*106*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*107*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*108*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*109*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*110*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*111*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*112*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*113*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*114*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*115*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*116*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*117*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*118*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*119*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*120*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*121*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*122*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*123*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*124*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*125*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*126*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*127*/ LLL | LEN_ASCII,   ANS | DATA_ASCII,      999, 0,
  /*128*/ FIXED | LEN_ASCII, B | DATA_BINARY,       8,   0,
]);

// China UnionPay direct-connect POS terminal layout (see docs/PROTOCOL.md,
// "The cup dialect", for the sources). Numeric fields are packed BCD,
// left-aligned with a 0 pad nibble, except field 23 (right-aligned); BCD
// length prefixes count digits for n and z fields and bytes for the rest.
// Only the primary bitmap exists: bit 1 set is an undefined field. z fields
// carry the 16 characters of the 4-bit track code (0-9 : ; < = > ?), so an
// encrypted track travels in the same field.
export const CUP_ROWS: i32 = 65;
@lazy const CUP_TABLE: usize = memory.data<u16>([
  /*000*/ UNDEFINED, 0, 0, 0,
  /*001*/ UNDEFINED, 0, 0, 0,
  /*002*/ LL | LEN_BCD,     N | DATA_BCD,      19,  0,           // primary account number
  /*003*/ FIXED,            N | DATA_BCD,      6,   0,           // processing code
  /*004*/ FIXED,            N | DATA_BCD,      12,  0,           // amount
  /*005*/ UNDEFINED, 0, 0, 0,
  /*006*/ UNDEFINED, 0, 0, 0,
  /*007*/ UNDEFINED, 0, 0, 0,
  /*008*/ UNDEFINED, 0, 0, 0,
  /*009*/ UNDEFINED, 0, 0, 0,
  /*010*/ UNDEFINED, 0, 0, 0,
  /*011*/ FIXED,            N | DATA_BCD,      6,   0,           // STAN
  /*012*/ FIXED,            N | DATA_BCD,      6,   0,           // local time hhmmss
  /*013*/ FIXED,            N | DATA_BCD,      4,   0,           // local date MMDD
  /*014*/ FIXED,            N | DATA_BCD,      4,   0,           // expiry YYMM
  /*015*/ FIXED,            N | DATA_BCD,      4,   0,           // settlement date MMDD
  /*016*/ UNDEFINED, 0, 0, 0,
  /*017*/ UNDEFINED, 0, 0, 0,
  /*018*/ UNDEFINED, 0, 0, 0,
  /*019*/ UNDEFINED, 0, 0, 0,
  /*020*/ UNDEFINED, 0, 0, 0,
  /*021*/ UNDEFINED, 0, 0, 0,
  /*022*/ FIXED,            N | DATA_BCD,      3,   0,           // POS entry mode, left-aligned
  /*023*/ FIXED,            N | DATA_BCD,      3,   ALIGN_RIGHT, // card sequence number, right-aligned
  /*024*/ UNDEFINED, 0, 0, 0,
  /*025*/ FIXED,            N | DATA_BCD,      2,   0,           // POS condition code
  /*026*/ FIXED,            N | DATA_BCD,      2,   0,           // PIN capture code
  /*027*/ UNDEFINED, 0, 0, 0,
  /*028*/ UNDEFINED, 0, 0, 0,
  /*029*/ UNDEFINED, 0, 0, 0,
  /*030*/ UNDEFINED, 0, 0, 0,
  /*031*/ UNDEFINED, 0, 0, 0,
  /*032*/ LL | LEN_BCD,     N | DATA_BCD,      11,  0,           // acquiring institution
  /*033*/ UNDEFINED, 0, 0, 0,
  /*034*/ UNDEFINED, 0, 0, 0,
  /*035*/ LL | LEN_BCD,     Z | DATA_BCD,      37,  0,           // track 2 (clear, or encrypted under the TDK)
  /*036*/ LLL | LEN_BCD,    Z | DATA_BCD,      104, 0,           // track 3
  /*037*/ FIXED,            AN | DATA_ASCII,   12,  0,           // retrieval reference number
  /*038*/ FIXED,            AN | DATA_ASCII,   6,   0,           // authorization code
  /*039*/ FIXED,            AN | DATA_ASCII,   2,   0,           // response code
  /*040*/ UNDEFINED, 0, 0, 0,
  /*041*/ FIXED,            ANS | DATA_ASCII,  8,   0,           // terminal ID
  /*042*/ FIXED,            ANS | DATA_ASCII,  15,  0,           // merchant ID
  /*043*/ UNDEFINED, 0, 0, 0,
  /*044*/ LL | LEN_BCD,     ANS | DATA_ASCII,  25,  0,           // additional response data
  /*045*/ UNDEFINED, 0, 0, 0,
  /*046*/ UNDEFINED, 0, 0, 0,
  /*047*/ UNDEFINED, 0, 0, 0,
  /*048*/ LLL | LEN_BCD,    N | DATA_BCD,      322, 0,           // additional data, private (settlement totals)
  /*049*/ FIXED,            AN | DATA_ASCII,   3,   0,           // currency code
  /*050*/ UNDEFINED, 0, 0, 0,
  /*051*/ UNDEFINED, 0, 0, 0,
  /*052*/ FIXED,            B | DATA_BINARY,   8,   0,           // PIN block
  /*053*/ FIXED,            N | DATA_BCD,      16,  0,           // security control: PIN format, algorithm, track encryption
  /*054*/ LLL | LEN_BCD,    ANS | DATA_ASCII,  20,  0,           // balance / additional amounts
  /*055*/ LLL | LEN_BCD,    B | DATA_BINARY,   255, 0,           // ICC data (BER-TLV)
  /*056*/ UNDEFINED, 0, 0, 0,
  /*057*/ UNDEFINED, 0, 0, 0,
  /*058*/ LLL | LEN_BCD,    ANS | DATA_ASCII,  100, 0,           // PBOC electronic wallet data
  /*059*/ LLL | LEN_BCD,    ANS | DATA_ASCII,  600, 0,           // private (terminal information)
  /*060*/ LLL | LEN_BCD,    N | DATA_BCD,      999, 0,           // 60.1 type, 60.2 batch, 60.3 network code, 60.4-60.7, acquirers' own
  /*061*/ LLL | LEN_BCD,    N | DATA_BCD,      29,  0,           // original message data: 61.1 batch, 61.2 STAN, 61.3 date, 61.4-61.5
  /*062*/ LLL | LEN_BCD,    B | DATA_BINARY,   512, 0,           // private (keys in sign-on replies)
  /*063*/ LLL | LEN_BCD,    ANS | DATA_ASCII,  163, 0,           // private (operator code in sign-on, card organisation)
  /*064*/ FIXED,            B | DATA_BINARY,   8,   0,           // MAC
]);

// The public account-verification request (持卡人验证, as teddy-lee/AIAUnionPay
// sends it) carries field 48 as the text "CK10#" and field 61 as 53 bytes of
// text, where cup's rows say digits; its packager declares both ans...999.
// Every other row is cup's.
const CUP_VERIFY_TEXT_ROW: u64 = <u64>(LLL | LEN_BCD) | <u64>(ANS | DATA_ASCII) << 16 | <u64>999 << 32;
@lazy const CUP_VERIFY_TABLE: usize = memory.data(CUP_ROWS << 3);
let cupVerifyBuilt = false;

/** cup's rows with 48 and 61 as text (built once: the rows never change). */
function cupVerifyTable(): usize {
  if (!cupVerifyBuilt) {
    copyBytes(CUP_VERIFY_TABLE, CUP_TABLE, CUP_ROWS << 3);
    store<u64>(CUP_VERIFY_TABLE + (48 << 3), CUP_VERIFY_TEXT_ROW);
    store<u64>(CUP_VERIFY_TABLE + (61 << 3), CUP_VERIFY_TEXT_ROW);
    cupVerifyBuilt = true;
  }
  return CUP_VERIFY_TABLE;
}
