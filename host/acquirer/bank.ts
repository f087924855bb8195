// The simulated issuer's test bank: `{ "cards": [ { pan, expiry (YYMM), name,
// idNumber, phone, pin, status, otp, mismatchDetail? } ] }`. Loaded once and validated strictly
// (unknown keys, bad checksums and duplicate PANs are errors naming the row), so
// a typo in a QA bank file fails loudly instead of producing odd declines.
import defaultBankJson from "./default-bank.json";

export const CARD_STATUSES = ["active", "lost", "stolen", "expired", "restricted", "dormant", "unsupported", "blocked", "pin-locked"] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export interface BankCard {
  pan: string;
  expiry: string;
  name: string;
  idNumber: string;
  /** Empty when the holder reserved no phone number with the bank. */
  phone: string;
  pin: string;
  status: CardStatus;
  /** The issuer asks for an SMS code before it answers. */
  otp: boolean;
  /**
   * A 05 answer names the elements that did not match in field 44 (the paid "detailed"
   * verification some issuers offer). Absent or false: 05 says only that verification
   * failed, as UnionPay's 05 does (docs/PROTOCOL.md).
   */
  mismatchDetail?: boolean;
  note?: string;
}

const CARD_KEYS = ["pan", "expiry", "name", "idNumber", "phone", "pin", "status", "otp", "mismatchDetail", "note"];

/** Luhn (mod 10) check over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 (ISO 7064 MOD 11-2) check character of an 18-character ID number. */
export function idNumberValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return "10X98765432"[sum % 11] === id[17];
}

export class BankFormatError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = "BankFormatError";
  }
}

export class TestBank {
  private readonly byPan = new Map<string, BankCard>();

  constructor(readonly cards: readonly BankCard[]) {
    cards.forEach((card, i) => {
      const where = `card ${i + 1}`;
      for (const key of Object.keys(card)) if (!CARD_KEYS.includes(key)) throw new BankFormatError(where, `unknown key ${JSON.stringify(key)}`);
      if (typeof card.pan !== "string" || !/^\d{13,19}$/.test(card.pan)) throw new BankFormatError(where, "pan must be 13-19 digits");
      if (!luhnValid(card.pan)) throw new BankFormatError(where, "pan fails the Luhn check");
      if (!/^\d{2}(0[1-9]|1[0-2])$/.test(card.expiry)) throw new BankFormatError(where, "expiry must be YYMM");
      if (typeof card.name !== "string" || card.name.length === 0) throw new BankFormatError(where, "name is required");
      if (!idNumberValid(card.idNumber)) throw new BankFormatError(where, "idNumber is not a valid 18-character ID number");
      if (card.phone !== "" && !/^1[3-9]\d{9}$/.test(card.phone)) throw new BankFormatError(where, "phone must be 11 digits 1[3-9]... or empty");
      if (!/^\d{4,12}$/.test(card.pin)) throw new BankFormatError(where, "pin must be 4-12 digits");
      if (!(CARD_STATUSES as readonly string[]).includes(card.status)) throw new BankFormatError(where, `status must be one of ${CARD_STATUSES.join(", ")}`);
      if (typeof card.otp !== "boolean") throw new BankFormatError(where, "otp must be true or false");
      if (card.mismatchDetail !== undefined && typeof card.mismatchDetail !== "boolean") throw new BankFormatError(where, "mismatchDetail must be true or false");
      if (this.byPan.has(card.pan)) throw new BankFormatError(where, "duplicate pan");
      this.byPan.set(card.pan, card);
    });
  }

  static fromJson(json: unknown, source = "bank"): TestBank {
    const cards = (json as { cards?: unknown })?.cards;
    if (!Array.isArray(cards)) throw new BankFormatError(source, 'expected { "cards": [ ... ] }');
    try {
      return new TestBank(cards as BankCard[]);
    } catch (e) {
      if (e instanceof BankFormatError) throw new BankFormatError(source, e.message);
      throw e;
    }
  }

  /** The bank that ships in the repo (host/acquirer/default-bank.json). */
  static default(): TestBank {
    return TestBank.fromJson(defaultBankJson, "default bank");
  }

  card(pan: string): BankCard | undefined {
    return this.byPan.get(pan);
  }

  /** The first card whose note or status matches (for tests and the simulator's help). */
  find(predicate: (card: BankCard) => boolean): BankCard | undefined {
    return this.cards.find(predicate);
  }
}
