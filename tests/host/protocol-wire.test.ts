// The terminal and the simulated acquirer over TCP, speaking as UnionPay hosts do
// (docs/PROTOCOL.md): a swiped verification's track 2 goes enciphered under the TDK
// and the acquirer deciphers it (the verification only succeeds when the expiry it
// reads from the track matches); a capture of the wire never holds the clear track
// after the PAN (separator, expiry, service code, discretionary data), unless the
// profile asks for it clear. A batch closed at the acquirer: the next verification
// is answered 77, the terminal signs on, takes the new batch from the 0810 and is
// verified in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, mergeProfile, simulatorProfile, type Simulator } from "../../host/sim/simulator";
import { parseScript, runScript } from "../../host/sim/script";
import { track2Of } from "../../host/devices/card-reader";
import { TestBank } from "../../host/acquirer/bank";

const HOLDER = { pan: "6222020000001000009", name: "王小明", id: "11010119900307010", phone: "13800000001" };

/** One swiped verification to 认证成功, from the menu back to it. */
const VERIFY = `
expect 主菜单
key 1
expect 同意
key ENTER
expect 姓名
text ${HOLDER.name}
key ENTER
expect 证件类型
key 1
expect 身份证号
keys ${HOLDER.id}
key *
key ENTER
expect 卡
swipe ${HOLDER.pan}
expect 手机
keys ${HOLDER.phone}
key ENTER
expect 请核对信息
key ENTER
`;

async function simulator(extraProfile = ""): Promise<{ sim: Simulator; wire: Uint8Array[] }> {
  const wire: Uint8Array[] = [];
  const sim = await createSimulator({
    dataDir: mkdtempSync(join(tmpdir(), "realname-wire-")), profile: mergeProfile(simulatorProfile("zh-CN"), extraProfile),
    inPlace: false, sink: { write: () => {} }, tap: (_direction, bytes) => wire.push(bytes.slice()),
  });
  sim.terminal.start();
  return { sim, wire };
}

async function play(sim: Simulator, script: string, name: string): Promise<void> {
  const result = await runScript(sim, parseScript(script, name), name);
  assert.ok(result.ok, `${name}: ${result.failure?.message}\n${sim.display.current().lines.join("\n")}`);
}

/** The track after the PAN as it would travel clear: the separator nibble D, expiry, service code, discretionary data. */
function clearTrackTail(): string {
  const track = track2Of(TestBank.default().card(HOLDER.pan)!);
  return track.slice(HOLDER.pan.length).replace("=", "d").toLowerCase();
}

async function captureVerification(extraProfile: string): Promise<string> {
  const { sim, wire } = await simulator(extraProfile);
  try {
    // The acquirer approves only when the expiry it deciphers from track 2 is the test bank's.
    await play(sim, `${VERIFY}expect 认证成功\nkey ENTER\nexpect 主菜单\n`, "verify");
  } finally {
    await sim.close();
  }
  return Buffer.concat(wire).toString("hex");
}

test("a swiped verification: track 2 round-trips enciphered; the wire never holds it clear", { timeout: 60000 }, async () => {
  const tail = clearTrackTail();
  const hex = await captureVerification("");
  // The hex string holds every nibble alignment: the tail is not there, nor the expiry with its service code.
  assert.ok(!hex.includes(tail), "the wire carries the clear track 2 after the PAN");
  assert.ok(!hex.includes(tail.slice(1, 8)), "the wire carries the clear expiry and service code");
  // The same check finds it when the profile asks for track 2 in clear: the test can fail.
  const clear = await captureVerification("trackEncryption=0");
  assert.ok(clear.includes(tail), "with trackEncryption=0 the clear track is on the wire");
});

test("77 after the acquirer closed the batch: sign on, take the 0810's batch, verified in it", { timeout: 60000 }, async () => {
  const { sim } = await simulator("");
  try {
    await play(sim, `${VERIFY}expect 认证成功\nkey ENTER\n`, "first");
    const next = sim.acquirer!.closeBatch("10000001");
    await play(sim, `${VERIFY}expect 批次号不一致\nkey ENTER\nexpect 认证成功\nkey ENTER\nexpect 主菜单\n`, "after the batch closed");
    assert.equal(next, "000002");
  } finally {
    await sim.close();
  }
});
