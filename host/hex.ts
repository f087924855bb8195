// Hex text <-> bytes for every host module (the typed ABI wrappers, the CLIs,
// the acquirer's codec), so malformed hex fails the same way everywhere.

/**
 * Malformed hex. A RangeError, so callers that refuse bad arguments catch it;
 * the message says what was malformed, never its digits (the text is often a key,
 * and messages end up in logs).
 */
export class HexError extends RangeError {
  override name = "HexError";
}

/** Bytes as upper-case hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex").toUpperCase();
}

/** Hex (either case, whitespace ignored) -> bytes; `what` names the text in the error. */
export function fromHex(text: string, what = "hex"): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new HexError(`${what} is not an even number of hex digits`);
  return new Uint8Array(Buffer.from(clean, "hex"));
}
