// The secure-module port (docs/ABI.md "The secure module"): what a terminal's
// secure element does for a core running with keyCustody=module. It holds the
// terminal master key and the record-hash key from the key-injection room,
// installs the working keys the core hands it enciphered (INSTALL_KEY), makes
// MACs and keyed hashes (MAC) and enciphers (ENCIPHER) by key slot, and runs the
// PIN entry on its own keypad (PIN_ENTRY): the core gets answers, never a key
// or a PIN digit.
//
// SoftwareSecureModule is the simulators' and tests' module: the keys live in
// the host's heap, never in the terminal core's linear memory, and its
// cryptography is a SecureCrypto — node:crypto on the desktop and in the tests
// (node-crypto.ts), a separate instance of the tools module in the browser
// page (tools-crypto.ts). A real terminal puts its vendor SDK's calls behind
// the SecureModule interface (examples/c-host/secure.c is the C sketch).
import { ModuleKey, PinEnd, SecureCipher, SecureStatus, type FlowEvent, type SecureCommand } from "../api/flow";
import { MacAlgorithm } from "../generated/abi";

/** What the key-injection room loaded into the module. */
export interface SecureKeys {
  /** The terminal master key (TDES, 16 bytes). */
  tmk: Uint8Array;
  /** The record-hash key (AES-128). */
  recordHashKey: Uint8Array;
}

/** The port, as the terminal loop drives it. */
export interface SecureModule {
  /** The answer to INSTALL_KEY, MAC or ENCIPHER. */
  answer(command: Exclude<SecureCommand, { kind: "PIN_ENTRY" }>): FlowEvent;
  /** PIN_ENTRY: the keypad becomes the PIN pad until the block, a cancel or the timeout. */
  beginPinEntry(command: Extract<SecureCommand, { kind: "PIN_ENTRY" }>): void;
  /** Whether a PIN entry runs (the keypad's keys go to the module, not the core). */
  readonly pinEntryOpen: boolean;
  /** A key pressed during the PIN entry: what the module tells the core (undefined: nothing). */
  pinKey(key: number): FlowEvent | undefined;
  /** The entry's timeout passed without the block. */
  pinTimedOut(): FlowEvent;
  /** The power went: a PIN entry in progress is dropped (the keys stay, as in a secure element). */
  powerLost(): void;
}

const ZERO_IV = new Uint8Array(8);
const KEY_DIGIT_0 = 0x30;
const KEY_DIGIT_9 = 0x39;
const KEY_ENTER = 0x0d;
const KEY_CANCEL = 0x1b;
const KEY_CLEAR = 0x08;

/** The cryptography a software module runs on (TDES keys of 8 or 16 bytes; data in whole blocks). */
export interface SecureCrypto {
  tdesEcb(key: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array;
  tdesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array;
  /** The first n bytes of E_key(zero block). */
  kcv(key: Uint8Array, n: number): Uint8Array;
  /** The China UnionPay POS "ECB" MAC (docs/CRYPTO.md), 8 ASCII bytes. */
  macCupEcb(mak: Uint8Array, data: Uint8Array): Uint8Array;
  aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** An ISO 9564 format 0 clear PIN block. */
  iso0Block(pin: string, pan: string): Uint8Array;
}

/** Constant-time comparison of two check values. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function wipe(bytes: Uint8Array | undefined): void {
  bytes?.fill(0);
}

export class SoftwareSecureModule implements SecureModule {
  private readonly keys = new Map<number, Uint8Array>();
  private pin: { digits: string; pan: string; min: number; max: number } | undefined;

  constructor(loaded: SecureKeys, private readonly crypto: SecureCrypto) {
    if (loaded.tmk.length !== 16 || loaded.recordHashKey.length !== 16) throw new RangeError("secure module keys must be 16 bytes each");
    this.keys.set(ModuleKey.MASTER, Uint8Array.from(loaded.tmk));
    this.keys.set(ModuleKey.RECORD_HASH, Uint8Array.from(loaded.recordHashKey));
  }

  answer(command: Exclude<SecureCommand, { kind: "PIN_ENTRY" }>): FlowEvent {
    switch (command.kind) {
      case "INSTALL_KEY":
        return { kind: "KEY_INSTALLED", key: command.key, status: this.install(command) };
      case "MAC":
        return this.result(this.mac(command.key, command.algorithm, command.data));
      case "ENCIPHER": {
        const key = this.keys.get(command.key);
        const usable = key && command.mode === SecureCipher.TDES_CBC && command.data.length % 8 === 0 && command.key === ModuleKey.TDK;
        return this.result(key ? (usable ? this.crypto.tdesCbc(key, ZERO_IV, command.data, true) : SecureStatus.REFUSED) : SecureStatus.NO_KEY);
      }
    }
  }

  /** A working key deciphered under the master key, kept only when its check value matches. */
  private install(command: Extract<SecureCommand, { kind: "INSTALL_KEY" }>): SecureStatus {
    const master = this.keys.get(command.masterKey);
    if (command.masterKey !== ModuleKey.MASTER || !master) return SecureStatus.NO_KEY;
    const working = command.key === ModuleKey.PIK || command.key === ModuleKey.MAK || command.key === ModuleKey.TDK;
    if (!working || (command.block.length !== 8 && command.block.length !== 16)) return SecureStatus.REFUSED;
    const key = this.crypto.tdesEcb(master, command.block, false);
    if (!sameBytes(this.crypto.kcv(key, command.checkValue.length), command.checkValue)) {
      wipe(key);
      return SecureStatus.CHECK_VALUE;
    }
    wipe(this.keys.get(command.key));
    this.keys.set(command.key, key);
    return SecureStatus.OK;
  }

  private mac(slot: number, algorithm: number, data: Uint8Array): Uint8Array | SecureStatus {
    const key = this.keys.get(slot);
    if (!key) return SecureStatus.NO_KEY;
    if (slot === ModuleKey.MAK && algorithm === MacAlgorithm.CUP_ECB) return this.crypto.macCupEcb(key, data);
    if (slot === ModuleKey.RECORD_HASH && algorithm === MacAlgorithm.AES_CMAC) return this.crypto.aesCmac(key, data);
    return SecureStatus.REFUSED; // a key serves one purpose only
  }

  private result(r: Uint8Array | SecureStatus): FlowEvent {
    return typeof r === "number" ? { kind: "SECURE_RESULT", status: r } : { kind: "SECURE_RESULT", status: SecureStatus.OK, bytes: r };
  }

  beginPinEntry(command: Extract<SecureCommand, { kind: "PIN_ENTRY" }>): void {
    this.pin = { digits: "", pan: command.pan, min: command.minLength, max: command.maxLength };
  }

  get pinEntryOpen(): boolean {
    return this.pin !== undefined;
  }

  pinKey(key: number): FlowEvent | undefined {
    const pin = this.pin;
    if (!pin) return undefined;
    if (key >= KEY_DIGIT_0 && key <= KEY_DIGIT_9) {
      if (pin.digits.length >= pin.max) return undefined;
      pin.digits += String.fromCharCode(key);
      return { kind: "PIN_DIGITS", count: pin.digits.length };
    }
    if (key === KEY_CLEAR) {
      pin.digits = pin.digits.slice(0, -1);
      return { kind: "PIN_DIGITS", count: pin.digits.length };
    }
    if (key === KEY_CANCEL) return this.ended(PinEnd.CANCELLED);
    if (key !== KEY_ENTER || pin.digits.length < pin.min) return undefined;
    const pik = this.keys.get(ModuleKey.PIK);
    if (!pik) return this.ended(PinEnd.NO_KEY);
    const clear = this.crypto.iso0Block(pin.digits, pin.pan);
    const block = this.crypto.tdesEcb(pik, clear, true);
    wipe(clear);
    this.pin = undefined;
    return { kind: "PIN_BLOCK", block };
  }

  pinTimedOut(): FlowEvent {
    return this.ended(PinEnd.TIMED_OUT);
  }

  powerLost(): void {
    this.pin = undefined;
  }

  private ended(reason: PinEnd): FlowEvent {
    this.pin = undefined;
    return { kind: "PIN_ENDED", reason };
  }
}
