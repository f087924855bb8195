// Negative tests through the release module: a flipped bit in a key, a MAC or a
// PIN block must make the check fail; a wrong check value refuses the keys; bad
// PIN lengths and fills are refused with a reason; nothing traps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Crypto, CryptoError, fromHex, PIN_FILL_BYTES, toHex } from "../../host/api/crypto";
import { toolsCore } from "../../host/core";
import { ErrorCode as E, TOOLS_INPUT_CAPACITY } from "../../host/generated/abi";

const crypto = new Crypto(toolsCore());
const h = fromHex;

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof CryptoError) return e.code;
    throw e;
  }
  return 0;
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3] ^= 0x80 >> (bit & 7);
  return out;
}

// code456.com field 62 worked example (tests/vectors/crypto-keys.json).
const TMK = h("CA5D92598DCA48CE8A4C76361A9269E9");
const F62 = h("6701EAD6A9AD51E51AA406E2C27FCFA98D0A74B8B651F9E9BACE9AE10000000000000000AB7153CA");

test("any flipped bit in a field 62 key or check value refuses the whole download", () => {
  crypto.injectMasterKey(TMK);
  assert.equal(crypto.installWorkingKeys(F62), 2);
  const before = toHex(crypto.workingKeyCheckValue("pik"));
  // Key bytes 0-15 (PIK), check 16-19, MAK 20-27, check 36-39. Parity bits (the
  // low bit of each key byte) are not key bits, so they are skipped; the zero
  // half of the single-length MAK field (28-35) is a marker, tested below.
  for (let bit = 0; bit < F62.length * 8; bit++) {
    const byte = bit >> 3;
    const isKeyByte = byte < 16 || (byte >= 20 && byte < 28);
    if (byte >= 28 && byte < 36) continue;
    if (isKeyByte && (bit & 7) === 7) continue;
    assert.equal(code(() => crypto.installWorkingKeys(flip(F62, bit))), E.KEY_CHECK_VALUE, `bit ${bit}`);
  }
  assert.equal(toHex(crypto.workingKeyCheckValue("pik")), before, "the old keys stay installed");
});

test("working keys need a master key, a known layout and a matching length", () => {
  const fresh = new Crypto(toolsCore());
  assert.equal(code(() => fresh.installWorkingKeys(F62)), E.NO_MASTER_KEY);
  fresh.injectMasterKey(TMK);
  assert.equal(code(() => fresh.installWorkingKeys(F62, 24)), E.KEY_LAYOUT);
  assert.equal(code(() => fresh.installWorkingKeys(F62.subarray(0, 32))), E.KEY_LAYOUT);
  assert.equal(code(() => fresh.workingKeyCheckValue("tdk")), E.KEY_SLOT);
  fresh.installWorkingKeys(F62);
  fresh.wipeWorkingKeys();
  assert.equal(code(() => fresh.workingKeyCheckValue("pik")), E.KEY_SLOT);
});

test("a flipped bit in a MAC's key or data changes every MAC", () => {
  const key = h("0123456789ABCDEFFEDCBA9876543210");
  const data = new TextEncoder().encode("0200 message to be authenticated");
  for (const alg of ["iso9797-1-m1", "iso9797-1-m2", "x919", "cup-ecb", "tdes-cmac"] as const) {
    const mac = toHex(crypto.mac(alg, key, data));
    for (const bit of [0, 9, 100, data.length * 8 - 1]) {
      assert.notEqual(toHex(crypto.mac(alg, key, flip(data, bit))), mac, `${alg} data bit ${bit}`);
    }
    assert.notEqual(toHex(crypto.mac(alg, flip(key, 3), data)), mac, `${alg} key bit`);
  }
  const aesKey = h("2B7E151628AED2A6ABF7158809CF4F3C");
  const cmac = toHex(crypto.mac("aes-cmac", aesKey, data));
  assert.notEqual(toHex(crypto.mac("aes-cmac", flip(aesKey, 77), data)), cmac);
  assert.notEqual(toHex(crypto.mac("aes-cmac", aesKey, flip(data, 1)), ), cmac);
});

test("a flipped bit in a PIN block, or the wrong key or PAN, never yields the PIN", () => {
  const pan = "6216261000000000018";
  const key = h("0123456789ABCDEFFEDCBA9876543210");
  const aesKey = h("00112233445566778899AABBCCDDEEFF");
  for (const format of [0, 1, 3, 4] as const) {
    const k = format === 4 ? aesKey : key;
    // Format 3 draws its 8 fill nibbles ABCDEF AB from this fill (0-9 skipped); its last, B, turns
    // into 9 under the wrong PAN below, which the fill rule refuses.
    const block = crypto.pinBlockEncode(format, "839201", pan, { key: k, fill: h("0123456789ABCDEFAB") });
    assert.equal(crypto.pinBlockDecode(format, block, pan, k), "839201");
    let caught = 0;
    for (let bit = 0; bit < block.length * 8; bit++) {
      let pin = "";
      try {
        pin = crypto.pinBlockDecode(format, flip(block, bit), pan, k);
      } catch (e) {
        assert.ok(e instanceof CryptoError);
        caught++;
      }
      assert.notEqual(pin, "839201", `format ${format} bit ${bit}`);
    }
    // Enciphered blocks decode to noise: nearly every flip is refused outright.
    assert.ok(caught > block.length * 8 * 0.8, `format ${format}: ${caught} refused`);
    if (format !== 1) {
      const wrongPan = code(() => crypto.pinBlockDecode(format, block, "6216261000000000026", k));
      assert.ok(wrongPan < 0, `format ${format} wrong PAN`);
    }
  }
});

test("PIN lengths outside 4-12, non-digits, bad fill and bad formats are refused with a reason", () => {
  assert.equal(code(() => crypto.pinBlockEncode(0, "123", "4012345678909")), E.PIN_LENGTH);
  assert.equal(code(() => crypto.pinBlockEncode(0, "1234567890123", "4012345678909")), E.PIN_LENGTH);
  assert.equal(code(() => crypto.pinBlockEncode(0, "12 4", "4012345678909")), E.PIN_DIGIT);
  assert.equal(code(() => crypto.pinBlockEncode(2, "1234", "4012345678909")), E.PIN_FORMAT);
  assert.equal(code(() => crypto.pinBlockEncode(0, "1234", "")), E.PAN_INVALID);
  assert.equal(code(() => crypto.pinBlockEncode(4, "1234", "4012345678909")), E.CRYPTO_KEY_LENGTH);
  // Format 0 with a fill nibble other than F; format 3 with a fill nibble below A.
  assert.equal(code(() => crypto.pinBlockDecode(0, h("041274EDCBA98760"), "4012345678909")), E.PIN_BLOCK_FILL);
  assert.equal(code(() => crypto.pinBlockDecode(3, h("3412341111111111"), "0000000000000")), E.PIN_BLOCK_FILL);
  assert.equal(code(() => crypto.pinBlockDecode(1, h("1312366666666666"), "")), E.PIN_LENGTH);
  assert.equal(code(() => crypto.pinBlockDecode(1, h("1D12345678901234"), "")), E.PIN_LENGTH);
  assert.equal(code(() => crypto.pinBlockDecode(1, h("14123A6666666666"), "")), E.PIN_DIGIT);
  assert.equal(code(() => crypto.pinBlockDecode(0, h("041274EDCBA9876F"), "4012345678909")), 0);
  // Format 3 draws A-F nibbles from the fill: a fill holding fewer than the block needs is refused, never padded.
  assert.equal(code(() => crypto.pinBlockEncode(3, "1234", "4012345678909", { fill: h("ABCDEFABC0") })), E.PIN_BLOCK_FILL);
  assert.deepEqual([crypto.core.lastFailure().expected, crypto.core.lastFailure().found], [10, 9]);
});

test("the fill region is PIN_FILL_BYTES long: the host's constant and the core's layout agree", () => {
  const core = crypto.core;
  const capacity = TOOLS_INPUT_CAPACITY;
  const pinLen = 4, panLen = 13;
  assert.equal(core.call("cryptoPinBlockEncode", 0, pinLen, panLen, capacity - pinLen - panLen - PIN_FILL_BYTES + 1), -1, "one byte over: INPUT_TOO_LONG");
  assert.notEqual(core.call("cryptoPinBlockEncode", 0, pinLen, panLen, capacity - pinLen - panLen - PIN_FILL_BYTES), -1, "exactly full: the lengths fit");
});

test("lengths that do not fit are refused without a trap", () => {
  assert.equal(code(() => crypto.cipher("tdes", "ecb", true, h("0123456789ABCDEF"), new Uint8Array(7))), E.CRYPTO_DATA_LENGTH);
  assert.equal(code(() => crypto.cipher("aes", "ecb", true, new Uint8Array(20), new Uint8Array(16))), E.CRYPTO_KEY_LENGTH);
  assert.equal(code(() => crypto.cipher("aes", "cbc", true, new Uint8Array(16), new Uint8Array(16), new Uint8Array(8))), E.CRYPTO_DATA_LENGTH);
  const core = crypto.core;
  for (const args of [[1, 1, 1, -1, 0, 8], [1, 1, 1, 8, 0, 5000], [1, 1, 1, 0x7fffffff, 0, 0x7fffffff], [9, 1, 1, 8, 0, 8]]) {
    assert.ok(core.call("cryptoCipher", ...args) < 0, JSON.stringify(args));
  }
  assert.ok(core.call("cryptoPinBlockEncode", 0, 4, 0x7ffffff0, 0) < 0);
  assert.ok(core.call("cryptoMac", 1, -8, 8) < 0);
  assert.ok(core.call("cryptoDukptDerive", 1, 1, 16, 9, 0) < 0);
  assert.equal(core.faults, 0);
});

test("the terminal's DUKPT registers produce the X9.24-1 A.4 PIN blocks for counters 1 to 21", () => {
  const fresh = new Crypto(toolsCore());
  const bdk = h("0123456789ABCDEFFEDCBA9876543210");
  const ksn = h("FFFF9876543210E00000");
  fresh.dukptLoad(fresh.dukptDerive("tdes", bdk, ksn, "derivation"), ksn);
  for (let counter = 1; counter <= 0x15; counter++) {
    const current = fresh.dukptKsn();
    assert.equal(toHex(current).slice(-5), counter.toString(16).toUpperCase().padStart(5, "0"));
    const host = fresh.dukptDerive("tdes", bdk, current, "pin");
    const clear = fresh.pinBlockEncode(0, "1234", "4012345678909");
    const expected = fresh.cipher("tdes", "ecb", true, host, clear);
    assert.equal(toHex(fresh.dukptPinBlock("1234", "4012345678909")), toHex(expected));
    fresh.dukptAdvance();
  }
});

/** Keys come in as hex: a malformed one is refused without its digits in the message (messages end up in logs). */
test("fromHex refuses malformed hex without echoing it", () => {
  const key = "0123456789ABCDEFFEDCBA987654321"; // one digit short
  assert.throws(() => fromHex(key), (e: Error) => e instanceof RangeError && !e.message.includes(key.slice(0, 8)));
  assert.throws(() => fromHex("0123456789ABCDEZ"), (e: Error) => !e.message.includes("0123456789"));
});
