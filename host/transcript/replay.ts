// Replays a transcript against the terminal module: each recorded event is handed to
// handle() with its recorded date and time, nextDeadline() must then say what it said,
// and every command the core queues must be the recorded one, byte for byte. The first difference stops the replay and is
// described as examples/c-host/replay.c describes it (same text), naming the event,
// and both sides: kind and hex payload, and for a SHOW its text.
import { CoreFault, type Core } from "../core-wasm";
import { CommandKind, EventKind, nameOf } from "../generated/abi";
import { payloadHex, showText, type Transcript, type TranscriptEntry } from "./format";

export interface ReplayResult {
  events: number;
  commands: number;
  /** The first difference, when there is one. */
  difference?: string;
}

type Recorded = Extract<TranscriptEntry, { type: "event" }>;
type Side = { kind: number; payload: Uint8Array } | "none" | "trap" | number;

/** A command, `no command`, a trap, or handle()'s result, as the difference report prints it. */
function describe(side: Side, seq: number): string {
  if (side === "none") return "no command";
  if (side === "trap") return "the core trapped";
  if (typeof side === "number") return `handle() = ${side}`;
  const text = side.kind === CommandKind.SHOW && side.payload.length >= 2 ? ` "${showText(side.payload)}"` : "";
  return `command ${seq} ${nameOf(CommandKind, side.kind) ?? side.kind} ${payloadHex(side.payload)}${text}`;
}

function differs(event: Recorded, what: string, recorded: string, replayed: string): string {
  const date = String(event.date).padStart(8, "0");
  const time = String(event.time).padStart(6, "0");
  return [
    `event ${event.seq} ${nameOf(EventKind, event.kind)} ${date} ${time} ${payloadHex(event.payload)}: ${what}`,
    `  recorded: ${recorded}`,
    `  replayed: ${replayed}`,
  ].join("\n");
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Calls an export; a trap (the core restarts itself) becomes "trap". */
function call(core: Core, name: string, ...args: number[]): number | "trap" {
  try {
    return core.call(name, ...args);
  } catch (e) {
    if (e instanceof CoreFault) return "trap";
    throw e;
  }
}

/** Replays `transcript` on `core` (restarted at every `start`); stops at the first difference. */
export function replayTranscript(transcript: Transcript, core: Core): ReplayResult {
  const entries = transcript.entries;
  let events = 0;
  let commands = 0;
  const stop = (difference: string): ReplayResult => ({ events, commands, difference });
  for (let i = 0; i < entries.length; i++) {
    const event = entries[i];
    if (event.type === "start") {
      core.start();
      continue;
    }
    if (event.type !== "event") continue; // commands are read below, after their event
    events++;
    if (event.result === "trap") return stop(differs(event, "the recording shows a core fault (a bug in the core)", "the core trapped", "not replayed"));
    core.setInput(event.payload);
    const result = call(core, "handle", event.kind, event.payload.length, event.date, event.time);
    if (result !== event.result) return stop(differs(event, "handle() differs", describe(event.result, 0), describe(result, 0)));
    const deadline = call(core, "nextDeadline");
    if (deadline !== event.deadline) {
      return stop(differs(event, "nextDeadline() differs", `nextDeadline() = ${event.deadline}`, deadline === "trap" ? "the core trapped" : `nextDeadline() = ${deadline}`));
    }
    for (let seq = commands + 1; ; seq++) {
      const next = entries[i + 1];
      const recorded = next?.type === "command" ? next : undefined;
      const kind = call(core, "nextCommand");
      const replayed: Side = kind === "trap" ? "trap" : kind === CommandKind.NONE ? "none" : { kind, payload: core.output() };
      if (recorded === undefined && replayed === "none") break;
      const same = recorded !== undefined && typeof replayed === "object" && replayed.kind === recorded.kind && equal(replayed.payload, recorded.payload);
      if (!same) return stop(differs(event, `command ${seq} differs`, recorded ? describe(recorded, seq) : "no command", describe(replayed, seq)));
      commands++;
      i++;
    }
  }
  return { events, commands };
}
