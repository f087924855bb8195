// `realname-pos iso8583 pack|unpack|dump`: the exact interface QA scripts use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../host/core";

const bin = join(projectRoot(), "bin/realname-pos.js");
const run = (args: string[], input: string) => spawnSync(process.execPath, [bin, "iso8583", ...args], { input, encoding: "utf8" });

const SIGN_ON_JSON = '{"tpdu":"6000030000","header":"603100000000","t":"0800","11":"000001","41":"12345678","42":"123456789012345","60":"00000001003","63":"001"}';
const SIGN_ON_HEX = "003C600003000060310000000008000020000000C000120000013132333435363738313233343536373839303132333435001100000001003000033030" + "31";

test("pack prints the cup frame as uppercase hex", () => {
  const r = run(["pack", "--dialect", "cup"], SIGN_ON_JSON);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), SIGN_ON_HEX);
});

test("unpack prints the JSON with the bitmap, ignoring whitespace in the hex", () => {
  const spaced = SIGN_ON_HEX.replace(/(..)/g, "$1 ").replace(/(.{48})/g, "$1\n");
  const r = run(["unpack", "--dialect", "cup"], spaced);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.p, "0020000000C00012");
  assert.deepEqual({ ...json, p: undefined }, { ...JSON.parse(SIGN_ON_JSON), p: undefined });
  assert.ok(r.stdout.startsWith('{"tpdu":"6000030000","header":"603100000000","t":"0800","p":'), "keys in message order");
});

test("unpack --dialect cup takes a frame published without its 2-byte length (it starts with the TPDU id 60)", () => {
  const withPrefix = run(["unpack", "--dialect", "cup"], SIGN_ON_HEX);
  const bare = run(["unpack", "--dialect", "cup"], SIGN_ON_HEX.slice(4));
  assert.equal(bare.status, 0, bare.stderr);
  assert.equal(bare.stdout, withPrefix.stdout);
  // one byte short: with no length to compare, the last field is what is missing
  const cut = run(["unpack", "--dialect", "cup"], SIGN_ON_HEX.slice(4, -2));
  assert.equal(cut.status, 1);
});

test("ascii87 pack and unpack agree with pyiso8583's published example", () => {
  const text = "02004000000000000000101234567890";
  const r = run(["pack", "--dialect", "ascii87"], '{"t":"0200","2":"1234567890"}');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(Buffer.from(r.stdout.trim(), "hex").toString("latin1"), text);
  const u = run(["unpack", "--dialect", "ascii87"], Buffer.from(text).toString("hex"));
  assert.deepEqual(JSON.parse(u.stdout), { t: "0200", p: "4000000000000000", "2": "1234567890" });
});

test("bin87 carries the PIN block as 8 binary bytes and shows it as hex", () => {
  const r = run(["pack", "--dialect", "bin87"], '{"t":"0200","52":"0123456789ABCDEF"}');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), Buffer.from("0200").toString("hex").toUpperCase() + "0000000000001000" + "0123456789ABCDEF");
  const u = run(["unpack", "--dialect", "bin87"], r.stdout);
  assert.equal(JSON.parse(u.stdout)["52"], "0123456789ABCDEF");
});

test("dump masks PAN, track 2 and PIN block unless --reveal", () => {
  const hex = run(["pack", "--dialect", "cup"], '{"tpdu":"6000030000","header":"603100000000","t":"0200","2":"6224240000000017","35":"6224240000000017=2806201","52":"0123456789ABCDEF"}').stdout;
  const masked = run(["dump", "--dialect", "cup"], hex);
  assert.equal(masked.status, 0, masked.stderr);
  assert.match(masked.stdout, /PAN\s+16\s+622424\*{6}0017/);
  assert.doesNotMatch(masked.stdout, /6224240000000017|0123456789ABCDEF/);
  const shown = run(["dump", "--dialect", "cup", "--reveal"], hex);
  assert.match(shown.stdout, /6224240000000017=2806201/);
  assert.match(shown.stdout, /PIN block\s+8\s+0123456789ABCDEF/);
});

/** Chip data carries the PAN in clear (tag 5A, and 57 the track 2 equivalent): a masked dump must hide it, and the expiry, as the acquirer log does. */
test("dump masks ICC data (field 55) and the expiry (field 14) unless --reveal", () => {
  const icc = "5A086224240000000017" + "9F0206000000000100";
  const hex = run(["pack", "--dialect", "cup"], `{"tpdu":"6000030000","header":"603100000000","t":"0200","2":"6224240000000017","14":"2806","55":"${icc}"}`).stdout;
  const masked = run(["dump", "--dialect", "cup"], hex);
  assert.equal(masked.status, 0, masked.stderr);
  assert.doesNotMatch(masked.stdout, /6224240000000017|2806/);
  assert.match(masked.stdout, /ICC data\s+19\s+\*{16}…/);
  const shown = run(["dump", "--dialect", "cup", "--reveal"], hex);
  assert.match(shown.stdout, new RegExp(`ICC data\\s+19\\s+${icc}`));
  assert.match(shown.stdout, /expiration\s+4\s+2806/);
});

test("malformed input exits 1 with code, field and offset on stderr", () => {
  const r = run(["unpack", "--dialect", "cup"], SIGN_ON_HEX.slice(0, -2));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ISO_TRUNCATED \(-201\).*offset 0/);
  const p = run(["pack", "--dialect", "cup"], '{"tpdu":"6000030000","header":"603100000000","t":"0200","35":"' + "1".repeat(38) + '"}');
  assert.equal(p.status, 1);
  assert.match(p.stderr, /ISO_LENGTH_OVER_MAX \(-203\): field 35: length 38 exceeds max 37 at offset 23/);
  assert.equal(run(["unpack", "--dialect", "cup"], "zz").status, 1);
  assert.equal(run(["pack", "--dialect", "cup"], "[1]").status, 1);
  assert.equal(run(["pack", "--dialect", "cup"], '{"t":"0800","999":"1"}').status, 1);
});

test("usage errors exit 2", () => {
  assert.equal(run(["pack"], "{}").status, 2);
  assert.equal(run(["pack", "--dialect", "iso93"], "{}").status, 2);
  assert.equal(run(["frobnicate", "--dialect", "cup"], "{}").status, 2);
  assert.equal(run(["pack", "--dialect", "cup", "--reveal"], "{}").status, 2);
  assert.equal(run([], "").status, 2);
});
