// The browser simulator's terminal, without the DOM: the same Terminal loop as the
// desktop simulator (host/terminal.ts) over the same Wasm core, with devices that
// suit a page. The core runs here, in the page; the node side (host/web/server.ts)
// only carries frames to the simulated acquirer and keeps the record journal.
//
// What the page draws goes through `View` (a port: the DOM page implements it, the
// tests implement it with arrays); what crosses the network goes through
// `Transport` (HTTP in the page and the tests). Timers and the clock are the
// page's own (SystemClock: setTimeout and Date, no node API in it).
import { Key, LinkStatus, PrinterStatus, recordId, type CardRead, type Profile } from "../api/flow";
import { Core } from "../core-wasm";
import { SimCardReader, type CardFace } from "../devices/card-reader";
import { SystemClock } from "../devices/clock";
import { cellWidth, fitLine } from "../devices/display";
import { FrameReader, ModemEvents } from "../devices/frames";
import type { Display, Keypad, KeypadInput, Modem, Printer, RandomSource, Screen, Storage, StoredRecord } from "../devices/types";
import { SIMULATOR_KEYS } from "../sim/profile";
import { SoftwareSecureModule } from "../secure/module";
import { toolsSecureCrypto } from "../secure/tools-crypto";
import { Terminal } from "../terminal";
import type { TranscriptRecorder } from "../transcript/recorder";
import { fromHex } from "../hex";

/** A test-bank card as the page may know it: enough to write a stripe, nothing of the holder. */
export interface BankCardSummary extends CardFace {
  status: string;
  otp: boolean;
  note?: string;
}

/** GET /api/config: what the page powers on with. */
export interface WebConfig {
  profile: Profile;
  cards: BankCardSummary[];
}

/** The node side, as the page reaches it. */
export interface Transport {
  config(): Promise<WebConfig>;
  /** One request frame to the acquirer; its reply frames (none when it stays silent). */
  exchange(frame: Uint8Array): Promise<Uint8Array>;
  /** Resolves once the record is durable in the journal. */
  save(record: StoredRecord): Promise<void>;
  records(): Promise<Uint8Array[]>;
  /** Moves a record the core refused into the journal's quarantine file. */
  setAside(id: string, reason: string): Promise<void>;
  /** Deletes records past the profile's retention from the journal (PURGE). */
  remove(ids: readonly string[]): Promise<void>;
  /** The SMS code the acquirer last "sent" (undefined before any). */
  otp(): Promise<string | undefined>;
}

/** One cell of the screen: a character and whether it takes two cells (CJK). */
export interface Cell {
  ch: string;
  wide: boolean;
}

/** What the page shows. */
export interface View {
  screen(screenId: number, rows: Cell[][]): void;
  status(note: string): void;
  beep(tone: number): void;
  receipt(lines: string[]): void;
  log(line: string): void;
}

/** The screen's lines as rows of cells, each cut and padded to `columns` cells (a wide character is one Cell spanning two). */
export function screenCells(lines: readonly string[], columns: number, rows: number): Cell[][] {
  const out: Cell[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: Cell[] = [];
    for (const ch of fitLine(lines[r] ?? "", columns)) row.push({ ch, wide: cellWidth(ch.codePointAt(0)!) === 2 });
    out.push(row);
  }
  return out;
}

class PageDisplay implements Display {
  private shown: Screen = { screenId: 0, lines: [] };
  constructor(readonly columns: number, readonly rows: number, private readonly view: View) {}
  show(screen: Screen): void {
    this.shown = { screenId: screen.screenId, lines: [...screen.lines] };
    this.view.screen(screen.screenId, screenCells(screen.lines, this.columns, this.rows));
  }
  current(): Screen {
    return this.shown;
  }
  status(note: string): void {
    this.view.status(note);
  }
  beep(tone: number): void {
    this.view.beep(tone);
  }
}

/**
 * The modem over HTTP: each SEND is one POST, its reply frames come back as RECEIVED.
 * There is no connection to hold, so CONNECT succeeds at once unless the link is cut;
 * a failed POST is the line dropping (LINK DOWN). Replies to an earlier link are dropped.
 */
export class HttpModem extends ModemEvents implements Modem {
  private severed = false;
  private generation = 0;

  constructor(private readonly transport: Transport) {
    super();
  }


  connect(): void {
    const generation = ++this.generation;
    queueMicrotask(() => {
      if (generation !== this.generation) return;
      this.up = !this.severed;
      this.report(this.up ? LinkStatus.UP : LinkStatus.FAILED);
    });
  }

  send(frame: Uint8Array): void {
    if (!this.up) return; // the core's HOST deadline covers a frame that never left
    const generation = this.generation;
    this.transport.exchange(frame).then(
      (bytes) => {
        if (generation !== this.generation) return;
        let frames: Uint8Array[];
        try {
          frames = new FrameReader().push(bytes);
        } catch {
          return this.drop();
        }
        for (const f of frames) this.deliver(f);
      },
      () => generation === this.generation && this.drop(),
    );
  }

  disconnect(): void {
    this.generation++;
    this.up = false;
  }

  /** Cuts the line: the link drops now and connects fail until restore(). */
  sever(): void {
    this.severed = true;
    if (this.up) this.drop();
  }
  restore(): void {
    this.severed = false;
  }

  private drop(): void {
    this.generation++;
    this.up = false;
    this.report(LinkStatus.DOWN);
  }
}

/** Records kept by the node side's journal; append settles once the journal fsync'd it. */
export class ServerStorage implements Storage {
  private readonly byId = new Map<string, Uint8Array>();
  constructor(initial: StoredRecord[], private readonly transport: Transport) {
    for (const r of initial) this.byId.set(r.id, r.bytes);
  }
  records(): StoredRecord[] {
    return [...this.byId].map(([id, bytes]) => ({ id, bytes: bytes.slice() }));
  }
  async append(record: StoredRecord): Promise<void> {
    await this.transport.save(record);
    this.byId.delete(record.id);
    this.byId.set(record.id, record.bytes.slice());
  }
  async setAside(id: string, reason: string): Promise<void> {
    this.byId.delete(id);
    await this.transport.setAside(id, reason);
  }
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.byId.delete(id);
    await this.transport.remove(ids);
  }
  close(): void {}
}

class PagePrinter implements Printer {
  state: PrinterStatus = PrinterStatus.READY;
  constructor(private readonly view: View) {}
  print(lines: string[]): void {
    this.view.receipt([...lines]);
  }
  status(): PrinterStatus {
    return this.state;
  }
}

class PageKeypad implements Keypad {
  handlers: ((input: KeypadInput) => void)[] = [];
  onInput(handler: (input: KeypadInput) => void): void {
    this.handlers.push(handler);
  }
  close(): void {}
}

/** The page's random source: the browser's (and node's) Web Crypto generator. */
export class WebRandom implements RandomSource {
  bytes(count: number): Uint8Array {
    return globalThis.crypto.getRandomValues(new Uint8Array(count));
  }
}

/** The page's own controls (not keys of the terminal). */
export type PageControl = "swipe" | "keyed" | "otp" | "power-cut" | "link";

/** What one keyboard key means on the page, outside an input field. */
export type PageKeyMeaning =
  | { type: "key"; key: number }
  | { type: "control"; control: PageControl }
  | { type: "compose"; text: string }
  | undefined;

const PAGE_KEYS: Record<string, number> = {
  Enter: Key.ENTER, Escape: Key.CANCEL, Backspace: Key.CLEAR, Delete: Key.CLEAR,
  F1: Key.F1, F2: Key.F2, F3: Key.F3, F4: Key.F4, ArrowUp: Key.UP, ArrowDown: Key.DOWN,
};
const PAGE_CONTROLS: Record<string, PageControl> = { F5: "swipe", F7: "keyed", F8: "otp", F9: "power-cut", F10: "link" };

/**
 * The keyboard as the terminal simulator maps it: digits, `*` `#`, Enter=确认,
 * Esc=取消, Backspace=清除, F1-F4, arrows; F5 swipe, F7 key a card, F8 the SMS code,
 * F9 power cut, F10 link; any other printable character starts text entry; Tab an empty one.
 */
export function pageKeyMeaning(e: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): PageKeyMeaning {
  if (e.ctrlKey || e.altKey || e.metaKey) return undefined;
  if (PAGE_KEYS[e.key] !== undefined) return { type: "key", key: PAGE_KEYS[e.key] };
  if (PAGE_CONTROLS[e.key]) return { type: "control", control: PAGE_CONTROLS[e.key] };
  if (e.key === "Tab") return { type: "compose", text: "" };
  if (/^[0-9*#]$/.test(e.key)) return { type: "key", key: e.key.charCodeAt(0) };
  if ([...e.key].length === 1 && !/[\x00-\x1f\x7f]/.test(e.key)) return { type: "compose", text: e.key };
  return undefined;
}

export interface SessionOptions {
  /** The release module: compiled (the page compiles what it fetched) or its bytes. */
  wasm: WebAssembly.Module | Uint8Array<ArrayBuffer>;
  /**
   * The tools module, run as a second instance: the secure module's cryptography
   * (keyCustody=module), so the keys never enter the terminal module's memory.
   */
  tools: WebAssembly.Module | Uint8Array<ArrayBuffer>;
  transport: Transport;
  view: View;
  /** Shortens every timer (tests). */
  timeScale?: number;
  /** Records every event and command (the page's transcript download, docs/TRANSCRIPTS.md). */
  transcript?: TranscriptRecorder;
}

/** One browser terminal: the core, the loop and the page's devices. */
export class WebSession {
  readonly terminal: Terminal;
  readonly modem: HttpModem;
  readonly printer: PagePrinter;
  readonly cardReader: SimCardReader;
  private readonly keypad = new PageKeypad();
  private linkCut = false;

  private constructor(readonly config: WebConfig, records: StoredRecord[], private readonly o: SessionOptions) {
    const profile = config.profile;
    const clock = new SystemClock(o.timeScale ?? 1);
    const display = new PageDisplay(profile.displayColumns ?? 16, profile.displayRows ?? 4, o.view);
    this.modem = new HttpModem(o.transport);
    this.printer = new PagePrinter(o.view);
    this.cardReader = new SimCardReader((pan) => config.cards.find((c) => c.pan === pan));
    const storage = new ServerStorage(records, o.transport);
    this.terminal = new Terminal({
      core: new Core(o.wasm),
      profile,
      keys: SIMULATOR_KEYS,
      secureModule: new SoftwareSecureModule(SIMULATOR_KEYS, toolsSecureCrypto(new Core(o.tools))),
      display,
      modem: this.modem,
      openStorage: () => storage,
      printer: this.printer,
      clock,
      random: new WebRandom(),
      keypad: this.keypad,
      cardReader: this.cardReader,
      log: (line) => o.view.log(line),
      transcript: o.transcript,
    });
  }

  /** Fetches the profile, the bank's cards and the saved records, then powers on. */
  static async open(o: SessionOptions): Promise<WebSession> {
    const [config, records] = await Promise.all([o.transport.config(), o.transport.records()]);
    const decoder = new TextDecoder();
    const stored: StoredRecord[] = [];
    for (const bytes of records) {
      const id = recordId(decoder.decode(bytes));
      if (id !== undefined) stored.push({ id, bytes });
    }
    const session = new WebSession(config, stored, o);
    session.terminal.start();
    return session;
  }

  key(code: number): void {
    this.input({ type: "key", key: code });
  }

  /** Composed text for the current field (a name, an ID number ending in X). */
  text(text: string): void {
    this.input({ type: "text", text });
  }

  /** Swipes the test-bank card with this number; false when the bank has no such card. */
  swipe(pan: string): boolean {
    return this.cardReader.swipe(pan);
  }

  keyed(pan: string, expiry: string): void {
    this.cardReader.keyed(pan, expiry);
  }

  card(card: CardRead): void {
    this.terminal.post({ kind: "CARD", card });
  }

  /** Types the SMS code the acquirer last sent, digit by digit; false when none was sent. */
  async typeOtp(): Promise<boolean> {
    const code = await this.o.transport.otp();
    if (!code) return false;
    for (const d of code) this.key(d.charCodeAt(0));
    return true;
  }

  powerCut(): void {
    this.terminal.powerCut();
  }

  /** Cuts or restores the line; returns whether it is now cut. */
  toggleLink(): boolean {
    this.linkCut = !this.linkCut;
    if (this.linkCut) this.modem.sever();
    else this.modem.restore();
    return this.linkCut;
  }

  stop(): void {
    this.terminal.stop();
  }

  private input(input: KeypadInput): void {
    for (const h of this.keypad.handlers) h(input);
  }
}

/** The Transport over HTTP to the node side at `base` ("" in the page: same origin). */
export function httpTransport(base = ""): Transport {
  const call = async (path: string, init?: RequestInit): Promise<Response> => {
    const response = await fetch(base + path, init);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  };
  // The lease on the terminal comes with the records at power-on; what writes carries it (host/web/server.ts).
  let lease = "";
  const octets = () => ({ "content-type": "application/octet-stream", "x-terminal-lease": lease });
  return {
    config: async () => (await call("/api/config")).json() as Promise<WebConfig>,
    exchange: async (frame) => new Uint8Array(await (await call("/api/frame", { method: "POST", headers: octets(), body: new Uint8Array(frame) })).arrayBuffer()),
    save: async (record) => void (await call("/api/save", { method: "POST", headers: octets(), body: new Uint8Array(record.bytes) })),
    records: async () => {
      const response = await call("/api/records");
      lease = response.headers.get("x-terminal-lease") ?? "";
      return ((await response.json()) as string[]).map((text) => fromHex(text, "a saved record"));
    },
    setAside: async (id, reason) => void (await call("/api/set-aside", { method: "POST", headers: { "content-type": "application/json", "x-terminal-lease": lease }, body: JSON.stringify({ id, reason }) })),
    remove: async (ids) => void (await call("/api/remove", { method: "POST", headers: { "content-type": "application/json", "x-terminal-lease": lease }, body: JSON.stringify({ ids }) })),
    otp: async () => ((await (await call("/api/otp")).json()) as { code?: string }).code,
  };
}
