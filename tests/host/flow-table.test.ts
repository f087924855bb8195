// docs/FLOW.md's table of accepted events is the one QA checks coverage
// against: every cell must agree with flowAccepts() of the QA build (the
// terminal module's table, with the getter the terminal does not export). Its
// Transitions name the file each transition is handled in: every row must
// agree with assembly/flow/machine.ts's tables, and every pair the core
// accepts must have a row.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { EventKind, FlowState } from "../../host/generated/abi";
import { qaCore } from "./support/qa-core";
import { docStates, docTransitions, EVENTS } from "./support/flow-doc";


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
  assert.deepEqual(header, EVENTS, "the table's columns are the event kinds in order");
  return rows;
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
      const actual = core.call("flowAccepts", state, EventKind[event as keyof typeof EventKind]) === 1;
      assert.equal(actual, documented, `${name} x ${event}: docs say ${documented ? "accepted" : "refused"}`);
      checked++;
    });
  });
  const states = Object.keys(FlowState).length;
  assert.equal(checked, states * EVENTS.length);
  assert.equal(core.call("flowAccepts", states, EventKind.POWER_ON), 0, "no state beyond the table");
  assert.equal(core.call("flowAccepts", 0, 0), 0, "no event 0");
});

// ---- "handled in": docs/FLOW.md's Transitions against machine.ts's tables ----------------------

const FLOW_DIR = join(projectRoot(), "assembly", "flow");

/** The file (relative to assembly/flow/) each `import * as name` of a source file names. */
function namespaceImports(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/import \* as (\w+) from "\.\/([^"]+)";/g)) out.set(m[1], `${m[2]}.ts`);
  return out;
}

/** The file each name imported by `import { a, b } from "./x"` (in a file under assembly/flow/) comes from. */
function namedImports(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/import \{([^}]*)\} from "\.\/([^"]+)";/g)) {
    for (const name of m[1].split(",").map((n) => n.trim()).filter(Boolean)) out.set(name, `${m[2]}.ts`);
  }
  return out;
}

interface Tables {
  /** state -> event -> the file of the handler machine.ts's table names. */
  first: Map<string, Map<string, string>>;
  /** The files a handler of machine.ts passes events on to: per deadline (TIMER), and the tasks of exchange.ts's per-exchange switches. */
  deadlineFiles: Set<string>;
  exchangeFiles: Set<string>;
}

function readTables(names: string[]): Tables {
  const machine = readFileSync(join(FLOW_DIR, "machine.ts"), "utf8");
  const modules = namespaceImports(machine);
  // A row names a handler by number (H.name); run()'s case for that number calls it (module.name(e)) or is machine.ts's own.
  const fileOf = (ref: string) => {
    const call = machine.match(new RegExp(`case ${ref.replace(".", "\\.")}: (?:(\\w+)\\.)?\\w+`));
    assert.ok(call, `machine.ts: run()'s case for ${ref}`);
    return call[1] ? modules.get(call[1])! : "machine.ts";
  };
  const groups: Record<string, (s: string) => boolean> = {
    ANY: () => true,
    POWERED: (s) => s !== "OFF",
    RUNNING: (s) => s !== "OFF" && s !== "EXPECT_START",
  };
  const first = new Map<string, Map<string, string>>(names.map((n) => [n, new Map()]));
  let rows = 0;
  for (const m of machine.matchAll(/^  (?:<u8>)?(\w+|St\.\w+),\s*<u8>Ev\.(\w+),\s*<u8>(H\.\w+),/gm)) {
    const [, state, event, handler] = m;
    const file = fileOf(handler);
    assert.ok(file, `machine.ts: the module of ${handler}`);
    for (const s of names) {
      if (state.startsWith("St.") ? s === state.slice(3) : groups[state](s)) first.get(s)!.set(event, file);
    }
    rows++;
  }
  assert.ok(rows > 30, `machine.ts's table read (${rows} rows)`);
  const deadlineBlock = machine.split("function onDeadline")[1].split("\n}\n")[0];
  const deadlineFiles = new Set([...deadlineBlock.matchAll(/case Deadline\.\w+: (\w+)\.\w+\(\)/g)].map((t) => modules.get(t[1])!));
  assert.equal(deadlineFiles.size, 5, "machine.ts's onDeadline read");
  const exchange = readFileSync(join(FLOW_DIR, "exchange.ts"), "utf8");
  const named = namedImports(exchange);
  const exchangeFiles = new Set<string>();
  for (const fn of ["buildRequest", "onReply", "failed"]) {
    const block = exchange.split(`function ${fn}(`)[1].split("\n}\n")[0];
    const calls = [...block.matchAll(/case Op\.\w+: (?:return )?(\w+)\(/g)];
    assert.ok(calls.length >= 4, `exchange.ts's ${fn} read`);
    for (const t of calls) exchangeFiles.add(named.has(t[1]) ? join("", named.get(t[1])!) : "exchange.ts");
  }
  return { first, deadlineFiles, exchangeFiles };
}

/** Where the tables may send event `event` in state `s`: the first handler's file, and what it passes events on to. */
function routes(t: Tables, s: string, event: string): Set<string> {
  const file = t.first.get(s)!.get(event);
  const out = new Set<string>(file ? [file] : []);
  if (!file) return out;
  if (event === "KEY" && s !== "EXPECT_START") out.add("input.ts"); // the keys every screen shares (input.commonKey)
  if (event === "TIMER") for (const f of t.deadlineFiles) out.add(f);
  if (file === "exchange.ts" || event === "TIMER") for (const f of t.exchangeFiles) out.add(f);
  return out;
}

test("docs/FLOW.md Transitions: every row's 'handled in' is a file machine.ts's tables route that event to", () => {
  const core = qaCore();
  const names = docStates();
  const tables = readTables(names);
  // The table as read is the table the core runs.
  names.forEach((name, state) => {
    EVENTS.forEach((event, i) => {
      assert.equal(tables.first.get(name)!.has(event), core.call("flowAccepts", state, EventKind[event as keyof typeof EventKind]) === 1, `machine.ts as read: ${name} x ${event}`);
    });
  });
  const rows = docTransitions();
  for (const row of rows) {
    assert.ok(existsSync(join(FLOW_DIR, row.file)), `${row.file} exists: ${row.line}`);
    for (const s of row.states) {
      const accepted = row.events.filter((e) => tables.first.get(s)!.has(e));
      assert.ok(accepted.length > 0, `${s} accepts ${row.events.join("/")}: ${row.line}`);
      for (const e of accepted) {
        const r = routes(tables, s, e);
        assert.ok(r.has(row.file), `${s} x ${e} goes to ${[...r].join(", ")}, not ${row.file}: ${row.line}`);
      }
    }
  }
  // Every pair the core accepts has a row naming its handler's file.
  for (const s of names) {
    for (const [event, file] of tables.first.get(s)!) {
      const covered = rows.some((r) => r.file === file && r.states.includes(s) && r.events.includes(event));
      assert.ok(covered, `docs/FLOW.md Transitions has no row for ${s} x ${event} handled in ${file}`);
    }
  }
});
