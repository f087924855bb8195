// The core's card-number and ID-number checks, called through the ABI as the
// host calls them, against straightforward JavaScript doing the same checks
// (strip spaces, Luhn; MOD 11-2 and a date test) in the same run.
import { compare } from "./measure";
import { toolsCore } from "../host/core";

const PAN = "6216 2610 0000 0000 018";
const ID = "11010519491231002X";
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function jsLuhn(value: string): boolean {
  const digits = value.replace(/ /g, "");
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

function jsIdNumber(value: string): boolean {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * WEIGHTS[i];
  return "10X98765432"[sum % 11] === id[17];
}

export function benchChecks(): void {
  const core = toolsCore();
  const pan = new TextEncoder().encode(PAN);
  const id = new TextEncoder().encode(ID);
  const x = core.exports;
  compare(
    "card number check (strip spaces, 12-19 digits, Luhn)",
    ["core checkPanInput (input copied)", () => { core.setInput(pan); x.checkPanInput(pan.length); }],
    ["JavaScript regex + Luhn", () => { jsLuhn(PAN); }],
  );
  compare(
    "ID number check (GB 11643 date and MOD 11-2)",
    ["core checkIdNumberInput (input copied)", () => { core.setInput(id); x.checkIdNumberInput(id.length, 20260101); }],
    ["JavaScript regex + Date + MOD 11-2", () => { jsIdNumber(ID); }],
  );
}
