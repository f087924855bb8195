// `npm run instructions`: the core's instruction budgets (issue 13), counted, not
// timed. The terminal module (build/realname.wasm) is translated by wasm2c and
// compiled at -O2 with the C replayer (examples/c-host/build.sh); callgrind counts
// the x86-64 instructions executed inside the module while the replayer replays
// tests/transcripts/verify-success.module.txt (the product's key custody: the keys
// and the PIN in the host's secure module, whose answers are events):
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
// count is deterministic for one compiler and valgrind version. A second line, for
// information only, counts verify-success.core.txt on the QA module (replay-qa): the
// same verification with the keys and the PIN in the core, ciphers and MACs included.
//
//   node scripts/instructions.mjs           print both counts against their budgets
//   node scripts/instructions.mjs --check   the same; exit 1 when one is over budget
//
// Needs wabt (wasm2c), a C compiler and valgrind. Builds in build/instructions/.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "build", "instructions");
/** What is measured against the budgets, and on which replayer; then the informational line. */
const RUNS = [
  { transcript: join(root, "tests/transcripts/verify-success.module.txt"), replay: "replay", what: "terminal module, keyCustody=module" },
  { transcript: join(root, "tests/transcripts/verify-success.core.txt"), replay: "replay-qa", what: "QA module, keyCustody=core" },
];
/** Issue 13's budgets. */
export const BUDGETS = { startup: 1_000_000, verification: 500_000 };

/**
 * The transcript's header only (the replayer then instantiates the module once, to
 * check its versions, and replays nothing), and the transcript cut after the command
 * that first shows the main menu.
 */
function cuts(file, text) {
  const lines = text.split("\n");
  const start = lines.indexOf("start");
  const menu = lines.findIndex((l) => /^command \d+ SHOW .*# MENU /.test(l));
  if (start < 0 || menu < 0) throw new Error(`${file}: no start line or no MENU screen`);
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

/** Start-up and verification instructions of one transcript on one replayer (build/instructions/ built). */
function measureRun({ transcript, replay }) {
  const { header, startup } = cuts(transcript, readFileSync(transcript, "utf8"));
  const base = join(out, basename(transcript, ".txt"));
  writeFileSync(`${base}.header.txt`, header);
  writeFileSync(`${base}.startup.txt`, startup);
  const program = join(out, replay);
  const versions = count(program, `${base}.header.txt`);
  const booted = count(program, `${base}.startup.txt`);
  const whole = count(program, transcript);
  return { startup: booted - versions, verification: whole - booted };
}

/** The counts of every run: the first is the one the budgets hold. */
export function measure() {
  mkdirSync(out, { recursive: true });
  execFileSync("sh", [join(root, "examples/c-host/build.sh")], {
    cwd: root, env: { ...process.env, OUT: out, CFLAGS: "-O2" }, stdio: ["ignore", "ignore", "inherit"],
  });
  return RUNS.map((run) => ({ ...run, counts: measureRun(run) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [product, ...informational] = measure();
  let over = false;
  console.log(`${basename(product.transcript)} (${product.what}):`);
  for (const [name, n] of Object.entries(product.counts)) {
    const budget = BUDGETS[name];
    if (n > budget) over = true;
    console.log(`  ${name.padEnd(13)} ${n.toLocaleString("en").padStart(10)} instructions (budget ${budget.toLocaleString("en")}${n > budget ? ", OVER" : ""})`);
  }
  for (const run of informational) {
    const { startup, verification } = run.counts;
    console.log(`${basename(run.transcript)} (${run.what}): start-up ${startup.toLocaleString("en")}, verification ${verification.toLocaleString("en")} instructions (information only)`);
  }
  if (over && process.argv.includes("--check")) process.exitCode = 1;
}
