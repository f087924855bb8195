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

/**
 * docs/ABI.md "Length arguments": every export outside the flow that reads a length of
 * the input buffer answers a negative length with BAD_ARGUMENT (-3) and a length past
 * the input capacity with INPUT_TOO_LONG (-1), whichever of its length arguments it is.
 */
test("length arguments: negative = BAD_ARGUMENT, past the capacity = INPUT_TOO_LONG, for every export", () => {
  const core = new Core();
  const over = core.call("inputCapacity") + 1;
  const BAD_ARGUMENT = -3, INPUT_TOO_LONG = -1;
  // [export, arguments with a valid length 1, positions of the length arguments]
  const exportsWithLengths: Array<[string, number[], number[]]> = [
    ["checkPanInput", [1], [0]], ["panSchemeInput", [1], [0]], ["checkIdNumberInput", [1, 20261126], [0]],
    ["checkPhoneInput", [1], [0]], ["checkNameInput", [1], [0]], ["checkExpiryInput", [1, 20261126], [0]],
    ["checkTrack2Input", [1], [0]], ["maskInput", [1, 1], [1]],
    ["iso8583Pack", [2, 1], [1]], ["iso8583Unpack", [2, 1], [1]],
    ["cryptoCipher", [1, 1, 1, 1, 1, 1], [3, 4, 5]], ["cryptoCheckValue", [1, 1, 3], [1]],
    ["cryptoPinBlockEncode", [0, 1, 1, 1], [1, 2, 3]], ["cryptoPinBlockDecode", [0, 1, 1, 1], [1, 2, 3]],
    ["cryptoMac", [1, 1, 1], [1, 2]], ["cryptoDukptDerive", [1, 1, 1, 1, 0], [2, 3]],
    ["keysInjectMaster", [1], [0]], ["keysInstallWorking", [24, 1], [1]], ["dukptPinBlock", [1, 1], [0, 1]],
  ];
  for (const [name, args, lengths] of exportsWithLengths) {
    for (const at of lengths) {
      for (const [length, code] of [[-1, BAD_ARGUMENT], [-5000, BAD_ARGUMENT], [over, INPUT_TOO_LONG]]) {
        const a = args.slice();
        a[at] = length;
        assert.equal(core.call(name, ...a), code, `${name} argument ${at} = ${length}`);
      }
    }
  }
  assert.equal(core.faults, 0);
});
