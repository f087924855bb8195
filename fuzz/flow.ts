// Event sequences against a scripted acquirer: the terminal boots (profile, keys,
// sign-on, echo), then each input is one event drawn with the flow's state in
// mind — keys, composed text, cards, link reports, TIMER (mostly at the core's next deadline), battery, printer,
// SAVED for what it asked to save, RESTORE of saved or mutated records — and a
// request the core SENDs is answered by the acquirer of tests/host/flow-acquirer.ts
// (right MAC and STAN) with a code from the response table, or with that reply
// mutated, for another STAN, cut short, or random bytes. Now and then a raw event:
// any kind, any length (out of range included), any clock. Power is cut every few
// thousand events so start-up, RESTORE and sign-on are fed again.
import type { Core } from "../host/core";
import { INPUT_CAPACITY } from "../host/generated/abi";
import {
  CommandKind, decodeCommand, encodeEvent, EventKind, Key, KeySlot, type FlowEvent, type LinkStatus, type PrinterStatus,
} from "../host/api/flow";
import { toHex } from "../host/api/iso8583";
import { RecordIndex, storeAnswer } from "../host/devices/record-index";
import { iso, keyBlock, PROFILE, RECORD_KEY, reply, TMK } from "../tests/host/flow-acquirer";
import { Fuzzer, feed } from "./fuzzer";
import type { Rng } from "./random";

const KEYS = [...Object.values(Key), 0x00, 0xff, 0x7f];
const TEXTS = ["王小明", "李华", "阿卜杜·热合曼", "JOHN SMITH", "11010519491231002X", "11010519491231002x", "", "a".repeat(161), "\u0000\uffff", "张".repeat(60)];
const CARDS: FlowEvent[] = [
  { kind: "CARD", card: { source: "keyed", pan: "6216261000000000018", expiry: "3012" } },
  { kind: "CARD", card: { source: "keyed", pan: "6222020000001000009", expiry: "2912" } },
  { kind: "CARD", card: { source: "swipe", track2: ";6216261000000000018=30121010000000000?" } },
  { kind: "CARD", card: { source: "keyed", pan: "6221558812340000", expiry: "3012" } },
];
/** Answers by request MTI: the codes docs/PROTOCOL.md lists, with the fields each needs. */
const ANSWERS: Record<string, [string, Record<string, string>][]> = {
  "0800": [["00", { "62": keyBlock() }], ["00", { "62": "00" }], ["30", {}]],
  "0820": [["00", {}], ["96", {}]],
  "0100": [
    ["S1", { "62": toHex(new TextEncoder().encode("OR012R12345678901OT003120MP011135****5506")) }],
    ["S1", { "62": toHex(new TextEncoder().encode("OR012R12345678901OT003120MP011135****5506")) }],
    ["00", { "38": "BWBPSH" }], ["00", { "38": "BWBPSH" }], ["05", { "44": "N" }], ["05", { "44": "NICP" }], ["05", { "44": "XZ" }],
    ["S1", { "62": toHex(new TextEncoder().encode("OR012R12345678901OT003120MP011135****5506")) }], ["S1", {}],
    ["S2", {}], ["S3", {}], ["55", {}], ["75", {}], ["65", {}], ["41", {}], ["43", {}], ["33", {}], ["62", {}],
    ["21", {}], ["40", {}], ["14", {}], ["P1", {}], ["A0", {}], ["77", {}], ["30", {}], ["96", {}], ["ZZ", {}],
  ],
  "0200": [["00", { "54": "1001156C000000012345" }], ["55", {}], ["75", {}], ["A0", {}]],
  "0302": [["00", {}], ["14", {}], ["A0", {}]],
};
const EVENTS_PER_POWER_CYCLE = 3000;

const key = (k: number): FlowEvent => ({ kind: "KEY", key: k });
const digits = (text: string): FlowEvent[] => [...text].map((d) => key(d.charCodeAt(0)));
/** What an operator types, in order (random events may still fall between): deep states need a run of right inputs. */
const MACROS: ((card: FlowEvent) => FlowEvent[])[] = [
  (card) => [
    key(Key.DIGIT_1), key(Key.ENTER), { kind: "TEXT", text: "王小明" }, key(Key.ENTER), key(Key.DIGIT_1), { kind: "TEXT", text: "11010519491231002X" },
    key(Key.ENTER), card, ...digits("13552535506"), key(Key.ENTER), key(Key.ENTER),
  ],
  () => [...digits("123456"), key(Key.ENTER)], // a PIN or an SMS code
  () => [key(Key.DIGIT_4), ...digits("2468"), key(Key.ENTER)], // the saved records, with the supervisor password
  () => [key(Key.DIGIT_2), ...digits("2468"), key(Key.ENTER)], // card replacement
  () => [key(Key.DIGIT_3), ...digits("2468"), key(Key.ENTER)], // loss report
  () => [key(Key.ENTER)], () => [key(Key.CANCEL)], () => [key(Key.DOWN), key(Key.DOWN)],
];

export class FlowFuzzer extends Fuzzer {
  /** The request waiting for an answer, and the records the core saved. */
  private sent: Uint8Array | undefined;
  private readonly saved: Uint8Array[] = [];
  private planned: FlowEvent[] = [];
  /** The core asked for the link (CONNECT) and has not heard LINK yet. */
  private linkAsked = false;
  /** Ids the core asked to save that have not had their SAVED yet. */
  private pendingSaves: string[] = [];
  /** The store's index (its records survive a power cycle) and the answers to queries not fed yet. */
  private readonly records = new RecordIndex();
  private pendingAnswers: FlowEvent[] = [];
  private sinceBoot = 0;
  /** Flow states reached (flowState()). */
  readonly states = new Set<number>();
  private date = 20261126;
  private time = 120000;
  /** The local time of day in seconds: it moves a little with each event, so deadlines, hours and limits see time pass. */
  private seconds = 12 * 3600;

  /** The module has the QA build's getters: the states reached are counted. */
  readonly statesSeen: boolean;

  constructor(readonly core: Core, private readonly rng: Rng, module: string) {
    super(`event sequences (${module})`);
    this.statesSeen = typeof core.exports.flowState === "function";
    this.boot();
  }

  protected cores(): Core[] {
    return [this.core];
  }

  protected recover(): void {
    this.boot();
  }

  step(): void {
    if (++this.sinceBoot > EVENTS_PER_POWER_CYCLE) return this.boot();
    const r = this.rng;
    if (r.chance(0.03)) return this.raw();
    this.passes(1 + r.below(30));
    this.event(this.next());
  }

  private passes(seconds: number): void {
    this.seconds = (this.seconds + seconds) % 86400;
    this.time = Math.floor(this.seconds / 3600) * 10000 + Math.floor((this.seconds % 3600) / 60) * 100 + (this.seconds % 60);
  }

  /** Power on as a terminal does: profile, keys, saved records, START, then the sign-on and echo answered. */
  private boot(): void {
    this.core.start();
    this.sinceBoot = 0;
    this.sent = undefined;
    this.pendingSaves = [];
    this.pendingAnswers = [];
    this.planned = [];
    this.linkAsked = false;
    this.recordState();
    if (this.rng.chance(0.2)) this.event({ kind: "POWER_ON", profile: new TextDecoder().decode(this.rng.mutate(new TextEncoder().encode(PROFILE))) });
    // Then the good profile: it powers on a flow a mangled profile left off (and is refused when that one was taken).
    this.event({ kind: "POWER_ON", profile: this.rng.chance(0.3) ? `${PROFILE}\nrequirePin=1` : PROFILE });
    this.event({ kind: "INJECT_KEY", slot: KeySlot.MASTER, key: TMK });
    this.event({ kind: "INJECT_KEY", slot: KeySlot.RECORD_HASH, key: RECORD_KEY });
    const { settings, highestStan } = this.records.powerOnRecords();
    for (const record of [settings, highestStan].filter((r): r is Uint8Array => r !== undefined)) {
      this.event({ kind: "RESTORE", record: this.rng.chance(0.05) ? this.rng.mutate(record) : record });
    }
    this.event({ kind: "START" });
    for (let exchange = 0; exchange < 2; exchange++) {
      this.event({ kind: "LINK", status: 1 as LinkStatus });
      if (this.sent) this.event(this.answer(this.sent));
    }
  }

  private next(): FlowEvent {
    const r = this.rng;
    if (this.linkAsked && r.chance(0.8)) {
      this.linkAsked = false;
      return { kind: "LINK", status: (r.chance(0.9) ? 1 : 2) as LinkStatus };
    }
    if (this.sent && r.chance(0.5)) return this.answer(this.sent);
    if (this.pendingAnswers.length > 0 && r.chance(0.9)) return this.storeAnswer(this.pendingAnswers.shift()!);
    if (this.planned.length === 0 && r.chance(0.05)) this.planned = (r.chance(0.5) ? MACROS[0] : r.pick(MACROS))(this.card());
    if (this.planned.length > 0 && r.chance(0.9)) return this.planned.shift()!;
    if (this.pendingSaves.length > 0 && r.chance(0.6)) return { kind: "SAVED", id: this.pendingSaves.shift()! };
    switch (r.below(12)) {
      case 0: case 1: case 2: case 3: return { kind: "KEY", key: r.pick(KEYS) };
      case 4: return { kind: "TEXT", text: r.pick(TEXTS) };
      case 5: return this.card();
      case 6: return { kind: "LINK", status: r.pick([0, 1, 1, 1, 2]) as LinkStatus };
      case 7: {
        // Mostly the host's timer firing at the core's next deadline, else a TIMER at any moment.
        const ms = this.core.call("nextDeadline");
        if (ms > 0 && r.chance(0.7)) this.passes(ms / 1000);
        return { kind: "TIMER" };
      }
      case 8: return { kind: "BATTERY", percent: r.below(101), charging: r.chance(0.5) };
      case 9: return { kind: "PRINTER", status: r.below(4) as PrinterStatus };
      case 10: return { kind: "RANDOM", bytes: r.bytes(r.below(40)) };
      default: return this.sent ? this.answer(this.sent) : { kind: "KEY", key: Key.ENTER };
    }
  }

  /** A card read: a known card, or mostly a new one (not yet locked by earlier answers). */
  private card(): FlowEvent {
    const r = this.rng;
    return r.chance(0.3) ? r.pick(CARDS) : { kind: "CARD", card: { source: "keyed", pan: this.pan(), expiry: r.chance(0.9) ? "3012" : String(r.below(10000)).padStart(4, "0") } };
  }

  /** A card number: a UnionPay one, mostly with a right check digit. */
  private pan(): string {
    const r = this.rng;
    let body = "62";
    for (let n = 14 + r.below(4); n > 0; n--) body += String(r.below(10));
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return r.chance(0.9) ? body + String((10 - (sum % 10)) % 10) : body + String(r.below(10));
  }

  /** The acquirer's reply to `request`: right, or wrong in one way. */
  private answer(request: Uint8Array): FlowEvent {
    const r = this.rng;
    this.sent = undefined;
    let frame: Uint8Array;
    try {
      const mti = Object.fromEntries(iso.unpack("cup", request)).t;
      const [code, extra] = r.pick(ANSWERS[mti] ?? [["30", {}]]);
      const replyMti = mti.slice(0, 2) + String(Number(mti[2]) + 1) + mti[3];
      const macked = mti !== "0800" && mti !== "0820";
      const tamper: Record<string, string> | undefined = r.chance(0.1) ? { "11": "999999" } : r.chance(0.05) ? { "41": "99999999" } : undefined;
      frame = reply(request, replyMti, code, extra, macked, tamper);
    } catch {
      frame = r.bytes(r.below(200));
    }
    if (r.chance(0.15)) frame = r.mutate(frame);
    else if (r.chance(0.03)) frame = frame.subarray(0, r.below(frame.length));
    return { kind: "RECEIVED", frame };
  }

  /** The store's answer, now and then with a mutated record or counts. */
  private storeAnswer(answer: FlowEvent): FlowEvent {
    const r = this.rng;
    if (answer.kind === "RECORD" && answer.record && r.chance(0.05)) return { ...answer, record: r.mutate(answer.record) };
    if (answer.kind === "ATTEMPTS" && r.chance(0.05)) return { ...answer, answers: r.below(200), failuresInRow: r.below(200) };
    return answer;
  }

  /** Feeds one well-formed event and performs what the flow asks that the fuzzer plays (SEND, SAVE, the store's answers). */
  private event(event: FlowEvent): void {
    const { kind, payload } = encodeEvent(event);
    this.last = `${event.kind} ${toHex(payload)}`;
    this.handle(kind, payload, payload.length);
  }

  /** Any kind, any payload, any length, any clock. */
  private raw(): void {
    const r = this.rng;
    const kind = r.chance(0.9) ? r.pick(Object.values(EventKind)) : r.next() | 0;
    const payload = r.bytes(r.below(64));
    const length = r.chance(0.7) ? payload.length : r.length(INPUT_CAPACITY);
    if (r.chance(0.05)) [this.date, this.time] = [r.next() | 0, r.next() | 0];
    this.last = `raw kind ${kind} length ${length} at ${this.date} ${this.time} payload ${toHex(payload)}`;
    this.handle(kind, payload, length);
    [this.date, this.time] = [20261126, 120000];
    if (this.statesSeen) this.core.call("flowAccepts", r.below(40) - 5, r.below(20) - 3);
  }

  private handle(kind: number, payload: Uint8Array, length: number): void {
    feed(this.core, payload);
    const n = this.core.call("handle", kind, length, this.date, this.time);
    this.recordState();
    if (n < 0) return;
    for (let c = this.core.call("nextCommand"); c !== 0; c = this.core.call("nextCommand")) {
      if (c === CommandKind.CONNECT) this.linkAsked = true;
      const out = this.core.output();
      if (c === CommandKind.SAVE || c === CommandKind.FIND_RECORD || c === CommandKind.COUNT_ATTEMPTS || c === CommandKind.PURGE) {
        const { answer } = storeAnswer(this.records, decodeCommand(c, out));
        if (answer && this.pendingAnswers.length < 8) this.pendingAnswers.push(answer);
      }
      if (c !== CommandKind.SEND && c !== CommandKind.SAVE) continue;
      if (c === CommandKind.SEND) this.sent = out;
      else {
        if (this.saved.length < 400) this.saved.push(out);
        if (this.pendingSaves.length < 8) this.pendingSaves.push(new TextDecoder().decode(out).split("\n", 1)[0].slice(3));
      }
    }
    if (kind === EventKind.START || kind === EventKind.LINK) this.flowScreens();
  }

  /** The getters, read after the events that change most (the QA build's only where it is one). */
  private flowScreens(): void {
    const names = this.statesSeen ? ["flowTask", "screenId", "screenPage", "flowWiped", "flowVersion", "flowFeatures", "nextDeadline"] : ["flowVersion", "flowFeatures", "nextDeadline"];
    for (const name of names) this.core.call(name);
  }

  private recordState(): void {
    if (this.statesSeen) this.states.add(this.core.call("flowState"));
  }
}
