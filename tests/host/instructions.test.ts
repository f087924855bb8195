// Issue 13's instruction budgets, counted, not timed: `npm run instructions --
// --check` (scripts/instructions.mjs) replays tests/transcripts/verify-success.module.txt
// on the terminal module through wasm2c -O2 under callgrind and exits 1 when start-up or
// the verification is over its budget. The counts are deterministic for one compiler and
// valgrind version, so they may be a test (~20 s). Skipped locally without valgrind,
// wasm2c or a C compiler; CI installs them (.ci/run) and must run it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../host/core";

const root = projectRoot();

function missingTool(): string | undefined {
  for (const [tool, args] of [["valgrind", ["--version"]], ["wasm2c", ["--version"]], ["cc", ["--version"]]] as const) {
    if (spawnSync(tool, args).error) return `${tool} not installed`;
  }
  return undefined;
}

test("a verification and the start-up stay within their instruction budgets (npm run instructions -- --check)", (t) => {
  const missing = missingTool();
  if (missing) {
    if (process.env.CI) assert.fail(`${missing}: CI must count the instructions (.ci/run installs valgrind and wabt)`);
    t.skip(`${missing}; CI counts the instructions`);
    return;
  }
  const r = spawnSync(process.execPath, [join(root, "scripts/instructions.mjs"), "--check"], { cwd: root, encoding: "utf8" });
  for (const line of r.stdout.trim().split("\n")) t.diagnostic(line);
  assert.equal(r.status, 0, `over budget or failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /verification\s+[\d,]+ instructions \(budget 500,000\)/);
});
