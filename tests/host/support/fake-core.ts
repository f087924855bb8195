// A stand-in for the core's flow, in TypeScript, speaking the docs/ABI.md event
// and command encoding through the same surface host/core.ts offers. It lets the
// terminal loop (start-up order, its one timer, SAVE -> SAVED, power cut, fault restart)
// be tested while the real flow is still being written. Its "flow":
//   START        -> SHOW READY records=N, CONNECT
//   LINK 1 / 2   -> SHOW ONLINE / NO LINK
//   KEY ENTER    -> NEED_RANDOM 4;  RANDOM -> SEND frame(bytes), a deadline in 500 ms
//   RECEIVED     -> no deadline, SAVE id=R<n>;  SAVED -> SHOW SAVED <id>, PRINT
//   TIMER        -> SHOW TIMEOUT when the deadline is set (the fake reads no clock:
//                   nextDeadline() says 500 ms after every event while it is set)
//   KEY 0 -> refused (FLOW_BAD_EVENT_KIND);  KEY 9 -> trap
//   RESTORE of a record with a `bad=` line -> refused (FLOW_BAD_RECORD); records carry stan=, the
//   host restores the one with the highest, and the next SAVE numbers on from it
import { CoreFault, type Core, type CoreFailure } from "../../../host/core";
import { CommandKind, EventKind, Key, LinkStatus } from "../../../host/api/flow";
import { ErrorCode, FlowFeature } from "../../../host/generated/abi";

const enc = new TextEncoder();
const dec = new TextDecoder();

export class FakeCore {
  private input = new Uint8Array(4096);
  private out: Uint8Array = new Uint8Array(0);
  private queue: [number, Uint8Array][] = [];
  private failure: CoreFailure = { code: 0, field: 0, offset: 0, expected: 0, found: 0 };
  restored: string[] = [];
  events: string[] = [];
  faults = 0;
  starts = 0;
  private saved = 0;
  /** The one deadline: waiting for the reply. */
  private waiting = false;
  /** It plays a keyCustody=core core (the keys injected): its flowFeatures() say so, as the QA build's. */
  exports = FakeCore.instance();

  private static instance() {
    return { handle: () => 0, nextCommand: () => 0, nextDeadline: () => -1, flowFeatures: () => FlowFeature.CORE_CUSTODY };
  }

  /** A fresh instance: all state gone. */
  start(): void {
    this.exports = FakeCore.instance(); // a new instance, as the real core's
    this.starts++;
    this.queue = [];
    this.restored = [];
    this.events = [];
    this.saved = 0;
    this.waiting = false;
  }

  setInput(bytes: Uint8Array): number {
    this.input.set(bytes);
    return bytes.length;
  }

  output(): Uint8Array {
    return this.out.slice();
  }

  lastFailure(): CoreFailure {
    return this.failure;
  }

  call(name: string, ...args: number[]): number {
    if (name === "nextCommand") {
      const next = this.queue.shift();
      if (!next) return 0;
      this.out = next[1];
      return next[0];
    }
    if (name === "nextDeadline") return this.waiting ? 500 : -1;
    const [kind, length] = args;
    const payload = this.input.slice(0, length);
    const name_ = Object.entries(EventKind).find(([, v]) => v === kind)![0];
    this.events.push(name_);
    const show = (text: string) => this.queue.push([CommandKind.SHOW, Uint8Array.of(0, 1, ...enc.encode(text))]);
    switch (kind) {
      case EventKind.RESTORE:
        if (dec.decode(payload).includes("\nbad=")) {
          this.failure = { code: ErrorCode.FLOW_BAD_RECORD, field: 0, offset: 6, expected: 0, found: 0 };
          return ErrorCode.FLOW_BAD_RECORD;
        }
        this.restored.push(dec.decode(payload));
        break;
      case EventKind.START:
        show(`READY\nrecords=${this.restored.length}`);
        this.queue.push([CommandKind.CONNECT, new Uint8Array(0)]);
        break;
      case EventKind.LINK:
        show(payload[0] === LinkStatus.UP ? "ONLINE" : payload[0] === LinkStatus.FAILED ? "NO LINK" : "LINK DOWN");
        break;
      case EventKind.KEY:
        if (payload[0] === Key.ENTER) this.queue.push([CommandKind.NEED_RANDOM, Uint8Array.of(4)]);
        if (payload[0] === Key.DIGIT_0) {
          this.failure = { code: ErrorCode.FLOW_BAD_EVENT_KIND, field: 0, offset: 0, expected: 0, found: payload[0] };
          return ErrorCode.FLOW_BAD_EVENT_KIND;
        }
        if (payload[0] === Key.DIGIT_9) {
          this.faults++;
          this.start();
          throw new CoreFault("handle", new Error("unreachable"));
        }
        break;
      case EventKind.RANDOM:
        this.queue.push([CommandKind.SEND, Uint8Array.of(0, payload.length, ...payload)]);
        this.waiting = true;
        break;
      case EventKind.RECEIVED:
        this.waiting = false;
        this.saved++;
        {
          const n = Math.max(0, ...this.restored.map((r) => Number(/\nstan=(\d+)/.exec(r)?.[1] ?? 0))) + this.saved;
          this.queue.push([CommandKind.SAVE, enc.encode(`id=R${n}\nstan=${String(n).padStart(6, "0")}\nreply=${Buffer.from(payload).toString("hex")}`)]);
        }
        break;
      case EventKind.SAVED:
        show(`SAVED ${dec.decode(payload)}`);
        this.queue.push([CommandKind.PRINT, enc.encode(`receipt\n${dec.decode(payload)}`)]);
        this.queue.push([CommandKind.LOG, enc.encode(`saved ${dec.decode(payload)}`)]);
        break;
      case EventKind.TIMER:
        if (this.waiting) show("TIMEOUT");
        this.waiting = false;
        break;
    }
    return this.queue.length;
  }

  asCore(): Core {
    return this as unknown as Core;
  }
}
