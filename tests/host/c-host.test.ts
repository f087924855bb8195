// The C hosts of examples/c-host (docs/VENDOR.md): wasm2c translates the two
// modules, gcc builds host.c (the terminal) and tools.c (the tools module) with
// the generated include/realname.h, and every value they print must equal the
// same operation done through host/core.ts on the same module. A host built
// from a header of another ABI or flow version refuses the module.
// Skipped locally without wasm2c or a C compiler; CI installs wabt and must run it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Core, defaultToolsPath, defaultWasmPath, projectRoot, toolsCore } from "../../host/core";
import { Checks, MaskKind } from "../../host/api/checks";
import { Crypto, fromHex, toHex } from "../../host/api/crypto";
import { Iso8583 } from "../../host/api/iso8583";
import { CommandKind, decodeCommand, EventKind, LinkStatus } from "../../host/api/flow";
import { ABI_VERSION, ErrorCode, FLOW_VERSION, INPUT_OFFSET, nameOf, OUTPUT_OFFSET } from "../../host/generated/abi";
import { memoryLimits } from "./support/wasm-sections";

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

/** Builds and runs both C hosts once; the tests below read their output (one map: tools.c's own keys do not clash). */
function runCHost(): Built {
  if (built) return built;
  const why = missingTools();
  if (why) return (built = { ok: false, why });
  buildCHosts();
  // Today's date (the ID check's clock) and noon, inside the default operating hours.
  const now = new Date();
  const today = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
  const lines = new Map<string, string>();
  for (const [program, args] of [["host", [String(today), "120000"]], ["tools", [String(today)]]] as const) {
    const run = spawnSync(join(outDir, program), args, { encoding: "utf8" });
    assert.equal(run.status, 0, `the C ${program} failed:\n${run.stdout}\n${run.stderr}`);
    for (const line of run.stdout.split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) lines.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  return (built = { ok: true, lines });
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

test("C host: versions, self tests, buffers and the memory budget docs/VENDOR.md states", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const bytes = readFileSync(wasmPath);
  const core = new Core(bytes);
  assert.equal(Number(get(lines, "abiVersion")), ABI_VERSION);
  assert.equal(Number(get(lines, "abiVersion")), core.exports.abiVersion());
  assert.equal(Number(get(lines, "flowVersion")), FLOW_VERSION);
  assert.equal(Number(get(lines, "selfTest")), core.call("selfTest"));
  assert.equal(Number(get(lines, "selfTest")), 0);
  assert.equal(Number(get(lines, "tools.abiVersion")), ABI_VERSION);
  assert.equal(Number(get(lines, "tools.selfTest")), 0);
  const limits = memoryLimits(bytes);
  assert.equal(Number(get(lines, "memory.pages")), core.memoryBytes() / 65536);
  assert.equal(Number(get(lines, "memory.pages")), limits.initial);
  assert.equal(Number(get(lines, "memory.maxPages")), limits.maximum);
  assert.equal(get(lines, "memory.pagesAfter"), get(lines, "memory.pages"), "memory grew during the run");
  assert.deepEqual([limits.initial, limits.maximum], [4, 16], "the module's memory limits changed: update docs/VENDOR.md and docs/ABI.md");
  assert.equal(Number(get(lines, "input.offset")), INPUT_OFFSET);
  assert.equal(Number(get(lines, "output.offset")), OUTPUT_OFFSET);
  assert.equal(get(lines, "restarts"), "0");
  assert.equal(get(lines, "tools.restarts"), "0");
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
  const records = iso.encodeRecords("cup", {
    t: "0800", "11": "000001", "41": "12345678", "42": "123456789012345", "60": "00000001003",
    tpdu: "6000030000", header: "603100000000",
  });
  const message = iso.packRecords("cup", records);
  assert.equal(get(lines, "iso.pack.hex"), toHex(message));
  assert.equal(Number(get(lines, "iso.pack.result")), message.length);
  const [offset, length] = iso.macRegion();
  assert.equal(Number(get(lines, "iso.macRegion.offset")), offset);
  assert.equal(Number(get(lines, "iso.macRegion.length")), length);

  const unpacked = iso.unpackRecords("cup", message);
  assert.equal(Number(get(lines, "iso.unpack.result")), unpacked.length);
  const fields = iso.decodeRecords("cup", unpacked);
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

test("C host: a flow session (power-on, keys, START, CONNECT answered 'connect failed') equals host/core.ts", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const core = new Core(readFileSync(wasmPath));
  const date = Number(get(lines, "flow.date"));
  const time = Number(get(lines, "flow.time"));
  const kindOf = (table: Record<string, number>, name: string) => {
    assert.ok(name in table, `unknown kind ${name}`);
    return table[name];
  };

  // Replay the events the C host sent, in order, and drain the queue after each.
  const replayed: string[] = [];
  const events: string[] = [];
  for (let i = 1; lines.has(`flow.event.${i}.kind`); i++) {
    const name = get(lines, `flow.event.${i}.kind`);
    const payload = fromHex(get(lines, `flow.event.${i}.payload`));
    events.push(`${name} ${toHex(payload)}`);
    core.setInput(payload);
    const result = core.call("handle", kindOf(EventKind, name), payload.length, date, time);
    assert.equal(Number(get(lines, `flow.event.${i}.result`)), result, `event ${i} (${name})`);
    for (let kind = core.call("nextCommand"); kind > 0; kind = core.call("nextCommand")) {
      replayed.push(`${kind} ${toHex(core.output())}`);
    }
  }
  const printed: string[] = [];
  for (let i = 1; lines.has(`flow.command.${i}.kind`); i++) {
    printed.push(`${kindOf(CommandKind, get(lines, `flow.command.${i}.kind`))} ${get(lines, `flow.command.${i}.payload`)}`);
  }
  assert.equal(Number(get(lines, "flow.events")), events.length);
  assert.equal(Number(get(lines, "flow.commands")), printed.length);
  assert.deepEqual(printed, replayed);

  // The session did what the brief of the example says: power-on with a profile,
  // both keys, START, and the one CONNECT answered with LINK "connect failed".
  assert.deepEqual(events.slice(0, 4).map((e) => e.split(" ")[0]), ["POWER_ON", "INJECT_KEY", "INJECT_KEY", "START"]);
  const connects = printed.filter((c) => c === `${CommandKind.CONNECT} `);
  assert.equal(connects.length, 1, "the core asked to connect once");
  assert.ok(events.includes(`LINK ${toHex(Uint8Array.of(LinkStatus.FAILED))}`), "CONNECT answered with LINK 2");

  // What the display shows at the end is the last SHOW, decoded as host/api/flow.ts does,
  // and it is not the screen that was up when the link failed.
  const isShow = (c: string) => c.startsWith(`${CommandKind.SHOW} `);
  const screen = (c: string) => decodeCommand(CommandKind.SHOW, fromHex(c.split(" ")[1]));
  const shows = replayed.filter(isShow);
  const last = screen(shows[shows.length - 1]);
  assert.equal(last.kind, "SHOW");
  if (last.kind !== "SHOW") return;
  assert.equal(get(lines, "flow.screen"), `${last.screenId}:${last.lines.join(" / ")}`);
  const before = replayed.slice(0, replayed.indexOf(`${CommandKind.CONNECT} `)).filter(isShow);
  const atConnect = screen(before[before.length - 1]);
  assert.ok(atConnect.kind === "SHOW" && atConnect.screenId !== last.screenId, "the core showed the failed connection");
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
    const run = spawnSync(join(outDir, `host${suffix}`), [], { encoding: "utf8" });
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
