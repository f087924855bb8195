// The package as a developer gets it: `npm pack` (its prepack builds the
// declarations), the tarball installed into an empty folder with no network and an
// empty npm cache (the one runtime dependency travels inside it), a TypeScript
// consumer (tests/package/consumer.ts) type-checked against the declarations under
// NodeNext and run, and the CLI run through npx from that folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot, toolsCore } from "../../host/core";
import { ABI_VERSION, FLOW_VERSION } from "../../host/generated/abi";
import { Iso8583 } from "../../host/api/iso8583";
import { Crypto } from "../../host/api/crypto";
import { fromHex, toHex } from "../../host/hex";

const root = projectRoot();
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

/**
 * PATH without node_modules/.bin folders: `npm test` puts the project's first, and a dev
 * dependency of as-pect brings an npm 6 there. The npm that runs here is the user's.
 */
const PATH = (process.env.PATH ?? "").split(delimiter).filter((dir) => !/node_modules[\\/]\.bin$/.test(dir)).join(delimiter);

/** Runs a command; a non-zero exit fails the test with its output. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, PATH, ...env }, timeout: 240_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test("npm pack -> offline install -> typed ESM consumer and npx realname-pos", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "realname-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // No registry: offline, an unreachable registry and an empty cache, so nothing can be fetched.
  const offline = { npm_config_offline: "true", npm_config_registry: "http://127.0.0.1:9/", npm_config_cache: join(dir, "cache"), npm_config_audit: "false", npm_config_fund: "false" };

  // npm prints the lifecycle scripts' output (prepack's build) before its JSON.
  const packOutput = run(npm, ["pack", "--json", "--pack-destination", dir], root, { npm_config_cache: join(dir, "cache") });
  const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m)));
  const tarball = join(dir, packed[0].filename);
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  for (const wanted of ["build/js/index.mjs", "build/js/cli.mjs", "build/types/index.d.ts", "build/realname.wasm", "build/realname-tools.wasm", "bin/realname-pos.js"]) {
    assert.ok(files.includes(wanted), `the tarball holds ${wanted}`);
  }
  assert.ok(!files.some((f) => f.startsWith("tests/") || f.startsWith("assembly/") || f.endsWith(".map")), "no tests, core sources or source maps");

  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run(npm, ["install", tarball], app, offline);

  for (const f of ["consumer.ts", "tsconfig.json"]) copyFileSync(join(root, "tests/package", f), join(app, f));
  run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--typeRoots", join(root, "node_modules/@types")], app);
  const out = JSON.parse(run(process.execPath, ["dist/consumer.js"], app));

  const iso = new Iso8583(toolsCore());
  const expectedPack = iso.packMessage("bin87", { mti: "0800", fields: { 11: "000001", 41: "12345678", 42: "123456789012345", 52: fromHex("0123456789ABCDEF") } });
  const kcv = toHex(new Crypto(toolsCore()).checkValue("tdes", fromHex("0123456789ABCDEFFEDCBA9876543210")));
  const installed = join(app, "node_modules/realname-pos");
  assert.deepEqual(out, {
    abi: ABI_VERSION,
    scheme: "unionpay",
    masked: "622202*********4435",
    packed: toHex(expectedPack),
    mti: "0800",
    field41: "12345678",
    refused: "refused",
    kcv,
    wasm: pathToFileURL(join(installed, "build/realname.wasm")).href,
  });

  // The CLI from the installed package (its .bin link), still offline.
  const check = JSON.parse(run(npx, ["--offline", "realname-pos", "check", "pan", "6222020000001144435"], app, offline));
  assert.equal(check.valid, true);
  assert.equal(check.scheme, "unionpay");
  const version = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).version;
  assert.equal(version, JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  assert.equal(run(npx, ["--offline", "realname-pos", "--version"], app, offline).trim(), `realname-pos ${version}, ABI version ${ABI_VERSION}, flow version ${FLOW_VERSION}`);
});
