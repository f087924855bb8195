// The acquirer's side of docs/PROTOCOL.md for the node:test suites of the
// flow, and a Terminal that drives the QA build of the terminal module (its
// state is asserted: tests/host/support/qa-core.ts) through host/api/flow.ts:
// ISO 8583 through the core's own pack/unpack exports, TDES and the UnionPay
// MAC through node:crypto. Test-only; synthetic keys.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { toolsCore } from "../../host/core";
import { qaCore } from "./support/qa-core";
import { Flow, Key, KeySlot, LinkStatus, type FlowCommand, type FlowEvent } from "../../host/api/flow";
import { RecordIndex, storeAnswer } from "../../host/devices/record-index";
import { Iso8583, fromHex, toHex } from "../../host/api/iso8583";
import { SoftwareSecureModule } from "../../host/secure/module";
import { nodeSecureCrypto } from "../../host/secure/node-crypto";

// ---- the acquirer's keys and crypto (synthetic test keys) ---------------------------
export const TMK = fromHex("0123456789ABCDEFFEDCBA9876543210");
export const RECORD_KEY = fromHex("000102030405060708090A0B0C0D0E0F");
export const PIK = fromHex("11111111111111112222222222222222");
export const MAK = fromHex("3333333333333333444444444444444C");
export const TDK = fromHex("5555555555555555666666666666666E");

export function tdes(key: Uint8Array, data: Uint8Array, decrypt = false, cbc = false): Buffer {
  const name = cbc ? "des-ede-cbc" : "des-ede-ecb";
  const iv = cbc ? Buffer.alloc(8) : null;
  const c = decrypt ? createDecipheriv(name, key, iv) : createCipheriv(name, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** The UnionPay POS "ECB" MAC (docs/PROTOCOL.md): XOR of the blocks, hex, two TDES steps, 8 hex characters. */
export function cupMac(key: Uint8Array, data: Uint8Array): Buffer {
  const x = Buffer.alloc(8);
  for (let i = 0; i < data.length; i++) x[i % 8] ^= data[i];
  const hex = Buffer.from(x.toString("hex").toUpperCase(), "ascii");
  const a = tdes(key, hex.subarray(0, 8));
  for (let i = 0; i < 8; i++) a[i] ^= hex[8 + i];
  return Buffer.from(tdes(key, a).subarray(0, 4).toString("hex").toUpperCase(), "ascii");
}

export function keyBlock(): string {
  const parts = [PIK, MAK, TDK].map((k) => Buffer.concat([tdes(TMK, k), tdes(k, Buffer.alloc(8)).subarray(0, 4)]));
  return toHex(Buffer.concat(parts));
}

const acquirerCore = toolsCore();
export const iso = new Iso8583(acquirerCore);

/** A reply to `request` (a SEND frame): echoes 2, 3, 11, 25, 41, 42, 60, adds the rest; MAC'd when asked. */
export function reply(request: Uint8Array, mti: string, rc: string, extra: Record<string, string> = {}, mac = true, tamper?: Record<string, string>): Uint8Array {
  const req = Object.fromEntries(iso.unpack("cup", request));
  const json: Record<string, string> = { tpdu: req.tpdu, header: req.header, t: mti };
  for (const f of ["2", "3", "11", "25", "41", "42", "60"]) if (req[f] !== undefined) json[f] = req[f];
  Object.assign(json, { "12": "103001", "13": "1126", "37": "000000123456", "39": rc }, extra, tamper ?? {});
  if (mac) json["64"] = "0000000000000000";
  const frame = iso.pack("cup", json);
  if (mac) {
    const [off, len] = iso.macRegion();
    frame.set(cupMac(MAK, frame.subarray(off, off + len)), frame.length - 8);
  }
  return frame;
}

export function personalData(request: Uint8Array): string {
  const req = Object.fromEntries(iso.unpack("cup", request));
  const clear = tdes(TDK, fromHex(req["62"]), true, true);
  let end = clear.length;
  while (end > 0 && clear[end - 1] === 0) end--;
  return clear.subarray(0, end - 1).toString("utf8");
}

/** `body` followed by its Luhn check digit: a synthetic card number that passes the check. */
export function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

// ---- the terminal ----------------------------------------------------------------------
export const DATE = 20261126;
export const TIME = 103000;
export const PAN_FOR_PRIVACY = "6216263000000000016"; // not the self test's test card (flow-privacy.test.ts)
// keyCustody=core (the default here): this driver injects the keys into the core. A Terminal
// made with custody "module" keeps them in a software secure module (host/secure/) that
// answers the core's INSTALL_KEY, MAC, ENCIPHER and PIN_ENTRY, as a host does.
export const PROFILE = "terminalId=12345678\nmerchantId=123456789012345\nmerchantName=Test Shop\nsupportPhone=95516\nsupervisorPassword=2468\nhoursOpen=0000\nhoursClose=0000\ndailyLimit=99\nkeyCustody=core";

export class Terminal {
  readonly core = qaCore();
  readonly flow = new Flow(this.core);
  out: FlowCommand[] = [];
  sent: Uint8Array = new Uint8Array(0);
  saved: string[] = [];
  printed: string[][] = [];

  /** The storage's index: answers the record queries; survives boot(), and a power cut when handed to the next Terminal. */
  constructor(readonly records = new RecordIndex(), custody: "core" | "module" = "core") {
    if (custody === "module") this.secure = new SoftwareSecureModule({ tmk: TMK, recordHashKey: RECORD_KEY }, nodeSecureCrypto);
  }
  /** keyCustody=module: the host's secure module, which holds the keys instead of the core. */
  readonly secure: SoftwareSecureModule | undefined;
  /** Storage that answers at once: SAVED follows every SAVE (off for the EXPECT_SAVED tests). */
  autoSaved = true;

  /** The time the last event carried (hhmmss): nextDeadline() counts from it. */
  private time = TIME;

  step(event: FlowEvent, time = TIME): FlowCommand[] {
    this.time = time;
    this.out = this.flow.step(event, DATE, time);
    for (let i = 0; i < this.out.length; i++) {
      const c = this.out[i];
      if (c.kind === "SEND") this.sent = c.frame;
      if (c.kind === "SAVE") this.saved.push(c.text);
      if (c.kind === "PRINT") this.printed.push(c.lines);
      const { answer } = storeAnswer(this.records, c);
      if (answer) this.out.push(...this.flow.step(answer, DATE, time));
      if (c.kind === "SAVE" && this.autoSaved) this.out.push(...this.flow.step({ kind: "SAVED", id: c.id }, DATE, time));
      if (c.kind === "INSTALL_KEY" || c.kind === "MAC" || c.kind === "ENCIPHER") this.out.push(...this.flow.step(this.secure!.answer(c), DATE, time));
      if (c.kind === "PIN_ENTRY") this.secure!.beginPinEntry(c);
    }
    return this.out;
  }
  /**
   * The host's one timer firing: TIMER at the time of the core's next deadline. Later
   * events carry TIME again (the core counts a clock set back as no time passing).
   */
  timer(): FlowCommand[] {
    const ms = this.flow.nextDeadline();
    if (ms < 0) throw new Error("no deadline is set");
    const t = this.time;
    const s = Math.floor(t / 10000) * 3600 + Math.floor((t / 100) % 100) * 60 + (t % 100) + ms / 1000;
    return this.step({ kind: "TIMER" }, Math.floor(s / 3600) * 10000 + Math.floor((s / 60) % 60) * 100 + (s % 60));
  }
  /** A key on the keypad; during a PIN entry (keyCustody=module) the secure module's, which tells the core what it needs. */
  key(k: number): void {
    if (!this.secure?.pinEntryOpen) { this.step({ kind: "KEY", key: k }); return; }
    const told = this.secure.pinKey(k);
    if (told) this.step(told);
  }
  digits(s: string): void { for (const ch of s) this.key(ch.charCodeAt(0)); }
  text(s: string): void { this.step({ kind: "TEXT", text: s }); }
  screen(): string {
    const shows = this.out.filter((c) => c.kind === "SHOW");
    const last = shows[shows.length - 1];
    return last && last.kind === "SHOW" ? last.lines.join("") : "";
  }
  state(): number { return this.core.call("flowState"); }
  /** The acquirer's ISO 8583 codec (for tests that read requests). */
  flowIso(): Iso8583 { return iso; }
  answer(frame: Uint8Array): void { this.step({ kind: "RECEIVED", frame }); }
  /** ENTER on the confirmation (or loss) screen, then the link comes up: the request is in `sent`. */
  send(): void {
    this.key(Key.ENTER);
    this.step({ kind: "LINK", status: LinkStatus.UP });
  }

  boot(profile = PROFILE): void {
    // The profile's last word on a key wins: the custody goes last.
    this.step({ kind: "POWER_ON", profile: this.secure ? `${profile}\nkeyCustody=module` : profile });
    if (!this.secure) {
      this.step({ kind: "INJECT_KEY", slot: KeySlot.MASTER, key: TMK });
      this.step({ kind: "INJECT_KEY", slot: KeySlot.RECORD_HASH, key: RECORD_KEY });
    }
    const { settings, highestStan } = this.records.powerOnRecords();
    for (const r of [settings, highestStan]) if (r) this.step({ kind: "RESTORE", record: r });
    this.step({ kind: "START" });
    this.step({ kind: "LINK", status: LinkStatus.UP });
    this.answer(reply(this.sent, "0810", "00", { "62": keyBlock() }, false));
    this.step({ kind: "LINK", status: LinkStatus.UP });
    this.answer(reply(this.sent, "0830", "00", {}, false));
  }

  enter(name: string, id: string, pan: string, phone: string): void {
    this.key(0x31);
    this.key(Key.ENTER);
    this.text(name); this.key(Key.ENTER);
    this.key(0x31);
    this.text(id); this.key(Key.ENTER);
    this.step({ kind: "CARD", card: { source: "keyed", pan, expiry: "3012" } });
    this.digits(phone); this.key(Key.ENTER);
  }
}

