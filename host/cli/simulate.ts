// `realname-pos simulate [--acquirer HOST:PORT] [--bank FILE] [--data DIR]
//   [--lang zh-CN|en] [--script FILE] [--profile FILE] [--record FILE]`: the desktop
// simulator. Without --acquirer it starts its own acquirer in this process.
// --record writes a transcript of every event and command (docs/TRANSCRIPTS.md).
import { join } from "node:path";
import { projectRoot } from "../core";
import { RawKeypad } from "../devices/keypad";
import { createSimulator, simulatorProfile } from "../sim/simulator";
import { runScript, ScriptError } from "../sim/script";
import { recordToFile } from "../transcript/file";
import { oneOf, parseArgs, quote, UsageError, type Option } from "./args";
import type { Command } from "./command";
import { BANK_OPTION, LANG_OPTION, PROFILE_OPTION, loadBank, loadProfile, loadScript, systemErrorLine } from "./inputs";
import { interactiveControl, KEYS_HELP } from "./interactive";

function parseHostPort(value: string): { host: string; port: number } {
  const m = value.match(/^(.+):(\d{1,5})$/);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`--acquirer must be HOST:PORT (got ${quote(value)})`);
  return { host: m[1], port: Number(m[2]) };
}

/** The transcript file of --record, opened now so that a bad path is a usage error before anything runs. */
function openTranscript(path: string, argv: readonly string[]) {
  try {
    return recordToFile(path, [`realname-pos simulate ${argv.join(" ")}`]);
  } catch (e) {
    throw new UsageError(`--record ${systemErrorLine(e, path) ?? `${path}: ${(e as Error).message}`}`);
  }
}

const OPTIONS: readonly Option[] = [
  { name: "acquirer", value: "HOST:PORT", help: "an acquirer to use (default: one in this process)" },
  BANK_OPTION,
  { name: "data", value: "DIR", help: "the data folder: records, receipts, logs (default: data/)" },
  LANG_OPTION,
  { name: "script", value: "FILE", help: "run the steps of FILE unattended (tests/scripts/)" },
  PROFILE_OPTION,
  { name: "record", value: "FILE", help: "write a transcript of every event and command (docs/TRANSCRIPTS.md)" },
];

export const simulate: Command = {
  summary: "run the simulated POS terminal (interactive, or --script FILE)",
  usage: ["simulate [--acquirer HOST:PORT] [--bank FILE] [--data DIR] [--lang zh-CN|en] [--script FILE] [--profile FILE] [--record FILE]"],
  options: OPTIONS,
  notes: [
    "Interactive on a terminal; " + KEYS_HELP.join("\n"),
    "Exit 0 (every expect of --script held, or quit), 1 a failed expect (FILE:LINE on stderr) or",
    "the data folder in use, 2 usage error (unknown option, bad value, unreadable or malformed FILE).",
  ],
  examples: ["realname-pos simulate", "realname-pos simulate --data /tmp/qa --script tests/scripts/verify-sms.txt"],
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, OPTIONS);
    const lang = oneOf(args.values.get("lang") ?? "zh-CN", ["zh-CN", "en"] as const, "--lang");
    const acquirer = args.values.has("acquirer") ? parseHostPort(args.values.get("acquirer")!) : undefined;
    const bank = args.values.has("bank") ? loadBank(args.values.get("bank")!) : undefined;
    const dataDir = args.values.get("data") ?? join(projectRoot(), "data");
    let profile = simulatorProfile(lang);
    if (args.values.has("profile")) profile = loadProfile(profile, args.values.get("profile")!);
    const scriptFile = args.values.get("script");
    const record = args.values.get("record");
    const steps = scriptFile === undefined ? undefined : loadScript(scriptFile);
    if (!steps && !process.stdin.isTTY) throw new UsageError("interactive mode needs a terminal; use --script FILE");
    const transcript = record === undefined ? undefined : openTranscript(record, argv);

    if (steps) {
      const sim = await createSimulator({ dataDir, acquirer, bank, profile, sink: process.stdout, inPlace: false, printToConsole: true, transcript });
      try {
        sim.terminal.start();
        const result = await runScript(sim, steps, scriptFile);
        if (!result.ok) {
          console.error(result.failure!.message);
          return 1;
        }
        return 0;
      } catch (e) {
        if (e instanceof ScriptError) {
          console.error(e.message);
          return 1;
        }
        throw e;
      } finally {
        await sim.close();
      }
    }

    const keypad = new RawKeypad();
    const sim = await createSimulator({ dataDir, acquirer, bank, profile, sink: process.stdout, inPlace: true, keypad, printToConsole: false, transcript })
      .catch((e) => {
        keypad.close(); // the console back out of raw mode before the one-line error
        throw e;
      });
    console.log(`realname-pos simulator: acquirer ${sim.server ? `in-process on 127.0.0.1:${sim.server.port}` : `${acquirer!.host}:${acquirer!.port}`}, data in ${dataDir}\n${KEYS_HELP.join("\n")}\n`);
    return new Promise<number>((resolve) => {
      keypad.onControl((control) => void interactiveControl(sim, keypad, control, resolve));
      sim.terminal.start();
    });
  },
};
