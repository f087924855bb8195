// `realname-pos check pan|id|phone|name|expiry|track2 VALUE [--now YYYY-MM-DD]`:
// runs one of the core's input checks and prints one JSON object. Exit 0 when
// the value is valid, 1 when not, 2 on a usage error.
import { parseArgs, oneOf, UsageError } from "./args";
import { Checks, dateNumber } from "../api/checks";

const KINDS = ["pan", "id", "phone", "name", "expiry", "track2"] as const;

export const check = {
  summary: "check a card number, ID number, phone, name, expiry or track 2 (JSON out)",
  run(argv: string[]): number {
    const args = parseArgs(argv, { values: ["now"] });
    if (args.positional.length !== 2) {
      throw new UsageError("usage: realname-pos check pan|id|phone|name|expiry|track2 VALUE [--now YYYY-MM-DD]");
    }
    const kind = oneOf(args.positional[0], KINDS, "check kind");
    const value = args.positional[1];
    const nowText = args.values.get("now");
    let now: Date | string = new Date();
    if (nowText !== undefined) {
      try {
        dateNumber(nowText);
      } catch (e) {
        throw new UsageError(`--now: ${(e as Error).message}`);
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
