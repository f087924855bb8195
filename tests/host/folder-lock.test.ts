// One writer per data folder (host/folder-lock.ts): a second simulate or web on
// the same folder refuses with one line, a dead process's lock is taken over, and
// hotlist.key is made once when two acquirers start at the same instant. The
// writers run as separate processes (and threads), as the issue measured them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { FolderInUse, lockFolder } from "../../host/folder-lock";

const root = projectRoot();
const cli = join(root, "bin", "realname-pos.js");
const tmp = () => mkdtempSync(join(tmpdir(), "realname-lock-"));

/** A process id that is certainly not running: one that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

test("a folder lock is exclusive, released on demand, and says who holds it", () => {
  const dir = tmp();
  const lock = lockFolder(dir, "simulate");
  assert.equal(readFileSync(lock.path, "utf8").split(" ").slice(0, 2).join(" "), `${process.pid} simulate`);
  assert.equal(statSync(lock.path).mode & 0o777, 0o600);
  assert.throws(() => lockFolder(dir, "web"), (e: unknown) => e instanceof FolderInUse && e.message === `${dir} is in use by simulate (process ${process.pid}); stop it or give another --data folder (if no such process is running, delete ${join(dir, ".lock")})`);
  lock.release();
  lock.release();
  assert.equal(existsSync(lock.path), false);
  lockFolder(dir, "web").release();
  assert.deepEqual(readdirSync(dir), [], "no claim files left behind");
});

test("a stale lock (its process gone, or unreadable) is taken over", () => {
  for (const content of [`${deadPid()} simulate 2026-01-01T00:00:00.000Z\n`, "", "garbage"]) {
    const dir = tmp();
    writeFileSync(join(dir, ".lock"), content);
    const lock = lockFolder(dir, "web");
    assert.match(readFileSync(lock.path, "utf8"), new RegExp(`^${process.pid} web `));
    lock.release();
    assert.deepEqual(readdirSync(dir), []);
  }
});

function start(args: string[]): ChildProcess & { out: () => string; err: () => string } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  return Object.assign(child, { out: () => out, err: () => err });
}

async function until(what: () => boolean, ms = 15000): Promise<void> {
  for (let waited = 0; !what(); waited += 20) {
    if (waited > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("two processes on one data folder: the second simulate or web refuses with one line; after a kill -9 the lock is taken over", { timeout: 60000 }, async () => {
  const data = tmp();
  const web = start(["web", "--port", "0", "--data", data]);
  try {
    await until(() => web.out().includes("browser simulator on"));
    const script = join(root, "tests", "scripts", "verify-success.txt");
    const second = spawnSync(process.execPath, [cli, "simulate", "--data", data, "--script", script], { cwd: root, encoding: "utf8", timeout: 30000 });
    assert.equal(second.status, 1, second.stderr);
    assert.equal(second.stderr, `realname-pos: ${join(data, "terminal")} is in use by web (process ${web.pid}); stop it or give another --data folder (if no such process is running, delete ${join(data, "terminal", ".lock")})\n`);
    const third = spawnSync(process.execPath, [cli, "web", "--port", "0", "--data", data], { cwd: root, encoding: "utf8", timeout: 30000 });
    assert.equal(third.status, 1, third.stderr);
    assert.equal(third.stderr.split("\n").length, 2, "one line");
    assert.match(third.stderr, /is in use by web \(process \d+\)/);
    web.kill("SIGKILL");
    await new Promise((r) => web.once("exit", r));
    assert.ok(existsSync(join(data, "terminal", ".lock")), "a killed process leaves its lock behind");
    const after = spawnSync(process.execPath, [cli, "simulate", "--data", data, "--script", script], { cwd: root, encoding: "utf8", timeout: 30000 });
    assert.equal(after.status, 0, after.stderr);
    assert.equal(existsSync(join(data, "terminal", ".lock")), false, "released on exit");
  } finally {
    web.kill("SIGKILL");
  }
});

test("hotlist.key: two acquirers starting at the same instant on a fresh folder both run, with one key (300 rounds)", { timeout: 60000 }, () => {
  const child = join(root, "build", "js", "tests", "support", "hotlist-key-child.mjs");
  const run = spawnSync(process.execPath, [child], { encoding: "utf8", timeout: 50000 });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { rounds: number; failures: string[] };
  assert.equal(result.rounds, 300);
  assert.deepEqual(result.failures, []);
});
