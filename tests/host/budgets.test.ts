// Issue 13's deterministic memory budget on the release modules: every module declares
// MEMORY_PAGES (assembly/abi.ts) as both its initial and its maximum memory, replaying
// every shipped transcript on the terminal leaves it at that size and writes no byte
// past TERMINAL_MEMORY_LIMIT, and a grow is refused. (The
// module size budget is in release.test.ts; the instruction budgets are counted by
// `npm run instructions`, scripts/instructions.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Core, defaultToolsPath, defaultWasmPath } from "../../host/core";
import { hasCoreCustody, transcriptCore } from "../../host/custody";
import { MEMORY_PAGES } from "../../host/generated/abi";
import { parseTranscript } from "../../host/transcript/format";
import { replayTranscript } from "../../host/transcript/replay";
import { qaWasmPath } from "./support/qa-core";
import { memoryLimits } from "./support/wasm-sections";
import { TRANSCRIPTS_DIR } from "./support/scenarios";

const PAGE = 65536;
/**
 * What the terminal may touch: issue 13's one page less 2 KiB of headroom. 54,477 bytes at
 * the commit that set it (buffers of 2 KiB, a 64-line screen layout, texts and words as
 * UTF-8); 51,149 when key custody had left the terminal and MEMORY_PAGES became 1.
 */
const TERMINAL_MEMORY_LIMIT = PAGE - 2048;

test("issue 13's memory budget: every module is declared with one 64 KiB page", () => {
  assert.equal(MEMORY_PAGES, 1);
});

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
  t.diagnostic(`highest byte written: ${highest.terminal} of ${MEMORY_PAGES * PAGE} (terminal module, keyCustody=module; limit ${TERMINAL_MEMORY_LIMIT}); QA module, keyCustody=core: ${highest.QA}`);
  assert.ok(highest.terminal <= TERMINAL_MEMORY_LIMIT, `the terminal wrote up to byte ${highest.terminal}, over its ${TERMINAL_MEMORY_LIMIT}`);
});

test("the terminal's memory cannot grow: a host's grow is refused with an error and the core carries on", () => {
  const core = new Core();
  assert.throws(() => core.exports.memory.grow(1), RangeError); // maximum = initial
  assert.equal(core.memoryBytes(), MEMORY_PAGES * PAGE);
  assert.equal(core.call("selfTest"), 0);
  assert.equal(core.faults, 0);
});
