// An acquirer that holds (host/acquirer/server.ts, log-file.ts, acquirer.ts):
// unfinished frames and idle connections are closed, connections are capped, the
// logs are asynchronous, bounded and rotated, a stranger's sign-ons cannot knock
// a terminal off its keys, and the issuer's own rules (PIN tries, SMS digits) hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Acquirer, randomDigits } from "../../host/acquirer/acquirer";
import { TestBank } from "../../host/acquirer/bank";
import { coreCupCodec } from "../../host/acquirer/core-codec";
import { LogFile } from "../../host/acquirer/log-file";
import { listen, type AcquirerServer, type ServerLimits } from "../../host/acquirer/server";
import { frame } from "../../host/devices/modem";
import { createSimulator } from "../../host/sim/simulator";
import { parseScript, runScript } from "../../host/sim/script";
import { projectRoot } from "../../host/core";
import { TEST_TMK, TestTerminal } from "./support/terminal-side";

const codec = coreCupCodec();
const bank = TestBank.default();
const tmp = () => mkdtempSync(join(tmpdir(), "realname-hold-"));
const card = (note: string) => bank.cards.find((c) => c.note?.includes(note))!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client connection (`closed` turns true once the server has closed it). */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => {});
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

/** An acquirer listening with `limits` for the length of `body`. */
async function withServer(limits: ServerLimits, body: (server: AcquirerServer, acquirer: Acquirer) => Promise<void>): Promise<void> {
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK });
  const server = await listen(acquirer, 0, "127.0.0.1", limits);
  try {
    await body(server, acquirer);
  } finally {
    await server.close();
  }
}

/** An echo test request (answered without a sign-on). */
const echo = (acquirer: Acquirer) => codec.pack(new TestTerminal(acquirer, codec).message("0820", { 60: "00000001301" })).frame;

async function until(what: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 10) {
    if (what()) return true;
    await sleep(10);
  }
  return what();
}

test("slowloris: 200 unfinished frames are all closed once the frame deadline passes, even while bytes trickle in", { timeout: 20000 }, async () => {
  await withServer({ frameDeadlineMs: 300, idleMs: 60_000, maxConnections: 500 }, async (server, acquirer) => {
    const sockets = await Promise.all(Array.from({ length: 200 }, () => open(server.port)));
    for (const s of sockets) s.write(Uint8Array.of(0x00, 0x40, 0x60)); // a frame of 64 bytes, 1 sent
    const trickle = setInterval(() => sockets.forEach((s) => !s.closed && s.write(Uint8Array.of(0x30))), 50);
    try {
      await sleep(150);
      assert.equal(sockets.filter((s) => s.closed).length, 0, "inside the deadline nothing is closed");
      assert.ok(await until(() => sockets.every((s) => s.closed), 2000), `${sockets.filter((s) => !s.closed).length} still open`);
    } finally {
      clearInterval(trickle);
    }
    assert.ok(await until(() => server.connections === 0, 1000));
    // A whole frame, however slowly it began, is answered: the deadline is per frame.
    const frame = echo(acquirer);
    const s = await open(server.port);
    const replies: Buffer[] = [];
    s.on("data", (d) => replies.push(d));
    for (const half of [frame.subarray(0, 10), frame.subarray(10)]) {
      s.write(half);
      await sleep(100);
    }
    assert.ok(await until(() => replies.length > 0, 2000), "the echo test is answered");
    s.destroy();
  });
});

test("an idle connection is closed after the idle timeout; one that keeps exchanging frames is not", { timeout: 20000 }, async () => {
  await withServer({ idleMs: 300 }, async (server, acquirer) => {
    const idle = await open(server.port);
    const busy = await open(server.port);
    busy.on("data", () => {});
    for (let i = 0; i < 6; i++) {
      busy.write(echo(acquirer));
      await sleep(100);
    }
    assert.equal(idle.closed, true, "idle for 600 ms");
    assert.equal(busy.closed, false);
    busy.destroy();
  });
});

test("connection cap: past maxConnections a new connection is closed at once; room again once one leaves", { timeout: 20000 }, async () => {
  await withServer({ maxConnections: 5 }, async (server, acquirer) => {
    const held = await Promise.all(Array.from({ length: 5 }, () => open(server.port)));
    const extra = await Promise.all(Array.from({ length: 5 }, () => open(server.port)));
    assert.ok(await until(() => extra.every((s) => s.closed), 2000), "the five over the cap are closed");
    assert.equal(held.filter((s) => s.closed).length, 0);
    assert.equal(server.connections, 5);
    held[0].destroy();
    await until(() => server.connections === 4, 1000);
    const again = await open(server.port);
    const replies: Buffer[] = [];
    again.on("data", (d) => replies.push(d));
    again.write(echo(acquirer));
    assert.ok(await until(() => replies.length > 0, 2000));
    [...held, again].forEach((s) => s.destroy());
  });
});

test("log cap: 10,000 pipelined sign-ons leave at most maxBytes per file, keep rotated files, and a bounded queue", { timeout: 60000 }, async () => {
  const dataDir = tmp();
  const maxBytes = 64 << 10;
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK, dataDir, log: { maxBytes, keep: 2, maxQueued: 32 << 10 } });
  const server = await listen(acquirer);
  try {
    const t = new TestTerminal(acquirer, codec);
    const signOn = () => codec.pack(t.message("0800", { 60: "00000001004" })).frame;
    const batch = Buffer.concat(Array.from({ length: 10_000 }, signOn));
    const s = await open(server.port);
    let replies = 0;
    let pending = Buffer.alloc(0);
    s.on("data", (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        pending = pending.subarray(2 + pending.readUInt16BE(0));
        replies++;
      }
    });
    s.write(batch);
    assert.ok(await until(() => replies === 10_000, 50_000), `${replies} replies`);
    s.destroy();
  } finally {
    await server.close(); // flushes the logs
  }
  const files = readdirSync(dataDir).filter((f) => f.startsWith("acquirer.log")).sort();
  assert.ok(files.includes("acquirer.log.1"), `rotated: ${files.join(" ")}`);
  assert.ok(files.every((f) => ["acquirer.log", "acquirer.log.1", "acquirer.log.2"].includes(f)), `at most 2 rotated files: ${files.join(" ")}`);
  for (const f of files) assert.ok(statSync(join(dataDir, f)).size <= maxBytes, `${f}: ${statSync(join(dataDir, f)).size} bytes`);
  const text = files.map((f) => readFileSync(join(dataDir, f), "utf8")).join("");
  assert.match(text, /\(\d+ log lines dropped: the disk was slower than the requests\)/, "the queue stayed within maxQueued: lines were dropped and counted");
});

test("log file: lines in order, rotation NAME -> NAME.1 -> NAME.2, the oldest dropped; flush waits for the disk", async () => {
  const path = join(tmp(), "x.log");
  const log = new LogFile(path, { maxBytes: 100, keep: 2 });
  for (let i = 0; i < 30; i++) log.write(`line ${String(i).padStart(2, "0")} ${"x".repeat(20)}`);
  await log.flush();
  const read = (p: string) => (existsSync(p) ? readFileSync(p, "utf8").trim().split("\n").map((l) => Number(l.slice(5, 7))) : []);
  const [oldest, older, newest] = [read(`${path}.2`), read(`${path}.1`), read(path)];
  assert.deepEqual([...oldest, ...older, ...newest], Array.from({ length: oldest.length + older.length + newest.length }, (_, i) => 30 - oldest.length - older.length - newest.length + i));
  assert.equal(newest.at(-1), 29);
  for (const p of [path, `${path}.1`, `${path}.2`]) assert.ok(statSync(p).size <= 100);
  assert.equal(existsSync(`${path}.3`), false);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.throws(() => new LogFile(path, { size: 1 } as never), /unknown log option size/);
});

test("sign-on: a stranger's sign-on as the same terminal gets the same keys until they expire; a new key layout gets its own", () => {
  let now = Date.UTC(2026, 10, 26, 2, 0, 0);
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK, now: () => new Date(now), keyLifetimeSeconds: 3600 });
  const real = new TestTerminal(acquirer, codec);
  const stranger = new TestTerminal(acquirer, codec);
  real.signOn();
  const c = card("success: four");
  for (const layout of [60, 24, 40] as const) {
    stranger.signOn(layout);
    now += 60_000;
    assert.equal(real.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "00", `after a stranger's ${layout}-byte sign-on`);
  }
  assert.deepEqual(stranger.mak!.length, 16);
  now += 3600_000; // the keys expire: the next sign-on makes new ones, whoever sends it
  stranger.signOn();
  const stale = real.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone) as { fields: Record<number, string>; macValid?: boolean };
  assert.equal(stale.fields[39], "A0", "old keys after a rotation: sign on again");
  real.signOn();
  assert.equal(real.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "00");
});

test("a stranger signing on as terminal 10000001 every 300 ms does not stop the real terminal's verification", { timeout: 60000 }, async () => {
  const dataDir = tmp();
  let screens = "";
  const sim = await createSimulator({ dataDir, inPlace: false, sink: { write: (t) => (screens += t) } });
  const stranger = await open(sim.server!.port);
  stranger.on("data", () => {});
  const t = new TestTerminal(sim.acquirer!, codec);
  const signOns = setInterval(() => stranger.write(codec.pack(t.message("0800", { 60: "00000001004" })).frame), 300);
  try {
    sim.terminal.start();
    const script = join(projectRoot(), "tests", "scripts", "verify-success.txt");
    // The operator takes a while at the menu and at the confirmation: sign-ons arrive between the terminal's and its request.
    const steps = parseScript(readFileSync(script, "utf8").replace("expect 请核对信息", "expect 请核对信息\nwait 700").replace("expect 主菜单", "expect 主菜单\nwait 700"), script);
    const result = await runScript(sim, steps, script);
    assert.ok(result.ok, `${result.failure?.message}\n${screens.split("\n").slice(-20).join("\n")}`);
    await sim.acquirer!.flush();
    const log = readFileSync(join(dataDir, "acquirer", "acquirer.log"), "utf8");
    assert.ok((log.match(/keys of \S+ sent again/g) ?? []).length >= 4, "the stranger signed on several times meanwhile");
  } finally {
    clearInterval(signOns);
    stranger.destroy();
    await sim.close();
  }
});

test("PIN tries: two wrong PINs 55, the third 75, then the right PIN the same day still 75; the next day 00", () => {
  let now = Date.UTC(2026, 10, 26, 2, 0, 0);
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK, now: () => new Date(now), pinTries: 3 });
  const t = new TestTerminal(acquirer, codec);
  t.signOn();
  const c = card("PIN entry");
  const verify = (pin: string) => t.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone, pin)!.fields[39];
  assert.deepEqual(["111111", "222222", "333333", c.pin].map(verify), ["55", "55", "75", "75"]);
  assert.equal(t.balance(c.pan, c.pin)!.fields[39], "75", "the balance inquiry too");
  now += 24 * 3600_000;
  assert.equal(verify(c.pin), "00");
});

test("SMS codes and references: rejection sampling, every digit equally likely", () => {
  let at = 0;
  const cycle = (n: number) => Uint8Array.from({ length: n }, () => at++ % 256); // every byte value in turn
  const digits = randomDigits(2500, cycle);
  const counts = Array.from({ length: 10 }, (_, d) => [...digits].filter((x) => x === String(d)).length);
  assert.deepEqual(counts, Array(10).fill(250), "10 cycles of 256 bytes: 250 accepted each, 25 of each digit per cycle");
  const sequence = [255, 249, 250, 19, 28, 37, 46, 55];
  assert.equal(randomDigits(6, (n) => Uint8Array.from(sequence.splice(0, n))), "998765", "bytes 250..255 are drawn again, never folded onto 0..5");
});
