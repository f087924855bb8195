// docs/FLOW.md's table of accepted events is the one QA checks coverage
// against: every cell must agree with flowAccepts() of the QA build (the
// terminal module's table, with the getter the terminal does not export).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { EventKind, FlowState } from "../../host/generated/abi";
import { qaCore } from "./support/qa-core";

/** The event kinds in number order (1..14), as the core names them. */
const EVENTS = Object.keys(EventKind);

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

test("docs/FLOW.md lists every state with the number the core gives it", () => {
  const names = docStates();
  assert.deepEqual(Object.fromEntries(names.map((name, state) => [name, state])), FlowState);
});

test("every (state, event) cell of docs/FLOW.md agrees with the core's transition table", () => {
  const core = qaCore();
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
  const states = Object.keys(FlowState).length;
  assert.equal(checked, states * EVENTS.length);
  assert.equal(core.call("flowAccepts", states, EventKind.POWER_ON), 0, "no state beyond the table");
  assert.equal(core.call("flowAccepts", 0, 0), 0, "no event 0");
});
