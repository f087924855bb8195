// The release module's deterministic budgets: no imports, MVP features only,
// its size, and a passing power-on self test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { Core, defaultWasmPath, HOST_ABI_VERSION } from "../../host/core";

const bytes = readFileSync(defaultWasmPath());

/** Size budget of the release module; raise it deliberately, with a reason, when a feature needs it. */
const SIZE_BUDGET = 128 * 1024;

test("release module imports nothing", () => {
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.imports(module), []);
});

test("release module validates with only WebAssembly MVP features", (t) => {
  const disable = ["--disable-bulk-memory", "--disable-sign-extension", "--disable-saturating-float-to-int", "--disable-mutable-globals"];
  const r = spawnSync("wasm-validate", [...disable, defaultWasmPath()], { encoding: "utf8" });
  if (r.error && !process.env.CI) {
    t.skip("wasm-validate not installed (apt-get install wabt); CI installs it");
    return;
  }
  assert.equal(r.error, undefined, "wasm-validate must be installed in CI (.ci/run installs wabt)");
  assert.equal(r.status, 0, r.stderr);
});

test(`release module stays within ${SIZE_BUDGET} bytes`, () => {
  assert.ok(bytes.length <= SIZE_BUDGET, `${bytes.length} bytes`);
});

test("ABI version matches the host and the self test passes", () => {
  const core = new Core(bytes);
  assert.equal(core.exports.abiVersion(), HOST_ABI_VERSION);
  assert.equal(core.call("selfTest"), 0);
});
