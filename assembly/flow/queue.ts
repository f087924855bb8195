// The command queue: what one event produced, drained by nextCommand().
// A fixed byte ring is overkill here: the host drains everything after each
// event, so the queue is a flat buffer filled from the start and read from
// the start; it is reset when the last command has been read.
//
// Entry layout: kind (1 byte), payload length (2 bytes big-endian), payload.
import { OUTPUT, OUTPUT_CAPACITY, setOutputLength } from "../abi";
import { Cmd } from "./events";
import { codePointAt, codePointUnits, encodeUtf8 } from "./bytes";

const QUEUE_CAPACITY: i32 = 16 * 1024;
@lazy const QUEUE: usize = memory.data(QUEUE_CAPACITY, 16);

let writeAt: i32 = 0;
let readAt: i32 = 0;
let queued: i32 = 0;
/** Set when a payload did not fit: the event's handler reports FLOW_QUEUE_FULL. */
let overflowed: bool = false;
/** Start of the command being built by begin()/put*()/end(). */
let openAt: i32 = -1;
/** Bytes of the output buffer the drained commands have used, wiped when the queue runs empty. */
let outputUsed: i32 = 0;

export function queueCount(): i32 { return queued; }
export function queueOverflowed(): bool { return overflowed; }

/** Empties the queue (start of an event) and wipes what the last event left. */
export function queueReset(): void {
  for (let i = 0; i < writeAt; i++) store<u8>(QUEUE + <usize>i, 0);
  writeAt = 0;
  readAt = 0;
  queued = 0;
  overflowed = false;
  openAt = -1;
}

/** Opens a command; its payload follows with put*(), closed by end(). */
export function begin(kind: i32): void {
  if (writeAt + 3 > QUEUE_CAPACITY) { overflowed = true; openAt = -1; return; }
  openAt = writeAt;
  store<u8>(QUEUE + <usize>writeAt, <u8>kind);
  writeAt += 3;
}

export function putByte(b: i32): void {
  if (openAt < 0) return;
  if (writeAt >= QUEUE_CAPACITY) { overflowed = true; return; }
  store<u8>(QUEUE + <usize>writeAt, <u8>b);
  writeAt++;
}

export function putBytes(src: usize, len: i32): void {
  for (let i = 0; i < len; i++) putByte(load<u8>(src + <usize>i));
}

@lazy const UTF8_SCRATCH: usize = memory.data(4);

/** Appends a static string as UTF-8 (string literals live in the data segment). */
export function putString(s: string): void {
  for (let i = 0; i < s.length; i += codePointUnits) {
    const n = encodeUtf8(codePointAt(s, i), UTF8_SCRATCH);
    putBytes(UTF8_SCRATCH, n);
  }
}

/** Closes the open command: its length becomes final and it counts as queued. */
export function end(): void {
  if (openAt < 0) return;
  const len = writeAt - openAt - 3;
  if (len > OUTPUT_CAPACITY) { overflowed = true; writeAt = openAt; openAt = -1; return; }
  store<u8>(QUEUE + <usize>openAt + 1, <u8>(len >> 8));
  store<u8>(QUEUE + <usize>openAt + 2, <u8>len);
  queued++;
  openAt = -1;
}

/** A command without payload. */
export function emit(kind: i32): void { begin(kind); end(); }

export function emitByte(kind: i32, b: i32): void { begin(kind); putByte(b); end(); }

/** START_TIMER: id, then milliseconds big-endian. */
export function emitTimer(id: i32, seconds: i32): void {
  const ms = <u32>seconds * 1000;
  begin(Cmd.START_TIMER);
  putByte(id);
  putByte(<i32>(ms >> 24)); putByte(<i32>((ms >> 16) & 0xff)); putByte(<i32>((ms >> 8) & 0xff)); putByte(<i32>(ms & 0xff));
  end();
}

/**
 * Moves the next command's payload into the output buffer and returns its
 * kind; Cmd.NONE once the queue is empty (the queue is then wiped).
 */
export function queueNext(): i32 {
  if (readAt >= writeAt || queued == 0) {
    // Everything was performed: nothing the commands carried stays behind.
    for (let i = 0; i < outputUsed; i++) store<u8>(OUTPUT + <usize>i, 0);
    outputUsed = 0;
    queueReset();
    setOutputLength(0);
    return Cmd.NONE;
  }
  const kind = <i32>load<u8>(QUEUE + <usize>readAt);
  const len = (<i32>load<u8>(QUEUE + <usize>readAt + 1) << 8) | <i32>load<u8>(QUEUE + <usize>readAt + 2);
  const src = QUEUE + <usize>readAt + 3;
  for (let i = 0; i < len; i++) store<u8>(OUTPUT + <usize>i, load<u8>(src + <usize>i));
  setOutputLength(len);
  if (len > outputUsed) outputUsed = len;
  readAt += 3 + len;
  queued--;
  return kind;
}
