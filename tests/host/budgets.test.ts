// Issue 13's deterministic memory budget on the release modules: every module declares
// MEMORY_PAGES (assembly/abi.ts) as both its initial and its maximum memory, and
// replaying every shipped transcript on the terminal leaves it at that size. (The
// module size budget is in release.test.ts; the instruction budgets are counted by
// `npm run instructions`, scripts/instructions.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultToolsPath, defaultWasmPath } from "../../host/core";
import { hasCoreCustody, transcriptCore } from "../../host/custody";
import { MEMORY_PAGES } from "../../host/generated/abi";
import { parseTranscript } from "../../host/transcript/format";
import { replayTranscript } from "../../host/transcript/replay";
import { qaWasmPath } from "./support/qa-core";
import { memoryLimits } from "./support/wasm-sections";
import { TRANSCRIPTS_DIR } from "./support/scenarios";

const PAGE = 65536;

for (const [name, path] of [["terminal", defaultWasmPath()], ["tools", defaultToolsPath()], ["QA", qaWasmPath()]]) {
  test(`${name} module: memory initial = maximum = MEMORY_PAGES (${MEMORY_PAGES})`, () => {
    assert.deepEqual(memoryLimits(readFileSync(path)), { initial: MEMORY_PAGES, maximum: MEMORY_PAGES });
  });
}

test("the terminal's memory never grows: every transcript replays at MEMORY_PAGES, and what it touched is reported", (t) => {
  // Per module (keyCustody=core's transcripts run on the QA module, host/custody.ts): the highest byte written.
  const highest = { terminal: 0, QA: 0 };
  for (const name of readdirSync(TRANSCRIPTS_DIR).filter((f) => f.endsWith(".txt"))) {
    const transcript = parseTranscript(readFileSync(join(TRANSCRIPTS_DIR, name), "utf8"));
    const core = transcriptCore(transcript);
    const result = replayTranscript(transcript, core);
    assert.equal(result.difference, undefined, `${name}: ${result.difference}`);
    assert.equal(core.memoryBytes(), MEMORY_PAGES * PAGE, `${name}: memory grew`);
    const memory = new Uint8Array(core.exports.memory.buffer);
    let top = memory.length - 1;
    while (top > 0 && memory[top] === 0) top--;
    const module = hasCoreCustody(core) ? "QA" : "terminal";
    highest[module] = Math.max(highest[module], top + 1);
  }
  // The footprint is for the report (issue 13 asks what remains once the records leave); the
  // pages above are the budget the test holds.
  t.diagnostic(`highest byte written: ${highest.terminal} of ${MEMORY_PAGES * PAGE} (terminal module, keyCustody=module); QA module, keyCustody=core: ${highest.QA}`);
});
