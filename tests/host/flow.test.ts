// The verification flow on the QA build of the terminal module (the release
// build plus state getters; tests/host/support/qa-core.ts), through host/core.ts
// and the host's typed ABI (host/api/flow.ts): the main scenarios of the as-pect
// specs replayed against a small acquirer written here (ISO 8583 through the
// core's own pack/unpack exports, TDES and the UnionPay MAC through
// node:crypto), and the memory budget after 100,000 verifications.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Key, LinkStatus, parseRecord } from "../../host/api/flow";
import { CommandKind, EventKind, FlowState, INPUT_CAPACITY, ScreenId } from "../../host/generated/abi";
import { DATE, TIME, MAK, PROFILE, Terminal, cupMac, iso, personalData, reply, withLuhn } from "./flow-acquirer";
import { fromHex } from "../../host/hex";

const { EXPECT_MENU, EXPECT_CONFIRM, EXPECT_HOST_REPLY, EXPECT_ACK, EXPECT_CARD } = FlowState;
const PAN = "6216261000000000018";
const ID = "11010519491231002X";

test("R6-R9: a verification from consent to 认证成功 on the release build", () => {
  const t = new Terminal();
  t.boot();
  assert.equal(t.state(), EXPECT_MENU);
  assert.match(t.screen(), /1\.实名认证/);
  t.enter("张三", ID, PAN, "13552535506");
  assert.equal(t.state(), EXPECT_CONFIRM);
  assert.doesNotMatch(t.screen(), new RegExp(PAN));
  t.send();
  assert.equal(t.state(), EXPECT_HOST_REPLY);
  assert.equal(personalData(t.sent), "NM006张三IT00201ID01811010519491231002XPH01113552535506");
  t.answer(reply(t.sent, "0110", "00", { "38": "V12345" }));
  assert.match(t.screen(), /认证成功/);
  const record = parseRecord(t.saved.find((s) => s.includes("type=verification"))!);
  assert.equal(record.pan, "621626*********0018");
  assert.equal(record.status, "active");
  assert.equal(record.vid, "V12345");
  assert.equal(record.panHash.length, 32);
  assert.equal(t.printed.length, 1);
  assert.ok(!t.printed[0].join("\n").includes(PAN));
  assert.equal(t.core.call("flowWiped"), 1);
  t.key(Key.ENTER);
  assert.equal(t.state(), EXPECT_MENU);
});

test("R18 R19: a phone mismatch is corrected alone and resent", () => {
  const t = new Terminal();
  t.boot();
  t.enter("张三", ID, PAN, "13552535506");
  t.send();
  t.answer(reply(t.sent, "0110", "05", { "44": "P" }));
  assert.match(t.screen(), /持卡人认证失败/);
  t.key(Key.ENTER);
  t.digits("13900000000"); t.key(Key.ENTER);
  assert.equal(t.state(), EXPECT_CONFIRM);
  t.send();
  assert.match(personalData(t.sent), /PH01113900000000/);
  t.answer(reply(t.sent, "0110", "00", { "38": "V12346" }));
  assert.match(t.screen(), /认证成功/);
});

test("a reply with a bad MAC, STAN or terminal id counts as no reply", () => {
  const t = new Terminal();
  t.boot();
  t.enter("张三", ID, PAN, "13552535506");
  t.send();
  const good = reply(t.sent, "0110", "00");
  const badMac = good.slice();
  badMac[badMac.length - 1] ^= 1;
  t.answer(badMac);
  assert.equal(t.state(), EXPECT_HOST_REPLY);
  t.answer(reply(t.sent, "0110", "00", {}, true, { "11": "999999" }));
  assert.equal(t.state(), EXPECT_HOST_REPLY);
  t.answer(reply(t.sent, "0110", "00", {}, true, { "41": "87654321" }));
  assert.equal(t.state(), EXPECT_HOST_REPLY);
  t.timer();
  assert.match(t.screen(), /无应答/);
  assert.equal(t.state(), EXPECT_ACK);
});

test("R21 R9: a reported card stays blocked after a restart that restores the records", () => {
  const t = new Terminal();
  t.boot();
  t.enter("张三", ID, PAN, "13552535506");
  t.send();
  t.answer(reply(t.sent, "0110", "00", { "38": "V12345" }));
  t.key(Key.ENTER);
  t.key(0x33);
  t.step({ kind: "CARD", card: { source: "keyed", pan: PAN, expiry: "3012" } });
  t.key(0x31);
  t.send();
  t.answer(reply(t.sent, "0312", "00"));
  assert.match(t.screen(), /已挂失/);
  // Power cut: a fresh core over the same store.
  const again = new Terminal(t.records);
  again.boot();
  again.key(0x31); again.key(Key.ENTER); again.text("张三"); again.key(Key.ENTER); again.key(0x31); again.text(ID); again.key(Key.ENTER);
  again.step({ kind: "CARD", card: { source: "keyed", pan: PAN, expiry: "3012" } });
  assert.match(again.screen(), /禁止/);
  assert.notEqual(again.state(), EXPECT_CARD);
});

test("R8: the SMS code goes back with its reference, enciphered", () => {
  const t = new Terminal();
  t.boot();
  t.enter("张三", ID, PAN, "13552535506");
  t.send();
  t.answer(reply(t.sent, "0110", "S1", { "62": Buffer.from("OR006REF123OT003120MP011135****5506").toString("hex").toUpperCase() }));
  assert.equal(t.state(), 15);
  assert.match(t.screen(), /135\*\*\*\*5506/);
  t.digits("123456");
  t.send();
  assert.equal(personalData(t.sent), "OR006REF123OC006123456");
  t.answer(reply(t.sent, "0110", "00", { "38": "V12347" }));
  assert.match(t.screen(), /认证成功/);
});

test("R20: an expired card is replaced for the same holder before anything is sent", () => {
  const t = new Terminal();
  t.boot();
  t.key(0x31); t.key(Key.ENTER); t.text("张三"); t.key(Key.ENTER); t.key(0x31); t.text(ID); t.key(Key.ENTER);
  t.step({ kind: "CARD", card: { source: "keyed", pan: PAN, expiry: "2510" } });
  assert.match(t.screen(), /卡已过期/);
  assert.ok(!t.out.some((c) => c.kind === "CONNECT"));
  t.key(Key.ENTER);
  assert.equal(t.state(), EXPECT_CARD);
  t.step({ kind: "CARD", card: { source: "keyed", pan: "6212143000000000011", expiry: "3012" } });
  t.digits("13552535506"); t.key(Key.ENTER);
  t.send();
  t.answer(reply(t.sent, "0110", "00", { "38": "V12348" }));
  assert.match(t.screen(), /换卡成功/);
});

/** One verified holder, then the saved records (supervisor password 2468). */
function openRecords(t: Terminal): void {
  t.enter("张三", ID, PAN, "13552535506");
  t.send();
  t.answer(reply(t.sent, "0110", "00", { "38": "V12345" }));
  t.key(Key.ENTER);
  t.key(0x34);
  t.digits("2468");
  t.key(Key.ENTER);
}

test("R14: the saved records need the supervisor password and are masked", () => {
  const t = new Terminal();
  t.boot();
  openRecords(t);
  assert.equal(t.state(), 18);
  assert.match(t.screen(), /621626\*+0018/);
  assert.ok(!t.screen().includes(PAN));
});

for (const [cols, rows] of [[16, 4], [21, 8]]) {
  test(`R14: every line of a saved record is reachable with DOWN/UP at ${cols}x${rows} (release build)`, () => {
    const t = new Terminal();
    t.boot(`${PROFILE}\ndisplayColumns=${cols}\ndisplayRows=${rows}`);
    openRecords(t);
    const lines = () => (t.out.filter((c) => c.kind === "SHOW").at(-1) as { lines: string[] }).lines;
    const beeped = () => t.out.some((c) => c.kind === "BEEP");
    assert.ok(lines().length <= rows);
    assert.match(lines().join("\n"), /001\/001.*\n.*F3.*\n621626\*+0018/); // rank, the keys, the card on page 1
    const seen = [lines().join("\n")];
    for (let i = 0; i < 10; i++) {
      t.key(Key.DOWN);
      if (beeped()) break;
      assert.ok(lines().length <= rows);
      seen.push(lines().join("\n"));
    }
    const all = seen.join("\n");
    for (const part of [/张\*/, /2026-11-26/, /10:30:00/, /110105\*+002X/, /135\*+5506/, /000000123456/, /V12345/]) assert.match(all, part);
    if (rows === 4) assert.ok(seen.length >= 3, "a record takes several pages of a 16x4 display");
    for (let i = seen.length - 2; i >= 0; i--) { t.key(Key.UP); assert.equal(lines().join("\n"), seen[i]); }
    t.key(Key.F3);
    assert.ok(beeped(), "no older record");
  });
}

test("R9: 认证成功 and the receipt wait for SAVED of the record (release build)", () => {
  const t = new Terminal();
  t.boot();
  t.autoSaved = false;
  t.enter("张三", ID, PAN, "13552535506");
  t.send();
  t.answer(reply(t.sent, "0110", "00", { "38": "V12345" }));
  assert.equal(t.state(), 25); // EXPECT_SAVED
  assert.doesNotMatch(t.screen(), /认证成功/);
  assert.equal(t.printed.length, 0);
  const save = t.out.find((c) => c.kind === "SAVE" && c.text.includes("type=verification"));
  assert.ok(save && save.kind === "SAVE");
  t.timer();
  assert.match(t.screen(), /记录未保存/);
  t.key(Key.ENTER);                                // save again: the same record, nothing to the acquirer
  const again = t.out.filter((c) => c.kind === "SAVE");
  assert.equal(again.length, 1);
  assert.ok(again[0].kind === "SAVE" && again[0].text === save.text);
  assert.ok(!t.out.some((c) => c.kind === "CONNECT" || c.kind === "SEND"));
  t.step({ kind: "SAVED", id: save.id });
  assert.match(t.screen(), /认证成功/);
  assert.equal(t.printed.length, 1);
  assert.equal(t.state(), EXPECT_ACK);
});

// ---- memory: 100,000 complete verifications ----------------------------------------------

/** A Luhn-valid 19-digit 62 card number for counter n (every verification uses a new card: the per-card limits stay out of the way). */
function cardNumber(n: number): string {
  return withLuhn("621626" + String(n).padStart(12, "0"));
}

test("memory does not grow over 100,000 complete verifications (release build)", () => {
  const t = new Terminal();
  t.boot();
  const x = t.core.exports;
  const input = () => new Uint8Array(x.memory.buffer, x.inputBuffer(), INPUT_CAPACITY);
  const enc = new TextEncoder();
  let frame: Uint8Array = new Uint8Array(0);
  // The raw ABI, without decoding every command: the loop is long.
  const ev = (kind: number, payload: Uint8Array): void => {
    input().set(payload);
    const r = x.handle(kind, payload.length, DATE, TIME);
    if (r < 0) throw new Error(`event ${kind} refused: ${JSON.stringify(t.core.lastFailure())}`);
    const saved: Uint8Array[] = [];
    const answers: Array<[number, Uint8Array]> = [];
    for (let k = x.nextCommand(); k !== 0; k = x.nextCommand()) {
      if (k === CommandKind.SEND) frame = new Uint8Array(x.memory.buffer, x.outputBuffer(), x.outputLength()).slice();
      // Every card is new: the store holds no record of it and no attempt (count 0).
      if (k === CommandKind.FIND_RECORD) answers.push([EventKind.RECORD, new Uint8Array(4)]);
      if (k === CommandKind.COUNT_ATTEMPTS) answers.push([EventKind.ATTEMPTS, new Uint8Array(8)]);
      if (k === CommandKind.SAVE) { // storage answers with SAVED of the id (the first line, "id=...")
        const out = new Uint8Array(x.memory.buffer, x.outputBuffer(), x.outputLength());
        const nl = out.indexOf(0x0a);
        saved.push(out.slice(3, nl < 0 ? out.length : nl));
      }
    }
    for (const id of saved) ev(EventKind.SAVED, id);
    for (const [kind, payload] of answers) ev(kind, payload);
  };
  const key = (k: number) => ev(EventKind.KEY, Uint8Array.of(k));
  const name = enc.encode("张三"), id = enc.encode(ID), phone = "13552535506";
  // The acquirer's reply is built once and then only the card it echoes (field 2), its
  // STAN and MAC change (the terminal checks every echoed field and the MAC; the loop
  // must stay cheap).
  let template: Uint8Array = new Uint8Array(0);
  let stanAt = -1;
  let panAt = -1;
  let stan = 0;
  const writeBcd = (at: number, digits: string) => {
    for (let i = 0; i < digits.length; i += 2) template[at + i / 2] = (Number(digits[i]) << 4) | Number(digits[i + 1] ?? "0");
  };
  const answer = (pan: string) => {
    if (stanAt < 0) {
      template = reply(frame, "0110", "00", { "38": "V00001" });
      const otherStan = reply(frame, "0110", "00", { "38": "V00001" }, true, { "11": "999999" });
      stanAt = template.findIndex((b, i) => b !== otherStan[i]);
      const otherPan = reply(frame, "0110", "00", { "38": "V00001" }, true, { "2": "9".repeat(pan.length) });
      panAt = template.findIndex((b, i) => b !== otherPan[i]);
      stan = Number(Object.fromEntries(iso.unpack("cup", frame))["11"]);
    } else {
      stan = stan >= 999999 ? 1 : stan + 1;
      writeBcd(stanAt, String(stan).padStart(6, "0"));
      writeBcd(panAt, pan);
      const [off, len] = macRegionOfTemplate;
      template.set(cupMac(MAK, template.subarray(off, off + len)), template.length - 8);
    }
    return template;
  };
  const macRegionOfTemplate: [number, number] = [0, 0];
  const before = t.core.memoryBytes();
  const N = Number(process.env.FLOW_VERIFICATIONS ?? 100_000);
  let ok = 0;
  for (let n = 0; n < N; n++) {
    key(0x31); key(Key.ENTER);
    ev(EventKind.TEXT, name); key(Key.ENTER);
    key(0x31);
    ev(EventKind.TEXT, id); key(Key.ENTER);
    const pan = cardNumber(n);
    ev(EventKind.CARD, enc.encode(`K${pan}=3012`));
    for (const ch of phone) key(ch.charCodeAt(0));
    key(Key.ENTER);
    key(Key.ENTER);                 // confirm
    ev(EventKind.LINK, Uint8Array.of(LinkStatus.UP)); // the request goes out
    const first = stanAt < 0;
    const r = answer(pan);
    if (first) { iso.unpack("cup", r); [macRegionOfTemplate[0], macRegionOfTemplate[1]] = iso.macRegion(); }
    ev(EventKind.RECEIVED, r);
    if (x.screenId() === ScreenId.RESULT) ok++;
    key(Key.ENTER);                 // back to the menu
  }
  assert.equal(ok, N);
  assert.equal(x.flowState(), EXPECT_MENU);
  assert.equal(t.core.memoryBytes(), before);
});

/** Chip data on the release build: 5A and 5F24 inside a 70 template after a 3-byte tag (EMV Book 3 Annex A); differing 5A and 57 are refused. */
test("chip cards: templates opened, 3-byte tags read, 5A and 57 must agree (release build)", () => {
  const t = new Terminal();
  t.boot();
  const toCard = () => { t.key(0x31); t.key(Key.ENTER); t.text("张三"); t.key(Key.ENTER); t.key(0x31); t.text(ID); t.key(Key.ENTER); };
  toCard();
  // 70 { DF8101 (3-byte proprietary tag) 00, 5A PAN, 5F24 301231 }
  t.step({ kind: "CARD", card: { source: "chip", tlv: fromHex("7017DF810101005A0A6216261000000000018F5F2403301231") } });
  assert.doesNotMatch(t.screen(), /卡号有误/);
  t.digits("13552535506"); t.key(Key.ENTER);
  t.send();
  const req = Object.fromEntries(iso.unpack("cup", t.sent));
  assert.equal(req["2"], PAN);
  t.answer(reply(t.sent, "0110", "00", { "38": "V12349" }));
  assert.match(t.screen(), /认证成功/);
  t.key(Key.ENTER);
  toCard();
  // 57 of another card beside 5A: refused, nothing sent.
  t.step({ kind: "CARD", card: { source: "chip", tlv: fromHex("57116212143000000000011D301210100000005A0A6216261000000000018F") } });
  assert.equal(t.state(), EXPECT_CARD);
  assert.match(t.screen(), /卡内卡号不一致/);
  assert.ok(!t.out.some((c) => c.kind === "CONNECT" || c.kind === "SEND"));
});
