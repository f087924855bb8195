// Random bytes into every check and mask of the release build: no input may
// trap the core, the memory must not grow (nothing is allocated), and every
// result is 0, a checks code, or a mask length within the input's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toolsCore } from "../../host/core";
import { ErrorCode, INPUT_CAPACITY } from "../../host/generated/abi";
import { MaskKind } from "../../host/api/checks";

/** xorshift32: deterministic, so a failure names its seed and can be replayed. */
function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

// Bytes the checks treat specially, so random input reaches past the first test.
const INTERESTING = [0x20, 0x2b, 0x2d, 0x2e, 0x3b, 0x3d, 0x3f, 0x44, 0x46, 0x58, 0x78, 0xb7, 0xbc, 0xc2, 0xe4, 0xe5, 0xef, 0xf0, 0xff];

function fuzzInput(next: () => number): Uint8Array {
  const length = next() % 48;
  const bytes = new Uint8Array(length);
  const mode = next() % 3;
  for (let i = 0; i < length; i++) {
    const r = next();
    bytes[i] = mode === 0 ? r & 0xff : mode === 1 ? 0x30 + (r % 10) : r % 4 === 0 ? INTERESTING[(r >>> 2) % INTERESTING.length] : 0x30 + (r % 10);
  }
  return bytes;
}

const ROUNDS = 4000;
const SEED = 0x5eed;

test(`${ROUNDS} random inputs to every check: no trap, no memory growth`, () => {
  const core = toolsCore();
  const before = core.memoryBytes();
  const next = random(SEED);
  const today = 20260101;
  for (let round = 0; round < ROUNDS; round++) {
    const length = core.setInput(fuzzInput(next));
    const where = `round ${round} (seed ${SEED})`;
    for (const [name, ...extra] of [["checkPanInput"], ["panSchemeInput"], ["checkIdNumberInput", today], ["checkPhoneInput"], ["checkNameInput"], ["checkExpiryInput", today], ["checkTrack2Input"]] as Array<[string, ...number[]]>) {
      const r = core.call(name, length, ...extra);
      assert.ok(name === "panSchemeInput" ? r >= 0 && r <= 5 : r === 0 || (r <= -100 && r >= -199), `${name} ${r} ${where}`);
      if (r < 0) assert.equal(core.lastFailure().code, r, `${name} recorded ${where}`);
    }
    for (const kind of [MaskKind.PAN, MaskKind.ID_NUMBER, MaskKind.PHONE, MaskKind.NAME]) {
      const n = core.call("maskInput", kind, length);
      assert.ok(n >= 0 && n <= length, `mask ${kind} ${n} ${where}`);
    }
    core.call("checkReason", -100 - (round % 100));
  }
  // Argument edges: lengths outside the buffer and impossible clocks are refused, not trapped on.
  for (const length of [-1, -0x7fffffff, 4097, 0x7fffffff]) {
    assert.ok(core.call("checkPanInput", length) < 0);
    assert.ok(core.call("checkNameInput", length) < 0);
    assert.ok(core.call("maskInput", MaskKind.NAME, length) < 0);
  }
  assert.ok(core.call("checkIdNumberInput", 0, 20261301) < 0);
  assert.ok(core.call("checkExpiryInput", 4, -1) < 0);
  assert.ok(core.call("maskInput", 9, 0) < 0);
  assert.equal(core.faults, 0, "no trap");
  assert.equal(core.memoryBytes(), before, "memory unchanged");
});

test("a full input buffer of digits and of 4-byte characters is handled without a trap", () => {
  const core = toolsCore();
  const before = core.memoryBytes();
  const capacity = INPUT_CAPACITY;
  for (const fill of [0x39, 0xf0]) {
    const bytes = new Uint8Array(capacity).fill(fill);
    if (fill === 0xf0) for (let i = 0; i + 3 < capacity; i += 4) bytes.set([0xf0, 0xa0, 0x80, 0x80], i);
    const length = core.setInput(bytes);
    assert.equal(core.call("checkPanInput", length), fill === 0x39 ? ErrorCode.PAN_TOO_LONG : ErrorCode.PAN_BAD_CHARACTER); // too long / not a digit
    assert.ok(core.call("checkIdNumberInput", length, 20260101) < 0);
    assert.ok(core.call("checkNameInput", length) < 0);
    assert.ok(core.outputText().length <= 200);
    assert.ok(core.call("checkTrack2Input", length) < 0);
    assert.equal(core.call("maskInput", MaskKind.NAME, length), fill === 0x39 ? capacity : capacity / 4 + 3); // first character kept whole, one star per other
  }
  assert.equal(core.faults, 0);
  assert.equal(core.memoryBytes(), before);
});

/** The getters after a check describe that check: a call refused for its length must not leave the previous number's sex, birth date or track offsets readable. */
test("a check refused for its length clears what the previous check found", () => {
  const core = toolsCore();
  const put = (s: string) => core.setInput(new TextEncoder().encode(s));
  for (const bad of [-1, 4097]) {
    assert.equal(core.call("checkIdNumberInput", put("11010519491231002X"), 20260101), 0);
    assert.equal(core.call("checkedIdSex"), 2);
    assert.equal(core.call("checkIdNumberInput", bad, 20260101) < 0, true);
    assert.equal(core.call("checkedIdSex"), 0, `sex after length ${bad}`);
    assert.equal(core.call("checkedIdBirthDate"), 0, `birth date after length ${bad}`);

    assert.equal(core.call("checkTrack2Input", put("6216261000000000018=30121010000")), 0);
    assert.equal(core.call("checkedTrack2PanLength"), 19);
    assert.equal(core.call("checkTrack2Input", bad) < 0, true);
    for (const getter of ["checkedTrack2PanOffset", "checkedTrack2PanLength", "checkedTrack2ExpiryOffset", "checkedTrack2ServiceCodeOffset"]) {
      assert.equal(core.call(getter), -1, `${getter} after length ${bad}`);
    }
  }
});
