// Output is never lost (issue 16): every subcommand's stdout, read through a
// pipe by a reader that only starts after a pause (`realname-pos records |
// (sleep 2; wc -l)`), is what a reader that keeps up gets. A process ended with
// process.exit() while a pipe is full drops what the pipe has not taken, so the
// large outputs here (records, a long script) are several times a pipe's buffer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { projectRoot } from "../../host/core";
import { encodeEntry } from "../../host/devices/journal";
import { BIN, runCli } from "./support/cli";

/** Bytes a pipe and node's stream buffer hold together on Linux: the outputs below are well past them. */
const PIPE_AND_STREAM_BUFFERS = 2 * 65536;

/** Runs the command, reading its stdout only after `pauseMs`; resolves with everything read and the exit status. */
function slowRead(args: readonly string[], pauseMs: number, input = ""): Promise<{ status: number | null; stdout: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: projectRoot(), stdio: ["pipe", "pipe", "ignore"] });
  child.stdin.end(input);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  child.stdout.pause(); // a listener alone would start the flow
  setTimeout(() => child.stdout.resume(), pauseMs);
  return new Promise((resolve) => {
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(chunks).toString("utf8") }));
  });
}

/**
 * A server command (acquirer, web) stopped by SIGTERM after `runMs`; its stdout read as it comes, or
 * only once `pauseMs` have passed after the signal. The port it picked is blanked for comparison.
 */
function serverRun(args: readonly string[], runMs: number, pauseMs: number): Promise<{ status: number | null; stdout: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: projectRoot(), stdio: ["ignore", "pipe", "ignore"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  if (pauseMs > 0) child.stdout.pause();
  setTimeout(() => {
    child.kill("SIGTERM");
    if (pauseMs > 0) setTimeout(() => child.stdout.resume(), pauseMs);
  }, runMs);
  return new Promise((resolve) => {
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(chunks).toString("utf8").replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT") }));
  });
}

/** A journal of `n` masked verification records, as the core saves them (several hundred bytes of JSON each when listed). */
function journalOf(n: number): string {
  const data = mkdtempSync(join(tmpdir(), "realname-slow-"));
  mkdirSync(join(data, "terminal"));
  const entries: Uint8Array[] = [];
  for (let i = 1; i <= n; i++) {
    const stan = String(i).padStart(6, "0");
    const time = `20261126${String(100000 + i).padStart(6, "0")}`;
    entries.push(encodeEntry(new TextEncoder().encode([
      `id=V${time}${stan}`, "type=verification", `time=${time}`, "result=00", `rrn=${time.slice(8)}${stan}`, `stan=${stan}`, "vid=BWBPSH",
      "name=王*", "idNumber=110101********010X", "pan=622202*********0009", "phone=138****0001",
      `panHash=${"AB".repeat(16)}`, `idHash=${"CD".repeat(16)}`, "status=active",
    ].join("\n"))));
  }
  writeFileSync(join(data, "terminal", "records.journal"), Buffer.concat(entries));
  return data;
}

/** A script that pages the main menu back and forth: one printed screen per key. */
function pagingScript(keys: number): string {
  const dir = mkdtempSync(join(tmpdir(), "realname-slow-script-"));
  const path = join(dir, "paging.txt");
  const lines = ["expect 主菜单"];
  for (let i = 0; i < keys; i++) lines.push(i % 2 ? "key UP" : "key DOWN");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

test("every subcommand's output through a slow pipe equals a fast read", { timeout: 240000 }, async () => {
  const RECORDS = 1500;
  const records = journalOf(RECORDS);
  const runs: { args: string[]; input?: string; large?: boolean; lines?: number }[] = [
    { args: ["records", "--data", records], large: true, lines: RECORDS },
    { args: ["simulate", "--data", mkdtempSync(join(tmpdir(), "realname-slow-sim-")), "--script", pagingScript(5000)], large: true },
    { args: ["check", "id", "11010519491231002X", "--now", "2026-01-01"] },
    { args: ["crypto", "mac", "--alg", "x919", "--key", "0123456789ABCDEFFEDCBA9876543210", "--data", "00112233445566778899AABBCCDDEEFF"] },
    { args: ["iso8583", "dump", "--dialect", "ascii87"], input: "30383030303032303030303030303830303030303030303030313132333435363738" },
    ...["check", "crypto", "iso8583", "simulate", "acquirer", "records", "web"].map((sub) => ({ args: [sub, "--help"] })),
    { args: ["--version"] },
  ];
  for (const run of runs) {
    const fast = runCli(run.args, run.input);
    assert.equal(fast.status, 0, `${run.args.join(" ")}: ${fast.stderr}`);
    if (run.lines) assert.equal(fast.stdout.split("\n").length - 1, run.lines, `${run.args[0]}: lines read at once`);
    if (run.large) assert.ok(fast.stdout.length > 3 * PIPE_AND_STREAM_BUFFERS, `${run.args[0]} prints ${fast.stdout.length} bytes: not enough to fill the pipe`);
    const slow = await slowRead(run.args, 1500, run.input);
    assert.equal(slow.status, 0, run.args.join(" "));
    // The simulator's screens carry the time of day; compare their shape where it can differ.
    const same = (s: string) => (run.args[0] === "simulate" ? s.replace(/\d{2}:\d{2}(:\d{2})?/g, "hh:mm") : s);
    assert.equal(slow.stdout.length, fast.stdout.length, `${run.args.join(" ")}: bytes read slowly`);
    assert.equal(same(slow.stdout), same(fast.stdout), run.args.join(" "));
  }
});

test("acquirer and web, stopped by SIGTERM, print the same through a slow pipe as through a fast one", { timeout: 60000 }, async () => {
  for (const sub of ["acquirer", "web"]) {
    const run = async (pauseMs: number) => {
      const data = mkdtempSync(join(tmpdir(), "realname-slow-srv-"));
      const r = await serverRun([sub, "--port", "0", "--data", data], 3000, pauseMs);
      return { ...r, stdout: r.stdout.replaceAll(data, "DATA") };
    };
    const fast = await run(0);
    assert.equal(fast.status, 0, sub);
    assert.match(fast.stdout, /127\.0\.0\.1:PORT/, `${sub} said where it listens`);
    assert.deepEqual(await run(1500), fast, sub);
  }
});

/** Source files of everything that runs as a program here. */
function programSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : programSources(path);
    return /\.(ts|mjs|js)$/.test(e.name) ? [path] : [];
  });
}

test("process.exit() is called nowhere but once stdout and stderr have taken everything", () => {
  const root = projectRoot();
  const calls: string[] = [];
  for (const dir of ["host", "bin", "scripts", "bench", "fuzz", "tests/host"]) {
    for (const file of programSources(join(root, dir))) {
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "").replace(/`[^`]*`|"[^"]*"|'[^']*'/g, "");
        if (/process\.exit\(/.test(code)) calls.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(calls.map((c) => c.replace(/:\d+:/, ":")), [
    'host/cli/main.ts: process.stdout.write("", () => process.stderr.write("", () => process.exit()));',
  ]);
});
