// Constant-time comparison of MACs and check values: the time taken depends on
// the length only, never on where the first difference is, so a forger cannot
// learn a MAC byte by byte from response times.

/** True when the `len` bytes at `a` and `b` are equal; reads every byte either way. False for a negative length. */
export function constantTimeEqual(a: usize, b: usize, len: i32): bool {
  if (len < 0) return false;
  let diff: u32 = 0;
  for (let i: i32 = 0; i < len; i++) {
    diff |= <u32>(load<u8>(a + <usize>i) ^ load<u8>(b + <usize>i));
  }
  // (diff - 1) >> 31 is 1 only when diff is 0 (diff is at most 0xFF).
  return ((diff - 1) >> 31) == 1;
}
