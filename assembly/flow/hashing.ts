// The keyed hashes that match saved records to cards and holders (docs/ABI.md
// "Saved records"): AES-CMAC under the record-hash key of a domain byte and the
// value, as 32 hex characters. The key is the secure module's (or, with
// keyCustody=core, the core's): the hash is asked for (secure.ts) and the step
// that needs it goes on once it is there.
import { Part, Scope, zeroPart } from "./parts";
import { copyBytes, zeroBytes, encodeHex } from "./bytes";
import { askMac, secureStatus, SecureStatus, ModuleKey, MAC_AES_CMAC, RESULT } from "./secure";
import { Step, runStep } from "./steps";

@lazy const HASH_IN: usize = memory.data(32);

/** The hash being made: where its hex goes and the step after it. */
export class Hashing extends Part {
  out: usize = 0;
  then: Step = Step.NONE;
  failed: Step = Step.NONE;
}
export const hashing = zeroPart<Hashing>(Scope.TASK);

/** Keyed hash of `domain` + src[0..len) (at most 31 bytes) as 32 hex characters at out; then `then`, or `failed` without the key. */
export function keyedHash(domain: i32, src: usize, len: i32, out: usize, then: Step, failed: Step): void {
  store<u8>(HASH_IN, <u8>domain);
  const n = len < 31 ? len : 31;
  copyBytes(HASH_IN + 1, src, n);
  hashing.out = out;
  hashing.then = then;
  hashing.failed = failed;
  askMac(ModuleKey.RECORD_HASH, MAC_AES_CMAC, HASH_IN, n + 1, Step.hashed);
}

export function hashed(): void {
  zeroBytes(HASH_IN, 32);
  const next = secureStatus() == SecureStatus.OK ? hashing.then : hashing.failed;
  if (secureStatus() == SecureStatus.OK) encodeHex(RESULT, 16, hashing.out);
  zeroBytes(RESULT, 16);
  hashing.reset();
  runStep(next);
}
