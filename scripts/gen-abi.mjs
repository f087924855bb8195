// Writes every copy of the ABI's numbers from the one source, the core's own
// enums and constants in assembly/ (read with the TypeScript compiler's parser,
// which reads AssemblyScript declarations as they are):
//
//   host/generated/abi.ts   the host's vocabulary (TypeScript)
//   include/realname.h      the vendors' C header: numbers, names, name lookups
//   docs/ABI.md             the tables between <!-- gen-abi:NAME --> markers
//
//   node scripts/gen-abi.mjs            rewrite what differs (scripts/build.mjs runs this)
//   node scripts/gen-abi.mjs --check    change nothing; exit 1 naming each stale file
//   --root DIR                          work on another copy of the project (tests)
//
// A number the parser cannot work out (an expression it does not know) stops the
// generator with the file and line: nothing is ever guessed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

// ---- what is generated -------------------------------------------------------------

/** Single numbers: [file, constant, what it is]. */
const CONSTANTS = [
  ["assembly/abi.ts", "ABI_VERSION", "the ABI's version: a host refuses a module whose abiVersion() differs"],
  ["assembly/flow/version.ts", "FLOW_VERSION", "the flow's version: a terminal host refuses a module whose flowVersion() differs"],
  ["assembly/abi.ts", "INPUT_OFFSET", "address of the input buffer in linear memory (inputBuffer()), both modules"],
  ["assembly/abi.ts", "INPUT_CAPACITY", "the terminal: bytes of its input buffer"],
  ["assembly/abi.ts", "OUTPUT_OFFSET", "the terminal: address of its output buffer (outputBuffer())"],
  ["assembly/abi.ts", "OUTPUT_CAPACITY", "the terminal: bytes of its output buffer"],
  ["assembly/abi.ts", "STATIC_DATA_OFFSET", "the terminal: where its static data starts, after both buffers"],
  ["assembly/abi.ts", "TOOLS_INPUT_CAPACITY", "the tools module: bytes of its input buffer (at INPUT_OFFSET)"],
  ["assembly/abi.ts", "TOOLS_OUTPUT_OFFSET", "the tools module: address of its output buffer"],
  ["assembly/abi.ts", "TOOLS_OUTPUT_CAPACITY", "the tools module: bytes of its output buffer"],
  ["assembly/abi.ts", "TOOLS_STATIC_DATA_OFFSET", "the tools module: where its static data starts"],
  ["assembly/abi.ts", "MEMORY_PAGES", "64 KiB pages of linear memory, initial = maximum: it never grows"],
  ["assembly/crypto/pinblock.ts", "PIN_FILL_BYTES", "bytes of fill cryptoPinBlockEncode reads between the PAN and the key"],
];

/**
 * Named number tables. `name` is the TypeScript name, `c` the C prefix (REALNAME_<c>_<member>);
 * the members come from an enum (`enum`), from constants named with a prefix (`prefix`, dropped
 * from the member's name) or from a list of constants (`names`), in source order.
 */
const TABLES = [
  // the terminal: events in, commands out (assembly/flow/)
  { name: "EventKind", c: "EVENT", file: "assembly/flow/events.ts", enum: "Ev", title: "Event kinds: handle(kind, length, date, time)" },
  { name: "CommandKind", c: "COMMAND", file: "assembly/flow/events.ts", enum: "Cmd", title: "Command kinds: what nextCommand() returns" },
  { name: "RecordFilter", c: "FILTER", file: "assembly/flow/events.ts", enum: "Filter", title: "Record filters: FIND_RECORD's first byte" },
  { name: "Key", c: "KEY", file: "assembly/flow/events.ts", enum: "Key", hex: true, title: "Key codes: the KEY event's byte" },
  { name: "Beep", c: "BEEP", file: "assembly/flow/events.ts", enum: "Beep", title: "Tones: the BEEP command's byte" },
  { name: "LinkStatus", c: "LINK", file: "assembly/flow/events.ts", enum: "Link", title: "Link states: the LINK event's byte" },
  { name: "KeySlot", c: "KEY_SLOT", file: "assembly/flow/events.ts", enum: "KeySlot", title: "Key slots: the INJECT_KEY event's first byte" },
  { name: "CardSource", c: "CARD_SOURCE", file: "assembly/flow/events.ts", enum: "CardSource", hex: true, title: "Card sources: the CARD event's first byte" },
  { name: "ModuleKey", c: "MODULE_KEY", file: "assembly/flow/secure.ts", enum: "ModuleKey", title: "Secure-module key slots: INSTALL_KEY, MAC and ENCIPHER name a key by these" },
  { name: "SecureStatus", c: "SECURE", file: "assembly/flow/secure.ts", enum: "SecureStatus", title: "Secure-module answers: KEY_INSTALLED's second byte and SECURE_RESULT's first" },
  { name: "SecureCipher", c: "SECURE_CIPHER", file: "assembly/flow/secure.ts", enum: "SecureCipher", title: "ENCIPHER's mode byte" },
  { name: "PinEnd", c: "PIN_END", file: "assembly/flow/tasks/pin.ts", enum: "PinEnd", title: "Why a PIN entry ended without a block: PIN_ENDED's byte" },
  { name: "PrinterStatus", c: "PRINTER", file: "assembly/flow/profile.ts", prefix: "PRINTER_", title: "Printer states: the PRINTER event's byte" },
  { name: "ScreenId", c: "SCREEN", file: "assembly/flow/screens.ts", enum: "S", title: "Screen ids: the SHOW command's first two bytes" },
  { name: "FlowState", c: "STATE", file: "assembly/flow/states.ts", enum: "St", title: "Flow states (docs/FLOW.md): what FLOW_UNEXPECTED_EVENT's errorField() names" },
  { name: "FlowTask", c: "TASK", file: "assembly/flow/state.ts", enum: "Task", title: "What the operator is doing: the QA build's flowTask()" },
  { name: "FlowFeature", c: "FLOW_FEATURE", file: "assembly/flow/version.ts", prefix: "HAS_", title: "Feature bits of flowFeatures()" },
  // the tools module's arguments (assembly/checks, iso8583, crypto)
  { name: "MaskKind", c: "MASK", file: "assembly/checks/mask.ts", enum: "MaskKind", title: "Mask kinds: maskInput(kind, length)" },
  { name: "PanScheme", c: "PAN_SCHEME", file: "assembly/checks/pan.ts", enum: "PanScheme", title: "Card schemes: what panSchemeInput() returns" },
  { name: "IdType", c: "ID_TYPE", file: "assembly/checks/idnumber.ts", enum: "IdType", title: "ID documents: what checkedIdType() returns" },
  { name: "Dialect", c: "DIALECT", file: "assembly/iso8583/spec.ts", enum: "Dialect", title: "ISO 8583 dialects: the dialect argument" },
  { name: "FieldClass", c: "FIELD_CLASS", file: "assembly/iso8583/spec.ts", names: ["UNDEFINED", "N", "AN", "ANS", "B", "Z"], strip: "", title: "ISO 8583 content classes: bits 0..3 of iso8583FieldSpec()" },
  { name: "PseudoField", c: "FIELD", file: "assembly/iso8583/fieldset.ts", names: ["FIELD_TPDU", "FIELD_HEADER", "FIELD_BITMAP"], strip: "FIELD_", title: "ISO 8583 records: field numbers beyond 192" },
  { name: "CipherAlgorithm", c: "CIPHER", file: "assembly/crypto/calls.ts", enum: "CipherAlgorithm", title: "cryptoCipher(alg, ...) and cryptoCheckValue(alg, ...)" },
  { name: "CipherMode", c: "CIPHER_MODE", file: "assembly/crypto/calls.ts", enum: "CipherMode", title: "cryptoCipher(..., mode, ...)" },
  { name: "MacAlgorithm", c: "MAC", parts: [
    { file: "assembly/crypto/mac.ts", enum: "MacAlgorithm" },
    { file: "assembly/crypto/calls.ts", prefix: "MAC_" },
  ], title: "cryptoMac(alg, ...)" },
  { name: "DukptUsage", c: "DUKPT", parts: [
    { file: "assembly/crypto/dukpt-tdes.ts", enum: "DukptUsage" },
    { file: "assembly/crypto/calls.ts", prefix: "DUKPT_" },
  ], title: "cryptoDukptDerive(alg, usage, ...)" },
  { name: "WorkingKeySlot", c: "WORKING_KEY", file: "assembly/crypto/keystore.ts", enum: "KeySlot", title: "keysCheckValue(slot, n)" },
  // both modules
  { name: "ErrorCode", c: "ERROR", file: "assembly/abi.ts", enum: "ErrorCode", title: "Error codes: every negative result, and errorCode()" },
];

/** Ranges [first, last] read from a flat StaticArray<i32> of pairs. */
const RANGES = [
  { name: "WIDE_RANGES", c: "wide_ranges", file: "assembly/flow/cells.ts", title: "Code points that take two display cells (inclusive ranges)" },
];

const OUTPUTS = { ts: "host/generated/abi.ts", c: "include/realname.h", doc: "docs/ABI.md" };
const DO_NOT_EDIT = "Generated by scripts/gen-abi.mjs from assembly/: do not edit. `npm run build` rewrites it;\nCI fails when it differs from what the generator writes.";

// ---- reading the sources -------------------------------------------------------------

class SourceError extends Error {}

/** One parsed file: its constants and enums, numbers worked out. */
function readSource(root, file) {
  const text = readFileSync(join(root, file), "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const consts = new Map(); // name -> { value, comment }
  const enums = new Map(); // name -> [{ name, value, comment }]
  const where = (node) => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  /** The `// comment` that ends the line a node ends on, when nothing but punctuation stands between. */
  const trailing = (node) => {
    const end = text.indexOf("\n", node.end);
    const m = /^[\s,;]*\/\/\s?(.*)$/.exec(text.slice(node.end, end < 0 ? undefined : end));
    return m ? m[1].trim() : "";
  };

  const evaluate = (node, scope) => {
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) return evaluate(node.expression, scope);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) return -evaluate(node.operand, scope);
    if (ts.isIdentifier(node)) {
      const v = scope.get(node.text) ?? consts.get(node.text)?.value;
      if (v === undefined) throw new SourceError(`${where(node)}: ${node.text} is not a number declared above it in this file`);
      return v;
    }
    if (ts.isBinaryExpression(node)) {
      const a = evaluate(node.left, scope);
      const b = evaluate(node.right, scope);
      switch (node.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken: return a + b;
        case ts.SyntaxKind.MinusToken: return a - b;
        case ts.SyntaxKind.AsteriskToken: return a * b;
        case ts.SyntaxKind.BarToken: return a | b;
        case ts.SyntaxKind.LessThanLessThanToken: return a << b;
      }
    }
    throw new SourceError(`${where(node)}: cannot work out the number ${node.getText()}`);
  };

  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const exported = st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        try {
          if (ts.isArrayLiteralExpression(d.initializer)) {
            consts.set(d.name.text, { list: d.initializer.elements.map((e) => evaluate(e, new Map())), node: d });
          } else {
            consts.set(d.name.text, { value: evaluate(d.initializer, new Map()), comment: trailing(st), exported });
          }
        } catch (e) {
          if (!(e instanceof SourceError)) throw e;
          consts.set(d.name.text, { error: e }); // only an error if something asks for it
        }
      }
    } else if (ts.isEnumDeclaration(st)) {
      const scope = new Map();
      const members = [];
      let next = 0;
      for (const m of st.members) {
        const name = m.name.getText(sf);
        const value = m.initializer ? evaluate(m.initializer, scope) : next;
        scope.set(name, value);
        members.push({ name, value, comment: trailing(m) });
        next = value + 1;
      }
      enums.set(st.name.text, members);
    }
  }
  return { file, consts, enums };
}

function loadSources(root) {
  const cache = new Map();
  const source = (file) => {
    if (!cache.has(file)) cache.set(file, readSource(root, file));
    return cache.get(file);
  };
  const constant = (file, name) => {
    const c = source(file).consts.get(name);
    if (!c) throw new SourceError(`${file}: no constant ${name}`);
    if (c.error) throw c.error;
    if (c.value === undefined) throw new SourceError(`${file}: ${name} is not a single number`);
    return c.value;
  };
  const membersOf = (part) => {
    const src = source(part.file);
    if (part.enum) {
      const members = src.enums.get(part.enum);
      if (!members) throw new SourceError(`${part.file}: no enum ${part.enum}`);
      return members;
    }
    const names = part.names ?? [...src.consts].filter(([n, c]) => c.exported && n.startsWith(part.prefix)).map(([n]) => n);
    if (names.length === 0) throw new SourceError(`${part.file}: no constant starts with ${part.prefix}`);
    const strip = part.strip ?? part.prefix;
    return names.map((n) => ({ name: n.slice(strip.length), value: constant(part.file, n), comment: src.consts.get(n).comment ?? "" }));
  };

  const constants = CONSTANTS.map(([file, name, meaning]) => ({ name, value: constant(file, name), meaning, file }));
  const tables = TABLES.map((t) => {
    const parts = t.parts ?? [t];
    const members = parts.flatMap(membersOf);
    const seen = new Map();
    for (const m of members) {
      if (seen.has(m.name)) throw new SourceError(`${t.name}: ${m.name} is declared twice`);
      seen.set(m.name, m.value);
    }
    const sources = parts.map((p) => ({ file: p.file, what: p.enum ?? (p.prefix ? `${p.prefix}*` : p.names.join(", ")) }));
    const from = sources.map((x) => `${x.file} ${x.what}`).join(", ");
    const fromDoc = sources.map((x) => `\`${x.what}\` in \`${x.file}\``).join(", ");
    return { ...t, members, from, fromDoc };
  });
  const ranges = RANGES.map((r) => {
    const c = source(r.file).consts.get(r.name);
    if (c?.error) throw c.error;
    if (!c?.list || c.list.length % 2) throw new SourceError(`${r.file}: ${r.name} must be a list of [first, last] pairs`);
    const pairs = [];
    for (let i = 0; i < c.list.length; i += 2) pairs.push([c.list[i], c.list[i + 1]]);
    return { ...r, pairs, from: `${r.file} ${r.name}`, fromDoc: `\`${r.name}\` in \`${r.file}\`` };
  });
  return { constants, tables, ranges };
}

// ---- writing the copies ----------------------------------------------------------------

const hex = (v) => (v < 0 ? "-" : "") + "0x" + Math.abs(v).toString(16).padStart(2, "0");
const shown = (t, v) => (t.hex ? hex(v) : String(v));

function typescript({ constants, tables, ranges }) {
  const out = [`// ${DO_NOT_EDIT.replace(/\n/g, "\n// ")}`, "// The numbers of the core's ABI, for the host (docs/ABI.md).", ""];
  for (const c of constants) out.push(`/** ${c.meaning} (${c.file}). */`, `export const ${c.name} = ${c.value};`);
  for (const t of tables) {
    out.push("", `/** ${t.title} (${t.from}). */`, `export const ${t.name} = {`);
    for (const m of t.members) {
      if (m.comment) out.push(`  /** ${m.comment} */`);
      out.push(`  ${m.name}: ${shown(t, m.value)},`);
    }
    out.push("} as const;", `export type ${t.name} = (typeof ${t.name})[keyof typeof ${t.name}];`);
  }
  for (const r of ranges) {
    out.push("", `/** ${r.title} (${r.from}). */`, `export const ${r.name}: readonly (readonly [number, number])[] = [`);
    for (const [a, b] of r.pairs) out.push(`  [${hex(a)}, ${hex(b)}],`);
    out.push("];");
  }
  out.push(
    "",
    "/** The name of `value` in one of the tables above (nameOf(ErrorCode, -400) is \"FLOW_UNEXPECTED_EVENT\"), or undefined. */",
    "export function nameOf(table: Readonly<Record<string, number>>, value: number): string | undefined {",
    "  for (const name in table) if (table[name] === value) return name;",
    "  return undefined;",
    "}",
    "",
  );
  return out.join("\n");
}

function cHeader({ constants, tables, ranges }) {
  const out = [
    "/*",
    " * realname.h: the numbers of the core's ABI for hosts written in C: build/realname.wasm",
    " * (the terminal) and build/realname-tools.wasm (docs/ABI.md, docs/VENDOR.md). The",
    " * functions themselves come from your runtime's binding (wasm2c's header, WAMR, wasm3).",
    ` * ${DO_NOT_EDIT.replace(/\n/g, "\n * ")}`,
    " */",
    "#ifndef REALNAME_H",
    "#define REALNAME_H",
    "",
    "#include <stdint.h>",
    "",
  ];
  for (const c of constants) out.push(`/* ${c.meaning} (${c.file}) */`, `#define REALNAME_${c.name} ${c.value}`);
  for (const t of tables) {
    const lower = t.c.toLowerCase();
    out.push("", `/* ${t.title} (${t.from}). */`, `enum realname_${lower} {`);
    for (const m of t.members) out.push(`  REALNAME_${t.c}_${m.name} = ${shown(t, m.value)},${m.comment ? ` /* ${m.comment.replace(/\*\//g, "* /")} */` : ""}`);
    out.push("};", "");
    out.push(`/* The name of a ${lower.replace(/_/g, " ")} number ("?" for one this header does not know). */`);
    out.push(`static inline const char* realname_${lower}_name(int32_t value) {`, "  switch (value) {");
    const named = new Set();
    for (const m of t.members) {
      if (named.has(m.value)) continue; // a second name for a number: the first one names it
      named.add(m.value);
      out.push(`    case ${shown(t, m.value)}: return "${m.name}";`);
    }
    out.push('    default: return "?";', "  }", "}");
  }
  for (const r of ranges) {
    out.push("", `/* ${r.title} (${r.from}): 2, else 1. */`, "static inline int realname_cell_width(int32_t code_point) {");
    out.push(`  static const int32_t ${r.c}[][2] = {`);
    for (const [a, b] of r.pairs) out.push(`    {${hex(a)}, ${hex(b)}},`);
    out.push("  };", "  unsigned i;", `  for (i = 0; i < sizeof ${r.c} / sizeof ${r.c}[0]; i++) {`);
    out.push(`    if (code_point >= ${r.c}[i][0] && code_point <= ${r.c}[i][1]) return 2;`, "  }", "  return 1;", "}");
  }
  out.push("", "#endif /* REALNAME_H */", "");
  return out.join("\n");
}

/** One markdown table per generated block of docs/ABI.md. */
function docBlocks({ constants, tables, ranges }) {
  const blocks = new Map();
  const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map((h, i) => (i === 0 ? "---:" : "---")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  blocks.set("constants", table(["value", "name", "meaning"], constants.map((c) => [String(c.value), `\`${c.name}\``, c.meaning])));
  for (const t of tables) {
    const comments = t.members.some((m) => m.comment);
    const rows = t.members.map((m) => [shown(t, m.value), m.name, ...(comments ? [m.comment] : [])]);
    blocks.set(t.name, `${t.title} (${t.fromDoc}):\n\n` + table(["value", "name", ...(comments ? ["meaning"] : [])], rows));
  }
  for (const r of ranges) {
    blocks.set(r.name, `${r.title} (${r.fromDoc}):\n\n` + table(["first", "last"], r.pairs.map(([a, b]) => [hex(a), hex(b)])));
  }
  return blocks;
}

const MARKER = /<!-- gen-abi:(\w+) -->\n[\s\S]*?<!-- \/gen-abi:\1 -->/g;

function fillDoc(doc, blocks, path) {
  const used = new Set();
  const out = doc.replace(MARKER, (_, name) => {
    const block = blocks.get(name);
    if (block === undefined) throw new SourceError(`${path}: no generated table is called ${name} (known: ${[...blocks.keys()].join(", ")})`);
    used.add(name);
    return `<!-- gen-abi:${name} -->\n${block}\n<!-- /gen-abi:${name} -->`;
  });
  const opened = [...doc.matchAll(/<!-- gen-abi:(\w+) -->/g)].map((m) => m[1]);
  const unclosed = opened.filter((n) => !used.has(n));
  if (unclosed.length) throw new SourceError(`${path}: gen-abi marker without its closing <!-- /gen-abi:NAME -->: ${unclosed.join(", ")}`);
  return out;
}

/** What each output file should hold: path -> text. */
function generate(root) {
  const abi = loadSources(root);
  const docPath = join(root, OUTPUTS.doc);
  return new Map([
    [OUTPUTS.ts, typescript(abi)],
    [OUTPUTS.c, cHeader(abi)],
    [OUTPUTS.doc, fillDoc(readFileSync(docPath, "utf8"), docBlocks(abi), OUTPUTS.doc)],
  ]);
}

// ---- command line -------------------------------------------------------------------------

function main(argv) {
  const check = argv.includes("--check");
  const at = argv.indexOf("--root");
  const root = at >= 0 ? argv[at + 1] : join(dirname(new URL(import.meta.url).pathname), "..");
  let files;
  try {
    files = generate(root);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    console.error(`gen-abi: ${e.message}`);
    return 2;
  }
  const stale = [];
  for (const [path, text] of files) {
    const full = join(root, path);
    if (existsSync(full) && readFileSync(full, "utf8") === text) continue;
    stale.push(path);
    if (!check) {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
  if (check && stale.length) {
    console.error(`gen-abi: differs from what assembly/ says: ${stale.join(", ")}\n` +
      "These files are generated: change the enum or constant in assembly/, then run npm run build (or node scripts/gen-abi.mjs) and commit the result.");
    return 1;
  }
  if (!check && stale.length) console.log(`gen-abi: wrote ${stale.join(", ")}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
