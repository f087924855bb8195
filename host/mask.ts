// Masks for what the host shows or logs of a holder's data: the acquirer's log,
// the ISO 8583 dump (realname-pos iso8583 dump) and the records listing. The core
// masks its own screens and records (assembly/checks/mask.ts); these work on
// any text, also one the core's checks would refuse (a dump may hold a malformed PAN).

/** PAN masked to first 6 and last 4. */
export function maskPan(pan: string): string {
  return pan.length <= 10 ? "*".repeat(pan.length) : pan.slice(0, 6) + "*".repeat(pan.length - 10) + pan.slice(-4);
}

/** Phone masked to first 3 and last 4 (`135****5506`). */
export function maskPhone(phone: string): string {
  return phone.length < 8 ? "*".repeat(phone.length) : phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

/** ID number masked to first 6 and last 4 (hides the birth date). */
export function maskId(id: string): string {
  return id.length <= 10 ? "*".repeat(id.length) : id.slice(0, 6) + "*".repeat(id.length - 10) + id.slice(-4);
}

/** A name with all but its first character masked. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length === 0 ? "" : chars[0] + chars.slice(1).map((c) => (c === "·" ? c : "*")).join("");
}
