// A TCP proxy between the terminal's modem and the acquirer that passes frames
// through and does one thing wrong to the reply of a chosen exchange: drops it,
// delays it, cuts it short, writes it a byte at a time, sends it twice, flips a
// byte, resets the connection, or rewrites fields (re-MAC'd with the MAK it read
// from the sign-on reply, as a faulty acquirer would, so only the field is wrong).
// It logs every request and every reply it delivered, so a test can tell which
// answers reached the terminal intact and how many requests the acquirer got.
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { FrameReader } from "../../../host/devices/frames";
import { macCupEcb, tdesEcb } from "../../../host/acquirer/crypto";
import { text, type CupCodec, type CupMessage } from "../../../host/acquirer/message";

export type Exchange = "sign-on" | "echo" | "verify" | "code-submit" | "code-resend" | "balance" | "loss" | "other";
export type Fault =
  | { kind: "drop" | "truncate" | "byte-at-a-time" | "duplicate" | "corrupt" | "reset" }
  | { kind: "delay"; ms: number }
  | { kind: "rewrite"; fields: Record<number, string> };

/** Which exchange a request belongs to (docs/PROTOCOL.md: MTI, 60.1); an ISO 8583 repeat (MTI ending in 1) is its original's. */
export function exchangeOf(message: CupMessage): Exchange {
  const type = (text(message, 60) ?? "").slice(0, 2);
  const mti = message.mti.slice(0, 3) + "0";
  if (mti === "0800") return "sign-on";
  if (mti === "0820") return "echo";
  if (mti === "0200") return "balance";
  if (mti === "0300") return "loss";
  if (mti === "0100") return type === "71" ? "verify" : type === "72" ? "code-submit" : type === "73" ? "code-resend" : "other";
  return "other";
}

export interface Passed {
  exchange: Exchange;
  mti: string;
  /** An ISO 8583 repeat of an earlier request (MTI ending in 1). */
  repeat: boolean;
  stan: string;
  pan?: string;
}

export interface Delivered extends Passed {
  /** Field 39 of the reply as the acquirer sent it. */
  code: string;
  /** The terminal got the acquirer's reply unaltered and whole (at least once). */
  intact: boolean;
  fault?: Fault["kind"];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FaultProxy {
  readonly requests: Passed[] = [];
  readonly replies: Delivered[] = [];
  private readonly plans: { exchange: Exchange; fault: Fault }[] = [];
  private readonly sockets = new Set<Socket>();
  private mak: Uint8Array | undefined;

  private constructor(private readonly server: Server, private readonly codec: CupCodec, private readonly tmk: Uint8Array) {}

  /** Listens on a free loopback port and forwards each connection to `target`. */
  static async start(target: { host: string; port: number }, codec: CupCodec, tmk: Uint8Array): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((terminal) => proxy!.carry(terminal, target));
    proxy = new FaultProxy(server, codec, tmk);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next request of `exchange` gets `fault` on its reply (once). */
  inject(exchange: Exchange, fault: Fault): void {
    this.plans.push({ exchange, fault });
  }

  /** Faults planned that no request has met yet. */
  get pending(): number {
    return this.plans.length;
  }

  async close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private carry(terminal: Socket, target: { host: string; port: number }): void {
    const acquirer = connect(target.port, target.host);
    for (const s of [terminal, acquirer]) {
      this.sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => this.sockets.delete(s));
    }
    terminal.on("close", () => acquirer.destroy());
    acquirer.on("close", () => terminal.destroy());
    const fromTerminal = new FrameReader();
    const fromAcquirer = new FrameReader();
    // Replies come back in request order: each waits for its request's plan.
    const waiting: { passed: Passed; fault?: Fault }[] = [];
    let replying = Promise.resolve();
    terminal.on("data", (d: Buffer) => {
      for (const frame of fromTerminal.push(new Uint8Array(d))) {
        const passed = this.describe(frame);
        this.requests.push(passed);
        const at = this.plans.findIndex((p) => p.exchange === passed.exchange);
        waiting.push({ passed, fault: at >= 0 ? this.plans.splice(at, 1)[0].fault : undefined });
        acquirer.write(frame);
      }
    });
    acquirer.on("data", (d: Buffer) => {
      for (const frame of fromAcquirer.push(new Uint8Array(d))) {
        const request = waiting.shift();
        if (!request) continue;
        replying = replying.then(() => this.reply(terminal, acquirer, frame, request.passed, request.fault));
      }
    });
  }

  private describe(frame: Uint8Array): Passed {
    try {
      const { message } = this.codec.unpack(frame);
      return { exchange: exchangeOf(message), mti: message.mti, repeat: message.mti.endsWith("1"), stan: text(message, 11) ?? "", pan: text(message, 2) };
    } catch {
      return { exchange: "other", mti: "", repeat: false, stan: "" };
    }
  }

  /** Writes the reply to the terminal as the fault says, and logs what was delivered. */
  private async reply(terminal: Socket, acquirer: Socket, frame: Uint8Array, passed: Passed, fault: Fault | undefined): Promise<void> {
    const reply = this.codec.unpack(frame).message;
    if (reply.mti === "0810") this.learnKeys(reply);
    const log = (intact: boolean): void => void this.replies.push({ ...passed, code: text(reply, 39) ?? "", intact, fault: fault?.kind });
    if (terminal.destroyed) return log(false);
    switch (fault?.kind) {
      case undefined:
        terminal.write(frame);
        return log(true);
      case "drop":
        return log(false);
      case "delay":
        await sleep(fault.ms);
        if (!terminal.destroyed) terminal.write(frame);
        return log(false); // past the terminal's timeout: it must not count
      case "truncate":
        terminal.end(frame.subarray(0, frame.length >> 1));
        acquirer.destroy();
        return log(false);
      case "byte-at-a-time":
        for (const b of frame) {
          if (terminal.destroyed) return log(false);
          terminal.write(Uint8Array.of(b));
          await sleep(1);
        }
        return log(true);
      case "duplicate":
        terminal.write(frame);
        terminal.write(frame);
        return log(true);
      case "corrupt": {
        const bad = frame.slice();
        bad[2 + ((bad.length - 2) >> 1)] ^= 0x5a;
        terminal.write(bad);
        return log(false);
      }
      case "reset":
        terminal.resetAndDestroy();
        acquirer.destroy();
        return log(false);
      case "rewrite":
        terminal.write(this.rewrite(reply, fault.fields));
        return log(false);
    }
  }

  /** The sign-on reply's working keys, deciphered under the TMK: the MAK re-MACs rewritten replies. */
  private learnKeys(reply: CupMessage): void {
    const block = reply.fields[62];
    if (!(block instanceof Uint8Array) || block.length !== 60) return;
    this.mak = tdesEcb(this.tmk, block.subarray(20, 36), false);
  }

  private rewrite(reply: CupMessage, fields: Record<number, string>): Uint8Array {
    const changed: CupMessage = { ...reply, fields: { ...reply.fields, ...fields } };
    const macked = changed.fields[64] !== undefined;
    if (macked) changed.fields[64] = new Uint8Array(8);
    const { frame, macOffset, macLength } = this.codec.pack(changed);
    if (macked && this.mak) frame.set(macCupEcb(this.mak, frame.subarray(macOffset, macOffset + macLength)), frame.length - 8);
    return frame;
  }
}
