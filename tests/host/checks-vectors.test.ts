// The check vectors in tests/vectors/checks.json drive both test kinds: this
// suite runs them through the typed wrapper on the release build and keeps
// the as-pect copy, tests/assembly/checks-vectors.ts, generated from the JSON.
// After editing the JSON: UPDATE_VECTORS=1 npm test (rewrites the copy).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { Checks } from "../../host/api/checks";
import { CheckVector, loadCheckVectors, expectations, runVector } from "./checks-vectors";

const vectors = loadCheckVectors();
const generatedPath = join(projectRoot(), "tests/assembly/checks-vectors.ts");

/** The AssemblyScript copy of the vectors (as-pect cannot read files). */
function renderAssembly(list: CheckVector[]): string {
  const q = (s: string | undefined) => JSON.stringify(s ?? "");
  const date = (s: string | undefined) => (s === undefined ? "0" : s.replace(/-/g, ""));
  const rows = list.map((v) =>
    `  new CheckVector(${q(v.kind)}, ${q(v.value)}, ${date(v.now)}, ${q(v.reason)}, ${v.offset ?? -1}, ${q(v.normalised)}, ${q(v.masked)},\n` +
    `    ${q(v.scheme)}, ${v.sex === "male" ? 1 : v.sex === "female" ? 2 : 0}, ${date(v.birthDate)}, ${q(v.pan)}, ${q(v.expiry)}, ${q(v.serviceCode)}),`);
  return [
    "// GENERATED from tests/vectors/checks.json by tests/host/checks-vectors.test.ts",
    "// (UPDATE_VECTORS=1 npm test); do not edit. Sources are named in the JSON.",
    "// Empty strings and 0 / -1 mean \"not asserted\".",
    "export class CheckVector {",
    "  constructor(",
    "    public kind: string, public value: string, public now: i32, public reason: string, public offset: i32,",
    "    public normalised: string, public masked: string, public scheme: string, public sex: i32, public birthDate: i32,",
    "    public pan: string, public expiry: string, public serviceCode: string,",
    "  ) {}",
    "}",
    "",
    "export const CHECK_VECTORS: CheckVector[] = [",
    ...rows,
    "];",
    "",
  ].join("\n");
}

test("the as-pect copy of the check vectors is generated from tests/vectors/checks.json", () => {
  const expected = renderAssembly(vectors);
  if (process.env.UPDATE_VECTORS) writeFileSync(generatedPath, expected);
  assert.equal(readFileSync(generatedPath, "utf8"), expected, "stale: run UPDATE_VECTORS=1 npm test");
});

test("every vector names its source", () => {
  for (const v of vectors) assert.ok(v.source && v.source.length > 8, JSON.stringify(v.value));
});

test("every reason key of the checks has a vector", () => {
  const reasons = new Set(vectors.map((v) => v.reason));
  // Not representable in JSON (malformed UTF-8), long, or needing a narrower set of ID types
  // than the wrapper's (it accepts all four): tested in tests/assembly/checks.spec.ts.
  const elsewhere = new Set(["name_bad_utf8", "name_too_long", "id_wrong_type"]);
  const checks = new Checks();
  let keys = 0;
  for (let code = -100; code >= -199; code--) {
    const key = checks.reason(code);
    if (key.startsWith("code_")) continue;
    keys++;
    assert.ok(reasons.has(key) || elsewhere.has(key), `no vector for ${key}`);
  }
  assert.ok(keys >= 30, `${keys} reason keys`);
});

const checks = new Checks();
for (const v of vectors) {
  test(`typed wrapper: ${v.kind} ${JSON.stringify(v.value)} -> ${v.reason}`, () => {
    const result = runVector(checks, v);
    for (const [key, want] of Object.entries(expectations(v))) assert.deepEqual(result[key], want, key);
    if (v.reason === "ok") assert.equal(result.offset, undefined);
  });
}
