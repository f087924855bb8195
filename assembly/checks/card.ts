// Reading a card as the reader hands it over (the CARD event of docs/ABI.md):
// one source byte, then the data —
//   'S' swipe: track 2 (ISO/IEC 7813), start and end sentinels optional, an LRC
//       after the end sentinel ignored;
//   'K' keyed: the PAN digits, optionally '=' and the expiry YYMM;
//   'C' chip: BER-TLV of the EMV data elements (EMV Book 3, Annex A): 5A the
//       PAN (BCD, F padding), 5F24 the expiry (YYMMDD), 57 the track 2
//       equivalent data (BCD, D separator), found at any depth inside
//       constructed templates (70, 77, 6F, A5, BF0C...), at most five deep.
// The PAN, the expiry and the track 2 are copied out as ASCII; nothing is
// checked beyond the structure (the flow checks the PAN with checkPan() and
// the expiry with checkExpiry()). No input can make it read outside its data.
import { checkTrack2, track2PanOffset, track2PanLength, track2ExpiryOffset } from "./track2";
import { CH_SEMICOLON, CH_QUESTION, CH_EQUALS, CH_ZERO, byteIndex } from "./text";
import { PAN_MAX_DIGITS } from "./pan";
import { berRead, berTag, berValueOffset, berLength, berConstructed } from "../iso8583/tlv";
import { copyBytes } from "../iso8583/words";
import { bytesEqual } from "../flow/bytes";
import { CardSource } from "../flow/events"; // the CARD event's first byte, a number of the ABI


/** readCard() results besides 0. */
export const enum CardError {
  /** Not card data: no PAN, malformed track or chip data, an unknown source. */
  UNREADABLE = -1,
  /** The chip's 5A and 57 name different PANs (fields 2 and 35 would disagree). */
  PANS_DIFFER = -2,
}

/** Track 2 without its sentinels: 37 characters at most (ISO/IEC 7813: 40 with sentinels and LRC). */
export const CARD_TRACK2_MAX: i32 = 37;
export const CARD_PAN_MAX: i32 = PAN_MAX_DIGITS;

/** What the last readCard() found: lengths of what it wrote, the expiry's presence, the source. */
export class CardData {
  panLength: i32 = 0;
  track2Length: i32 = 0;
  hasExpiry: bool = false;
  source: i32 = 0;
}
export const cardData = new CardData();

/** Forgets what the last card gave (wipeChecks()). */
export function wipeCardData(): void {
  cardData.panLength = 0;
  cardData.track2Length = 0;
  cardData.hasExpiry = false;
  cardData.source = 0;
}

export function cardDataIsZero(): bool {
  return cardData.panLength == 0 && cardData.track2Length == 0 && !cardData.hasExpiry && cardData.source == 0;
}

/** Templates nest this deep at most in chip data (e.g. 6F > A5 > BF0C > 61 > 70). */
const CHIP_DEPTH_MAX: i32 = 5;
const TAG_PAN: i32 = 0x5a;
const TAG_EXPIRY: i32 = 0x5f24;
const TAG_TRACK2: i32 = 0x57;
const BCD_SEPARATOR: i32 = 0x0d;
const BCD_PAD: i32 = 0x0f;

/**
 * Reads card data (src, len: source byte then data) into pan (room for
 * CARD_PAN_MAX digits), expiry (4) and track2 (CARD_TRACK2_MAX). Returns 0
 * with cardData describing what was written, or a CardError.
 */
export function readCard(src: usize, len: i32, pan: usize, expiry: usize, track2: usize): i32 {
  wipeCardData();
  if (len < 2) return CardError.UNREADABLE;
  const source = <i32>load<u8>(src);
  const p = src + 1;
  const n = len - 1;
  cardData.source = source;
  if (source == CardSource.SWIPE) return readSwipe(p, n, pan, expiry, track2);
  if (source == CardSource.KEYED) return readKeyed(p, n, pan, expiry);
  if (source == CardSource.CHIP) return readChip(p, n, pan, expiry, track2);
  cardData.source = 0;
  return CardError.UNREADABLE;
}

function readSwipe(p: usize, n: i32, pan: usize, expiry: usize, track2: usize): i32 {
  const a = <i32>(<i32>load<u8>(p) == CH_SEMICOLON);
  const t = byteIndex(p + <usize>a, n - a, CH_QUESTION); // the track between the sentinels
  if (t < 14 || t > CARD_TRACK2_MAX) return CardError.UNREADABLE;
  if (checkTrack2(p + <usize>a, t) < 0) return CardError.UNREADABLE;
  copyBytes(track2, p + <usize>a, t);
  cardData.track2Length = t;
  // A valid track's PAN (12-19 digits) and expiry lie inside it.
  const pl = track2PanLength();
  copyBytes(pan, track2 + <usize>track2PanOffset(), pl);
  cardData.panLength = pl;
  const eo = track2ExpiryOffset();
  if (eo >= 0) { copyBytes(expiry, track2 + <usize>eo, 4); cardData.hasExpiry = true; }
  return 0;
}

function readKeyed(p: usize, n: i32, pan: usize, expiry: usize): i32 {
  const eq = byteIndex(p, n, CH_EQUALS);
  if (eq == 0 || eq > CARD_PAN_MAX) return CardError.UNREADABLE;
  copyBytes(pan, p, eq);
  cardData.panLength = eq;
  if (eq < n) {
    if (n - eq - 1 != 4) return CardError.UNREADABLE;
    copyBytes(expiry, p + <usize>(eq + 1), 4);
    cardData.hasExpiry = true;
  }
  return 0;
}

/** BCD digits of a chip data element as ASCII (F padding ends it, D becomes '='); -1 if it does not fit or holds A-C/E. */
function bcdToAscii(src: usize, n: i32, out: usize, cap: i32): i32 {
  let o = 0;
  for (let i = 0; i < n * 2; i++) {
    const b = <i32>load<u8>(src + <usize>(i >> 1));
    const d = (i & 1) == 0 ? b >> 4 : b & 15;
    if (d == BCD_PAD) break;
    if (o >= cap) return -1;
    if (d <= 9) store<u8>(out + <usize>o, <u8>(CH_ZERO + d));
    else if (d == BCD_SEPARATOR) store<u8>(out + <usize>o, <u8>CH_EQUALS);
    else return -1;
    o++;
  }
  return o;
}

function readChip(p: usize, n: i32, pan: usize, expiry: usize, track2: usize): i32 {
  if (!readChipLevel(p, n, 0, pan, expiry, track2)) return CardError.UNREADABLE;
  const eq = byteIndex(track2, cardData.track2Length, CH_EQUALS);
  if (cardData.panLength == 0) {
    // The PAN from the track 2 equivalent when 5A is absent.
    if (eq == 0 || eq > CARD_PAN_MAX) return CardError.UNREADABLE;
    copyBytes(pan, track2, eq);
    cardData.panLength = eq;
    return 0;
  }
  if (cardData.track2Length == 0) return 0;
  // Both 5A and 57: the card is refused when they differ, so fields 2 and 35 never disagree.
  return eq == cardData.panLength && bytesEqual(track2, pan, eq) ? 0 : CardError.PANS_DIFFER;
}

/** One level of chip data; false for data that is not well-formed or nests too deep. */
function readChipLevel(p: usize, n: i32, depth: i32, pan: usize, expiry: usize, track2: usize): bool {
  let at = 0;
  while (at < n) {
    const next = berRead(p, n, at);
    if (next < 0) return false;
    // berRead()'s results are static: take them before descending.
    const tag = berTag();
    const v = p + <usize>berValueOffset();
    const len = berLength();
    if (berConstructed()) {
      if (depth >= CHIP_DEPTH_MAX || !readChipLevel(v, len, depth + 1, pan, expiry, track2)) return false;
    } else if (tag == TAG_PAN) {
      const k = bcdToAscii(v, len, pan, CARD_PAN_MAX);
      if (k <= 0) return false;
      cardData.panLength = k;
    } else if (tag == TAG_EXPIRY) {
      if (len != 3) return false;
      if (bcdToAscii(v, 2, expiry, 4) != 4) return false;
      cardData.hasExpiry = true;
    } else if (tag == TAG_TRACK2) {
      const k = bcdToAscii(v, len, track2, CARD_TRACK2_MAX);
      if (k <= 0) return false;
      cardData.track2Length = k;
    }
    at = next;
  }
  return true;
}
