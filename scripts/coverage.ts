// `npm run coverage`: which transitions of docs/FLOW.md (state, event, next) the
// scenario specs and the QA scripts exercise, and which none does (docs/QA.md).
//
// Specs: as-pect runs tests/assembly/flow-*.spec.ts with REALNAME_COVERAGE set, and
// the scenario helpers record every event they send: the state before, the kind,
// the state after and the payload's first bytes (as-pect.config.js). Scripts: their
// transcripts (tests/transcripts/, recorded from tests/scripts/ and kept current by
// the tests) are replayed on the QA build, which says the state around each event.
//
// When an event exercises a row: tests/host/support/flow-coverage.ts. A row's
// condition in words (profile valid, keys check, ...) is not told apart: two rows
// that differ only there count together. Deterministic: the same tree gives the same
// report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../host/core";
import { parseTranscript } from "../host/transcript/format";
import { docStates, docTransitions } from "../tests/host/support/flow-doc";
import { exercises, throughAnswers, type Seen } from "../tests/host/support/flow-coverage";
import { qaCore } from "../tests/host/support/qa-core";

const root = projectRoot();

/** Every event the flow specs send, from one as-pect run with the recorder on. */
function specEvents(): Seen[] {
  const dir = mkdtempSync(join(tmpdir(), "realname-coverage-"));
  const file = join(dir, "events.txt");
  try {
    const specs = readdirSync(join(root, "tests/assembly")).filter((f) => /^flow-.*\.spec\.ts$/.test(f)).map((f) => `tests/assembly/${f}`);
    const r = spawnSync(join(root, "node_modules/.bin/asp"), ["--config", "as-pect.config.js"], {
      cwd: root, encoding: "utf8", env: { ...process.env, REALNAME_SPECS: specs.join(","), REALNAME_COVERAGE: file }, maxBuffer: 64 << 20,
    });
    const tests = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(r.stdout.replace(/\x1b\[[0-9;]*m/g, ""));
    if (r.status !== 0 || !tests) throw new Error(`the flow specs failed (as-pect exit ${r.status}): run npm run spec -- on them\n${r.stderr}`);
    console.log(`specs: ${specs.length} files, ${tests[1]} tests`);
    return readFileSync(file, "utf8").trim().split("\n").map((line) => {
      const [from, kind, to, hex] = line.split(" ");
      return { from: Number(from), kind: Number(kind), to: Number(to), payload: hex === "-" ? new Uint8Array(0) : Buffer.from(hex, "hex") };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every event of the scripts' transcripts, replayed on the QA build for the states around it. */
function scriptEvents(): Seen[] {
  const dir = join(root, "tests/transcripts");
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
  const core = qaCore();
  const seen: Seen[] = [];
  for (const f of files) {
    for (const entry of parseTranscript(readFileSync(join(dir, f), "utf8")).entries) {
      if (entry.type === "start") core.start();
      if (entry.type !== "event") continue;
      const from = core.call("flowState");
      core.setInput(entry.payload);
      const result = core.call("handle", entry.kind, entry.payload.length, entry.date, entry.time);
      if (result >= 0) while (core.call("nextCommand") > 0);
      seen.push({ from, kind: entry.kind, to: core.call("flowState"), payload: entry.payload.slice(0, 32) });
    }
  }
  console.log(`scripts: ${files.length} transcripts, ${seen.length} events`);
  return seen;
}

const names = docStates();
const rows = docTransitions();
const sources = { spec: throughAnswers(specEvents()), script: throughAnswers(scriptEvents()) };
const done: string[] = [];
const missing: string[] = [];
for (const row of rows) {
  const by = (Object.keys(sources) as (keyof typeof sources)[]).filter((s) => sources[s].some((e) => exercises(names, row, e)));
  const text = `${row.stateCell} | ${row.eventCell} | ${row.nextCell}`;
  (by.length ? done : missing).push(by.length ? `[${by.join("+")}] ${text}` : text);
}
console.log(`\nexercised (${done.length}):`);
for (const line of done) console.log(`  ${line}`);
console.log(`\nnot exercised by any spec or script (${missing.length}):`);
for (const line of missing) console.log(`  ${line}`);
console.log(`\ndocs/FLOW.md transitions: ${done.length} of ${rows.length} exercised, ${missing.length} not`);
