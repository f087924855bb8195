// Command-line options on node:util parseArgs, declared once per command as a
// table that also writes the command's --help (host/cli/help.ts). Unknown
// options, missing values and stray arguments are usage errors (exit 2) with a
// one-line message that never echoes more than a short quote of what was given.
import { parseArgs as nodeParseArgs } from "node:util";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One option: `--name VALUE` when `value` names its placeholder, else a switch `--name`. */
export interface Option {
  name: string;
  value?: string;
  help: string;
  /** A card, ID, phone, PIN or key: `-` reads it from stdin (kept out of shell history and ps). */
  secret?: boolean;
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

/** Longest quote of a given value in a message: a 120 KB argument must not come back as a 120 KB line. */
const QUOTE_MAX = 40;

/** A value as messages quote it: JSON-quoted, cut to QUOTE_MAX characters with its length said. */
export function quote(value: string): string {
  const chars = [...value];
  if (chars.length <= QUOTE_MAX) return JSON.stringify(value);
  return `${JSON.stringify(chars.slice(0, QUOTE_MAX).join(""))}… (${chars.length} characters)`;
}

/** parseArgs' messages, rewritten to one short line naming the option. */
function usageLine(e: { code?: string; message: string }): string {
  const named = e.message.match(/'(-[^' ]*)/)?.[1] ?? "";
  const option = named.length > QUOTE_MAX ? quote(named) : named;
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return named.startsWith("--") ? `unknown option ${option}` : `unknown option ${option} (a value starting with - goes after --, e.g. -- -X)`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": return "unexpected argument";
    default:
      if (/does not take an argument/.test(e.message)) return `${option} takes no value`;
      if (/ambiguous/.test(e.message)) return `${option} needs a value (one starting with - is written ${option}=-VALUE)`;
      return `${option} needs a value`;
  }
}

/** `argv` against the options; `positionals` is how many plain arguments may be given. */
export function parseArgs(argv: readonly string[], options: readonly Option[], positionals = 0): ParsedArgs {
  const config = Object.fromEntries(options.map((o) => [o.name, { type: o.value ? ("string" as const) : ("boolean" as const) }]));
  let parsed;
  try {
    parsed = nodeParseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageLine(e as { code?: string; message: string }));
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument ${quote(parsed.positionals[positionals])}`);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === "string") values.set(name, value);
    else if (value === true) flags.add(name);
  }
  return { positional: parsed.positionals, values, flags };
}

/** The value of a required option, or a usage error naming it. */
export function required(args: ParsedArgs, name: string): string {
  const value = args.values.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

/** A value that must be one of a fixed set. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${what} must be one of ${allowed.join(", ")} (got ${quote(value)})`);
  }
  return value as T;
}

/** A TCP port option: 0..65535 (0: the system picks one). */
export function port(text: string, name = "--port"): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`${name} must be 0..65535 (got ${quote(text)})`);
  return Number(text);
}
