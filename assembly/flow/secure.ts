// The secure-module port (docs/ABI.md "The secure module"). With
// keyCustody=module (the profile's default) the keys live in the host's secure
// module and the core only asks: install this enciphered working key, MAC
// these bytes, encipher these bytes, each by key slot; the answer comes back
// as an event and the step that asked goes on from it (`then`). With
// keyCustody=core the same questions are answered here at once from the
// core's own key store, so both custodies run one flow and put the same bytes
// on the wire. The PIN entry is tasks/pin.ts.
import { ErrorCode, fail } from "../abi";
import { Event, Ev, Cmd } from "./events";
import { St } from "./states";
import { begin, end, putByte, putBytes } from "./queue";
import { keysInModule } from "./profile";
import { Part, Scope, zeroPart, buffer } from "./parts";
import { position, terminal, RECORD_KEY } from "./state";
import { macCupEcb, tdesCbc, aesCmac, workingKeyPtr, workingKeyLength, wipe } from "./deps";
import { copyBytes } from "./bytes";
import { Step, runStep } from "./steps";

/** The secure module's key slots: INSTALL_KEY, MAC and ENCIPHER name a key by these. */
export const enum ModuleKey {
  MASTER = 1,      // the terminal master key the working keys arrive under
  PIK = 2,         // PIN key (the PIN entry's block)
  MAK = 3,         // MAC key
  TDK = 4,         // data key: field 62's personal data
  RECORD_HASH = 5, // AES-128 key of the saved records' keyed hashes
}

/** The first byte of KEY_INSTALLED's status and of SECURE_RESULT. */
export const enum SecureStatus {
  OK = 0,
  CHECK_VALUE = 1, // KEY_INSTALLED: the deciphered key's check value differs; nothing installed
  NO_KEY = 2,      // the slot (or the master key an INSTALL_KEY needs) is empty
  REFUSED = 3,     // the request is not one the module serves (algorithm, length)
}

/** ENCIPHER's mode byte. */
export const enum SecureCipher {
  TDES_CBC = 1, // TDES CBC, zero IV, over data the core has already padded to 8 bytes
}

/** MAC's algorithm byte: the numbers of MacAlgorithm (assembly/crypto/mac.ts). */
export const MAC_CUP_ECB: i32 = 5;
export const MAC_AES_CMAC: i32 = 6;

/** The answer's bytes: a MAC, a keyed hash or a ciphertext (never a key). */
export const RESULT_CAPACITY: i32 = 512;
export const RESULT: usize = buffer(memory.data(RESULT_CAPACITY), RESULT_CAPACITY, Scope.TASK);

/** A question in flight: the answer it waits for, its length, the state to go back to and the step that goes on. */
export class SecureWait extends Part {
  answer: i32 = 0;
  key: i32 = 0;
  /** Bytes a SECURE_RESULT with status OK must carry. */
  length: i32 = 0;
  resume: i32 = St.OFF;
  status: i32 = SecureStatus.OK;
  then: Step = Step.NONE;
}
export const secureWait = zeroPart<SecureWait>(Scope.TASK);

/** The status of the last answer (SecureStatus): `then` reads it, and RESULT on OK. */
export function secureStatus(): i32 { return secureWait.status; }

/** The question is queued for the host: wait in EXPECT_SECURE for its answer. */
function waitFor(answer: i32, key: i32, length: i32, then: Step): void {
  secureWait.answer = answer;
  secureWait.key = key;
  secureWait.length = length;
  secureWait.resume = position.state;
  secureWait.then = then;
  position.state = St.EXPECT_SECURE;
}

/** Answered here (keyCustody=core): status, then the step. */
function answeredHere(r: i32, then: Step): void {
  secureWait.status = r < 0 ? SecureStatus.NO_KEY : SecureStatus.OK;
  runStep(then);
}

/** The core's copy of a working key slot (keyCustody=core). */
function localSlot(key: i32): i32 { return key - 1; } // PIK=1, MAK=2, TDK=3 in the core's key store

/**
 * A MAC over data[0..len) under `key` with algorithm `alg` (MAC_CUP_ECB under
 * the MAK: 8 bytes; MAC_AES_CMAC under RECORD_HASH: 16 bytes) into RESULT.
 */
export function askMac(key: i32, alg: i32, data: usize, len: i32, then: Step): void {
  const n = alg == MAC_AES_CMAC ? 16 : 8;
  if (keysInModule()) {
    begin(Cmd.MAC); putByte(key); putByte(alg); putBytes(data, len); end();
    waitFor(Ev.SECURE_RESULT, key, n, then);
    return;
  }
  let r: i32 = -1;
  if (key == ModuleKey.RECORD_HASH) r = terminal.recordKeyLoaded ? aesCmac(RECORD_KEY, 16, data, len, RESULT) : -1;
  else if (workingKeyLength(localSlot(key)) > 0) r = macCupEcb(workingKeyPtr(localSlot(key)), workingKeyLength(localSlot(key)), data, len, RESULT);
  answeredHere(r, then);
}

@lazy const ZERO_IV: usize = memory.data(8);

/** data[0..len) (a multiple of 8) enciphered under `key`, TDES CBC with a zero IV, into RESULT. */
export function askEncipher(key: i32, data: usize, len: i32, then: Step): void {
  if (keysInModule()) {
    begin(Cmd.ENCIPHER); putByte(key); putByte(SecureCipher.TDES_CBC); putBytes(data, len); end();
    waitFor(Ev.SECURE_RESULT, key, len, then);
    return;
  }
  const slot = localSlot(key);
  const r = workingKeyLength(slot) > 0 && len <= RESULT_CAPACITY ? tdesCbc(workingKeyPtr(slot), workingKeyLength(slot), ZERO_IV, data, len, RESULT, true) : -1;
  answeredHere(r, then);
}

/**
 * INSTALL_KEY (keyCustody=module only): the working key `key`, enciphered
 * under the master key, and its check value; the module deciphers, checks
 * and keeps it. `then` reads secureStatus().
 */
export function askInstall(key: i32, block: usize, len: i32, checkValue: usize, checkLength: i32, then: Step): void {
  begin(Cmd.INSTALL_KEY); putByte(key); putByte(ModuleKey.MASTER); putByte(len); putBytes(block, len); putBytes(checkValue, checkLength); end();
  waitFor(Ev.KEY_INSTALLED, key, 0, then);
}

/** Whether the flow waits for answer `kind` now (machine.ts dispatches KEY_INSTALLED and SECURE_RESULT only then). */
export function waitsFor(kind: i32): bool {
  return position.state == St.EXPECT_SECURE && secureWait.answer == kind;
}

/**
 * KEY_INSTALLED (key, status) or SECURE_RESULT (status, bytes): the answer to
 * the question in flight. A payload that does not answer it is refused and
 * the flow keeps waiting.
 */
export function answered(e: Event): void {
  let status: i32;
  if (e.kind == Ev.KEY_INSTALLED) {
    if (e.length != 2 || e.byte != secureWait.key) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, e.kind, 0, secureWait.key, e.byte); return; }
    status = <i32>load<u8>(e.src + 1);
  } else {
    status = e.length > 0 ? e.byte : -1;
    const n = e.length - 1;
    if (status < 0 || status > SecureStatus.REFUSED || (status == SecureStatus.OK && n != secureWait.length)) {
      e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, e.kind, 0, secureWait.length + 1, e.length);
      return;
    }
    wipe(RESULT, RESULT_CAPACITY);
    if (status == SecureStatus.OK) copyBytes(RESULT, e.src + 1, n);
  }
  const then = secureWait.then;
  position.state = secureWait.resume;
  secureWait.reset();
  secureWait.status = status;
  runStep(then);
}
