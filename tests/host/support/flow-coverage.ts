// The rule `npm run coverage` (scripts/coverage.ts) counts a docs/FLOW.md transition
// exercised by: an event in one of the row's states, of one of its event kinds, with a
// key / link status / reply MTI the event cell names (none named: any), that left the
// core in a state the next cell names ("unchanged": the same; none named, "…": any).
// tests/host/flow-coverage.test.ts holds it to that.
import { EventKind, FlowState, Key } from "../../../host/generated/abi";
import { toHex } from "../../../host/hex";
import { stateNamed, type TransitionRow } from "./flow-doc";

/** One event as sent: state numbers before and after, its kind, its payload's first bytes. */
export interface Seen {
  from: number;
  kind: number;
  to: number;
  payload: Uint8Array;
}

/** States in which the core waits for the host's store or secure module, and the events that answer it. */
const WAITING: ReadonlySet<number> = new Set([FlowState.EXPECT_RECORD, FlowState.EXPECT_SECURE]);
const ANSWERS: ReadonlySet<number> = new Set([
  EventKind.RECORD, EventKind.ATTEMPTS,
  EventKind.KEY_INSTALLED, EventKind.PIN_DIGITS, EventKind.PIN_BLOCK, EventKind.PIN_ENDED, EventKind.SECURE_RESULT,
]);

/**
 * The events as sent, plus, for each event that left the core waiting for the store or
 * the secure module, the same event ending where the answers left the core: FLOW.md
 * writes a transition whole (a valid card → PHONE), while the core passes through
 * EXPECT_RECORD or EXPECT_SECURE on the way.
 */
export function throughAnswers(events: readonly Seen[]): Seen[] {
  const out: Seen[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    out.push(e);
    if (!WAITING.has(e.to) || ANSWERS.has(e.kind)) continue;
    let to = e.to;
    for (let j = i + 1; j < events.length && WAITING.has(to) && WAITING.has(events[j].from) && ANSWERS.has(events[j].kind); j++) to = events[j].to;
    if (to !== e.to) out.push({ ...e, to });
  }
  return out;
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

export function exercises(names: string[], row: TransitionRow, e: Seen): boolean {
  if (!row.states.includes(names[e.from]) || !row.events.some((k) => EventKind[k as keyof typeof EventKind] === e.kind)) return false;
  const wanted = namedDetails(row.eventCell).get(e.kind);
  if (wanted && !wanted.has(detail(e) ?? "")) return false;
  const next = namedNext(names, row.nextCell);
  if (next === "same") return e.to === e.from;
  return next === undefined || next.has(names[e.to]);
}

