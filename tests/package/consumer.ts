// A program using the installed package as a developer would (README "Use it as a
// library"): typed ESM imports, one check, one ISO 8583 message both ways, the
// module's asset path. tests/host/package.test.ts type-checks it against the
// package's declarations under NodeNext resolution, runs it and reads its one
// JSON line.
import { ABI_VERSION, Checks, Crypto, Iso8583, Iso8583Error, fromHex, toHex, type IsoMessage, type PanResult } from "realname-pos";

const checks = new Checks();
const pan: PanResult = checks.pan("6222020000001144435");

const iso = new Iso8583();
const signOn: IsoMessage = { mti: "0800", fields: { 11: "000001", 41: "12345678", 42: "123456789012345", 52: fromHex("0123456789ABCDEF") } };
const packed = iso.packMessage("bin87", signOn);
const back = iso.unpackMessage("bin87", packed);
// @ts-expect-error the dialect is one of DIALECTS: the declarations are typed, not any
iso.packMessage("bin88", signOn);

let refused = "";
try {
  iso.packMessage("bin87", { mti: "08X0", fields: {} });
} catch (e) {
  if (e instanceof Iso8583Error) refused = e.failure.code < 0 ? "refused" : "?";
}

const mac = toHex(new Crypto().checkValue("tdes", fromHex("0123456789ABCDEFFEDCBA9876543210")));

console.log(JSON.stringify({
  abi: ABI_VERSION,
  scheme: pan.scheme,
  masked: pan.masked,
  packed: toHex(packed),
  mti: back.mti,
  field41: back.fields[41],
  refused,
  kcv: mac,
  wasm: import.meta.resolve("realname-pos/realname.wasm"),
}));
