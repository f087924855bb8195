// `realname-pos iso8583 pack|unpack|dump --dialect ascii87|bin87|cup|cup-verify`
//   pack    one JSON object on stdin -> the message as uppercase hex
//   unpack  hex on stdin (whitespace ignored) -> the JSON object
//   dump    hex on stdin -> a table: field, name, length, value (sensitive
//           fields masked unless --reveal)
// Malformed input: exit 1 with the error (code, field, offset) on stderr.
import { readFileSync } from "node:fs";
import {
  DIALECTS, DialectName, FieldClass, Iso8583, Iso8583Error, Message, fromHex, isCupFramed, messageJson, toHex,
} from "../api/iso8583";
import { maskPan } from "../mask";
import { oneOf, parseArgs, required, UsageError, type Option } from "./args";
import type { Command } from "./command";

const VERBS = ["pack", "unpack", "dump"] as const;

/** Field names for the dump (ISO 8583:1987 names; cup names where cup differs). */
const NAMES: Record<string, string> = {
  tpdu: "TPDU", header: "application header", t: "MTI", p: "primary bitmap", "1": "secondary bitmap",
  "2": "PAN", "3": "processing code", "4": "amount, transaction", "5": "amount, settlement",
  "6": "amount, cardholder billing", "7": "transmission date and time", "8": "amount, billing fee",
  "9": "conversion rate, settlement", "10": "conversion rate, billing", "11": "STAN",
  "12": "time, local", "13": "date, local", "14": "date, expiration", "15": "date, settlement",
  "16": "date, conversion", "17": "date, capture", "18": "merchant type", "19": "acquirer country",
  "20": "PAN country", "21": "forwarder country", "22": "POS entry mode", "23": "card sequence number",
  "24": "NII", "25": "POS condition code", "26": "PIN capture code", "27": "auth ID response length",
  "28": "amount, transaction fee", "29": "amount, settlement fee", "30": "amount, tx processing fee",
  "31": "amount, settlement processing fee", "32": "acquiring institution", "33": "forwarding institution",
  "34": "PAN, extended", "35": "track 2", "36": "track 3", "37": "retrieval reference number",
  "38": "authorization code", "39": "response code", "40": "service restriction code",
  "41": "terminal ID", "42": "merchant ID", "43": "card acceptor name/location",
  "44": "additional response data", "45": "track 1", "46": "additional data, ISO",
  "47": "additional data, national", "48": "additional data, private", "49": "currency, transaction",
  "50": "currency, settlement", "51": "currency, billing", "52": "PIN block",
  "53": "security control information", "54": "additional amounts", "55": "ICC data",
  "56": "reserved ISO", "57": "reserved national", "58": "reserved national", "59": "reserved national",
  "60": "reserved national", "61": "reserved private", "62": "reserved private", "63": "reserved private",
  "64": "MAC", "65": "bitmap, extended", "70": "network management code", "90": "original data elements",
  "96": "message security code", "128": "MAC",
};
const CUP_NAMES: Record<string, string> = {
  "54": "balance", "58": "PBOC e-wallet data", "59": "terminal information", "60": "type, batch, network code",
  "61": "original message", "62": "private (keys)", "63": "private (operator, card org)",
};

/**
 * Fields masked in the dump unless --reveal: PAN, expiry, track data, PIN
 * block, ICC data (its tags 5A and 57 are the PAN and track 2 in clear), and
 * the private fields that carry the holder's personal data (name, ID number,
 * phone) in real-name verification messages.
 */
const SENSITIVE = new Set(["2", "14", "34", "35", "36", "45", "52", "55", "48", "61", "62", "63"]);

function mask(key: string, value: string): string {
  if (key === "2" || key === "34") return maskPan(value);
  return "*".repeat(Math.min(value.length, 16)) + (value.length > 16 ? "…" : "");
}

/** The dump table; `isHex` says which values are hex (their length is shown in bytes). */
export function dumpTable(dialect: DialectName, message: Message, reveal: boolean, isHex: (key: string) => boolean): string {
  const rows = message.map(([key, value]) => {
    const name = (isCupFramed(dialect) ? CUP_NAMES[key] : undefined) ?? NAMES[key] ?? "";
    const shown = !reveal && SENSITIVE.has(key) ? mask(key, value) : value;
    const length = isHex(key) ? value.length / 2 : Buffer.byteLength(value);
    return `${key.padStart(6)}  ${name.padEnd(30)} ${String(length).padStart(4)}  ${shown}`;
  });
  return [`${"field".padStart(6)}  ${"name".padEnd(30)} ${"len".padStart(4)}  value`, ...rows].join("\n");
}

function readStdin(): string {
  return readFileSync(0, "utf8");
}

const OPTIONS: readonly Option[] = [
  { name: "dialect", value: DIALECTS.join("|"), help: "the message layout (docs/ISO8583.md)" },
  { name: "reveal", help: "dump: show the sensitive fields unmasked" },
];

export const iso8583Command: Command = {
  summary: "pack, unpack or dump ISO 8583 messages (ascii87, bin87, cup, cup-verify)",
  usage: [
    `iso8583 pack   --dialect ${DIALECTS.join("|")} < message.json`,
    `iso8583 unpack --dialect ${DIALECTS.join("|")} < message.hex`,
    `iso8583 dump   --dialect ${DIALECTS.join("|")} [--reveal] < message.hex`,
  ],
  options: OPTIONS,
  notes: [
    "pack reads one JSON object (\"t\" the MTI, fields by number, cup's \"tpdu\" and \"header\") and prints upper-case hex;",
    "unpack reads hex (whitespace ignored) and prints the JSON; dump prints field, name, length and value,",
    "the PAN, expiry, track data, PIN block, ICC data and private fields masked unless --reveal.",
    "Exit 0 ok, 1 malformed input (error code, field and offset on stderr), 2 usage error.",
  ],
  examples: [
    `echo '{"t":"0800","11":"000001","41":"12345678"}' | realname-pos iso8583 pack --dialect ascii87`,
    "realname-pos iso8583 dump --dialect cup < message.hex",
  ],
  run(argv: string[]): number {
    const args = parseArgs(argv, OPTIONS, 1);
    if (args.positional.length !== 1) throw new UsageError(`iso8583 needs one of ${VERBS.join(", ")}`);
    const verb = oneOf(args.positional[0], VERBS, "iso8583 command");
    const dialect = oneOf(required(args, "dialect"), DIALECTS, "--dialect");
    if (args.flags.has("reveal") && verb !== "dump") throw new UsageError("--reveal is only for dump");
    const iso = new Iso8583(); // the tools module
    try {
      const input = readStdin();
      if (verb === "pack") {
        let json: unknown;
        try { json = JSON.parse(input); } catch (e) { throw new SyntaxError(`stdin is not JSON: ${(e as Error).message}`); }
        if (json === null || typeof json !== "object" || Array.isArray(json)) throw new SyntaxError("stdin must be one JSON object");
        console.log(toHex(iso.pack(dialect, json as Record<string, unknown>)));
      } else {
        const message = iso.unpack(dialect, fromHex(input, "stdin"));
        const isHex = (key: string) =>
          ["tpdu", "header", "p", "1"].includes(key) || (/^[0-9]+$/.test(key) && iso.spec(dialect, Number(key)).cls === FieldClass.B);
        console.log(verb === "unpack" ? messageJson(message) : dumpTable(dialect, message, args.flags.has("reveal"), isHex));
      }
      return 0;
    } catch (e) {
      if (e instanceof Iso8583Error || e instanceof SyntaxError || e instanceof RangeError) {
        console.error(`realname-pos iso8583 ${verb}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
