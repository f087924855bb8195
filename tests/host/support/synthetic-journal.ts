// A generated record journal for the scale test and the start-up bench: n records
// as the core saves them (masked, keyed hashes under the record-hash key), all
// synthetic — card numbers pass Luhn, ID numbers carry their GB 11643 check
// character, nobody's real data. Oldest first, one minute apart, the newest an
// hour before `now`; the last three are issuer failures of one card (a lock).
import { Crypto } from "../../../host/api/crypto";
import { toolsCore } from "../../../host/core";
import { encodeEntry } from "../../../host/devices/journal";

const enc = new TextEncoder();

/** A Luhn check digit appended to `body`. */
export function withLuhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** A GB 11643 check character (ISO 7064 MOD 11-2) appended to 17 digits. */
export function withIdCheck(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + "10X98765432"[sum % 11];
}

/** YYYYMMDDhhmmss of a Date in UTC (the tests' clock is a fixed local date: UTC keeps it exact). */
export function recordTime(at: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

export interface SyntheticJournal {
  /** The journal file's bytes (format version 2). */
  image: Uint8Array;
  records: number;
  /** The oldest record's card and id: a verification. */
  oldest: { pan: string; id: string };
  /** A card with three issuer failures in the last hours: locked (maxFailures 3, lockHours 12). */
  locked: { pan: string };
}

/**
 * n records (n >= 10): verifications and attempts of distinct cards, in turn. `now` is the
 * terminal's clock as a UTC Date; the record-hash key is the one the terminal is given.
 */
export function syntheticJournal(n: number, recordKey: Uint8Array, now: Date): SyntheticJournal {
  const crypto = new Crypto(toolsCore());
  const hash = (domain: string, value: string) => Buffer.from(crypto.mac("aes-cmac", recordKey, enc.encode(domain + value))).toString("hex").toUpperCase();
  const entries: Uint8Array[] = [];
  const start = now.getTime() - (n + 60) * 60_000;
  const lockedPan = withLuhn("622848" + "9".repeat(12));
  let oldest = { pan: "", id: "" };
  for (let i = 0; i < n; i++) {
    const stan = String((i % 999_999) + 1).padStart(6, "0");
    const time = recordTime(new Date(start + i * 60_000));
    const failureOfLocked = i >= n - 3;
    const pan = failureOfLocked ? lockedPan : withLuhn("621626" + String(i).padStart(12, "0"));
    const masked = `${pan.slice(0, 6)}${"*".repeat(pan.length - 10)}${pan.slice(-4)}`;
    const lines = failureOfLocked || i % 2 === 1
      ? [`id=A${time}${stan}`, "type=attempt", `time=${time}`, `result=${failureOfLocked ? "05" : "00"}`, `stan=${stan}`, `panHash=${hash("P", pan)}`]
      : (() => {
          const idNumber = withIdCheck(`11010519900101${String(i % 1000).padStart(3, "0")}`);
          return [
            `id=V${time}${stan}`, "type=verification", `time=${time}`, "result=00", `rrn=${time.slice(2, 8)}${stan}`, `stan=${stan}`, "vid=V00001",
            "name=王*", `idNumber=${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`, `pan=${masked}`, "phone=138****0001",
            `panHash=${hash("P", pan)}`, `idHash=${hash("I", idNumber)}`, "status=active",
          ];
        })();
    if (i === 0) oldest = { pan, id: lines[0].slice(3) };
    entries.push(encodeEntry(enc.encode(lines.join("\n"))));
  }
  const image = new Uint8Array(entries.reduce((s, e) => s + e.length, 0));
  let at = 0;
  for (const e of entries) {
    image.set(e, at);
    at += e.length;
  }
  return { image, records: n, oldest, locked: { pan: lockedPan } };
}
