// R10: the checks keep what they read last in their own static scratch (the
// collected digits of an ID or phone number and their offsets, the
// 18-character ID form, its sex and birth date, the track 2 offsets, the
// checked length, what the last card gave). wipeChecks() zeroes all of it, so the flow's wipe after
// completion, cancel and timeout leaves no holder's digits here.
import { wipeCollected, collectedIsZero } from "./text";
import { wipeIdScratch, idScratchIsZero } from "./idnumber";
import { wipeTrack2Offsets, track2PanOffset, track2PanLength, track2ExpiryOffset, track2ServiceCodeOffset } from "./track2";
import { setCheckedLength, checkedLength } from "./reasons";
import { wipeCardData, cardDataIsZero } from "./card";

/** Zeroes every scratch buffer and remembered value of the checks. */
export function wipeChecks(): void {
  wipeCollected();
  wipeIdScratch();
  wipeTrack2Offsets();
  wipeCardData();
  setCheckedLength(0);
}

/** True when nothing the checks last read is left (QA, the flow's wipe test). */
export function checksWiped(): bool {
  return collectedIsZero() && idScratchIsZero() && checkedLength() == 0 && track2PanOffset() == -1 &&
    track2PanLength() == -1 && track2ExpiryOffset() == -1 && track2ServiceCodeOffset() == -1 && cardDataIsZero();
}
