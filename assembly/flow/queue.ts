// The command queue: what one event produced, drained by nextCommand().
// A fixed byte ring is overkill here: the host drains everything after each
// event, so the queue is a flat buffer filled from the start and read from
// the start; it is reset when the last command has been read.
//
// Entry layout: kind (1 byte), payload length (2 bytes big-endian), payload.
import { OUTPUT, OUTPUT_CAPACITY, setOutputLength } from "../abi";
import { Cmd } from "./events";
import { copyBytes, zeroBytes } from "./bytes";
import { expandWord, WORD_SCRATCH } from "./texts";
import { zeroRecord } from "./parts";

/**
 * What one event's commands may take: the most in the shipped transcripts is 840 bytes
 * (a result's SHOW, SAVE, PRINT and LOGs); the worst case, a full frame SENT besides a
 * saved record, a receipt and a screen, stays under 3 KiB.
 */
const QUEUE_CAPACITY: i32 = 4 * 1024;
@lazy const QUEUE: usize = memory.data(QUEUE_CAPACITY, 16);

/** Where the queue stands. */
class Queue {
  writeAt: i32 = 0;
  readAt: i32 = 0;
  queued: i32 = 0;
  /** Set when a payload did not fit: the event's handler reports FLOW_QUEUE_FULL. */
  overflowed: bool = false;
  /** Where the payload of the command being built by begin()/put*()/end() starts (after its 3-byte head); 0: none open. */
  payloadAt: i32 = 0;
  /** Bytes of the output buffer the drained commands have used, wiped when the queue runs empty. */
  outputUsed: i32 = 0;
}
const q = zeroRecord<Queue>();

export function queueCount(): i32 { return q.queued; }
export function queueOverflowed(): bool { return q.overflowed; }

/** Empties the queue (start of an event) and wipes what the last event left. */
export function queueReset(): void {
  zeroBytes(QUEUE, q.writeAt);
  q.writeAt = 0;
  q.readAt = 0;
  q.queued = 0;
  q.overflowed = false;
  q.payloadAt = 0;
}

/** Opens a command; its payload follows with put*(), closed by end(). */
export function begin(kind: i32): void {
  if (q.writeAt + 3 > QUEUE_CAPACITY) { q.overflowed = true; q.payloadAt = 0; return; }
  store<u8>(QUEUE + <usize>q.writeAt, <u8>kind);
  q.writeAt += 3;
  q.payloadAt = q.writeAt;
}

export function putByte(b: i32): void {
  if (q.payloadAt == 0) return;
  if (q.writeAt >= QUEUE_CAPACITY) { q.overflowed = true; return; }
  store<u8>(QUEUE + <usize>q.writeAt, <u8>b);
  q.writeAt++;
}

export function putBytes(src: usize, len: i32): void {
  if (q.payloadAt == 0 || len <= 0) return;
  const room = QUEUE_CAPACITY - q.writeAt;
  const n = len < room ? len : room;
  copyBytes(QUEUE + <usize>q.writeAt, src, n);
  q.writeAt += n;
  if (n < len) q.overflowed = true;
}

/** Appends word w (texts.ts W). */
export function putWord(w: i32): void { const n = expandWord(w); putBytes(WORD_SCRATCH, n); }

/** Closes the open command: its length becomes final and it counts as queued. */
export function end(): void {
  if (q.payloadAt == 0) return;
  const len = q.writeAt - q.payloadAt;
  if (len > OUTPUT_CAPACITY) { q.overflowed = true; q.writeAt = q.payloadAt - 3; q.payloadAt = 0; return; }
  store<u8>(QUEUE + <usize>q.payloadAt - 2, <u8>(len >> 8));
  store<u8>(QUEUE + <usize>q.payloadAt - 1, <u8>len);
  q.queued++;
  q.payloadAt = 0;
}

/** A command without payload. */
export function emit(kind: i32): void { begin(kind); end(); }

export function emitByte(kind: i32, b: i32): void { begin(kind); putByte(b); end(); }

/**
 * Moves the next command's payload into the output buffer and returns its
 * kind; Cmd.NONE once the queue is empty (the queue is then wiped).
 */
export function queueNext(): i32 {
  if (q.readAt >= q.writeAt || q.queued == 0) {
    // Everything was performed: nothing the commands carried stays behind.
    zeroBytes(OUTPUT, q.outputUsed);
    q.outputUsed = 0;
    queueReset();
    setOutputLength(0);
    return Cmd.NONE;
  }
  const kind = <i32>load<u8>(QUEUE + <usize>q.readAt);
  const len = (<i32>load<u8>(QUEUE + <usize>q.readAt + 1) << 8) | <i32>load<u8>(QUEUE + <usize>q.readAt + 2);
  const src = QUEUE + <usize>q.readAt + 3;
  copyBytes(OUTPUT, src, len);
  setOutputLength(len);
  if (len > q.outputUsed) q.outputUsed = len;
  q.readAt += 3 + len;
  q.queued--;
  return kind;
}
