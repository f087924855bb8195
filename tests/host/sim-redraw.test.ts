// issue 9, fix 9: the desktop simulator redraws in place. After an F5/F6/F7
// prompt the console shows the frame once, as the core last drew it, with no
// half-drawn old frame, no leftover choices or prompt line; a status note lasts
// until the next screen. The console is emulated (the ANSI moves the display and
// the keypad write), the keys come through the real RawKeypad.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { cellWidth, renderScreen } from "../../host/devices/display";
import { RawKeypad } from "../../host/devices/keypad";
import { createSimulator, simulatorProfile, type Simulator } from "../../host/sim/simulator";
import { interactiveControl } from "../../host/cli/interactive";

/** A console: rows of cells, a cursor, and the few controls the simulator writes (CR, LF, ESC[nA, ESC[2K, ESC[J). */
class Console {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  constructor(readonly columns: number) {}
  write(text: string): void {
    for (let i = 0; i < text.length; ) {
      const control = /^\x1b\[(\d*)([AKJ])/.exec(text.slice(i, i + 8));
      if (control) {
        const [all, n, op] = control;
        if (op === "A") this.row = Math.max(0, this.row - Number(n || 1));
        else if (op === "K") this.rows[this.row] = [];
        else this.rows.length = this.row + 1, this.rows[this.row] = this.rows[this.row].slice(0, this.col);
        i += all.length;
        continue;
      }
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      i += ch.length;
      if (ch === "\r") this.col = 0;
      else if (ch === "\n") {
        this.row++;
        this.col = 0;
        while (this.rows.length <= this.row) this.rows.push([]);
      } else if (ch !== "\x07") {
        const line = this.rows[this.row];
        while (line.length < this.col) line.push(" ");
        line[this.col] = ch;
        if (cellWidth(ch.codePointAt(0)!) === 2) line[this.col + 1] = "";
        this.col += cellWidth(ch.codePointAt(0)!);
      }
    }
  }
  lines(): string[] {
    return this.rows.map((r) => r.join("").trimEnd());
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const F5 = "\x1b[15~";
const F7 = "\x1b[18~";

test("desktop simulator: after F5 and F7 prompts the frame is drawn once, in place, and the prompt and its note are gone", { timeout: 30000 }, async () => {
  const console = new Console(100);
  const input = new PassThrough() as unknown as NodeJS.ReadStream;
  const keypad = new RawKeypad(input, (line) => console.write(`\r\x1b[2K${line}`));
  const sim: Simulator = await createSimulator({
    dataDir: mkdtempSync(join(tmpdir(), "realname-redraw-")), profile: simulatorProfile("zh-CN"), sink: console, inPlace: true, keypad, printToConsole: false,
  });
  try {
    keypad.onControl((control) => void interactiveControl(sim, keypad, control, () => {}));
    sim.terminal.start();
    const frame = () => renderScreen(sim.display.current(), sim.display.columns, sim.display.rows);
    /** The console holds exactly one frame, the current screen's, and nothing under it but `below`. */
    const shows = (below: string[]) => {
      const lines = console.lines();
      const top = lines.findIndex((l) => l.startsWith("┌#"));
      const want = frame().map((l) => l.trimEnd());
      return top >= 0 && lines.filter((l) => l.startsWith("┌#")).length === 1
        && JSON.stringify(lines.slice(top, top + want.length)) === JSON.stringify(want)
        && JSON.stringify(lines.slice(top + want.length).filter((l) => l !== "")) === JSON.stringify(below);
    };
    await until("the menu", () => sim.display.current().lines.join("").includes("主菜单") && shows([]));

    // F5: the choices under the frame, the prompt below them.
    input.write(F5);
    await until("F5's choices and prompt", () => console.lines().some((l) => l.startsWith("card number or row:")) && console.lines().some((l) => /^1:\d{4}\(/.test(l)));
    input.write("99\r"); // no such row: a number no test-bank card has
    await until("the prompt gone, the note shown", () => shows(["no such card in the test bank"]));

    // F7 with a malformed answer: its note; then a key that changes the screen clears the note.
    input.write(F7);
    await until("F7's prompt", () => console.lines().some((l) => l.startsWith("PAN YYMM:")));
    input.write("123\r");
    await until("F7's note alone under the frame", () => shows(["type the card number, a space and the expiry YYMM"]));
    const before = sim.display.current().lines.join("|");
    input.write("1");
    await until("the next screen, the note gone", () => sim.display.current().lines.join("|") !== before && shows([]));

    // F5 again on the new screen, answered with Esc: nothing left behind.
    input.write(F5);
    await until("F5's prompt", () => console.lines().some((l) => l.startsWith("card number or row:")));
    input.write("\x1b");
    await until("back to the frame alone", () => shows([]));
  } finally {
    await sim.close();
  }
});
