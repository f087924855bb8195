// Runs the realname-pos command as a user does (node bin/realname-pos.js), for
// the CLI suites, and the rule every error of it keeps: one line, no stack trace.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../../host/core";

export const BIN = join(projectRoot(), "bin", "realname-pos.js");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One run to completion; stdin is `input` (empty by default, never the test's own). */
export function runCli(args: readonly string[], input = "", timeout = 50000): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: projectRoot(), encoding: "utf8", input, timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The run failed with `status` and said why in one short line on stderr: no stack trace, nothing on stdout. */
export function assertOneLineError(r: CliRun, status: number, what: string): void {
  assert.equal(r.status, status, `${what}: exit ${r.status}, stderr ${r.stderr}`);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `${what}: one line on stderr, got ${JSON.stringify(r.stderr.slice(0, 500))}`);
  assert.match(lines[0], /^realname-pos[ :]/, what);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: a stack trace`);
  assert.ok(lines[0].length <= 420, `${what}: a ${lines[0].length}-character line`);
  assert.equal(r.stdout, "", `${what}: nothing on stdout`);
}
