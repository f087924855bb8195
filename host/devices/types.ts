// The terminal's device ports, one short interface each (STYLE.md 11): a vendor
// replaces the simulator implementations beside this file with drivers for its
// hardware; host/terminal.ts talks only to these interfaces.
import type { CardRead, LinkStatus, PrinterStatus } from "../api/flow";

/** What the core last asked the display to show. */
export interface Screen {
  screenId: number;
  lines: string[];
}

/** Shows the core's screens (already laid out for `columns` x `rows` cells). */
export interface Display {
  readonly columns: number;
  readonly rows: number;
  show(screen: Screen): void;
  /** The screen on view now (empty before the first SHOW). */
  current(): Screen;
  /** A status note outside the screen (link, battery, a fault); not part of the flow. */
  status(note: string): void;
  beep(tone: number): void;
}

/** One input from the keypad: a key code, or composed text for the current field. */
export type KeypadInput = { type: "key"; key: number } | { type: "text"; text: string };

export interface Keypad {
  onInput(handler: (input: KeypadInput) => void): void;
  close(): void;
}

export interface CardReader {
  onCard(handler: (card: CardRead) => void): void;
}

/** The link to the acquirer: whole frames (2-byte length prefix included) in and out. */
export interface Modem {
  /** Opens the link; the outcome arrives through onLink (CONNECTED or CONNECT_FAILED). */
  connect(): void;
  /** Queues one whole frame; partial writes are completed by the modem. */
  send(frame: Uint8Array): void;
  disconnect(): void;
  onLink(handler: (status: LinkStatus) => void): void;
  onFrame(handler: (frame: Uint8Array) => void): void;
  readonly connected: boolean;
}

/** A record as the storage holds it: its id and its bytes exactly as SAVE gave them. */
export interface StoredRecord {
  id: string;
  bytes: Uint8Array;
}

/** Durable, append-only record storage. */
export interface Storage {
  /** Every record, deduplicated by id, in the order they were (last) saved. */
  records(): StoredRecord[];
  /**
   * Appends a record and returns only once it is durable (fsync'd): the caller may then
   * tell the core SAVED. Saving the same id with the same bytes again writes nothing.
   * A storage across a network (the browser simulator's) returns a promise instead,
   * settled once the record is durable there; a rejected promise means not saved.
   */
  append(record: StoredRecord): void | Promise<void>;
  /**
   * Moves record `id` out of the store into a quarantine beside it (the core refused
   * it at RESTORE), so the terminal starts without it and nothing is deleted.
   */
  setAside(id: string, reason: string): void | Promise<void>;
  /** Deletes records for good (PURGE: past the profile's retention); nothing of them is kept. */
  remove(ids: readonly string[]): void | Promise<void>;
  close(): void;
}

/** Thrown by a simulated power cut in the middle of an append (tests and `power-cut save`). */
export class PowerCut extends Error {
  constructor() {
    super("power cut");
    this.name = "PowerCut";
  }
}

export interface Printer {
  print(lines: string[]): void;
  status(): PrinterStatus;
}

export type TimerHandle = { cancel(): void };

/** Local time and timers. */
export interface Clock {
  now(): Date;
  /** Calls `fire` after `ms` milliseconds of this clock's time. */
  after(ms: number, fire: () => void): TimerHandle;
}

export interface RandomSource {
  bytes(count: number): Uint8Array;
}
