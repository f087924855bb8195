// What every fuzzer reports: inputs tried and traps found (a trap is a Wasm
// RuntimeError: the host's Core replaces the instance and throws CoreFault), and
// the linear memory before and after (the release build must not grow it).
import { CoreFault, type Core } from "../host/core";

export interface Trap {
  /** What was fed, enough to replay it (hex or text). */
  input: string;
  message: string;
}

export abstract class Fuzzer {
  inputs = 0;
  readonly traps: Trap[] = [];
  /** Linear memory in bytes when the fuzzer started, and the most seen since. */
  memoryAtStart = 0;
  memoryMost = 0;

  /** What the current step fed (set by step(), reported with a trap). */
  protected last = "";

  constructor(readonly name: string) {}

  /** Feeds one input (or a few related calls); returns when done. */
  abstract step(): void;

  /** The cores whose memory is watched. */
  protected abstract cores(): Core[];

  /** After a trap (the instance was replaced): bring the fresh one to where steps expect it. */
  protected recover(): void {}

  begin(): void {
    this.memoryAtStart = this.memoryMost = this.memory();
  }

  /** Runs one step, counting it; a CoreFault is recorded as a trap with what was fed. */
  run(): void {
    this.inputs++;
    try {
      this.step();
    } catch (e) {
      if (!(e instanceof CoreFault)) throw e;
      this.traps.push({ input: this.traps.length < 20 ? this.last : "", message: e.message });
      this.recover();
    }
    if ((this.inputs & 1023) === 0) this.memoryMost = Math.max(this.memoryMost, this.memory());
  }

  private memory(): number {
    return this.cores().reduce((n, c) => n + c.memoryBytes(), 0);
  }
}

/** Writes bytes into a core's input buffer (as much as fits) and returns how many. */
export function feed(core: Core, bytes: Uint8Array): number {
  const x = core.exports;
  const n = Math.min(bytes.length, core.inputCapacity);
  new Uint8Array(x.memory.buffer, x.inputBuffer(), n).set(bytes.subarray(0, n));
  return n;
}
