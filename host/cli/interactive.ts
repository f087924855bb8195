// The desktop simulator's own controls (F5-F10, Ctrl+C) in interactive mode.
// A control that asks for something shows its choices in the display's status
// note and reads the answer on the prompt line below the frame; the display
// redraws in place over both, so the frame is drawn once and nothing is left
// behind (host/devices/display.ts).
import type { Control, RawKeypad } from "../devices/keypad";
import type { Simulator } from "../sim/simulator";

export const KEYS_HELP = [
  "keys: digits, Enter=确认, Esc=取消, Backspace=清除, F1-F4, arrows; letters or hanzi open text entry (Tab: empty entry)",
  "      F5 swipe a test-bank card, F6 paste a track 2, F7 key a card, F8 type the SMS code, F9 power cut, F10 link down/up, Ctrl+C quit",
];

/** The link's state as F10 last left it, per simulator. */
const linkCut = new WeakSet<Simulator>();

/** Asks on the prompt line with `choices` in the note; the note is gone again once answered. */
async function ask(sim: Simulator, keypad: RawKeypad, label: string, choices: string): Promise<string | undefined> {
  sim.display.status(choices);
  const answer = await keypad.prompt(label);
  sim.display.status("");
  return answer;
}

export async function interactiveControl(sim: Simulator, keypad: RawKeypad, control: Control, done: (code: number) => void): Promise<void> {
  switch (control) {
    case "quit":
      await sim.close();
      console.log("");
      return done(0);
    case "swipe": {
      const choices = sim.bank.cards.map((c, i) => `${i + 1}:${c.pan.slice(-4)}(${c.status}${c.otp ? ",sms" : ""})`).join(" ");
      const answer = await ask(sim, keypad, "card number or row", choices);
      const row = answer && /^\d{1,2}$/.test(answer) ? sim.bank.cards[Number(answer) - 1] : undefined;
      if (answer && !sim.cardReader.swipe(row ? row.pan : answer)) sim.display.status("no such card in the test bank");
      return;
    }
    case "track2": {
      const answer = await ask(sim, keypad, "track 2", "a track 2 as the card reader gives it: PAN=YYMM...");
      if (answer) sim.cardReader.pasteTrack2(answer);
      return;
    }
    case "keyed": {
      const answer = await ask(sim, keypad, "PAN YYMM", "the card number, a space and the expiry YYMM");
      const m = answer?.match(/^(\d{12,19})\s+(\d{4})$/);
      if (m) sim.cardReader.keyed(m[1], m[2]);
      else if (answer) sim.display.status("type the card number, a space and the expiry YYMM");
      return;
    }
    case "otp": {
      const code = sim.acquirer?.lastCode();
      if (!code) return sim.display.status("no SMS code sent yet (see the acquirer's sms-outbox.txt)");
      for (const d of code) sim.terminal.post({ kind: "KEY", key: d.charCodeAt(0) });
      return;
    }
    case "power-cut":
      return sim.terminal.powerCut();
    case "link": {
      const cut = !linkCut.has(sim);
      if (cut) {
        linkCut.add(sim);
        sim.modem.sever();
      } else {
        linkCut.delete(sim);
        sim.modem.restore();
      }
      return sim.display.status(cut ? "link down (F10 to restore)" : "link restored");
    }
  }
}
