// Reading a card (assembly/checks/card.ts): the CARD event's three sources as
// known answers, each paired with a mutated input that must be refused.
// Layouts: ISO/IEC 7813 (track 2: start sentinel ';', PAN, separator '=',
// YYMM, service code, discretionary data, end sentinel '?', LRC); EMV 4.3
// Book 3 Annex A (5A Application PAN, cn with F padding; 57 Track 2
// Equivalent Data, D as the separator; 5F24 Application Expiration Date,
// YYMMDD; 70 READ RECORD template; 77 response template) and Annex B
// (BER-TLV: a tag whose low five bits are all set goes on, a byte with bit 8
// set goes on; lengths 81 xx / 82 xx xx). Card numbers are synthetic with
// valid Luhn digits.
import { readCard, cardData, CardError } from "../../assembly/checks/card";
import { CardSource } from "../../assembly/flow/events";
import { wipeChecks, checksWiped } from "../../assembly/checks/wipe";
import { hexIn, textIn } from "./hex";

class CardVector {
  constructor(
    public name: string, public source: i32, public data: string, public result: i32,
    public pan: string, public expiry: string, public track2: string,
  ) {}
}

const S = CardSource.SWIPE, K = CardSource.KEYED, C = CardSource.CHIP;
const UNREADABLE = CardError.UNREADABLE, DIFFER = CardError.PANS_DIFFER;

// Chip data is hex, the other sources text; "" = nothing written / not asserted for a refusal.
const VECTORS: CardVector[] = [
  new CardVector("swipe with sentinels", S, ";6216261000000000018=30121010000000000?", 0, "6216261000000000018", "3012", "6216261000000000018=30121010000000000"),
  new CardVector("swipe with sentinels and LRC", S, ";6216261000000000018=30121010000000000?7", 0, "6216261000000000018", "3012", "6216261000000000018=30121010000000000"),
  new CardVector("swipe without sentinels", S, "6212143000000000011=30121010000", 0, "6212143000000000011", "3012", "6212143000000000011=30121010000"),
  new CardVector("swipe without expiry (separator)", S, ";4111111111111111==201?", 0, "4111111111111111", "", "4111111111111111==201"),
  new CardVector("swipe, no separator", S, ";4111111111111111?", UNREADABLE, "", "", ""),
  new CardVector("swipe, a letter in the PAN", S, ";4111111A11111111=2912201?", UNREADABLE, "", "", ""),
  new CardVector("swipe, longer than 37 characters", S, "6216261000000000018=3012101000000000000000", UNREADABLE, "", "", ""),
  new CardVector("keyed with expiry", K, "6216261000000000018=3012", 0, "6216261000000000018", "3012", ""),
  new CardVector("keyed without expiry", K, "6216261000000000018", 0, "6216261000000000018", "", ""),
  new CardVector("keyed, three-digit expiry", K, "6216261000000000018=301", UNREADABLE, "", "", ""),
  new CardVector("keyed, nothing before '='", K, "=3012", UNREADABLE, "", "", ""),
  new CardVector("keyed, 20 digits", K, "62162610000000000180", UNREADABLE, "", "", ""),
  new CardVector("chip 5A and 5F24", C, "5A0A6216261000000000018F5F2403301231", 0, "6216261000000000018", "3012", ""),
  new CardVector("chip 5A of even length, no padding", C, "5A086212143000000000", 0, "6212143000000000", "", ""),
  new CardVector("chip 57 only: the PAN from the track 2 equivalent", C, "57116216261000000000018D30121010000000", 0, "6216261000000000018", "", "6216261000000000018=30121010000000"),
  new CardVector("chip inside 70", C, "7012" + "5A0A6216261000000000018F5F2403301231", 0, "6216261000000000018", "3012", ""),
  new CardVector("chip 77 > 70 > 57 after a 2-byte tag", C, "77199F27018070135711" + "6216261000000000018D30121010000000", 0, "6216261000000000018", "", "6216261000000000018=30121010000000"),
  new CardVector("chip 3-byte tag before 5A", C, "DF81010100" + "5A0A6216261000000000018F", 0, "6216261000000000018", "", ""),
  new CardVector("chip long-form length 81", C, "5A810A6216261000000000018F", 0, "6216261000000000018", "", ""),
  new CardVector("chip 5A and 57 that agree", C, "57116216261000000000018D30121010000000" + "5A0A6216261000000000018F", 0, "6216261000000000018", "", "6216261000000000018=30121010000000"),
  new CardVector("chip 5A and 57 that differ", C, "57116212143000000000011D30121010000000" + "5A0A6216261000000000018F", DIFFER, "", "", ""),
  new CardVector("chip tag of four bytes", C, "DF8181010100" + "5A0A6216261000000000018F", UNREADABLE, "", "", ""),
  new CardVector("chip template longer than its data", C, "7013" + "5A0A6216261000000000018F5F2403301231", UNREADABLE, "", "", ""),
  new CardVector("chip 5F24 of two bytes", C, "5A0A6216261000000000018F5F24023012", UNREADABLE, "", "", ""),
  new CardVector("chip BCD nibble A in the PAN", C, "5A0A6216261A00000000018F", UNREADABLE, "", "", ""),
  new CardVector("chip templates six deep", C, "700E710C720A73087406750457025A00", UNREADABLE, "", "", ""),
  new CardVector("chip templates five deep", C, "700C710A7208730674045A02621F", 0, "621", "", ""),
  new CardVector("chip without a PAN", C, "9F270180", UNREADABLE, "", "", ""),
  new CardVector("unknown source", 0x58, "6216261000000000018", UNREADABLE, "", "", ""),
];

@lazy const IN: usize = memory.data(256);
@lazy const PAN: usize = memory.data(32);
@lazy const EXPIRY: usize = memory.data(8);
@lazy const TRACK2: usize = memory.data(48);

function text(p: usize, n: i32): string { return String.UTF8.decodeUnsafe(p, <usize>n); }

function read(v: CardVector): i32 {
  memory.fill(PAN, 0, 32); memory.fill(EXPIRY, 0, 8); memory.fill(TRACK2, 0, 48);
  store<u8>(IN, <u8>v.source);
  const n = v.source == C ? hexIn(v.data, IN + 1) : textIn(v.data, IN + 1);
  return readCard(IN, 1 + n, PAN, EXPIRY, TRACK2);
}

describe("reading a card: swipe, keyed, chip", () => {
  /** Every vector: the result, and for a card read the PAN, the expiry and the track 2 it gives. */
  it("reads each vector as its source says", () => {
    for (let i = 0; i < VECTORS.length; i++) {
      const v = VECTORS[i];
      const r = read(v);
      expect(r).toBe(v.result, v.name);
      if (r != 0) continue;
      expect(text(PAN, cardData.panLength)).toBe(v.pan, v.name);
      expect(cardData.hasExpiry).toBe(v.expiry.length > 0, v.name);
      if (cardData.hasExpiry) expect(text(EXPIRY, 4)).toBe(v.expiry, v.name);
      expect(text(TRACK2, cardData.track2Length)).toBe(v.track2, v.name);
      expect(cardData.source).toBe(v.source, v.name);
    }
  });

  /** Nothing to read: an empty event and a source byte alone. */
  it("refuses an event without data", () => {
    store<u8>(IN, <u8>S);
    expect(readCard(IN, 0, PAN, EXPIRY, TRACK2)).toBe(UNREADABLE);
    expect(readCard(IN, 1, PAN, EXPIRY, TRACK2)).toBe(UNREADABLE);
  });

  /** What a card gave is forgotten with the checks' scratch (R10). */
  it("is wiped with the checks", () => {
    read(VECTORS[0]);
    expect(checksWiped()).toBe(false);
    wipeChecks();
    expect(checksWiped()).toBe(true);
  });
});
