// End to end on loopback: the release core driving the simulated devices, talking
// ISO 8583 over TCP to the simulated acquirer (whose cryptography is node's own),
// scripted with the QA scripts in tests/scripts/. Every script must pass; then the
// data folder and the captured TCP bytes are scanned for the holders' clear data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawnSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { parseRecord, type Profile } from "../../host/api/flow";
import { createSimulator, mergeProfile, simulatorProfile } from "../../host/sim/simulator";
import { parseScript, runScript } from "../../host/sim/script";
import { TestBank } from "../../host/acquirer/bank";
import { readJournal } from "../../host/devices/storage";
import { SCENARIOS } from "./support/scenarios";

const root = projectRoot();
const scripts = join(root, "tests", "scripts");
const bank = TestBank.default();

interface Run {
  ok: boolean;
  failure?: string;
  dataDir: string;
  wire: Uint8Array[];
  screens: string;
}

/** Runs one script against a fresh simulator (fresh data folder unless given); bounded by the test timeout. */
async function run(script: string, options: { profile?: string; dataDir?: string; timeScale?: number; source?: string } = {}): Promise<Run> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "realname-e2e-"));
  let profile: Profile = simulatorProfile("zh-CN");
  if (options.profile) profile = mergeProfile(profile, readFileSync(join(scripts, options.profile), "utf8"));
  const wire: Uint8Array[] = [];
  let screens = "";
  const sim = await createSimulator({
    dataDir, profile, inPlace: false, sink: { write: (t) => (screens += t) },
    tap: (_direction, bytes) => wire.push(bytes.slice()), timeScale: options.timeScale,
  });
  try {
    sim.terminal.start();
    const source = options.source ?? readFileSync(join(scripts, script), "utf8");
    const result = await runScript(sim, parseScript(source, script), script);
    return { ok: result.ok, failure: result.failure?.message, dataDir, wire, screens };
  } finally {
    await sim.close();
  }
}

function records(dataDir: string): Record<string, string>[] {
  return readJournal(join(dataDir, "terminal", "records.journal")).records.map((r) => parseRecord(new TextDecoder().decode(r.bytes)));
}

function assertPassed(r: Run): void {
  assert.ok(r.ok, `${r.failure}\n--- screens ---\n${r.screens.split("\n").slice(-40).join("\n")}`);
}

for (const { script, what, profile, timeScale } of SCENARIOS) {
  test(`script ${script}: ${what}`, { timeout: 60000 }, async () => {
    assertPassed(await run(script, { profile, timeScale }));
  });
}

test("a successful verification saves one attempt and one masked verification record", { timeout: 60000 }, async () => {
  const r = await run("verify-success.txt");
  assertPassed(r);
  const saved = records(r.dataDir);
  const v = saved.find((x) => x.type === "verification");
  assert.ok(v, JSON.stringify(saved));
  assert.equal(v.result, "00");
  assert.equal(v.pan, "622202*********0009");
  assert.equal(v.phone, "138****0001");
  assert.ok(!v.idNumber.includes("19900307"), "the birth date is masked");
  assert.match(readFileSync(join(r.dataDir, "terminal", "receipts.txt"), "utf8"), /认证成功/);
});

test("a power cut during a save: every record saved before survives, the torn one is set aside, no duplicates", { timeout: 60000 }, async () => {
  const r = await run("power-cut-save.txt");
  assertPassed(r);
  const saved = records(r.dataDir);
  const ids = saved.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, "no record id twice");
  // Before the cut: 王小明's attempt + verification; the SMS run's save was torn; after: 王小明 again.
  assert.deepEqual(saved.map((x) => `${x.type}:${x.pan ?? ""}`).filter((x) => x.startsWith("verification")), [
    "verification:622202*********0009",
    "verification:622202*********0009",
  ]);
  assert.ok(!saved.some((x) => x.pan === "622202*********1113"), "the record torn by the power cut is not there");
  const log = readFileSync(join(r.dataDir, "terminal", "terminal.log"), "utf8");
  assert.match(log, /2 saved record\(s\) indexed/);
  assert.match(log, /set aside an incomplete last entry .* into records\.journal\.quarantine; the records before and after it were kept/);
  // Run again on the same data: the restart restores exactly what was saved, once each.
  const again = await run("verify-success.txt", { dataDir: r.dataDir });
  assertPassed(again);
  assert.match(readFileSync(join(r.dataDir, "terminal", "terminal.log"), "utf8"), new RegExp(`${saved.length} saved record\\(s\\) indexed`));
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function contains(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle, "utf8"));
}

test("no clear PAN, ID number, phone or PIN in the data folder; on the wire only the PAN", { timeout: 120000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "realname-scan-"));
  const runs = [
    await run("verify-success.txt", { dataDir }),
    await run("verify-sms.txt", { dataDir }),
    await run("verify-pin.txt", { dataDir, profile: "require-pin.profile" }),
  ];
  runs.forEach(assertPassed);
  const holders = ["6222020000001000009", "6222020000001011113", "6222020000001144435"].map((pan) => bank.card(pan)!);
  const files = filesUnder(dataDir);
  assert.ok(files.some((f) => f.endsWith("records.journal")) && files.some((f) => f.endsWith("acquirer.log")));
  for (const file of files) {
    const body = new Uint8Array(readFileSync(file));
    for (const h of holders) {
      for (const [what, value] of [["PAN", h.pan], ["ID number", h.idNumber], ["phone", h.phone], ["name", h.name]] as const) {
        assert.ok(!contains(body, value), `${file} holds the clear ${what} of ${h.name[0]}*`);
      }
    }
  }
  const pinHolder = holders[2];
  for (const file of files) assert.ok(!contains(new Uint8Array(readFileSync(file)), pinHolder.pin), `${file} holds the PIN`);
  const wire = Buffer.concat(runs.flatMap((r) => r.wire));
  let panSeen = false;
  for (const h of holders) {
    // The PAN travels in field 2 as BCD; look for it packed that way and as text.
    panSeen ||= wire.includes(Buffer.from(h.pan.length % 2 ? h.pan + "0" : h.pan, "hex"));
    for (const [what, value] of [["ID number", h.idNumber], ["phone", h.phone], ["name", h.name]] as const) {
      assert.ok(!wire.includes(Buffer.from(value, "utf8")), `the wire carries the clear ${what} of ${h.name[0]}*`);
    }
    for (const [what, digits] of [["ID number", h.idNumber.slice(0, 16)], ["phone", h.phone.slice(0, 10)]] as const) {
      assert.ok(!wire.includes(Buffer.from(digits, "hex")), `the wire carries the ${what} of ${h.name[0]}* as BCD`);
    }
  }
  assert.ok(panSeen, "the PAN is on the wire (field 2), as the protocol says");
  assert.ok(!wire.includes(Buffer.from(pinHolder.pin, "utf8")), "the wire carries the clear PIN");
  assert.ok(!wire.includes(Buffer.from(pinHolder.pin, "hex")), "the wire carries the PIN as BCD");
});

test("CLI: simulate --script exits 0 when every expect holds, 1 naming the line otherwise; records lists masked JSON", { timeout: 60000 }, () => {
  const cli = join(root, "bin", "realname-pos.js");
  const dataDir = mkdtempSync(join(tmpdir(), "realname-cli-"));
  const ok = spawnSync(process.execPath, [cli, "simulate", "--data", dataDir, "--script", join(scripts, "verify-success.txt")], { encoding: "utf8", timeout: 50000 });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /┌#0004/);
  assert.match(ok.stdout, /认证成功/);
  const bad = join(dataDir, "bad.txt");
  writeFileSync(bad, "expect 主菜单\nexpect 这段文字不会出现\n");
  const fail = spawnSync(process.execPath, [cli, "simulate", "--data", dataDir, "--script", bad], { encoding: "utf8", timeout: 50000 });
  assert.equal(fail.status, 1);
  assert.match(fail.stderr, /bad\.txt:2: expected "这段文字不会出现"/);
  const list = spawnSync(process.execPath, [cli, "records", "--data", dataDir], { encoding: "utf8" });
  assert.equal(list.status, 0, list.stderr);
  const lines = list.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.type === "verification" && l.pan === "622202*********0009"));
  assert.ok(!list.stdout.includes("6222020000001000009"));
});

/** 王小明's card (verified twice by verify-success.txt) reported lost, then the records browsed with the supervisor password. */
const REPORT_AND_BROWSE = `expect 主菜单
key 3
expect 刷卡
swipe 6222020000001000009
expect 1.遗失
key 1
key ENTER
expect 已挂失,本机已禁止此卡
key ENTER
expect 主菜单
key 4
keys 123456
key ENTER
expect 001/002 已挂失
key F3
expect 002/002 已挂失
`;

test("R21: a reported card is reported in every record, on the terminal and in realname-pos records (lost in both)", { timeout: 90000 }, async () => {
  const first = await run("verify-success.txt");
  assertPassed(first);
  const dataDir = first.dataDir;
  assertPassed(await run("verify-success.txt", { dataDir }));
  assertPassed(await run("report-and-browse", { dataDir, source: REPORT_AND_BROWSE }));
  // The report is saved in one record; the other reads as reported all the same.
  assert.deepEqual(records(dataDir).filter((x) => x.type === "verification").map((x) => x.status).sort(), ["active", "lost"]);
  const cli = join(root, "bin", "realname-pos.js");
  const list = spawnSync(process.execPath, [cli, "records", "--data", dataDir], { encoding: "utf8" });
  assert.equal(list.status, 0, list.stderr);
  const listed = list.stdout.trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.type === "verification");
  assert.equal(listed.length, 2);
  for (const v of listed) assert.equal(v.status, "lost", JSON.stringify(v));
});

test("CLI: usage errors exit 2; the acquirer starts alone and stops on SIGTERM", { timeout: 30000 }, async () => {
  const cli = join(root, "bin", "realname-pos.js");
  assert.equal(spawnSync(process.execPath, [cli, "simulate", "--lang", "fr"], { encoding: "utf8" }).status, 2);
  assert.equal(spawnSync(process.execPath, [cli, "acquirer"], { encoding: "utf8" }).status, 2, "--port is required");
  assert.equal(spawnSync(process.execPath, [cli, "records", "--data", join(tmpdir(), "realname-none-" + process.pid)], { encoding: "utf8" }).status, 2, "--data that is no folder");
  const dataDir = mkdtempSync(join(tmpdir(), "realname-acq-cli-"));
  const child = spawn(process.execPath, [cli, "acquirer", "--port", "0", "--data", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`acquirer exited ${code}: ${out}`)));
  });
  assert.match(out, /acquirer listening on 127\.0\.0\.1:\d+; \d+ cards/);
  const exited = new Promise<number | null>((r) => child.once("exit", r));
  child.kill("SIGTERM");
  assert.equal(await exited, 0);
});
