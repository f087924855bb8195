// The modem: a TCP client carrying whole frames (2-byte big-endian length, then
// that many bytes) between the core and the acquirer. TCP delivers a stream, so
// frames arrive split or glued together: FrameReader reassembles them, and
// FrameWriter finishes partial writes. Connect and read timeouts turn a silent
// peer into a LINK event the core understands; connect() after a drop reconnects.
import { Socket } from "node:net";
import { LinkStatus } from "../api/flow";
import type { Clock, Modem, TimerHandle } from "./types";

/** The 2-byte prefix counts what follows it. */
export const LENGTH_PREFIX = 2;

/** A frame whose declared length exceeds `maxFrame`: the stream cannot be trusted past it. */
export class FrameTooLong extends Error {
  constructor(readonly declared: number, readonly max: number) {
    super(`frame declares ${declared} bytes, more than the ${max} allowed`);
    this.name = "FrameTooLong";
  }
}

/** Reassembles length-prefixed frames from a byte stream fed in pieces of any size. */
export class FrameReader {
  private buffer = new Uint8Array(0);

  /** `maxFrame`: the most bytes a frame may declare after its prefix. */
  constructor(private readonly maxFrame = 4094) {}

  /** Adds bytes; returns every frame now complete, each with its 2-byte prefix. */
  push(chunk: Uint8Array): Uint8Array[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let at = 0;
    while (joined.length - at >= LENGTH_PREFIX) {
      const declared = (joined[at] << 8) | joined[at + 1];
      if (declared > this.maxFrame) {
        this.buffer = new Uint8Array(0);
        throw new FrameTooLong(declared, this.maxFrame);
      }
      if (joined.length - at < LENGTH_PREFIX + declared) break;
      frames.push(joined.slice(at, at + LENGTH_PREFIX + declared));
      at += LENGTH_PREFIX + declared;
    }
    this.buffer = joined.slice(at);
    return frames;
  }

  /** Bytes held of a frame not yet complete. */
  get pending(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}

/** Prefixes a message with its 2-byte big-endian length. */
export function frame(message: Uint8Array): Uint8Array {
  if (message.length > 0xffff) throw new RangeError(`message of ${message.length} bytes does not fit a 2-byte length`);
  const out = new Uint8Array(LENGTH_PREFIX + message.length);
  out[0] = message.length >> 8;
  out[1] = message.length & 0xff;
  out.set(message, LENGTH_PREFIX);
  return out;
}

/** A byte sink that may accept only part of what it is offered (returns how many bytes it took). */
export type PartialWrite = (bytes: Uint8Array) => number;

/** Writes frames through a sink that may take them in pieces; resume() after the sink drains. */
export class FrameWriter {
  private queue: Uint8Array[] = [];

  constructor(private readonly sink: PartialWrite) {}

  /** Queues bytes and writes as much as the sink takes now; true when all is written. */
  write(bytes: Uint8Array): boolean {
    this.queue.push(bytes);
    return this.resume();
  }

  /** Writes what is queued until the sink takes nothing more. */
  resume(): boolean {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      const taken = this.sink(head);
      if (taken < 0 || taken > head.length) throw new RangeError(`sink reported ${taken} bytes of ${head.length}`);
      if (taken === head.length) this.queue.shift();
      else {
        this.queue[0] = head.subarray(taken);
        if (taken === 0) return false;
      }
    }
    return true;
  }

  get queuedBytes(): number {
    return this.queue.reduce((n, b) => n + b.length, 0);
  }

  clear(): void {
    this.queue = [];
  }
}

export interface TcpModemOptions {
  host: string;
  port: number;
  clock: Clock;
  /** Give up a connection attempt after this long. */
  connectTimeoutMs?: number;
  /** Attempts per connect() before reporting CONNECT_FAILED. */
  connectAttempts?: number;
  /** Pause between attempts. */
  retryDelayMs?: number;
  /** Drop the link when a frame has started arriving and stalls this long. */
  readTimeoutMs?: number;
  maxFrame?: number;
  /** Sees every byte sent and received (tests scan them for clear personal data). */
  tap?: (direction: "out" | "in", bytes: Uint8Array) => void;
}

const OPTION_KEYS = ["host", "port", "clock", "connectTimeoutMs", "connectAttempts", "retryDelayMs", "readTimeoutMs", "maxFrame", "tap"];

/** The modem over TCP. Link state changes arrive through onLink, frames through onFrame. */
export class TcpModem implements Modem {
  private socket: Socket | undefined;
  private reader: FrameReader;
  private writer: FrameWriter | undefined;
  private linkHandlers: ((status: LinkStatus) => void)[] = [];
  private frameHandlers: ((frame: Uint8Array) => void)[] = [];
  private connectTimer: TimerHandle | undefined;
  private readTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private attempt = 0;
  private generation = 0;
  private up = false;
  /** While true the link is "cut": connects fail and nothing is carried (script link-down). */
  private severed = false;
  private readonly o: Required<Omit<TcpModemOptions, "tap">> & Pick<TcpModemOptions, "tap">;

  constructor(options: TcpModemOptions) {
    for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown modem option ${key}`);
    if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) throw new RangeError(`bad port ${options.port}`);
    this.o = { connectTimeoutMs: 5000, connectAttempts: 2, retryDelayMs: 200, readTimeoutMs: 10000, maxFrame: 4094, ...options };
    this.reader = new FrameReader(this.o.maxFrame);
  }

  get connected(): boolean {
    return this.up;
  }

  onLink(handler: (status: LinkStatus) => void): void {
    this.linkHandlers.push(handler);
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.frameHandlers.push(handler);
  }

  connect(): void {
    if (this.up) return this.report(LinkStatus.CONNECTED);
    this.close();
    this.attempt = 0;
    this.tryConnect();
  }

  send(bytes: Uint8Array): void {
    if (!this.up || !this.writer) return; // the core's HOST timer covers a frame that never left
    this.o.tap?.("out", bytes);
    this.writer.write(bytes);
  }

  disconnect(): void {
    this.close();
  }

  /** Simulates the line going down: the link drops now and connects fail until restore(). */
  sever(): void {
    this.severed = true;
    const wasUp = this.up;
    this.close();
    if (wasUp) this.report(LinkStatus.DOWN);
  }

  restore(): void {
    this.severed = false;
  }

  private tryConnect(): void {
    const generation = ++this.generation;
    this.attempt++;
    if (this.severed) return this.failAttempt(generation);
    const socket = new Socket();
    this.socket = socket;
    socket.setNoDelay(true);
    this.connectTimer = this.o.clock.after(this.o.connectTimeoutMs, () => {
      socket.destroy();
      this.failAttempt(generation);
    });
    socket.once("connect", () => {
      if (generation !== this.generation) return;
      this.connectTimer?.cancel();
      this.up = true;
      this.reader.reset();
      this.writer = new FrameWriter((chunk) => {
        // A socket buffers what it cannot send at once: every byte is taken.
        socket.write(chunk);
        return chunk.length;
      });
      this.report(LinkStatus.CONNECTED);
    });
    socket.on("data", (data: Buffer) => {
      if (generation !== this.generation) return;
      this.received(new Uint8Array(data.buffer, data.byteOffset, data.length));
    });
    socket.on("error", () => {
      /* reported through close */
    });
    socket.on("close", () => {
      if (generation !== this.generation) return;
      if (this.up) {
        this.close();
        this.report(LinkStatus.DOWN);
      } else {
        this.connectTimer?.cancel();
        this.failAttempt(generation);
      }
    });
    socket.connect(this.o.port, this.o.host);
  }

  private failAttempt(generation: number): void {
    if (generation !== this.generation) return;
    this.generation++; // later events of this socket are stale
    if (this.attempt < this.o.connectAttempts) {
      const next = this.generation;
      this.retryTimer = this.o.clock.after(this.o.retryDelayMs, () => {
        if (next === this.generation) this.tryConnect();
      });
    } else {
      this.socket = undefined;
      this.report(LinkStatus.CONNECT_FAILED);
    }
  }

  private received(bytes: Uint8Array): void {
    this.o.tap?.("in", bytes);
    let frames: Uint8Array[];
    try {
      frames = this.reader.push(bytes);
    } catch {
      // A corrupt length: the stream is unusable, as a real modem would drop carrier.
      this.close();
      this.report(LinkStatus.DOWN);
      return;
    }
    this.readTimer?.cancel();
    this.readTimer = undefined;
    if (this.reader.pending > 0) {
      const generation = this.generation;
      this.readTimer = this.o.clock.after(this.o.readTimeoutMs, () => {
        if (generation !== this.generation) return;
        this.close();
        this.report(LinkStatus.DOWN);
      });
    }
    for (const f of frames) for (const h of this.frameHandlers) h(f);
  }

  private close(): void {
    this.generation++;
    this.connectTimer?.cancel();
    this.readTimer?.cancel();
    this.retryTimer?.cancel();
    this.socket?.destroy();
    this.socket = undefined;
    this.writer = undefined;
    this.up = false;
    this.reader.reset();
  }

  private report(status: LinkStatus): void {
    for (const h of this.linkHandlers) h(status);
  }
}
