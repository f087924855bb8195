// The scenario scripts of tests/scripts/, each with what it shows and how it runs:
// the end-to-end suite runs every one against the simulator, and
// scripts/transcripts.ts records each as tests/transcripts/<script>.<custody>.txt.
// A new script gets its line here (tests/host/transcripts.test.ts fails until it has
// one and its transcript is recorded).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../../host/core";
import type { Profile } from "../../../host/api/flow";
import { VirtualClock } from "../../../host/devices/clock";
import { SeededRandom } from "../../../host/devices/random";
import { createSimulator, mergeProfile, simulatorProfile } from "../../../host/sim/simulator";
import { parseScript, runScript } from "../../../host/sim/script";
import { parseTranscript } from "../../../host/transcript/format";
import { TranscriptRecorder } from "../../../host/transcript/recorder";

export interface Scenario {
  /** The file in tests/scripts/. */
  script: string;
  what: string;
  /** A profile file in tests/scripts/ read over the simulator's. */
  profile?: string;
  /** Shortens every timer. */
  timeScale?: number;
}

export const SCRIPTS_DIR = join(projectRoot(), "tests", "scripts");

export const SCENARIOS: readonly Scenario[] = [
  { script: "verify-success.txt", what: "success without an SMS code" },
  { script: "verify-sms.txt", what: "success with an SMS code" },
  { script: "mismatch-name.txt", what: "a wrong name, then the corrected retry" },
  { script: "mismatch-id.txt", what: "a wrong ID number, then the corrected retry" },
  { script: "mismatch-card.txt", what: "a wrong card (expiry), then the corrected retry" },
  { script: "mismatch-phone.txt", what: "a wrong phone number at an issuer that names it (field 44), then the corrected retry" },
  { script: "attempt-limit.txt", what: "the attempt limit locks the card on the terminal" },
  { script: "expired-replacement.txt", what: "an expired card, then card replacement" },
  { script: "loss-report.txt", what: "a loss report, then the card refused locally" },
  { script: "holder-notice.txt", what: "the replacement notice for a card reported lost" },
  { script: "network-down.txt", what: "the link down at sign-on, verification, SMS code and loss report" },
  // hostTimeout=5 is the profile's minimum; the clock runs 5x faster so each timeout takes 1 s.
  { script: "acquirer-silent.txt", what: "a silent acquirer (host timeout), then the resend", profile: "fast-timeout.profile", timeScale: 0.2 },
  { script: "bad-mac.txt", what: "a reply with a bad MAC is no reply, then the resend", profile: "fast-timeout.profile", timeScale: 0.2 },
  { script: "verify-pin.txt", what: "verification with the holder's PIN", profile: "require-pin.profile" },
  { script: "balance.txt", what: "a balance inquiry: wrong PIN (55), then the right one" },
  { script: "loss-from-record.txt", what: "a loss report from the saved record, without the lost card" },
  { script: "settings-power-cut.txt", what: "the language chosen in the settings survives a power cut" },
  { script: "keyed-card.txt", what: "a card keyed on the keypad: its digits, then its expiry" },
  { script: "small-texts.txt", what: "an ID number refused with its rule and corrected, F2 too early, the balance with its unit" },
  { script: "confirm-screen.txt", what: "the menu's pages say there is more; the confirmation screen in full, labels with their values" },
  { script: "power-cut-save.txt", what: "a power cut in the middle of a save, then the same verification again" },
];

/** The simulator's profile with the scenario's profile file over it. */
export function scenarioProfile(scenario: Scenario): Profile {
  const base = simulatorProfile("zh-CN");
  return scenario.profile ? mergeProfile(base, readFileSync(join(SCRIPTS_DIR, scenario.profile), "utf8")) : base;
}

// ---- transcripts (docs/TRANSCRIPTS.md) ----------------------------------------------

export const TRANSCRIPTS_DIR = join(projectRoot(), "tests", "transcripts");

/**
 * Where the keys live (the profile's keyCustody): `core`, injected into the core at
 * power-on (INJECT_KEY; the QA module only: the terminal module holds no keys); `module`, in the host's secure module (keys and PIN never in the
 * core: docs/ABI.md "The secure module"). Each scenario has a transcript per custody.
 */
export const CUSTODIES = ["core", "module"] as const;
export type Custody = (typeof CUSTODIES)[number];

/** tests/transcripts/<script>.<custody>.txt */
export function transcriptName(scenario: Scenario, custody: Custody): string {
  return `${scenario.script.replace(/\.txt$/, "")}.${custody}.txt`;
}

/** Every recording starts at this local time (the same date and hour in every time zone). */
const RECORDED_FROM = new Date(2026, 10, 26, 10, 0, 0);

/**
 * Runs the scenario's script against a fresh simulator and its in-process acquirer and
 * returns the transcript. Everything that could differ between two runs is fixed: the
 * clock is virtual (it moves only when a timer falls due), both random sources are
 * seeded, and the data folder starts empty. Throws when the script fails.
 */
export async function recordScenario(scenario: Scenario, custody: Custody, watch?: (memory: WebAssembly.Memory) => void): Promise<string> {
  const lines: string[] = [];
  let memory: (() => WebAssembly.Memory) | undefined;
  // `watch` sees the core's whole linear memory after every event and every command.
  const transcript = new TranscriptRecorder((line) => {
    lines.push(line);
    if (watch && memory) watch(memory());
  }, [
    `tests/scripts/${scenario.script}: ${scenario.what}${scenario.profile ? ` (profile ${scenario.profile})` : ""}`,
    `key custody ${custody}; recorded by npm run transcripts (scripts/transcripts.ts); format: docs/TRANSCRIPTS.md`,
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), "realname-transcript-"));
  const sim = await createSimulator({
    dataDir, profile: { ...scenarioProfile(scenario), keyCustody: custody }, inPlace: false, sink: { write: () => {} },
    clock: new VirtualClock(RECORDED_FROM, scenario.timeScale ?? 1),
    random: new SeededRandom("terminal"), acquirerRandom: new SeededRandom("acquirer"), transcript,
  });
  memory = () => sim.terminal.flow.core.exports.memory;
  try {
    sim.terminal.start();
    const file = join(SCRIPTS_DIR, scenario.script);
    const result = await runScript(sim, parseScript(readFileSync(file, "utf8"), scenario.script), scenario.script);
    if (!result.ok) throw result.failure;
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const text = `${lines.join("\n")}\n`;
  const trap = parseTranscript(text).entries.find((e) => e.type === "event" && e.result === "trap");
  if (trap) throw new Error(`${scenario.script}: the core trapped at line ${trap.line} of its transcript: a bug in the core`);
  return text;
}
