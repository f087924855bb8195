// The building blocks the flow uses from the other parts of the core, in one
// place: the flow imports checks, ISO 8583 and cryptography only through
// this file (signatures in /work/team/INTERNAL-APIS.md).
//
// TEMPORARY: until the checks, iso8583 and crypto branches land on main,
// this file holds placeholders with the agreed signatures so the flow
// compiles and its input paths can be tested. They are replaced by
// re-exports at the merge; nothing here is meant to ship.
import { isDigit } from "./bytes";

// ---- checks ---------------------------------------------------------------

export const CHECK_PAN_LUHN_UNIONPAY: i32 = -150; // placeholder code
export const CHECK_EXPIRY_EXPIRED: i32 = -151;    // placeholder code
let checked: i32 = 0;
export function checkedLength(): i32 { return checked; }

function luhn(p: usize, n: i32): bool {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let d = <i32>load<u8>(p + <usize>(n - 1 - i)) - 0x30;
    if (i & 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 == 0;
}

export function checkPan(src: usize, len: i32, out: usize): i32 {
  if (len < 13 || len > 19) return -152;
  for (let i = 0; i < len; i++) { if (!isDigit(<i32>load<u8>(src + <usize>i))) return -153; store<u8>(out + <usize>i, load<u8>(src + <usize>i)); }
  checked = len;
  if (!luhn(src, len)) return load<u8>(src) == 0x36 && load<u8>(src + 1) == 0x32 ? CHECK_PAN_LUHN_UNIONPAY : -154;
  return 0;
}

export function checkIdNumber(src: usize, len: i32, out: usize, today: i32): i32 {
  if (len != 18) return -155;
  let sum = 0;
  const w: StaticArray<i32> = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  for (let i = 0; i < 17; i++) {
    const c = <i32>load<u8>(src + <usize>i);
    if (!isDigit(c)) return -156;
    sum += (c - 0x30) * unchecked(w[i]);
    store<u8>(out + <usize>i, <u8>c);
  }
  const map = "10X98765432";
  let last = <i32>load<u8>(src + 17);
  if (last == 0x78) last = 0x58;
  if (last != map.charCodeAt(sum % 11)) return -157;
  store<u8>(out + 17, <u8>last);
  checked = 18;
  return 0;
}

export function checkPhone(src: usize, len: i32, out: usize): i32 {
  if (len != 11 || load<u8>(src) != 0x31) return -158;
  for (let i = 0; i < len; i++) { if (!isDigit(<i32>load<u8>(src + <usize>i))) return -158; store<u8>(out + <usize>i, load<u8>(src + <usize>i)); }
  checked = 11;
  return 0;
}

export function checkName(src: usize, len: i32, out: usize): i32 {
  if (len < 2 || len > 150) return -159;
  for (let i = 0; i < len; i++) store<u8>(out + <usize>i, load<u8>(src + <usize>i));
  checked = len;
  return 0;
}

export function checkExpiry(src: usize, len: i32, today: i32): i32 {
  if (len != 4) return -160;
  const yy = (<i32>load<u8>(src) - 0x30) * 10 + <i32>load<u8>(src + 1) - 0x30;
  const mm = (<i32>load<u8>(src + 2) - 0x30) * 10 + <i32>load<u8>(src + 3) - 0x30;
  if (mm < 1 || mm > 12) return -160;
  const ty = (today / 10000) % 100, tm = (today / 100) % 100;
  if (yy * 100 + mm < ty * 100 + tm) return CHECK_EXPIRY_EXPIRED;
  return 0;
}

let t2pan = -1, t2panLen = 0, t2exp = -1;
export function checkTrack2(src: usize, len: i32): i32 {
  let at = 0;
  if (len > 0 && load<u8>(src) == 0x3b) at = 1;
  let eq = at;
  while (eq < len && load<u8>(src + <usize>eq) != 0x3d) eq++;
  if (eq >= len) return -161;
  t2pan = at; t2panLen = eq - at; t2exp = eq + 5 <= len ? eq + 1 : -1;
  return 0;
}
export function track2PanOffset(): i32 { return t2pan; }
export function track2PanLength(): i32 { return t2panLen; }
export function track2ExpiryOffset(): i32 { return t2exp; }

function maskKeep(src: usize, len: i32, out: usize, head: i32, tail: i32): i32 {
  for (let i = 0; i < len; i++) store<u8>(out + <usize>i, i < head || i >= len - tail ? load<u8>(src + <usize>i) : 0x2a);
  return len;
}
export function maskPan(src: usize, len: i32, out: usize): i32 { return maskKeep(src, len, out, 6, 4); }
export function maskIdNumber(src: usize, len: i32, out: usize): i32 { return maskKeep(src, len, out, 6, 4); }
export function maskPhone(src: usize, len: i32, out: usize): i32 { return maskKeep(src, len, out, 3, 4); }
export function maskName(src: usize, len: i32, out: usize): i32 {
  // first UTF-8 character, then one '*' per further character
  let n = 1;
  const b0 = <i32>load<u8>(src);
  if (b0 >= 0xf0) n = 4; else if (b0 >= 0xe0) n = 3; else if (b0 >= 0xc0) n = 2;
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, load<u8>(src + <usize>i));
  let o = n;
  for (let i = n; i < len; i++) { if ((<i32>load<u8>(src + <usize>i) & 0xc0) != 0x80) { store<u8>(out + <usize>o, 0x2a); o++; } }
  return o;
}

// ---- crypto (placeholders: no working keys, no MAC) -------------------------

export function constantTimeEqual(a: usize, b: usize, len: i32): bool {
  let d = 0;
  for (let i = 0; i < len; i++) d |= <i32>load<u8>(a + <usize>i) ^ <i32>load<u8>(b + <usize>i);
  return d == 0;
}
export function wipe(p: usize, len: i32): void { for (let i = 0; i < len; i++) store<u8>(p + <usize>i, 0); }

export function injectTerminalMasterKey(key: usize, len: i32): i32 { return len == 16 ? 0 : -301; }
export function installWorkingKeys(layout: i32, src: usize, len: i32): i32 { return -302; }
export function workingKeyPtr(slot: i32): usize { return 0; }
export function workingKeyLength(slot: i32): i32 { return 0; }
export function wipeWorkingKeys(): void {}
export function tdesEcb(key: usize, keyLen: i32, src: usize, len: i32, out: usize, encrypt: bool): i32 { return -303; }
export function tdesCbc(key: usize, keyLen: i32, iv: usize, src: usize, len: i32, out: usize, encrypt: bool): i32 { return -303; }
export function pinBlockEncode(format: i32, pin: usize, pinLen: i32, pan: usize, panLen: i32, fill: usize, out: usize): i32 { return -304; }
export function macCupEcb(key: usize, keyLen: i32, data: usize, len: i32, out: usize): i32 { return -305; }
/** AES-CMAC (name to be confirmed at the merge). */
export function aesCmac(key: usize, keyLen: i32, data: usize, len: i32, out: usize): i32 {
  for (let i = 0; i < 16; i++) store<u8>(out + <usize>i, <u8>(i < len ? load<u8>(data + <usize>i) : 0));
  return 0;
}

// ---- ISO 8583 (placeholders) -------------------------------------------------

export const enum Dialect { ASCII87 = 0, BIN87 = 1, CUP = 2 }
export const FIELD_TPDU: i32 = 193;
export const FIELD_HEADER: i32 = 194;
export class FieldSet {
  clear(): void {}
  set(field: i32, src: usize, len: i32): i32 { return 0; }
  setText(field: i32, text: string): i32 { return 0; }
  has(field: i32): bool { return false; }
  ptr(field: i32): usize { return 0; }
  length(field: i32): i32 { return 0; }
}
export function pack(dialect: i32, fields: FieldSet, out: usize, cap: i32): i32 { return -201; }
export function unpack(dialect: i32, src: usize, len: i32, fields: FieldSet): i32 { return -201; }
export function macRegionOffset(): i32 { return 0; }
export function macRegionLength(): i32 { return 0; }
export function tlvAppend(out: usize, cap: i32, at: i32, tag: string, src: usize, len: i32): i32 { return -202; }
export function tlvFind(src: usize, len: i32, tag: string): i32 { return -203; }
export function tlvFoundLength(): i32 { return 0; }
