// What a module's binary says about its memory, read straight from its sections
// (WebAssembly core spec, "Binary format"): the memory limits (section 5) and
// where each active data segment lands (section 11).

/** The sections of a module: id -> [start, end) of its contents. */
function sections(bytes: Uint8Array): { id: number; start: number; end: number }[] {
  const out: { id: number; start: number; end: number }[] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    const [size, next] = leb(bytes, at);
    out.push({ id, start: next, end: next + size });
    at = next + size;
  }
  return out;
}

/** An unsigned LEB128 at `at`: [value, offset after it]. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
  }
}

/** The module's memory limits in pages. */
export function memoryLimits(bytes: Uint8Array): { initial: number; maximum?: number } {
  const s = sections(bytes).find((x) => x.id === 5);
  if (!s) throw new Error("no memory section");
  let at = leb(bytes, s.start)[1]; // one memory
  const [flags, a] = leb(bytes, at);
  const [initial, b] = leb(bytes, a);
  at = b;
  return flags & 1 ? { initial, maximum: leb(bytes, at)[0] } : { initial };
}

/** The offsets of the active data segments (each `i32.const N` into memory 0). */
export function dataSegmentOffsets(bytes: Uint8Array): number[] {
  const s = sections(bytes).find((x) => x.id === 11);
  if (!s) return [];
  let [count, at] = leb(bytes, s.start);
  const offsets: number[] = [];
  for (; count > 0; count--) {
    const [flags, a] = leb(bytes, at);
    if (flags !== 0 || bytes[a] !== 0x41) throw new Error(`data segment of kind ${flags} (only active i32.const segments expected)`);
    // i32.const takes a signed LEB128; these offsets are small and positive.
    const [offset, b] = leb(bytes, a + 1);
    if (bytes[b] !== 0x0b) throw new Error("data segment offset is not a lone i32.const");
    offsets.push(offset);
    const [size, c] = leb(bytes, b + 1);
    at = c + size;
  }
  return offsets;
}
