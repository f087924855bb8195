// Every exported check, crypto and ISO 8583 utility call, driven from a table:
// the export's name and the kind of each argument. A module split (terminal and
// tools modules) changes where an export lives, not this table: each name is
// looked up in whichever of the given modules exports it.
import type { Core } from "../host/core";
import { TOOLS_INPUT_CAPACITY } from "../host/generated/abi";
import { Fuzzer, feed } from "./fuzzer";
import type { Rng } from "./random";

/**
 * Argument kinds: `len` a length into the input buffer (mostly small, sometimes past
 * the capacity or negative), `date` YYYYMMDD, `small` 0..15 (algorithm, mode, slot,
 * format, kind, dialect), `field` 0..130, `any` a random i32.
 */
type Arg = "len" | "date" | "small" | "field" | "any";

export const FUZZED_EXPORTS: Record<string, Arg[]> = {
  checkPanInput: ["len"], panSchemeInput: ["len"], checkIdNumberInput: ["len", "date"], checkedIdType: [], checkPhoneInput: ["len"],
  checkNameInput: ["len"], checkExpiryInput: ["len", "date"], checkTrack2Input: ["len"], maskInput: ["small", "len"],
  checkReason: ["any"], cellWidth: ["any"],
  checkedIdSex: [], checkedIdBirthDate: [], checkedTrack2PanOffset: [], checkedTrack2PanLength: [],
  checkedTrack2ExpiryOffset: [], checkedTrack2ServiceCodeOffset: [],
  iso8583FieldSpec: ["small", "field"], iso8583MacRegionOffset: [], iso8583MacRegionLength: [],
  cryptoCipher: ["small", "small", "small", "len", "len", "len"], cryptoCheckValue: ["small", "len", "small"],
  cryptoPinBlockEncode: ["small", "len", "len", "len"], cryptoPinBlockDecode: ["small", "len", "len", "len"],
  cryptoMac: ["small", "len", "len"], cryptoDukptDerive: ["small", "small", "len", "len", "small"],
  keysInjectMaster: ["len"], keysInstallWorking: ["any", "len"], keysCheckValue: ["small", "small"], keysWipe: [],
  dukptLoad: [], dukptKsn: [], dukptPinBlock: ["len", "len"], dukptAdvance: [],
  selfTest: [], errorCode: [], errorField: [], errorOffset: [], errorExpected: [], errorFound: [], outputLength: [],
};

/** Exports the other fuzzers drive (iso8583.ts, flow.ts) or that only describe the buffers. */
export const DRIVEN_ELSEWHERE = [
  "iso8583Pack", "iso8583Unpack", "handle", "nextCommand", "flowState", "flowTask", "flowAccepts", "screenId", "screenPage",
  "flowWiped", "flowVersion", "flowFeatures", "nextDeadline", "abiVersion", "inputBuffer", "outputBuffer",
];

/** Input buffer contents: random bytes, or text a check expects (digits, hex, a track, UTF-8). */
const SHAPES = ["6216261000000000018", "11010519491231002X", "13552535506", "张三·李", ";6216261000000000018=30121010000?", "3012", "0123456789ABCDEFFEDCBA9876543210"];

export class ExportsFuzzer extends Fuzzer {
  private readonly calls: { core: Core; name: string; args: Arg[] }[];

  constructor(private readonly modules: Core[], private readonly rng: Rng) {
    super("check/crypto exports");
    this.calls = Object.entries(FUZZED_EXPORTS).flatMap(([name, args]) => {
      const core = modules.find((c) => typeof c.exports[name] === "function");
      return core ? [{ core, name, args }] : [];
    });
  }

  /** Exported functions no fuzzer calls (a new export must be added to a table). */
  static unfuzzed(modules: Core[]): string[] {
    const known = new Set([...Object.keys(FUZZED_EXPORTS), ...DRIVEN_ELSEWHERE]);
    // The loader adds its own helpers (__getUint8Array...): not the core's.
    return modules.flatMap((c) => Object.keys(c.exports).filter((n) => typeof c.exports[n] === "function" && !n.startsWith("__") && !known.has(n)));
  }

  /** Table entries no module exports (renamed or moved). */
  static missing(modules: Core[]): string[] {
    return Object.keys(FUZZED_EXPORTS).filter((n) => !modules.some((c) => typeof c.exports[n] === "function"));
  }

  protected cores(): Core[] {
    return this.modules;
  }

  step(): void {
    const r = this.rng;
    const call = r.pick(this.calls);
    const capacity = TOOLS_INPUT_CAPACITY;
    const text = new TextEncoder().encode(r.pick(SHAPES));
    const payload = r.chance(0.5) ? r.bytes(r.below(capacity + 1)) : r.mutate(text);
    feed(call.core, payload);
    const args = call.args.map((kind) => {
      switch (kind) {
        case "len": return r.length(capacity);
        case "date": return r.date();
        case "small": return r.chance(0.9) ? r.below(16) : r.next() | 0;
        case "field": return r.below(131);
        default: return r.next() | 0;
      }
    });
    this.last = `${call.name}(${args.join(", ")}) input ${Buffer.from(payload.subarray(0, 64)).toString("hex")}${payload.length > 64 ? "..." : ""}`;
    call.core.call(call.name, ...args);
  }
}
