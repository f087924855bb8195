// scripts/build.mjs --if-stale, which `npm start` and `npm test` run first: on a
// fresh build it decides from file times alone and never loads the bundler
// (esbuild), whose import alone costs a few hundred milliseconds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../host/core";

const root = projectRoot();

/** A node option that makes importing esbuild fail loudly (a module resolve hook). */
const NO_ESBUILD = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(
  'data:text/javascript,export async function resolve(s,c,n){if(s==="esbuild")throw new Error("esbuild loaded");return n(s,c)}',
)})`;

test("build --if-stale on a fresh build does not load esbuild", () => {
  // The hook works: importing esbuild under it fails.
  const probe = spawnSync(process.execPath, ["--import", NO_ESBUILD, "--input-type=module", "-e", 'await import("esbuild")'], { cwd: root, encoding: "utf8" });
  assert.notEqual(probe.status, 0);
  assert.match(probe.stderr, /esbuild loaded/);
  // The suites run after `npm test`'s own build --if-stale: nothing is stale now.
  const start = spawnSync(process.execPath, ["--import", NO_ESBUILD, join(root, "scripts/build.mjs"), "--if-stale"], { cwd: root, encoding: "utf8" });
  assert.equal(start.stderr, "", "(a source edited after the last build makes it stale: build, then run this again)");
  assert.equal(start.status, 0);
  assert.equal(start.stdout, "", "nothing was built");
});
