// Random bytes for the core's RANDOM events (PIN-block fill, nonces). The terminal
// uses the operating system's generator; tests may use a seeded one to replay a run.
import { createHash, randomBytes } from "node:crypto";
import type { RandomSource } from "./types";

export class SystemRandom implements RandomSource {
  bytes(count: number): Uint8Array {
    return new Uint8Array(randomBytes(count));
  }
}

/** Deterministic bytes: SHA-256 of seed || counter, block after block (for tests only). */
export class SeededRandom implements RandomSource {
  private counter = 0;
  constructor(private readonly seed: string) {}

  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let at = 0; at < count; ) {
      const block = createHash("sha256").update(`${this.seed}:${this.counter++}`).digest();
      const n = Math.min(block.length, count - at);
      out.set(block.subarray(0, n), at);
      at += n;
    }
    return out;
  }
}
