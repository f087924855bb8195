// Typed wrapper over the tools module's input checks (assembly/checks/, exported
// in the "input checks" section of assembly/tools.ts). Every check returns one
// plain object: valid, the reason key the core gives, the failing offset, the
// normalised value and its mask, plus what the check found out.
import { toolsCore, type Core } from "../core";
import { IdType as IdDocument, TOOLS_INPUT_CAPACITY, MaskKind, nameOf, PanScheme as Scheme } from "../generated/abi";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A card scheme by name: the core's PanScheme names in lower case ("unionpay"). */
export type PanScheme = Lowercase<keyof typeof Scheme>;

/** Mask kinds of the maskInput export (assembly/checks/mask.ts MaskKind). */
export { MaskKind };

export interface CheckResult {
  valid: boolean;
  /** "ok", or the core's reason key such as "pan_luhn_unionpay". */
  reason: string;
  /** The core's code: 0, or a negative ErrorCode. */
  code: number;
  /** Byte offset (UTF-8) in the value where the check failed; absent when valid. */
  offset?: number;
  /** The value as the core normalised it (as far as it got when invalid). */
  normalised: string;
  /** What screens, receipts and logs may show. */
  masked: string;
}

export interface PanResult extends CheckResult { scheme: PanScheme }
/** An ID document by name: the core's IdType names in lower case ("hk_mo_tw_permit"); NONE is never reported. */
export type IdType = Exclude<Lowercase<keyof typeof IdDocument>, "none">;

export interface IdNumberResult extends CheckResult {
  /** The document the number's shape names (also when a later rule failed); absent when it names none. */
  type?: IdType;
  sex?: "male" | "female";
  birthDate?: string;
}
export interface Track2Result extends CheckResult {
  pan?: string;
  scheme?: PanScheme;
  /** The PAN's own check ("pan_luhn" etc.); the track itself can be well formed around a bad PAN. */
  panReason?: string;
  expiry?: string;
  /** "ok", "expired", ... against the clock passed in. */
  expiryReason?: string;
  serviceCode?: string;
}

/** A calendar date as the core takes it (YYYYMMDD), from "YYYY-MM-DD" or a Date (local time). */
export function dateNumber(date: Date | string): number {
  if (typeof date === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m) throw new RangeError(`date must be YYYY-MM-DD (got ${JSON.stringify(date)})`);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
      throw new RangeError(`${date} is not a calendar date`);
    }
    return y * 10000 + mo * 100 + d;
  }
  return date.getFullYear() * 10000 + (date.getMonth() + 1) * 100 + date.getDate();
}

function isoDate(yyyymmdd: number): string {
  const s = String(yyyymmdd).padStart(8, "0");
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

export class Checks {
  constructor(readonly core: Core = toolsCore()) {}

  /** The reason key for a code ("ok" for 0). */
  reason(code: number): string {
    this.core.call("checkReason", code);
    return this.core.outputText() || `code_${code}`;
  }

  /** Masks a normalised value for display. */
  mask(kind: MaskKind, value: string): string {
    const length = this.core.setInput(encoder.encode(value));
    const n = this.core.call("maskInput", kind, length);
    if (n < 0) throw new RangeError(`maskInput failed: ${this.reason(n)}`);
    return this.core.outputText();
  }

  /**
   * Puts the value in the input buffer and returns its length. A value too long
   * for the buffer is not copied: its length alone makes the core answer
   * INPUT_TOO_LONG, an invalid value like any other.
   */
  private put(bytes: Uint8Array): number {
    return bytes.length > TOOLS_INPUT_CAPACITY ? bytes.length : this.core.setInput(bytes);
  }

  private run(exportName: string, value: string, mask: MaskKind | null, ...extra: number[]): CheckResult {
    const length = this.put(encoder.encode(value));
    const code = this.core.call(exportName, length, ...extra);
    const offset = this.core.lastFailure().offset;
    const normalised = this.core.outputText();
    const result: CheckResult = {
      valid: code === 0,
      reason: this.reason(code),
      code,
      normalised,
      masked: mask === null ? normalised : this.mask(mask, normalised),
    };
    if (code !== 0) result.offset = offset;
    return result;
  }

  pan(value: string): PanResult {
    const result = this.run("checkPanInput", value, MaskKind.PAN);
    const length = this.put(encoder.encode(value));
    const scheme = (nameOf(Scheme, this.core.call("panSchemeInput", length)) ?? "UNKNOWN").toLowerCase() as PanScheme;
    return { ...result, scheme };
  }

  idNumber(value: string, today: Date | string = new Date()): IdNumberResult {
    const result: IdNumberResult = this.run("checkIdNumberInput", value, MaskKind.ID_NUMBER, dateNumber(today));
    const type = nameOf(IdDocument, this.core.call("checkedIdType"));
    if (type !== undefined && type !== "NONE") result.type = type.toLowerCase() as IdType;
    if (result.valid) {
      result.sex = this.core.call("checkedIdSex") === 1 ? "male" : "female";
      result.birthDate = isoDate(this.core.call("checkedIdBirthDate"));
    }
    return result;
  }

  phone(value: string): CheckResult {
    return this.run("checkPhoneInput", value, MaskKind.PHONE);
  }

  name(value: string): CheckResult {
    return this.run("checkNameInput", value, MaskKind.NAME);
  }

  /** Expiry YYMM; an expiry is not secret, so it is shown unmasked. */
  expiry(value: string, today: Date | string = new Date()): CheckResult {
    const result = this.run("checkExpiryInput", value, null, dateNumber(today));
    return { ...result, normalised: value, masked: value };
  }

  /**
   * Track 2 structure, then the PAN inside checked like a typed one (panReason)
   * and the expiry against today (expiryReason). The discretionary data is never
   * returned: normalised is the PAN.
   */
  track2(value: string, today: Date | string = new Date()): Track2Result {
    const bytes = encoder.encode(value);
    const code = this.core.call("checkTrack2Input", this.put(bytes));
    const offset = this.core.lastFailure().offset;
    const field = (at: number, size: number) => (at < 0 ? undefined : decoder.decode(bytes.subarray(at, at + size)));
    const pan = field(this.core.call("checkedTrack2PanOffset"), this.core.call("checkedTrack2PanLength"));
    const expiry = field(this.core.call("checkedTrack2ExpiryOffset"), 4);
    const serviceCode = field(this.core.call("checkedTrack2ServiceCodeOffset"), 3);
    const result: Track2Result = { valid: code === 0, reason: this.reason(code), code, normalised: "", masked: "" };
    if (code !== 0) result.offset = offset;
    if (pan !== undefined) {
      const checked = this.pan(pan);
      Object.assign(result, { normalised: pan, masked: checked.masked, pan, scheme: checked.scheme, panReason: checked.reason });
    }
    if (expiry !== undefined) {
      result.expiry = expiry;
      result.expiryReason = this.expiry(expiry, today).reason;
    }
    if (serviceCode !== undefined) result.serviceCode = serviceCode;
    return result;
  }
}
