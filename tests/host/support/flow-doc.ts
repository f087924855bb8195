// docs/FLOW.md read as data: its States (number -> name), the groups its Transitions
// name (`any`, `powered`, ... as the paragraph above the table defines them) and the
// Transitions rows with their states expanded. tests/host/flow-table.test.ts checks the
// rows against the core's tables; scripts/coverage.ts reports which rows the specs and
// scripts exercise. Columns are found by their headers, groups by their definitions,
// so a new state, group or column needs no change here. A cell it cannot read throws.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../../host/core";
import { EventKind } from "../../../host/generated/abi";

/**
 * The event kinds of the transition table in number order (1..14), as the core names them;
 * the secure module's answers (30..) are accepted apart (docs/FLOW.md "The secure module").
 */
export const EVENTS = Object.entries(EventKind).filter(([, kind]) => kind < EventKind.KEY_INSTALLED).map(([name]) => name);

export interface TransitionRow {
  /** The table line as written. */
  line: string;
  /** The cells under "state", "event", "next" and "handled in". */
  stateCell: string;
  eventCell: string;
  nextCell: string;
  file: string;
  /** The states the row applies to, groups expanded. */
  states: string[];
  /** The event kinds its event cell names. */
  events: string[];
}

export function flowDoc(): string {
  return readFileSync(join(projectRoot(), "docs", "FLOW.md"), "utf8");
}

function section(text: string, title: string): string {
  const parts = text.split(`\n## ${title}`);
  if (parts.length < 2) throw new Error(`docs/FLOW.md has no section "${title}"`);
  return parts[1].split("\n## ")[0];
}

function tableRows(text: string): string[][] {
  return text.split("\n").filter((l) => l.startsWith("|") && !l.startsWith("|---")).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
}

/** State numbers as docs/FLOW.md "States" lists them: names[number]. */
export function docStates(text = flowDoc()): string[] {
  const names: string[] = [];
  for (const line of section(text, "States").split("```")[0].split("\n")) {
    const m = /^\|\s*(\d+)\s*\|\s*([A-Z_]+)\s*\|/.exec(line);
    if (m) names[Number(m[1])] = m[2];
  }
  return names;
}

/** A state as a cell may write it: its name, or without EXPECT_ ("CONFIRM"); undefined for other words. */
export function stateNamed(names: string[], word: string): string | undefined {
  return names.includes(word) ? word : names.includes(`EXPECT_${word}`) ? `EXPECT_${word}` : undefined;
}

/** The groups the Transitions paragraph defines: "`running` = every state but OFF and EXPECT_START; `input states` = CONSENT, ...". */
export function docGroups(names: string[], text = flowDoc()): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const m of section(text, "Transitions").replace(/\s+/g, " ").matchAll(/`([a-z][a-z ]*)` = ([^;)]+)/g)) {
    const [, group, definition] = m;
    const listed = (list: string) => list.split(/,|\band\b/).map((w) => w.trim()).filter(Boolean).map((w) => {
      const state = stateNamed(names, w);
      if (!state) throw new Error(`docs/FLOW.md: group \`${group}\` names an unknown state ${JSON.stringify(w)}`);
      return state;
    });
    const every = /^every state(?: but (.*))?$/.exec(definition.trim());
    if (every) {
      const but = every[1] ? listed(every[1]) : [];
      groups.set(group, names.filter((n) => !but.includes(n)));
    } else groups.set(group, listed(definition));
  }
  return groups;
}

/** The Transitions table, one entry per row. */
export function docTransitions(text = flowDoc()): TransitionRow[] {
  const names = docStates(text);
  const groups = docGroups(names, text);
  const expand = (cell: string): string[] => {
    const [base, except] = cell.split(" except ");
    const out = new Set<string>();
    for (const item of base.split(",").map((x) => x.trim())) {
      const group = groups.get(item);
      const state = stateNamed(names, item);
      if (group) group.forEach((n) => out.add(n));
      else if (state) out.add(state);
      else throw new Error(`docs/FLOW.md Transitions: unknown state ${JSON.stringify(item)}`);
    }
    for (const item of (except ?? "").split(",").map((x) => x.trim()).filter(Boolean)) out.delete(stateNamed(names, item) ?? item);
    return [...out];
  };
  const rows = tableRows(section(text, "Transitions"));
  const header = rows.findIndex((r) => r[0] === "state");
  const column = (title: string) => {
    const i = rows[header].findIndex((c) => c === title || c.startsWith(`${title} (`));
    if (i < 0) throw new Error(`docs/FLOW.md Transitions: no column "${title}"`);
    return i;
  };
  const [state, event, next, file] = ["state", "event", "next", "handled in"].map(column);
  return rows.slice(header + 1).map((cells) => {
    const line = `| ${cells.join(" | ")} |`;
    if (cells.length !== rows[header].length) throw new Error(`docs/FLOW.md Transitions: ${rows[header].length} cells wanted: ${line}`);
    const events = EVENTS.filter((e) => new RegExp(`(^|[^\\w])${e}([^\\w]|$)`).test(cells[event]));
    if (events.length === 0) throw new Error(`docs/FLOW.md Transitions: the event cell names no event kind: ${line}`);
    return { line, stateCell: cells[state], eventCell: cells[event], nextCell: cells[next], file: cells[file], states: expand(cells[state]), events };
  });
}
