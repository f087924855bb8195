// Loads the core's modules and gives the host a typed, fault-safe handle on
// them: build/realname.wasm (the terminal: the flow) and build/realname-tools.wasm
// (checks, masks, ISO 8583, cryptography for the CLI, the acquirer and tests).
// Typed wrappers for each part live in host/api/. The handle itself is
// host/core-wasm.ts (no node API, so the browser simulator uses it too); this
// file adds where the modules live on disk. The browser bundle maps this file
// to host/core-wasm.ts (scripts/build.mjs).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core as WasmCore, type BuiltFor } from "./core-wasm";

const PACKAGE_NAME = "realname-pos";

export {
  CoreFault, errorLabel, hasCoreCustody, ModuleVersionError, type BuiltFor, type CoreExports, type CoreFailure,
} from "./core-wasm";

/**
 * The project root: the nearest folder upwards whose package.json is this package's
 * (the clone, or node_modules/realname-pos where the package is installed).
 */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isThisPackage(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

function isThisPackage(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return JSON.parse(readFileSync(path, "utf8")).name === PACKAGE_NAME;
  } catch {
    return false; // a package.json that is not JSON belongs to someone else
  }
}

/** The terminal module: build/realname.wasm, or REALNAME_WASM. */
export function defaultWasmPath(): string {
  return process.env.REALNAME_WASM ?? join(projectRoot(), "build", "realname.wasm");
}

/** The tools module: build/realname-tools.wasm, or REALNAME_TOOLS_WASM. */
export function defaultToolsPath(): string {
  return process.env.REALNAME_TOOLS_WASM ?? join(projectRoot(), "build", "realname-tools.wasm");
}

/** The QA module (the terminal's exports plus state getters, and keyCustody=core): build/realname-qa.wasm, or REALNAME_QA_WASM. */
export function qaWasmPath(): string {
  return process.env.REALNAME_QA_WASM ?? join(projectRoot(), "build", "realname-qa.wasm");
}

/** A core; without an argument it loads the terminal module from disk (defaultWasmPath()). */
export class Core extends WasmCore {
  constructor(wasm: Uint8Array<ArrayBuffer> | WebAssembly.Module = readFileSync(defaultWasmPath()), builtFor?: BuiltFor) {
    super(wasm, builtFor);
  }
}

/** The tools module from disk (defaultToolsPath()): what host/api/checks, crypto and iso8583 run on. */
export function toolsCore(): Core {
  return new Core(readFileSync(defaultToolsPath()));
}
