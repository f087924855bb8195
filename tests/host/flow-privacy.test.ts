// R10: after a verification completes, nothing entered stays in the core's
// memory outside the masked record: the release core's whole linear memory
// is searched for the card number (ASCII and BCD), the ID number, the phone
// and the name. The values are not the self test's known answers (UnionPay's
// test card, the GB 11643 example ID), which the module carries as UTF-8 in its
// static data: the search would find those, entered or not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Key } from "../../host/api/flow";
import { Terminal, reply, PAN_FOR_PRIVACY as PAN } from "./flow-acquirer";

const ID = "110105198001010016";
const PHONE = "13552535506";
const NAME = "欧阳锋";

function find(memory: Uint8Array, needle: Uint8Array): number[] {
  const hits: number[] = [];
  outer: for (let i = 0; i + needle.length <= memory.length; i++) {
    for (let k = 0; k < needle.length; k++) if (memory[i + k] !== needle[k]) continue outer;
    hits.push(i);
  }
  return hits;
}

/** Where the entered values still appear in the core's memory. */
function leftovers(t: Terminal): Record<string, number[]> {
  const memory = new Uint8Array(t.core.exports.memory.buffer);
  const enc = new TextEncoder();
  const bcd = Buffer.from(PAN.slice(0, 18), "hex");
  return {
    pan: find(memory, enc.encode(PAN.slice(0, 12))),
    panBcd: find(memory, bcd),
    id: find(memory, enc.encode(ID.slice(6, 14))),
    phone: find(memory, enc.encode(PHONE.slice(3))),
    name: find(memory, enc.encode(NAME.slice(1))),
  };
}

const NONE = { pan: [], panBcd: [], id: [], phone: [], name: [] };

test("no entered value stays in memory after a completed verification", () => {
  const t = new Terminal();
  t.boot();
  t.enter(NAME, ID, PAN, PHONE);
  t.send();
  t.answer(reply(t.sent, "0110", "00", { "38": "V12345" }));
  t.key(Key.ENTER);
  assert.deepEqual(leftovers(t), NONE);
  // The saved record holds the masks only (the search covered it too).
  assert.ok(t.saved.some((r) => r.includes("pan=621626*********0016")));
});

test("no entered value stays in memory after a cancel or a timeout", () => {
  const t = new Terminal();
  t.boot();
  t.enter(NAME, ID, PAN, PHONE);
  assert.notDeepEqual(leftovers(t), NONE, "the search finds the values while they are in use");
  t.key(Key.CANCEL);
  assert.deepEqual(leftovers(t), NONE);
  t.enter(NAME, ID, PAN, PHONE);
  t.send();                                      // the request is out, no answer
  t.timer();                                     // HOST: no reply
  t.timer();                                     // MESSAGE: the message left alone
  assert.deepEqual(leftovers(t), NONE);
});

/** R10: an input screen left alone until the INPUT timer wipes everything entered so far, before anything was sent. */
test("no entered value stays in memory after an input screen times out", () => {
  const t = new Terminal();
  t.boot();
  t.key(Key.DIGIT_1);
  t.key(Key.ENTER);
  t.text(NAME); t.key(Key.ENTER);
  t.key(Key.DIGIT_1);
  t.text(ID); t.key(Key.ENTER);
  t.step({ kind: "CARD", card: { source: "keyed", pan: PAN, expiry: "3012" } });
  t.digits(PHONE); // typed, never confirmed
  assert.notDeepEqual(leftovers(t), NONE, "the search finds the values while they are in use");
  t.timer();
  assert.deepEqual(leftovers(t), NONE);
  assert.equal(t.core.call("flowWiped"), 1);
});
