// The realname-pos command as a whole (host/cli/main.ts): help for every
// subcommand three ways, --version, sensitive values from stdin, and errors as
// one line with exit 2 (1 for invalid input) for every missing file, unknown
// option and bad value, including the cases that once printed stack traces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { ABI_VERSION, FLOW_VERSION, TOOLS_INPUT_CAPACITY } from "../../host/generated/abi";
import { assertOneLineError, runCli } from "./support/cli";

const SUBCOMMANDS = ["check", "crypto", "iso8583", "simulate", "acquirer", "records", "web"];
const tmp = () => mkdtempSync(join(tmpdir(), "realname-cli-"));
const missing = join(tmpdir(), `realname-missing-${process.pid}`, "nothing-here");

test("every subcommand answers --help, -h and help SUB alike: usage, each option, an example; exit 0", () => {
  for (const sub of SUBCOMMANDS) {
    const help = runCli([sub, "--help"]);
    assert.equal(help.status, 0, `${sub}: ${help.stderr}`);
    assert.equal(help.stderr, "", sub);
    assert.match(help.stdout, new RegExp(`^realname-pos ${sub}: \\S`), sub);
    assert.match(help.stdout, new RegExp(`^usage: realname-pos ${sub}\\b`, "m"), sub);
    assert.match(help.stdout, /^options:\n {2}--/m, sub);
    assert.match(help.stdout, new RegExp(`^examples?:\\n {2}\\$ (.* \\| )?realname-pos ${sub}\\b`, "m"), sub);
    // Every option the usage line names is explained.
    const usage = help.stdout.split("\n").filter((l) => /^(usage:| {7})realname-pos /.test(l)).join(" ");
    for (const [, option] of usage.matchAll(/--([a-z0-9-]+)/g)) assert.match(help.stdout, new RegExp(`^ {2}--${option}\\b`, "m"), `${sub} --${option}`);
    assert.deepEqual(runCli([sub, "-h"]), help, `${sub} -h`);
    assert.deepEqual(runCli(["help", sub]), help, `help ${sub}`);
  }
  // Also after other arguments, and for a crypto command.
  assert.deepEqual(runCli(["crypto", "mac", "--alg", "x919", "--help"]), runCli(["crypto", "--help"]));
  const overview = runCli(["--help"]);
  assert.equal(overview.status, 0);
  for (const sub of SUBCOMMANDS) assert.match(overview.stdout, new RegExp(`^ {2}${sub} +\\S`, "m"), sub);
  assert.deepEqual(runCli(["-h"]), overview);
  assert.deepEqual(runCli(["help"]), overview);
  assertOneLineError(runCli(["help", "frobnicate"]), 2, "help of an unknown command");
});

test("--version and -v print the package, ABI and flow versions", () => {
  const { version } = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string };
  for (const flag of ["--version", "-v"]) {
    const r = runCli([flag]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `realname-pos ${version}, ABI version ${ABI_VERSION}, flow version ${FLOW_VERSION}\n`);
  }
});

test("- reads a card, ID, phone, PIN or key from stdin: the same answer as on the command line", () => {
  const pairs: [string[], string[], string][] = [
    [["check", "pan", "6216261000000000018"], ["check", "pan", "-"], "6216261000000000018\n"],
    [["check", "id", "11010519491231002x", "--now", "2026-01-01"], ["check", "id", "-", "--now", "2026-01-01"], "11010519491231002x\n"],
    [["check", "phone", "13800138000"], ["check", "phone", "-"], "13800138000\r\n"],
    [["crypto", "mac", "--alg", "cup-ecb", "--key", "2222222222222222", "--data", "1234567890ABCDEFABCDEF1234567890"],
      ["crypto", "mac", "--alg", "cup-ecb", "--key", "-", "--data", "1234567890ABCDEFABCDEF1234567890"], "2222222222222222"],
    [["crypto", "pinblock", "encode", "--format", "0", "--pin", "1234", "--pan", "4012345678909"],
      ["crypto", "pinblock", "encode", "--format", "0", "--pin", "-", "--pan", "4012345678909"], "1234\n"],
    [["crypto", "dukpt", "--alg", "tdes", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210E00001", "--usage", "pin"],
      ["crypto", "dukpt", "--alg", "tdes", "--bdk", "-", "--ksn", "FFFF9876543210E00001", "--usage", "pin"], "0123456789ABCDEFFEDCBA9876543210\n"],
  ];
  for (const [direct, dashed, input] of pairs) {
    const want = runCli(direct);
    assert.ok(want.stdout.length > 0, direct.join(" "));
    assert.deepEqual(runCli(dashed, input), want, dashed.join(" "));
  }
  // stdin is one stream: one value from it per command; and it must hold one.
  assertOneLineError(runCli(["crypto", "kcv", "--alg", "tdes", "--key", "-"], ""), 2, "empty stdin");
  assertOneLineError(runCli(["check", "pan", "-"], "1\n2\n"), 2, "two lines on stdin");
  assertOneLineError(runCli(["crypto", "pinblock", "encode", "--format", "0", "--pin", "-", "--pan", "-"], "1234\n"), 2, "two values asked of stdin");
  // A refused secret is not echoed back.
  const bad = runCli(["crypto", "kcv", "--alg", "tdes", "--key", "-"], "SECRETKEYXYZ\n");
  assert.equal(bad.status, 1);
  assert.doesNotMatch(bad.stderr, /SECRETKEYXYZ/);
});

test("records on a new or empty data folder prints nothing and exits 0; a --data that is no folder exits 2", () => {
  const fresh = tmp();
  assert.deepEqual(runCli(["records", "--data", fresh]), { status: 0, stdout: "", stderr: "" });
  mkdirSync(join(fresh, "terminal"));
  assert.deepEqual(runCli(["records", "--data", fresh]), { status: 0, stdout: "", stderr: "" });
  writeFileSync(join(fresh, "terminal", "records.journal"), "");
  assert.deepEqual(runCli(["records", "--data", fresh]), { status: 0, stdout: "", stderr: "" });
  assertOneLineError(runCli(["records", "--data", missing]), 2, "records --data MISSING");
});

test("every subcommand given a missing file, or an empty stdin for its value, says so in one line", () => {
  const data = tmp();
  const runs: [string[], number][] = [
    [["check", "pan", "-"], 2],
    [["crypto", "kcv", "--alg", "tdes", "--key", "-"], 2],
    [["iso8583", "unpack", "--dialect", "cup"], 1], // an empty message is malformed input
    [["simulate", "--data", data, "--bank", missing, "--script", missing], 2],
    [["simulate", "--data", data, "--profile", missing, "--script", missing], 2],
    [["simulate", "--data", data, "--script", missing], 2],
    [["simulate", "--data", data, "--script", join(projectRoot(), "tests/scripts/verify-success.txt"), "--record", join(missing, "x.txt")], 2],
    [["acquirer", "--port", "0", "--data", data, "--bank", missing], 2],
    [["web", "--port", "0", "--data", data, "--bank", missing], 2],
    [["web", "--port", "0", "--data", data, "--profile", missing], 2],
    [["records", "--data", missing], 2],
  ];
  for (const [args, status] of runs) assertOneLineError(runCli(args), status, args.join(" "));
});

test("unknown options and bad values: one line, exit 2, for every subcommand", () => {
  for (const sub of SUBCOMMANDS) {
    assertOneLineError(runCli([sub, "--frobnicate"]), 2, `${sub} --frobnicate`);
    assertOneLineError(runCli([sub, "--frobnicate=1", "extra"]), 2, `${sub} --frobnicate=1`);
  }
  for (const args of [["simulate", "--lang", "fr"], ["acquirer"], ["acquirer", "--port", "70000"], ["web", "--port", "x"],
    ["simulate", "--acquirer", "nowhere"], ["crypto"], ["crypto", "constructor"], ["toString"], ["records", "extra"], ["check", "pan"],
    ["crypto", "kcv", "--alg", "tdes", "--key"], ["iso8583", "pack", "--dialect", "iso93"], ["--version", "extra"]]) {
    assertOneLineError(runCli(args), 2, args.join(" "));
  }
});

test("the cases that printed stack traces are one line now", async () => {
  const dir = tmp();
  // crypto input over the core's input buffer: invalid input, exit 1
  const big = runCli(["crypto", "mac", "--alg", "x919", "--key", "0123456789ABCDEFFEDCBA9876543210", "--data", "AB".repeat(TOOLS_INPUT_CAPACITY + 1)]);
  assertOneLineError(big, 1, `crypto input over ${TOOLS_INPUT_CAPACITY} bytes`);
  assert.match(big.stderr, new RegExp(`${TOOLS_INPUT_CAPACITY}-byte input buffer`));
  // the journal path is a folder
  const folderJournal = join(dir, "folder-journal");
  mkdirSync(join(folderJournal, "terminal", "records.journal"), { recursive: true });
  assertOneLineError(runCli(["records", "--data", folderJournal]), 2, "records: journal is a folder");
  assertOneLineError(runCli(["simulate", "--data", folderJournal, "--script", join(projectRoot(), "tests/scripts/verify-success.txt")]), 2, "simulate: journal is a folder");
  // a bad script line, named by FILE:LINE
  const script = join(dir, "bad.txt");
  writeFileSync(script, "expect 主菜单\nfrobnicate 3\n");
  const bad = runCli(["simulate", "--data", dir, "--script", script]);
  assertOneLineError(bad, 2, "bad script line");
  assert.match(bad.stderr, /bad\.txt:2: /);
  // an unknown --profile key
  const profile = join(dir, "p.profile");
  writeFileSync(profile, "hostTimeout=5\nfrobnicate=1\n");
  const unknownKey = runCli(["simulate", "--data", dir, "--profile", profile, "--script", script]);
  assertOneLineError(unknownKey, 2, "unknown profile key");
  assert.match(unknownKey.stderr, /frobnicate/);
  assertOneLineError(runCli(["web", "--port", "0", "--data", dir, "--profile", profile]), 2, "web: unknown profile key");
  // invalid --bank JSON, and a bank row that breaks a rule
  const bank = join(dir, "bank.json");
  writeFileSync(bank, "{ cards: ");
  for (const sub of [["simulate", "--script", script], ["acquirer", "--port", "0"], ["web", "--port", "0"]]) {
    assertOneLineError(runCli([...sub, "--data", dir, "--bank", bank]), 2, `${sub[0]}: invalid bank JSON`);
  }
  writeFileSync(bank, JSON.stringify({ cards: [{ pan: "6216261000000000017" }] }));
  assertOneLineError(runCli(["acquirer", "--port", "0", "--data", dir, "--bank", bank]), 2, "a bad bank row");
  // the acquirer (and web) failing to bind: the port is taken
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const port = String((taken.address() as { port: number }).port);
  try {
    const acquirer = runCli(["acquirer", "--port", port, "--data", join(dir, "a")]);
    assertOneLineError(acquirer, 2, "acquirer: port in use");
    assert.match(acquirer.stderr, new RegExp(`127\\.0\\.0\\.1:${port}: address already in use`));
    assertOneLineError(runCli(["web", "--port", port, "--data", join(dir, "w")]), 2, "web: port in use");
  } finally {
    taken.close();
  }
  // a huge --now is quoted short
  const now = runCli(["check", "id", "11010519491231002X", "--now", "9".repeat(120_000)]);
  assertOneLineError(now, 2, "--now of 120,000 characters");
  assert.match(now.stderr, /\(120000 characters\)/);
});
