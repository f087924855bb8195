// Hex text <-> bytes for every host module (the typed ABI wrappers, the CLIs,
// the acquirer's codec, transcripts), so malformed hex fails the same way
// everywhere. No node API: transcripts are written in the browser page too.

/**
 * Malformed hex. A RangeError, so callers that refuse bad arguments catch it;
 * the message says what was malformed, never its digits (the text is often a key,
 * and messages end up in logs).
 */
export class HexError extends RangeError {
  override name = "HexError";
}

const DIGITS = "0123456789ABCDEF";

/** Bytes as upper-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += DIGITS[b >> 4] + DIGITS[b & 15];
  return out;
}

/** Hex (either case, whitespace ignored) -> bytes; `what` names the text in the error. */
export function fromHex(text: string, what = "hex"): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new HexError(`${what} is not an even number of hex digits`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
