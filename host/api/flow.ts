// The verification flow's ABI in TypeScript, exactly as docs/ABI.md writes it:
// events and their payloads going in, commands and their payloads coming out,
// and the POWER_ON profile. The numbers (event and command kinds, keys, payload
// bytes) are the core's, from host/generated/abi.ts. `Flow` drives the core's
// `handle(kind, length, date, time)`, `nextCommand()` and `nextDeadline()` over host/core.ts.
//
// Nothing here decides anything: the host encodes what a device produced and
// decodes what the core asked for. The flow's logic lives in assembly/flow/.
import { Core, CoreFault, errorLabel, type CoreFailure } from "../core";
import type { TranscriptRecorder } from "../transcript/recorder";
import {
  Beep, CardSource, CommandKind, EventKind, Key, KeySlot, LinkStatus, ModuleKey, PinEnd, PrinterStatus, SecureCipher, SecureStatus,
} from "../generated/abi";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---- events ----------------------------------------------------------------
// The numbers are the core's own (host/generated/abi.ts, written from assembly/).

export { Beep, CommandKind, EventKind, Key, KeySlot, LinkStatus, ModuleKey, PinEnd, PrinterStatus, SecureCipher, SecureStatus };

/** Names a script or a log may use for the keys: ENTER, F1, ..., `*`, `#` and the digits themselves. */
export const KEY_NAMES: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(Key).map(([name, code]) => [name.startsWith("DIGIT_") ? name.slice(6) : name === "STAR" ? "*" : name === "HASH" ? "#" : name, code]),
);

/** The key code for a digit character `0`..`9`. */
export function digitKey(digit: string): Key {
  if (!/^[0-9]$/.test(digit)) throw new RangeError(`not a digit: ${JSON.stringify(digit)}`);
  return KEY_NAMES[digit] as Key;
}

/** How a CARD event's data was read. */
export type CardRead =
  | { source: "swipe"; track2: string }
  | { source: "keyed"; pan: string; expiry: string }
  | { source: "chip"; tlv: Uint8Array };

/** One event, typed by kind. */
export type FlowEvent =
  | { kind: "POWER_ON"; profile: Profile | string }
  | { kind: "INJECT_KEY"; slot: KeySlot; key: Uint8Array }
  | { kind: "RESTORE"; record: Uint8Array | string }
  | { kind: "START" }
  | { kind: "KEY"; key: number }
  | { kind: "TEXT"; text: string }
  | { kind: "CARD"; card: CardRead }
  | { kind: "RECEIVED"; frame: Uint8Array }
  | { kind: "LINK"; status: LinkStatus }
  | { kind: "TIMER" }
  | { kind: "BATTERY"; percent: number; charging: boolean }
  | { kind: "PRINTER"; status: PrinterStatus }
  | { kind: "RANDOM"; bytes: Uint8Array }
  | { kind: "SAVED"; id: string }
  | { kind: "RECORD"; count: number; record?: Uint8Array }
  | { kind: "ATTEMPTS"; answers: number; failuresInRow: number; newestFailure?: string }
  // the secure module's answers (keyCustody=module, docs/ABI.md "The secure module")
  | { kind: "KEY_INSTALLED"; key: ModuleKey; status: SecureStatus }
  | { kind: "PIN_DIGITS"; count: number }
  | { kind: "PIN_BLOCK"; block: Uint8Array }
  | { kind: "PIN_ENDED"; reason: PinEnd }
  | { kind: "SECURE_RESULT"; status: SecureStatus; bytes?: Uint8Array };

/** A count as the store's answers carry it: 4 bytes, big-endian. */
function u32(value: number, what: string): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${what} must be a 32-bit count (got ${value})`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function byte(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`${what} must be a byte (got ${value})`);
  return value;
}

/** The event's kind number and payload bytes, as handle() takes them. */
export function encodeEvent(event: FlowEvent): { kind: EventKind; payload: Uint8Array } {
  switch (event.kind) {
    case "POWER_ON":
      return { kind: EventKind.POWER_ON, payload: encoder.encode(typeof event.profile === "string" ? event.profile : buildProfile(event.profile)) };
    case "INJECT_KEY": {
      const payload = new Uint8Array(1 + event.key.length);
      payload[0] = byte(event.slot, "key slot");
      payload.set(event.key, 1);
      return { kind: EventKind.INJECT_KEY, payload };
    }
    case "RESTORE":
      return { kind: EventKind.RESTORE, payload: typeof event.record === "string" ? encoder.encode(event.record) : event.record };
    case "START":
      return { kind: EventKind.START, payload: new Uint8Array(0) };
    case "KEY":
      return { kind: EventKind.KEY, payload: Uint8Array.of(byte(event.key, "key code")) };
    case "TEXT":
      return { kind: EventKind.TEXT, payload: encoder.encode(event.text) };
    case "CARD":
      return { kind: EventKind.CARD, payload: encodeCard(event.card) };
    case "RECEIVED":
      return { kind: EventKind.RECEIVED, payload: event.frame };
    case "LINK":
      return { kind: EventKind.LINK, payload: Uint8Array.of(byte(event.status, "link status")) };
    case "TIMER":
      return { kind: EventKind.TIMER, payload: new Uint8Array(0) };
    case "BATTERY":
      if (event.percent < 0 || event.percent > 100) throw new RangeError(`battery percent must be 0..100 (got ${event.percent})`);
      return { kind: EventKind.BATTERY, payload: Uint8Array.of(byte(event.percent, "battery"), event.charging ? 1 : 0) };
    case "PRINTER":
      return { kind: EventKind.PRINTER, payload: Uint8Array.of(byte(event.status, "printer status")) };
    case "RANDOM":
      return { kind: EventKind.RANDOM, payload: event.bytes };
    case "SAVED":
      return { kind: EventKind.SAVED, payload: encoder.encode(event.id) };
    case "RECORD":
      return { kind: EventKind.RECORD, payload: concat(u32(event.count, "record count"), event.record ?? new Uint8Array(0)) };
    case "ATTEMPTS":
      return {
        kind: EventKind.ATTEMPTS,
        payload: concat(u32(event.answers, "answers"), u32(event.failuresInRow, "failures in a row"), encoder.encode(event.newestFailure ?? "")),
      };
    case "KEY_INSTALLED":
      return { kind: EventKind.KEY_INSTALLED, payload: Uint8Array.of(byte(event.key, "key slot"), byte(event.status, "status")) };
    case "PIN_DIGITS":
      return { kind: EventKind.PIN_DIGITS, payload: Uint8Array.of(byte(event.count, "digit count")) };
    case "PIN_BLOCK":
      return { kind: EventKind.PIN_BLOCK, payload: event.block };
    case "PIN_ENDED":
      return { kind: EventKind.PIN_ENDED, payload: Uint8Array.of(byte(event.reason, "reason")) };
    case "SECURE_RESULT":
      return { kind: EventKind.SECURE_RESULT, payload: concat(Uint8Array.of(byte(event.status, "status")), event.bytes ?? new Uint8Array(0)) };
  }
}

/** CARD payload: source byte, then track 2 / `PAN=YYMM` / BER-TLV. */
export function encodeCard(card: CardRead): Uint8Array {
  const [source, data] =
    card.source === "swipe" ? [CardSource.SWIPE, encoder.encode(card.track2)]
    : card.source === "keyed" ? [CardSource.KEYED, encoder.encode(`${card.pan}=${card.expiry}`)]
    : [CardSource.CHIP, card.tlv];
  const payload = new Uint8Array(1 + data.length);
  payload[0] = source;
  payload.set(data, 1);
  return payload;
}

// ---- commands ----------------------------------------------------------------

/** One decoded command. */
export type FlowCommand =
  | { kind: "SHOW"; screenId: number; lines: string[] }
  | { kind: "BEEP"; tone: number }
  | { kind: "CONNECT" }
  | { kind: "SEND"; frame: Uint8Array }
  | { kind: "DISCONNECT" }
  | { kind: "SAVE"; id: string; text: string; record: Uint8Array }
  | { kind: "PRINT"; lines: string[] }
  | { kind: "NEED_RANDOM"; count: number }
  | { kind: "LOG"; line: string }
  | { kind: "SHUTDOWN" }
  | { kind: "FIND_RECORD"; filter: number; rank: number; hash: string }
  | { kind: "COUNT_ATTEMPTS"; hash: string; since: string }
  | { kind: "PURGE"; before: string }
  | SecureCommand;

/** The commands to the secure module (keyCustody=module, docs/ABI.md "The secure module"). */
export type SecureCommand =
  | { kind: "INSTALL_KEY"; key: ModuleKey; masterKey: ModuleKey; block: Uint8Array; checkValue: Uint8Array }
  | { kind: "PIN_ENTRY"; format: number; minLength: number; maxLength: number; timeoutSeconds: number; pan: string }
  | { kind: "MAC"; key: ModuleKey; algorithm: number; data: Uint8Array }
  | { kind: "ENCIPHER"; key: ModuleKey; mode: SecureCipher; data: Uint8Array };

/** A payload that does not have the shape its command kind promises (a contract break). */
export class CommandFormatError extends Error {
  constructor(kind: number, detail: string) {
    super(`command ${kind}: ${detail}`);
    this.name = "CommandFormatError";
  }
}

function need(kind: number, payload: Uint8Array, length: number, exact = true): void {
  if (exact ? payload.length !== length : payload.length < length) {
    throw new CommandFormatError(kind, `payload of ${payload.length} bytes, expected ${exact ? "" : "at least "}${length}`);
  }
}

/** Decodes one command from its kind and payload (the output buffer after nextCommand()). */
export function decodeCommand(kind: number, payload: Uint8Array): FlowCommand {
  switch (kind) {
    case CommandKind.SHOW: {
      need(kind, payload, 2, false);
      const text = decoder.decode(payload.subarray(2));
      return { kind: "SHOW", screenId: (payload[0] << 8) | payload[1], lines: text === "" ? [] : text.split("\n") };
    }
    case CommandKind.BEEP:
      need(kind, payload, 1);
      return { kind: "BEEP", tone: payload[0] };
    case CommandKind.CONNECT:
      return { kind: "CONNECT" };
    case CommandKind.SEND:
      need(kind, payload, 2, false);
      return { kind: "SEND", frame: payload.slice() };
    case CommandKind.DISCONNECT:
      return { kind: "DISCONNECT" };
    case CommandKind.SAVE: {
      const text = decoder.decode(payload);
      const id = recordId(text);
      if (id === undefined) throw new CommandFormatError(kind, "record does not start with an id= line");
      return { kind: "SAVE", id, text, record: payload.slice() };
    }
    case CommandKind.PRINT:
      return { kind: "PRINT", lines: decoder.decode(payload).split("\n") };
    case CommandKind.NEED_RANDOM:
      need(kind, payload, 1);
      return { kind: "NEED_RANDOM", count: payload[0] };
    case CommandKind.LOG:
      return { kind: "LOG", line: decoder.decode(payload) };
    case CommandKind.SHUTDOWN:
      return { kind: "SHUTDOWN" };
    case CommandKind.FIND_RECORD: {
      need(kind, payload, 5, false);
      const rank = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(1);
      return { kind: "FIND_RECORD", filter: payload[0], rank, hash: decoder.decode(payload.subarray(5)) };
    }
    case CommandKind.COUNT_ATTEMPTS:
      need(kind, payload, 46);
      return { kind: "COUNT_ATTEMPTS", hash: decoder.decode(payload.subarray(0, 32)), since: decoder.decode(payload.subarray(32)) };
    case CommandKind.PURGE:
      need(kind, payload, 14);
      return { kind: "PURGE", before: decoder.decode(payload) };
    case CommandKind.INSTALL_KEY: {
      need(kind, payload, 3, false);
      const n = payload[2];
      need(kind, payload, 3 + n + 4);
      return { kind: "INSTALL_KEY", key: payload[0] as ModuleKey, masterKey: payload[1] as ModuleKey, block: payload.slice(3, 3 + n), checkValue: payload.slice(3 + n) };
    }
    case CommandKind.PIN_ENTRY:
      need(kind, payload, 5, false);
      return {
        kind: "PIN_ENTRY", format: payload[0], minLength: payload[1], maxLength: payload[2],
        timeoutSeconds: (payload[3] << 8) | payload[4], pan: decoder.decode(payload.subarray(5)),
      };
    case CommandKind.MAC:
      need(kind, payload, 2, false);
      return { kind: "MAC", key: payload[0] as ModuleKey, algorithm: payload[1], data: payload.slice(2) };
    case CommandKind.ENCIPHER:
      need(kind, payload, 2, false);
      return { kind: "ENCIPHER", key: payload[0] as ModuleKey, mode: payload[1] as SecureCipher, data: payload.slice(2) };
    default:
      throw new CommandFormatError(kind, "unknown command kind");
  }
}

/** The id of a saved record: the value of its first line, which must be `id=...`. */
export function recordId(text: string): string | undefined {
  const first = text.split("\n", 1)[0];
  return first.startsWith("id=") && first.length > 3 ? first.slice(3) : undefined;
}

/** A record's `key=value` lines as an object (later keys win; lines without `=` are skipped). */
export function parseRecord(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

// ---- the profile ---------------------------------------------------------------

/** The POWER_ON profile (docs/ABI.md "The profile"); missing keys take the core's default. */
export interface Profile {
  terminalId: string;
  merchantId: string;
  merchantName?: string;
  features?: string | readonly string[];
  language?: "zh-CN" | "en";
  displayColumns?: number;
  displayRows?: number;
  tpdu?: string;
  header?: string;
  batch?: string;
  operatorCode?: string;
  keyLayout?: 24 | 40 | 60;
  trackEncryption?: 0 | 1 | boolean;
  verifyLayout?: "four-elements" | "account";
  requirePin?: 0 | 1 | boolean;
  maskConfirmation?: 0 | 1 | boolean;
  keyedExpiryOptional?: 0 | 1 | boolean;
  /** Where keys and the PIN live (default module: the host's secure module; core is not certifiable). */
  keyCustody?: "module" | "core";
  batteryMin?: number;
  hoursOpen?: string;
  hoursClose?: string;
  maxFailures?: number;
  lockHours?: number;
  dailyLimit?: number;
  inputTimeout?: number;
  hostTimeout?: number;
  otpTimeout?: number;
  otpResendAfter?: number;
  retentionDays?: number;
  supportPhone?: string;
  supervisorPassword?: string;
  battery?: number;
  charging?: 0 | 1 | boolean;
  cardReader?: 0 | 1 | boolean;
  printer?: "ready" | "paper-out" | "absent" | "fault";
}

/** Every profile key, in the order docs/ABI.md lists them. */
export const PROFILE_KEYS: readonly (keyof Profile)[] = [
  "terminalId", "merchantId", "merchantName", "features", "language", "displayColumns",
  "displayRows", "tpdu", "header", "batch", "operatorCode", "keyLayout", "trackEncryption", "verifyLayout", "requirePin", "maskConfirmation", "keyedExpiryOptional", "keyCustody", "batteryMin",
  "hoursOpen", "hoursClose", "maxFailures", "lockHours", "dailyLimit", "retentionDays", "inputTimeout",
  "hostTimeout", "otpTimeout", "otpResendAfter", "supportPhone", "supervisorPassword",
  "battery", "charging", "cardReader", "printer",
];

/** Reads `key=value` lines (a `--profile FILE`) over a base profile; `#` starts a comment. */
export function mergeProfile(base: Profile, text: string): Profile {
  const out: Record<string, unknown> = { ...base };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`profile line ${JSON.stringify(line)} is not key=value`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out as unknown as Profile;
}

/**
 * The profile as UTF-8 `key=value` lines. Unknown keys, and values holding a line
 * break or nothing at all, are rejected here rather than left for the core to refuse.
 */
export function buildProfile(profile: Profile): string {
  const lines: string[] = [];
  for (const key of Object.keys(profile)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) throw new RangeError(`unknown profile key ${JSON.stringify(key)}`);
  }
  if (!profile.terminalId || !profile.merchantId) throw new RangeError("profile needs terminalId and merchantId");
  for (const key of PROFILE_KEYS) {
    const value = profile[key];
    if (value === undefined) continue;
    const text = typeof value === "boolean" ? (value ? "1" : "0") : Array.isArray(value) ? value.join(",") : String(value);
    if (/[\r\n]/.test(text)) throw new RangeError(`profile value of ${key} holds a line break`);
    lines.push(`${key}=${text}`);
  }
  return lines.join("\n");
}

// ---- dates and times -----------------------------------------------------------

/** The local date and time as the core takes them: `YYYYMMDD` and `hhmmss` integers. */
export function coreDateTime(at: Date): { date: number; time: number } {
  return {
    date: at.getFullYear() * 10000 + (at.getMonth() + 1) * 100 + at.getDate(),
    time: at.getHours() * 10000 + at.getMinutes() * 100 + at.getSeconds(),
  };
}

// ---- the driver ------------------------------------------------------------------

/** The core refused an event (handle() returned a negative code); the flow's state is unchanged. */
export class EventRefused extends Error {
  constructor(readonly event: string, readonly failure: CoreFailure) {
    super(`core refused ${event}: ${errorLabel(failure.code)} (field ${failure.field}, offset ${failure.offset}, expected ${failure.expected}, found ${failure.found})`);
    this.name = "EventRefused";
  }
}

/** Upper bound on commands drained after one event: a runaway queue is a core bug. */
const MAX_COMMANDS_PER_EVENT = 256;

/**
 * The flow inside one core: `handle()` an event, then drain `nextCommand()`. Every
 * event and command passes here, so a transcript recorder given here sees them all
 * (docs/TRANSCRIPTS.md).
 */
export class Flow {
  constructor(readonly core: Core = new Core(), private readonly transcript?: TranscriptRecorder) {}

  /**
   * Feeds one event at the given local date (`YYYYMMDD`) and time (`hhmmss`).
   * Returns how many commands the core says are queued. Throws EventRefused when the
   * core refuses it, CoreFault when the core trapped (the core was restarted).
   */
  handle(event: FlowEvent, date: number, time: number): number {
    const { kind, payload } = encodeEvent(event);
    const length = this.core.setInput(payload);
    const instance = this.core.exports;
    let result: number;
    try {
      result = this.core.call("handle", kind, length, date, time);
    } catch (e) {
      if (e instanceof CoreFault) this.transcript?.event(instance, kind, payload, date, time, "trap", -1);
      throw e;
    }
    if (this.transcript) this.transcript.event(instance, kind, payload, date, time, result, this.nextDeadline());
    if (result < 0) throw new EventRefused(event.kind, this.core.lastFailure());
    return result;
  }

  /** The next queued command, or undefined when the queue is empty. */
  nextCommand(): FlowCommand | undefined {
    let kind: number;
    try {
      kind = this.core.call("nextCommand");
    } catch (e) {
      if (e instanceof CoreFault) this.transcript?.note(`${e.message}: the core starts afresh`);
      throw e;
    }
    if (kind === CommandKind.NONE) return undefined;
    if (kind < 0) throw new EventRefused("nextCommand", this.core.lastFailure());
    const payload = this.core.output();
    this.transcript?.command(kind, payload);
    return decodeCommand(kind, payload);
  }

  /** Milliseconds from the last event's clock to the core's earliest deadline, 0 when due, -1 when none (docs/ABI.md "Deadlines"). */
  nextDeadline(): number {
    return this.core.call("nextDeadline");
  }

  /** Every queued command, in order. */
  drain(): FlowCommand[] {
    const out: FlowCommand[] = [];
    for (let command = this.nextCommand(); command; command = this.nextCommand()) {
      out.push(command);
      if (out.length > MAX_COMMANDS_PER_EVENT) throw new Error(`core queued more than ${MAX_COMMANDS_PER_EVENT} commands for one event`);
    }
    return out;
  }

  /** handle() then drain(): the commands this event produced. */
  step(event: FlowEvent, date: number, time: number): FlowCommand[] {
    this.handle(event, date, time);
    return this.drain();
  }

  /** Whether the loaded core exports the flow (it lands in stages). */
  static available(core: Core): boolean {
    return typeof core.exports.handle === "function" && typeof core.exports.nextCommand === "function";
  }
}
