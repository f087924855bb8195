// The terminal's side of docs/PROTOCOL.md written with node crypto, to drive the
// acquirer in tests without the core's flow: sign on, then build MAC'ed requests.
import { cryptTrack, kcv, macCupEcb, tdesEcb, encipherPersonalData, iso0Block } from "../../../host/acquirer/crypto";
import { encodeTlv, type CupCodec, type CupLayout, type CupMessage } from "../../../host/acquirer/message";
import { CHECK_TAG, holderIdField } from "../../../host/acquirer/public-verify";
import type { Acquirer } from "../../../host/acquirer/acquirer";

export const TEST_TMK = Buffer.from("0123456789ABCDEFFEDCBA9876543210", "hex");

export class TestTerminal {
  stan = 0;
  pik?: Uint8Array;
  mak?: Uint8Array;
  tdk?: Uint8Array;

  constructor(
    readonly acquirer: Acquirer,
    readonly codec: CupCodec,
    readonly terminalId = "10000001",
    readonly merchantId = "898100000000001",
  ) {}

  message(mti: string, fields: Record<number, string | Uint8Array>): CupMessage {
    const stan = String(++this.stan).padStart(6, "0");
    return { mti, tpdu: "6000030000", header: "603100000000", fields: { 11: stan, 41: this.terminalId, 42: this.merchantId, ...fields } };
  }

  /** Sends a message (MAC'ed unless network management) and unpacks the reply. */
  exchange(message: CupMessage, options: { corruptMac?: boolean; layout?: CupLayout } = {}): CupMessage | undefined {
    const macked = !message.mti.startsWith("08");
    if (macked) message.fields[64] = new Uint8Array(8);
    const { frame, macOffset, macLength } = this.codec.pack(message, options.layout);
    if (macked) {
      const mac = macCupEcb(this.mak!, frame.subarray(macOffset, macOffset + macLength));
      if (options.corruptMac) mac[7] ^= 1;
      frame.set(mac, frame.length - 8);
    }
    const reply = this.acquirer.handleFrame(frame);
    if (!reply) return undefined;
    const { message: out, macOffset: o, macLength: l } = this.codec.unpack(reply);
    if (macked && this.mak) {
      const expect = Buffer.from(macCupEcb(this.mak, reply.subarray(o, o + l))).toString("hex");
      (out as CupMessage & { macValid?: boolean }).macValid = expect === Buffer.from(out.fields[64] as Uint8Array).toString("hex");
    }
    return out;
  }

  /** Signs on with a key layout; installs the keys only when every check value matches. */
  signOn(layout: 24 | 40 | 60 = 60): CupMessage {
    const code = { 24: "001", 40: "003", 60: "004" }[layout];
    const reply = this.exchange(this.message("0800", { 60: `00000001${code}` }))!;
    const block = reply.fields[62] as Uint8Array;
    const size = layout === 24 ? 8 : 16;
    const keys: Uint8Array[] = [];
    for (let at = 0; at < block.length; at += size + 4) {
      const key = tdesEcb(TEST_TMK, block.subarray(at, at + size), false);
      if (Buffer.compare(kcv(key), block.subarray(at + size, at + size + 4)) !== 0) throw new Error("check value mismatch");
      keys.push(key);
    }
    [this.pik, this.mak, this.tdk] = keys;
    return reply;
  }

  personalData(entries: [string, string][]): Uint8Array {
    return encipherPersonalData(this.tdk!, encodeTlv(entries));
  }

  verify(pan: string, expiry: string, name: string, id: string, phone: string, pin?: string): CupMessage | undefined {
    const fields: Record<number, string | Uint8Array> = {
      2: pan, 3: "330000", 14: expiry, 22: pin ? "011" : "012", 25: "00", 60: "71000001000",
      62: this.personalData([["NM", name], ["IT", "01"], ["ID", id], ["PH", phone]]),
    };
    if (pin) Object.assign(fields, { 26: "12", 52: tdesEcb(this.pik!, iso0Block(pin, pan), true), 53: "2600000000000000" });
    return this.exchange(this.message("0100", fields));
  }

  /** Our verification, swiped: track 2 instead of field 14, encrypted under the TDK when asked (53.3 = 1). */
  verifySwiped(pan: string, track2: string, name: string, id: string, phone: string, encryptTrack: boolean): CupMessage | undefined {
    return this.exchange(this.message("0100", {
      2: pan, 3: "330000", 22: "022", 25: "00", 35: encryptTrack ? cryptTrack(this.tdk!, track2, true) : track2,
      53: `06${encryptTrack ? 1 : 0}`.padEnd(16, "0"), 60: "71000001000",
      62: this.personalData([["NM", name], ["IT", "01"], ["ID", id], ["PH", phone]]),
    }));
  }

  /**
   * The public account-verification layout (docs/PROTOCOL.md): 0200, processing code
   * 330000, 48 "CK10#", 61 the ID type and the ID's last six digits; track 2 clear or
   * encrypted under the TDK (53.3), a PIN when given.
   */
  publicVerify(pan: string, idNumber: string, options: { track2?: string; encryptTrack?: boolean; pin?: string; idType?: string } = {}): CupMessage | undefined {
    const fields: Record<number, string | Uint8Array> = {
      2: pan, 3: "330000", 22: options.pin ? "021" : "022", 25: "00", 48: CHECK_TAG, 49: "156",
      60: "0100000100050", 61: holderIdField(options.idType ?? "01", idNumber),
    };
    if (options.track2) fields[35] = options.encryptTrack ? cryptTrack(this.tdk!, options.track2, true) : options.track2;
    if (options.pin) Object.assign(fields, { 26: "12", 52: tdesEcb(this.pik!, iso0Block(options.pin, pan), true) });
    if (options.pin || options.encryptTrack) fields[53] = `${options.pin ? 2 : 0}6${options.encryptTrack ? 1 : 0}`.padEnd(16, "0");
    return this.exchange(this.message("0200", fields), { layout: "cup-verify" });
  }

  submitCode(pan: string, ref: string, code: string, resend = false): CupMessage | undefined {
    const entries: [string, string][] = resend ? [["OR", ref]] : [["OR", ref], ["OC", code]];
    return this.exchange(this.message("0100", { 2: pan, 3: "330000", 22: "012", 25: "00", 60: resend ? "73000001000" : "72000001000", 62: this.personalData(entries) }));
  }

  balance(pan: string, pin: string): CupMessage | undefined {
    return this.exchange(this.message("0200", {
      2: pan, 3: "310000", 22: "021", 25: "00", 26: "12", 49: "156",
      52: tdesEcb(this.pik!, iso0Block(pin, pan), true), 53: "2600000000000000", 60: "01000001000",
    }));
  }

  reportLoss(pan: string, reason = "lost"): CupMessage | undefined {
    return this.exchange(this.message("0302", { 2: pan, 60: "74000001000", 63: reason }));
  }
}
