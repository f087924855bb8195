// docs/QA.md lists every helper tests/assembly/flow-helpers.ts exports, each in the
// first cell of a table row, so a new helper cannot go undocumented.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../host/core";

test("docs/QA.md lists every exported scenario helper", () => {
  const root = projectRoot();
  const helpers = readFileSync(join(root, "tests/assembly/flow-helpers.ts"), "utf8");
  const exported = new Set<string>();
  for (const m of helpers.matchAll(/^export (?:function|const|let) (\w+)/gm)) exported.add(m[1]);
  for (const m of helpers.matchAll(/^export \{([^}]*)\}/gm)) for (const name of m[1].split(",")) exported.add(name.trim());
  assert.ok(exported.size > 40, `helpers read: ${exported.size}`);
  const doc = readFileSync(join(root, "docs/QA.md"), "utf8");
  const listed = new Set<string>();
  for (const line of doc.split("\n").filter((l) => l.startsWith("| `"))) {
    for (const m of line.split("|")[1].matchAll(/`(\w+)/g)) listed.add(m[1]);
  }
  assert.deepEqual([...exported].filter((h) => !listed.has(h)), [], "helpers without a line in docs/QA.md");
  assert.deepEqual([...listed].filter((h) => !exported.has(h)), [], "lines for helpers that no longer exist");
});
