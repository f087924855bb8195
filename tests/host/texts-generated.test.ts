// The screen texts' pair-encoded block (scripts/gen-texts.mjs): the module expands
// one text at a time into a buffer sized for the longest, so the generator refuses
// a text longer than that buffer may be, naming it, instead of writing a module
// that would need more. (That every text expands back to its row is
// tests/assembly/flow-languages.spec.ts.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { projectRoot } from "../../host/core";

const root = projectRoot();

/** Runs the generator on a copy of assembly/ whose texts.ts has `from` replaced by `to`. */
function generateWith(from: string, to: string) {
  const dir = mkdtempSync(join(tmpdir(), "realname-texts-"));
  try {
    cpSync(join(root, "assembly"), join(dir, "assembly"), { recursive: true });
    const file = join(dir, "assembly/flow/texts.ts");
    const text = readFileSync(file, "utf8");
    assert.ok(text.includes(from), `${from} not found in texts.ts`);
    writeFileSync(file, text.replace(from, to));
    const run = spawnSync(process.execPath, [join(root, "scripts/gen-texts.mjs"), "--root", dir], { encoding: "utf8" });
    return { status: run.status, stderr: run.stderr, generated: run.status === 0 ? readFileSync(join(dir, "assembly/generated/texts.ts"), "utf8") : "" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a text of 128 bytes is sized into the buffer; one of 129 is refused, naming it", () => {
  const row = '"No reply, retry"';
  const fits = generateWith(row, JSON.stringify("x".repeat(128)));
  assert.equal(fits.status, 0, fits.stderr);
  assert.match(fits.generated, /export const TEXT_LONGEST: i32 = 128;/);
  const over = generateWith(row, JSON.stringify("x".repeat(129)));
  assert.notEqual(over.status, 0);
  assert.match(over.stderr, /gen-texts: assembly\/flow\/texts\.ts: TEXTS row T\.L_NO_REPLY \(column 2 of 2\) has 129 bytes of UTF-8, more than the 128 its expansion buffer may take/);
});
