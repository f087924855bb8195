// Writes the UTF-8 blocks of the module's tables of texts: every table below
// (an enum of ids and an array of string literals beside it, the copy people
// edit) becomes one block of bytes with an index of where each entry starts. The
// module then carries the texts as the bytes it shows, prints, logs or compares,
// without AssemblyScript's UTF-16 string objects (a 20-byte header and two bytes
// per ASCII character each, and a data segment of their own), and copies them
// instead of converting every character.
//
// The screen texts (TEXTS) were still the module's biggest data segment, so they
// are pair-encoded: byte values no text uses stand for a pair of bytes, pairs of
// pairs included (7,489 bytes of UTF-8 became 4,833 and a table of 116 pairs).
// The words (WORDS) are pair-encoded with them, one block and one table of pairs
// learnt over both (9,129 bytes of UTF-8 become 6,121 with 111 pairs; the words'
// 16-bit starts become lengths too): 464 bytes less module than the words as
// UTF-8 beside the texts' own pairs, which would not even do, as five of the
// byte values the texts leave free ('#', '0', '9', 'j', 'z') are in words.
// Each table expands into a scratch of its own, so a word never overwrites the
// text a caller is showing, nor a text the word. Comparing a word now expands
// it: reading the profile's keys costs about 205 k instructions more at start-up
// (333 k -> 538 k of the 1,000,000 budget), a verification about 5 k.
// Pairs rather than a dictionary of strings or a Huffman code, because the
// expander is then a table lookup and a small stack: its code costs a few dozen
// bytes of the saving and about a dozen instructions per byte expanded, and it
// cannot go wrong on any input (an id outside the table reads "?"; what an entry
// expands to is fixed here, at build time). A second set of codes behind an escape
// byte saves nothing: an escaped code costs two bytes, what a pair of bytes costs.
// The pairs' rows are indexed by the byte itself, not packed by rank: a first
// version with packed rows (a popcount per code) and a recursive expander was 28
// bytes smaller and took a quarter more instructions per verification. UTF-8
// continuation bytes are never codes, so the rows are 192, not 256.
// Their index is one byte of length per entry and a start per 16 entries, not a
// 16-bit start per entry: 350 bytes less for up to 15 additions per text.
// The module expands one text at a time into a buffer sized for the longest; a
// text over the limit below (128 bytes, far more than a 16x4 screen holds) is
// refused, so the buffers in the one page of memory stay small. The self-test
// vectors (VECTORS) stay UTF-8: pairs of their own would take their 434 bytes to
// 211, but a table of rows of their own (384 bytes) would cost more than that, and
// with the texts' and words' they save nothing (one block of 6,565 bytes for
// 6,121 + 434).
//
//   node scripts/gen-texts.mjs            rewrite the files that differ (scripts/build.mjs runs this)
//   --root DIR                            work on another copy of the project (tests)
//
// The generated files are not committed: every build writes them. A table whose
// rows do not match its enum stops the build, naming both counts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

const rootArg = process.argv.indexOf("--root");
const root = rootArg > 0 ? process.argv[rootArg + 1] : new URL("..", import.meta.url).pathname;

/**
 * The tables: `columns` entries per id (id i in column c is entry columns * i + c);
 * entry ENTRIES is `unknown`, what an id outside the table reads as. The module
 * reads entry i with `${accessor}At(i)` and `${accessor}Length(i)`; the tables that
 * are `packed` (all those of one output in one block) with `${accessor}(i)`, which
 * writes it at `${prefix}_SCRATCH` and returns its length.
 */
const TABLES = [
  { source: "assembly/flow/texts.ts", enumName: "T", array: "TEXTS", columns: 2, prefix: "TEXT", accessor: "textEntry", unknown: "?", output: "assembly/generated/texts.ts",
    what: "text id t in language l (0 zh-CN, 1 en) is entry 2t + l", packed: { limit: 128 } },
  { source: "assembly/flow/texts.ts", enumName: "W", array: "WORDS", columns: 1, prefix: "WORD", accessor: "expandWord", unknown: "", output: "assembly/generated/texts.ts",
    what: "word id w is entry w", packed: { limit: 128 } },
  { source: "assembly/checks/selftest.ts", enumName: "V", array: "VECTORS", columns: 1, prefix: "VECTOR", accessor: "vector", unknown: "", output: "assembly/generated/vectors.ts",
    what: "vector id v is entry v" },
];

/** Numbers, wrapped at about 100 columns. */
const wrap = (values) => {
  const lines = [];
  let line = "";
  for (const v of values) {
    const item = `${v},`;
    if (line.length + item.length + 1 > 98) { lines.push(line); line = ""; }
    line += (line ? " " : "") + item;
  }
  if (line) lines.push(line);
  return lines.map((l) => `  ${l}`).join("\n");
};

/** One table's enum members and rows, read from its source. */
function read({ source, enumName, array }) {
  const sourceText = readFileSync(join(root, source), "utf8");
  const file = ts.createSourceFile(source, sourceText, ts.ScriptTarget.Latest, true);
  let members = null;
  let rows = null;
  /** Stops the generator: the error names the line; node exits 1 with it (no process.exit, issue 16). */
  const stop = (node, why) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    throw new Error(`gen-texts: ${source}:${line + 1}: ${why}`);
  };
  ts.forEachChild(file, (node) => {
    if (ts.isEnumDeclaration(node) && node.name.text === enumName) members = node.members.map((m) => m.name.getText(file));
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        if (d.name.getText(file) !== array) continue;
        if (!d.initializer || !ts.isArrayLiteralExpression(d.initializer)) stop(d, `${array} is not an array literal`);
        rows = d.initializer.elements.map((e) => (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : stop(e, "a text that is not a string literal")));
      }
    }
  });
  if (!members || !rows) throw new Error(`gen-texts: ${source}: enum ${enumName} or ${array} not found`);
  return { members, rows };
}

/**
 * Byte-pair encoding of a table's entries (arrays of UTF-8 bytes): while a pair
 * of adjacent bytes occurs more than twice (at twice, its two bytes in the pair
 * table cost what it saves), the most frequent one becomes the next byte value
 * that no entry uses. A pair may hold earlier codes. Returns the codes used, in
 * ascending order, their pairs in the same order, and the encoded entries.
 */
function pairEncode(entries) {
  const used = new Set(entries.flat());
  const free = [...Array(256).keys()].filter((b) => !used.has(b) && codeIndex(b) >= 0);
  let encoded = entries;
  const pairs = [];
  for (const code of free) {
    const counts = new Map();
    for (const e of encoded) for (let i = 1; i < e.length; i++) { const k = (e[i - 1] << 8) | e[i]; counts.set(k, (counts.get(k) ?? 0) + 1); }
    let pair = -1;
    let most = 2;
    for (const [k, n] of counts) if (n > most && k !== 0) { pair = k; most = n; } // (0, 0) marks a literal
    if (pair < 0) break;
    const [a, b] = [pair >> 8, pair & 0xff];
    pairs.push(a, b);
    encoded = encoded.map((e) => {
      const out = [];
      for (let i = 0; i < e.length; i++) {
        if (e[i] === a && e[i + 1] === b) { out.push(code); i++; } else out.push(e[i]);
      }
      return out;
    });
  }
  return { codes: free.slice(0, pairs.length / 2), pairs, encoded };
}

/**
 * Where byte b's pair is in the module's table of pairs, -1 where b cannot be a
 * code: UTF-8 continuation bytes (0x80-0xbf) are left out, so the table needs 192
 * rows, not 256 (the module computes the same, with the same compare).
 */
const CODE_ROWS = 192;

/**
 * A packed table's index: a 16-bit start for every GROUP-th entry and one byte of
 * length per entry (403 + 52 bytes for the texts instead of 806); finding an entry
 * adds up to GROUP - 1 lengths.
 */
const GROUP = 16;
function codeIndex(b) {
  const k = (b + 64) & 0xff;
  return k < CODE_ROWS ? k : -1;
}

/** The entries' bytes one after another, and where each starts (one more start: the end). */
function concatenate(entries) {
  const starts = [];
  let at = 0;
  for (const e of entries) { starts.push(at); at += e.length; }
  starts.push(at);
  return { bytes: entries.flat(), starts };
}

/** One table's entries (arrays of UTF-8 bytes, its `unknown` last) and a name for entry i, for errors. */
function entriesOf(table) {
  const { source, enumName, array, columns, unknown } = table;
  const { members, rows } = read(table);
  const count = members.indexOf("COUNT");
  if (count !== members.length - 1) throw new Error(`gen-texts: ${source}: COUNT must be the last member of enum ${enumName}`);
  if (rows.length !== columns * count) {
    throw new Error(`gen-texts: ${source}: ${array} has ${rows.length} entries, enum ${enumName} ${count} ids (${columns * count} entries: ${columns} each)`);
  }
  const entries = [...rows, unknown].map((s) => [...Buffer.from(s, "utf8")]);
  return { rows, entries, name: (i) => `${enumName}.${members[Math.floor(i / columns)]} (column ${(i % columns) + 1} of ${columns})` };
}

/** The generated declarations of one table kept as UTF-8. */
function block(table) {
  const { source, array, prefix, accessor, unknown, what } = table;
  const { rows, entries } = entriesOf(table);
  const { bytes, starts } = concatenate(entries);
  if (bytes.length > 0xffff) throw new Error(`gen-texts: ${bytes.length} bytes of ${array} do not fit 16-bit offsets`);
  return `
/** ${array} of ${source}: ${what}; entry ${prefix}_ENTRIES is ${JSON.stringify(unknown)}. */
export const ${prefix}_ENTRIES: i32 = ${rows.length};

/** UTF-8 of every entry of ${array}, one after another (${bytes.length} bytes). */
@lazy export const ${prefix}_BYTES: usize = memory.data<u8>([
${wrap(bytes)}
]);

/** Where entry i starts in ${prefix}_BYTES; entry i + 1's start is its end. */
@lazy export const ${prefix}_STARTS: usize = memory.data<u16>([
${wrap(starts)}
]);

/** Where entry i's index is (that of entry ${prefix}_ENTRIES for an i outside the table). */
@inline function ${accessor}Index(i: i32): usize {
  return ${prefix}_STARTS + ((<u32>i < <u32>${prefix}_ENTRIES ? <usize>i : <usize>${prefix}_ENTRIES) << 1);
}

/** Where the UTF-8 of entry i starts (static data; ${accessor}Length(i) bytes). */
export function ${accessor}At(i: i32): usize { return ${prefix}_BYTES + <usize>load<u16>(${accessor}Index(i)); }

/** Bytes of entry i. */
export function ${accessor}Length(i: i32): i32 {
  const at = ${accessor}Index(i);
  return <i32>load<u16>(at, 2) - <i32>load<u16>(at);
}
`;
}

/**
 * The generated declarations of the pair-encoded tables of one output: their
 * entries one after another in one block with one table of pairs (learnt over all
 * of them) and one expander; each table keeps its own accessor and scratch.
 */
function packedBlock(tables) {
  const parts = tables.map((table) => {
    const { source, array, prefix, packed } = table;
    const { rows, entries, name } = entriesOf(table);
    const over = entries.findIndex((e) => e.length > packed.limit);
    if (over >= 0) {
      throw new Error(`gen-texts: ${source}: ${array} row ${name(over)} has ${entries[over].length} bytes of UTF-8, more than the ${packed.limit} its expansion buffer may take: shorten it or split it in two`);
    }
    return { table, rows, entries, longest: Math.max(...entries.map((e) => e.length)), utf8: entries.reduce((n, e) => n + e.length, 0) };
  });
  const all = parts.flatMap((p) => p.entries);
  const { codes, pairs, encoded } = pairEncode(all);
  const { bytes, starts } = concatenate(encoded);
  const groups = starts.filter((_, i) => i % GROUP === 0 && i < encoded.length);
  if (bytes.length > 0xffff) throw new Error(`gen-texts: ${bytes.length} bytes of ${tables.map((t) => t.array).join(" and ")} do not fit 16-bit offsets`);
  const rows = new Array(2 * CODE_ROWS).fill(0);
  const depth = new Map();
  codes.forEach((c, n) => {
    const [a, b] = [pairs[2 * n], pairs[2 * n + 1]];
    rows[2 * codeIndex(c)] = a;
    rows[2 * codeIndex(c) + 1] = b;
    depth.set(c, 1 + Math.max(depth.get(a) ?? 0, depth.get(b) ?? 0));
  });
  const deepest = Math.max(0, ...depth.values());
  const limit = Math.max(...tables.map((t) => t.packed.limit));
  let first = 0;
  const accessors = parts.map(({ table, rows: r, entries, longest, utf8 }) => {
    const { source, array, prefix, accessor, unknown, what, packed } = table;
    const packedBytes = encoded.slice(first, first + entries.length).reduce((n, e) => n + e.length, 0);
    const code = `
/** ${array} of ${source}: ${what}; entry ${prefix}_ENTRIES is ${JSON.stringify(unknown)} (${packedBytes} bytes of PACKED_BYTES for ${utf8} of UTF-8). */
export const ${prefix}_ENTRIES: i32 = ${r.length};

/** Bytes of the longest entry's UTF-8 (the generator refuses one over ${packed.limit}). */
export const ${prefix}_LONGEST: i32 = ${longest};

/** Where ${accessor}() writes an entry's UTF-8 (valid until its next call; no other table writes here). */
@lazy export const ${prefix}_SCRATCH: usize = memory.data(${prefix}_LONGEST);

/** Writes the UTF-8 of entry i (entry ${prefix}_ENTRIES for an i outside the table) at ${prefix}_SCRATCH; returns its length in bytes. */
export function ${accessor}(i: i32): i32 {
  return expandEntry(${first ? `${first} + ` : ""}(<u32>i < <u32>${prefix}_ENTRIES ? <usize>i : <usize>${prefix}_ENTRIES), ${prefix}_SCRATCH);
}
`;
    first += entries.length;
    return code;
  });
  return `
/** Every entry of ${tables.map((t) => t.array).join(", then ")}, pair-encoded, one after another (${bytes.length} bytes for ${all.reduce((n, e) => n + e.length, 0)} of UTF-8). */
@lazy const PACKED_BYTES: usize = memory.data<u8>([
${wrap(bytes)}
]);

/** Bytes of each entry in PACKED_BYTES (at most ${limit}: an entry is never longer than its UTF-8). */
@lazy const PACKED_LENGTHS: usize = memory.data<u8>([
${wrap(encoded.map((e) => e.length))}
]);

/** Where entry ${GROUP}g starts in PACKED_BYTES: the entries after it up to ${GROUP}g + ${GROUP - 1} follow by their lengths. */
@lazy const PACKED_GROUPS: usize = memory.data<u16>([
${wrap(groups)}
]);

/**
 * Row (b + 64) & 255 of the ${CODE_ROWS} is the pair that byte b stands for, first byte
 * then second, each UTF-8 or a code; 0, 0 when b is UTF-8 (${codes.length} codes).
 */
@lazy export const PACKED_PAIRS: usize = memory.data<u8>([
${wrap(rows)}
]);

/** Second bytes of the pairs being expanded: as many as codes nest (${deepest}). */
@lazy const PACKED_PENDING: usize = memory.data(${Math.max(deepest, 1)});

/** The pair byte b stands for (first | second << 8), 0 when b is UTF-8. */
@inline function packedPair(b: u32): u32 {
  const k = (b + 64) & 0xff;
  return k < ${CODE_ROWS} ? <u32>load<u16>(PACKED_PAIRS + (<usize>k << 1)) : 0;
}

/** Writes the UTF-8 of entry e (of all the tables, one after another) at \`to\`; returns its length in bytes. */
function expandEntry(e: usize, to: usize): i32 {
  let p = PACKED_BYTES + <usize>load<u16>(PACKED_GROUPS + ((e / ${GROUP}) << 1));
  for (let k = e & ~${GROUP - 1}; k < e; k++) p += <usize>load<u8>(PACKED_LENGTHS + k);
  const end = p + <usize>load<u8>(PACKED_LENGTHS + e);
  let out = to;
  let pending = PACKED_PENDING;
  for (; p < end; p++) {
    let b = <u32>load<u8>(p);
    for (;;) {
      const pair = packedPair(b);
      // A code: its second byte waits, its first is expanded.
      if (pair != 0) { store<u8>(pending++, <u8>(pair >> 8)); b = pair & 0xff; continue; }
      store<u8>(out++, <u8>b);
      if (pending == PACKED_PENDING) break;
      b = <u32>load<u8>(--pending);
    }
  }
  return <i32>(out - to);
}
${accessors.join("")}`;
}

for (const output of new Set(TABLES.map((t) => t.output))) {
  const tables = TABLES.filter((t) => t.output === output);
  const sources = [...new Set(tables.map((t) => t.source))].join(", ");
  const packed = tables.filter((t) => t.packed);
  const blocks = [...(packed.length ? [packedBlock(packed)] : []), ...tables.filter((t) => !t.packed).map(block)];
  const out = `// Generated by scripts/gen-texts.mjs from ${sources}: edit the tables there, not this file.\n${blocks.join("")}`;
  const target = join(root, output);
  if (!existsSync(target) || readFileSync(target, "utf8") !== out) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out);
  }
}
