// The shipped transcripts (tests/transcripts/, docs/TRANSCRIPTS.md): one per scenario
// script and key custody, each replayed byte for byte on the module its custody runs on
// (keyCustody=module: build/realname.wasm; core: the QA build, host/custody.ts);
// recording them again gives the same files; a changed screen text fails exactly the
// transcripts that show it; the recorder sees refused events and core faults; and
// `simulate --record` writes a transcript that replays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Core, CoreFault, defaultWasmPath, projectRoot } from "../../host/core";
import { EventRefused, Flow, Key, LinkStatus } from "../../host/api/flow";
import { CommandKind } from "../../host/generated/abi";
import { parseTranscript, TranscriptError, type Transcript } from "../../host/transcript/format";
import { TranscriptRecorder } from "../../host/transcript/recorder";
import { replayTranscript } from "../../host/transcript/replay";
import { hasCoreCustody, transcriptCore } from "../../host/custody";
import { qaWasmPath } from "./support/qa-core";
import { FakeCore } from "./support/fake-core";
import { CUSTODIES, recordScenario, SCENARIOS, SCRIPTS_DIR, transcriptName, TRANSCRIPTS_DIR } from "./support/scenarios";

const root = projectRoot();
const shipped = readdirSync(TRANSCRIPTS_DIR).filter((f) => f.endsWith(".txt")).sort();
const read = (name: string): Transcript => parseTranscript(readFileSync(join(TRANSCRIPTS_DIR, name), "utf8"));

test("every scenario script has a transcript per key custody, and every transcript a scenario", () => {
  const scripts = readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith(".txt")).sort();
  assert.deepEqual(SCENARIOS.map((s) => s.script).sort(), scripts, "tests/host/support/scenarios.ts lists every script in tests/scripts/");
  const expected = SCENARIOS.flatMap((s) => CUSTODIES.map((c) => transcriptName(s, c))).sort();
  assert.deepEqual(shipped, expected, "run npm run transcripts");
});

for (const name of shipped) {
  test(`transcript ${name} replays byte for byte on the module its key custody runs on`, () => {
    const transcript = read(name);
    const core = transcriptCore(transcript);
    // keyCustody=core on the QA module; every other on the terminal module, which holds no keys.
    assert.equal(hasCoreCustody(core), name.endsWith(".core.txt"));
    const result = replayTranscript(transcript, core);
    assert.equal(result.difference, undefined, `${name}: ${result.difference}`);
    assert.ok(result.events > 10 && result.commands > result.events, `${result.events} events, ${result.commands} commands`);
  });
}

test("recording every scenario again gives the shipped transcripts (npm run transcripts --check)", { timeout: 120000 }, async () => {
  for (const scenario of SCENARIOS) {
    for (const custody of CUSTODIES) {
      const name = transcriptName(scenario, custody);
      const recorded = (await recordScenario(scenario, custody)).split("\n");
      const file = readFileSync(join(TRANSCRIPTS_DIR, name), "utf8").split("\n");
      const at = recorded.findIndex((line, i) => line !== file[i]);
      assert.ok(at < 0 && recorded.length === file.length, `${name} is out of date at line ${at + 1} (run npm run transcripts and review the diff):\n  shipped:  ${file[at]}\n  recorded: ${recorded[at]}`);
    }
  }
});

/**
 * A module (default the terminal's) with bytes of its data segment replaced: in the
 * texts' pair-encoded block (scripts/gen-texts.mjs), the bytes that stayed UTF-8.
 */
function moduleWithText(from: string, to: string, path = defaultWasmPath()): Uint8Array<ArrayBuffer> {
  assert.equal(Buffer.byteLength(from), Buffer.byteLength(to), "a same-length replacement keeps the module's layout");
  const wasm = readFileSync(path);
  const needle = Buffer.from(from, "utf8");
  let count = 0;
  for (let at = wasm.indexOf(needle); at >= 0; at = wasm.indexOf(needle, at + 1), count++) Buffer.from(to, "utf8").copy(wasm, at);
  assert.ok(count > 0, `${from} is not in the module`);
  return new Uint8Array(wasm);
}

test("a changed screen text fails exactly the transcripts that show it, naming the command and both texts", () => {
  const from = "无应答";
  // 无 is a code of the block; 应答, rare in the texts, stayed its six bytes of UTF-8 there.
  const terminal = new Core(moduleWithText("应答", "回答"));
  const qa = new Core(moduleWithText("应答", "回答", qaWasmPath())); // keyCustody=core's transcripts
  const shows = (t: Transcript) => t.entries.some((e) => e.type === "command" && Buffer.from(e.payload).includes(Buffer.from(from)));
  const affected = shipped.filter((name) => shows(read(name)));
  assert.ok(affected.length > 0 && affected.length < shipped.length, `the text shows in some transcripts, not all: ${affected}`);
  const failed = shipped.filter((name) => {
    const difference = replayTranscript(read(name), name.endsWith(".core.txt") ? qa : terminal).difference;
    if (difference) {
      assert.match(difference, /^event \d+ \S+ \d{8} \d{6} \S+: command \d+ differs\n {2}recorded: command \d+ SHOW [0-9A-F]+ "[^"]*无应答[^"]*"\n {2}replayed: command \d+ SHOW [0-9A-F]+ "[^"]*无回答/);
    }
    return difference !== undefined;
  });
  assert.deepEqual(failed, affected);
});

test("a replay stops at the first difference: a changed event, a missing and an extra command", () => {
  const text = readFileSync(join(TRANSCRIPTS_DIR, "verify-success.core.txt"), "utf8");
  const replay = (t: string) => replayTranscript(parseTranscript(t), transcriptCore(parseTranscript(t))).difference ?? "";
  // The operator's first key was 1 (verification); recorded as 4 (the saved records), the commands differ.
  const wrongKey = text.replace(/^(event 9 KEY 5 \d+ \d+ 1 -?\d+) 31 .*$/m, "$1 34");
  assert.notEqual(wrongKey, text);
  assert.match(replay(wrongKey), /^event 9 KEY 20261126 100000 34: command (\d+) differs\n {2}recorded: command \1 SHOW 0005[0-9A-F]+ "5:持卡人同意/);
  // The menu's input timeout recorded as 30 s; the core says 60.
  const wrongDeadline = text.replace(/^(event 9 KEY 5 \d+ \d+ \d+) 60000 /m, "$1 30000 ");
  assert.notEqual(wrongDeadline, text);
  assert.match(replay(wrongDeadline), /^event 9 KEY 20261126 100000 31: nextDeadline\(\) differs\n {2}recorded: nextDeadline\(\) = 30000\n {2}replayed: nextDeadline\(\) = 60000$/);
  const lines = text.split("\n");
  const lastCommand = lines.map((l) => l.startsWith("command ")).lastIndexOf(true);
  const missing = [...lines.slice(0, lastCommand), ...lines.slice(lastCommand + 1)].join("\n");
  assert.match(replay(missing), /: command \d+ differs\n {2}recorded: no command\n {2}replayed: command \d+ \S+/);
  const firstEvent = lines.findIndex((l) => l.startsWith("event 1 "));
  const refused = [...lines.slice(0, firstEvent + 1), "command 1 BEEP 2 01", ...lines.slice(firstEvent + 1).map((l) => l.replace(/^command (\d+)/, (_, n) => `command ${Number(n) + 1}`))].join("\n");
  assert.match(replay(refused), /^event 1 POWER_ON 20261126 100000 [0-9A-F]+: command 1 differs\n {2}recorded: command 1 BEEP 01\n {2}replayed: command 1 SHOW 0001/);
});

test("a transcript of another ABI, or with a kind name its number does not have here, is refused naming the line", () => {
  const text = readFileSync(join(TRANSCRIPTS_DIR, "verify-success.core.txt"), "utf8");
  assert.throws(() => parseTranscript(text.replace(/^abi \d+/m, "abi 1")), (e) => e instanceof TranscriptError && e.line === 2 && /regenerate/.test(e.message));
  assert.throws(() => parseTranscript(text.replace(/^event 9 KEY 5/m, "event 9 TEXT 5")), /line \d+: event 5 is KEY in this ABI, the transcript says TEXT/);
  assert.throws(() => parseTranscript(`x\n${text}`), /line 1: not a transcript/);
  assert.throws(() => parseTranscript(text.replace(/^command 1 SHOW 1 0001/m, "command 1 SHOW 1 001")), /payload is not an even number of hex digits/);
});

test("the recorder sees a refused event with its error code and a core fault, then a new start", () => {
  const fake = new FakeCore();
  const lines: string[] = [];
  const flow = new Flow(fake.asCore(), new TranscriptRecorder((l) => lines.push(l), ["a unit test"]));
  flow.step({ kind: "START" }, 20261126, 100000);
  assert.throws(() => flow.step({ kind: "KEY", key: Key.DIGIT_0 }, 20261126, 100001), EventRefused);
  assert.throws(() => flow.step({ kind: "KEY", key: Key.DIGIT_9 }, 20261126, 100002), CoreFault);
  flow.step({ kind: "LINK", status: LinkStatus.UP }, 20261126, 100003);
  assert.deepEqual(lines.map((l) => l.replace(/ {2}#.*/, "")), [
    "realname-pos-transcript 2",
    lines[1],
    "# a unit test",
    "start",
    "event 1 START 4 20261126 100000 2 -1 -",
    "command 1 SHOW 1 000152454144590A7265636F7264733D30",
    "command 2 CONNECT 3 -",
    "event 2 KEY 5 20261126 100001 -401 -1 30",
    "event 3 KEY 5 20261126 100002 trap -1 39",
    "start",
    "event 4 LINK 9 20261126 100003 1 -1 01",
    "command 3 SHOW 1 00014F4E4C494E45",
  ]);
  const transcript = parseTranscript(`${lines.join("\n")}\n`);
  assert.equal(transcript.entries.filter((e) => e.type === "start").length, 2);
  // Replayed on the real core (which wants POWER_ON first), and as far as the recorded fault.
  assert.match(replayTranscript(transcript, new Core()).difference ?? "", /^event 1 START 20261126 100000 -: handle\(\) differs\n {2}recorded: handle\(\) = 2\n {2}replayed: handle\(\) = -\d+$/);
  const fault = parseTranscript(lines.filter((l) => /^(realname|abi|start|event 3)/.test(l)).join("\n").replace("event 3", "event 1"));
  assert.match(replayTranscript(fault, new Core()).difference ?? "", /^event 1 KEY 20261126 100002 39: the recording shows a core fault/);
});

test("realname-pos simulate --script --record writes a transcript that replays", { timeout: 60000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "realname-record-"));
  const file = join(dir, "run.txt");
  const cli = join(root, "bin", "realname-pos.js");
  const yyyymmdd = (d: Date) => d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
  const before = yyyymmdd(new Date());
  const run = spawnSync(process.execPath, [cli, "simulate", "--data", dir, "--script", join(SCRIPTS_DIR, "verify-success.txt"), "--record", file], { encoding: "utf8", timeout: 50000 });
  assert.equal(run.status, 0, run.stderr);
  const transcript = parseTranscript(readFileSync(file, "utf8"));
  const result = replayTranscript(transcript, new Core());
  assert.equal(result.difference, undefined, result.difference);
  // Keys, card, frames and the saved record went through the recorder, with today's clock.
  const kinds = new Set(transcript.entries.map((e) => (e.type === "command" ? `command ${e.kind}` : e.type)));
  assert.ok(kinds.has(`command ${CommandKind.SAVE}`) && kinds.has(`command ${CommandKind.SEND}`), [...kinds].join(" "));
  const first = transcript.entries.find((e) => e.type === "event");
  assert.ok(first?.type === "event" && [before, yyyymmdd(new Date())].includes(first.date), "the system clock's date");
});
