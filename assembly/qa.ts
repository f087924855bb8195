// The exports of build/realname-qa.wasm: the terminal's (./terminal.ts) plus
// read-only getters of the flow's inner state, for tests and QA tools only.
// Never shipped to a terminal: a host must not depend on the flow's states.
import { flowState as flowStateOf, flowTask as flowTaskOf } from "./flow/machine";
import { accepts } from "./flow/states";
import { screenId as screenIdOf, screenPage as screenPageOf } from "./flow/screens";
import { sessionIsWiped } from "./flow/session";
import { checksWiped } from "./checks/wipe";

export * from "./terminal";

/** The flow's state (docs/FLOW.md numbers). */
export function flowState(): i32 { return flowStateOf(); }
/** What the operator is doing (menu item; docs/FLOW.md). */
export function flowTask(): i32 { return flowTaskOf(); }
/** 1 when state `state` lists event `kind` in the transition table (docs/FLOW.md), else 0. */
export function flowAccepts(state: i32, kind: i32): i32 { return accepts(state, kind) ? 1 : 0; }
/** The id of the screen last shown, and its page. */
export function screenId(): i32 { return screenIdOf(); }
export function screenPage(): i32 { return screenPageOf(); }
/** 1 when every buffer of entered data is zero (R10). */
export function flowWiped(): i32 { return sessionIsWiped() && checksWiped() ? 1 : 0; }
