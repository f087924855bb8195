// `realname-pos check pan|id|phone|name|expiry|track2 VALUE|- [--now YYYY-MM-DD]`:
// runs one of the core's input checks and prints one JSON object. Exit 0 when
// the value is valid, 1 when not, 2 on a usage error.
import { parseArgs, oneOf, quote, UsageError, type Option } from "./args";
import type { Command } from "./command";
import { stdinValue } from "./inputs";
import { Checks, dateNumber } from "../api/checks";

const KINDS = ["pan", "id", "phone", "name", "expiry", "track2"] as const;

const OPTIONS: readonly Option[] = [
  { name: "now", value: "YYYY-MM-DD", help: "the clock for ID birth dates and card expiry (default: today)" },
];

export const check: Command = {
  summary: "check a card number, ID number, phone, name, expiry or track 2 (JSON out)",
  usage: [`check ${KINDS.join("|")} VALUE|- [--now YYYY-MM-DD]`],
  options: OPTIONS,
  notes: [
    "Prints one JSON object: valid, reason, code, offset, normalised, masked, and per kind",
    "scheme, type, sex, birthDate, expiry, serviceCode (docs/CHECKS.md).",
    "VALUE - reads the value from stdin (one line), out of shell history and ps; a VALUE",
    "starting with - goes after -- (realname-pos check name -- -JOHN).",
    "Exit 0 valid, 1 invalid, 2 usage error.",
  ],
  examples: ["realname-pos check id 11010519491231002x", "echo 6216261000000000018 | realname-pos check pan -"],
  run(argv: string[]): number {
    const args = parseArgs(argv, OPTIONS, 2);
    if (args.positional.length !== 2) throw new UsageError(`usage: realname-pos ${check.usage[0]}`);
    const kind = oneOf(args.positional[0], KINDS, "check kind");
    const value = args.positional[1] === "-" ? stdinValue(`check ${kind}`) : args.positional[1];
    const nowText = args.values.get("now");
    let now: Date | string = new Date();
    if (nowText !== undefined) {
      try {
        dateNumber(nowText);
      } catch {
        throw new UsageError(`--now must be a calendar date YYYY-MM-DD (got ${quote(nowText)})`);
      }
      now = nowText;
    }
    const checks = new Checks();
    const result =
      kind === "pan" ? checks.pan(value)
      : kind === "id" ? checks.idNumber(value, now)
      : kind === "phone" ? checks.phone(value)
      : kind === "name" ? checks.name(value)
      : kind === "expiry" ? checks.expiry(value, now)
      : checks.track2(value, now);
    console.log(JSON.stringify(result));
    return result.valid ? 0 : 1;
  },
};
