// Length-prefixed frames (2-byte big-endian length, then that many bytes), with no
// node API: the TCP modem and acquirer reassemble them from a stream, and the
// browser simulator (host/web/) splits the acquirer's HTTP replies with them.
// ModemEvents is what both modems share of the Modem port: its listeners.
import type { LinkStatus } from "../api/flow";
import { INPUT_CAPACITY } from "../generated/abi";
/** The 2-byte prefix counts what follows it. */
export const LENGTH_PREFIX = 2;
/** The longest frame the core takes: its input buffer holds the frame with its prefix. */
export const MAX_FRAME = INPUT_CAPACITY - LENGTH_PREFIX;

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
  constructor(private readonly maxFrame = MAX_FRAME) {}

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

/** The listeners of a Modem (types.ts): link changes and whole frames received. */
export abstract class ModemEvents {
  protected up = false;
  private linkHandlers: ((status: LinkStatus) => void)[] = [];
  private frameHandlers: ((frame: Uint8Array) => void)[] = [];

  get connected(): boolean {
    return this.up;
  }

  onLink(handler: (status: LinkStatus) => void): void {
    this.linkHandlers.push(handler);
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.frameHandlers.push(handler);
  }

  protected report(status: LinkStatus): void {
    for (const h of this.linkHandlers) h(status);
  }

  protected deliver(frame: Uint8Array): void {
    for (const h of this.frameHandlers) h(frame);
  }
}
