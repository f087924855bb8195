// Writes the UTF-8 blocks of the module's tables of texts: every table below
// (an enum of ids and an array of string literals beside it, the copy people
// edit) becomes one UTF-8 block with an index of where each entry starts. The
// module then carries the texts as the bytes it shows, prints, logs or compares,
// without AssemblyScript's UTF-16 string objects (a 20-byte header and two bytes
// per ASCII character each, and a data segment of their own), and copies them
// instead of converting every character.
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
 * reads entry i with `${accessor}At(i)` and `${accessor}Length(i)`.
 */
const TABLES = [
  { source: "assembly/flow/texts.ts", enumName: "T", array: "TEXTS", columns: 2, prefix: "TEXT", accessor: "textEntry", unknown: "?", output: "assembly/generated/texts.ts",
    what: "text id t in language l (0 zh-CN, 1 en) is entry 2t + l" },
  { source: "assembly/flow/texts.ts", enumName: "W", array: "WORDS", columns: 1, prefix: "WORD", accessor: "word", unknown: "", output: "assembly/generated/texts.ts",
    what: "word id w is entry w" },
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

/** The generated declarations of one table. */
function block(table) {
  const { source, enumName, array, columns, prefix, accessor, unknown, what } = table;
  const { members, rows } = read(table);
  const count = members.indexOf("COUNT");
  if (count !== members.length - 1) throw new Error(`gen-texts: ${source}: COUNT must be the last member of enum ${enumName}`);
  if (rows.length !== columns * count) {
    throw new Error(`gen-texts: ${source}: ${array} has ${rows.length} entries, enum ${enumName} ${count} ids (${columns * count} entries: ${columns} each)`);
  }
  const encoded = [...rows, unknown].map((s) => Buffer.from(s, "utf8"));
  const bytes = Buffer.concat(encoded);
  if (bytes.length > 0xffff) throw new Error(`gen-texts: ${bytes.length} bytes of ${array} do not fit 16-bit offsets`);
  const starts = [];
  let at = 0;
  for (const e of encoded) { starts.push(at); at += e.length; }
  starts.push(at);
  return `
/** ${array} of ${source}: ${what}; entry ${prefix}_ENTRIES is ${JSON.stringify(unknown)}. */
export const ${prefix}_ENTRIES: i32 = ${rows.length};

/** UTF-8 of every entry of ${array}, one after another (${bytes.length} bytes). */
@lazy export const ${prefix}_BYTES: usize = memory.data<u8>([
${wrap([...bytes])}
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

for (const output of new Set(TABLES.map((t) => t.output))) {
  const tables = TABLES.filter((t) => t.output === output);
  const sources = [...new Set(tables.map((t) => t.source))].join(", ");
  const out = `// Generated by scripts/gen-texts.mjs from ${sources}: edit the tables there, not this file.\n${tables.map(block).join("")}`;
  const target = join(root, output);
  if (!existsSync(target) || readFileSync(target, "utf8") !== out) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out);
  }
}
