// No event may make the core trap (a trap is a bug): random events, valid
// and malformed, fed to the release build (and to the QA build in keyCustody=core,
// which only it implements) from every state the random walk reaches; the memory
// stays the same size throughout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CoreFault } from "../../host/core";
import { coreFor } from "../../host/custody";
import { CommandKind, EventKind, INPUT_CAPACITY, KeySlot } from "../../host/generated/abi";
import { decodeCommand, encodeEvent, type FlowEvent } from "../../host/api/flow";
import { storeAnswer } from "../../host/devices/record-index";
import { Terminal, reply } from "./flow-acquirer";

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
const PROFILE = "terminalId=12345678\nmerchantId=123456789012345\nsupervisorPassword=1234\nhoursOpen=0000\nhoursClose=0000\nkeyCustody=";
const PIECES = [
  enc.encode("K6216261000000000018=3012"), enc.encode("S;6216261000000000018=30121010000000000?"), enc.encode("C\x5a\x0a\x62\x16"),
  enc.encode("张三"), enc.encode("11010519491231002X"), enc.encode("id=A1\ntype=attempt\ntime=20261126103000\nresult=05\npanHash=00"),
  Uint8Array.of(0x00, 0x10, 0x60, 0, 3, 0, 0, 0x60, 0x31, 0, 0, 0, 0, 0x01, 0x10),
];

for (const custody of ["module", "core"] as const) test(`random events never trap the core (keyCustody=${custody}) and never grow its memory`, () => {
  const core = coreFor(custody); // keyCustody=core: the QA module (the release module holds no keys)
  const profile = enc.encode(PROFILE + custody);
  const x = core.exports;
  const next = rng(20261126);
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), INPUT_CAPACITY);
  const feed = (kind: number, payload: Uint8Array) => {
    input().set(payload);
    const r = core.call("handle", kind, payload.length, 20261126, 120000);
    if (r >= 0) while (core.call("nextCommand") !== 0) { /* drain */ }
  };
  // A running terminal first: profile, keys, start.
  feed(EventKind.POWER_ON, profile);
  feed(EventKind.INJECT_KEY, Uint8Array.of(KeySlot.MASTER, ...new Array(16).fill(7)));
  feed(EventKind.INJECT_KEY, Uint8Array.of(KeySlot.RECORD_HASH, ...new Array(16).fill(9)));
  feed(EventKind.START, new Uint8Array(0));
  const before = core.memoryBytes();
  let refused = 0;
  for (let i = 0; i < 20_000; i++) {
    const kind = 1 + (next() % Object.keys(EventKind).length);
    let payload: Uint8Array;
    const shape = next() % 4;
    if (shape === 0) payload = Uint8Array.of(next() & 0xff);
    else if (shape === 1) payload = PIECES[next() % PIECES.length];
    else if (shape === 2) { payload = new Uint8Array(next() % 64); for (let k = 0; k < payload.length; k++) payload[k] = next() & 0xff; }
    else payload = Uint8Array.of([0x31, 0x0d, 0x1b, 0x08, 0x81, 0x86, 0x87, 0x32, 0x33, 0x34][next() % 10]);
    if (kind === EventKind.POWER_ON && next() % 8 !== 0) continue; // restart only now and then, so deep states are reached
    try {
      feed(kind, kind === EventKind.POWER_ON ? profile : payload);
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

test("random keys, texts, cards and replies from the signed-on menu never trap the core", () => {
  const t = new Terminal();
  t.boot();
  const core = t.core;
  const x = core.exports;
  const next = rng(7);
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), INPUT_CAPACITY);
  let lastSend: Uint8Array | undefined;
  // The clock stands still but for a TIMER, which comes at the core's next deadline (its one timer firing).
  let seconds = 12 * 3600;
  const hhmmss = () => Math.floor(seconds / 3600) * 10000 + Math.floor((seconds / 60) % 60) * 100 + (seconds % 60);
  const feed = (kind: number, payload: Uint8Array) => {
    input().set(payload);
    const r = core.call("handle", kind, payload.length, 20261126, hhmmss());
    if (r < 0) return;
    const answers: FlowEvent[] = [];
    for (let k = core.call("nextCommand"); k !== 0; k = core.call("nextCommand")) {
      if (k === 4) lastSend = core.output();
      // The store: SAVE indexed, the record queries answered from it.
      if (k === CommandKind.SAVE || k === CommandKind.FIND_RECORD || k === CommandKind.COUNT_ATTEMPTS) {
        const { answer } = storeAnswer(t.records, decodeCommand(k, core.output()));
        if (answer) answers.push(answer);
      }
    }
    for (const a of answers) {
      const { kind: ak, payload } = encodeEvent(a);
      feed(ak, payload);
    }
  };
  const KEYS = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x0d, 0x1b, 0x08, 0x81, 0x82, 0x86, 0x87, 0x2a];
  const CODES = ["00", "05", "14", "S1", "S2", "S3", "33", "54", "41", "55", "77", "91", "68", "Q7"];
  const before = core.memoryBytes();
  const states = new Set<number>();
  for (let i = 0; i < 20_000; i++) {
    const pick = next() % 20;
    try {
      if (pick < 12) feed(EventKind.KEY, Uint8Array.of(KEYS[next() % KEYS.length]));
      else if (pick < 14) feed(EventKind.TEXT, PIECES[3 + (next() % 2)]);
      else if (pick < 16) feed(EventKind.CARD, PIECES[next() % 3]);
      else if (pick < 17) feed(EventKind.LINK, Uint8Array.of(next() % 3));
      else if (pick < 18) {
        const ms = core.call("nextDeadline");
        seconds = (seconds + (ms >= 0 ? ms / 1000 : 1)) % 86400;
        feed(EventKind.TIMER, new Uint8Array(0));
      }
      else if (lastSend) {
        const req = Object.fromEntries(t.flowIso().unpack("cup", lastSend));
        const mti = String(Number(req.t) + 10).padStart(4, "0");
        // 0110 sometimes with mismatch detail, sometimes with an SMS-code reference (OR006REF123, hex: field 62 is binary).
        const extra: Record<string, string> = mti !== "0110" ? {} : next() % 2 ? { "44": "NP" } : { "62": "4F52303036524546313233" };
        if (mti !== "0810" && mti !== "0830") feed(EventKind.RECEIVED, reply(lastSend, mti, CODES[next() % CODES.length], extra, true));
        else feed(EventKind.RECEIVED, reply(lastSend, mti, "00", {}, false));
      }
    } catch (e) {
      if (e instanceof CoreFault) assert.fail(`step ${i} trapped the core`);
      throw e;
    }
    states.add(x.flowState());
  }
  assert.equal(core.faults, 0);
  assert.ok(states.size >= 12, `the walk reached ${states.size} states`);
  assert.equal(core.memoryBytes(), before);
});
