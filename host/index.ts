// The package's API (`import … from "realname-pos"`, package.json "exports" "."):
// the typed wrappers over the core's modules, the terminal loop and its device
// ports, and the stock devices the simulator uses. Bundled by scripts/build.mjs
// into build/lib/index.js, declared in build/types/ (README "Use it as a library").
// Everything the CLI, the acquirer and the tests share is reached from here or
// stays internal; a name exported here is a promise to users.

import { Crypto as CryptoCalls } from "./api/crypto";
import { toolsCore, type Core } from "./core";

// The core's modules (terminal, tools, QA), their versions and faults.
export {
  Core, CoreFault, defaultToolsPath, defaultWasmPath, errorLabel, hasCoreCustody, ModuleVersionError, qaWasmPath, toolsCore,
  type BuiltFor, type CoreExports, type CoreFailure,
} from "./core";
// The module a profile's key custody runs on: keyCustody=core only on the QA module.
export { coreFor } from "./custody";
export { ABI_VERSION, ErrorCode, FLOW_VERSION, INPUT_CAPACITY, OUTPUT_CAPACITY, TOOLS_INPUT_CAPACITY, TOOLS_OUTPUT_CAPACITY, nameOf } from "./generated/abi";
export { fromHex, HexError, toHex } from "./hex";

// Input checks: card numbers, ID numbers, names, phones, track 2, masks.
export {
  Checks, dateNumber, MaskKind,
  type CheckResult, type IdNumberResult, type IdType, type PanResult, type PanScheme, type Track2Result,
} from "./api/checks";

// ISO 8583: typed messages (IsoMessage) and the CLI's JSON shape.
export {
  DIALECT_NUMBER, DIALECTS, describeFailure, FieldClass, isCupFramed, Iso8583, Iso8583Error, messageJson,
  type DialectName, type FieldSpec, type IsoMessage, type Message,
} from "./api/iso8583";

// Cryptography: ciphers, check values, PIN blocks, MACs, DUKPT.
export {
  CryptoError, PIN_FILL_BYTES,
  type CipherAlg, type CipherMode, type DukptUsage, type KeySlot as WorkingKeyName, type MacAlg, type PinFormat,
} from "./api/crypto";

/** The tools module's cryptography, on a tools instance of its own unless one is given. */
export class Crypto extends CryptoCalls {
  constructor(core: Core = toolsCore()) {
    super(core);
  }
}

// The verification flow: events in, commands out, the POWER_ON profile.
export {
  Beep, buildProfile, CommandFormatError, CommandKind, coreDateTime, decodeCommand, digitKey, encodeCard, encodeEvent,
  EventKind, EventRefused, Flow, Key, KEY_NAMES, KeySlot, LinkStatus, ModuleKey, parseRecord, PinEnd, PrinterStatus, PROFILE_KEYS,
  recordId, SecureCipher, SecureStatus,
  type CardRead, type FlowCommand, type FlowEvent, type Profile, type SecureCommand,
} from "./api/flow";

// The secure module (the profile's keyCustody=module, the default): the port the terminal
// loop drives, and the software module of the simulators and tests.
export { SoftwareSecureModule, type SecureCrypto, type SecureKeys, type SecureModule } from "./secure/module";
export { nodeSecureCrypto } from "./secure/node-crypto";

// The terminal loop and the device ports it drives (implement these for real hardware).
export { Terminal, type TerminalOptions, type TerminalState } from "./terminal";
export * from "./devices/types";

// The stock devices: the simulator's and the desktop's implementations of the ports.
export { SimCardReader, type CardFace } from "./devices/card-reader";
export { SystemClock, VirtualClock } from "./devices/clock";
export { TextDisplay, type TextSink } from "./devices/display";
export { TcpModem, type TcpModemOptions } from "./devices/modem";
export { FilePrinter } from "./devices/printer";
export { SeededRandom, SystemRandom } from "./devices/random";
export { JournalStorage, type JournalOptions } from "./devices/storage";
