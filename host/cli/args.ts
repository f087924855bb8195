// Command-line options, validated once: unknown options and missing values are
// usage errors (exit 2) with a one-line message, as esbuild's API rejects
// unknown keys.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface OptionSpec {
  /** Options that take a value: `--key VALUE`. */
  values?: readonly string[];
  /** Options that are switches: `--flag`. */
  flags?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.flags?.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      values.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, values, flags };
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
    throw new UsageError(`${what} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}
