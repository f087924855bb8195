// docs/ABI.md "Versions": a host refuses a module whose ABI version, or (for the
// terminal) whose flow version, is not the one it was built for, and says both.
// The host here is host/core.ts built for other versions than the modules
// carry; the C host's refusal is in tests/host/c-host.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Core, defaultToolsPath, defaultWasmPath, ModuleVersionError } from "../../host/core";
import { ABI_VERSION, FLOW_VERSION } from "../../host/generated/abi";

const terminal = readFileSync(defaultWasmPath());
const tools = readFileSync(defaultToolsPath());

test("a host built for ABI version 1 refuses the modules, naming both versions", () => {
  for (const module of [terminal, tools]) {
    assert.throws(() => new Core(module, { abi: 1, flow: FLOW_VERSION }), (e: unknown) => {
      assert.ok(e instanceof ModuleVersionError);
      assert.equal(e.message, `the module has ABI version ${ABI_VERSION}, this host was built for ABI version 1: rebuild the host and the modules together (npm run build)`);
      return true;
    });
  }
});

test("a host built for another flow version refuses the terminal module, naming both versions", () => {
  const other = FLOW_VERSION + 1;
  assert.throws(() => new Core(terminal, { abi: ABI_VERSION, flow: other }), (e: unknown) => {
    assert.ok(e instanceof ModuleVersionError);
    assert.match(e.message, new RegExp(`^the module has flow version ${FLOW_VERSION}, this host was built for flow version ${other}: `));
    return true;
  });
  // The tools module carries no flow: the flow version does not concern it.
  assert.doesNotThrow(() => new Core(tools, { abi: ABI_VERSION, flow: other }));
});

test("a host built for these versions runs both modules", () => {
  assert.equal(new Core(terminal).exports.flowVersion(), FLOW_VERSION);
  assert.equal(new Core(tools).exports.abiVersion(), ABI_VERSION);
});
