// The C hosts of examples/c-host (docs/VENDOR.md): wasm2c translates the two
// modules, gcc builds them with the bare-metal runtime (wasm-rt-bare.c) and the
// generated include/realname.h: replay.c replays every shipped transcript byte for
// byte (keyCustody=core's on the QA module: replay-qa) and reports a difference in the
// node replayer's words; host.c completes a live
// verification against `realname-pos acquirer` over TCP and its transcript replays in
// node; tools.c prints values that must equal the same calls through host/core.ts. A
// host built from a header of another ABI or flow version refuses the module.
// Skipped locally without wasm2c or a C compiler; CI installs wabt and must run it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { Core, defaultToolsPath, defaultWasmPath, projectRoot, toolsCore } from "../../host/core";
import { Checks, MaskKind } from "../../host/api/checks";
import { Crypto, fromHex, toHex } from "../../host/api/crypto";
import { Iso8583 } from "../../host/api/iso8583";
import { buildProfile, EventKind, KeySlot, parseRecord } from "../../host/api/flow";
import { TestBank } from "../../host/acquirer/bank";
import { track2Of } from "../../host/devices/card-reader";
import { SIMULATOR_RECORD_HASH_KEY, SIMULATOR_TMK, simulatorProfile } from "../../host/sim/profile";
import { ABI_VERSION, CommandKind, ErrorCode, FLOW_VERSION, INPUT_OFFSET, MEMORY_PAGES, nameOf, OUTPUT_OFFSET, RecordFilter } from "../../host/generated/abi";
import { parseTranscript } from "../../host/transcript/format";
import { RecordIndex } from "../../host/devices/record-index";
import { replayTranscript } from "../../host/transcript/replay";
import { transcriptCore } from "../../host/custody";
import { memoryLimits } from "./support/wasm-sections";
import { TRANSCRIPTS_DIR, SCRIPTS_DIR } from "./support/scenarios";

const root = projectRoot();
const wasmPath = defaultWasmPath();
const outDir = join(root, "build", "c-host");
const cc = process.env.CC ?? "cc";

function available(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return !r.error && r.status === 0;
}

type Built = { ok: true; lines: Map<string, string> } | { ok: false; why: string };
let built: Built | undefined;

/** What the C hosts need, or why they cannot be built here. */
function missingTools(): string | undefined {
  const missing = [
    available("wasm2c", ["--version"]) ? "" : "wasm2c (apt-get install wabt)",
    available(cc, ["--version"]) ? "" : `a C compiler (${cc})`,
  ].filter(Boolean);
  return missing.length ? `${missing.join(" and ")} not installed` : undefined;
}

/** Runs build.sh (with extra environment: another header, another program name). */
function buildCHosts(env: Record<string, string> = {}): void {
  const build = spawnSync("sh", [join(root, "examples/c-host/build.sh")], {
    encoding: "utf8",
    env: { ...process.env, REALNAME_WASM: wasmPath, REALNAME_TOOLS_WASM: defaultToolsPath(), OUT: outDir, CFLAGS: "-O1", ...env },
  });
  assert.equal(build.status, 0, `build.sh failed:\n${build.stdout}\n${build.stderr}`);
}

/** Parses key=value lines (the C programs print their results so); a later key wins. */
function keyValues(text: string, into = new Map<string, string>()): Map<string, string> {
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) into.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return into;
}

/** Builds the C programs once and runs tools.c; the tests below read its output. */
function runCHost(): Built {
  if (built) return built;
  const why = missingTools();
  if (why) return (built = { ok: false, why });
  buildCHosts();
  // Today's date: the ID check's clock.
  const now = new Date();
  const today = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
  const run = spawnSync(join(outDir, "tools"), [String(today)], { encoding: "utf8" });
  assert.equal(run.status, 0, `the C tools failed:\n${run.stdout}\n${run.stderr}`);
  return (built = { ok: true, lines: keyValues(run.stdout) });
}

/** Skips (locally) or fails (in CI, which installs wabt and gcc) without the tools to build. */
function skipWithout(why: string, t: { skip(message: string): void }): undefined {
  if (process.env.CI) assert.fail(`${why}: CI must build the C host (.ci/run installs wabt)`);
  t.skip(`${why}; CI builds the C host`);
  return undefined;
}

/** The C hosts' output, or a skip. */
function cHost(t: { skip(message: string): void }): Map<string, string> | undefined {
  const r = runCHost();
  return r.ok ? r.lines : skipWithout(r.why, t);
}

/** One printed value; a missing line fails (so a host that prints less cannot pass). */
function get(lines: Map<string, string>, key: string): string {
  const v = lines.get(key);
  assert.notEqual(v, undefined, `the C host printed no ${key}=`);
  return v as string;
}

/**
 * The C example's record store (record-store.c) against host/devices/record-index.ts:
 * the same records, every filter at every rank, the same RECORD payloads — among
 * them a reported card whose older record reads as reported (docs/ABI.md).
 */
test("C host: the record store answers FIND_RECORD as host/devices/record-index.ts does", (t) => {
  const why = missingTools();
  if (why) return skipWithout(why, t);
  const program = join(outDir, "record-store-check");
  mkdirSync(outDir, { recursive: true });
  const build = spawnSync(cc, ["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", join(root, "include"), "-I", join(root, "examples/c-host"),
    join(root, "tests/host/support/record-store-check.c"), join(root, "examples/c-host/record-store.c"), "-o", program], { encoding: "utf8" });
  assert.equal(build.status, 0, build.stderr);
  const A = "A".repeat(32), B = "B".repeat(32), H = "C".repeat(32);
  const record = (id: string, type: string, pan: string, status: string, extra = "") =>
    `id=${id}\ntype=${type}\ntime=20261126090000\npanHash=${pan}\nidHash=${H}\nstatus=${status}${extra}`;
  const records = [
    record("V1", "verification", A, "active"), record("V2", "verification", B, "replaced", "\nreplacedBy=V4"),
    record("V3", "verification", A, "active"), record("V4", "verification", B, "active"), record("V1", "verification", A, "active"),
    record("V3", "verification", A, "stolen"), record("L5", "loss", H, "lost"), "id=A6\ntype=attempt\npanHash=" + A,
  ].map((r) => new TextEncoder().encode(r));
  const index = new RecordIndex();
  const args: string[] = [];
  const expected: string[] = [];
  for (const r of records) { index.put(r); args.push("put:" + toHex(r)); }
  for (const filter of Object.values(RecordFilter)) {
    for (const hash of filter >= RecordFilter.CARD ? [A, B, H] : [""]) {
      for (let rank = 0; rank < 4; rank++) {
        const query = new Uint8Array([filter, 0, 0, 0, rank, ...new TextEncoder().encode(hash)]);
        const found = index.find(filter, rank, hash);
        expected.push(toHex(new Uint8Array([0, 0, 0, found.count, ...(found.record ?? [])])));
        args.push("find:" + toHex(query));
      }
    }
  }
  const run = spawnSync(program, args, { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split("\n"), expected);
  // The card reported by V3 (stolen): V1, saved active, reads stolen in both stores.
  const older = index.find(RecordFilter.CARD, 1, A).record;
  assert.match(new TextDecoder().decode(older), /^id=V1\n[^]*status=stolen$/);
});

test("C host: PAN and ID number checks equal host/api/checks.ts", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const checks = new Checks(toolsCore());
  for (const prefix of ["pan", "panLuhn"]) {
    const r = checks.pan(get(lines, `${prefix}.value`));
    assert.equal(Number(get(lines, `${prefix}.result`)), r.code, prefix);
    assert.equal(get(lines, `${prefix}.normalised`), r.normalised, prefix);
    assert.equal(get(lines, `${prefix}.masked`), r.masked, prefix);
    assert.equal(["unknown", "unionpay"][Number(get(lines, `${prefix}.scheme`))], r.scheme, prefix);
    if (!r.valid) {
      assert.equal(get(lines, `${prefix}.reason`), r.reason);
      assert.equal(get(lines, `${prefix}.errorName`), nameOf(ErrorCode, r.code));
      assert.equal(Number(get(lines, `${prefix}.errorOffset`)), r.offset);
    }
  }
  assert.equal(get(lines, "pan.result"), "0");
  assert.equal(get(lines, "panLuhn.reason"), "pan_luhn_unionpay");

  // The C host used its own clock; the same date goes to the TypeScript side.
  const today = get(lines, "today");
  assert.match(today, /^\d{8}$/);
  const iso = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6, 8)}`;
  const id = checks.idNumber(get(lines, "id.value"), iso);
  assert.equal(Number(get(lines, "id.result")), id.code);
  assert.equal(id.valid, true);
  assert.equal(get(lines, "id.normalised"), id.normalised);
  assert.equal(get(lines, "id.masked"), checks.mask(MaskKind.ID_NUMBER, id.normalised));
  assert.equal(get(lines, "id.sex"), id.sex === "male" ? "1" : "2");
  assert.equal(get(lines, "id.birthDate"), id.birthDate?.replace(/-/g, ""));
  const bad = checks.idNumber(get(lines, "idBad.value"), iso);
  assert.equal(Number(get(lines, "idBad.result")), bad.code);
  assert.equal(get(lines, "idBad.reason"), bad.reason);
  assert.equal(Number(get(lines, "idBad.errorOffset")), bad.offset);
  assert.notEqual(bad.code, 0);
});

test("C host: the cup sign-on packs and unpacks as through host/api/iso8583.ts", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const iso = new Iso8583(toolsCore());
  const message = iso.pack("cup", {
    t: "0800", "11": "000001", "41": "12345678", "42": "123456789012345", "60": "00000001003",
    tpdu: "6000030000", header: "603100000000",
  });
  assert.equal(get(lines, "iso.pack.hex"), toHex(message));
  assert.equal(Number(get(lines, "iso.pack.result")), message.length);
  const [offset, length] = iso.macRegion();
  assert.equal(Number(get(lines, "iso.macRegion.offset")), offset);
  assert.equal(Number(get(lines, "iso.macRegion.length")), length);

  const fields = iso.unpack("cup", message);
  assert.equal(Number(get(lines, "iso.unpack.result")), iso.core.exports.outputLength(), "the records' length");
  const key = (k: string) => ({ t: "0", p: "195", tpdu: "193", header: "194" })[k] ?? k;
  const printed = [...lines.keys()].filter((k) => k.startsWith("iso.unpack.field.")).sort();
  assert.deepEqual(printed, fields.map(([k]) => `iso.unpack.field.${key(k)}`).sort());
  for (const [k, v] of fields) assert.equal(get(lines, `iso.unpack.field.${key(k)}`), v, k);
});

test("C host: UnionPay ECB MACs and the TDES check value equal host/api/crypto.ts", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const crypto = new Crypto(toolsCore());
  const ascii = (b: Uint8Array) => new TextDecoder().decode(b);
  // The pgate worked example (docs/CRYPTO.md): a published answer, not only agreement.
  const pgate = ascii(crypto.mac("cup-ecb", fromHex("2222222222222222"), fromHex("1234567890ABCDEFABCDEF1234567890")));
  assert.equal(pgate, "E267B6E2");
  assert.equal(get(lines, "mac.pgate.ascii"), pgate);

  const message = fromHex(get(lines, "iso.pack.hex"));
  const offset = Number(get(lines, "iso.macRegion.offset"));
  const length = Number(get(lines, "iso.macRegion.length"));
  const mak = fromHex("0123456789ABCDEFFEDCBA9876543210");
  const signOn = ascii(crypto.mac("cup-ecb", mak, message.subarray(offset, offset + length)));
  assert.equal(get(lines, "mac.signOn.ascii"), signOn);

  const kcv = toHex(crypto.checkValue("tdes", mak, 3));
  assert.ok(kcv.startsWith("08D7"), kcv); // the published PSEC-KCV answer (tests/vectors/crypto-macs.json) gives 2 bytes
  assert.equal(get(lines, "kcv.tdes"), kcv);
});

// ---- transcripts through wasm2c (docs/TRANSCRIPTS.md) ------------------------------

const shipped = () => readdirSync(TRANSCRIPTS_DIR).filter((f) => f.endsWith(".txt")).sort().map((f) => join(TRANSCRIPTS_DIR, f));

/** Runs the C replayer (`replay-qa`, on the QA module, with `qa`); its stdout. */
function cReplay(files: string[], args: string[] = [], qa = false): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(join(outDir, qa ? "replay-qa" : "replay"), [...args, ...files], { encoding: "utf8", timeout: 60000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("C replay: every shipped transcript replays byte for byte through wasm2c, keyCustody=core's on the QA module", (t) => {
  if (!cHost(t)) return;
  const files = shipped();
  const core = files.filter((f) => f.endsWith(".core.txt"));
  const module = files.filter((f) => !f.endsWith(".core.txt"));
  assert.ok(core.length > 0 && module.length > 0);
  for (const [group, qa] of [[module, false], [core, true]] as const) {
    const run = cReplay(group, [], qa);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    for (const file of group) {
      const transcript = parseTranscript(readFileSync(file, "utf8"));
      const events = transcript.entries.filter((e) => e.type === "event").length;
      const commands = transcript.entries.filter((e) => e.type === "command").length;
      assert.ok(run.stdout.includes(`${file}: ${events} events, ${commands} commands replayed identically\n`), `${file}:\n${run.stdout}`);
    }
    assert.match(run.stdout, /^restarts=0$/m, "no trap");
  }
  // The terminal module holds no keys: it refuses a keyCustody=core profile (a profile value, not a trap).
  const refused = cReplay([core[0]]);
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /: differs\nevent 1 POWER_ON [^\n]*: handle\(\) differs\n {2}recorded: handle\(\) = \d+\n {2}replayed: handle\(\) = -\d+\n/);
});

test("C replay: the first difference and a foreign transcript are reported in the node replayer's words", (t) => {
  if (!cHost(t)) return;
  const dir = mkdtempSync(join(tmpdir(), "realname-c-replay-"));
  const text = readFileSync(join(TRANSCRIPTS_DIR, "verify-success.core.txt"), "utf8");
  const cases = {
    // The operator pressed 1 (verification); the transcript says 2: the consent screen differs.
    key: text.replace(/^(event 9 KEY 5 \d+ \d+) 1 -?\d+ 31 .*$/m, "$1 2 -1 32"),
    // The last command dropped: the replay has one more than the recording.
    missing: text.replace(/\n(command \d+ [^\n]*)\n$/, "\n"),
    // A refused event recorded as accepted.
    result: text.replace(/^(event 4 START 4 \d+ \d+) 3 (-?\d+) -$/m, "$1 4 $2 -"),
    // The menu's input timeout recorded as 30 s: the core says 60.
    deadline: text.replace(/^(event 9 KEY 5 \d+ \d+ \d+) 60000 /m, "$1 30000 "),
  };
  for (const [name, changed] of Object.entries(cases)) {
    assert.notEqual(changed, text, name);
    const file = join(dir, `${name}.txt`);
    writeFileSync(file, changed);
    const run = cReplay([file], [], true);
    assert.equal(run.status, 1, `${name}: ${run.stdout}`);
    const node = replayTranscript(parseTranscript(changed), transcriptCore(parseTranscript(changed))).difference;
    assert.ok(node, name);
    assert.ok(run.stdout.includes(`${file}: differs\n${node}\n`), `${name}:\nC:    ${run.stdout}\nnode: ${node}`);
  }
  const foreign = join(dir, "foreign.txt");
  writeFileSync(foreign, text.replace(/^event 9 KEY 5 /m, "event 9 TEXT 5 "));
  const refused = cReplay([foreign], [], true);
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /not a transcript of this ABI\nline \d+: event 5 is KEY in this ABI, the transcript says TEXT: regenerate it/);
  rmSync(dir, { recursive: true, force: true });
});

// ---- a live verification against the TCP acquirer ------------------------------------

interface LiveRun {
  lines: Map<string, string>;
  stdout: string;
  transcript: string;
}

/** Starts `realname-pos acquirer --port 0` and resolves with its port once it listens. */
async function startAcquirer(dataDir: string): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, [join(root, "bin", "realname-pos.js"), "acquirer", "--port", "0", "--data", dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the acquirer did not start: ${out}`)), 20000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on [^:]+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`the acquirer exited ${code}: ${out}`)));
  });
  return { port, stop: () => child.kill("SIGTERM") };
}

/** Runs the C host against the acquirer with a script (lines), the simulator's profile and keys, and a record file in `dir`. */
function runHost(dir: string, port: number, script: string[], name: string): LiveRun {
  writeFileSync(join(dir, "profile.txt"), buildProfile(simulatorProfile("zh-CN")));
  const slot = (s: number) => nameOf(KeySlot, s);
  writeFileSync(join(dir, "keys.txt"), `${slot(KeySlot.MASTER)}=${SIMULATOR_TMK}\n${slot(KeySlot.RECORD_HASH)}=${SIMULATOR_RECORD_HASH_KEY}\n`);
  writeFileSync(join(dir, `${name}.script`), `${script.join("\n")}\n`);
  const transcript = join(dir, `${name}.transcript`);
  const run = spawnSync(join(outDir, "host"), [
    "--acquirer", `127.0.0.1:${port}`, "--profile", join(dir, "profile.txt"), "--keys", join(dir, "keys.txt"),
    "--store", join(dir, "records"), "--script", join(dir, `${name}.script`), "--record", transcript,
  ], { encoding: "utf8", timeout: 60000 });
  assert.equal(run.status, 0, `the C host (${name}) failed:\n${run.stdout}\n${run.stderr}`);
  return { lines: keyValues(run.stdout), stdout: run.stdout, transcript: readFileSync(transcript, "utf8") };
}

/** The record file: [4-byte big-endian length][record] each. */
function storedRecords(file: string): Record<string, string>[] {
  const bytes = readFileSync(file);
  const out: Record<string, string>[] = [];
  for (let at = 0; at + 4 <= bytes.length; ) {
    const n = bytes.readUInt32BE(at);
    out.push(parseRecord(bytes.subarray(at + 4, at + 4 + n).toString("utf8")));
    at += 4 + n;
  }
  return out;
}

let live: Promise<{ verify: LiveRun; again: LiveRun; balance: LiveRun; records: Record<string, string>[] }> | undefined;

/** The live run, once: tests/scripts/verify-success.txt with the card's track 2 for the swipe, then a restart on the same records. */
function liveRun() {
  live ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "realname-c-live-"));
    const acquirer = await startAcquirer(join(dir, "acquirer-data"));
    try {
      const bank = TestBank.default();
      const script = (name: string) => readFileSync(join(SCRIPTS_DIR, name), "utf8").split("\n").map((line) => {
        const card = line.match(/^swipe (\d+)$/) && bank.card(line.slice(6));
        return card ? `swipe ${track2Of(card)}` : line;
      });
      const verify = runHost(dir, acquirer.port, script("verify-success.txt"), "verify");
      const records = storedRecords(join(dir, "records"));
      const again = runHost(dir, acquirer.port, ["expect 主菜单"], "again");
      const balance = runHost(dir, acquirer.port, script("balance.txt"), "balance");
      return { verify, again, balance, records };
    } finally {
      acquirer.stop();
    }
  })();
  return live;
}

test("C host: a live verification against realname-pos acquirer over TCP, menu to 认证成功, a saved record", { timeout: 90000 }, async (t) => {
  if (!cHost(t)) return;
  const { verify, records } = await liveRun();
  const shows = verify.stdout.split("\n").filter((l) => l.startsWith("show="));
  assert.ok(shows.some((l) => l.includes("主菜单")), "the menu after sign-on");
  assert.match(shows.find((l) => l.includes("认证成功")) ?? "", /^show=16:实名认证 \/ 认证成功 \/ 认证号:[A-Z0-9]{6}$/);
  assert.match(verify.stdout, /^print=实名认证凭条 \/ .*卡号:622202\*{9}0009 .*结果:认证成功$/m, "the receipt");
  const v = records.find((r) => r.type === "verification");
  assert.ok(v, JSON.stringify(records));
  assert.equal(v.result, "00");
  assert.equal(v.pan, "622202*********0009");
  assert.match(verify.stdout, new RegExp(`^saved=${v.id}$`, "m"), "SAVED only after the record was on storage");
  // The host's own transcript replays in node, byte for byte, with its clock.
  const transcript = parseTranscript(verify.transcript);
  // keyCustody=module (the host's default): the working keys went to the C secure element (secure.c), never to the core.
  const sent = (kind: number) => transcript.entries.filter((e) => e.type === "command" && e.kind === kind).length;
  assert.equal(sent(CommandKind.INSTALL_KEY), 3, "PIK, MAK and TDK installed in the secure element");
  assert.ok(sent(CommandKind.MAC) >= 2 && sent(CommandKind.ENCIPHER) >= 1, "MACs and field 62 asked of the secure element");
  assert.ok(!transcript.entries.some((e) => e.type === "event" && e.kind === EventKind.INJECT_KEY), "no key injected into the core");
  assert.equal(replayTranscript(transcript, new Core()).difference, undefined);
  assert.equal(Number(get(verify.lines, "events")), transcript.entries.filter((e) => e.type === "event").length);
  assert.equal(Number(get(verify.lines, "commands")), transcript.entries.filter((e) => e.type === "command").length);
});

test("C host: a balance inquiry's PINs typed on the C secure element's keypad (keyCustody=module), the right one answered", { timeout: 90000 }, async (t) => {
  if (!cHost(t)) return;
  const { balance } = await liveRun();
  assert.ok(balance.stdout.split("\n").some((l) => l.startsWith("show=") && l.includes("余额:")), "the balance shown");
  const transcript = parseTranscript(balance.transcript);
  const count = (type: "event" | "command", kind: number) => transcript.entries.filter((e) => e.type === type && e.kind === kind).length;
  assert.equal(count("command", CommandKind.PIN_ENTRY), 2, "a wrong PIN, then the right one");
  assert.equal(count("event", EventKind.PIN_DIGITS), 12, "six digits each, counted by the keypad");
  assert.equal(count("event", EventKind.PIN_BLOCK), 2);
  // No digit reached the core: the only KEY events are the menu item and the ENTER on 密码错.
  assert.equal(count("event", EventKind.KEY), 2);
  assert.equal(replayTranscript(transcript, new Core()).difference, undefined);
});

test("C host: restarted on its record file, it restores the record with the highest STAN once, and its transcript replays", { timeout: 90000 }, async (t) => {
  if (!cHost(t)) return;
  const { again, records } = await liveRun();
  const restored = again.stdout.split("\n").filter((l) => l.startsWith("restored=")).map((l) => l.slice("restored=id=".length));
  const highest = records.reduce((a, b) => (Number(b.stan) > Number(a.stan) ? b : a));
  assert.deepEqual(restored, [highest.id]);
  const transcript = parseTranscript(again.transcript);
  const restores = transcript.entries.filter((e) => e.type === "event" && e.kind === EventKind.RESTORE);
  assert.equal(restores.length, 1);
  assert.equal(replayTranscript(transcript, new Core()).difference, undefined);
});

test("C host: versions, self test, buffers and the memory budget docs/VENDOR.md states", { timeout: 90000 }, async (t) => {
  if (!cHost(t)) return;
  const { verify } = await liveRun();
  const lines = verify.lines;
  const bytes = readFileSync(wasmPath);
  const core = new Core(bytes);
  assert.equal(Number(get(lines, "abiVersion")), ABI_VERSION);
  assert.equal(Number(get(lines, "abiVersion")), core.exports.abiVersion());
  assert.equal(Number(get(lines, "flowVersion")), FLOW_VERSION);
  assert.equal(Number(get(lines, "selfTest")), core.call("selfTest"));
  assert.equal(Number(get(lines, "selfTest")), 0);
  const tools = cHost(t)!;
  assert.equal(Number(get(tools, "tools.abiVersion")), ABI_VERSION);
  assert.equal(Number(get(tools, "tools.selfTest")), 0);
  const limits = memoryLimits(bytes);
  assert.equal(Number(get(lines, "memory.pages")), core.memoryBytes() / 65536);
  assert.equal(Number(get(lines, "memory.pages")), limits.initial);
  assert.equal(Number(get(lines, "memory.maxPages")), limits.maximum);
  assert.equal(get(lines, "memory.pagesAfter"), get(lines, "memory.pages"), "memory grew during the run");
  assert.deepEqual([limits.initial, limits.maximum], [MEMORY_PAGES, MEMORY_PAGES]);
  assert.equal(Number(get(lines, "input.offset")), INPUT_OFFSET);
  assert.equal(Number(get(lines, "output.offset")), OUTPUT_OFFSET);
  assert.equal(get(lines, "restarts"), "0");
  assert.equal(get(tools, "tools.restarts"), "0");
});

// ---- the bare-metal runtime ----------------------------------------------------------

test("bare-metal runtime: out-of-bounds, unreachable and runaway recursion trap into the caller's try; memory grows to its maximum only", (t) => {
  if (!cHost(t)) return;
  if (!available("wat2wasm", ["--version"])) return skipWithout("wat2wasm (wabt) not installed", t);
  const dir = mkdtempSync(join(tmpdir(), "realname-bare-"));
  const support = join(root, "tests", "host", "support", "bare-runtime");
  const here = join(root, "examples", "c-host");
  const sh = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8", cwd: dir });
    assert.equal(r.status, 0, `${cmd} ${args.join(" ")}:\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  sh("wat2wasm", [join(support, "traps.wat"), "-o", "traps.wasm"]);
  sh("wasm2c", ["traps.wasm", "-n", "traps", "-o", "traps-wasm.c"]);
  copyFileSync(join(outDir, "include", "wasm-rt.h"), join(dir, "wasm-rt.h"));
  const flags = ["-O1", "-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0", "-I", dir, "-I", here];
  sh(cc, [...flags, "-c", "traps-wasm.c", "-o", "traps-wasm.o"]);
  for (const src of [join(here, "wasm-rt-bare.c"), join(support, "traps.c")]) {
    sh(cc, [...flags, "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-c", src, "-o", join(dir, src.endsWith("traps.c") ? "traps.o" : "rt.o")]);
  }
  sh(cc, ["-o", "traps", "traps-wasm.o", "rt.o", "traps.o", "-lm"]);
  assert.deepEqual(Object.fromEntries(keyValues(sh(join(dir, "traps"), []))), {
    "load.lastWord": "0",
    "load.pastEnd": "trap:out-of-bounds memory access",
    "grow.one": "1",
    "load.grown": "0",
    "grow.beyondMax": "-1",
    pages: "2",
    fail: "trap:unreachable executed",
    deep: "trap:call stack exhausted",
    "pages.afterRestart": "1",
    "load.afterRestart": "0",
  });
  rmSync(dir, { recursive: true, force: true });
});

/** A C host built from a header of other versions (a copy of include/realname.h with one number changed). */
function refusalOf(define: string, version: number): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "realname-header-"));
  try {
    const header = readFileSync(join(root, "include", "realname.h"), "utf8");
    const changed = header.replace(new RegExp(`^#define ${define} \\d+$`, "m"), `#define ${define} ${version}`);
    assert.notEqual(changed, header, `${define} not found in include/realname.h`);
    mkdirSync(join(dir, "include"));
    writeFileSync(join(dir, "include", "realname.h"), changed);
    const suffix = `-${define.toLowerCase()}-${version}`;
    buildCHosts({ REALNAME_INCLUDE: join(dir, "include"), PROGRAM_SUFFIX: suffix });
    const run = spawnSync(join(outDir, `host${suffix}`), ["--script", "/dev/null"], { encoding: "utf8" });
    return { status: run.status, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("C host: a host built for ABI version 1, or for another flow version, refuses the module naming both", (t) => {
  const why = missingTools();
  if (why) return skipWithout(why, t);
  runCHost(); // the modules translated once; only the programs are built again
  const abi = refusalOf("REALNAME_ABI_VERSION", 1);
  assert.equal(abi.status, 1);
  assert.match(abi.stderr, new RegExp(`the module has ABI version ${ABI_VERSION}, this host was built for ABI version 1`));
  const other = FLOW_VERSION + 1;
  const flow = refusalOf("REALNAME_FLOW_VERSION", other);
  assert.equal(flow.status, 1);
  assert.match(flow.stderr, new RegExp(`the module has flow version ${FLOW_VERSION}, this host was built for flow version ${other}`));
});
