// How many display cells a code point takes, as one table: the flow lays its
// screens out by it, and scripts/gen-abi.mjs copies it to the hosts' displays
// (host/generated/abi.ts), so a simulator cuts a line where the core does.
// Two cells for East Asian Wide and Fullwidth characters (UAX #11), and for the
// private-use area, where ID chips put rare hanzi; one cell for everything else.

/** Inclusive ranges [first, last, first, last, ...] of two-cell code points, ascending. */
export const WIDE_RANGES: StaticArray<i32> = [
  0x1100, 0x115f,   // Hangul Jamo leading consonants
  0x2e80, 0xa4cf,   // CJK radicals .. Yi
  0xac00, 0xd7a3,   // Hangul syllables
  0xe000, 0xfaff,   // private use (rare hanzi of ID chips), CJK compatibility ideographs
  0xfe30, 0xfe4f,   // CJK compatibility forms
  0xff00, 0xff60,   // fullwidth forms
  0xffe0, 0xffe6,   // fullwidth signs
  0x20000, 0x3fffd, // CJK extension planes
];

/** Cells a code point takes: 2 inside WIDE_RANGES, else 1. */
export function cellsOf(c: i32): i32 {
  // Plain loads: at shrink level 2 an element read stays a call, and this runs once per character laid out.
  const ranges = changetype<usize>(WIDE_RANGES);
  const end = ranges + (<usize>WIDE_RANGES.length << 2);
  for (let p = ranges; p < end; p += 8) {
    if (c < load<i32>(p)) return 1;
    if (c <= load<i32>(p, 4)) return 2;
  }
  return 1;
}
