// ISO 8583 pack and unpack on random and mutated input, all three dialects:
// unpack gets random bytes and mutated published frames (tests/vectors/), pack
// gets field records (field | length | value) with random fields, lengths and
// values, mutated records of real messages, and lengths past the buffer.
import type { Core } from "../host/core";
import { TOOLS_INPUT_CAPACITY } from "../host/generated/abi";
import cup from "../tests/vectors/iso8583-cup.json";
import ascii87 from "../tests/vectors/iso8583-ascii87.json";
import { Fuzzer, feed } from "./fuzzer";
import type { Rng } from "./random";

const DIALECTS = { ascii87: 0, bin87: 1, cup: 2 } as const;

/** Published frames as bytes, each with its dialect number. */
function seeds(): { dialect: number; bytes: Uint8Array }[] {
  const all = [...(cup as { vectors: { dialect: string; hex?: string; text?: string }[] }).vectors, ...(ascii87 as { vectors: { dialect: string; hex?: string; text?: string }[] }).vectors];
  return all.flatMap((v) => {
    const dialect = DIALECTS[v.dialect as keyof typeof DIALECTS];
    if (dialect === undefined) return [];
    const bytes = v.hex ? Uint8Array.from(Buffer.from(v.hex, "hex")) : v.text ? new TextEncoder().encode(v.text) : undefined;
    return bytes ? [{ dialect, bytes }] : [];
  });
}

export class Iso8583Fuzzer extends Fuzzer {
  private readonly seeds = seeds();
  /** Field records of seed messages, as unpack gave them: mutated, they feed pack. */
  private readonly records: { dialect: number; bytes: Uint8Array }[] = [];

  constructor(private readonly core: Core, private readonly rng: Rng) {
    super("ISO 8583 pack/unpack");
    for (const s of this.seeds) {
      const n = feed(core, s.bytes);
      if (core.call("iso8583Unpack", s.dialect, n) > 0) this.records.push({ dialect: s.dialect, bytes: core.output() });
    }
  }

  protected cores(): Core[] {
    return [this.core];
  }

  step(): void {
    const r = this.rng;
    const dialect = r.chance(0.95) ? r.below(3) : r.next() | 0;
    const unpack = r.chance(0.5);
    let input: Uint8Array;
    if (unpack) {
      const seed = r.pick(this.seeds);
      input = r.chance(0.3) ? r.bytes(r.below(600)) : r.mutate(seed.bytes);
    } else if (r.chance(0.5) && this.records.length) {
      input = r.mutate(r.pick(this.records).bytes);
    } else {
      input = this.randomRecords();
    }
    const n = feed(this.core, input);
    const length = r.chance(0.05) ? r.length(TOOLS_INPUT_CAPACITY) : n;
    this.last = `${unpack ? "iso8583Unpack" : "iso8583Pack"}(${dialect}, ${length}) input ${Buffer.from(input).toString("hex")}`;
    this.core.call(unpack ? "iso8583Unpack" : "iso8583Pack", dialect, length);
    this.core.call("iso8583MacRegionOffset");
  }

  /** 1..12 records of random fields (0 = MTI, 1..128, and the cup header pseudo-fields), lengths and digit-or-byte values. */
  private randomRecords(): Uint8Array {
    const r = this.rng;
    const parts: number[] = [];
    for (let k = 1 + r.below(12); k > 0; k--) {
      const field = r.chance(0.1) ? r.next() & 0xff : r.below(129);
      const length = r.chance(0.1) ? r.next() & 0xffff : r.below(40);
      parts.push(field, length >> 8, length & 0xff);
      for (let i = 0; i < Math.min(length, 300); i++) parts.push(r.chance(0.7) ? 0x30 + r.below(10) : r.next() & 0xff);
    }
    return Uint8Array.from(parts);
  }
}
