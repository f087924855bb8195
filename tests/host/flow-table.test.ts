// docs/FLOW.md's table of accepted events is the one QA checks coverage
// against: every cell must agree with the release core's flowAccepts().
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Core, projectRoot } from "../../host/core";

const EVENTS = ["POWER_ON", "INJECT_KEY", "RESTORE", "START", "KEY", "TEXT", "CARD", "RECEIVED", "LINK", "TIMER", "BATTERY", "PRINTER", "RANDOM", "SAVED"];

/** The rows of the "Accepted events" table: state name -> cells. */
function docTable(): Map<string, string[]> {
  const text = readFileSync(join(projectRoot(), "docs", "FLOW.md"), "utf8");
  const section = text.split("## Accepted events")[1].split("\n## ")[0];
  const rows = new Map<string, string[]>();
  let header: string[] = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("|") || line.startsWith("|---")) continue;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells[0] === "state") header = cells.slice(1);
    else rows.set(cells[0], cells.slice(1));
  }
  assert.deepEqual(header, EVENTS, "the table's columns are the event kinds 1..14 in order");
  return rows;
}

/** State numbers as docs/FLOW.md "States" lists them. */
function docStates(): string[] {
  const text = readFileSync(join(projectRoot(), "docs", "FLOW.md"), "utf8");
  const section = text.split("## States")[1].split("```")[0];
  const names: string[] = [];
  for (const line of section.split("\n")) {
    const m = /^\|\s*(\d+)\s*\|\s*([A-Z_]+)\s*\|/.exec(line);
    if (m) names[Number(m[1])] = m[2];
  }
  return names;
}

test("docs/FLOW.md lists every state with the number flowState() returns", () => {
  const names = docStates();
  assert.equal(names.length, 25);
  assert.equal(names[0], "OFF");
  assert.equal(names[4], "EXPECT_HOST_REPLY");
  assert.equal(names[24], "EXPECT_HELP");
});

test("every (state, event) cell of docs/FLOW.md agrees with the core's transition table", () => {
  const core = new Core();
  const rows = docTable();
  const names = docStates();
  let checked = 0;
  names.forEach((name, state) => {
    const row = rows.get(name);
    assert.ok(row, `state ${name} has a row`);
    EVENTS.forEach((event, i) => {
      const documented = row![i] === "x";
      const actual = core.call("flowAccepts", state, i + 1) === 1;
      assert.equal(actual, documented, `${name} x ${event}: docs say ${documented ? "accepted" : "refused"}`);
      checked++;
    });
  });
  assert.equal(checked, 25 * 14);
  assert.equal(core.call("flowAccepts", 25, 1), 0, "no state beyond the table");
  assert.equal(core.call("flowAccepts", 0, 0), 0, "no event 0");
});
