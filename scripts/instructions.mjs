// `npm run instructions`: the core's instruction budgets (issue 13), counted, not
// timed. The terminal module (build/realname.wasm) is translated by wasm2c and
// compiled at -O2 with the C replayer (examples/c-host/build.sh); callgrind counts
// the x86-64 instructions executed inside the module while the replayer replays
// tests/transcripts/verify-success.core.txt:
//
//   start-up      instantiation (data segments, start function) and every event from
//                 POWER_ON until the main menu is first shown (self test, sign-on and
//                 echo test included)
//   verification  the rest of the transcript: menu, one verification to 认证成功, back
//                 to the menu
//
// Only the module's own code counts (its exports and instantiation); the runtime's
// calloc of linear memory (wasm_rt_allocate_memory) and the replayer do not, nor
// the replayer's first instantiation (it asks the versions), counted alone first. The
// count is deterministic for one compiler and valgrind version.
//
//   node scripts/instructions.mjs           print both counts against their budgets
//   node scripts/instructions.mjs --check   the same; exit 1 when one is over budget
//
// Needs wabt (wasm2c), a C compiler and valgrind. Builds in build/instructions/.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "build", "instructions");
const TRANSCRIPT = join(root, "tests/transcripts/verify-success.core.txt");
/** Issue 13's budgets. */
export const BUDGETS = { startup: 1_000_000, verification: 500_000 };

/**
 * The transcript's header only (the replayer then instantiates the module once, to
 * check its versions, and replays nothing), and the transcript cut after the command
 * that first shows the main menu.
 */
function cuts(text) {
  const lines = text.split("\n");
  const start = lines.indexOf("start");
  const menu = lines.findIndex((l) => /^command \d+ SHOW .*# MENU /.test(l));
  if (start < 0 || menu < 0) throw new Error(`${TRANSCRIPT}: no start line or no MENU screen`);
  return { header: lines.slice(0, start).join("\n") + "\n", startup: lines.slice(0, menu + 1).join("\n") + "\n" };
}

/** Instructions callgrind counts inside the module while `replay` replays `file`. */
function count(replay, file) {
  const r = spawnSync("valgrind", [
    "--tool=callgrind", `--callgrind-out-file=${join(out, "callgrind.out")}`,
    // Collection is on inside these functions; entering a nested toggle turns it off.
    "--toggle-collect=Z_realnameZ_*", "--toggle-collect=Z_realname_instantiate", "--toggle-collect=wasm_rt_allocate_memory",
    replay, file,
  ], { encoding: "utf8" });
  if (r.error) throw new Error(`valgrind: ${r.error.message} (apt-get install valgrind)`);
  if (r.status !== 0) throw new Error(`replay of ${file} failed:\n${r.stdout}${r.stderr}`);
  const m = r.stderr.match(/Collected : (\d+)/);
  if (!m) throw new Error(`no callgrind total in:\n${r.stderr}`);
  return Number(m[1]);
}

export function measure() {
  mkdirSync(out, { recursive: true });
  execFileSync("sh", [join(root, "examples/c-host/build.sh")], {
    cwd: root, env: { ...process.env, OUT: out, CFLAGS: "-O2" }, stdio: ["ignore", "ignore", "inherit"],
  });
  const { header, startup } = cuts(readFileSync(TRANSCRIPT, "utf8"));
  writeFileSync(join(out, "header.core.txt"), header);
  writeFileSync(join(out, "startup.core.txt"), startup);
  const replay = join(out, "replay");
  const versions = count(replay, join(out, "header.core.txt"));
  const booted = count(replay, join(out, "startup.core.txt"));
  const whole = count(replay, TRANSCRIPT);
  return { startup: booted - versions, verification: whole - booted };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = measure();
  let over = false;
  for (const [name, n] of Object.entries(counts)) {
    const budget = BUDGETS[name];
    if (n > budget) over = true;
    console.log(`${name.padEnd(13)} ${n.toLocaleString("en").padStart(10)} instructions (budget ${budget.toLocaleString("en")}${n > budget ? ", OVER" : ""})`);
  }
  if (over && process.argv.includes("--check")) process.exitCode = 1;
}
