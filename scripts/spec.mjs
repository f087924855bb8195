// `npm run spec -- tests/assembly/flow-loss.spec.ts [...]`: as-pect on the spec files
// named (as-pect.config.js reads them from REALNAME_SPECS), so one scenario compiles
// and runs in seconds instead of the whole suite's minute. Other arguments go to asp
// (e.g. `--test "loss"` to run the tests whose name matches).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith(".spec.ts"));
const rest = args.filter((a) => !a.endsWith(".spec.ts"));

/** Runs as-pect on the files; the exit status (set, not forced: output is never cut short). */
function main() {
  if (files.length === 0) {
    console.error("usage: npm run spec -- tests/assembly/NAME.spec.ts [...] [asp options]");
    return 2;
  }
  const missing = files.find((f) => !existsSync(f));
  if (missing) {
    console.error(`realname-pos spec: no such file ${missing}`);
    return 2;
  }
  // The specs compile the flow, which reads the texts' generated UTF-8 block: write it
  // from flow/texts.ts first, so an edited text is what the spec sees (gen-texts is quick).
  const texts = spawnSync(process.execPath, [join(root, "scripts/gen-texts.mjs")], { cwd: root, stdio: "inherit" });
  if (texts.status !== 0) return texts.status ?? 1;
  const specs = files.map((f) => relative(root, resolve(f))).join(",");
  const r = spawnSync(join(root, "node_modules/.bin/asp"), ["--config", "as-pect.config.js", ...rest], {
    cwd: root, stdio: "inherit", env: { ...process.env, REALNAME_SPECS: specs },
  });
  return r.status ?? 1;
}

process.exitCode = main();
