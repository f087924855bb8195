// `realname-pos check`: one JSON object on stdout, exit 0 valid / 1 invalid /
// 2 usage, run as a user runs it (node bin/realname-pos.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { loadCheckVectors, expectations, DEFAULT_NOW } from "./checks-vectors";

const root = projectRoot();

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin/realname-pos.js"), "check", ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const v of loadCheckVectors()) {
  test(`check ${v.kind} ${JSON.stringify(v.value)} prints ${v.reason}`, () => {
    // `--` first: some values start with a dash.
    const r = cli(v.kind, "--now", v.now ?? DEFAULT_NOW, "--", v.value);
    assert.equal(r.status, v.reason === "ok" ? 0 : 1, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.length, 1, "one JSON object, one line");
    const out = JSON.parse(lines[0]);
    for (const [key, want] of Object.entries(expectations(v))) assert.deepEqual(out[key], want, key);
    assert.equal(typeof out.normalised, "string");
    assert.equal(typeof out.masked, "string");
  });
}

test("the card number never appears unmasked in masked", () => {
  const out = JSON.parse(cli("pan", "6216 2610 0000 0000 018").stdout);
  assert.equal(out.masked, "621626*********0018");
  assert.ok(!out.masked.includes("6216261000000000018"));
});

test("--now defaults to today: a card expiring this month is still valid, last year's is not", () => {
  const now = new Date();
  const yymm = (y: number, m: number) => `${String(y % 100).padStart(2, "0")}${String(m).padStart(2, "0")}`;
  assert.equal(cli("expiry", yymm(now.getFullYear(), now.getMonth() + 1)).status, 0);
  assert.equal(cli("expiry", yymm(now.getFullYear() - 1, now.getMonth() + 1)).status, 1);
});

test("usage errors exit 2 with one line on stderr and nothing on stdout", () => {
  for (const args of [[], ["pan"], ["card", "6216261000000000018"], ["pan", "1", "2"], ["id", "11010519491231002X", "--now", "2026-02-30"], ["id", "x", "--now"], ["pan", "1", "--later", "x"]]) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stdout, "", args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

/** A value longer than the core's input buffer is invalid input like any other: one JSON object, exit 1, no stack trace. */
test("a value longer than the core's input buffer prints input_too_long and exits 1", () => {
  for (const kind of ["pan", "id", "phone", "name", "expiry", "track2"]) {
    const r = cli(kind, "1".repeat(5000), "--now", "2026-01-01");
    assert.equal(r.status, 1, `${kind}: ${r.stderr}`);
    assert.equal(r.stderr, "", kind);
    const out = JSON.parse(r.stdout);
    assert.equal(out.valid, false, kind);
    assert.equal(out.reason, "input_too_long", kind);
    assert.equal(out.code, -1, kind);
  }
});
