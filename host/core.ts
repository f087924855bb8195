// Loads build/realname.wasm and gives the host a typed, fault-safe handle on
// it. Typed wrappers for each part of the core live in host/api/. The handle
// itself is host/core-wasm.ts (no node API, so the browser simulator uses it
// too); this file adds where the module lives on disk. The browser bundle maps
// this file to host/core-wasm.ts (scripts/build.mjs).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core as WasmCore } from "./core-wasm";

export { CoreFault, HOST_ABI_VERSION, type CoreExports, type CoreFailure } from "./core-wasm";

/** The project root: the nearest folder upwards holding build/realname.wasm or package.json. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "assembly"))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

export function defaultWasmPath(): string {
  return process.env.REALNAME_WASM ?? join(projectRoot(), "build", "realname.wasm");
}

/** The core; without an argument it loads the release module from disk (defaultWasmPath()). */
export class Core extends WasmCore {
  constructor(wasm: Uint8Array<ArrayBuffer> | WebAssembly.Module = readFileSync(defaultWasmPath())) {
    super(wasm);
  }
}
