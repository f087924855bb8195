// `realname-pos records [--data DIR]`: the terminal's saved records as JSON lines.
// The core saves records masked; as a second guard any value that still looks
// like a whole card, ID or phone number is masked here before it is printed.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../core";
import { parseRecord } from "../api/flow";
import { maskId, maskPan, maskPhone } from "../mask";
import { describeDamage, readJournal } from "../devices/storage";
import { parseArgs, UsageError } from "./args";

/** Masks whole PANs, ID numbers and phone numbers wherever they appear in a value. */
export function maskValue(value: string): string {
  return value
    .replace(/(?<![0-9*])\d{17}[\dXx](?![0-9*])/g, (m) => maskId(m.toUpperCase()))
    .replace(/(?<![0-9*])\d{13,19}(?![0-9*])/g, (m) => maskPan(m))
    .replace(/(?<![0-9*])1[3-9]\d{9}(?![0-9*])/g, (m) => maskPhone(m));
}

/** Record keys whose values are never personal data (times, references, keyed hashes). */
const PLAIN_KEYS = new Set(["id", "type", "time", "result", "rrn", "stan", "vid", "panHash", "idHash", "status", "replaces", "replacedBy", "lossReason", "elements"]);

export const records = {
  summary: "list the terminal's saved records (masked) as JSON lines",
  run(argv: string[]): number {
    const args = parseArgs(argv, { values: ["data"] });
    if (args.positional.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
    const path = join(args.values.get("data") ?? join(projectRoot(), "data"), "terminal", "records.journal");
    if (!existsSync(path)) {
      console.error(`no records: ${path} does not exist`);
      return 1;
    }
    const journal = readJournal(path);
    for (const r of journal.records) {
      const fields = parseRecord(new TextDecoder().decode(r.bytes));
      for (const k of Object.keys(fields)) if (!PLAIN_KEYS.has(k)) fields[k] = maskValue(fields[k]);
      console.log(JSON.stringify(fields));
    }
    for (const d of journal.damaged) console.error(`ignored ${describeDamage(d)} (the terminal sets it aside at start-up)`);
    return 0;
  },
};
