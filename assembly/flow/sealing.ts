// Sealing a built request (messages.ts set its fields): field 62's personal
// data enciphered under the TDK, the frame packed, its MAC made under the MAK
// and put in field 64 — each asked of the secure module by key slot
// (secure.ts), so the keys never have to be in the core. Then the step that
// sends it, or the one that says it could not be built.
import { Dialect, pack, macRegionOffset, macRegionLength, wipe } from "./deps";
import { request, FRAME, FRAME_CAPACITY, PLAIN, PLAIN_CAPACITY, plainLength, wantsMac, frameLen, setFrameLength } from "./messages";
import { askEncipher, askMac, secureStatus, SecureStatus, ModuleKey, MAC_CUP_ECB, RESULT } from "./secure";
import { Part, Scope, part } from "./parts";
import { Step } from "./state";
import { copyBytes } from "./bytes";

@lazy const ZERO_MAC: usize = memory.data(8);

/** The request being sealed: what follows it. */
export class Sealing extends Part {
  sent: Step | null = null;
  notBuilt: Step | null = null;
}
export const sealing = part(new Sealing(), new Sealing(), Scope.TASK);

function done(ok: bool): void {
  const next = ok ? sealing.sent : sealing.notBuilt;
  if (!ok) setFrameLength(0);
  sealing.reset();
  if (next !== null) next();
}

/** Seals the request in `request` into FRAME; then `sent` (FRAME holds frameLen() bytes) or `notBuilt`. */
export function seal(sent: Step, notBuilt: Step): void {
  sealing.sent = sent;
  sealing.notBuilt = notBuilt;
  const n = plainLength();
  if (n > 0) askEncipher(ModuleKey.TDK, PLAIN, n, enciphered);
  else packFrame();
}

function enciphered(): void {
  wipe(PLAIN, PLAIN_CAPACITY);
  if (secureStatus() != SecureStatus.OK || request.set(62, RESULT, plainLength()) < 0) { done(false); return; }
  packFrame();
}

function packFrame(): void {
  const mac = wantsMac();
  if (mac) request.set(64, ZERO_MAC, 8);
  const n = pack(Dialect.CUP, request, FRAME, FRAME_CAPACITY);
  if (n < 0) { done(false); return; }
  setFrameLength(n);
  if (!mac) { done(true); return; }
  askMac(ModuleKey.MAK, MAC_CUP_ECB, FRAME + <usize>macRegionOffset(), macRegionLength(), macked);
}

function macked(): void {
  if (secureStatus() != SecureStatus.OK) { done(false); return; }
  copyBytes(FRAME + <usize>(frameLen() - 8), RESULT, 8);
  done(true);
}
