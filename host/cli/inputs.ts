// What the options name, read for the commands: files (test bank, profile,
// script) and sensitive values from stdin. Each failure is a usage error (exit 2)
// of one line naming the option and the file, never a stack trace.
import { readFileSync } from "node:fs";
import { TestBank } from "../acquirer/bank";
import { buildProfile, type Profile } from "../api/flow";
import { mergeProfile } from "../sim/simulator";
import { parseScript, ScriptError, type ScriptLine } from "../sim/script";
import { UsageError, type Option, type ParsedArgs } from "./args";

/** node's system error codes the CLI meets, as words (a file or a port given on the command line). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EMFILE: "too many open files",
  EADDRINUSE: "address already in use",
  EADDRNOTAVAIL: "address not available on this machine",
  ENOTFOUND: "host not found",
  EAGAIN: "not ready to be read (give it through a pipe or a file)",
};

/**
 * A system error (file, socket) as one line: what it concerned (the path or address
 * it names, else `what`) and what went wrong; undefined for any other error.
 */
export function systemErrorLine(e: unknown, what?: string): string | undefined {
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  if (!(e instanceof Error) || typeof err.code !== "string" || !err.syscall) return undefined;
  const words = SYSTEM_ERRORS[err.code] ?? err.code;
  const subject = err.path ?? (err.address !== undefined ? `${err.address}:${err.port}` : err.hostname) ?? what ?? err.syscall;
  return `${subject}: ${words}`;
}

/** A file an option names, as text. */
export function readOptionFile(option: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`--${option} ${systemErrorLine(e, path) ?? `${path}: ${(e as Error).message}`}`);
  }
}

/** The options both simulators take, read by loadBank() and loadProfile() and the display. */
export const BANK_OPTION: Option = { name: "bank", value: "FILE", help: "the in-process acquirer's test bank, JSON" };
export const LANG_OPTION: Option = { name: "lang", value: "zh-CN|en", help: "the display language (default zh-CN)" };
export const PROFILE_OPTION: Option = { name: "profile", value: "FILE", help: "key=value lines over the simulator's profile (docs/ABI.md)" };

/** The test bank of `--bank FILE`, checked row by row when loaded. */
export function loadBank(path: string): TestBank {
  const text = readOptionFile("bank", path);
  try {
    return TestBank.fromJson(JSON.parse(text), path);
  } catch (e) {
    throw new UsageError(`--bank ${e instanceof SyntaxError ? `${path}: not JSON: ${e.message}` : (e as Error).message}`);
  }
}

/** `base` with the `key=value` lines of `--profile FILE` over it; unknown keys are refused here, not by the core later. */
export function loadProfile(base: Profile, path: string): Profile {
  const text = readOptionFile("profile", path);
  try {
    const profile = mergeProfile(base, text);
    buildProfile(profile);
    return profile;
  } catch (e) {
    throw new UsageError(`--profile ${path}: ${(e as Error).message}`);
  }
}

/** The steps of `--script FILE`; a malformed line is a usage error naming FILE:LINE. */
export function loadScript(path: string): ScriptLine[] {
  const text = readOptionFile("script", path);
  try {
    return parseScript(text, path);
  } catch (e) {
    if (e instanceof ScriptError) throw new UsageError(e.message);
    throw e;
  }
}

/** One value read from stdin: all of it, without the line break that ends it. */
export function stdinValue(what: string): string {
  let text: string;
  try {
    text = readFileSync(0, "utf8");
  } catch (e) {
    throw new UsageError(`${what} -: ${systemErrorLine(e, "stdin") ?? "stdin cannot be read"}`);
  }
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new UsageError(`${what} -: stdin is empty`);
  if (/[\r\n]/.test(value)) throw new UsageError(`${what} -: stdin holds more than one line`);
  return value;
}

/** Replaces a secret option's `-` by the value read from stdin (stdin is one stream: one `-` per command). */
export function readSecrets(args: ParsedArgs, options: readonly Option[]): void {
  const dashed = options.filter((o) => o.secret && args.values.get(o.name) === "-").map((o) => `--${o.name}`);
  if (dashed.length > 1) throw new UsageError(`only one value can come from stdin (${dashed.join(" and ")} both ask)`);
  for (const o of options) if (o.secret && args.values.get(o.name) === "-") args.values.set(o.name, stdinValue(`--${o.name}`));
}
