// The working keys of a sign-on reply (R11) into the host's secure module
// (keyCustody=module): field 62 holds the PIK, the MAK and (layout 60) the TDK,
// each enciphered under the terminal master key with its check value. Each
// goes to the module in an INSTALL_KEY (key slot, master-key slot, the
// enciphered key, its check value) and the next one only once KEY_INSTALLED
// says it was taken. The core never sees a clear key. With keyCustody=core
// the core's key store installs them (startup.ts).
import { Part, Scope, part } from "../parts";
import { copyBytes, zeroBytes } from "../bytes";
import { askInstall, secureStatus, SecureStatus, ModuleKey } from "../secure";
import { keyLengthInField, keyFieldOffset, keyFieldLength, keyFieldCount, CHECK_VALUE_LENGTH } from "../deps";
import { Step, runStep } from "../steps";

/** Field 62's key block, as it came (enciphered keys and check values). */
const BLOCK_MAX: i32 = 60;
@lazy const BLOCK: usize = memory.data(BLOCK_MAX);

/** The installation in progress: the next key, how many, their field length, and the steps after it. */
export class KeyInstall extends Part {
  next: i32 = 1;
  count: i32 = 0;
  fieldLength: i32 = 0;
  installed: Step = Step.NONE;
  refused: Step = Step.NONE;
}
export const keyInstall = part(new KeyInstall(), new KeyInstall(), Scope.TASK);

/**
 * Hands the keys of field 62 (layout 24, 40 or 60 bytes; `len` must equal it)
 * to the secure module one by one; then `installed`, or `refused` on a wrong
 * layout or the first key the module refuses (its check value differs, no
 * master key).
 */
export function installInModule(layout: i32, src: usize, len: i32, installed: Step, refused: Step): void {
  const fieldLength = keyFieldLength(layout);
  if (fieldLength == 0 || len != layout) { runStep(refused); return; }
  copyBytes(BLOCK, src, len);
  keyInstall.next = 1;
  keyInstall.count = keyFieldCount(layout);
  keyInstall.fieldLength = fieldLength;
  keyInstall.installed = installed;
  keyInstall.refused = refused;
  installNext();
}

function installNext(): void {
  const field = BLOCK + <usize>keyFieldOffset(keyInstall.next, keyInstall.fieldLength);
  // Working-key slots PIK, MAK, TDK follow field 62's order.
  askInstall(ModuleKey.PIK + keyInstall.next - 1, field, keyLengthInField(field, keyInstall.fieldLength),
    field + <usize>keyInstall.fieldLength, CHECK_VALUE_LENGTH, Step.keyAnswered);
}

export function keyAnswered(): void {
  if (secureStatus() == SecureStatus.OK && keyInstall.next < keyInstall.count) { keyInstall.next++; installNext(); return; }
  const next = secureStatus() == SecureStatus.OK ? keyInstall.installed : keyInstall.refused;
  zeroBytes(BLOCK, BLOCK_MAX);
  keyInstall.reset();
  runStep(next);
}
