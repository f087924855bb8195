// Random arguments and random input bytes into every crypto export of the
// release module: nothing may trap, and linear memory must not grow however
// many calls are made (the release build never allocates after start-up).
import { test } from "node:test";
import assert from "node:assert/strict";
import { toolsCore } from "../../host/core";

/** xorshift32 with a fixed seed, so a failure reproduces. */
function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

const exports: Array<[string, number]> = [
  ["cryptoCipher", 6], ["cryptoCheckValue", 3], ["cryptoPinBlockEncode", 4], ["cryptoPinBlockDecode", 4],
  ["cryptoMac", 3], ["cryptoDukptDerive", 5], ["keysInjectMaster", 1], ["keysInstallWorking", 2],
  ["keysCheckValue", 2], ["keysWipe", 0], ["dukptLoad", 0], ["dukptKsn", 0], ["dukptPinBlock", 2], ["dukptAdvance", 0],
];

test("random calls into the crypto exports never trap and never grow memory", () => {
  const core = toolsCore();
  const next = generator(0xc0ffee);
  // Arguments: mostly small plausible values, sometimes huge or negative.
  const arg = () => {
    const r = next() % 10;
    if (r < 6) return next() % 40;
    if (r < 8) return [8, 16, 24, 32, 40, 60, 0, 1, 3, 4][next() % 10];
    return (next() | 0);
  };
  const memory = core.memoryBytes();
  for (let i = 0; i < 4000; i++) {
    const input = new Uint8Array(96).map(() => next() & 0xff);
    if (next() % 3 === 0) input.fill(0x30 + (next() % 10), 0, 24); // digits, so PIN/PAN paths run deep
    core.setInput(input);
    const [name, arity] = exports[next() % exports.length];
    const args = Array.from({ length: arity }, arg);
    const rc = core.call(name, ...args);
    assert.ok(Number.isInteger(rc));
  }
  assert.equal(core.faults, 0);
  assert.equal(core.memoryBytes(), memory);
});
