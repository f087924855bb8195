// The simulated acquirer/issuer: the other side of docs/PROTOCOL.md. One request
// frame in, one reply frame out (or none, when a fault is injected). Fields are
// packed by the codec it is given (the core's ISO 8583 engine); the cryptography
// is its own (./crypto.ts, node's OpenSSL), so each exchange cross-checks the core.
//
// What it keeps: the working keys handed to each terminal at sign-on (memory
// only), per-card attempt counters for the day, pending SMS codes, and a hotlist
// of cards reported lost (as HMAC-SHA256 of the PAN under a random secret kept in
// DATA/hotlist.key, mode 0600; the list in DATA/hotlist.json). What it writes
// in DATA, asynchronously and size-capped with rotation (log-file.ts):
// acquirer.log (masked dumps of every message) and sms-outbox.txt (the SMS codes
// it "sent", to masked numbers).
import {
  chmodSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync,
} from "node:fs";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { join } from "node:path";
import type { BankCard, TestBank } from "./bank";
import {
  cryptTrack, decipherPersonalData, equalBytes, KEY_LAYOUTS, macCupEcb, newWorkingKeys, pinFromIso0, tdesEcb, wipe, workingKeyBlock,
  type KeyLayout, type WorkingKeys,
} from "./crypto";
import { LogFile, type LogFileOptions } from "./log-file";
import {
  bytes, decodeTlv, encodeTlv, maskedDump, maskId, maskName, maskPan, maskPhone, text, type CupCodec, type CupLayout, type CupMessage,
} from "./message";
import { idDigits, isPublicVerification, readHolderId } from "./public-verify";
import { fromHex, toHex } from "../hex";
import { Decisions, isRepeat, originalMti } from "./repeats";

/** 60.3 network management code -> working-key layout (docs/PROTOCOL.md). */
const LAYOUT_BY_CODE: Record<string, KeyLayout> = { "001": 24, "003": 40, "004": 60 };

/** The four-element layout's `IT` codes: resident ID 01, and this product's 11 (HK/MO/TW residence permit) and 12 (foreign permanent residence ID). */
const ID_TYPES = ["01", "11", "12"];
/** Field 61's ID types in the account layout: 01 (resident ID or permit), 99 其它证件 (the foreign permanent residence ID). */
const PUBLIC_ID_TYPES = ["01", "99"];

/** Card status -> field 39 (docs/PROTOCOL.md "Response codes"). */
const STATUS_CODES: Record<string, string> = {
  lost: "41", stolen: "43", expired: "33", restricted: "62", dormant: "21", unsupported: "40", blocked: "04", "pin-locked": "75",
};

export interface AcquirerOptions {
  codec: CupCodec;
  bank: TestBank;
  /** The terminal master key shared with every terminal (16 bytes). */
  tmk: Uint8Array;
  /** Folder for acquirer.log, sms-outbox.txt and hotlist.json; nothing is written without it. */
  dataDir?: string;
  now?: () => Date;
  random?: (n: number) => Uint8Array;
  /** Also receives each log line (the console of `realname-pos acquirer`). */
  onLog?: (line: string) => void;
  /** Consecutive mismatches after which a card is refused (65) for the day. */
  maxFailures?: number;
  /** Verification requests per card per day. */
  dailyLimit?: number;
  /** Seconds an SMS code stays valid. */
  otpSeconds?: number;
  /** Wrong SMS codes before the code is void. */
  otpTries?: number;
  /** Wrong PINs before the card is refused (75) for the day. */
  pinTries?: number;
  /** Registered terminal ids; empty or absent accepts any terminal. */
  terminals?: readonly string[];
  /** How long a terminal's working keys live; a sign-on before then gets the same keys (default 12 h). */
  keyLifetimeSeconds?: number;
  /** Size caps and rotation of acquirer.log and sms-outbox.txt (host/acquirer/log-file.ts). */
  log?: LogFileOptions;
}

const OPTION_KEYS = [
  "codec", "bank", "tmk", "dataDir", "now", "random", "onLog", "maxFailures", "dailyLimit", "otpSeconds", "otpTries", "pinTries", "terminals",
  "keyLifetimeSeconds", "log",
];

/** A terminal's working keys for one key layout, and when they were made. */
interface KeySet {
  layout: KeyLayout;
  keys: WorkingKeys;
  issued: number;
}

/** Faults the tests inject: the next N replies are withheld, or carry a wrong MAC. */
export type Fault = "silent" | "bad-mac";

interface PendingOtp {
  pan: string;
  code: string;
  expires: number;
  tries: number;
  phone: string;
}

interface CardDay {
  day: string;
  requests: number;
  failures: number;
  pinFailures: number;
}

export class Acquirer {
  private readonly o: Required<Omit<AcquirerOptions, "dataDir" | "onLog" | "terminals">> & Pick<AcquirerOptions, "dataDir" | "onLog" | "terminals">;
  /** Working keys per terminal id: one set per key layout it signed on with (see signOn). */
  private readonly sessions = new Map<string, KeySet[]>();
  private readonly logFile: LogFile | undefined;
  private readonly outbox: LogFile | undefined;
  private readonly pending = new Map<string, PendingOtp>();
  /** Verification id -> card, for loss reports made from a saved record (this run only: the map is not written out). */
  private readonly verified = new Map<string, string>();
  private readonly days = new Map<string, CardDay>();
  /** The reply decided for each original request, so a repeat gets it again (repeats.ts). */
  private readonly decisions = new Decisions();
  /** Each terminal's current batch (60.2), handed out at sign-on; a request in another batch is answered 77. */
  private readonly batches = new Map<string, string>();
  private readonly hotlist = new Set<string>();
  /** The HMAC key of the hotlist (DATA/hotlist.key; a fresh one per instance without a data folder). */
  private hotlistSecret: Uint8Array = new Uint8Array(randomBytes(HOTLIST_SECRET_BYTES));
  private readonly faults: Record<Fault, number> = { silent: 0, "bad-mac": 0 };
  private sequence = 0;
  /** The SMS codes sent, newest last (the simulator's `otp` script step types the last one). */
  readonly sentCodes: { ref: string; code: string; to: string }[] = [];

  constructor(options: AcquirerOptions) {
    for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown acquirer option ${key}`);
    if (options.tmk.length !== 16) throw new RangeError("the TMK must be 16 bytes");
    this.o = {
      now: () => new Date(),
      random: (n) => new Uint8Array(randomBytes(n)),
      maxFailures: 3, dailyLimit: 10, otpSeconds: 300, otpTries: 3, pinTries: 3, keyLifetimeSeconds: 12 * 3600, log: {},
      ...options,
    };
    if (this.o.dataDir) {
      mkdirSync(this.o.dataDir, { recursive: true });
      this.logFile = new LogFile(join(this.o.dataDir, "acquirer.log"), this.o.log);
      this.outbox = new LogFile(join(this.o.dataDir, "sms-outbox.txt"), this.o.log);
      this.hotlistSecret = loadHotlistSecret(this.o.dataDir);
      this.loadHotlist(join(this.o.dataDir, "hotlist.json"));
    }
  }

  /** Resolves once every log and outbox line so far is on the disk (they are written asynchronously). */
  async flush(): Promise<void> {
    await Promise.all([this.logFile?.flush(), this.outbox?.flush()]);
  }

  /** The next `count` replies are withheld (silent) or sent with a corrupted MAC (bad-mac). */
  inject(fault: Fault, count = 1): void {
    this.faults[fault] += count;
  }

  /** Verification requests counted against a card today (the daily limit's count). */
  requestsToday(pan: string): number {
    return this.day(pan).requests;
  }

  /** The SMS code most recently sent. */
  lastCode(): string | undefined {
    return this.sentCodes.at(-1)?.code;
  }

  /**
   * Handles one request frame; returns the reply frame, or undefined for no reply. A frame
   * that is not a cup message is read again as the public verification layout (48 and 61
   * as text), which is the only layout that sends them so.
   */
  handleFrame(frame: Uint8Array): Uint8Array | undefined {
    let request: CupMessage;
    let macOffset: number;
    let macLength: number;
    let layout: CupLayout = "cup";
    try {
      ({ message: request, macOffset, macLength } = this.o.codec.unpack(frame));
    } catch (e) {
      try {
        ({ message: request, macOffset, macLength } = this.o.codec.unpack(frame, "cup-verify"));
        layout = "cup-verify";
      } catch {
        this.log(`<- unreadable frame of ${frame.length} bytes (${e instanceof Error ? e.message : e}); no reply`);
        return undefined;
      }
    }
    this.log(`<- request\n${maskedDump(request).join("\n")}`);
    const terminal = text(request, 41) ?? "";
    const { reply, keys } = this.answer(request, frame, macOffset, macLength, terminal);
    if (this.faults.silent > 0) {
      this.faults.silent--;
      this.log("-> reply withheld (injected fault: silent)");
      return undefined;
    }
    const packed = this.pack(reply, keys, layout);
    this.log(`-> reply\n${maskedDump(reply).join("\n")}`);
    return packed;
  }

  /** The reply to a request, and the keys that MAC it (the set the request's MAC verified under). */
  private answer(request: CupMessage, frame: Uint8Array, macOffset: number, macLength: number, terminal: string): { reply: CupMessage; keys?: WorkingKeys } {
    const f60 = text(request, 60) ?? "";
    const type = f60.slice(0, 2);
    const echo = [2, 3, 11, 25, 41, 42, 60];
    const reply = (mti: string, code: string, extra: Record<number, string | Uint8Array> = {}): CupMessage => {
      const fields: Record<number, string | Uint8Array> = {};
      for (const f of echo) {
        const v = request.fields[f];
        if (v !== undefined && !(mti === "0312" && (f === 3 || f === 25))) fields[f] = v;
      }
      const now = this.o.now();
      fields[12] = [now.getHours(), now.getMinutes(), now.getSeconds()].map((x) => String(x).padStart(2, "0")).join("");
      fields[13] = [now.getMonth() + 1, now.getDate()].map((x) => String(x).padStart(2, "0")).join("");
      fields[37] = this.reference(now);
      fields[39] = code;
      Object.assign(fields, extra);
      return { mti, tpdu: swapTpdu(request.tpdu), header: request.header, fields };
    };

    if (this.o.terminals?.length && !this.o.terminals.includes(terminal)) {
      this.log(`terminal ${terminal} is not registered`);
      return { reply: reply(replyMti(request.mti), "97") };
    }

    if (request.mti === "0800") return { reply: this.signOn(reply, terminal, f60) };
    if (request.mti === "0820") return { reply: reply("0830", "00") };

    // Everything else carries a MAC under the MAK of one of this terminal's sign-ons.
    const sets = this.sessions.get(terminal) ?? [];
    if (sets.length === 0) {
      this.log(`terminal ${terminal} has not signed on: A0`);
      return { reply: reply(replyMti(request.mti), "A0") };
    }
    const mac = bytes(request, 64);
    const region = frame.subarray(macOffset, macOffset + macLength);
    const keys = mac && sets.find((set) => equalBytes(mac, macCupEcb(set.keys.mak, region)))?.keys;
    if (!keys) {
      this.log("request MAC does not verify: A0");
      return { reply: reply(replyMti(request.mti), "A0"), keys: sets.at(-1)!.keys };
    }
    // A repeat (0101, 0201, 0303) is answered from what was decided for its original, and counts nothing again.
    const original: CupMessage = { ...request, mti: originalMti(request.mti) };
    if (isRepeat(request.mti)) {
      const earlier = this.decisions.recall(original);
      if (earlier?.kind === "same") {
        this.log(`repeat of STAN ${text(request, 11)}: answered as decided (${earlier.reply.fields[39]}), not counted again`);
        return { reply: earlier.reply, keys };
      }
      if (earlier?.kind === "other") {
        this.log(`repeat of STAN ${text(request, 11)} names another card or operation: 94`);
        return { reply: reply(replyMti(request.mti), "94"), keys };
      }
      this.log(`repeat of STAN ${text(request, 11)} whose original never arrived: decided as an original`);
    }
    const batch = this.batches.get(terminal);
    if (batch !== undefined && f60.slice(2, 8) !== batch) {
      this.log(`terminal ${terminal} sends batch ${f60.slice(2, 8)}, the current one is ${batch}: 77`);
      return { reply: reply(replyMti(request.mti), "77"), keys };
    }
    const decided = this.operation(reply, original, keys, type);
    this.decisions.remember(original, decided);
    return { reply: decided, keys };
  }

  /** Settlement: the terminal's batch moves on, so its requests in the old one are answered 77 until it signs on again. */
  closeBatch(terminal: string): string {
    const next = String((Number(this.batches.get(terminal) ?? "0") % 999999) + 1).padStart(6, "0");
    this.batches.set(terminal, next);
    this.log(`batch of terminal ${terminal} closed: the next is ${next}`);
    return next;
  }

  /**
   * A sign-on (0800). Nothing authenticates it (the terminal has no keys yet), so it
   * must not let anyone knock a terminal off its keys: a terminal's working keys for a
   * layout live for `keyLifetimeSeconds`, and a sign-on before then is answered with
   * the same keys (under the TMK: useless without it). Only the first sign-on after they
   * expire makes new ones and retires the old (docs/PROTOCOL.md "Working keys"). The
   * reply's 60.2 is the terminal's current batch (its own, at its first sign-on here).
   */
  private signOn(reply: ReplyBuilder, terminal: string, f60: string): CupMessage {
    const layout: KeyLayout | undefined = LAYOUT_BY_CODE[f60.slice(8, 11)];
    if (!layout) return reply("0810", "30");
    let batch = this.batches.get(terminal);
    if (batch === undefined) {
      batch = /^\d{6}$/.test(f60.slice(2, 8)) ? f60.slice(2, 8) : "000001";
      this.batches.set(terminal, batch);
    }
    const now = this.o.now().getTime();
    const sets = this.sessions.get(terminal) ?? [];
    let set = sets.find((s) => s.layout === layout);
    if (set && now - set.issued < this.o.keyLifetimeSeconds * 1000) {
      this.log(`sign-on: terminal ${terminal}, ${layout}-byte key block: keys of ${new Date(set.issued).toISOString()} sent again`);
    } else {
      if (set) wipe(set.keys.pik, set.keys.mak, set.keys.tdk);
      set = { layout, keys: newWorkingKeys(layout, this.o.random), issued: now };
      this.sessions.set(terminal, [...sets.filter((s) => s.layout !== layout), set]);
      this.log(`sign-on: terminal ${terminal}, ${layout}-byte key block (${KEY_LAYOUTS[layout]}-byte keys): new keys`);
    }
    return reply("0810", "00", { 60: f60.slice(0, 2) + batch + f60.slice(8), 62: workingKeyBlock(this.o.tmk, set.keys) });
  }

  private operation(reply: ReplyBuilder, request: CupMessage, keys: WorkingKeys, type: string): CupMessage {
    // A loss report made from the terminal's saved record names the card by the verification id given it here.
    const pan = text(request, 2) ?? (request.mti === "0302" ? this.verified.get(text(request, 38) ?? "") : undefined) ?? "";
    const card = this.o.bank.card(pan);
    if ((request.mti === "0100" || request.mti === "0200") && isPublicVerification(text(request, 3), text(request, 48))) {
      return this.verifyPublic(reply, request, keys, card);
    }
    if (request.mti === "0302" && type === "74") return this.lossReport(reply, card, pan, text(request, 63) ?? "");
    if (request.mti === "0200" && text(request, 3) === "310000") return this.balance(reply, request, keys, card);
    if (request.mti === "0100" && text(request, 3) === "330000") {
      if (type === "71") return this.verify(reply, request, keys, card);
      if (type === "72" || type === "73") return this.smsStep(reply, request, keys, card, type === "73");
    }
    return reply(replyMti(request.mti), "30");
  }

  /** Card status, hotlist and daily counters: the code that refuses this card, or undefined. */
  private refusal(card: BankCard | undefined, pan: string): string | undefined {
    if (!card) return "14";
    if (this.hotlist.has(this.hotlistKey(pan))) return "41";
    const status = STATUS_CODES[card.status];
    if (status) return status;
    const day = this.day(pan);
    if (day.pinFailures >= this.o.pinTries) return "75";
    if (day.failures >= this.o.maxFailures || day.requests >= this.o.dailyLimit) return "65";
    return undefined;
  }

  private checkPin(request: CupMessage, keys: WorkingKeys, card: BankCard): string | undefined {
    const block = bytes(request, 52);
    if (!block) return undefined;
    const clear = block.length === 8 ? tdesEcb(keys.pik, block, false) : undefined;
    const pin = clear ? pinFromIso0(clear, card.pan) : undefined;
    wipe(clear);
    if (pin === card.pin) {
      this.day(card.pan).pinFailures = 0;
      return undefined;
    }
    const day = this.day(card.pan);
    day.pinFailures++;
    this.log(`PIN does not match (${day.pinFailures}/${this.o.pinTries})`);
    return day.pinFailures >= this.o.pinTries ? "75" : "55";
  }

  private balance(reply: ReplyBuilder, request: CupMessage, keys: WorkingKeys, card: BankCard | undefined): CupMessage {
    const pan = text(request, 2) ?? "";
    const refused = this.refusal(card, pan);
    if (refused && refused !== "65") return reply("0210", refused);
    if (!bytes(request, 52)) return reply("0210", "30");
    const pinCode = this.checkPin(request, keys, card!);
    if (pinCode) return reply("0210", pinCode);
    return reply("0210", "00", { 54: "1001156C000000012345" });
  }

  private verify(reply: ReplyBuilder, request: CupMessage, keys: WorkingKeys, card: BankCard | undefined): CupMessage {
    const pan = text(request, 2) ?? "";
    const tlv = this.personalData(request, keys);
    if (!tlv) return reply("0110", "30");
    const name = tlv.get("NM") ?? "";
    const id = (tlv.get("ID") ?? "").toUpperCase();
    const phone = tlv.get("PH") ?? "";
    if (!ID_TYPES.includes(tlv.get("IT") ?? "") || !name || !id || !phone) return reply("0110", "30");
    this.log(`verify ${maskPan(pan)}: name ${maskName(name)}, ID ${maskId(id)}, phone ${maskPhone(phone)}`);
    const refused = this.refusal(card, pan);
    if (refused) return reply("0110", refused);
    const c = card!;
    const day = this.day(pan);
    day.requests++;
    if (c.phone === "") return reply("0110", "P1");
    const pinCode = this.checkPin(request, keys, c);
    if (pinCode) return reply("0110", pinCode);
    let mismatch = "";
    if (name.normalize("NFC") !== c.name.normalize("NFC")) mismatch += "N";
    if (id !== c.idNumber) mismatch += "I";
    if (!this.expiryMatches(request, keys, c)) mismatch += "C";
    if (phone !== c.phone) mismatch += "P";
    if (mismatch) return this.mismatch(reply, "0110", c, mismatch);
    day.failures = 0;
    if (c.otp) return this.sendCode(reply, c, this.newRef());
    return reply("0110", "00", { 38: this.verifiedCard(pan) });
  }

  /**
   * The public verification layout (48 "CK10#", 61 ID type + six ID digits): the card,
   * those six digits and the PIN are all it can check; it carries no name or phone.
   */
  private verifyPublic(reply: ReplyBuilder, request: CupMessage, keys: WorkingKeys, card: BankCard | undefined): CupMessage {
    const mti = replyMti(request.mti);
    const pan = text(request, 2) ?? "";
    const holder = readHolderId(text(request, 61));
    if (!holder || !PUBLIC_ID_TYPES.includes(holder.idType)) return reply(mti, "30");
    this.log(`public verification ${maskPan(pan)}: ID type ${holder.idType}, six ID digits`);
    const refused = this.refusal(card, pan);
    if (refused) return reply(mti, refused);
    const c = card!;
    this.day(pan).requests++;
    const pinCode = this.checkPin(request, keys, c);
    if (pinCode) return reply(mti, pinCode);
    let mismatch = "";
    if (holder.idDigits !== idDigits(c.idNumber)) mismatch += "I";
    if (!this.expiryMatches(request, keys, c)) mismatch += "C";
    if (mismatch) return this.mismatch(reply, mti, c, mismatch);
    this.day(pan).failures = 0;
    return reply(mti, "00", { 38: this.verificationId() });
  }

  /** 05: counted for the day; field 44 names the elements only when the issuer offers that (mismatchDetail). */
  private mismatch(reply: ReplyBuilder, mti: string, card: BankCard, elements: string): CupMessage {
    const day = this.day(card.pan);
    day.failures++;
    this.log(`mismatch ${elements} (${day.failures}/${this.o.maxFailures} today)${card.mismatchDetail ? "" : ", not named in the answer"}`);
    return reply(mti, "05", card.mismatchDetail ? { 44: elements } : {});
  }

  /**
   * The card's expiry from field 14, else from track 2 (decrypted under the TDK when 53.3
   * says it is encrypted); no expiry sent matches. A track 2 that does not read back as
   * this card's (wrong key, or not a track) does not match.
   */
  private expiryMatches(request: CupMessage, keys: WorkingKeys, card: BankCard): boolean {
    const sent = text(request, 35) !== undefined;
    const track = this.clearTrack2(request, keys);
    if (sent && (track === undefined || !track.startsWith(`${card.pan}=`))) {
      this.log("track 2 does not read back as the card's");
      return false;
    }
    const expiry = text(request, 14) ?? track2Expiry(track);
    return expiry === undefined || expiry === card.expiry;
  }

  /** Field 35 in clear: as sent, or decrypted under this terminal's TDK when 53.3 is 1; undefined when it cannot be read. */
  private clearTrack2(request: CupMessage, keys: WorkingKeys): string | undefined {
    const track = text(request, 35);
    if (track === undefined || text(request, 53)?.[2] !== "1") return track;
    if (!keys.tdk) return undefined;
    try {
      return cryptTrack(keys.tdk, track, false);
    } catch {
      this.log("encrypted track 2 is not a track");
      return undefined;
    }
  }

  private smsStep(reply: ReplyBuilder, request: CupMessage, keys: WorkingKeys, card: BankCard | undefined, resend: boolean): CupMessage {
    const pan = text(request, 2) ?? "";
    const tlv = this.personalData(request, keys);
    const ref = tlv?.get("OR");
    if (!tlv || !ref) return reply("0110", "30");
    const pending = this.pending.get(ref);
    if (!pending || pending.pan !== pan || !card) return reply("0110", "S3");
    if (resend) return this.sendCode(reply, card, ref);
    if (this.o.now().getTime() > pending.expires) {
      this.pending.delete(ref);
      return reply("0110", "S3");
    }
    if (tlv.get("OC") !== pending.code) {
      pending.tries++;
      this.log(`wrong SMS code for ${ref} (${pending.tries}/${this.o.otpTries})`);
      if (pending.tries >= this.o.otpTries) this.pending.delete(ref);
      return reply("0110", "S2");
    }
    this.pending.delete(ref);
    return reply("0110", "00", { 38: this.verifiedCard(pan) });
  }

  private sendCode(reply: ReplyBuilder, card: BankCard, ref: string): CupMessage {
    const code = randomDigits(6, this.o.random);
    this.pending.set(ref, { pan: card.pan, code, expires: this.o.now().getTime() + this.o.otpSeconds * 1000, tries: 0, phone: card.phone });
    const to = maskPhone(card.phone);
    this.sentCodes.push({ ref, code, to });
    this.log(`SMS code ${code} sent to ${to} (reference ${ref})`);
    this.outbox?.write(`${this.o.now().toISOString()} to=${to} ref=${ref} code=${code}`);
    const validity = String(Math.min(999, this.o.otpSeconds)).padStart(3, "0");
    return reply("0110", "S1", { 62: encodeTlv([["OR", ref], ["OT", validity], ["MP", to]]) });
  }

  private lossReport(reply: ReplyBuilder, card: BankCard | undefined, pan: string, reason: string): CupMessage {
    if (!card) return reply("0312", "14");
    this.hotlist.add(this.hotlistKey(pan));
    this.log(`loss report for ${maskPan(pan)} (reason ${JSON.stringify(reason)}): card hotlisted`);
    this.saveHotlist();
    return reply("0312", "00");
  }

  /** A hotlisted PAN is kept only as its HMAC under the data folder's secret: no fixed salt to brute-force against. */
  private hotlistKey(pan: string): string {
    return createHmac("sha256", this.hotlistSecret).update(pan).digest("hex");
  }

  private saveHotlist(): void {
    if (!this.o.dataDir) return;
    const file: HotlistFile = { version: HOTLIST_VERSION, mac: "HMAC-SHA256", keys: [...this.hotlist] };
    writeFileSync(join(this.o.dataDir, "hotlist.json"), JSON.stringify(file, null, 1));
  }

  /**
   * Version 2 (an object with keys = HMACs) is read as it is. A version 1 file (a bare
   * array of SHA-256 hashes with the old public salt) is re-keyed from the test bank:
   * each card whose old hash is listed goes in under the HMAC, hashes of no bank card
   * are dropped (a card the bank does not hold is refused anyway), and the file is
   * rewritten as version 2 at once. Anything else is refused with a message.
   */
  private loadHotlist(path: string): void {
    if (!existsSync(path)) return;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      throw new Error(`${path}: not JSON; move it away to start with an empty hotlist`);
    }
    if (Array.isArray(json)) {
      const old = new Set(json.filter((h): h is string => typeof h === "string"));
      let rekeyed = 0;
      for (const card of this.o.bank.cards) {
        if (old.has(legacyHotlistHash(card.pan))) { this.hotlist.add(this.hotlistKey(card.pan)); rekeyed++; }
      }
      this.saveHotlist();
      this.log(`hotlist.json version 1 re-keyed to HMAC-SHA256: ${rekeyed} card(s) kept, ${old.size - rekeyed} unknown hash(es) dropped`);
      return;
    }
    const file = json as Partial<HotlistFile> | null;
    if (file?.version !== HOTLIST_VERSION || file.mac !== "HMAC-SHA256" || !Array.isArray(file.keys)) {
      throw new Error(`${path}: not a version ${HOTLIST_VERSION} hotlist (HMAC-SHA256); move it away to start with an empty hotlist`);
    }
    for (const h of file.keys) if (typeof h === "string") this.hotlist.add(h);
  }

  private personalData(request: CupMessage, keys: WorkingKeys) {
    const data = bytes(request, 62);
    if (!data || !keys.tdk) return undefined;
    const clear = decipherPersonalData(keys.tdk, data);
    if (!clear) {
      this.log("field 62 padding is malformed");
      return undefined;
    }
    const tlv = decodeTlv(clear);
    clear.fill(0);
    return tlv;
  }

  private pack(message: CupMessage, keys: WorkingKeys | undefined, layout: CupLayout): Uint8Array {
    const macked = !["0810", "0830"].includes(message.mti);
    if (macked) message.fields[64] = new Uint8Array(8);
    const { frame, macOffset, macLength } = this.o.codec.pack(message, layout);
    if (macked && keys) {
      const mac = macCupEcb(keys.mak, frame.subarray(macOffset, macOffset + macLength));
      if (this.faults["bad-mac"] > 0) {
        this.faults["bad-mac"]--;
        mac[0] ^= 0x01;
        this.log("reply MAC corrupted (injected fault: bad-mac)");
      }
      frame.set(mac, frame.length - 8);
      message.fields[64] = mac;
    }
    return frame;
  }

  private day(pan: string): CardDay {
    const today = this.o.now().toISOString().slice(0, 10);
    let d = this.days.get(pan);
    if (!d || d.day !== today) {
      d = { day: today, requests: 0, failures: 0, pinFailures: 0 };
      this.days.set(pan, d);
    }
    return d;
  }

  private reference(now: Date): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    const hhmmss = [now.getHours(), now.getMinutes(), now.getSeconds()].map((x) => String(x).padStart(2, "0")).join("");
    return hhmmss + String(this.sequence).padStart(6, "0");
  }

  private newRef(): string {
    return "R" + randomDigits(11, this.o.random);
  }

  private verificationId(): string {
    return [...this.o.random(6)].map((d) => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[d % 32]).join("");
  }

  /** A new verification id for a verified card, kept so a loss report may name the card by it (field 38). */
  private verifiedCard(pan: string): string {
    const vid = this.verificationId();
    this.verified.set(vid, pan);
    return vid;
  }

  private log(line: string): void {
    const stamped = `${this.o.now().toISOString()} ${line}`;
    this.logFile?.write(stamped);
    this.o.onLog?.(stamped);
  }
}

/**
 * n decimal digits, each uniform: a random byte of 250 or more is drawn again
 * (rejection sampling), since 256 is not a multiple of 10 and `byte % 10` would make
 * 0-5 likelier than 6-9.
 */
export function randomDigits(n: number, random: (count: number) => Uint8Array): string {
  let out = "";
  while (out.length < n) {
    for (const b of random(n - out.length)) if (b < 250) out += String(b % 10);
  }
  return out;
}

type ReplyBuilder = (mti: string, code: string, extra?: Record<number, string | Uint8Array>) => CupMessage;

/** The reply's MTI: the original request's with the function digit raised (0100 and its repeat 0101 -> 0110, 0302 -> 0312). */
function replyMti(request: string): string {
  const mti = originalMti(request);
  return mti.slice(0, 2) + String(Math.min(9, Number(mti[2]) + 1)) + mti[3];
}

/** A reply's TPDU: the request's with destination and source swapped. */
export function swapTpdu(tpdu: string): string {
  return tpdu.length === 10 ? tpdu.slice(0, 2) + tpdu.slice(6, 10) + tpdu.slice(2, 6) : tpdu;
}

function track2Expiry(track2: string | undefined): string | undefined {
  const sep = track2?.indexOf("=") ?? -1;
  return sep >= 0 ? track2!.slice(sep + 1, sep + 5) : undefined;
}

const HOTLIST_VERSION = 2;
const HOTLIST_SECRET_BYTES = 32;

/** DATA/hotlist.json, version 2. */
interface HotlistFile {
  version: number;
  mac: "HMAC-SHA256";
  /** HMAC-SHA256(DATA/hotlist.key, PAN) in hex, one per reported card. */
  keys: string[];
}

/** The version 1 hotlist entry (SHA-256 with a public salt): read only to re-key an old file. */
function legacyHotlistHash(pan: string): string {
  return createHash("sha256").update(`realname-pos hotlist:${pan}`).digest("hex");
}

/**
 * The hotlist's HMAC key: DATA/hotlist.key (hex), created once from the system's
 * random source with mode 0600; an existing key readable by others is narrowed to 0600.
 * A new key is written whole to a private file and hard-linked into place, so two
 * acquirers starting together on one folder both end up with the one that won.
 */
function loadHotlistSecret(dataDir: string): Uint8Array {
  const path = join(dataDir, "hotlist.key");
  if (!existsSync(path)) {
    const draft = `${path}.${process.pid}.${toHex(randomBytes(4))}`;
    const fd = openSync(draft, "wx", 0o600);
    try {
      writeSync(fd, toHex(randomBytes(HOTLIST_SECRET_BYTES)) + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(draft, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e; // another process made it first: use theirs
    } finally {
      unlinkSync(draft);
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const text = readFileSync(path, "utf8").trim();
  if (!new RegExp(`^[0-9a-fA-F]{${HOTLIST_SECRET_BYTES * 2}}$`).test(text)) {
    throw new Error(`${path}: expected ${HOTLIST_SECRET_BYTES * 2} hex digits; the hotlist cannot be read without its key`);
  }
  return fromHex(text, path);
}
