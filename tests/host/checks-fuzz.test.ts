// Random bytes into every check and mask of the release build: no input may
// trap the core, the memory must not grow (nothing is allocated), and every
// result is 0, a checks code, or a mask length within the input's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toolsCore } from "../../host/core";
import { CommandKind, ErrorCode, TOOLS_INPUT_CAPACITY } from "../../host/generated/abi";
import { MaskKind } from "../../host/api/checks";
import { decodeCommand, Key, type FlowCommand } from "../../host/api/flow";
import { storeAnswer } from "../../host/devices/record-index";
import { Terminal, DATE, TIME, TDK, withLuhn } from "./flow-acquirer";
import { cryptTrack } from "../../host/acquirer/crypto";

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
  const capacity = TOOLS_INPUT_CAPACITY;
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

// ---- reading a card (assembly/checks/card.ts), through the release core's CARD event ----------------

const EXPECT_CARD = 10, EXPECT_PIN = 13, CARD_EVENT = 7;
const CARD_ROUNDS = 3000;

/** Back to the balance inquiry's card screen (menu item 6), whatever the last card led to. */
function toCardScreen(t: Terminal): void {
  if (t.state() === EXPECT_CARD) return;
  t.key(Key.CANCEL);
  t.key(0x36);
  assert.equal(t.state(), EXPECT_CARD);
}

test(`${CARD_ROUNDS} random card events (swipe, keyed, chip): no trap, no memory growth, a refusal stays on the card screen`, () => {
  const t = new Terminal();
  t.boot();
  toCardScreen(t);
  const before = t.core.memoryBytes();
  const next = random(0xca7d);
  const sources = [0x53, 0x4b, 0x43];
  for (let round = 0; round < CARD_ROUNDS; round++) {
    const r = next();
    const body = fuzzInput(next);
    // Chip data: random bytes, or starting like a template or a PAN element so the reader goes deeper.
    if (r % 3 === 2 && body.length > 2 && r % 2 === 0) body[0] = [0x70, 0x77, 0x5a, 0x57, 0x9f, 0xdf][(r >>> 3) % 6];
    const payload = Uint8Array.of(r % 16 === 0 ? (r >>> 8) & 0xff : sources[r % 3], ...body);
    const length = t.core.setInput(payload);
    assert.ok(t.core.call("handle", CARD_EVENT, length, DATE, TIME) >= 0, `round ${round}`);
    // A card read asks the store whether it is reported (and then for its answers): the harness's store answers.
    const asked: FlowCommand[] = [];
    for (let k = t.core.call("nextCommand"); k !== 0; k = t.core.call("nextCommand")) if (k === CommandKind.FIND_RECORD) asked.push(decodeCommand(k, t.core.output()));
    for (const q of asked) {
      const { answer } = storeAnswer(t.records, q);
      if (answer) t.step(answer);
    }
    assert.ok(t.state() === EXPECT_CARD || t.state() === EXPECT_PIN || t.state() === 11 || t.state() === 16, `state ${t.state()} round ${round}`);
    toCardScreen(t);
  }
  assert.equal(t.core.faults, 0, "no trap");
  assert.equal(t.core.memoryBytes(), before, "memory unchanged");
});

/** A Luhn-valid 62 card number of `length` digits (13-19). */
function unionPayNumber(next: () => number, length: number): string {
  let body = "62";
  while (body.length < length - 1) body += String(next() % 10);
  return withLuhn(body);
}

/** BER-TLV (EMV Book 3 Annex B), written independently of the core: tag bytes, short or 81 length, value. */
function tlv(tag: number[], value: Uint8Array): Uint8Array<ArrayBuffer> {
  const length = value.length < 0x80 ? [value.length] : [0x81, value.length];
  return Uint8Array.from([...tag, ...length, ...value]);
}

/** Digits (and D for '=') as BCD, padded with F to whole bytes. */
function bcd(digits: string): Uint8Array {
  const s = digits.length % 2 ? digits + "F" : digits;
  return Uint8Array.from(Buffer.from(s.replace("=", "D"), "hex"));
}

test("generated chip data in random templates: the PAN, expiry and track 2 the core sends are the ones encoded", () => {
  const t = new Terminal();
  t.boot();
  const next = random(0xb3c);
  for (let round = 0; round < 150; round++) {
    const pan = unionPayNumber(next, 13 + (next() % 7));
    const expiry = `${30 + (next() % 9)}${String(1 + (next() % 12)).padStart(2, "0")}`;
    const track2 = `${pan}=${expiry}101${"0".repeat(next() % 8)}`;
    const elements: Uint8Array[] = [];
    const with5A = next() % 3 !== 0, with57 = !with5A || next() % 2 === 0, with5F24 = next() % 2 === 0;
    if (with5A) elements.push(tlv([0x5a], bcd(pan)));
    if (with57) elements.push(tlv([0x57], bcd(track2)));
    if (with5F24) elements.push(tlv([0x5f, 0x24], Uint8Array.from(Buffer.from(`${expiry}31`, "hex"))));
    // Other elements around them (1-, 2- and 3-byte tags), in a random order.
    const fillers = [[0x9f, 0x27], [0x82], [0xdf, 0x81, 0x01], [0x5f, 0x34]];
    for (let i = next() % 4; i > 0; i--) elements.push(tlv(fillers[next() % fillers.length], Uint8Array.of(next() & 0xff)));
    for (let i = elements.length - 1; i > 0; i--) { const j = next() % (i + 1); [elements[i], elements[j]] = [elements[j], elements[i]]; }
    let data = Uint8Array.from(elements.flatMap((e) => [...e]));
    const templates = [[0x70], [0x77], [0xa5], [0xbf, 0x0c], [0x6f]];
    for (let depth = next() % 4; depth > 0; depth--) data = tlv(templates[next() % templates.length], data);
    toCardScreen(t);
    t.step({ kind: "CARD", card: { source: "chip", tlv: data } });
    const where = `round ${round}: ${Buffer.from(data).toString("hex")}`;
    assert.equal(t.state(), EXPECT_PIN, where);
    t.digits("1234");
    t.send();
    const sent = Object.fromEntries(t.flowIso().unpack("cup", t.sent));
    assert.equal(sent["2"], pan, where);
    // With a track 2 equivalent the expiry travels inside it, enciphered under the TDK (53.3 = 1); else in 14.
    assert.equal(sent["14"], with5F24 && !with57 ? expiry : undefined, where);
    assert.equal(sent["35"] === undefined ? undefined : cryptTrack(TDK, sent["35"], false), with57 ? track2 : undefined, where);
    if (with57) assert.equal(sent["53"][2], "1", where);
    assert.equal(sent["22"].slice(0, 2), "05", where);
    t.timer(); // HOST: no reply, back to the card screen through the menu
  }
  assert.equal(t.core.faults, 0);
});
