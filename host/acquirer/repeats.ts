// ISO 8583 repeats at the acquirer (docs/PROTOCOL.md "Repeats"): a terminal whose
// reply was lost sends the same request again with the MTI's last digit raised
// (0100 -> 0101, 0200 -> 0201, 0302 -> 0303) and the same STAN. The acquirer
// answers a repeat with what it decided for the original — the same code,
// reference and verification id — without deciding (or counting) again. A
// repeat whose original it never saw is decided as an original; one whose
// original named another card or operation is refused with 94 (duplicate).
import type { CupMessage } from "./message";
import { text } from "./message";

/** The fields that make a repeat the same request as its original. */
const SAME = [2, 3, 38, 41, 42, 60] as const;

interface Decision {
  /** The original's SAME fields, joined. */
  request: string;
  reply: CupMessage;
}

/** True for a repeat MTI (last digit odd: 0101, 0201, 0303). */
export function isRepeat(mti: string): boolean {
  return mti.length === 4 && Number(mti[3]) % 2 === 1;
}

/** The original's MTI of a repeat (0101 -> 0100); other MTIs unchanged. */
export function originalMti(mti: string): string {
  return isRepeat(mti) ? mti.slice(0, 3) + String(Number(mti[3]) - 1) : mti;
}

/** What was decided per terminal and STAN, newest last, at most `capacity` decisions. */
export class Decisions {
  private readonly decided = new Map<string, Decision>();

  constructor(private readonly capacity = 4096) {}

  private static key(request: CupMessage): string {
    return `${text(request, 41) ?? ""}|${text(request, 42) ?? ""}|${text(request, 11) ?? ""}|${originalMti(request.mti)}`;
  }

  private static fingerprint(request: CupMessage): string {
    return SAME.map((f) => text(request, f) ?? "").join("|");
  }

  /** Keeps the reply decided for an original request (a copy: the caller may change the one it sends). */
  remember(request: CupMessage, reply: CupMessage): void {
    const key = Decisions.key(request);
    this.decided.delete(key);
    this.decided.set(key, { request: Decisions.fingerprint(request), reply: { ...reply, fields: { ...reply.fields } } });
    if (this.decided.size > this.capacity) this.decided.delete(this.decided.keys().next().value!);
  }

  /**
   * For a repeat: the original's reply ("same"), a mismatch ("other": the STAN was
   * used for another card or operation), or nothing when the original was never seen.
   */
  recall(request: CupMessage): { kind: "same"; reply: CupMessage } | { kind: "other" } | undefined {
    const d = this.decided.get(Decisions.key(request));
    if (!d) return undefined;
    if (d.request !== Decisions.fingerprint(request)) return { kind: "other" };
    return { kind: "same", reply: { ...d.reply, fields: { ...d.reply.fields } } };
  }
}
