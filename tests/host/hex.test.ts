// host/hex.ts is the one hex helper of the host, node and browser alike: it
// agrees with node's own Buffer hex (an independent implementation), and no
// other host file converts hex itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "../../host/core";
import { fromHex, HexError, toHex } from "../../host/hex";

test("toHex and fromHex agree with node's Buffer on random bytes, both ways", () => {
  for (let n = 0; n < 64; n++) {
    const bytes = new Uint8Array(randomBytes(n));
    const hex = Buffer.from(bytes).toString("hex");
    assert.equal(toHex(bytes), hex.toUpperCase());
    assert.deepEqual(fromHex(hex), bytes);
    assert.deepEqual(fromHex(hex.toUpperCase()), bytes);
  }
  assert.throws(() => fromHex("ABC", "--key"), (e: Error) => e instanceof HexError && e.message === "--key is not an even number of hex digits");
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

test("no host file but host/hex.ts converts bytes to or from hex", () => {
  const root = projectRoot();
  const found: string[] = [];
  for (const file of sources(join(root, "host"))) {
    if (file === join(root, "host", "hex.ts")) continue;
    readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      // node's Buffer hex, or a byte-by-byte formatter (digests of node:crypto print their own hex: not a conversion of data)
      if (/toString\("hex"\)|, "hex"\)|toString\(16\)\.padStart\(2/.test(line)) found.push(`${relative(root, file)}:${i + 1}`);
    });
  }
  assert.deepEqual(found, []);
});
