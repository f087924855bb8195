// A small seeded PRNG (xorshift32) and the helpers every fuzzer draws from, so a
// run is replayed exactly from its seed.
export class Rng {
  private x: number;

  constructor(readonly seed: number) {
    this.x = seed >>> 0 || 1;
  }

  next(): number {
    this.x ^= this.x << 13;
    this.x >>>= 0;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    this.x >>>= 0;
    return this.x;
  }

  /** 0 .. n-1 */
  below(n: number): number {
    return this.next() % n;
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** A copy of `bytes` with 1..4 changes: bit flips, a byte set, a cut, or a byte inserted. */
  mutate(bytes: Uint8Array): Uint8Array {
    let out = bytes.slice();
    for (let k = 1 + this.below(4); k > 0; k--) {
      const at = out.length ? this.below(out.length) : 0;
      switch (this.below(4)) {
        case 0: if (out.length) out[at] ^= 1 << this.below(8); break;
        case 1: if (out.length) out[at] = this.next() & 0xff; break;
        case 2: out = out.slice(0, at); break;
        default: out = Uint8Array.from([...out.subarray(0, at), this.next() & 0xff, ...out.subarray(at)]);
      }
    }
    return out;
  }

  /** A length argument: mostly small, sometimes at or past the capacity, sometimes negative or huge. */
  length(capacity: number): number {
    switch (this.below(10)) {
      case 0: return -1 - this.below(5000);
      case 1: return capacity - 2 + this.below(5);
      case 2: return this.pick([0x7fffffff, -0x80000000, capacity * 2]);
      case 3: return this.below(capacity + 1);
      default: return this.below(70);
    }
  }

  /** A date as the core takes it (YYYYMMDD), mostly valid. */
  date(): number {
    return this.chance(0.05) ? this.next() | 0 : (1900 + this.below(200)) * 10000 + (1 + this.below(12)) * 100 + 1 + this.below(31);
  }
}
