// The acquirer's side of ISO 8583 repeats and of the batch (docs/PROTOCOL.md
// "Repeats", "Sign-on"): a repeat (0101, same STAN) is answered with what was
// decided for its original — same code, reference, verification id — and is not
// counted again; a repeat of an original never seen is decided as one; a repeat
// naming another card under the same STAN is refused with 94. A sign-on hands out
// the terminal's batch in 60.2; after the batch is closed, requests in the old one
// are answered 77 until the terminal signs on and takes the new one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Acquirer } from "../../host/acquirer/acquirer";
import { TestBank } from "../../host/acquirer/bank";
import { coreCupCodec } from "../../host/acquirer/core-codec";
import type { CupMessage } from "../../host/acquirer/message";
import { TEST_TMK, TestTerminal } from "./support/terminal-side";
import { isRepeat, originalMti } from "../../host/acquirer/repeats";

const codec = coreCupCodec();
const bank = TestBank.default();
const card = bank.cards.find((c) => !c.otp && c.status === "active" && c.phone !== "")!;

function setup(): { acquirer: Acquirer; t: TestTerminal } {
  const acquirer = new Acquirer({ codec, bank, tmk: TEST_TMK });
  const t = new TestTerminal(acquirer, codec);
  t.signOn(60);
  return { acquirer, t };
}

/** The four-element request for `pan` (not sent): a fresh STAN. */
function verification(t: TestTerminal, pan: string, name = card.name): CupMessage {
  return t.message("0100", {
    2: pan, 3: "330000", 14: card.expiry, 22: "012", 25: "00", 60: "71000001000",
    62: t.personalData([["NM", name], ["IT", "01"], ["ID", card.idNumber], ["PH", card.phone]]),
  });
}

const repeatOf = (m: CupMessage, mti = "0101"): CupMessage => ({ ...m, mti, fields: { ...m.fields } });

test("repeat MTIs: 0101, 0201, 0303 are repeats of 0100, 0200, 0302", () => {
  assert.deepEqual(["0101", "0201", "0303", "0100", "0810"].map(isRepeat), [true, true, true, false, false]);
  assert.deepEqual(["0101", "0201", "0303", "0100"].map(originalMti), ["0100", "0200", "0302", "0100"]);
});

test("a repeat gets the original's answer (code, reference, verification id) and is not counted again", () => {
  const { acquirer, t } = setup();
  const request = verification(t, card.pan);
  const first = t.exchange(repeatOf(request, "0100"))!;
  assert.equal(first.fields[39], "00");
  assert.equal(acquirer.requestsToday(card.pan), 1);
  for (let i = 0; i < 2; i++) {
    const again = t.exchange(repeatOf(request))!;
    assert.equal(again.mti, "0110");
    assert.equal(again.fields[39], "00");
    assert.equal(again.fields[38], first.fields[38]);
    assert.equal(again.fields[37], first.fields[37]);
    assert.equal(again.fields[11], request.fields[11]);
    assert.equal((again as CupMessage & { macValid?: boolean }).macValid, true);
  }
  assert.equal(acquirer.requestsToday(card.pan), 1, "the repeats were counted");
});

test("a mismatch's repeat is the same 05, counted once", () => {
  const { acquirer, t } = setup();
  const request = verification(t, card.pan, "张冒名");
  assert.equal(t.exchange(repeatOf(request, "0100"))!.fields[39], "05");
  assert.equal(t.exchange(repeatOf(request))!.fields[39], "05");
  assert.equal(acquirer.requestsToday(card.pan), 1);
});

test("a repeat whose original never arrived is decided as an original", () => {
  const { acquirer, t } = setup();
  const reply = t.exchange(repeatOf(verification(t, card.pan)))!;
  assert.equal(reply.mti, "0110");
  assert.equal(reply.fields[39], "00");
  assert.equal(acquirer.requestsToday(card.pan), 1);
});

test("a repeat naming another card under the original's STAN is refused with 94, not decided", () => {
  const { acquirer, t } = setup();
  const other = bank.cards.find((c) => c.pan !== card.pan && c.status === "active")!;
  const request = verification(t, card.pan);
  t.exchange(repeatOf(request, "0100"));
  const forged = repeatOf(request);
  forged.fields[2] = other.pan;
  assert.equal(t.exchange(forged)!.fields[39], "94");
  assert.equal(acquirer.requestsToday(other.pan), 0);
});

test("the batch: handed out at sign-on; closed, the old one is answered 77 until the next sign-on", () => {
  const { acquirer, t } = setup();
  assert.equal(String(t.signOn(60).fields[60]).slice(2, 8), "000001");
  assert.equal(t.exchange(verification(t, card.pan))!.fields[39], "00");
  assert.equal(acquirer.closeBatch("10000001"), "000002");
  assert.equal(t.exchange(verification(t, card.pan))!.fields[39], "77");
  assert.equal(String(t.signOn(60).fields[60]).slice(2, 8), "000002");
  const inNewBatch = verification(t, card.pan);
  inNewBatch.fields[60] = "71000002000";
  assert.equal(t.exchange(inNewBatch)!.fields[39], "00");
});
