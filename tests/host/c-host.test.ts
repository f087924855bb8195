// The C host of examples/c-host (docs/VENDOR.md): wasm2c translates the
// release module, gcc builds it with host.c, and every value the C host prints
// must equal the same operation done through host/core.ts on the same module.
// Skipped locally without wasm2c or a C compiler; CI installs wabt and must run it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Core, defaultWasmPath, HOST_ABI_VERSION, projectRoot } from "../../host/core";
import { Checks, MaskKind } from "../../host/api/checks";
import { Crypto, fromHex, toHex } from "../../host/api/crypto";
import { Iso8583 } from "../../host/api/iso8583";
import { CommandKind, decodeCommand, EventKind, LinkStatus } from "../../host/api/flow";

const root = projectRoot();
const wasmPath = defaultWasmPath();
const outDir = join(root, "build", "c-host");
const cc = process.env.CC ?? "cc";

/** The module's memory limits (pages) straight from its binary: section 5. */
function memoryLimits(bytes: Uint8Array): { initial: number; maximum?: number } {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 5) {
      leb(); // one memory
      const flags = leb();
      const initial = leb();
      return flags & 1 ? { initial, maximum: leb() } : { initial };
    }
    at = end;
  }
  throw new Error("no memory section");
}

function available(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return !r.error && r.status === 0;
}

type Built = { ok: true; lines: Map<string, string> } | { ok: false; why: string };
let built: Built | undefined;

/** Builds and runs the C host once; the tests below read its output. */
function runCHost(): Built {
  if (built) return built;
  const missing = [
    available("wasm2c", ["--version"]) ? "" : "wasm2c (apt-get install wabt)",
    available(cc, ["--version"]) ? "" : `a C compiler (${cc})`,
  ].filter(Boolean);
  if (missing.length) return (built = { ok: false, why: `${missing.join(" and ")} not installed` });
  const build = spawnSync("sh", [join(root, "examples/c-host/build.sh")], {
    encoding: "utf8",
    env: { ...process.env, REALNAME_WASM: wasmPath, OUT: outDir, CFLAGS: "-O1" },
  });
  assert.equal(build.status, 0, `build.sh failed:\n${build.stdout}\n${build.stderr}`);
  // Today's date (the ID check's clock) and noon, inside the default operating hours.
  const now = new Date();
  const today = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
  const run = spawnSync(join(outDir, "host"), [String(today), "120000"], { encoding: "utf8" });
  assert.equal(run.status, 0, `the C host failed:\n${run.stdout}\n${run.stderr}`);
  const lines = new Map<string, string>();
  for (const line of run.stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) lines.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return (built = { ok: true, lines });
}

/** The C host's output, or a skip (a failure in CI, which installs wabt and gcc). */
function cHost(t: { skip(message: string): void }): Map<string, string> | undefined {
  const r = runCHost();
  if (r.ok) return r.lines;
  if (process.env.CI) assert.fail(`${r.why}: CI must build the C host (.ci/run installs wabt)`);
  t.skip(`${r.why}; CI builds the C host`);
  return undefined;
}

/** One printed value; a missing line fails (so a host that prints less cannot pass). */
function get(lines: Map<string, string>, key: string): string {
  const v = lines.get(key);
  assert.notEqual(v, undefined, `the C host printed no ${key}=`);
  return v as string;
}

test("C host: ABI version, self test and the memory budget docs/VENDOR.md states", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const bytes = readFileSync(wasmPath);
  const core = new Core(bytes);
  assert.equal(Number(get(lines, "abiVersion")), HOST_ABI_VERSION);
  assert.equal(Number(get(lines, "abiVersion")), core.exports.abiVersion());
  assert.equal(Number(get(lines, "selfTest")), core.call("selfTest"));
  assert.equal(Number(get(lines, "selfTest")), 0);
  const limits = memoryLimits(bytes);
  assert.equal(Number(get(lines, "memory.pages")), core.memoryBytes() / 65536);
  assert.equal(Number(get(lines, "memory.pages")), limits.initial);
  assert.equal(Number(get(lines, "memory.maxPages")), limits.maximum);
  assert.equal(get(lines, "memory.pagesAfter"), get(lines, "memory.pages"), "memory grew during the run");
  assert.deepEqual([limits.initial, limits.maximum], [4, 16], "the module's memory limits changed: update docs/VENDOR.md and docs/ABI.md");
  assert.equal(Number(get(lines, "input.capacity")), core.exports.inputCapacity());
  assert.equal(Number(get(lines, "output.capacity")), core.exports.outputCapacity());
  assert.equal(get(lines, "restarts"), "0");
});

test("C host: PAN and ID number checks equal host/api/checks.ts", (t) => {
  const lines = cHost(t);
  if (!lines) return;
  const checks = new Checks(new Core(readFileSync(wasmPath)));
  for (const prefix of ["pan", "panLuhn"]) {
    const r = checks.pan(get(lines, `${prefix}.value`));
    assert.equal(Number(get(lines, `${prefix}.result`)), r.code, prefix);
    assert.equal(get(lines, `${prefix}.normalised`), r.normalised, prefix);
    assert.equal(get(lines, `${prefix}.masked`), r.masked, prefix);
    assert.equal(["unknown", "unionpay"][Number(get(lines, `${prefix}.scheme`))], r.scheme, prefix);
    if (!r.valid) {
      assert.equal(get(lines, `${prefix}.reason`), r.reason);
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
  const iso = new Iso8583(new Core(readFileSync(wasmPath)));
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
  const core = new Core(readFileSync(wasmPath));
  const crypto = new Crypto(core);
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
  assert.ok(events.includes(`LINK ${toHex(Uint8Array.of(LinkStatus.CONNECT_FAILED))}`), "CONNECT answered with LINK 2");

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
