// Wiping secrets: keys, key schedules, PINs and DUKPT registers are zeroed as
// soon as an operation ends (mbedTLS's *_free / platform_zeroize), so a later
// memory dump or an overrun elsewhere finds nothing.

/**
 * Zeroes `len` bytes at `ptr`. A plain store loop: the release build has no
 * bulk-memory (memory.fill), and the loop is never removed by the optimiser
 * because linear memory stays observable by the host.
 */
export function wipe(ptr: usize, len: i32): void {
  if (len <= 0) return;
  let i: i32 = 0;
  for (; i + 8 <= len; i += 8) store<u64>(ptr + <usize>i, 0);
  for (; i < len; i++) store<u8>(ptr + <usize>i, 0);
}
