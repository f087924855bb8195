// Which module a profile's key custody runs on (issue 13: the terminal module holds
// no keys). build/realname.wasm implements keyCustody=module only; the core's own
// key store (keyCustody=core, not certifiable) is compiled into the QA build,
// build/realname-qa.wasm, for simulators and tests that ask for it. Which custodies
// a module implements is asked of the module (flowFeatures(), FlowFeature.CORE_CUSTODY),
// never assumed here.
import { readFileSync } from "node:fs";
import { Core, defaultWasmPath, hasCoreCustody, qaWasmPath } from "./core";
import { EventKind } from "./generated/abi";
import { mergeProfile, type Profile } from "./api/flow";
import type { Transcript } from "./transcript/format";

export { hasCoreCustody };

/**
 * A core for a profile's key custody: the module given (default the terminal module),
 * unless the profile keeps the keys in the core and that module does not implement it:
 * then the QA module.
 */
export function coreFor(keyCustody: Profile["keyCustody"], wasm: Uint8Array<ArrayBuffer> = readFileSync(defaultWasmPath())): Core {
  const core = new Core(wasm);
  return keyCustody === "core" && !hasCoreCustody(core) ? new Core(readFileSync(qaWasmPath())) : core;
}

/** The key custody a transcript's profile (its first POWER_ON) names; undefined: the default, module. */
export function transcriptCustody(transcript: Transcript): Profile["keyCustody"] {
  const on = transcript.entries.find((e) => e.type === "event" && e.kind === EventKind.POWER_ON);
  if (!on || on.type !== "event") return undefined;
  return mergeProfile({} as Profile, new TextDecoder().decode(on.payload)).keyCustody;
}

/** A core a transcript replays on (coreFor its profile's custody). */
export function transcriptCore(transcript: Transcript): Core {
  return coreFor(transcriptCustody(transcript));
}
