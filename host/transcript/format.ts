// The transcript's line format (docs/TRANSCRIPTS.md): every event that entered the
// core, with its clock, what handle() returned and what nextDeadline() said after it,
// and every command that left it,
// one line each, payloads in hex. Written here and by examples/c-host/host.c; read
// here (host/transcript/replay.ts) and by examples/c-host/replay.c. Kind names and
// numbers are the generated vocabulary's (host/generated/abi.ts): a transcript whose
// name and number disagree with it was recorded under another ABI and is refused.
//
// No node API: the browser page records transcripts too.
import {
  ABI_VERSION, Beep, CardSource, CommandKind, EventKind, FLOW_VERSION, Key, KeySlot, LinkStatus, nameOf, PrinterStatus, RecordFilter, ScreenId,
} from "../generated/abi";
import { fromHex, HexError, toHex } from "../hex";

/** The first line of every transcript, with the format's version. */
export const TRANSCRIPT_MAGIC = "realname-pos-transcript 2";

/** What handle() returned: the commands queued, an error code, or `trap` (the core faulted: a bug). */
export type HandleResult = number | "trap";

export type TranscriptEntry =
  | { type: "start"; line: number }
  | { type: "event"; line: number; seq: number; kind: number; date: number; time: number; result: HandleResult; deadline: number; payload: Uint8Array }
  | { type: "command"; line: number; seq: number; kind: number; payload: Uint8Array };

export interface Transcript {
  abi: number;
  flow: number;
  entries: TranscriptEntry[];
}

/** A transcript that is not well formed, or not of this ABI; names the line. */
export class TranscriptError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "TranscriptError";
  }
}

// ---- writing --------------------------------------------------------------------

/** The lines before the first event: format, versions, then the comments (`# ...`). */
export function transcriptHeader(comments: readonly string[]): string[] {
  return [TRANSCRIPT_MAGIC, `abi ${ABI_VERSION} flow ${FLOW_VERSION}`, ...comments.map(commentLine)];
}

/** A comment: ignored by every reader. */
export function commentLine(text: string): string {
  return `# ${oneLine(text)}`;
}

/** Payload bytes as the transcript writes them: upper-case hex, `-` when empty. */
export function payloadHex(payload: Uint8Array): string {
  return payload.length === 0 ? "-" : toHex(payload);
}

function clock(date: number, time: number): string {
  return `${String(date).padStart(8, "0")} ${String(time).padStart(6, "0")}`;
}

/** An event; `deadline` is what nextDeadline() returned after it (-1 after a trap: not asked). */
export function eventLine(
  seq: number, kind: number, date: number, time: number, result: HandleResult, deadline: number, payload: Uint8Array,
): string {
  const name = nameOf(EventKind, kind) ?? "?";
  return withNote(`event ${seq} ${name} ${kind} ${clock(date, time)} ${result} ${deadline} ${payloadHex(payload)}`, EVENT_NOTES[name as EventName]?.(payload));
}

export function commandLine(seq: number, kind: number, payload: Uint8Array): string {
  const name = nameOf(CommandKind, kind) ?? "?";
  return withNote(`command ${seq} ${name} ${kind} ${payloadHex(payload)}`, COMMAND_NOTES[name as CommandName]?.(payload));
}

// ---- notes for the reader ----------------------------------------------------------
// A line may end with `  # ` and a note: the payload as a person reads it (a
// screen's text, a key's name), so a behaviour change reads as a diff in review.
// Parsers skip it. Notes are capped so a line stays short.

const NOTE_MAX = 160;
const decoder = new TextDecoder();

/** Text on one line: line breaks as " / ", other control characters as "·", capped. */
function oneLine(text: string): string {
  const flat = text.replace(/\r?\n/g, " / ").replace(/[\x00-\x1f\x7f]/g, "·");
  const chars = [...flat];
  return chars.length > NOTE_MAX ? `${chars.slice(0, NOTE_MAX).join("")}…` : flat;
}

function withNote(line: string, note: string | undefined): string {
  return note === undefined || note === "" ? line : `${line}  # ${oneLine(note)}`;
}

const utf8 = (payload: Uint8Array) => decoder.decode(payload);
/** A 4-byte big-endian count at `at` (the store's answers, a query's rank). */
const count = (p: Uint8Array, at: number) => (p.length >= at + 4 ? new DataView(p.buffer, p.byteOffset, p.byteLength).getUint32(at) : 0);
const named = (table: Readonly<Record<string, number>>) => (payload: Uint8Array) => nameOf(table, payload[0]) ?? String(payload[0]);

/** A SHOW as the replayers print it: the screen id in decimal, a colon, the lines joined by " / ". */
export function showText(payload: Uint8Array): string {
  return `${(payload[0] << 8) | payload[1]}:${decoder.decode(payload.subarray(2)).split("\n").join(" / ")}`;
}

type EventName = keyof typeof EventKind;
type CommandName = keyof typeof CommandKind;
type Note = (payload: Uint8Array) => string;

const EVENT_NOTES: Partial<Record<EventName, Note>> = {
  POWER_ON: utf8,
  INJECT_KEY: named(KeySlot),
  RESTORE: utf8,
  KEY: named(Key),
  TEXT: utf8,
  CARD: (p) => `${nameOf(CardSource, p[0]) ?? p[0]}${p[0] === CardSource.CHIP ? "" : ` ${utf8(p.subarray(1))}`}`,
  LINK: named(LinkStatus),
  PRINTER: named(PrinterStatus),
  SAVED: utf8,
  RECORD: (p) => `count ${count(p, 0)}${p.length > 4 ? ` ${utf8(p.subarray(4))}` : ", no record"}`,
  ATTEMPTS: (p) => `answers ${count(p, 0)}, failures in a row ${count(p, 4)}${p.length > 8 ? `, newest failure ${utf8(p.subarray(8))}` : ""}`,
};

const COMMAND_NOTES: Partial<Record<CommandName, Note>> = {
  SHOW: (p) => `${nameOf(ScreenId, (p[0] << 8) | p[1]) ?? "?"} ${showText(p)}`,
  BEEP: named(Beep),
  SAVE: utf8,
  FIND_RECORD: (p) => `${named(RecordFilter)(p)} rank ${count(p, 1)}${p.length > 5 ? ` ${utf8(p.subarray(5))}` : ""}`,
  COUNT_ATTEMPTS: (p) => `${utf8(p.subarray(0, 32))} since ${utf8(p.subarray(32))}`,
  PURGE: (p) => `before ${utf8(p)}`,
  PRINT: utf8,
  LOG: utf8,
};

// ---- reading ----------------------------------------------------------------------

/** Parses a transcript, checking its format, its versions and every kind's name against this ABI. */
export function parseTranscript(text: string): Transcript {
  const entries: TranscriptEntry[] = [];
  let versions: { abi: number; flow: number } | undefined;
  let magic = false;
  let started = false;
  let events = 0;
  let commands = 0;
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const fail = (why: string): never => {
      throw new TranscriptError(line, why);
    };
    const note = raw.indexOf(" #");
    const body = (note >= 0 ? raw.slice(0, note) : raw).trim();
    if (body === "" || body.startsWith("#")) return;
    if (!magic) {
      if (body !== TRANSCRIPT_MAGIC) fail(`not a transcript of this format (the first line must be "${TRANSCRIPT_MAGIC}")`);
      magic = true;
      return;
    }
    const fields = body.split(/\s+/);
    if (!versions) {
      const m = body.match(/^abi (\d+) flow (\d+)$/);
      if (!m) fail("the second line must be `abi N flow N`");
      versions = { abi: Number(m![1]), flow: Number(m![2]) };
      if (versions.abi !== ABI_VERSION || versions.flow !== FLOW_VERSION) {
        fail(`recorded for ABI ${versions.abi} flow ${versions.flow}; this host is ABI ${ABI_VERSION} flow ${FLOW_VERSION}: regenerate it (npm run transcripts)`);
      }
      return;
    }
    const number = (text: string, what: string): number => {
      if (!/^-?\d+$/.test(text)) fail(`${what} is not a number: ${JSON.stringify(text)}`);
      return Number(text);
    };
    const kindOf = (table: Readonly<Record<string, number>>, what: string, name: string, text: string): number => {
      const kind = number(text, `${what} kind`);
      const known = nameOf(table, kind);
      if (known !== name) fail(`${what} ${kind} is ${known ?? "unknown"} in this ABI, the transcript says ${name}: regenerate it (npm run transcripts)`);
      return kind;
    };
    const payload = (text: string): Uint8Array => {
      if (text === "-") return new Uint8Array(0);
      try {
        return fromHex(text, "payload");
      } catch (e) {
        if (e instanceof HexError) fail(e.message);
        throw e;
      }
    };
    switch (fields[0]) {
      case "start":
        if (fields.length !== 1) fail("start takes nothing");
        started = true;
        entries.push({ type: "start", line });
        return;
      case "event": {
        if (fields.length !== 9) fail("event takes 8 fields: N NAME KIND YYYYMMDD hhmmss RESULT DEADLINE PAYLOAD");
        if (!started) fail("an event before the first start");
        if (number(fields[1], "event number") !== ++events) fail(`event number ${fields[1]}, expected ${events}`);
        const result = fields[6] === "trap" ? "trap" : number(fields[6], "result");
        entries.push({
          type: "event", line, seq: events, kind: kindOf(EventKind, "event", fields[2], fields[3]),
          date: number(fields[4], "date"), time: number(fields[5], "time"), result, deadline: number(fields[7], "deadline"),
          payload: payload(fields[8]),
        });
        return;
      }
      case "command": {
        if (fields.length !== 5) fail("command takes 4 fields: N NAME KIND PAYLOAD");
        if (entries.at(-1)?.type !== "event" && entries.at(-1)?.type !== "command") fail("a command must follow an event or a command");
        if (number(fields[1], "command number") !== ++commands) fail(`command number ${fields[1]}, expected ${commands}`);
        entries.push({ type: "command", line, seq: commands, kind: kindOf(CommandKind, "command", fields[2], fields[3]), payload: payload(fields[4]) });
        return;
      }
      default:
        fail(`unknown line ${JSON.stringify(fields[0])} (start, event, command or # comment)`);
    }
  });
  if (!versions) throw new TranscriptError(1, "no `abi N flow N` line: not a transcript");
  return { ...versions, entries };
}
