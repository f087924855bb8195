// The simulated acquirer (host/acquirer/): its own cryptography against published
// vectors, then every operation of docs/PROTOCOL.md driven by a terminal written
// with node crypto (tests/host/support/terminal-side.ts), over the codec and TCP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createHash, createHmac } from "node:crypto";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Acquirer } from "../../host/acquirer/acquirer";
import { TestBank, idNumberValid, luhnValid } from "../../host/acquirer/bank";
import { decodeTlv, encodeTlv, maskPan, maskedDump } from "../../host/acquirer/message";
import { cryptTrack, decipherPersonalData, encipherPersonalData, kcv, macCupEcb, padMethod2, pinFromIso0, tdesCbc, tdesEcb, unpadMethod2 } from "../../host/acquirer/crypto";
import { idDigits, readHolderId } from "../../host/acquirer/public-verify";
import { listen } from "../../host/acquirer/server";
import { FrameReader } from "../../host/devices/modem";
import { referenceCupCodec } from "./support/cup-codec";
import { coreCupCodec } from "../../host/acquirer/core-codec";
import { TEST_TMK, TestTerminal } from "./support/terminal-side";
import vectors from "../vectors/crypto-published.json";
import trackVectors from "../vectors/track-encryption.json";
import { fromHex, toHex } from "../../host/hex";

type Vector = Record<string, string> & { kind: string; id: string };
const published = (kind: string) => (vectors as unknown as { vectors: Vector[] }).vectors.filter((v) => v.kind === kind);

test("acquirer crypto: TDES ECB/CBC and key check values match published vectors", () => {
  for (const v of published("tdes_ecb")) assert.equal(toHex(tdesEcb(fromHex(v.key), fromHex(v.data), true)), v.expect, v.id);
  for (const v of published("tdes_cbc")) {
    assert.equal(toHex(tdesCbc(fromHex(v.key), fromHex(v.iv), fromHex(v.data), true)), v.expect, v.id);
    assert.equal(toHex(tdesCbc(fromHex(v.key), fromHex(v.iv), fromHex(v.expect), false)), v.data, v.id);
  }
  for (const v of published("kcv").filter((v) => v.alg === "tdes")) assert.equal(toHex(kcv(fromHex(v.key), v.expect.length / 2)), v.expect, v.id);
  assert.notEqual(toHex(kcv(fromHex("0123456789ABCDEFFEDCBA9876543212"), 2)), "08D7", "a mutated key (not a parity bit) gives another check value");
});

test("acquirer crypto: UnionPay ECB MAC matches both published examples, and a changed byte changes it", () => {
  const macs = published("mac_cup_ecb");
  assert.ok(macs.length >= 2);
  for (const v of macs) assert.equal(Buffer.from(macCupEcb(fromHex(v.key), fromHex(v.data))).toString("latin1"), v.expect_ascii, v.id);
  const v = macs[0];
  const data = fromHex(v.data);
  data[0] ^= 1;
  assert.notEqual(Buffer.from(macCupEcb(fromHex(v.key), data)).toString("latin1"), v.expect_ascii);
});

test("acquirer crypto: ISO 9564 format 0 blocks decode to their PIN; a wrong PAN does not", () => {
  for (const v of published("pin_iso0")) assert.equal(pinFromIso0(fromHex(v.expect), v.pan), v.pin, v.id);
  const v = published("pin_iso0")[0];
  assert.notEqual(pinFromIso0(fromHex(v.expect), "4012345678919"), v.pin);
});

test("acquirer crypto: padding method 2 round-trips, malformed padding is refused", () => {
  for (const n of [0, 1, 7, 8, 15]) {
    const data = new Uint8Array(n).fill(0x41);
    assert.deepEqual(unpadMethod2(padMethod2(data)), data);
  }
  assert.equal(unpadMethod2(fromHex("4141414141414141")), undefined);
  assert.equal(unpadMethod2(fromHex("41800000000000000000000000000000")), undefined, "0x80 outside the last block");
  const tdk = fromHex("00112233445566778899AABBCCDDEEFF");
  const tlv = encodeTlv([["NM", "王小明"], ["IT", "01"]]);
  assert.deepEqual(decipherPersonalData(tdk, encipherPersonalData(tdk, tlv)), tlv);
  assert.deepEqual([...decodeTlv(tlv)!], [["NM", "王小明"], ["IT", "01"]]);
  assert.equal(decodeTlv(tlv.subarray(0, tlv.length - 1)), undefined);
});

test("default bank: every PAN passes Luhn, every ID number its check digit; bad rows are refused by name", () => {
  const bank = TestBank.default();
/** The product's codec: the core's ISO 8583 engine. */
const codec = coreCupCodec();
  assert.ok(bank.cards.length >= 12);
  for (const c of bank.cards) {
    assert.ok(luhnValid(c.pan), c.pan);
    assert.ok(idNumberValid(c.idNumber), c.idNumber);
  }
  for (const s of ["active", "lost", "stolen", "expired", "restricted", "dormant", "unsupported"]) assert.ok(bank.find((c) => c.status === s), s);
  assert.ok(bank.find((c) => c.otp) && bank.find((c) => c.phone === ""));
  const good = bank.cards[0];
  assert.throws(() => new TestBank([{ ...good, pan: good.pan.slice(0, -1) + ((Number(good.pan.at(-1)) + 1) % 10) }]), /card 1: pan fails the Luhn check/);
  assert.throws(() => new TestBank([{ ...good, idNumber: "110105194912310021" }]), /idNumber/);
  assert.throws(() => new TestBank([{ ...good, colour: "red" } as never]), /unknown key "colour"/);
});

const bank = TestBank.default();
/** The product's codec: the core's ISO 8583 engine. */
const codec = coreCupCodec();
const card = (note: string) => bank.find((c) => c.note!.startsWith(note))!;

function setup(options: Partial<ConstructorParameters<typeof Acquirer>[0]> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "realname-acq-"));
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK, dataDir, ...options });
  return { acquirer, dataDir, terminal: new TestTerminal(acquirer, codec) };
}

test("sign-on: each key layout's keys decipher under the TMK and their check values match", () => {
  for (const layout of [24, 40, 60] as const) {
    const { terminal } = setup();
    const reply = terminal.signOn(layout);
    assert.equal(reply.mti, "0810");
    assert.equal(reply.fields[39], "00");
    assert.equal((reply.fields[62] as Uint8Array).length, layout);
    assert.equal(reply.tpdu, "6000000003", "destination and source swapped");
    assert.equal(reply.fields[11], "000001");
  }
  const { terminal } = setup();
  assert.equal(terminal.exchange(terminal.message("0800", { 60: "00000001002" }))!.fields[39], "30", "unknown 60.3");
  assert.equal(terminal.exchange(terminal.message("0820", { 60: "00000001301" }))!.fields[39], "00");
});

test("verification: four elements match -> 00 with a verification id, MAC'ed reply", () => {
  const { terminal } = setup();
  terminal.signOn();
  const c = card("success: four");
  const reply = terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone) as ReturnType<TestTerminal["verify"]> & { macValid: boolean };
  assert.equal(reply.fields[39], "00");
  assert.match(String(reply.fields[38]), /^[A-Z0-9]{6}$/);
  assert.equal(reply.fields[2], c.pan);
  assert.equal(reply.macValid, true);
});

test("verification: 05 says only that verification failed; field 44 stays out unless the issuer gives detail", () => {
  const { terminal } = setup({ maxFailures: 10 });
  terminal.signOn();
  const c = card("success: four");
  assert.notEqual(c.mismatchDetail, true, "the default bank's main card answers as UnionPay's 05 does");
  for (const args of [
    [c.pan, c.expiry, "王小名", c.idNumber, c.phone], [c.pan, "2701", c.name, c.idNumber, c.phone],
  ] as Parameters<TestTerminal["verify"]>[]) {
    const reply = terminal.verify(...args)!;
    assert.equal(reply.fields[39], "05");
    assert.equal(reply.fields[44], undefined);
  }
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "00", "corrected retry");
});

test("verification: a card whose issuer gives detail names each mismatching element in field 44, in N I C P order", () => {
  const { terminal } = setup({ maxFailures: 10 });
  terminal.signOn();
  const c = card("issuer with the detailed answer");
  assert.equal(c.mismatchDetail, true);
  const cases: [string, Parameters<TestTerminal["verify"]>][] = [
    ["N", [c.pan, c.expiry, "林小语", c.idNumber, c.phone]],
    ["I", [c.pan, c.expiry, c.name, "110101199003070011", c.phone]],
    ["C", [c.pan, "2701", c.name, c.idNumber, c.phone]],
    ["P", [c.pan, c.expiry, c.name, c.idNumber, "13800000009"]],
    ["NP", [c.pan, c.expiry, "李四", c.idNumber, "13800000009"]],
  ];
  for (const [letters, args] of cases) {
    const reply = terminal.verify(...args)!;
    assert.equal(reply.fields[39], "05", letters);
    assert.equal(reply.fields[44], letters);
  }
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "00", "corrected retry");
});

test("the bank refuses a mismatchDetail that is not true or false", () => {
  const good = TestBank.default().cards[0];
  assert.throws(() => new TestBank([{ ...good, mismatchDetail: "yes" as unknown as boolean }]), /card 1: mismatchDetail must be true or false/);
});

test("track data under the TDK: the acquirer's reading agrees with every vector and round-trips", () => {
  for (const v of trackVectors.vectors) {
    assert.equal(cryptTrack(fromHex(v.tdk), v.track, true), v.encrypted, v.name);
    assert.equal(cryptTrack(fromHex(v.tdk), v.encrypted, false), v.track, v.name);
    // the TDB named beside the vector is what changed: everything outside it is the clear track
    const nibbles = (t: string) => [...t].map((ch) => (ch.charCodeAt(0) - 0x30).toString(16)).join("").toUpperCase();
    const bytes = Math.ceil(v.track.length / 2);
    assert.equal((nibbles(v.track) + "0").slice((bytes - 9) * 2, (bytes - 1) * 2), v.tdb, v.name);
    assert.equal(nibbles(v.encrypted).slice(0, (bytes - 9) * 2), nibbles(v.track).slice(0, (bytes - 9) * 2));
  }
  assert.throws(() => cryptTrack(fromHex(trackVectors.vectors[0].tdk), "6222020000001=30", true), RangeError);
  assert.throws(() => cryptTrack(fromHex(trackVectors.vectors[0].tdk), "6222020000001D301", true), RangeError);
});

test("verification, swiped: a track 2 encrypted under the TDK (53.3 = 1) is decrypted before its expiry is compared", () => {
  const { terminal } = setup({ maxFailures: 10 });
  terminal.signOn(60);
  const c = card("success: four");
  const track = `${c.pan}=${c.expiry}1010000000000`;
  assert.equal(terminal.verifySwiped(c.pan, track, c.name, c.idNumber, c.phone, true)!.fields[39], "00");
  assert.equal(terminal.verifySwiped(c.pan, track, c.name, c.idNumber, c.phone, false)!.fields[39], "00", "clear track, 53.3 = 0");
  const wrongExpiry = `${c.pan}=27011010000000000`;
  assert.equal(terminal.verifySwiped(c.pan, wrongExpiry, c.name, c.idNumber, c.phone, true)!.fields[39], "05");
});

test("the public verification layout: 48 CK10#, 61 ID type and six ID digits; answered 00, 05 without detail, and the card's own codes", () => {
  const { terminal } = setup({ maxFailures: 10 });
  terminal.signOn(60);
  const c = card("PIN entry");
  const track = `${c.pan}=${c.expiry}1010000000000`;
  let reply = terminal.publicVerify(c.pan, c.idNumber, { track2: track, encryptTrack: true, pin: c.pin })!;
  assert.equal(reply.mti, "0210");
  assert.equal(reply.fields[39], "00");
  assert.match(String(reply.fields[38]), /^[A-Z0-9]{6}$/);
  assert.equal((reply as typeof reply & { macValid: boolean }).macValid, true);
  reply = terminal.publicVerify(c.pan, "110101199003070011", { track2: track })!;
  assert.equal(reply.fields[39], "05", "six other ID digits");
  assert.equal(reply.fields[44], undefined);
  assert.equal(terminal.publicVerify(c.pan, c.idNumber, { pin: "999999" })!.fields[39], "55");
  assert.equal(terminal.publicVerify(c.pan, c.idNumber, { idType: "02" })!.fields[39], "30", "only ID type 01");
  assert.equal(terminal.publicVerify(card("reported lost").pan, card("reported lost").idNumber)!.fields[39], "41");
  assert.equal(terminal.publicVerify("6222020000000000000".slice(0, 18) + "0", c.idNumber)!.fields[39], "14");
  // an ID number ending in X: the request carries the six digits before it
  const x = card("expired card");
  assert.equal(idDigits(x.idNumber), x.idNumber.slice(-7, -1));
  assert.deepEqual(readHolderId(`01${"0".repeat(12)}123456${" ".repeat(12)}CUPAM0010000000000000`), { idType: "01", idDigits: "123456" });
  assert.equal(readHolderId(`01${"0".repeat(12)}123456${" ".repeat(11)}CUPAM0010000000000000`), undefined);
});

test("verification: card statuses and the missing phone give their own codes", () => {
  const { terminal } = setup();
  terminal.signOn();
  const expect: [string, string][] = [
    ["reported lost", "41"], ["reported stolen", "43"], ["expired card", "33"], ["restricted", "62"],
    ["dormant", "21"], ["card not enabled", "40"], ["no phone", "P1"],
  ];
  for (const [note, code] of expect) {
    const c = card(note);
    assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone || "13800000000")!.fields[39], code, note);
  }
  assert.equal(terminal.verify("6222020000000000000".slice(0, 18) + "0", "3012", "王", "11010119900307010X", "13800000001")!.fields[39], "14");
});

test("verification: the SMS code step — S1, wrong code S2, resend, right code 00; outbox holds no clear phone", async () => {
  const { terminal, acquirer, dataDir } = setup();
  terminal.signOn();
  const c = card("success after an SMS");
  const first = terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!;
  assert.equal(first.fields[39], "S1");
  const tlv = decodeTlv(first.fields[62] as Uint8Array)!;
  const ref = tlv.get("OR")!;
  assert.equal(tlv.get("MP"), c.phone.slice(0, 3) + "****" + c.phone.slice(-4));
  assert.match(tlv.get("OT")!, /^\d{3}$/);
  const code = acquirer.lastCode()!;
  const wrong = code === "000000" ? "111111" : "000000";
  assert.equal(terminal.submitCode(c.pan, ref, wrong)!.fields[39], "S2");
  assert.equal(terminal.submitCode(c.pan, ref, "", true)!.fields[39], "S1", "resend");
  assert.notEqual(acquirer.sentCodes.length, 1);
  assert.equal(terminal.submitCode(c.pan, ref, acquirer.lastCode()!)!.fields[39], "00");
  assert.equal(terminal.submitCode(c.pan, ref, acquirer.lastCode()!)!.fields[39], "S3", "a used code is void");
  await acquirer.flush();
  const outbox = readFileSync(join(dataDir, "sms-outbox.txt"), "utf8");
  assert.ok(outbox.includes(acquirer.lastCode()!));
  assert.ok(!outbox.includes(c.phone));
});

test("verification: an expired SMS code is S3", () => {
  let now = Date.UTC(2026, 0, 5, 2, 0, 0);
  const { terminal, acquirer } = setup({ now: () => new Date(now), otpSeconds: 60 });
  terminal.signOn();
  const c = card("success after an SMS");
  const ref = decodeTlv(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[62] as Uint8Array)!.get("OR")!;
  now += 61_000;
  assert.equal(terminal.submitCode(c.pan, ref, acquirer.lastCode()!)!.fields[39], "S3");
});

test("attempt limit: consecutive mismatches lock the card for the day (65)", () => {
  const { terminal } = setup({ maxFailures: 3 });
  terminal.signOn();
  const c = card("PIN entry");
  for (let i = 0; i < 3; i++) assert.equal(terminal.verify(c.pan, c.expiry, "某某", c.idNumber, c.phone)!.fields[39], "05");
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "65");
});

test("PIN: verification with requirePin checks the PIN block under the PIK; balance inquiry too", () => {
  const { terminal } = setup();
  terminal.signOn();
  const c = card("PIN entry");
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone, "999999")!.fields[39], "55");
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone, c.pin)!.fields[39], "00");
  const balance = terminal.balance(c.pan, c.pin)!;
  assert.equal(balance.fields[39], "00");
  assert.equal(balance.fields[54], "1001156C000000012345");
  assert.equal(terminal.balance(c.pan, "000000")!.fields[39], "55");
});

test("loss report hotlists the card: later verifications answer 41; the hotlist file holds no clear PAN", () => {
  const { terminal, dataDir } = setup();
  terminal.signOn();
  const c = card("loss report target");
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "00");
  const reply = terminal.reportLoss(c.pan)!;
  assert.equal(reply.mti, "0312");
  assert.equal(reply.fields[39], "00");
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "41");
  assert.ok(!readFileSync(join(dataDir, "hotlist.json"), "utf8").includes(c.pan));
  const again = new Acquirer({ codec, bank, tmk: TEST_TMK, dataDir });
  const t2 = new TestTerminal(again, codec);
  t2.signOn();
  assert.equal(t2.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "41", "the hotlist survives a restart");
});

/** The hotlist holds HMAC-SHA256 under a random secret made once (hotlist.key, 0600), not a hash anyone can recompute for every card number. */
test("hotlist: HMAC-SHA256 under a secret in hotlist.key (mode 0600), kept across restarts", () => {
  const { terminal, dataDir } = setup();
  terminal.signOn();
  const c = card("loss report target");
  terminal.reportLoss(c.pan);
  const keyPath = join(dataDir, "hotlist.key");
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  const secret = fromHex(readFileSync(keyPath, "utf8"));
  assert.equal(secret.length, 32);
  const file = JSON.parse(readFileSync(join(dataDir, "hotlist.json"), "utf8"));
  assert.equal(file.version, 2);
  assert.deepEqual(file.keys, [createHmac("sha256", secret).update(c.pan).digest("hex")]);
  const publicSalt = createHash("sha256").update(`realname-pos hotlist:${c.pan}`).digest("hex");
  assert.ok(!JSON.stringify(file).includes(publicSalt), "the fixed-salt hash is gone");
  new Acquirer({ codec, bank, tmk: TEST_TMK, dataDir });
  assert.equal(readFileSync(keyPath, "utf8").trim(), toHex(secret), "the secret is made once");
  const other = setup();
  other.terminal.signOn();
  other.terminal.reportLoss(c.pan);
  assert.notDeepEqual(JSON.parse(readFileSync(join(other.dataDir, "hotlist.json"), "utf8")).keys, file.keys, "another data folder, another secret");
});

/** A version 1 hotlist (a bare array of fixed-salt SHA-256) is re-keyed from the bank's cards; an unknown format is refused. */
test("hotlist: an old-format file is re-keyed at start-up, a malformed one refused with a message", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "realname-acq-"));
  const c = card("loss report target");
  const legacy = (pan: string) => createHash("sha256").update(`realname-pos hotlist:${pan}`).digest("hex");
  writeFileSync(join(dataDir, "hotlist.json"), JSON.stringify([legacy(c.pan), legacy("6200000000000000003")]));
  const lines: string[] = [];
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK, dataDir, onLog: (l) => lines.push(l) });
  const terminal = new TestTerminal(acquirer, codec);
  terminal.signOn();
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone)!.fields[39], "41");
  const file = JSON.parse(readFileSync(join(dataDir, "hotlist.json"), "utf8"));
  assert.equal(file.version, 2);
  assert.equal(file.keys.length, 1);
  assert.ok(lines.some((l) => /re-keyed.*1 card\(s\) kept, 1 unknown/.test(l)));
  const other = card("success: four");
  assert.equal(terminal.verify(other.pan, other.expiry, other.name, other.idNumber, other.phone)!.fields[39], "00", "an unlisted card is not refused");
  writeFileSync(join(dataDir, "hotlist.json"), JSON.stringify({ version: 3, keys: [] }));
  assert.throws(() => new Acquirer({ codec, bank, tmk: TEST_TMK, dataDir }), /not a version 2 hotlist/);
});

test("a request with a wrong MAC, or with malformed personal data, is answered A0 / 30", () => {
  const { terminal } = setup();
  terminal.signOn();
  const c = card("success: four");
  const m = terminal.message("0100", { 2: c.pan, 3: "330000", 22: "012", 25: "00", 60: "71000001000", 62: terminal.personalData([["NM", c.name]]) });
  assert.equal(terminal.exchange(m, { corruptMac: true })!.fields[39], "A0");
  const bad = terminal.message("0100", { 2: c.pan, 3: "330000", 22: "012", 25: "00", 60: "71000001000", 62: tdesCbc(terminal.tdk!, new Uint8Array(8), fromHex("4141414141414141"), true) });
  assert.equal(terminal.exchange(bad)!.fields[39], "30", "padding without its 0x80 marker");
  const unsigned = new TestTerminal(terminal.acquirer, codec, "10000099");
  unsigned.mak = new Uint8Array(16);
  assert.equal(unsigned.exchange(unsigned.message("0820", { 60: "00000001301" }))!.fields[39], "00");
});

test("injected faults: a silent acquirer sends nothing; a bad-MAC reply fails the terminal's check", () => {
  const { terminal, acquirer } = setup();
  terminal.signOn();
  const c = card("success: four");
  acquirer.inject("silent");
  assert.equal(terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone), undefined);
  acquirer.inject("bad-mac");
  const reply = terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone) as { macValid?: boolean };
  assert.equal(reply.macValid, false);
  const next = terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone) as { macValid?: boolean };
  assert.equal(next.macValid, true);
});

test("the log is a masked dump: no clear PAN, ID number or phone of the holder", async () => {
  const { terminal, acquirer, dataDir } = setup();
  terminal.signOn();
  const c = card("success after an SMS");
  terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone);
  await acquirer.flush();
  const log = readFileSync(join(dataDir, "acquirer.log"), "utf8");
  assert.ok(log.includes(maskPan(c.pan)));
  for (const secret of [c.pan, c.idNumber, c.phone, c.name]) assert.ok(!log.includes(secret), `log holds ${secret.slice(0, 3)}...`);
  for (const f of readdirSync(dataDir)) {
    const body = readFileSync(join(dataDir, f), "utf8");
    for (const secret of [c.pan, c.idNumber, c.phone]) assert.ok(!body.includes(secret), `${f} holds a clear value`);
  }
});

test("over TCP: requests written a byte at a time get their replies, in order", { timeout: 10000 }, async () => {
  const { terminal, acquirer } = setup();
  const server = await listen(acquirer);
  const socket = connect(server.port, "127.0.0.1");
  await new Promise((r) => socket.once("connect", r));
  const reader = new FrameReader();
  const replies: Uint8Array[] = [];
  socket.on("data", (d) => replies.push(...reader.push(new Uint8Array(d))));
  const frames = [1, 2].map(() => codec.pack(terminal.message("0820", { 60: "00000001301" })).frame);
  for (const f of frames) for (const b of f) socket.write(Uint8Array.of(b));
  while (replies.length < 2) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(replies.map((r) => codec.unpack(r).message.fields[11]), ["000001", "000002"]);
  socket.destroy();
  await server.close();
});

test("cross-check: the core's cup codec and the tests' reading of PROTOCOL.md give the same frames and MAC regions", () => {
  const frames: Uint8Array[] = [];
  const tap = { pack: (m: Parameters<typeof codec.pack>[0]) => { const p = codec.pack(m); frames.push(p.frame); return p; }, unpack: codec.unpack };
  const terminal = new TestTerminal(new Acquirer({ codec: tap, bank, tmk: TEST_TMK }), tap);
  terminal.signOn();
  const c = card("PIN entry");
  terminal.verify(c.pan, c.expiry, c.name, c.idNumber, c.phone, c.pin);
  terminal.balance(c.pan, c.pin);
  terminal.reportLoss(c.pan);
  assert.ok(frames.length >= 8);
  for (const frame of frames) {
    const core = codec.unpack(frame);
    const ref = referenceCupCodec.unpack(frame);
    assert.deepEqual(ref.message, core.message);
    assert.deepEqual([ref.macOffset, ref.macLength], [core.macOffset, core.macLength]);
    assert.deepEqual(referenceCupCodec.pack(core.message).frame, frame);
  }
});

test("fuzz: random and mutated request frames never make the acquirer throw (bounded, seeded)", () => {
  const { acquirer, terminal } = setup();
  terminal.signOn();
  const c = card("success: four");
  const valid = codec.pack(terminal.message("0100", { 2: c.pan, 3: "330000", 22: "012", 25: "00", 60: "71000001000", 62: terminal.personalData([["NM", c.name]]), 64: new Uint8Array(8) })).frame;
  let seed = 0x2545f491;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
  let replies = 0;
  for (let i = 0; i < 1500; i++) {
    const frame = i % 2 ? valid.slice() : Uint8Array.from({ length: 2 + (next() % 64) }, next);
    if (i % 2) for (let k = 0; k < 1 + (i % 4); k++) frame[2 + (next() * 7) % (frame.length - 2)] ^= 1 << (next() & 7);
    const reply = acquirer.handleFrame(frame);
    if (reply) {
      replies++;
      assert.equal((reply[0] << 8) | reply[1], reply.length - 2, "a reply is a whole frame");
    }
  }
  assert.ok(replies > 0, "mutated but well-formed requests are still answered");
});

/** Any terminal may send track 3 (36), track 1 (45, with the holder's name) or chip data (55, tags 5A/57 hold the PAN): the log dump must not show them in clear. */
test("the acquirer's masked dump hides the PAN wherever a request carries it", () => {
  const pan = "6216261000000000018";
  const lines = maskedDump({
    mti: "0100", tpdu: "6000030000", header: "603100000000",
    fields: { 2: pan, 35: `${pan}=3012101`, 36: `${pan}=99`, 45: `B${pan}^ZHANG/SAN^3012101`, 55: fromHex(`5A0A${pan}F9F0206000000000100`) },
  }).join("\n");
  assert.match(lines, /621626\*{9}0018/, "the PAN itself is shown masked");
  assert.doesNotMatch(lines, /6216261000000000018|ZHANG/);
});
