// `realname-pos crypto ...`: the core's payment cryptography from the command
// line, for QA scripts and for checking a terminal's keys and messages by hand.
// All values in and out are hex (upper case out); the UnionPay MAC prints its
// 8 field-64 characters. Exit 0 ok, 1 invalid input (message on stderr), 2 usage.
import { randomBytes } from "node:crypto";
import { parseArgs, required, oneOf, UsageError, type ParsedArgs } from "./args";
import { Crypto, CryptoError, fromHex, PIN_FILL_BYTES, toHex, type MacAlg, type DukptUsage } from "../api/crypto";
import { toolsCore } from "../core";

const USAGE = [
  "usage: realname-pos crypto cipher --alg des|tdes|aes --mode ecb|cbc --encrypt|--decrypt --key HEX --data HEX [--iv HEX]",
  "       realname-pos crypto kcv --alg tdes|aes --key HEX",
  "       realname-pos crypto pinblock encode --format 0|1|3|4 --pin DIGITS --pan DIGITS [--key HEX] [--fill HEX]",
  "       realname-pos crypto pinblock decode --format 0|1|3|4 --block HEX --pan DIGITS [--key HEX]",
  "       realname-pos crypto mac --alg iso9797-1-m1|iso9797-1-m2|x919|cup-ecb|aes-cmac --key HEX --data HEX",
  "       realname-pos crypto dukpt --alg tdes|aes --bdk HEX --ksn HEX --usage pin|mac|mac-resp|data|data-resp",
].join("\n");

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

function cipher(argv: string[], crypto: Crypto): string {
  const args = parseArgs(argv, { values: ["alg", "mode", "key", "data", "iv"], flags: ["encrypt", "decrypt"] });
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

function kcv(argv: string[], crypto: Crypto): string {
  const args = parseArgs(argv, { values: ["alg", "key"] });
  const alg = oneOf(required(args, "alg"), ["tdes", "aes"] as const, "--alg");
  return toHex(crypto.checkValue(alg, hexOption(args, "key")));
}

function pinblock(argv: string[], crypto: Crypto): string {
  const [verb, ...rest] = argv;
  if (verb === "encode") {
    const args = parseArgs(rest, { values: ["format", "pin", "pan", "key", "fill"] });
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
    const args = parseArgs(rest, { values: ["format", "block", "pan", "key"] });
    const f = format(args);
    const key = optionalHex(args, "key");
    if (f === 4 && !key) throw new UsageError("--format 4 needs --key (AES)");
    const pan = f === 1 && !args.values.has("pan") ? "" : required(args, "pan");
    return crypto.pinBlockDecode(f, hexOption(args, "block"), pan, key);
  }
  throw new UsageError("crypto pinblock needs encode or decode");
}

function mac(argv: string[], crypto: Crypto): string {
  const args = parseArgs(argv, { values: ["alg", "key", "data"] });
  const alg = oneOf(required(args, "alg"), ["iso9797-1-m1", "iso9797-1-m2", "x919", "cup-ecb", "aes-cmac"] as const, "--alg");
  const out = crypto.mac(alg as MacAlg, hexOption(args, "key"), hexOption(args, "data"));
  // The UnionPay MAC is already the 8 hex characters carried in field 64.
  return alg === "cup-ecb" ? new TextDecoder().decode(out) : toHex(out);
}

function dukpt(argv: string[], crypto: Crypto): string {
  const args = parseArgs(argv, { values: ["alg", "bdk", "ksn", "usage"] });
  const alg = oneOf(required(args, "alg"), ["tdes", "aes"] as const, "--alg");
  const usages = alg === "aes" ? (["pin", "mac", "data"] as const) : (["pin", "mac", "mac-resp", "data", "data-resp"] as const);
  const usage = oneOf(required(args, "usage"), usages, `--usage for --alg ${alg}`);
  const ksn = hexOption(args, "ksn");
  const want = alg === "aes" ? 12 : 10;
  if (ksn.length !== want) throw new InputError(`--ksn must be ${want} bytes for --alg ${alg}`);
  return toHex(crypto.dukptDerive(alg, hexOption(args, "bdk"), ksn, usage as DukptUsage));
}

const verbs: Record<string, (argv: string[], crypto: Crypto) => string> = { cipher, kcv, pinblock, mac, dukpt };

export const cryptoCommand = {
  summary: "ciphers, check values, PIN blocks, MACs and DUKPT keys (hex in, hex out)",
  run(argv: string[]): number {
    const [verb, ...rest] = argv;
    if (verb === undefined || verb === "help" || verb === "--help") {
      console.log(USAGE);
      return verb === undefined ? 2 : 0;
    }
    const run = verbs[verb];
    if (!run) throw new UsageError(`unknown crypto command ${JSON.stringify(verb)}\n${USAGE}`);
    try {
      console.log(run(rest, new Crypto(toolsCore())));
      return 0;
    } catch (e) {
      if (e instanceof CryptoError || e instanceof InputError) {
        console.error(`realname-pos crypto ${verb}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
