// A whole terminal in one process without sockets: the release core, the
// Terminal loop, a journal on disk and the simulated acquirer answering through
// a loopback modem. Fast enough to power on hundreds of times in one test.
import { Core } from "../../../host/core";
import { defaultWasmPath } from "../../../host/core";
import { LinkStatus } from "../../../host/api/flow";
import { Acquirer } from "../../../host/acquirer/acquirer";
import { TestBank } from "../../../host/acquirer/bank";
import { coreCupCodec } from "../../../host/acquirer/core-codec";
import { SystemClock } from "../../../host/devices/clock";
import { TextDisplay } from "../../../host/devices/display";
import { ModemEvents } from "../../../host/devices/frames";
import { FilePrinter } from "../../../host/devices/printer";
import { SeededRandom } from "../../../host/devices/random";
import { JournalStorage } from "../../../host/devices/storage";
import type { Modem } from "../../../host/devices/types";
import { SIMULATOR_KEYS, SIMULATOR_TMK, simulatorProfile } from "../../../host/sim/profile";
import { SoftwareSecureModule } from "../../../host/secure/module";
import { nodeSecureCrypto } from "../../../host/secure/node-crypto";
import { Terminal } from "../../../host/terminal";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";

/** The modem as a function call: each frame goes to `answer`, its reply comes back on the next turn of the event loop. */
export class LoopbackModem extends ModemEvents implements Modem {
  constructor(private readonly answer: (frame: Uint8Array) => Uint8Array | undefined) {
    super();
  }
  connect(): void {
    setImmediate(() => {
      this.up = true;
      this.report(LinkStatus.UP);
    });
  }
  send(frame: Uint8Array): void {
    const reply = this.answer(frame);
    if (reply) setImmediate(() => this.up && this.deliver(reply));
  }
  disconnect(): void {
    this.up = false;
  }
}

let compiled: WebAssembly.Module | undefined;
/** The release module, compiled once per test process. */
export function releaseModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(readFileSync(defaultWasmPath())));
}

export interface InProcess {
  terminal: Terminal;
  display: TextDisplay;
  logs: string[];
  acquirer: Acquirer;
  /** Waits (bounded) until the screen shows `text`; false when it never did. */
  shows(text: string, ms?: number): Promise<boolean>;
  stop(): void;
}

/** Powers on a terminal whose journal is `journalPath`, against an in-memory acquirer. */
export function powerOn(journalPath: string, acquirer?: Acquirer): InProcess {
  const bank = TestBank.default();
  const acq = acquirer ?? new Acquirer({ codec: coreCupCodec(), bank, tmk: Buffer.from(SIMULATOR_TMK, "hex") });
  const display = new TextDisplay(16, 4, { write: () => {} });
  const logs: string[] = [];
  const clock = new SystemClock();
  const terminal = new Terminal({
    core: new Core(releaseModule()),
    profile: simulatorProfile("zh-CN"),
    keys: SIMULATOR_KEYS,
    secureModule: new SoftwareSecureModule(SIMULATOR_KEYS, nodeSecureCrypto),
    display,
    modem: new LoopbackModem((frame) => acq.handleFrame(frame)),
    openStorage: () => new JournalStorage(journalPath, { log: (l) => logs.push(l) }),
    printer: new FilePrinter(join(dirname(journalPath), "receipts.txt"), () => clock.now(), () => {}),
    clock,
    random: new SeededRandom("in-process"),
    log: (l) => logs.push(l),
  });
  terminal.start();
  return {
    terminal, display, logs, acquirer: acq,
    async shows(text, ms = 3000) {
      for (let waited = 0; waited <= ms; waited += 5) {
        if (display.current().lines.some((l) => l.includes(text))) return true;
        await new Promise((r) => setTimeout(r, 5));
      }
      return false;
    },
    stop: () => terminal.stop(),
  };
}
