// The simulated card reader: swipe a card of the test bank by its number, paste a
// track 2 as a reader would deliver it, or key the number and expiry.
import type { CardRead } from "../api/flow";
import type { CardReader } from "./types";

/** What the reader needs to know of a test-bank card to write its stripe. */
export interface CardFace {
  pan: string;
  expiry: string; // YYMM
}

/** Service code written on simulated stripes: 1 international, 0 normal authorisation, 1 no restrictions. */
const SERVICE_CODE = "101";

/** Track 2 as an ISO 7813 stripe holds it, without sentinels: PAN=YYMM, service code, discretionary data. */
export function track2Of(card: CardFace): string {
  const discretionary = "0".repeat(Math.max(0, 37 - card.pan.length - 1 - 4 - SERVICE_CODE.length)).slice(0, 10);
  return `${card.pan}=${card.expiry}${SERVICE_CODE}${discretionary}`;
}

export class SimCardReader implements CardReader {
  private handlers: ((card: CardRead) => void)[] = [];

  constructor(private readonly lookup: (pan: string) => CardFace | undefined = () => undefined) {}

  onCard(handler: (card: CardRead) => void): void {
    this.handlers.push(handler);
  }

  /** Swipes the test-bank card with this number; false when the bank has no such card. */
  swipe(pan: string): boolean {
    const card = this.lookup(pan.replace(/\s+/g, ""));
    if (!card) return false;
    this.emit({ source: "swipe", track2: track2Of(card) });
    return true;
  }

  /** Delivers a track 2 exactly as given (sentinels `;` `?` are the core's to strip). */
  pasteTrack2(track2: string): void {
    this.emit({ source: "swipe", track2: track2.trim() });
  }

  /** The operator keyed the number and expiry (YYMM). */
  keyed(pan: string, expiry: string): void {
    this.emit({ source: "keyed", pan: pan.replace(/\s+/g, ""), expiry });
  }

  private emit(card: CardRead): void {
    for (const h of this.handlers) h(card);
  }
}
