// Scripted mode: one step per line, `#` starts a comment.
//
//   key ENTER|CANCEL|CLEAR|F1..F4|MENU|UP|DOWN|0..9|*|#   one key
//   keys DIGITS          one KEY event per digit
//   text UTF-8           composed text for the current field (TEXT event)
//   swipe TRACK2|PAN     a swipe: a track 2 as read, or the number of a test-bank card
//   keyed PAN YYMM       a keyed card
//   otp                  types the SMS code the acquirer sent last
//   wait MS              lets MS milliseconds pass
//   expect TEXT          the screen shows TEXT, waiting up to a few seconds
//   power-cut            drops all state as a power loss would, then starts again from storage
//   power-cut save       arms a power cut in the middle of the next record's write
//   link-down / link-up  the line to the acquirer goes down / comes back
//   acquirer silent [N]  the in-process acquirer withholds its next N replies
//   acquirer bad-mac [N] ... or sends them with a wrong MAC
import { KEY_NAMES } from "../api/flow";
import type { Simulator } from "./simulator";

export type Step =
  | { op: "key"; key: number }
  | { op: "keys"; digits: string }
  | { op: "text"; text: string }
  | { op: "swipe"; data: string }
  | { op: "keyed"; pan: string; expiry: string }
  | { op: "otp" }
  | { op: "wait"; ms: number }
  | { op: "expect"; text: string }
  | { op: "power-cut"; during?: "save" }
  | { op: "link-down" }
  | { op: "link-up" }
  | { op: "acquirer"; fault: "silent" | "bad-mac"; count: number };

export interface ScriptLine {
  line: number;
  source: string;
  step: Step;
}

export class ScriptError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "ScriptError";
  }
}

/** Parses a script; a malformed line is an error naming it. */
export function parseScript(text: string, file = "script"): ScriptLine[] {
  const out: ScriptLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const source = raw.trim();
    if (source === "" || source.startsWith("#")) return;
    const space = source.search(/\s/);
    const op = space < 0 ? source : source.slice(0, space);
    const arg = space < 0 ? "" : source.slice(space + 1).trim();
    const fail = (why: string): never => {
      throw new ScriptError(file, line, why);
    };
    let step: Step;
    switch (op) {
      case "key": {
        const key = KEY_NAMES[arg.toUpperCase()];
        if (key === undefined) fail(`unknown key ${JSON.stringify(arg)} (ENTER, CANCEL, CLEAR, F1..F4, MENU, UP, DOWN, 0..9, *, #)`);
        step = { op, key };
        break;
      }
      case "keys":
        if (!/^[0-9*#]+$/.test(arg)) fail("keys takes digits");
        step = { op, digits: arg };
        break;
      case "text":
        if (arg === "") fail("text needs the text");
        step = { op, text: arg };
        break;
      case "swipe":
        if (arg === "") fail("swipe needs a track 2 or a card number");
        step = { op, data: arg };
        break;
      case "keyed": {
        const m = arg.match(/^(\d{12,19})\s+(\d{4})$/);
        if (!m) fail("keyed takes PAN YYMM");
        step = { op, pan: m![1], expiry: m![2] };
        break;
      }
      case "otp":
        step = { op };
        break;
      case "wait":
        if (!/^\d+$/.test(arg)) fail("wait takes milliseconds");
        step = { op, ms: Number(arg) };
        break;
      case "expect":
        if (arg === "") fail("expect needs the text to look for");
        step = { op, text: arg };
        break;
      case "power-cut":
        if (arg !== "" && arg !== "save") fail("power-cut takes nothing or `save`");
        step = arg === "save" ? { op, during: "save" } : { op };
        break;
      case "link-down":
      case "link-up":
        step = { op };
        break;
      case "acquirer": {
        const m = arg.match(/^(silent|bad-mac)(?:\s+(\d+))?$/);
        if (!m) fail("acquirer takes silent|bad-mac [N]");
        step = { op, fault: m![1] as "silent" | "bad-mac", count: Number(m![2] ?? 1) };
        break;
      }
      default:
        fail(`unknown step ${JSON.stringify(op)}`);
    }
    out.push({ line, source, step: step! });
  });
  return out;
}

/** How long `expect` waits for its text. */
export const EXPECT_TIMEOUT_MS = 8000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The screen as one string per way it could be read: line by line, and joined (wrapped text). */
export function screenText(lines: string[]): string {
  const trimmed = lines.map((l) => l.trimEnd());
  return `${trimmed.join("\n")}\n${trimmed.map((l) => l.trim()).join("")}`;
}

export interface ScriptResult {
  ok: boolean;
  /** The failing line, when not ok. */
  failure?: ScriptError;
}

/** Runs the steps against a simulator that has been started. Stops at the first failed expect. */
export async function runScript(sim: Simulator, steps: ScriptLine[], file = "script", expectTimeoutMs = EXPECT_TIMEOUT_MS): Promise<ScriptResult> {
  const t = sim.terminal;
  for (const { line, step } of steps) {
    const fail = (why: string): ScriptResult => ({ ok: false, failure: new ScriptError(file, line, why) });
    switch (step.op) {
      case "key":
        t.post({ kind: "KEY", key: step.key });
        break;
      case "keys":
        for (const d of step.digits) t.post({ kind: "KEY", key: d.charCodeAt(0) });
        break;
      case "text":
        t.post({ kind: "TEXT", text: step.text });
        break;
      case "swipe":
        if (step.data.includes("=") || !sim.cardReader.swipe(step.data)) sim.cardReader.pasteTrack2(step.data);
        break;
      case "keyed":
        sim.cardReader.keyed(step.pan, step.expiry);
        break;
      case "otp": {
        const code = sim.acquirer?.lastCode();
        if (!code) return fail(sim.acquirer ? "the acquirer has sent no SMS code" : "otp needs the in-process acquirer");
        for (const d of code) t.post({ kind: "KEY", key: d.charCodeAt(0) });
        break;
      }
      case "wait":
        await sleep(step.ms);
        break;
      case "expect": {
        const deadline = Date.now() + expectTimeoutMs;
        while (!screenText(sim.display.current().lines).includes(step.text)) {
          if (Date.now() > deadline) {
            return fail(`expected ${JSON.stringify(step.text)} on the screen; it shows ${JSON.stringify(sim.display.current().lines)}`);
          }
          await sleep(10);
        }
        break;
      }
      case "power-cut":
        if (step.during === "save") sim.storage().armPowerCut();
        else t.powerCut();
        break;
      case "link-down":
        sim.modem.sever();
        break;
      case "link-up":
        sim.modem.restore();
        break;
      case "acquirer":
        if (!sim.acquirer) return fail("acquirer faults need the in-process acquirer");
        sim.acquirer.inject(step.fault, step.count);
        break;
    }
    // Let the network and timers run between steps, as a person's pace would.
    await sleep(0);
  }
  return { ok: true };
}
