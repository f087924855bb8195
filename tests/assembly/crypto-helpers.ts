// Hex in and out for the crypto specs. Test-only: these allocate (unmanaged,
// never freed), which the core itself never does.

function nibble(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** The bytes of `s` (hex) in fresh memory; at least 64 bytes so outputs fit beside them. */
export function hex(s: string): usize {
  let n = s.length >> 1;
  let p = heap.alloc(<usize>(n < 64 ? 64 : n + 16));
  for (let i = 0; i < n; i++) {
    store<u8>(p + <usize>i, <u8>((nibble(s.charCodeAt(2 * i)) << 4) | nibble(s.charCodeAt(2 * i + 1))));
  }
  return p;
}

/** The ASCII bytes of `s` in fresh memory. */
export function ascii(s: string): usize {
  let p = heap.alloc(<usize>(s.length + 16));
  for (let i = 0; i < s.length; i++) store<u8>(p + <usize>i, <u8>s.charCodeAt(i));
  return p;
}

/** Fresh zeroed scratch memory. */
export function buffer(n: i32): usize {
  let p = heap.alloc(<usize>n);
  for (let i = 0; i < n; i++) store<u8>(p + <usize>i, 0);
  return p;
}

const DIGITS = "0123456789ABCDEF";

/** `len` bytes at `p` as upper-case hex. */
export function toHex(p: usize, len: i32): string {
  let s = "";
  for (let i = 0; i < len; i++) {
    let b = load<u8>(p + <usize>i);
    s += DIGITS.charAt(b >> 4) + DIGITS.charAt(b & 15);
  }
  return s;
}

/** `len` bytes at `p` as ASCII text. */
export function toAscii(p: usize, len: i32): string {
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(load<u8>(p + <usize>i));
  return s;
}
