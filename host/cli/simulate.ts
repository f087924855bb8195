// `realname-pos simulate [--acquirer HOST:PORT] [--bank FILE] [--data DIR]
//   [--lang zh-CN|en] [--script FILE] [--profile FILE] [--record FILE]`: the desktop
// simulator. Without --acquirer it starts its own acquirer in this process.
// --record writes a transcript of every event and command (docs/TRANSCRIPTS.md).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../core";
import { TestBank } from "../acquirer/bank";
import { RawKeypad, type Control } from "../devices/keypad";
import { createSimulator, mergeProfile, simulatorProfile, type Simulator } from "../sim/simulator";
import { parseScript, runScript, ScriptError } from "../sim/script";
import { recordToFile } from "../transcript/file";
import { oneOf, parseArgs, UsageError } from "./args";

const HELP = [
  "keys: digits, Enter=确认, Esc=取消, Backspace=清除, F1-F4, arrows; letters or hanzi open text entry (Tab: empty entry)",
  "      F5 swipe a test-bank card, F6 paste a track 2, F7 key a card, F8 type the SMS code, F9 power cut, F10 link down/up, Ctrl+C quit",
].join("\n");

function parseHostPort(value: string): { host: string; port: number } {
  const m = value.match(/^(.+):(\d{1,5})$/);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`--acquirer must be HOST:PORT (got ${JSON.stringify(value)})`);
  return { host: m[1], port: Number(m[2]) };
}

export const simulate = {
  summary: "run the simulated POS terminal (interactive, or --script FILE)",
  async run(argv: string[]): Promise<number> {
    const args = parseArgs(argv, { values: ["acquirer", "bank", "data", "lang", "script", "profile", "record"] });
    if (args.positional.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
    const lang = oneOf(args.values.get("lang") ?? "zh-CN", ["zh-CN", "en"] as const, "--lang");
    const acquirer = args.values.has("acquirer") ? parseHostPort(args.values.get("acquirer")!) : undefined;
    const bank = args.values.has("bank") ? TestBank.load(args.values.get("bank")!) : undefined;
    const dataDir = args.values.get("data") ?? join(projectRoot(), "data");
    let profile = simulatorProfile(lang);
    if (args.values.has("profile")) profile = mergeProfile(profile, readFileSync(args.values.get("profile")!, "utf8"));
    const scriptFile = args.values.get("script");
    const record = args.values.get("record");
    const transcript = record === undefined ? undefined : recordToFile(record, [`realname-pos simulate ${argv.join(" ")}`]);

    if (scriptFile !== undefined) {
      const steps = parseScript(readFileSync(scriptFile, "utf8"), scriptFile);
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

    if (!process.stdin.isTTY) throw new UsageError("interactive mode needs a terminal; use --script FILE");
    const keypad = new RawKeypad();
    const sim = await createSimulator({ dataDir, acquirer, bank, profile, sink: process.stdout, inPlace: true, keypad, printToConsole: false, transcript });
    console.log(`realname-pos simulator: acquirer ${sim.server ? `in-process on 127.0.0.1:${sim.server.port}` : `${acquirer!.host}:${acquirer!.port}`}, data in ${dataDir}\n${HELP}\n`);
    return new Promise<number>((resolve) => {
      keypad.onControl((control) => void interactiveControl(sim, keypad, control, resolve));
      sim.terminal.start();
    });
  },
};

let linkCut = false;

async function interactiveControl(sim: Simulator, keypad: RawKeypad, control: Control, done: (code: number) => void): Promise<void> {
  const redraw = () => {
    sim.display.detach();
    sim.display.show(sim.display.current());
  };
  switch (control) {
    case "quit":
      await sim.close();
      console.log("");
      return done(0);
    case "swipe": {
      const choices = sim.bank.cards.map((c, i) => `${i + 1}:${c.pan.slice(-4)}(${c.status}${c.otp ? ",sms" : ""})`).join(" ");
      process.stdout.write(`\n${choices}\n`);
      const answer = await keypad.prompt("card number or row");
      const row = answer && /^\d{1,2}$/.test(answer) ? sim.bank.cards[Number(answer) - 1] : undefined;
      if (answer && !sim.cardReader.swipe(row ? row.pan : answer)) sim.display.status("no such card in the test bank");
      return redraw();
    }
    case "track2": {
      const answer = await keypad.prompt("track 2");
      if (answer) sim.cardReader.pasteTrack2(answer);
      return redraw();
    }
    case "keyed": {
      const answer = await keypad.prompt("PAN YYMM");
      const m = answer?.match(/^(\d{12,19})\s+(\d{4})$/);
      if (m) sim.cardReader.keyed(m[1], m[2]);
      else if (answer) sim.display.status("type the card number, a space and the expiry YYMM");
      return redraw();
    }
    case "otp": {
      const code = sim.acquirer?.lastCode();
      if (!code) return sim.display.status("no SMS code sent yet (see the acquirer's sms-outbox.txt)");
      for (const d of code) sim.terminal.post({ kind: "KEY", key: d.charCodeAt(0) });
      return;
    }
    case "power-cut":
      return sim.terminal.powerCut();
    case "link":
      linkCut = !linkCut;
      if (linkCut) sim.modem.sever();
      else sim.modem.restore();
      return sim.display.status(linkCut ? "link down (F10 to restore)" : "link restored");
  }
}
