// `realname-pos records [--data DIR]`: the terminal's saved records as JSON lines;
// none at all (a data folder no terminal has saved to yet) is an empty list.
// The core saves records masked; as a second guard any value that still looks
// like a whole card, ID or phone number is masked here before it is printed.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../core";
import { parseRecord } from "../api/flow";
import { maskId, maskPan, maskPhone } from "../mask";
import { describeDamage, readJournal } from "../devices/storage";
import { RecordIndex } from "../devices/record-index";
import { parseArgs, UsageError, type Option } from "./args";
import type { Command } from "./command";
import { systemErrorLine } from "./inputs";

/** Masks whole PANs, ID numbers and phone numbers wherever they appear in a value. */
export function maskValue(value: string): string {
  return value
    .replace(/(?<![0-9*])\d{17}[\dXx](?![0-9*])/g, (m) => maskId(m.toUpperCase()))
    .replace(/(?<![0-9*])\d{13,19}(?![0-9*])/g, (m) => maskPan(m))
    .replace(/(?<![0-9*])1[3-9]\d{9}(?![0-9*])/g, (m) => maskPhone(m));
}

/** Record keys whose values are never personal data (times, references, keyed hashes). */
const PLAIN_KEYS = new Set(["id", "type", "time", "result", "rrn", "stan", "vid", "panHash", "idHash", "status", "replaces", "replacedBy", "lossReason", "elements"]);

const OPTIONS: readonly Option[] = [{ name: "data", value: "DIR", help: "the data folder (default: data/ in the project)" }];

export const records: Command = {
  summary: "list the terminal's saved records (masked) as JSON lines",
  usage: ["records [--data DIR]"],
  options: OPTIONS,
  notes: [
    "One JSON object a line, the newest version of each record, masked; nothing when no record",
    "was saved yet. It only reads DIR/terminal/records.journal. Exit 0, or 2 when --data is no folder.",
  ],
  examples: ["realname-pos records --data /tmp/qa"],
  run(argv: string[]): number {
    const args = parseArgs(argv, OPTIONS);
    const given = args.values.get("data");
    if (given !== undefined && !statSync(given, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--data ${given}: no such folder`);
    const path = join(given ?? join(projectRoot(), "data"), "terminal", "records.journal");
    if (!existsSync(path)) return 0;
    let journal;
    try {
      journal = readJournal(path);
    } catch (e) {
      const line = systemErrorLine(e, path);
      if (line) throw new UsageError(line);
      throw e;
    }
    const index = new RecordIndex(journal.records); // a reported card's records read as the terminal reads them
    for (const r of journal.records) {
      const fields = parseRecord(new TextDecoder().decode(index.readAs(r.bytes)));
      for (const k of Object.keys(fields)) if (!PLAIN_KEYS.has(k)) fields[k] = maskValue(fields[k]);
      console.log(JSON.stringify(fields));
    }
    for (const d of journal.damaged) console.error(`ignored ${describeDamage(d)} (the terminal sets it aside at start-up)`);
    return 0;
  },
};
