// What a subcommand declares: its one-line summary, usage lines, options (the
// same table parses them: host/cli/args.ts), notes and examples. `realname-pos
// SUB --help`, `SUB -h` and `help SUB` print helpText(); nothing else writes help.
import type { Option } from "./args";

export interface Command {
  summary: string;
  /** Usage lines, each after `realname-pos `. */
  usage: readonly string[];
  options: readonly Option[];
  /** Lines after the options: what is read, what is printed, exit statuses. */
  notes: readonly string[];
  /** Command lines a user can paste, each after `$ `. */
  examples: readonly string[];
  run(argv: string[]): Promise<number> | number;
}

const HELP_OPTION: Option = { name: "help", help: "this help (also -h, or realname-pos help COMMAND)" };

function optionLabel(o: Option): string {
  return o.value ? `--${o.name} ${o.value}` : `--${o.name}`;
}

export function helpText(name: string, command: Command): string {
  const options = [...command.options, HELP_OPTION];
  const width = Math.max(...options.map((o) => optionLabel(o).length));
  const rows = options.map((o) => `  ${optionLabel(o).padEnd(width)}  ${o.help}${o.secret ? "; - reads it from stdin" : ""}`);
  return [
    `realname-pos ${name}: ${command.summary}`,
    "",
    ...command.usage.map((u, i) => `${i === 0 ? "usage: " : "       "}realname-pos ${u}`),
    "",
    "options:",
    ...rows,
    ...(command.notes.length ? ["", ...command.notes] : []),
    "",
    command.examples.length > 1 ? "examples:" : "example:",
    ...command.examples.map((e) => `  $ ${e}`),
  ].join("\n");
}
