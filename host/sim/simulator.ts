// The desktop simulator, put together: a Terminal with simulated devices, and
// (unless an external one is named) the simulated acquirer in the same process
// on a free loopback port. Interactive mode and scripted mode both build on it.
//
// DATA/terminal/records.journal  saved records (crash-safe journal)
// DATA/terminal/receipts.txt     printed receipts
// DATA/terminal/terminal.log     the core's LOG lines and the host's notes
// DATA/acquirer/                 acquirer.log, sms-outbox.txt, hotlist.json
//
// Each folder it writes is locked (host/folder-lock.ts): a second simulator or web
// server on the same data folder is refused.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { coreFor } from "../custody";
import { mergeProfile, type Profile } from "../api/flow";
import { Acquirer } from "../acquirer/acquirer";
import { TestBank } from "../acquirer/bank";
import { listen, type AcquirerServer } from "../acquirer/server";
import type { CupCodec } from "../acquirer/message";
import { coreCupCodec } from "../acquirer/core-codec";
import { SimCardReader } from "../devices/card-reader";
import { SystemClock } from "../devices/clock";
import { TextDisplay, type TextSink } from "../devices/display";
import { TcpModem } from "../devices/modem";
import { FilePrinter } from "../devices/printer";
import { SystemRandom } from "../devices/random";
import { JournalStorage } from "../devices/storage";
import type { Clock, Keypad, RandomSource } from "../devices/types";
import { Terminal } from "../terminal";
import { lockFolder, type FolderLock } from "../folder-lock";
import type { TranscriptRecorder } from "../transcript/recorder";
import { SIMULATOR_KEYS, SIMULATOR_TMK, simulatorProfile } from "./profile";
import { SoftwareSecureModule } from "../secure/module";
import { nodeSecureCrypto } from "../secure/node-crypto";
import { fromHex } from "../hex";

export { mergeProfile };
export { SIMULATOR_RECORD_HASH_KEY, SIMULATOR_TMK, simulatorProfile } from "./profile";

export interface SimulatorOptions {
  dataDir: string;
  /** An external acquirer; without it one starts in this process. */
  acquirer?: { host: string; port: number };
  bank?: TestBank;
  profile?: Profile;
  sink: TextSink;
  /** Redraw the screen in place (interactive) or print each screen (scripted). */
  inPlace: boolean;
  keypad?: Keypad;
  /** Shortens every timer (tests). */
  timeScale?: number;
  /** The terminal's and the in-process acquirer's clock (default: the system's, with timeScale). */
  clock?: Clock;
  random?: RandomSource;
  /** The in-process acquirer's random source (working keys, SMS codes, reference numbers). */
  acquirerRandom?: RandomSource;
  /** Records every event and command (`simulate --record`, docs/TRANSCRIPTS.md). */
  transcript?: TranscriptRecorder;
  /** The codec the in-process acquirer uses (default: the core's ISO 8583 engine). */
  codec?: CupCodec;
  /** Sees every byte on the wire. */
  tap?: (direction: "out" | "in", bytes: Uint8Array) => void;
  /** Echo receipts on the sink. */
  printToConsole?: boolean;
  /** The terminal module (default build/realname.wasm). */
  wasm?: Uint8Array<ArrayBuffer>;
}

export interface Simulator {
  terminal: Terminal;
  display: TextDisplay;
  modem: TcpModem;
  cardReader: SimCardReader;
  printer: FilePrinter;
  bank: TestBank;
  /** The in-process acquirer, when there is one. */
  acquirer?: Acquirer;
  server?: AcquirerServer;
  storage(): JournalStorage;
  close(): Promise<void>;
}

export async function createSimulator(o: SimulatorOptions): Promise<Simulator> {
  const bank = o.bank ?? TestBank.default();
  const terminalDir = join(o.dataDir, "terminal");
  const acquirerDir = join(o.dataDir, "acquirer");
  const clock = o.clock ?? new SystemClock(o.timeScale ?? 1);
  const locks: FolderLock[] = [lockFolder(terminalDir, "simulate")];
  const release = () => locks.forEach((l) => l.release());
  let acquirer: Acquirer | undefined;
  let server: AcquirerServer | undefined;
  let target = o.acquirer;
  if (!target) {
    try {
      locks.push(lockFolder(acquirerDir, "simulate"));
      const random = o.acquirerRandom;
      acquirer = new Acquirer({
        codec: o.codec ?? coreCupCodec(), bank, tmk: fromHex(SIMULATOR_TMK), dataDir: acquirerDir,
        now: () => clock.now(), ...(random ? { random: (n: number) => random.bytes(n) } : {}),
      });
      server = await listen(acquirer, 0, "127.0.0.1");
    } catch (e) {
      release();
      throw e;
    }
    target = { host: server.host, port: server.port };
  }
  const profile = o.profile ?? simulatorProfile();
  const display = new TextDisplay(profile.displayColumns ?? 16, profile.displayRows ?? 4, o.sink, { inPlace: o.inPlace, bell: o.inPlace });
  const modem = new TcpModem({ host: target.host, port: target.port, clock, tap: o.tap, connectTimeoutMs: 3000, readTimeoutMs: 5000 });
  const cardReader = new SimCardReader((pan) => bank.card(pan));
  const printer = new FilePrinter(join(terminalDir, "receipts.txt"), () => clock.now(), o.printToConsole ? (t) => o.sink.write(t) : () => {});
  let storage: JournalStorage | undefined;
  const log = (line: string) => appendFileSync(join(terminalDir, "terminal.log"), `${clock.now().toISOString()} ${line}\n`);
  const terminal = new Terminal({
    core: coreFor(profile.keyCustody, o.wasm), // keyCustody=core: the QA module (the terminal module holds no keys)
    profile,
    keys: SIMULATOR_KEYS,
    secureModule: new SoftwareSecureModule(SIMULATOR_KEYS, nodeSecureCrypto),
    display,
    modem,
    openStorage: () => (storage = new JournalStorage(join(terminalDir, "records.journal"), { log: (line) => log(`[host] ${line}`) })),
    printer,
    clock,
    random: o.random ?? new SystemRandom(),
    keypad: o.keypad,
    cardReader,
    log,
    transcript: o.transcript,
  });
  return {
    terminal, display, modem, cardReader, printer, bank, acquirer, server,
    storage: () => storage!,
    close: async () => {
      terminal.stop();
      o.keypad?.close();
      await server?.close();
      release();
    },
  };
}
