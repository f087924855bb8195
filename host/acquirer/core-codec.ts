// The acquirer's codec: the core's ISO 8583 engine (cup dialect) through
// host/api/iso8583.ts, in a tools module instance of the acquirer's own (it never
// shares the terminal's). Fields are converted between the acquirer's CupMessage (text,
// or bytes for b fields) and the wrapper's JSON (b fields as hex).
import { Core, toolsCore } from "../core";
import { FieldClass, fromHex, Iso8583, toHex } from "../api/iso8583";
import type { CupCodec, CupLayout, CupMessage } from "./message";

/** `tools`: the bytes of build/realname-tools.wasm (default: read from disk). */
export function coreCupCodec(tools?: Uint8Array<ArrayBuffer>): CupCodec {
  const iso = new Iso8583(tools ? new Core(tools) : toolsCore());
  const binary = (field: number) => iso.spec("cup", field).cls === FieldClass.B;
  return {
    pack(message: CupMessage, layout: CupLayout = "cup") {
      const json: Record<string, string> = { tpdu: message.tpdu, header: message.header, t: message.mti };
      for (const key of Object.keys(message.fields).map(Number).sort((a, b) => a - b)) {
        const v = message.fields[key];
        json[String(key)] = typeof v === "string" ? v : toHex(v);
      }
      const frame = iso.pack(layout, json);
      const [macOffset, macLength] = iso.macRegion();
      return { frame, macOffset, macLength };
    },
    unpack(frame: Uint8Array, layout: CupLayout = "cup") {
      const pairs = iso.unpack(layout, frame);
      const [macOffset, macLength] = iso.macRegion();
      const message: CupMessage = { mti: "", tpdu: "", header: "", fields: {} };
      for (const [key, value] of pairs) {
        if (key === "t") message.mti = value;
        else if (key === "tpdu") message.tpdu = value;
        else if (key === "header") message.header = value;
        else if (/^\d+$/.test(key) && key !== "1") {
          const field = Number(key);
          message.fields[field] = binary(field) ? fromHex(value) : value;
        }
      }
      return { message, macOffset, macLength };
    },
  };
}
