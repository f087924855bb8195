// Key custody (docs/ABI.md "The secure module"): with keyCustody=module no key and no PIN
// digit is ever in the terminal core's linear memory, and the bytes on the wire are the
// same as with keyCustody=core. The terminal module implements keyCustody=module only
// (it holds no keys, no cipher); keyCustody=core is the QA module's. The software secure
// module (host/secure/) answers with node:crypto, an implementation independent of the core's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Core } from "../../host/core";
import { coreFor, hasCoreCustody } from "../../host/custody";
import { CommandKind, ErrorCode, FlowFeature } from "../../host/generated/abi";
import { decodeCommand, EventRefused, Flow, KeySlot } from "../../host/api/flow";
import { parseTranscript } from "../../host/transcript/format";
import { SIMULATOR_KEYS } from "../../host/sim/profile";
import { tdesEcb } from "../../host/acquirer/crypto";
import { aesCmac } from "../../host/secure/node-crypto";
import { recordScenario, SCENARIOS, transcriptName, TRANSCRIPTS_DIR, type Custody } from "./support/scenarios";

const ascii = new TextEncoder();
const scenario = (script: string) => SCENARIOS.find((s) => s.script === script)!;

/** The PIN both PIN scripts type (verify-pin.txt, and balance.txt after its wrong 000000). */
const PIN = "246810";

function occurrences(haystack: Buffer, needle: Uint8Array): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
}

/**
 * Runs sign-on, a verification with PIN and a balance inquiry (two PINs) with a scan of the
 * core's whole linear memory after every event and command; returns the needles found more
 * often than in a freshly started module. (The simulator's synthetic TMK and record-hash key
 * are the classic test keys, so the self test's known answers carry them in static data.)
 */
async function scanRuns(custody: Custody, needles: Map<string, Uint8Array>): Promise<Set<string>> {
  const fresh = Buffer.from(coreFor(custody).exports.memory.buffer); // keyCustody=core runs on the QA module
  const found = new Set<string>();
  const watch = (memory: WebAssembly.Memory) => {
    const bytes = Buffer.from(memory.buffer);
    for (const [name, needle] of needles) if (occurrences(bytes, needle) > occurrences(fresh, needle)) found.add(name);
  };
  for (const script of ["verify-pin.txt", "balance.txt"]) await recordScenario(scenario(script), custody, watch);
  return found;
}

/** The working keys a module-custody transcript handed to the secure module, deciphered under the simulator's TMK. */
function installedKeys(transcript: string): Uint8Array[] {
  return parseTranscript(transcript).entries
    .filter((e) => e.type === "command" && e.kind === CommandKind.INSTALL_KEY)
    .map((e) => {
      const c = decodeCommand(CommandKind.INSTALL_KEY, (e as { payload: Uint8Array }).payload);
      return c.kind === "INSTALL_KEY" ? tdesEcb(SIMULATOR_KEYS.tmk, c.block, false) : new Uint8Array(0);
    });
}

test("keyCustody=module: no TMK, record-hash key, PIK, MAK, TDK or PIN digit is ever in the core's memory", async () => {
  // The keys the acquirer issues are random per sign-on: learn them from the transcripts first
  // (the runs are seeded, so the scanned runs issue the same ones).
  const keys = new Map<string, Uint8Array>([["TMK", SIMULATOR_KEYS.tmk], ["record-hash key", SIMULATOR_KEYS.recordHashKey], ["PIN", ascii.encode(PIN)]]);
  for (const script of ["verify-pin.txt", "balance.txt"]) {
    const working = installedKeys(await recordScenario(scenario(script), "module"));
    assert.equal(working.length, 3, `${script}: PIK, MAK and TDK installed`);
    working.forEach((k, i) => keys.set(`${["PIK", "MAK", "TDK"][i]} of ${script}`, k));
  }
  const found = await scanRuns("module", keys);
  assert.deepEqual([...found], [], "found in the core's memory");
  // The scan can fail: in keyCustody=core (the QA module's) the same runs put the TMK and the record-hash key there.
  const control = await scanRuns("core", keys);
  assert.ok(control.has("TMK") && control.has("record-hash key"), `keyCustody=core control found ${[...control].join(", ")}`);
});

test("the terminal module holds no keys: flowFeatures() without CORE_CUSTODY, keyCustody=core refused as a profile value, INJECT_KEY refused; the QA module has it", () => {
  const profile = "terminalId=12345678\nmerchantId=123456789012345\nlanguage=en\nkeyCustody=";
  const terminal = new Core();
  assert.equal(hasCoreCustody(terminal), false);
  assert.equal(terminal.exports.flowFeatures() & FlowFeature.CORE_CUSTODY, 0);
  const flow = new Flow(terminal);
  // The offset names the keyCustody line.
  assert.throws(() => flow.step({ kind: "POWER_ON", profile: `${profile}core` }, 20261126, 100000),
    (e) => e instanceof EventRefused && e.failure.code === ErrorCode.FLOW_PROFILE_BAD_VALUE && e.failure.offset === profile.lastIndexOf("keyCustody="));
  assert.equal(terminal.faults, 0);
  flow.step({ kind: "POWER_ON", profile: `${profile}module` }, 20261126, 100000);
  assert.throws(() => flow.step({ kind: "INJECT_KEY", slot: KeySlot.MASTER, key: new Uint8Array(16) }, 20261126, 100000),
    (e) => e instanceof EventRefused && e.failure.code === ErrorCode.FLOW_KEY_CUSTODY);
  // The QA module runs either custody (simulators and tests): coreFor picks it for keyCustody=core.
  assert.equal(hasCoreCustody(coreFor("core")), true);
  assert.equal(hasCoreCustody(coreFor("module")), false);
  new Flow(coreFor("core")).step({ kind: "POWER_ON", profile: `${profile}core` }, 20261126, 100000);
});

test("keyCustody=module and keyCustody=core put the same bytes on the wire in every scenario", () => {
  for (const s of SCENARIOS) {
    const sent = (custody: Custody) => parseTranscript(readFileSync(join(TRANSCRIPTS_DIR, transcriptName(s, custody)), "utf8")).entries
      .filter((e) => e.type === "command" && e.kind === CommandKind.SEND)
      .map((e) => Buffer.from((e as { payload: Uint8Array }).payload).toString("hex"));
    const core = sent("core");
    assert.ok(core.length >= 3, `${s.script}: sign-on, echo and a request at least`);
    assert.deepEqual(sent("module"), core, s.script);
  }
});

test("the software module's AES-CMAC gives RFC 4493's answers (the record hashes' MAC)", () => {
  // RFC 4493 section 4, key 2b7e1516 28aed2a6 abf71588 09cf4f3c: examples 1 (empty) and 2 (16 bytes).
  const key = Buffer.from("2b7e151628aed2a6abf7158809cf4f3c", "hex");
  assert.equal(Buffer.from(aesCmac(key, new Uint8Array(0))).toString("hex"), "bb1d6929e95937287fa37d129b756746");
  assert.equal(Buffer.from(aesCmac(key, Buffer.from("6bc1bee22e409f96e93d7e117393172a", "hex"))).toString("hex"), "070a16b46b4d4144f79bdd9dd04a287c");
  // Example 3 (40 bytes: an incomplete last block).
  const m40 = Buffer.from("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411", "hex");
  assert.equal(Buffer.from(aesCmac(key, m40)).toString("hex"), "dfa66747de9ae63030ca32611497c827");
});
