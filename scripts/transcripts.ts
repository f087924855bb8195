// `npm run transcripts`: records tests/transcripts/<script>.<custody>.txt for every
// scenario (tests/host/support/scenarios.ts) and deletes transcripts no scenario
// makes. Run it after a change of the core's behaviour or of the ABI, and review the
// diff: it is the behaviour change. `--check` records them again and compares instead
// of writing, exiting 1 naming the first line that differs. Format: docs/TRANSCRIPTS.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "../host/core";
import { CUSTODIES, recordScenario, SCENARIOS, transcriptName, TRANSCRIPTS_DIR } from "../tests/host/support/scenarios";

const check = process.argv.includes("--check");
const shown = (file: string) => relative(projectRoot(), file);

/** The first line where two texts differ, both sides shown. */
function firstDifference(shipped: string, recorded: string): string {
  const a = shipped.split("\n");
  const b = recorded.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}\n  shipped:  ${a[i] ?? "(end of file)"}\n  recorded: ${b[i] ?? "(end of file)"}`;
  }
  return "no difference";
}

mkdirSync(TRANSCRIPTS_DIR, { recursive: true });
const made = new Set<string>();
let stale = 0;
for (const scenario of SCENARIOS) {
  for (const custody of CUSTODIES) {
    const name = transcriptName(scenario, custody);
    const file = join(TRANSCRIPTS_DIR, name);
    made.add(name);
    const text = await recordScenario(scenario, custody);
    const shipped = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (shipped === text) {
      console.log(`${shown(file)}: unchanged`);
    } else if (check) {
      stale++;
      console.error(`${shown(file)}: ${shipped === undefined ? "missing" : `differs at ${firstDifference(shipped, text)}`}`);
    } else {
      writeFileSync(file, text);
      console.log(`${shown(file)}: written`);
    }
  }
}
for (const name of readdirSync(TRANSCRIPTS_DIR).filter((n) => n.endsWith(".txt") && !made.has(n))) {
  if (check) {
    stale++;
    console.error(`${shown(join(TRANSCRIPTS_DIR, name))}: no scenario records it`);
  } else {
    unlinkSync(join(TRANSCRIPTS_DIR, name));
    console.log(`${shown(join(TRANSCRIPTS_DIR, name))}: deleted (no scenario records it)`);
  }
}
if (stale > 0) {
  console.error(`${stale} transcript(s) out of date: run npm run transcripts and review the diff`);
  process.exitCode = 1;
}
