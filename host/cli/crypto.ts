// `realname-pos crypto ...`: the core's payment cryptography from the command
// line, for QA scripts and for checking a terminal's keys and messages by hand.
// All values in and out are hex (upper case out); the UnionPay MAC prints its
// 8 field-64 characters. Exit 0 ok, 1 invalid input (message on stderr), 2 usage.
import { randomBytes } from "node:crypto";
import { parseArgs, quote, required, oneOf, UsageError, type Option, type ParsedArgs } from "./args";
import type { Command } from "./command";
import { readSecrets } from "./inputs";
import { Crypto, CryptoError, fromHex, PIN_FILL_BYTES, toHex, type MacAlg, type DukptUsage } from "../api/crypto";
import { toolsCore } from "../core";

/** Every option of the crypto commands; each command takes the ones its usage line names. */
const OPTIONS: readonly Option[] = [
  { name: "alg", value: "NAME", help: "the algorithm (listed per command above)" },
  { name: "mode", value: "ecb|cbc", help: "cipher mode" },
  { name: "encrypt", help: "encipher (cipher)" },
  { name: "decrypt", help: "decipher (cipher)" },
  { name: "key", value: "HEX", help: "the key", secret: true },
  { name: "data", value: "HEX", help: "the data, whole blocks for cipher" },
  { name: "iv", value: "HEX", help: "the initial vector (cbc only)" },
  { name: "format", value: "0|1|3|4", help: "ISO 9564 PIN block format" },
  { name: "pin", value: "DIGITS", help: "the PIN, 4 to 12 digits", secret: true },
  { name: "pan", value: "DIGITS", help: "the card number (optional for format 1)", secret: true },
  { name: "fill", value: "HEX", help: "the first fill bytes (the rest stays random)" },
  { name: "block", value: "HEX", help: "the PIN block to decode", secret: true },
  { name: "bdk", value: "HEX", help: "the base derivation key", secret: true },
  { name: "ksn", value: "HEX", help: "the key serial number" },
  { name: "usage", value: "NAME", help: "the working key: pin, mac, mac-resp, data, data-resp" },
];

/** A command's options, by the names its usage line gives. */
function options(...names: string[]): Option[] {
  return names.map((n) => OPTIONS.find((o) => o.name === n)!);
}

/** Parses a crypto command's arguments; a `-` of a secret option reads it from stdin. */
function parse(argv: readonly string[], names: Option[]): ParsedArgs {
  const args = parseArgs(argv, names);
  readSecrets(args, names);
  return args;
}

/** Bad input (not a usage error): exit 1. */
class InputError extends Error {}

function hexOption(args: ParsedArgs, name: string): Uint8Array {
  const value = required(args, name);
  try {
    return fromHex(value);
  } catch {
    throw new InputError(`--${name} must be hex digits in pairs`);
  }
}

function optionalHex(args: ParsedArgs, name: string): Uint8Array | undefined {
  return args.values.has(name) ? hexOption(args, name) : undefined;
}

function format(args: ParsedArgs): 0 | 1 | 3 | 4 {
  return Number(oneOf(required(args, "format"), ["0", "1", "3", "4"] as const, "--format")) as 0 | 1 | 3 | 4;
}

const CIPHER = options("alg", "mode", "encrypt", "decrypt", "key", "data", "iv");

function cipher(argv: string[], crypto: Crypto): string {
  const args = parse(argv, CIPHER);
  const alg = oneOf(required(args, "alg"), ["des", "tdes", "aes"] as const, "--alg");
  const mode = oneOf(required(args, "mode"), ["ecb", "cbc"] as const, "--mode");
  if (args.flags.has("encrypt") === args.flags.has("decrypt")) throw new UsageError("give exactly one of --encrypt and --decrypt");
  const key = hexOption(args, "key");
  if (alg === "des" && key.length !== 8) throw new InputError("--alg des takes an 8-byte key");
  if (alg === "tdes" && key.length !== 16 && key.length !== 24) throw new InputError("--alg tdes takes a 16- or 24-byte key");
  const iv = optionalHex(args, "iv");
  if (mode === "cbc" && !iv) throw new UsageError("--mode cbc needs --iv");
  if (mode === "ecb" && iv) throw new UsageError("--iv is only for --mode cbc");
  return toHex(crypto.cipher(alg, mode, args.flags.has("encrypt"), key, hexOption(args, "data"), iv));
}

const KCV = options("alg", "key");

function kcv(argv: string[], crypto: Crypto): string {
  const args = parse(argv, KCV);
  const alg = oneOf(required(args, "alg"), ["tdes", "aes"] as const, "--alg");
  return toHex(crypto.checkValue(alg, hexOption(args, "key")));
}

const PINBLOCK_ENCODE = options("format", "pin", "pan", "key", "fill");
const PINBLOCK_DECODE = options("format", "block", "pan", "key");

function pinblock(argv: string[], crypto: Crypto): string {
  const [verb, ...rest] = argv;
  if (verb === "encode") {
    const args = parse(rest, PINBLOCK_ENCODE);
    const f = format(args);
    const key = optionalHex(args, "key");
    if (f === 4 && !key) throw new UsageError("--format 4 needs --key (AES)");
    // Fill: random, with --fill's bytes first (the fill nibbles of format 1/3; format 4's
    // random half, which must then be whole): never zeros, so a short --fill cannot make
    // a format 4 block deterministic.
    const given = optionalHex(args, "fill");
    if (given && f === 4 && given.length !== 8) throw new InputError("--fill for format 4 is its 8 random bytes (16 hex digits)");
    if (given && given.length > PIN_FILL_BYTES) throw new InputError(`--fill is at most ${PIN_FILL_BYTES} bytes`);
    const fill = new Uint8Array(randomBytes(PIN_FILL_BYTES));
    if (given) fill.set(given);
    const pin = required(args, "pin");
    const pan = f === 1 && !args.values.has("pan") ? "" : required(args, "pan");
    return toHex(crypto.pinBlockEncode(f, pin, pan, { key, fill }));
  }
  if (verb === "decode") {
    const args = parse(rest, PINBLOCK_DECODE);
    const f = format(args);
    const key = optionalHex(args, "key");
    if (f === 4 && !key) throw new UsageError("--format 4 needs --key (AES)");
    const pan = f === 1 && !args.values.has("pan") ? "" : required(args, "pan");
    return crypto.pinBlockDecode(f, hexOption(args, "block"), pan, key);
  }
  throw new UsageError("crypto pinblock needs encode or decode");
}

const MAC = options("alg", "key", "data");

function mac(argv: string[], crypto: Crypto): string {
  const args = parse(argv, MAC);
  const alg = oneOf(required(args, "alg"), ["iso9797-1-m1", "iso9797-1-m2", "x919", "cup-ecb", "aes-cmac"] as const, "--alg");
  const out = crypto.mac(alg as MacAlg, hexOption(args, "key"), hexOption(args, "data"));
  // The UnionPay MAC is already the 8 hex characters carried in field 64.
  return alg === "cup-ecb" ? new TextDecoder().decode(out) : toHex(out);
}

const DUKPT = options("alg", "bdk", "ksn", "usage");

function dukpt(argv: string[], crypto: Crypto): string {
  const args = parse(argv, DUKPT);
  const alg = oneOf(required(args, "alg"), ["tdes", "aes"] as const, "--alg");
  const usages = alg === "aes" ? (["pin", "mac", "data"] as const) : (["pin", "mac", "mac-resp", "data", "data-resp"] as const);
  const usage = oneOf(required(args, "usage"), usages, `--usage for --alg ${alg}`);
  const ksn = hexOption(args, "ksn");
  const want = alg === "aes" ? 12 : 10;
  if (ksn.length !== want) throw new InputError(`--ksn must be ${want} bytes for --alg ${alg}`);
  return toHex(crypto.dukptDerive(alg, hexOption(args, "bdk"), ksn, usage as DukptUsage));
}

/** Each command: what it runs and its usage lines. */
const VERBS: Record<string, { run: (argv: string[], crypto: Crypto) => string; usage: string[] }> = {
  cipher: {
    run: cipher,
    usage: ["crypto cipher --alg des|tdes|aes --mode ecb|cbc --encrypt|--decrypt --key HEX --data HEX [--iv HEX]"],
  },
  kcv: { run: kcv, usage: ["crypto kcv --alg tdes|aes --key HEX"] },
  pinblock: {
    run: pinblock,
    usage: [
      "crypto pinblock encode --format 0|1|3|4 --pin DIGITS --pan DIGITS [--key HEX] [--fill HEX]",
      "crypto pinblock decode --format 0|1|3|4 --block HEX --pan DIGITS [--key HEX]",
    ],
  },
  mac: {
    run: mac,
    usage: ["crypto mac --alg iso9797-1-m1|iso9797-1-m2|x919|cup-ecb|aes-cmac --key HEX --data HEX"],
  },
  dukpt: {
    run: dukpt,
    usage: ["crypto dukpt --alg tdes|aes --bdk HEX --ksn HEX --usage pin|mac|mac-resp|data|data-resp"],
  },
};

export const cryptoCommand: Command = {
  summary: "ciphers, check values, PIN blocks, MACs and DUKPT keys (hex in, hex out)",
  usage: Object.values(VERBS).flatMap((v) => v.usage),
  options: OPTIONS,
  notes: [
    "Prints one line: upper-case hex, the PIN (pinblock decode), or the 8 field-64 characters (cup-ecb).",
    "A key, PIN, card number or PIN block given as - is read from stdin (one per command).",
    "Exit 0 ok, 1 invalid input (the reason on stderr), 2 usage error. Algorithms and sources: docs/CRYPTO.md.",
  ],
  examples: [
    "realname-pos crypto pinblock encode --format 0 --pin 1234 --pan 4012345678909",
    "printf 2222222222222222 | realname-pos crypto mac --alg cup-ecb --key - --data 1234567890ABCDEFABCDEF1234567890",
  ],
  run(argv: string[]): number {
    const [verb, ...rest] = argv;
    if (verb === undefined) throw new UsageError(`crypto needs one of ${Object.keys(VERBS).join(", ")} (realname-pos crypto --help)`);
    const command = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
    if (!command) throw new UsageError(`unknown crypto command ${quote(verb)}; one of ${Object.keys(VERBS).join(", ")}`);
    try {
      console.log(command.run(rest, new Crypto(toolsCore())));
      return 0;
    } catch (e) {
      // RangeError: malformed hex, or more than the core's input buffer holds.
      if (e instanceof CryptoError || e instanceof InputError || e instanceof RangeError) {
        console.error(`realname-pos crypto ${verb}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
