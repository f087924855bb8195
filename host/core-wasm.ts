// The core's typed, fault-safe handle, with no node API: the same class runs under
// node (host/core.ts adds loading build/realname.wasm from disk) and in a browser
// (host/web/, which compiles the module it fetched and passes it in).
//
// A trap inside the core is a bug in the core, never a decline: the instance
// that trapped is discarded and a fresh one started, and the caller gets a
// CoreFault. The host never continues with a broken instance.
import { instantiateSync } from "@assemblyscript/loader";

/** The ABI version this host was written against (assembly/abi.ts ABI_VERSION). */
export const HOST_ABI_VERSION = 1;

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

  constructor(wasm: Uint8Array<ArrayBuffer> | WebAssembly.Module) {
    this.module = wasm instanceof WebAssembly.Module ? wasm : new WebAssembly.Module(wasm);
    this.start();
    const version = this.instance.abiVersion();
    if (version !== HOST_ABI_VERSION) {
      throw new Error(`core ABI version ${version} does not match this host (${HOST_ABI_VERSION}); rebuild with npm run build`);
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
    const capacity = this.instance.inputCapacity();
    if (at + bytes.length > capacity) {
      throw new RangeError(`input of ${bytes.length} bytes at ${at} exceeds the core's ${capacity}-byte input buffer`);
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
