// The parts the flow's state record is made of (state.ts), and how they are
// reset. A part is a plain record of numbers and flags, or a static buffer,
// declared once with part(), zeroPart() or buffer(): that registers it here
// with its scope and, for a record with a value declared non-zero, a second
// instance that keeps the declared values (any other part is fresh when zero).
// reset() copies those values back and isFresh() compares with them, so a
// field added to a part is reset without touching any list, and leaving a
// task resets every part of its scope at once.
import { Runtime } from "~lib/shared/runtime";
import { copyBytes, zeroBytes } from "./bytes";

/** How long a part lives. */
export const enum Scope {
  /** What was typed or read from the card (R10): wiped on completion, cancel and timeout. */
  ENTERED = 0,
  /** What one task carries: reset when the task ends (back to the menu) and at POWER_ON. */
  TASK = 1,
  /** The terminal's own state (signed on, keys loaded, the state): reset only at POWER_ON. */
  TERMINAL = 2,
}

/** A record part: reset() and isFresh() work through its registration. */
export class Part {
  /** Back to the values it was declared with. */
  reset(): void { resetEntry(entryOf(changetype<usize>(this))); }
  /** True when every field still has its declared value. */
  isFresh(): bool { return entryIsFresh(entryOf(changetype<usize>(this))); }
}

// The registry: per part its address, the address of its fresh copy (0 for a
// buffer, which is fresh when all zero), its size in bytes and its scope.
const MAX_PARTS: i32 = 48;
@lazy const LIVE: usize = memory.data(MAX_PARTS * 4, 4);
@lazy const FRESH: usize = memory.data(MAX_PARTS * 4, 4);
@lazy const SIZE: usize = memory.data(MAX_PARTS * 4, 4);
@lazy const SCOPE: usize = memory.data(MAX_PARTS, 4);

// The count lives in static memory too: parts register while the modules start, in whatever order.
@lazy const COUNT: usize = memory.data(4, 4);
@lazy const OVERFLOWED: usize = memory.data(4, 4);
function count(): i32 { return load<i32>(COUNT); }

function register(live: usize, fresh: usize, size: usize, scope: i32): void {
  const i = count();
  // A part past MAX_PARTS would never be reset: staleParts() reports it, so the reset spec fails.
  if (i >= MAX_PARTS) { store<i32>(OVERFLOWED, 1); return; }
  store<u32>(LIVE + <usize>(i * 4), <u32>live);
  store<u32>(FRESH + <usize>(i * 4), <u32>fresh);
  store<u32>(SIZE + <usize>(i * 4), <u32>size);
  store<u8>(SCOPE + <usize>i, <u8>scope);
  store<i32>(COUNT, i + 1);
}

/** Declares a record part: `live` is the part, `fresh` a second instance that keeps the declared values. */
export function part<T extends Part>(live: T, fresh: T, scope: i32): T {
  // Only the registry refers to the fresh copy: pinned so a collecting runtime (the specs') keeps it.
  register(changetype<usize>(live), __pin(changetype<usize>(fresh)), offsetof<T>(), scope);
  return live;
}

/**
 * A record whose declared values are all zero (0, false, an enum's NONE), one call
 * per class. In the terminal's runtime (stub: nothing is ever collected) it lives in
 * static memory and no constructor runs, so the module carries none. A collecting
 * runtime (the specs') traces the objects it is handed, so there it is made by its
 * constructor, and checked: a field declared non-zero fails the specs at start.
 */
export function zeroRecord<T>(): T {
  if (ASC_RUNTIME == Runtime.Stub) return changetype<T>(memory.data(offsetof<T>(), 8));
  const at = changetype<usize>(instantiate<T>());
  for (let k: usize = 0; k < offsetof<T>(); k++) assert(load<u8>(at + k) == 0, "zeroRecord: a field declared non-zero");
  return changetype<T>(at);
}

/**
 * Declares a record part whose declared values are all zero (zeroRecord()): like a
 * buffer, it is fresh when zero. A part with a field declared non-zero is declared
 * with part().
 */
export function zeroPart<T extends Part>(scope: i32): T {
  return changetype<T>(buffer(changetype<usize>(zeroRecord<T>()), <i32>offsetof<T>(), scope));
}

/** Declares a static buffer of `size` bytes as a part: fresh when zero. Returns its address. */
export function buffer(at: usize, size: i32, scope: i32): usize {
  register(at, 0, <usize>size, scope);
  return at;
}

function entryOf(live: usize): i32 {
  for (let i = 0; i < count(); i++) if (<usize>load<u32>(LIVE + <usize>(i * 4)) == live) return i;
  return -1;
}

function resetEntry(i: i32): void {
  if (i < 0) return;
  const live = <usize>load<u32>(LIVE + <usize>(i * 4));
  const fresh = <usize>load<u32>(FRESH + <usize>(i * 4));
  const size = <i32>load<u32>(SIZE + <usize>(i * 4));
  if (fresh == 0) zeroBytes(live, size);
  else copyBytes(live, fresh, size);
}

function entryIsFresh(i: i32): bool {
  if (i < 0) return false;
  const live = <usize>load<u32>(LIVE + <usize>(i * 4));
  const fresh = <usize>load<u32>(FRESH + <usize>(i * 4));
  const size = <i32>load<u32>(SIZE + <usize>(i * 4));
  if (fresh != 0) return memory.compare(live, fresh, <usize>size) == 0;
  for (let k = 0; k < size; k++) if (load<u8>(live + <usize>k) != 0) return false;
  return true;
}

/** Resets every part of `scope` and of the shorter-lived scopes (TASK includes ENTERED; TERMINAL is everything). */
export function resetScope(scope: i32): void {
  for (let i = 0; i < count(); i++) if (<i32>load<u8>(SCOPE + <usize>i) <= scope) resetEntry(i);
}

/**
 * How many parts of `scope` and the shorter-lived scopes are not fresh (QA:
 * the reset spec); -1 when more parts were declared than the registry holds.
 */
export function staleParts(scope: i32): i32 {
  if (load<i32>(OVERFLOWED) != 0) return -1;
  let n = 0;
  for (let i = 0; i < count(); i++) if (<i32>load<u8>(SCOPE + <usize>i) <= scope && !entryIsFresh(i)) n++;
  return n;
}

/** The number of parts declared in `scope` alone (QA: a spec dirties each one). */
export function partsIn(scope: i32): i32 {
  let n = 0;
  for (let i = 0; i < count(); i++) if (<i32>load<u8>(SCOPE + <usize>i) == scope) n++;
  return n;
}
