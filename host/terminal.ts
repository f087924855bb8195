// The terminal loop: device input -> core events; core commands -> devices.
// The host decides nothing about the flow. It feeds one event at a time (events
// raised while commands run, such as SAVED or RANDOM, queue behind it), performs
// each command in order, keeps one timer for the core's next deadline, and on a
// core fault starts the
// core again from storage (docs/ABI.md start-up order and "Deadlines").
import { Core, CoreFault, errorLabel, hasCoreCustody } from "./core";
import {
  coreDateTime, EventRefused, Flow, KeySlot, PrinterStatus, recordId, type FlowCommand, type FlowEvent, type Profile,
} from "./api/flow";
import { RecordIndex, storeAnswer } from "./devices/record-index";
import { PowerCut } from "./devices/types";
import type { CardReader, Clock, Display, Keypad, Modem, Printer, RandomSource, Storage, TimerHandle } from "./devices/types";
import type { TranscriptRecorder } from "./transcript/recorder";
import type { SecureModule } from "./secure/module";

export interface TerminalOptions {
  core: Core;
  profile: Profile;
  /**
   * The secure element's keys: terminal master key (16 bytes) and record-hash key (16 bytes).
   * With keyCustody=core the core gets them (INJECT_KEY); with keyCustody=module (the
   * profile's default) the secure module holds its own and these are not used.
   */
  keys: { tmk: Uint8Array; recordHashKey: Uint8Array };
  /** The secure module, required with keyCustody=module (host/secure/module.ts). */
  secureModule?: SecureModule;
  display: Display;
  modem: Modem;
  /** Opens the storage (again after a power cut: a fresh open runs the torn-tail check). */
  openStorage: () => Storage;
  printer: Printer;
  clock: Clock;
  random: RandomSource;
  keypad?: Keypad;
  cardReader?: CardReader;
  /** Receives LOG commands and the loop's own notes (already masked by the core). */
  log?: (line: string) => void;
  /** Core faults tolerated in a row before the terminal stays down. */
  maxFaults?: number;
  /** Records every event and command (docs/TRANSCRIPTS.md). */
  transcript?: TranscriptRecorder;
}

const OPTION_KEYS = ["core", "profile", "keys", "secureModule", "display", "modem", "openStorage", "printer", "clock", "random", "keypad", "cardReader", "log", "maxFaults", "transcript"];

export type TerminalState = "off" | "running" | "halted";

/** What to do when the core refuses an event (default: log it and carry on). */
type Refused = (e: EventRefused) => void;

export class Terminal {
  readonly flow: Flow;
  private storage: Storage | undefined;
  private index = new RecordIndex();
  private readonly queue: { event: FlowEvent; refused?: Refused }[] = [];
  private pumping = false;
  /** The one timer: armed for the core's next deadline after every event. */
  private deadline: TimerHandle | undefined;
  /** keyCustody=module: the secure module, and the timeout of the PIN entry it runs. */
  private readonly secure: SecureModule | undefined;
  private pinTimer: TimerHandle | undefined;
  private pinTimeoutMs = 0;
  private faultsInARow = 0;
  /** Bumped on every power cycle: callbacks of an earlier life are ignored. */
  private life = 0;
  state: TerminalState = "off";
  /** Every command performed, for tests that look at the exchange (bounded). */
  readonly history: FlowCommand[] = [];

  constructor(private readonly o: TerminalOptions) {
    for (const key of Object.keys(o)) if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown terminal option ${key}`);
    if (o.keys.tmk.length !== 16 || o.keys.recordHashKey.length !== 16) throw new RangeError("terminal keys must be 16 bytes each");
    this.flow = new Flow(o.core, o.transcript);
    if (o.profile.keyCustody === "core" && !hasCoreCustody(o.core)) {
      throw new TypeError("the profile keeps the keys in the core (keyCustody=core), which this module does not implement (flowFeatures() without CORE_CUSTODY: build/realname.wasm holds no keys); run the QA module (coreFor in host/custody.ts)");
    }
    if ((o.profile.keyCustody ?? "module") === "module") {
      if (!o.secureModule) throw new TypeError("the profile keeps the keys in the secure module (keyCustody=module): give a secureModule (host/secure/)");
      this.secure = o.secureModule;
    }
    o.modem.onLink((status) => this.post({ kind: "LINK", status }));
    o.modem.onFrame((frame) => this.post({ kind: "RECEIVED", frame }));
    o.keypad?.onInput((input) => this.post(input.type === "key" ? { kind: "KEY", key: input.key } : { kind: "TEXT", text: input.text }));
    o.cardReader?.onCard((card) => this.post({ kind: "CARD", card }));
  }

  /**
   * Powers on: POWER_ON, INJECT_KEY per key, RESTORE of the settings record and of the
   * record with the highest STAN, START. The saved records stay in the storage; the
   * index over them (rebuilt here) answers the core's record queries.
   */
  start(): void {
    if (!Flow.available(this.o.core)) throw new Error("this build of the core has no verification flow (handle/nextCommand exports); rebuild after the flow lands");
    this.life++;
    this.state = "running";
    const storage = (this.storage = this.o.openStorage());
    const index = (this.index = new RecordIndex(storage.records()));
    this.note(`power on: ${index.size} saved record(s) indexed`);
    // A refused profile or key is a configuration error: say which, loudly.
    const loudly: Refused = (e) => {
      throw e;
    };
    this.post({ kind: "POWER_ON", profile: this.o.profile }, loudly);
    if (!this.secure) {
      this.post({ kind: "INJECT_KEY", slot: KeySlot.MASTER, key: this.o.keys.tmk }, loudly);
      this.post({ kind: "INJECT_KEY", slot: KeySlot.RECORD_HASH, key: this.o.keys.recordHashKey }, loudly);
    }
    // A record the core refuses (damaged, unmasked, from another firmware) is set aside, not fatal.
    const { settings } = index.powerOnRecords();
    if (settings) this.post({ kind: "RESTORE", record: settings }, (e) => this.setAside(storage, "S", e));
    // The highest STAN the core accepts: a record refused is set aside and the next highest tried.
    const restoreHighest = (): void => {
      const record = index.powerOnRecords().highestStan;
      if (!record) return;
      const id = recordId(new TextDecoder().decode(record)) ?? "?";
      this.post({ kind: "RESTORE", record }, (e) => {
        index.drop(id);
        this.setAside(storage, id, e);
        restoreHighest();
      });
    };
    restoreHighest();
    this.post({ kind: "START" }, loudly);
  }

  /** Queues an event from a device; runs it (and what it leads to) now unless already running. */
  post(event: FlowEvent, refused?: Refused): void {
    if (this.state !== "running") return;
    this.queue.push({ event, refused });
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.state === "running") {
        const next = this.queue.shift()!;
        this.dispatch(next.event, next.refused);
        this.armDeadline();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Drops all state as a power loss would (the timer, link, core memory, queue), then powers on from storage. */
  powerCut(): void {
    this.note("power cut");
    this.halt();
    // The screen goes dark with the power: nothing shown before the cut survives it.
    this.o.display.show({ screenId: 0, lines: [] });
    this.o.core.start();
    this.start();
  }

  /** Stops the terminal for good (quit, SHUTDOWN). */
  stop(): void {
    this.halt();
    this.state = "off";
  }

  private halt(): void {
    this.life++;
    this.deadline?.cancel();
    this.deadline = undefined;
    this.endPinEntry();
    this.secure?.powerLost();
    this.queue.length = 0;
    this.o.modem.disconnect();
    this.storage?.close();
    this.storage = undefined;
    this.state = "halted";
  }

  /** The timer armed again for the core's next deadline (refused events move its clock too); TIMER when it fires. */
  private armDeadline(): void {
    this.deadline?.cancel();
    this.deadline = undefined;
    if (this.state !== "running") return;
    const ms = this.flow.nextDeadline();
    if (ms < 0) return;
    const life = this.life;
    this.deadline = this.o.clock.after(ms, () => {
      if (life !== this.life) return;
      this.deadline = undefined;
      this.post({ kind: "TIMER" });
    });
  }

  private dispatch(event: FlowEvent, refused: Refused | undefined): void {
    // keyCustody=module: while the secure module runs a PIN entry the keys are its own; it tells the core what it needs to know.
    if (event.kind === "KEY" && this.secure?.pinEntryOpen) {
      const told = this.secure.pinKey(event.key);
      if (!told) return;
      if (told.kind === "PIN_DIGITS") this.startPinTimer();
      else this.endPinEntry();
      event = told;
    }
    const { date, time } = coreDateTime(this.o.clock.now());
    let commands: FlowCommand[];
    try {
      commands = this.flow.step(event, date, time);
    } catch (e) {
      if (e instanceof EventRefused) {
        if (refused) return refused(e);
        this.note(`event ${event.kind} refused: ${errorLabel(e.failure.code)}`);
        return;
      }
      if (e instanceof CoreFault) return this.fault(e);
      throw e;
    }
    this.faultsInARow = 0;
    for (const command of commands) {
      if (this.state !== "running") return;
      this.perform(command);
    }
  }

  private perform(command: FlowCommand): void {
    if (this.history.length >= 10000) this.history.splice(0, 5000);
    this.history.push(command);
    const o = this.o;
    const { answer, purged } = storeAnswer(this.index, command);
    // A record the core refuses in an answer is set aside like one refused at RESTORE; the query is asked again.
    if (answer) return this.post(answer, (e) => this.refusedAnswer(command, answer, e));
    if (purged && purged.length > 0) {
      this.note(`purged ${purged.length} record(s) past the retention period`);
      const pending = this.storage!.remove(purged);
      if (pending) pending.catch((err) => this.note(`purge not applied: ${err instanceof Error ? err.message : String(err)}`));
    }
    switch (command.kind) {
      case "SHOW":
        return o.display.show({ screenId: command.screenId, lines: command.lines });
      case "BEEP":
        return o.display.beep(command.tone);
      case "CONNECT":
        return o.modem.connect();
      case "SEND":
        return o.modem.send(command.frame);
      case "DISCONNECT":
        return o.modem.disconnect();
      case "SAVE": {
        let pending: void | Promise<void>;
        try {
          pending = this.storage!.append({ id: command.id, bytes: command.record });
        } catch (e) {
          if (!(e instanceof PowerCut)) throw e;
          // The power went during the write: SAVED is never sent; start again from storage.
          this.halt();
          this.later(() => this.powerCut());
          return;
        }
        if (!pending) return this.post({ kind: "SAVED", id: command.id });
        // A storage across a network: SAVED only once it says durable, and only to this life.
        // A failed save sends nothing; the core's SAVE deadline decides what the operator sees.
        const life = this.life;
        const id = command.id;
        pending.then(
          () => life === this.life && this.post({ kind: "SAVED", id }),
          (e) => life === this.life && this.note(`record ${id} not saved: ${e instanceof Error ? e.message : String(e)}`),
        );
        return;
      }
      case "PRINT":
        // A printer that cannot print says so; a printed receipt needs no answer.
        if (o.printer.status() === PrinterStatus.READY) return o.printer.print(command.lines);
        return this.post({ kind: "PRINTER", status: o.printer.status() });
      case "NEED_RANDOM":
        return this.post({ kind: "RANDOM", bytes: o.random.bytes(command.count) });
      case "LOG":
        return o.log?.(command.line);
      case "SHUTDOWN":
        this.note("shutdown requested by the core");
        o.display.status("powered off");
        return this.stop();
      case "FIND_RECORD":
      case "COUNT_ATTEMPTS":
      case "PURGE":
        return; // answered from the index above
      case "PIN_ENTRY":
        if (!this.secure) return this.note("PIN_ENTRY without a secure module: keyCustody=core profiles never ask for one");
        this.secure.beginPinEntry(command);
        this.pinTimeoutMs = command.timeoutSeconds * 1000;
        return this.startPinTimer();
      case "INSTALL_KEY":
      case "MAC":
      case "ENCIPHER":
        if (!this.secure) return this.note(`${command.kind} without a secure module: keyCustody=core profiles never ask for one`);
        return this.post(this.secure.answer(command));
    }
  }

  /** The core refused a record the index answered with: set aside, and the same query answered again without it. */
  private refusedAnswer(command: FlowCommand, answer: FlowEvent, e: EventRefused): void {
    const record = answer.kind === "RECORD" ? answer.record : undefined;
    const id = record && recordId(new TextDecoder().decode(record));
    if (!id || !this.storage) return this.note(`store answer refused: ${errorLabel(e.failure.code)}`);
    this.index.drop(id);
    this.setAside(this.storage, id, e);
    this.perform(command);
  }

  /** The PIN entry's timeout, restarted by each key on the PIN pad. */
  private startPinTimer(): void {
    this.pinTimer?.cancel();
    const life = this.life;
    this.pinTimer = this.o.clock.after(this.pinTimeoutMs, () => {
      if (life !== this.life || !this.secure?.pinEntryOpen) return;
      this.pinTimer = undefined;
      this.post(this.secure.pinTimedOut());
    });
  }

  private endPinEntry(): void {
    this.pinTimer?.cancel();
    this.pinTimer = undefined;
  }

  /** A saved record the core refused at RESTORE: out of the store (into its quarantine), and the terminal starts without it. */
  private setAside(storage: Storage, id: string, e: EventRefused): void {
    const reason = `refused by the core: ${errorLabel(e.failure.code)} (field ${e.failure.field}, offset ${e.failure.offset})`;
    this.note(`record ${id} set aside: ${reason}`);
    const pending = storage.setAside(id, reason);
    if (pending) pending.catch((err) => this.note(`record ${id} could not be set aside: ${err instanceof Error ? err.message : String(err)}`));
  }

  private fault(e: CoreFault): void {
    this.faultsInARow++;
    this.note(`${e.message} (fault ${this.faultsInARow} in a row); restarting the core from storage`);
    this.o.display.status("core fault: restarting");
    if (this.faultsInARow > (this.o.maxFaults ?? 3)) {
      this.o.display.status("core fault: terminal halted");
      this.halt();
      return;
    }
    // The Core already replaced the trapped instance; bring the new one up after this event.
    this.halt();
    this.later(() => this.start());
  }

  /** Runs `fn` after the current event, unless the terminal was stopped or power-cycled meanwhile. */
  private later(fn: () => void): void {
    const life = this.life;
    queueMicrotask(() => {
      if (life === this.life) fn();
    });
  }

  private note(line: string): void {
    this.o.log?.(`[host] ${line}`);
  }
}
