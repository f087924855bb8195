// Masks for what the host shows or logs of a holder's data: the acquirer's log,
// the ISO 8583 dump (realname-pos iso8583 dump) and the records listing. The
// rule is the core's (assembly/checks/mask.ts), asked of the tools module, so
// the host never masks differently from the terminal's screens and records. It
// works on any text, also one the core's checks would refuse (a dump may hold a
// malformed PAN).
import { Checks, MaskKind } from "./api/checks";
import { TOOLS_INPUT_CAPACITY } from "./generated/abi";

const encoder = new TextEncoder();
let checks: Checks | undefined; // one tools module for every mask of this process, started on first use

function mask(kind: MaskKind, value: string): string {
  // Too long for the core's input buffer: nothing of it is shown.
  if (encoder.encode(value).length > TOOLS_INPUT_CAPACITY) return "*".repeat([...value].length);
  checks ??= new Checks();
  return checks.mask(kind, value);
}

/** PAN masked to first 6 and last 4 (all stars below 12 characters). */
export function maskPan(pan: string): string {
  return mask(MaskKind.PAN, pan);
}

/** Phone masked to first 3 and last 4 (`135****5506`; all stars below 11). */
export function maskPhone(phone: string): string {
  return mask(MaskKind.PHONE, phone);
}

/** ID number masked to first 6 and last 4, which hides the birth date (all stars below 15). */
export function maskId(id: string): string {
  return mask(MaskKind.ID_NUMBER, id);
}

/** A name with all but its first character masked (separators kept). */
export function maskName(name: string): string {
  return mask(MaskKind.NAME, name);
}
