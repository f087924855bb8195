// The exported ABI of realname.wasm, and nothing else. Layout, buffer sizes and
// error codes are in ./abi.ts; the contract is written out in docs/ABI.md.
import {
  ABI_VERSION, INPUT, INPUT_CAPACITY, OUTPUT, OUTPUT_CAPACITY,
  beginCall, getOutputLength, getErrorCode, getErrorField, getErrorOffset,
  getErrorExpected, getErrorFound,
} from "./abi";
import { runSelfTest } from "./selftest";

// ---- version and buffers -------------------------------------------------

export function abiVersion(): i32 { return ABI_VERSION; }
export function inputBuffer(): usize { return INPUT; }
export function inputCapacity(): i32 { return INPUT_CAPACITY; }
export function outputBuffer(): usize { return OUTPUT; }
export function outputCapacity(): i32 { return OUTPUT_CAPACITY; }
export function outputLength(): i32 { return getOutputLength(); }

// ---- the last failure ----------------------------------------------------

export function errorCode(): i32 { return getErrorCode(); }
export function errorField(): i32 { return getErrorField(); }
export function errorOffset(): i32 { return getErrorOffset(); }
export function errorExpected(): i32 { return getErrorExpected(); }
export function errorFound(): i32 { return getErrorFound(); }

// ---- power-on self test --------------------------------------------------

/** Runs every built-in known answer: 0 = all pass, else the first failure's number. */
export function selfTest(): i32 {
  beginCall();
  return runSelfTest();
}

// ---- input checks (assembly/checks/) ---------------------------------------


// ---- ISO 8583 (assembly/iso8583/) ----------------------------------------------


// ---- cryptography (assembly/crypto/) ---------------------------------------


// ---- verification flow (assembly/flow/) ------------------------------------
// Events in, commands out (docs/ABI.md "The verification flow", docs/FLOW.md).
import { handleEvent, flowState as flowStateOf, flowTask as flowTaskOf } from "./flow/machine";
import { queueNext } from "./flow/queue";
import { screenId as screenIdOf, screenPage as screenPageOf } from "./flow/screens";
import { sessionIsWiped } from "./flow/session";
import { FLOW_VERSION, FLOW_FEATURES } from "./flow/version";

/** One event: payload in the input buffer. Returns the number of commands queued, or an error. */
export function handle(kind: i32, length: i32, date: i32, time: i32): i32 {
  beginCall();
  return handleEvent(kind, length, date, time);
}

/** The next command's kind (0 = none left); its payload is in the output buffer. */
export function nextCommand(): i32 {
  beginCall();
  return queueNext();
}

/** QA: the flow's state (docs/FLOW.md numbers). */
export function flowState(): i32 { return flowStateOf(); }
/** QA: what the operator is doing (menu item; docs/FLOW.md). */
export function flowTask(): i32 { return flowTaskOf(); }
/** QA: the id of the screen last shown, and its page. */
export function screenId(): i32 { return screenIdOf(); }
export function screenPage(): i32 { return screenPageOf(); }
/** QA: 1 when every buffer of entered data is zero (R10). */
export function flowWiped(): i32 { return sessionIsWiped() ? 1 : 0; }
/** The flow's version (bumped when a state, screen id or record key changes) and its feature bits. */
export function flowVersion(): i32 { return FLOW_VERSION; }
export function flowFeatures(): i32 { return FLOW_FEATURES; }

