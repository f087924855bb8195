// The one test command: as-pect specs of the core, then node:test suites of the
// release module, host and CLI. Ends with one plain line that CI reads:
// "N passed, N failed".
import { spawn } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** Runs a command, streaming its output (long suites show progress), and keeps the text to count. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let text = "";
    child.stdout.on("data", (d) => { process.stdout.write(d); text += d; });
    child.stderr.on("data", (d) => { process.stderr.write(d); text += d; });
    child.on("close", (status) => resolve({ status, text: strip(text) }));
  });
}

let passed = 0;
let failed = 0;

// as-pect: "[Tests]: P / T" in its summary. Every spec with keyCustody=core, then the flow
// specs again with keyCustody=module (as-pect.config.js: the specs' secure-module double).
for (const custody of ["core", "module"]) {
  const aspect = await run(join(root, "node_modules/.bin/asp"), ["--config", "as-pect.config.js"], { KEY_CUSTODY: custody });
  const m = aspect.text.match(/\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]) - Number(m[1]);
  }
  // A run that crashed, or exited non-zero with nothing counted as failed, is one failure.
  if (!m || (aspect.status !== 0 && Number(m[1]) === Number(m[2]))) failed += 1;
}

// node:test on the bundled suites in build/js/tests.
const dir = join(root, "build/js/tests");
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".test.mjs")).map((f) => join(dir, f)) : [];
if (files.length) {
  const node = await run(process.execPath, ["--test", "--test-reporter=spec", ...files]);
  const p = node.text.match(/^\S*\s*pass (\d+)$/m);
  const f = node.text.match(/^\S*\s*fail (\d+)$/m);
  if (p && f) {
    passed += Number(p[1]);
    failed += Number(f[1]);
  } else failed += 1;
  if (node.status !== 0 && !(f && Number(f[1]) > 0)) failed += 1;
} else {
  console.error("no node:test suites in build/js/tests: run npm run build");
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
