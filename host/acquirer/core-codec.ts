// The acquirer's codec over the core's ISO 8583 engine (cup dialect), through
// host/api/iso8583.ts. Until that wrapper lands in this branch the acquirer can
// only run with a codec passed in (the tests' reference codec).
import type { CupCodec } from "./message";

export function coreCupCodec(_wasm?: Uint8Array<ArrayBuffer>): CupCodec {
  throw new Error("the core's ISO 8583 engine (host/api/iso8583.ts) is not in this build yet: the in-process acquirer cannot pack cup messages");
}
