// The `realname-pos` command: one subcommand per file in host/cli/, listed here.
// Exit codes: 0 success, 1 invalid input or failed operation (a data folder in use
// too), 2 usage error (unknown option, bad value, a file or port that cannot be
// used). Every error is one line on stderr, never a stack trace.
//
// The process is never ended with process.exit(): it sets the exit code and ends
// when everything it wrote has been written, so a slow reader of a pipe gets all
// of the output (process.exit() drops what a pipe has not taken yet).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Core, projectRoot } from "../core";
import { FolderInUse } from "../folder-lock";
import { quote, UsageError } from "./args";
import { helpText, type Command } from "./command";
import { systemErrorLine } from "./inputs";
import { acquirer } from "./acquirer";
import { check } from "./check";
import { cryptoCommand } from "./crypto";
import { iso8583Command } from "./iso8583";
import { records } from "./records";
import { simulate } from "./simulate";
import { web } from "./web";

const commands: Record<string, Command> = {
  check,
  crypto: cryptoCommand,
  iso8583: iso8583Command,
  simulate,
  acquirer,
  records,
  web,
};

function overview(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    "usage: realname-pos COMMAND [options]",
    "       realname-pos COMMAND --help | -h      a command's options and an example",
    "       realname-pos help COMMAND",
    "       realname-pos --version | -v           the package, ABI and flow versions",
    "",
    "commands:",
    ...rows,
  ].join("\n");
}

/** The package's version, and the ABI and flow versions of the terminal module it runs. */
function versions(): string {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string };
  const core = new Core();
  return `realname-pos ${pkg.version}, ABI version ${core.exports.abiVersion()}, flow version ${core.exports.flowVersion()}`;
}

function command(name: string): Command {
  if (!Object.hasOwn(commands, name)) throw new UsageError(`unknown command ${quote(name)}; realname-pos --help lists them`);
  return commands[name];
}

/** `--help` or `-h` anywhere before a `--`. */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.log(overview());
    return 2;
  }
  if (name === "help" || name === "--help" || name === "-h") {
    if (rest.length > 1) throw new UsageError("help takes one command name");
    console.log(rest.length ? helpText(rest[0], command(rest[0])) : overview());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    if (rest.length) throw new UsageError(`${name} takes no arguments`);
    console.log(versions());
    return 0;
  }
  const chosen = command(name);
  if (asksForHelp(rest)) {
    console.log(helpText(name, chosen));
    return 0;
  }
  return chosen.run(rest);
}

/** Longest error line: a message quoting a huge value must not flood the console. */
const LINE_MAX = 400;

function errorLine(text: string): void {
  const line = text.replace(/\s*\n\s*/g, "; ");
  console.error(`realname-pos: ${line.length > LINE_MAX ? `${line.slice(0, LINE_MAX)}…` : line}`);
}

/** An error as one line and its exit status. */
function report(e: unknown): number {
  if (e instanceof UsageError) {
    errorLine(e.message);
    return 2;
  }
  if (e instanceof FolderInUse) {
    errorLine(e.message);
    return 1;
  }
  const system = systemErrorLine(e);
  if (system) {
    errorLine(system);
    return 2;
  }
  // Anything else is a defect here: still one line; REALNAME_POS_DEBUG=1 shows the stack.
  if (process.env.REALNAME_POS_DEBUG) console.error(e);
  else errorLine(`internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} (REALNAME_POS_DEBUG=1 shows where)`);
  return 1;
}

/** Ends a process that cannot go on (an error outside main), once stdout and stderr have taken everything. */
function endAfterWrites(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}

process.on("uncaughtException", (e) => endAfterWrites(report(e)));
process.on("unhandledRejection", (e) => endAfterWrites(report(e)));

main(process.argv.slice(2)).catch(report).then((code) => {
  process.exitCode = code;
});
