// The core's typed, fault-safe handle, with no node API: the same class runs under
// node (host/core.ts adds loading build/realname.wasm from disk) and in a browser
// (host/web/, which compiles the module it fetched and passes it in).
//
// A trap inside the core is a bug in the core, never a decline: the instance
// that trapped is discarded and a fresh one started, and the caller gets a
// CoreFault. The host never continues with a broken instance.
import { instantiateSync } from "@assemblyscript/loader";
import { ABI_VERSION, ErrorCode, FLOW_VERSION, FlowFeature, INPUT_CAPACITY, nameOf, TOOLS_INPUT_CAPACITY } from "./generated/abi";

/**
 * The versions a host is built for; a module must say exactly these, or it is refused
 * (docs/ABI.md "Versions"). This host's are host/generated/abi.ts's, from assembly/.
 */
export interface BuiltFor {
  abi: number;
  flow: number;
}
const HOST_BUILT_FOR: Readonly<BuiltFor> = { abi: ABI_VERSION, flow: FLOW_VERSION };

/** An error code as logs and messages show it: "FLOW_UNEXPECTED_EVENT (-400)". */
export function errorLabel(code: number): string {
  return `${nameOf(ErrorCode, code) ?? "UNKNOWN_ERROR"} (${code})`;
}

/** The module is not one this host was built for. */
export class ModuleVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModuleVersionError";
  }
}

export type CoreExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

/** The last failure the core recorded (assembly/abi.ts). */
export interface CoreFailure {
  code: number;
  field: number;
  offset: number;
  expected: number;
  found: number;
}

/** The core trapped; the instance was replaced with a fresh one. */
export class CoreFault extends Error {
  constructor(call: string, cause: unknown) {
    super(`core fault in ${call}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "CoreFault";
  }
}

const encoder = new TextEncoder();

export class Core {
  private readonly module: WebAssembly.Module;
  private instance!: CoreExports;
  /** How many times a trapped instance was replaced. */
  faults = 0;
  /** Bytes of the module's input buffer: the terminal's INPUT_CAPACITY, the tools' TOOLS_INPUT_CAPACITY. */
  readonly inputCapacity: number;

  /**
   * Starts the module (the terminal's build/realname.wasm or build/realname-tools.wasm) and
   * refuses it unless its ABI version, and a terminal's flow version, are the ones `builtFor`.
   */
  constructor(wasm: Uint8Array<ArrayBuffer> | WebAssembly.Module, builtFor: Readonly<BuiltFor> = HOST_BUILT_FOR) {
    this.module = wasm instanceof WebAssembly.Module ? wasm : new WebAssembly.Module(wasm);
    this.start();
    const x = this.instance;
    if (typeof x.abiVersion !== "function") throw new ModuleVersionError("the module has no abiVersion export: it is not a build of this core");
    const rebuild = "rebuild the host and the modules together (npm run build)";
    const abi = x.abiVersion();
    if (abi !== builtFor.abi) {
      throw new ModuleVersionError(`the module has ABI version ${abi}, this host was built for ABI version ${builtFor.abi}: ${rebuild}`);
    }
    const terminal = typeof x.flowVersion === "function"; // the tools module has no flow
    this.inputCapacity = terminal ? INPUT_CAPACITY : TOOLS_INPUT_CAPACITY;
    const flow = terminal ? x.flowVersion() : builtFor.flow;
    if (flow !== builtFor.flow) {
      throw new ModuleVersionError(`the module has flow version ${flow}, this host was built for flow version ${builtFor.flow}: ${rebuild}`);
    }
  }

  /** Discards the current instance (and all its state) and starts a fresh one. */
  start(): void {
    this.instance = instantiateSync<CoreExports>(this.module, {}).exports as unknown as CoreExports;
  }

  get exports(): CoreExports {
    return this.instance;
  }

  /** Calls an export; a trap restarts the core and surfaces as CoreFault. */
  call(name: string, ...args: number[]): number {
    const fn = this.instance[name];
    if (typeof fn !== "function") throw new Error(`core has no export ${name}`);
    try {
      return fn(...args);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      this.faults++;
      this.start();
      throw new CoreFault(name, e);
    }
  }

  /** Copies bytes into the core's input buffer and returns their length. */
  setInput(bytes: Uint8Array, at = 0): number {
    if (at + bytes.length > this.inputCapacity) {
      throw new RangeError(`input of ${bytes.length} bytes at ${at} exceeds the core's ${this.inputCapacity}-byte input buffer`);
    }
    new Uint8Array(this.instance.memory.buffer, this.instance.inputBuffer() + at, bytes.length).set(bytes);
    return bytes.length;
  }

  setInputText(text: string): number {
    return this.setInput(encoder.encode(text));
  }

  /** A copy of the output of the last call (outputLength() bytes). */
  output(): Uint8Array {
    const length = this.instance.outputLength();
    return new Uint8Array(this.instance.memory.buffer, this.instance.outputBuffer(), length).slice();
  }

  outputText(): string {
    return new TextDecoder().decode(this.output());
  }

  lastFailure(): CoreFailure {
    const x = this.instance;
    return { code: x.errorCode(), field: x.errorField(), offset: x.errorOffset(), expected: x.errorExpected(), found: x.errorFound() };
  }

  /** Linear memory size in bytes: the budget tests read it before and after long runs. */
  memoryBytes(): number {
    return this.instance.memory.buffer.byteLength;
  }
}

/**
 * Whether a terminal or QA module implements keyCustody=core, the core's own key store
 * (its flowFeatures()): the QA build does; build/realname.wasm holds no keys.
 */
export function hasCoreCustody(core: Core): boolean {
  return (core.exports.flowFeatures() & FlowFeature.CORE_CUSTODY) !== 0;
}
