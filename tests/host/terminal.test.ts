// The terminal loop (host/terminal.ts) with real devices on loopback and a
// stand-in flow (support/fake-core.ts): start-up order, commands to devices,
// SAVE -> fsync -> SAVED, timers, a power cut (also in the middle of a save),
// a refused event and a core fault with restart from storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type AddressInfo } from "node:net";
import { fsyncSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Terminal } from "../../host/terminal";
import { TextDisplay } from "../../host/devices/display";
import { FrameReader, TcpModem } from "../../host/devices/modem";
import { JournalStorage } from "../../host/devices/storage";
import { FilePrinter } from "../../host/devices/printer";
import { SystemClock } from "../../host/devices/clock";
import { SeededRandom } from "../../host/devices/random";
import { Key } from "../../host/api/flow";
import { FakeCore } from "./support/fake-core";

async function rig(options: { fsync?: (fd: number) => void } = {}) {
  const state = { silent: false };
  const server = createServer((socket) => {
    const reader = new FrameReader();
    socket.on("data", (d) => {
      for (const f of reader.push(new Uint8Array(d))) if (!state.silent) socket.write(f);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const dir = mkdtempSync(join(tmpdir(), "realname-term-"));
  const core = new FakeCore();
  const screens: string[] = [];
  const display = new TextDisplay(16, 4, { write: (t) => screens.push(t) }, { inPlace: false });
  const clock = new SystemClock();
  const modem = new TcpModem({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, clock });
  let storage: JournalStorage | undefined;
  const logs: string[] = [];
  const terminal = new Terminal({
    core: core.asCore(),
    profile: { terminalId: "10000001", merchantId: "898100000000001", keyCustody: "core" },
    keys: { tmk: new Uint8Array(16).fill(1), recordHashKey: new Uint8Array(16).fill(2) },
    display, modem, clock,
    openStorage: () => (storage = new JournalStorage(join(dir, "records.journal"), { fsync: options.fsync })),
    printer: new FilePrinter(join(dir, "receipts.txt"), () => new Date(), () => {}),
    random: new SeededRandom("terminal-test"),
    log: (l) => logs.push(l),
  });
  // Screens go by quickly (READY then ONLINE): look through every screen drawn since the last match.
  let mark = 0;
  const until = async (text: string) => {
    for (let i = 0; i < 500; i++) {
      const at = screens.findIndex((s, j) => j >= mark && s.includes(text));
      if (at >= 0) {
        mark = at + 1;
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`screen never showed ${text}; it shows ${JSON.stringify(display.current().lines)}`);
  };
  const close = () => {
    terminal.stop();
    server.close();
  };
  return { core, terminal, display, storage: () => storage!, dir, logs, until, close, state };
}

/** A rig powered on, online, with one exchange done and its record R1 saved. */
async function onlineWithOneRecord(t: { after: (fn: () => void) => void }) {
  const r = await rig();
  t.after(r.close);
  r.terminal.start();
  await r.until("ONLINE");
  r.terminal.post({ kind: "KEY", key: Key.ENTER });
  await r.until("SAVED R1");
  return r;
}

test("start-up order: POWER_ON, INJECT_KEY x2, RESTORE per record, START; then the link comes up", { timeout: 10000 }, async (t) => {
  const r = await rig();
  t.after(r.close);
  r.terminal.start();
  assert.deepEqual(r.core.events, ["POWER_ON", "INJECT_KEY", "INJECT_KEY", "START"]);
  await r.until("ONLINE");
});

test("a request goes out, its reply is saved (fsync before SAVED), printed, and survives a power cut", { timeout: 10000 }, async (t) => {
  const r = await onlineWithOneRecord(t);
  assert.ok(r.core.events.includes("RANDOM") && r.core.events.includes("RECEIVED") && r.core.events.includes("SAVED"));
  assert.deepEqual(r.storage().records().map((x) => x.id), ["R1"]);
  assert.match(readFileSync(join(r.dir, "receipts.txt"), "utf8"), /receipt\nR1/);
  assert.ok(r.logs.includes("saved R1"));
  r.terminal.powerCut();
  assert.deepEqual(r.core.events.slice(0, 5), ["POWER_ON", "INJECT_KEY", "INJECT_KEY", "RESTORE", "START"]); // the record with the highest STAN
  assert.equal(r.core.restored[0].split("\n")[0], "id=R1");
  await r.until("records=1");
});

test("a power cut in the middle of a save loses only that unsaved record; the next save completes", { timeout: 10000 }, async (t) => {
  const r = await onlineWithOneRecord(t);
  r.storage().armPowerCut();
  r.terminal.post({ kind: "KEY", key: Key.ENTER });
  await r.until("records=1");
  assert.ok(r.storage().recovered.some((d) => d.torn), "the torn half-record was found and set aside at start-up");
  await r.until("ONLINE");
  r.terminal.post({ kind: "KEY", key: Key.ENTER });
  await r.until("SAVED R2");
  assert.deepEqual(r.storage().records().map((x) => x.id), ["R1", "R2"]);
});

test("SAVE: the record is written, then fsync'd, and only then does SAVED reach the core", { timeout: 10000 }, async (t) => {
  const seen: string[] = [];
  const r = await rig({
    fsync: (fd) => {
      fsyncSync(fd);
      seen.push(`fsync: ${statSync(join(r.dir, "records.journal")).size} bytes on disk, core has seen SAVED: ${r.core.events.includes("SAVED")}`);
    },
  });
  t.after(r.close);
  r.terminal.start();
  await r.until("ONLINE");
  r.terminal.post({ kind: "KEY", key: Key.ENTER });
  await r.until("SAVED R1");
  const size = statSync(join(r.dir, "records.journal")).size;
  assert.ok(size > 0);
  assert.deepEqual(seen, [`fsync: ${size} bytes on disk, core has seen SAVED: false`], "one fsync, after the whole write, before SAVED");
});

test("a saved record the core refuses at RESTORE is set aside (quarantine file) and the terminal starts without it", { timeout: 10000 }, async (t) => {
  const r = await rig();
  t.after(r.close);
  const path = join(r.dir, "records.journal");
  const s = new JournalStorage(path);
  s.append({ id: "X1", bytes: new TextEncoder().encode("id=X1\nstan=000002\nbad=unknown key") });
  s.append({ id: "X2", bytes: new TextEncoder().encode("id=X2\nstan=000001\ngood=1") });
  s.close();
  r.terminal.start();
  await r.until("records=1");
  assert.equal(r.terminal.state, "running");
  assert.deepEqual(r.core.restored.map((x) => x.split("\n")[0]), ["id=X2"]);
  assert.ok(r.logs.some((l) => l === "[host] record X1 set aside: refused by the core: FLOW_BAD_RECORD (-407) (field 0, offset 6)"));
  assert.deepEqual(r.storage().records().map((x) => x.id), ["X2"]);
  assert.match(readFileSync(`${path}.quarantine`, "utf8"), /# \S+ records\.journal offset 0, \d+ bytes: record X1: refused by the core: FLOW_BAD_RECORD \(-407\)/);
  r.terminal.powerCut();
  assert.deepEqual(r.core.restored.map((x) => x.split("\n")[0]), ["id=X2"], "gone from the journal: not offered again");
});

test("the core's HOST timer fires when the acquirer stays silent", { timeout: 10000 }, async (t) => {
  const r = await rig();
  t.after(r.close);
  r.state.silent = true;
  r.terminal.start();
  await r.until("ONLINE");
  r.terminal.post({ kind: "KEY", key: Key.ENTER });
  await r.until("TIMEOUT");
});

test("a refused event leaves the terminal running; a core fault restarts the core from storage", { timeout: 10000 }, async (t) => {
  const r = await rig();
  t.after(r.close);
  r.terminal.start();
  await r.until("ONLINE");
  r.terminal.post({ kind: "KEY", key: Key.DIGIT_0 });
  assert.ok(r.logs.some((l) => l.includes("event KEY refused: FLOW_BAD_EVENT_KIND (-401)")));
  assert.equal(r.terminal.state, "running");
  const starts = r.core.starts;
  r.terminal.post({ kind: "KEY", key: Key.DIGIT_9 });
  await r.until("READY");
  assert.equal(r.core.faults, 1);
  assert.ok(r.core.starts > starts);
  assert.deepEqual(r.core.events.slice(0, 4), ["POWER_ON", "INJECT_KEY", "INJECT_KEY", "START"]);
  assert.ok(r.logs.some((l) => l.includes("core fault")));
});

/** A restart after a core fault is queued for later: a stop (quit, SHUTDOWN) before it runs must win, not be undone by it. */
test("a terminal stopped right after a core fault stays off", { timeout: 10000 }, async (t) => {
  const r = await rig();
  t.after(r.close);
  r.terminal.start();
  await r.until("ONLINE");
  r.terminal.post({ kind: "KEY", key: Key.DIGIT_9 }); // the fake core traps on 9
  assert.equal(r.core.faults, 1);
  const starts = r.core.starts;
  r.terminal.stop();
  await new Promise((done) => setTimeout(done, 50));
  assert.equal(r.terminal.state, "off");
  assert.equal(r.core.starts, starts, "no start after the stop");
});
