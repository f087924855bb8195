// Helpers shared by the ISO 8583 specs: hex and text in and out of static memory.

/** Writes hex text as bytes at `at` and returns the byte count. */
export function hexIn(text: string, at: usize): i32 {
  const n = text.length >> 1;
  for (let i = 0; i < n; i++) store<u8>(at + <usize>i, <u8>parseInt(text.substr(i << 1, 2), 16));
  return n;
}

/** Writes ASCII text as bytes at `at` and returns the byte count. */
export function textIn(text: string, at: usize): i32 {
  for (let i = 0; i < text.length; i++) store<u8>(at + <usize>i, <u8>text.charCodeAt(i));
  return text.length;
}

/** n bytes at p as uppercase hex. */
export function hexOf(p: usize, n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    const b = load<u8>(p + <usize>i);
    s += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
  }
  return s;
}

/** n bytes at p as UTF-8 text. */
export function textOf(p: usize, n: i32): string {
  return String.UTF8.decodeUnsafe(p, n);
}
