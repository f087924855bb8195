// The exports of build/realname.wasm, the module a terminal runs, and nothing
// else: the flow's three calls, its versions, the calling convention and the
// power-on self test. Nothing here changes the flow's state except handle():
// keys reach the flow through its INJECT_KEY event only. The building blocks
// for tools are build/realname-tools.wasm (./tools.ts); the QA build adds
// getters of the flow's inner state (./qa.ts). docs/ABI.md is the contract.
import { INPUT, OUTPUT, beginCall } from "./abi";
import { runSelfTest } from "./selftest";
import { handleEvent, nextDeadline as flowNextDeadline } from "./flow/machine";
import { queueNext } from "./flow/queue";
import { FLOW_VERSION, FLOW_FEATURES } from "./flow/version";

export {
  abiVersion, outputLength, errorCode, errorField, errorOffset, errorExpected, errorFound,
} from "./convention";

/** Where the host writes a call's input (INPUT_OFFSET). */
export function inputBuffer(): usize { return INPUT; }
/** Where a call's output lands (OUTPUT_OFFSET). */
export function outputBuffer(): usize { return OUTPUT; }

/** The flow's version (bumped when a state, screen id, record key or event detail changes). */
export function flowVersion(): i32 { return FLOW_VERSION; }
/** What this build of the flow implements (docs/ABI.md "The terminal's exports", `FlowFeature`). */
export function flowFeatures(): i32 { return FLOW_FEATURES; }

/** Runs the known answers of everything the terminal uses: 0 = all pass, else the first failure's number. */
export function selfTest(): i32 {
  beginCall();
  return runSelfTest();
}

/** One event: payload in the input buffer. Returns the number of commands queued, or an error. */
export function handle(kind: i32, length: i32, date: i32, time: i32): i32 {
  beginCall();
  return handleEvent(kind, length, date, time);
}

/**
 * When the core's earliest deadline falls due: milliseconds from the date and
 * time of the last handle() call, 0 when one is due, -1 when none is set. The
 * host keeps one timer for it and sends TIMER when it fires. Changes nothing.
 */
export function nextDeadline(): i32 { return flowNextDeadline(); }

/** The next command's kind (0 = none left); its payload is in the output buffer. */
export function nextCommand(): i32 {
  beginCall();
  return queueNext();
}
