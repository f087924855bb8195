// The QA build, build/realname-qa.wasm: the terminal's exports plus read-only
// getters of the flow's inner state (flowState, flowTask, flowAccepts, screenId,
// screenPage, flowWiped; docs/ABI.md "The QA build"). Tests that assert a state
// run it; tests/host/release.test.ts shows it drives the flow byte for byte as
// the terminal module does.
import { readFileSync } from "node:fs";
import { Core, qaWasmPath } from "../../../host/core";

export { qaWasmPath };

export function qaCore(): Core {
  return new Core(readFileSync(qaWasmPath()));
}
