// Complete verifications per second through the release core's flow: every
// event of one verification in (menu key, consent, name, ID, card, phone,
// ENTER, LINK, the 0110 reply, SAVED), every command drained, the acquirer's
// reply produced by the host's own Acquirer in-process (no TCP, no files).
// The baseline, measured in the same run, is the part a reader can picture:
// the same verification's messages done in plain JS, i.e. what a terminal would
// do with node:crypto and the iso_8583 package if it had no flow at all (pack
// the 0100, encipher the field 62 TLV under the TDK, MAC it; unpack the 0110
// and check its MAC). The ratio says what the whole terminal costs on top of
// its bare message work. Also reports the acquirer's share of the subject and
// the core's memory before and after.
import { createRequire } from "node:module";
import { coreFor } from "../host/custody";
import { Flow, Key, KeySlot, LinkStatus, Beep, type FlowEvent } from "../host/api/flow";
import { ScreenId } from "../host/generated/abi";
import { RecordIndex, storeAnswer } from "../host/devices/record-index";
import { Acquirer } from "../host/acquirer/acquirer";
import { TestBank } from "../host/acquirer/bank";
import { coreCupCodec } from "../host/acquirer/core-codec";
import { encipherPersonalData, equalBytes, macCupEcb } from "../host/acquirer/crypto";
import { encodeTlv } from "../host/acquirer/message";
import { compare } from "./measure";

const require = createRequire(import.meta.url);

// Synthetic keys (the test keys of tests/host/flow-acquirer.ts), never real ones.
const TMK = Buffer.from("0123456789ABCDEFFEDCBA9876543210", "hex");
const RECORD_KEY = Buffer.from("000102030405060708090A0B0C0D0E0F", "hex");
const MAK = Buffer.from("3333333333333333444444444444444C", "hex");
const TDK = Buffer.from("5555555555555555666666666666666E", "hex");

// Open all day; the card's 24-hour limit (at most 99) is kept by moving the clock 15 minutes per verification.
const PROFILE = "terminalId=12345678\nmerchantId=123456789012345\nmerchantName=Bench Shop\nsupervisorPassword=2468\nhoursOpen=0000\nhoursClose=0000\ndailyLimit=99\nkeyCustody=core";

/** The default test bank's first card: four elements match, no SMS code. */
const HOLDER = { pan: "6222020000001000009", expiry: "3012", name: "王小明", id: "11010119900307010X", phone: "13800000001" };

/** A terminal on the release core with the host's acquirer wired in-process. */
class BenchTerminal {
  readonly core = coreFor("core"); // the profile keeps the keys in the core: the QA module (the terminal module holds none)
  readonly flow = new Flow(this.core);
  readonly records = new RecordIndex();
  readonly acquirer = new Acquirer({ codec: coreCupCodec(), bank: TestBank.default(), tmk: TMK, dailyLimit: 1e9, maxFailures: 1e9 });
  private clock = new Date(Date.UTC(2027, 0, 1));
  date = 20270101;
  time = 0;
  successes = 0;
  acquirerMs = 0;
  /** The screen last shown (the terminal module has no state getter: that is the QA build's). */
  screen = 0;

  /** Feeds `first` and every event the commands call for (link up, the acquirer's reply, SAVED), in order. */
  pump(first: FlowEvent): void {
    const pending: FlowEvent[] = [first];
    for (let ev = pending.shift(); ev; ev = pending.shift()) {
      for (const c of this.flow.step(ev, this.date, this.time)) {
        const { answer } = storeAnswer(this.records, c);
        if (answer) pending.push(answer);
        if (c.kind === "CONNECT") pending.push({ kind: "LINK", status: LinkStatus.UP });
        else if (c.kind === "SAVE") pending.push({ kind: "SAVED", id: c.id });
        else if (c.kind === "BEEP" && c.tone === Beep.SUCCESS) this.successes++;
        else if (c.kind === "SHOW") this.screen = c.screenId;
        else if (c.kind === "SEND") {
          const t0 = performance.now();
          const reply = this.acquirer.handleFrame(c.frame);
          this.acquirerMs += performance.now() - t0;
          if (!reply) throw new Error("the acquirer did not answer");
          pending.push({ kind: "RECEIVED", frame: reply });
        }
      }
    }
  }
  key(k: number): void { this.pump({ kind: "KEY", key: k }); }

  boot(): void {
    this.pump({ kind: "POWER_ON", profile: PROFILE });
    this.pump({ kind: "INJECT_KEY", slot: KeySlot.MASTER, key: TMK });
    this.pump({ kind: "INJECT_KEY", slot: KeySlot.RECORD_HASH, key: RECORD_KEY });
    this.pump({ kind: "START" }); // sign-on and echo test, answered by the acquirer
    if (this.screen !== ScreenId.MENU) throw new Error(`not at the menu after start-up (screen ${this.screen})`);
  }


  /** One verification from the menu back to the menu; throws unless it succeeded. */
  verify(): void {
    const c = this.clock;
    c.setUTCMinutes(c.getUTCMinutes() + 15);
    this.date = c.getUTCFullYear() * 10000 + (c.getUTCMonth() + 1) * 100 + c.getUTCDate();
    this.time = c.getUTCHours() * 10000 + c.getUTCMinutes() * 100;
    const before = this.successes;
    this.key(Key.DIGIT_1);                            // 1 verify
    this.key(Key.ENTER);                              // consent
    this.pump({ kind: "TEXT", text: HOLDER.name }); this.key(Key.ENTER);
    this.key(Key.DIGIT_1);                            // resident ID card
    this.pump({ kind: "TEXT", text: HOLDER.id }); this.key(Key.ENTER);
    this.pump({ kind: "CARD", card: { source: "keyed", pan: HOLDER.pan, expiry: HOLDER.expiry } });
    for (const ch of HOLDER.phone) this.key(ch.charCodeAt(0));
    this.key(Key.ENTER);
    this.key(Key.ENTER);                              // confirm: 0100 out, 0110 in, records SAVED
    this.key(Key.ENTER);                              // leave the success screen
    if (this.successes !== before + 1 || this.screen !== ScreenId.MENU) throw new Error(`verification did not succeed (screen ${this.screen})`);
  }
}

// ---- the baseline: the same messages in plain JS ------------------------------------------

/** Field 62: the holder's TLV, padded (method 2) and enciphered under the TDK (node:crypto). */
function personalData(): Uint8Array {
  return encipherPersonalData(TDK, encodeTlv([["01", HOLDER.name], ["02", "01"], ["03", HOLDER.id], ["04", HOLDER.phone]]));
}

/**
 * Packs with field 64 zeroed, MACs everything before it, writes the MAC into field 64's
 * bytes at the end (iso_8583's bin87 takes field 64 as 8 hex digits, i.e. 4 bytes).
 */
function packMacked(Iso: new (json?: Record<string, string>) => { getRawMessage(): Buffer | { error: string } }, json: Record<string, string>): Buffer {
  const raw = new Iso({ ...json, "64": "00000000" }).getRawMessage();
  if (!Buffer.isBuffer(raw)) throw new Error(`iso_8583 pack failed: ${raw.error}`);
  raw.set(macCupEcb(MAK, raw.subarray(0, raw.length - 4)).subarray(0, 4), raw.length - 4);
  return raw;
}

export function benchFlow(): void {
  const terminal = new BenchTerminal();
  terminal.boot();
  const before = terminal.core.memoryBytes();
  terminal.verify(); // proves the path once before it is timed

  const Iso = require("iso_8583");
  const REQUEST: Record<string, string> = {
    "0": "0100", "2": HOLDER.pan, "3": "330000", "11": "000123", "14": HOLDER.expiry, "22": "012", "25": "00",
    "41": "12345678", "42": "123456789012345", "49": "156", "60": "22000123000",
  };
  const REPLY: Record<string, string> = {
    "0": "0110", "2": HOLDER.pan, "3": "330000", "11": "000123", "12": "103001", "13": "1126", "25": "00",
    "37": "000000123456", "38": "V12345", "39": "00", "41": "12345678", "42": "123456789012345", "60": "22000123000",
  };
  const reply = packMacked(Iso, REPLY);
  const messagesInJs = () => {
    packMacked(Iso, { ...REQUEST, "62": Buffer.from(personalData()).toString("hex").toUpperCase() });
    const back = new Iso().getIsoJSON(reply, { lenHeader: false });
    if (back.error) throw new Error(`iso_8583 unpack failed: ${back.error}`);
    if (!equalBytes(macCupEcb(MAK, reply.subarray(0, reply.length - 4)).subarray(0, 4), reply.subarray(reply.length - 4))) throw new Error("reply MAC");
  };

  // compare() alternates subject and baseline; the acquirer's share is of the subject's own time.
  const successes0 = terminal.successes, acquirer0 = terminal.acquirerMs;
  let subjectMs = 0;
  const verification = () => { const t = performance.now(); terminal.verify(); subjectMs += performance.now() - t; };
  compare(
    "complete verification, menu to menu (verifications/s)",
    ["wasm flow + host acquirer", verification],
    ["same messages: iso_8583 + crypto", messagesInJs],
  );
  const n = terminal.successes - successes0;
  const acquirerMs = terminal.acquirerMs - acquirer0;
  const after = terminal.core.memoryBytes();
  console.log(`  ${n} verifications timed, ${(subjectMs / n).toFixed(3)} ms each, of which the in-process acquirer ${(100 * acquirerMs / subjectMs).toFixed(0)} %`);
  console.log(`  core memory before ${before} bytes, after ${after} bytes: ${after === before ? "unchanged" : "GREW"}\n`);
}
