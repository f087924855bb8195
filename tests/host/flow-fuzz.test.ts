// No event may make the core trap (a trap is a bug): random events, valid
// and malformed, fed to the release build from every state the random walk
// reaches; the memory stays the same size throughout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Core, CoreFault } from "../../host/core";

/** A small deterministic PRNG (xorshift32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

const enc = new TextEncoder();
const PROFILE = enc.encode("terminalId=12345678\nmerchantId=123456789012345\nsupervisorPassword=1234\nhoursOpen=0000\nhoursClose=0000");
const PIECES = [
  enc.encode("K6216261000000000018=3012"), enc.encode("S;6216261000000000018=30121010000000000?"), enc.encode("C\x5a\x0a\x62\x16"),
  enc.encode("张三"), enc.encode("11010519491231002X"), enc.encode("id=A1\ntype=attempt\ntime=20261126103000\nresult=05\npanHash=00"),
  Uint8Array.of(0x00, 0x10, 0x60, 0, 3, 0, 0, 0x60, 0x31, 0, 0, 0, 0, 0x01, 0x10),
];

test("random events never trap the release core and never grow its memory", () => {
  const core = new Core();
  const x = core.exports;
  const next = rng(20261126);
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), x.inputCapacity());
  const feed = (kind: number, payload: Uint8Array) => {
    input().set(payload);
    const r = core.call("handle", kind, payload.length, 20261126, 120000);
    if (r >= 0) while (core.call("nextCommand") !== 0) { /* drain */ }
  };
  // A running terminal first: profile, keys, start.
  feed(1, PROFILE);
  feed(2, Uint8Array.of(1, ...new Array(16).fill(7)));
  feed(2, Uint8Array.of(2, ...new Array(16).fill(9)));
  feed(4, new Uint8Array(0));
  const before = core.memoryBytes();
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    const kind = 1 + (next() % 14);
    let payload: Uint8Array;
    const shape = next() % 4;
    if (shape === 0) payload = Uint8Array.of(next() & 0xff);
    else if (shape === 1) payload = PIECES[next() % PIECES.length];
    else if (shape === 2) { payload = new Uint8Array(next() % 64); for (let k = 0; k < payload.length; k++) payload[k] = next() & 0xff; }
    else payload = Uint8Array.of([0x31, 0x0d, 0x1b, 0x08, 0x81, 0x86, 0x87, 0x32, 0x33, 0x34][next() % 10]);
    if (kind === 1 && next() % 8 !== 0) continue; // restart only now and then, so deep states are reached
    try {
      feed(kind, kind === 1 ? PROFILE : payload);
    } catch (e) {
      if (e instanceof CoreFault) assert.fail(`event ${i} (kind ${kind}, ${payload.length} bytes) trapped the core`);
      throw e;
    }
    if (core.lastFailure().code < 0) refused++;
  }
  assert.equal(core.faults, 0);
  assert.ok(refused > 0, "some random events were refused (the table is enforced)");
  assert.equal(core.memoryBytes(), before);
});
