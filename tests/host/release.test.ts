// The release modules' deterministic budgets (docs/ABI.md "Two modules"): the
// terminal's exact export list, no imports, MVP features only, sizes, buffers
// at the addresses the header gives, passing self tests, and the QA build
// driving the flow exactly as the terminal does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { Core, defaultToolsPath, defaultWasmPath, toolsCore } from "../../host/core";
import { EventKind, Flow, Key, LinkStatus } from "../../host/api/flow";
import {
  ABI_VERSION, ErrorCode, FLOW_VERSION, INPUT_CAPACITY, INPUT_OFFSET, OUTPUT_OFFSET, STATIC_DATA_OFFSET,
  TOOLS_INPUT_CAPACITY, TOOLS_OUTPUT_OFFSET, TOOLS_STATIC_DATA_OFFSET,
} from "../../host/generated/abi";
import { qaCore, qaWasmPath } from "./support/qa-core";
import { dataSegmentOffsets } from "./support/wasm-sections";
import { DATE, PROFILE, TIME } from "./flow-acquirer";

const MODULES = { terminal: defaultWasmPath(), tools: defaultToolsPath(), qa: qaWasmPath() };
/** Each module's output buffer and static data (docs/ABI.md "Calling convention"): the tools' buffers are larger. */
const LAYOUTS: Record<string, { output: number; staticData: number }> = {
  terminal: { output: OUTPUT_OFFSET, staticData: STATIC_DATA_OFFSET },
  tools: { output: TOOLS_OUTPUT_OFFSET, staticData: TOOLS_STATIC_DATA_OFFSET },
  qa: { output: OUTPUT_OFFSET, staticData: STATIC_DATA_OFFSET },
};
const bytes = (path: string) => readFileSync(path);
const functionExports = (path: string) =>
  WebAssembly.Module.exports(new WebAssembly.Module(bytes(path))).filter((e) => e.kind === "function").map((e) => e.name).sort();

/**
 * Size budgets; raise one deliberately, with a reason, when a feature needs it. The terminal's
 * is issue 13's target, 48 KiB (49,152 bytes), reached by a ratchet that followed the levers
 * down: 83,755 bytes with UTF-16 string literals; 77,588 as UTF-8 words; 63,841 with key custody
 * out of the terminal and the cup-only codec; 60,258 with handlers as numbers and the flow table
 * as rows; 54,895 with the screen texts pair-encoded, the codec carrying only what cup uses and
 * wasm-opt -Oz after the compiler; 51,942 with the profile as a table of rules; 48,812 with the
 * words pair-encoded beside the texts, state parts that are all zero as static records and the
 * second codec and checks passes.
 */
const TERMINAL_BUDGET = 48 * 1024;
const TOOLS_BUDGET = 64 * 1024;

/** Everything a terminal may call (docs/ABI.md "The terminal module"): at most 16. */
const TERMINAL_EXPORTS = [
  "abiVersion", "flowVersion", "flowFeatures", "selfTest",
  "handle", "nextCommand", "nextDeadline",
  "inputBuffer", "outputBuffer", "outputLength",
  "errorCode", "errorField", "errorOffset", "errorExpected", "errorFound",
];
const QA_GETTERS = ["flowState", "flowTask", "flowAccepts", "screenId", "screenPage", "flowWiped"];

test("the terminal module exports exactly the terminal's calls, at most 16, and its memory", () => {
  assert.deepEqual(functionExports(MODULES.terminal), [...TERMINAL_EXPORTS].sort());
  assert.ok(TERMINAL_EXPORTS.length <= 16);
  const all = WebAssembly.Module.exports(new WebAssembly.Module(bytes(MODULES.terminal)));
  assert.deepEqual(all.filter((e) => e.kind !== "function").map((e) => `${e.kind} ${e.name}`), ["memory memory"]);
});

test("no door into the flow's keys beside INJECT_KEY: the key store calls are the tools module's", () => {
  const tools = functionExports(MODULES.tools);
  for (const name of ["keysInjectMaster", "keysInstallWorking", "keysWipe"]) {
    assert.ok(tools.includes(name), `tools has ${name}`);
    assert.ok(!functionExports(MODULES.terminal).includes(name), `terminal has no ${name}`);
  }
  assert.ok(!tools.includes("handle"), "the tools module carries no flow");
});

test("the QA build is the terminal plus the six read-only getters", () => {
  assert.deepEqual(functionExports(MODULES.qa), [...TERMINAL_EXPORTS, ...QA_GETTERS].sort());
});

for (const [name, path] of Object.entries(MODULES)) {
  test(`${name} module imports nothing`, () => {
    assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(bytes(path))), []);
  });

  test(`${name} module validates with only WebAssembly MVP features`, (t) => {
    const disable = ["--disable-bulk-memory", "--disable-sign-extension", "--disable-saturating-float-to-int", "--disable-mutable-globals"];
    const r = spawnSync("wasm-validate", [...disable, path], { encoding: "utf8" });
    if (r.error && !process.env.CI) {
      t.skip("wasm-validate not installed (apt-get install wabt); CI installs it");
      return;
    }
    assert.equal(r.error, undefined, "wasm-validate must be installed in CI (.ci/run installs wabt)");
    assert.equal(r.status, 0, r.stderr);
  });

  test(`${name} module: buffers where the header says, static data after them, self test passes`, () => {
    const core = new Core(bytes(path));
    assert.equal(core.exports.abiVersion(), ABI_VERSION);
    const layout = LAYOUTS[name];
    assert.equal(core.exports.inputBuffer(), INPUT_OFFSET);
    assert.equal(core.exports.outputBuffer(), layout.output);
    const offsets = dataSegmentOffsets(bytes(path));
    assert.ok(offsets.length > 0);
    assert.ok(Math.min(...offsets) >= layout.staticData, `a data segment at ${Math.min(...offsets)}: the memoryBase must be ${layout.staticData}`);
    assert.equal(core.call("selfTest"), 0);
  });
}

test(`the terminal module stays within ${TERMINAL_BUDGET} bytes and the tools module within ${TOOLS_BUDGET}`, () => {
  assert.ok(bytes(MODULES.terminal).length <= TERMINAL_BUDGET, `terminal: ${bytes(MODULES.terminal).length} bytes`);
  assert.ok(bytes(MODULES.tools).length <= TOOLS_BUDGET, `tools: ${bytes(MODULES.tools).length} bytes`);
});

test("the terminal module says the flow version this host was built for", () => {
  assert.equal(new Core().exports.flowVersion(), FLOW_VERSION);
});

/** The same power-on, byte for byte, on the QA build and on the terminal (keyCustody=module, the one both have): the getters and the QA build's key store change nothing else. */
test("the QA build drives the flow exactly as the terminal module does", () => {
  const session = (core: Core) => {
    const flow = new Flow(core);
    const out = [
      flow.step({ kind: "POWER_ON", profile: PROFILE.replace("keyCustody=core", "keyCustody=module") }, DATE, TIME),
      flow.step({ kind: "START" }, DATE, TIME),
      flow.step({ kind: "LINK", status: LinkStatus.FAILED }, DATE, TIME),
      flow.step({ kind: "KEY", key: Key.ENTER }, DATE, TIME),
    ];
    return JSON.stringify(out, (_, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
  };
  const terminal = session(new Core());
  assert.match(terminal, /SHOW/);
  assert.equal(session(qaCore()), terminal);
});

/**
 * docs/ABI.md "Length arguments": every export outside the flow that reads a length of
 * the input buffer answers a negative length with BAD_ARGUMENT and a length past
 * the input capacity with INPUT_TOO_LONG, whichever of its length arguments it is.
 */
test("length arguments: negative = BAD_ARGUMENT, past the capacity = INPUT_TOO_LONG, for every export", () => {
  const core = toolsCore();
  const over = TOOLS_INPUT_CAPACITY + 1;
  const { BAD_ARGUMENT, INPUT_TOO_LONG } = ErrorCode;
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

test("handle() zeroes the input buffer whatever the length: in range, above the capacity, negative (docs/ABI.md)", () => {
  const core = new Core();
  const x = core.exports;
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), INPUT_CAPACITY);
  for (const length of [1, 17, INPUT_CAPACITY, INPUT_CAPACITY + 1, 5000, 0x7fffffff, -1, -5000, -0x80000000]) {
    input().fill(0x5a); // a card number or a name the host wrote
    const r = core.call("handle", EventKind.KEY, length, 20261126, 120000);
    const outOfRange = length < 0 || length > INPUT_CAPACITY;
    if (outOfRange) assert.equal(r, ErrorCode.INPUT_TOO_LONG, `length ${length}`);
    const left = input().findIndex((b, i) => b !== 0 && (outOfRange || i < length));
    assert.equal(left, -1, `length ${length}: payload byte ${left} left in the input buffer`);
  }
  assert.equal(core.faults, 0);
});
