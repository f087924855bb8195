// The one test command: as-pect specs of the core, then node:test suites of the
// release module, host and CLI. Ends with one plain line that CI reads:
// "N passed, N failed".
import { spawnSync } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 256 << 20 });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return { status: r.status, text: strip(r.stdout + r.stderr) };
}

let passed = 0;
let failed = 0;

// as-pect: "[Tests]: P / T" in its summary.
const aspect = run(join(root, "node_modules/.bin/asp"), ["--config", "as-pect.config.js"]);
const m = aspect.text.match(/\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/);
if (m) {
  passed += Number(m[1]);
  failed += Number(m[2]) - Number(m[1]);
}
if (aspect.status !== 0 || !m) failed += m ? 0 : 1; // a crashed run counts as a failure

// node:test on the bundled suites in build/js/tests.
const dir = join(root, "build/js/tests");
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".test.mjs")).map((f) => join(dir, f)) : [];
if (files.length) {
  const node = run(process.execPath, ["--test", "--test-reporter=spec", ...files]);
  const p = node.text.match(/^\S*\s*pass (\d+)$/m);
  const f = node.text.match(/^\S*\s*fail (\d+)$/m);
  if (p && f) {
    passed += Number(p[1]);
    failed += Number(f[1]);
  } else failed += 1;
  if (node.status !== 0 && !(f && Number(f[1]) > 0)) failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
