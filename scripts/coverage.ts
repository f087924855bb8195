// `npm run coverage`: which transitions of docs/FLOW.md (state, event, next) the
// scenario specs and the QA scripts exercise, and which none does (docs/QA.md).
//
// Specs: as-pect runs tests/assembly/flow-*.spec.ts with REALNAME_COVERAGE set, and
// the scenario helpers record every event they send: the state before, the kind,
// the state after and the payload's first bytes (as-pect.config.js). Scripts: their
// transcripts (tests/transcripts/, recorded from tests/scripts/ and kept current by
// the tests) are replayed on the QA build, which says the state around each event.
//
// A row is exercised when some event was in one of its states, of one of its event
// kinds, with a key / link status / reply MTI the event cell names (none named:
// any), and left the core in a state its next cell names ("unchanged": the same; none
// named, "…": any). A row's condition in words (profile valid, keys check, ...) is not
// told apart: two rows that differ only there count together. Deterministic: the same
// tree gives the same report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../host/core";
import { toHex } from "../host/hex";
import { EventKind, Key } from "../host/generated/abi";
import { parseTranscript } from "../host/transcript/format";
import { docStates, docTransitions, stateNamed, type TransitionRow } from "../tests/host/support/flow-doc";
import { qaCore } from "../tests/host/support/qa-core";

const root = projectRoot();

/** One event as sent: state numbers before and after, its kind, its payload's first bytes. */
interface Seen {
  from: number;
  kind: number;
  to: number;
  payload: Uint8Array;
}

/** Where a reply frame's MTI sits, 4 digits in 2 BCD bytes: after the 2-byte length, 5-byte TPDU and 6-byte header (docs/PROTOCOL.md). */
const MTI_AT = 13;

/**
 * What the event cell can name about an event: its key, link status or the reply's MTI.
 * Not which deadline a TIMER serves (the event carries none; the core knows): TIMER
 * rows are told apart by their states and next states only.
 */
function detail(e: Seen): string | undefined {
  if (e.kind === EventKind.KEY || e.kind === EventKind.LINK) return e.payload.length === 1 ? String(e.payload[0]) : undefined;
  if (e.kind === EventKind.RECEIVED && e.payload.length >= MTI_AT + 2) return toHex(e.payload.subarray(MTI_AT, MTI_AT + 2));
  return undefined;
}

/** Per event kind the details a row's event cell names; a kind absent = any. */
function namedDetails(cell: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  const add = (kind: number, values: string[]) => {
    if (values.length) out.set(kind, new Set([...(out.get(kind) ?? []), ...values]));
  };
  // Keys, unless the row is (also) about the keys no other row names ("other", "any").
  const keyPart = /\bKEY\b/.test(cell) ? cell : "";
  if (keyPart && !/\b(other|any)\b/.test(keyPart)) {
    const keys: string[] = [];
    for (const [name, code] of Object.entries(Key)) if (new RegExp(`\\b${name}\\b`).test(keyPart)) keys.push(String(code));
    for (const m of keyPart.matchAll(/`([0-9*#])`/g)) keys.push(String(m[1] === "*" ? Key.STAR : m[1] === "#" ? Key.HASH : Key[`DIGIT_${m[1]}` as keyof typeof Key]));
    if (/\bdigits\b/.test(keyPart)) for (let d = 0; d <= 9; d++) keys.push(String(Key[`DIGIT_${d}` as keyof typeof Key]));
    add(EventKind.KEY, keys);
  }
  add(EventKind.LINK, [...cell.matchAll(/LINK ([0-9](?:\/[0-9])*)/g)].flatMap((m) => m[1].split("/")));
  if (cell.includes("RECEIVED")) add(EventKind.RECEIVED, [...cell.matchAll(/\b(0[0-9]{3})\b/g)].map((m) => m[1]));
  return out;
}

/** The states a next cell names; "same" for "unchanged", undefined for any. */
function namedNext(names: string[], cell: string): Set<string> | "same" | undefined {
  if (/^unchanged\b/.test(cell)) return "same";
  const states = new Set(cell.split(/[^A-Z_]+/).map((w) => stateNamed(names, w)).filter((s): s is string => s !== undefined));
  return states.size ? states : undefined;
}

function exercises(names: string[], row: TransitionRow, e: Seen): boolean {
  if (!row.states.includes(names[e.from]) || !row.events.some((k) => EventKind[k as keyof typeof EventKind] === e.kind)) return false;
  const wanted = namedDetails(row.eventCell).get(e.kind);
  if (wanted && !wanted.has(detail(e) ?? "")) return false;
  const next = namedNext(names, row.nextCell);
  if (next === "same") return e.to === e.from;
  return next === undefined || next.has(names[e.to]);
}

/** Every event the flow specs send, from one as-pect run with the recorder on. */
function specEvents(): Seen[] {
  const dir = mkdtempSync(join(tmpdir(), "realname-coverage-"));
  const file = join(dir, "events.txt");
  try {
    const specs = readdirSync(join(root, "tests/assembly")).filter((f) => /^flow-.*\.spec\.ts$/.test(f)).map((f) => `tests/assembly/${f}`);
    const r = spawnSync(join(root, "node_modules/.bin/asp"), ["--config", "as-pect.config.js"], {
      cwd: root, encoding: "utf8", env: { ...process.env, REALNAME_SPECS: specs.join(","), REALNAME_COVERAGE: file }, maxBuffer: 64 << 20,
    });
    const tests = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(r.stdout.replace(/\x1b\[[0-9;]*m/g, ""));
    if (r.status !== 0 || !tests) throw new Error(`the flow specs failed (as-pect exit ${r.status}): run npm run spec -- on them\n${r.stderr}`);
    console.log(`specs: ${specs.length} files, ${tests[1]} tests`);
    return readFileSync(file, "utf8").trim().split("\n").map((line) => {
      const [from, kind, to, hex] = line.split(" ");
      return { from: Number(from), kind: Number(kind), to: Number(to), payload: hex === "-" ? new Uint8Array(0) : Buffer.from(hex, "hex") };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every event of the scripts' transcripts, replayed on the QA build for the states around it. */
function scriptEvents(): Seen[] {
  const dir = join(root, "tests/transcripts");
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
  const core = qaCore();
  const seen: Seen[] = [];
  for (const f of files) {
    for (const entry of parseTranscript(readFileSync(join(dir, f), "utf8")).entries) {
      if (entry.type === "start") core.start();
      if (entry.type !== "event") continue;
      const from = core.call("flowState");
      core.setInput(entry.payload);
      const result = core.call("handle", entry.kind, entry.payload.length, entry.date, entry.time);
      if (result >= 0) while (core.call("nextCommand") > 0);
      seen.push({ from, kind: entry.kind, to: core.call("flowState"), payload: entry.payload.slice(0, 32) });
    }
  }
  console.log(`scripts: ${files.length} transcripts, ${seen.length} events`);
  return seen;
}

const names = docStates();
const rows = docTransitions();
const sources = { spec: specEvents(), script: scriptEvents() };
const done: string[] = [];
const missing: string[] = [];
for (const row of rows) {
  const by = (Object.keys(sources) as (keyof typeof sources)[]).filter((s) => sources[s].some((e) => exercises(names, row, e)));
  const text = `${row.stateCell} | ${row.eventCell} | ${row.nextCell}`;
  (by.length ? done : missing).push(by.length ? `[${by.join("+")}] ${text}` : text);
}
console.log(`\nexercised (${done.length}):`);
for (const line of done) console.log(`  ${line}`);
console.log(`\nnot exercised by any spec or script (${missing.length}):`);
for (const line of missing) console.log(`  ${line}`);
console.log(`\ndocs/FLOW.md transitions: ${done.length} of ${rows.length} exercised, ${missing.length} not`);
