// docs/VENDOR.md's figures (sizes of the translated module on x86-64 and Cortex-M4, the
// instance struct, the native stack of a replayed verification) are what
// scripts/vendor-figures.mjs measures now: it builds everything again and compares,
// as the ABI tables are regenerated and compared. Skipped locally without wabt, gcc
// or gcc-arm-none-eabi with newlib; CI installs them (.ci/run) and must run it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../host/core";

const root = projectRoot();

function missing(): string[] {
  const has = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    return !r.error && r.status === 0;
  };
  const newlib = spawnSync("arm-none-eabi-gcc", ["-print-file-name=libc.a"], { encoding: "utf8" });
  return [
    has("wasm2c", ["--version"]) ? "" : "wasm2c (wabt)",
    has("cc", ["--version"]) ? "" : "a C compiler",
    has("arm-none-eabi-gcc", ["--version"]) ? "" : "gcc-arm-none-eabi",
    newlib.status === 0 && newlib.stdout.trim().startsWith("/") ? "" : "libnewlib-arm-none-eabi",
  ].filter(Boolean);
}

test("docs/VENDOR.md's figures are what scripts/vendor-figures.mjs measures", { timeout: 300000 }, (t) => {
  const lacking = missing();
  if (lacking.length) {
    if (process.env.CI) assert.fail(`${lacking.join(", ")} not installed: CI must measure the figures (.ci/run installs them)`);
    return t.skip(`${lacking.join(", ")} not installed; CI measures the figures`);
  }
  const run = spawnSync(process.execPath, [join(root, "scripts", "vendor-figures.mjs"), "--check"], { encoding: "utf8", timeout: 280000 });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  // The sizes in CI's log too (text/rodata/bss of the Cortex-M4 build among them).
  for (const line of run.stdout.split("\n").filter((l) => l.startsWith("|"))) t.diagnostic(line);
});
