// Records a transcript (docs/TRANSCRIPTS.md) at the one place events enter the core
// and commands leave it: host/api/flow.ts's Flow calls event() after every handle()
// and command() after every nextCommand() that returned one. So whatever drives the
// flow — the terminal loop of either simulator, a test — cannot bypass it.
import { commandLine, commentLine, eventLine, transcriptHeader, type HandleResult } from "./format";

export class TranscriptRecorder {
  private events = 0;
  private commands = 0;
  /** The core instance the last event went to: a new one (power cut, fault) starts with a `start` line. */
  private instance: object | undefined;

  /** Writes the header at once; `write` takes one line without its line break. */
  constructor(private readonly write: (line: string) => void, comments: readonly string[] = []) {
    for (const line of transcriptHeader(comments)) write(line);
  }

  /** An event handed to `instance` (the core's exports object, replaced whenever the core starts afresh). */
  event(instance: object, kind: number, payload: Uint8Array, date: number, time: number, result: HandleResult, deadline: number): void {
    if (instance !== this.instance) {
      this.instance = instance;
      this.write("start");
    }
    this.write(eventLine(++this.events, kind, date, time, result, deadline, payload));
  }

  command(kind: number, payload: Uint8Array): void {
    this.write(commandLine(++this.commands, kind, payload));
  }

  /** A comment line (a core fault while draining, which the next `start` follows). */
  note(text: string): void {
    this.write(commentLine(text));
  }
}
