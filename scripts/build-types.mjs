// The package's type declarations (package.json "exports" "." "types"): tsc writes
// build/types/ from host/index.ts (tsconfig.types.json), then every relative import
// in them gets the ".js" a consumer's `moduleResolution: "NodeNext"` requires (the
// host's sources import without extensions, as their bundler allows). Run by
// `npm pack` (prepack); the package test type-checks a consumer against the result.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "build", "types");
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.types.json")], { cwd: root, stdio: "inherit" });

/** "./core" -> "./core.js", "./devices" -> "./devices/index.js"; anything else as it was. */
function withExtension(file, specifier) {
  if (!specifier.startsWith(".") || /\.js$/.test(specifier)) return specifier;
  const target = resolve(dirname(file), specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, "index.d.ts"))) return `${specifier}/index.js`;
  throw new Error(`${file}: cannot resolve ${specifier} among the declarations`);
}

function declarations(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? declarations(path) : name.endsWith(".d.ts") ? [path] : [];
  });
}

// The declarations name WebAssembly.Module and .Memory. TypeScript declares them in its
// DOM lib only (node's types do not), so a node project without DOM would not compile
// against them: the package brings the two, as interfaces that merge with DOM's where
// a consumer has it.
const WASM_TYPES = "wasm-types.d.ts";
writeFileSync(join(out, WASM_TYPES), `// The WebAssembly types the declarations name, for projects without TypeScript's DOM lib.
declare namespace WebAssembly {
  interface Module {}
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
}
`);

for (const file of declarations(out)) {
  if (file.endsWith(WASM_TYPES)) continue;
  let text = readFileSync(file, "utf8");
  if (text.includes("WebAssembly.")) text = `/// <reference path="${relative(dirname(file), join(out, WASM_TYPES))}" />\n${text}`;
  const fixed = text.replace(/(from\s+|import\()(["'])([^"']+)\2/g, (_, lead, quote, specifier) => `${lead}${quote}${withExtension(file, specifier)}${quote}`);
  writeFileSync(file, fixed);
}
console.log(`build/types: ${declarations(out).length} declaration files`);
