// An append-only text log that cannot hold its writer up or fill the disk: lines
// queue in memory and one asynchronous write at a time takes them out; the queue
// is bounded (past `maxQueued` bytes a line is dropped and counted, and the count
// is written once the writer catches up); the file is bounded (before a write
// would take it past `maxBytes` it is rotated: NAME -> NAME.1 -> ... -> NAME.keep,
// the oldest dropped). What the acquirer logs per request is a few hundred bytes,
// so anyone who can connect could otherwise grow the log and the memory at will.
import { existsSync, statSync } from "node:fs";
import { appendFile, rename, rm } from "node:fs/promises";

export interface LogFileOptions {
  /** The most bytes one file holds (default 4 MiB). */
  maxBytes?: number;
  /** Rotated files kept beside it (default 3). */
  keep?: number;
  /** The most bytes waiting in memory for the disk (default 1 MiB). */
  maxQueued?: number;
  /** File mode on creation (default 0600). */
  mode?: number;
}

const OPTION_KEYS = ["maxBytes", "keep", "maxQueued", "mode"];

export class LogFile {
  private readonly o: Required<LogFileOptions>;
  private queue: string[] = [];
  private queued = 0;
  private dropped = 0;
  private size: number;
  private writing: Promise<void> | undefined;

  constructor(readonly path: string, options: LogFileOptions = {}) {
    for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown log option ${key}`);
    this.o = { maxBytes: 4 << 20, keep: 3, maxQueued: 1 << 20, mode: 0o600, ...options };
    this.size = existsSync(path) ? statSync(path).size : 0;
  }

  /** Queues one line (a newline is added); never blocks, never throws. */
  write(line: string): void {
    const text = `${line}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.queued + bytes > this.o.maxQueued) {
      this.dropped++;
      return;
    }
    this.queue.push(text);
    this.queued += bytes;
    this.kick();
  }

  /** Resolves once every line queued so far is on the disk (or was dropped). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Bytes waiting in memory now. */
  get pending(): number {
    return this.queued;
  }

  /** Starts the writer unless it runs; it runs until nothing is left, even for lines queued as it finished. */
  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      if (this.queue.length > 0 || this.dropped > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 || this.dropped > 0) {
      if (this.dropped > 0) {
        const note = `(${this.dropped} log lines dropped: the disk was slower than the requests)\n`;
        this.queue.push(note);
        this.queued += Buffer.byteLength(note);
        this.dropped = 0;
      }
      // As many lines as fit the current file, written at once.
      let chunk = "";
      let bytes = 0;
      while (this.queue.length > 0) {
        const next = Buffer.byteLength(this.queue[0]);
        if (chunk !== "" && this.size + bytes + next > this.o.maxBytes) break;
        if (chunk === "" && this.size > 0 && this.size + next > this.o.maxBytes) await this.rotate();
        chunk += this.queue.shift();
        bytes += next;
      }
      this.queued -= bytes;
      try {
        await appendFile(this.path, chunk, { mode: this.o.mode });
        this.size += bytes;
      } catch {
        // A log that cannot be written must not stop the acquirer: the lines are lost.
      }
    }
  }

  private async rotate(): Promise<void> {
    try {
      await rm(`${this.path}.${this.o.keep}`, { force: true });
      for (let i = this.o.keep - 1; i >= 1; i--) {
        if (existsSync(`${this.path}.${i}`)) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      await rename(this.path, `${this.path}.1`);
    } catch {
      // Rotation failed (a file vanished): carry on appending.
    }
    this.size = 0;
  }
}
