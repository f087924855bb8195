// The `realname-pos` command: one subcommand per file in host/cli/, listed here.
// Exit codes: 0 success, 1 invalid input or failed operation, 2 usage error.
import { UsageError } from "./args";
import { FolderInUse } from "../folder-lock";
import { acquirer } from "./acquirer";
import { check } from "./check";
import { cryptoCommand } from "./crypto";
import { iso8583Command } from "./iso8583";
import { records } from "./records";
import { simulate } from "./simulate";
import { web } from "./web";

type Command = { summary: string; run: (argv: string[]) => Promise<number> | number };

const commands: Record<string, Command> = {
  check,
  crypto: cryptoCommand,
  iso8583: iso8583Command,
  simulate,
  acquirer,
  records,
  web,
};

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ["usage: realname-pos <command> [options]", "", "commands:", ...rows, "", "See README.md for each command's options."].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help") {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; try realname-pos help`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) {
      console.error(`realname-pos: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof FolderInUse) {
      console.error(`realname-pos: ${e.message}`);
      process.exit(1);
    }
    console.error(e);
    process.exit(1);
  },
);
