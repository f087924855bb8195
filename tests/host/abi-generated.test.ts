// One source for every number (docs/ABI.md "Where the numbers come from"): the
// committed copies (host/generated/abi.ts, include/realname.h, the tables of
// docs/ABI.md) are what scripts/gen-abi.mjs writes from assembly/; a hand edit
// to any of them is caught, and an edited enum reaches all three.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { projectRoot } from "../../host/core";
import { ABI_VERSION, ErrorCode, nameOf } from "../../host/generated/abi";

const root = projectRoot();
const GENERATED = ["host/generated/abi.ts", "include/realname.h", "docs/ABI.md"];

function generator(at: string, check: boolean) {
  const args = [join(root, "scripts", "gen-abi.mjs"), "--root", at, ...(check ? ["--check"] : [])];
  return spawnSync(process.execPath, args, { encoding: "utf8" });
}

/** A copy of what the generator reads and writes, to edit freely. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "realname-abi-"));
  cpSync(join(root, "assembly"), join(dir, "assembly"), { recursive: true });
  for (const file of GENERATED) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  return dir;
}

function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(join(dir, file), "utf8");
  const changed = text.replace(from, to);
  assert.notEqual(changed, text, `${from} not found in ${file}`);
  writeFileSync(join(dir, file), changed);
}

test("the committed generated files are what the generator writes from assembly/", () => {
  const r = generator(root, true);
  assert.equal(r.status, 0, r.stderr);
});

test("a hand edit to any generated file fails the check, naming the file", () => {
  const edits: Array<[string, string | RegExp, string]> = [
    ["host/generated/abi.ts", `export const ABI_VERSION = ${ABI_VERSION};`, `export const ABI_VERSION = ${ABI_VERSION + 1};`],
    ["include/realname.h", "REALNAME_ERROR_FLOW_UNEXPECTED_EVENT = -400,", "REALNAME_ERROR_FLOW_UNEXPECTED_EVENT = -499,"],
    ["docs/ABI.md", "| -400 | FLOW_UNEXPECTED_EVENT |", "| -401 | FLOW_UNEXPECTED_EVENT |"],
  ];
  for (const [file, from, to] of edits) {
    const dir = copyProject();
    try {
      assert.equal(generator(dir, true).status, 0, "the copy starts out current");
      edit(dir, file, from, to);
      const r = generator(dir, true);
      assert.equal(r.status, 1, `a hand edit to ${file} passed the check`);
      assert.match(r.stderr, new RegExp(`differs from what assembly/ says: ${file.replace(/\./g, "\\.")}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("a new error code in assembly/abi.ts reaches the host, the C header and docs/ABI.md", () => {
  const dir = copyProject();
  try {
    assert.equal(nameOf(ErrorCode, -498), undefined, "the test's code is not taken");
    edit(dir, "assembly/abi.ts", /^(\s*\/\/ -400 \.\. -499: verification flow.*\n)/m, "$1  FLOW_TEST_ONLY = -498, // a code this test adds\n");
    assert.equal(generator(dir, true).status, 1, "the copies are stale until the generator runs");
    const r = generator(dir, false);
    assert.equal(r.status, 0, r.stderr);
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    assert.match(read("host/generated/abi.ts"), /\/\*\* a code this test adds \*\/\n {2}FLOW_TEST_ONLY: -498,/);
    assert.match(read("include/realname.h"), /REALNAME_ERROR_FLOW_TEST_ONLY = -498, \/\* a code this test adds \*\//);
    assert.match(read("include/realname.h"), /case -498: return "FLOW_TEST_ONLY";/);
    assert.match(read("docs/ABI.md"), /\| -498 \| FLOW_TEST_ONLY \| a code this test adds \|/);
    assert.equal(generator(dir, true).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a number the generator cannot work out stops it with the file and line", () => {
  const dir = copyProject();
  try {
    edit(dir, "assembly/abi.ts", /export const ABI_VERSION: i32 = \d+;/, "export const ABI_VERSION: i32 = versionOf();");
    const r = generator(dir, false);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /assembly\/abi\.ts:\d+: cannot work out the number versionOf\(\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
