// Sealing a built request (messages.ts set its fields): with keyCustody=module
// field 35's track block enciphered under the TDK, field 62's personal
// data enciphered under the TDK, the frame packed, its MAC made under the MAK
// and put in field 64 — each asked of the secure module by key slot
// (secure.ts), so the keys never have to be in the core. Then the step that
// sends it, or the one that says it could not be built.
import { pack, macRegionOffset, macRegionLength, wipe, trackBlock, trackUnpack } from "./deps";
import { request, FRAME, FRAME_CAPACITY, PLAIN, PLAIN_CAPACITY, plainLength, wantsMac, frameLen, setFrameLength, dialect, wantsTrackEnciphered } from "./messages";
import { askEncipher, askMac, secureStatus, SecureStatus, ModuleKey, MAC_CUP_ECB, RESULT } from "./secure";
import { Part, Scope, zeroPart } from "./parts";
import { copyBytes } from "./bytes";
import { Step, runStep } from "./steps";

@lazy const ZERO_MAC: usize = memory.data(8);

/** The request being sealed: what follows it. */
export class Sealing extends Part {
  sent: Step = Step.NONE;
  notBuilt: Step = Step.NONE;
  /** The track block being enciphered (crypto/track.ts's scratch). */
  block: usize = 0;
}
export const sealing = zeroPart<Sealing>(Scope.TASK);

function done(ok: bool): void {
  const next = ok ? sealing.sent : sealing.notBuilt;
  if (!ok) setFrameLength(0);
  sealing.reset();
  runStep(next);
}

/** Seals the request in `request` into FRAME; then `sent` (FRAME holds frameLen() bytes) or `notBuilt`. */
export function seal(sent: Step, notBuilt: Step): void {
  sealing.sent = sent;
  sealing.notBuilt = notBuilt;
  if (wantsTrackEnciphered()) encipherTrack();
  else encipherPersonalData();
}

function encipherTrack(): void {
  const block = trackBlock(request.ptr(35), request.length(35));
  if (block < 0) { done(false); return; }
  sealing.block = <usize>block;
  askEncipher(ModuleKey.TDK, sealing.block, 8, Step.trackEnciphered);
}

/** The block back in the track (the field keeps its length); a refusal leaves it clear, and nothing is sent. */
export function trackEnciphered(): void {
  const ok = secureStatus() == SecureStatus.OK;
  if (ok) copyBytes(sealing.block, RESULT, 8);
  trackUnpack(request.ptr(35), request.length(35));
  if (!ok) { done(false); return; }
  encipherPersonalData();
}

function encipherPersonalData(): void {
  const n = plainLength();
  if (n > 0) askEncipher(ModuleKey.TDK, PLAIN, n, Step.enciphered);
  else packFrame();
}

export function enciphered(): void {
  wipe(PLAIN, PLAIN_CAPACITY);
  if (secureStatus() != SecureStatus.OK || request.set(62, RESULT, plainLength()) < 0) { done(false); return; }
  packFrame();
}

function packFrame(): void {
  const mac = wantsMac();
  if (mac) request.set(64, ZERO_MAC, 8);
  const n = pack(dialect(), request, FRAME, FRAME_CAPACITY);
  if (n < 0) { done(false); return; }
  setFrameLength(n);
  if (!mac) { done(true); return; }
  askMac(ModuleKey.MAK, MAC_CUP_ECB, FRAME + <usize>macRegionOffset(), macRegionLength(), Step.macked);
}

export function macked(): void {
  if (secureStatus() != SecureStatus.OK) { done(false); return; }
  copyBytes(FRAME + <usize>(frameLen() - 8), RESULT, 8);
  done(true);
}
