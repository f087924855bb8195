// The modem: a TCP client carrying whole frames (2-byte big-endian length, then
// that many bytes) between the core and the acquirer. TCP delivers a stream, so
// frames arrive split or glued together: FrameReader reassembles them, and
// FrameWriter finishes partial writes. Connect and read timeouts turn a silent
// peer into a LINK event the core understands; connect() after a drop reconnects.
import { Socket } from "node:net";
import { LinkStatus } from "../api/flow";
import { FrameReader, FrameWriter, MAX_FRAME, ModemEvents } from "./frames";
import type { Clock, Modem, TimerHandle } from "./types";

export { FrameReader, FrameTooLong, FrameWriter, frame, LENGTH_PREFIX, MAX_FRAME, type PartialWrite } from "./frames";

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
  /** The longest frame taken (default MAX_FRAME: what the core's input buffer holds). */
  maxFrame?: number;
  /** Sees every byte sent and received (tests scan them for clear personal data). */
  tap?: (direction: "out" | "in", bytes: Uint8Array) => void;
}

const OPTION_KEYS = ["host", "port", "clock", "connectTimeoutMs", "connectAttempts", "retryDelayMs", "readTimeoutMs", "maxFrame", "tap"];

/** The modem over TCP. Link state changes arrive through onLink, frames through onFrame. */
export class TcpModem extends ModemEvents implements Modem {
  private socket: Socket | undefined;
  private reader: FrameReader;
  private writer: FrameWriter | undefined;
  private connectTimer: TimerHandle | undefined;
  private readTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private attempt = 0;
  private generation = 0;
  /** While true the link is "cut": connects fail and nothing is carried (script link-down). */
  private severed = false;
  private readonly o: Required<Omit<TcpModemOptions, "tap">> & Pick<TcpModemOptions, "tap">;

  constructor(options: TcpModemOptions) {
    super();
    for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown modem option ${key}`);
    if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) throw new RangeError(`bad port ${options.port}`);
    this.o = { connectTimeoutMs: 5000, connectAttempts: 2, retryDelayMs: 200, readTimeoutMs: 10000, maxFrame: MAX_FRAME, ...options };
    this.reader = new FrameReader(this.o.maxFrame);
  }

  connect(): void {
    if (this.up) return this.report(LinkStatus.UP);
    this.close();
    this.attempt = 0;
    this.tryConnect();
  }

  send(bytes: Uint8Array): void {
    if (!this.up || !this.writer) return; // the core's HOST deadline covers a frame that never left
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
      this.report(LinkStatus.UP);
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
      this.report(LinkStatus.FAILED);
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
    for (const f of frames) this.deliver(f);
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
}
