// The simulated keypad: the PC keyboard in raw mode. Digits are digits, Enter is
// 确认/ENTER, Esc is 取消/CANCEL, Backspace is 清除/CLEAR, F1-F4 are the soft keys,
// arrows are UP/DOWN, `*` and `#` themselves. Any other printable character (a
// letter, or hanzi committed by the PC's input method) opens text composition for
// the current field: it collects until Enter and goes to the core as one TEXT
// event, as a terminal's T9 pinyin editor would; Tab opens an empty composition
// (for an ID number ending in X). F5-F10 are the simulator's own controls.
import { emitKeypressEvents } from "node:readline";
import { Key } from "../api/flow";
import type { Keypad, KeypadInput } from "./types";

/** A keypress as node's readline reports it. */
export interface Keypress {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
  meta?: boolean;
}

/** The simulator's own controls (not keys of the terminal). */
export type Control = "swipe" | "track2" | "keyed" | "otp" | "power-cut" | "link" | "quit";

const NAMED_KEYS: Record<string, number> = {
  return: Key.ENTER, enter: Key.ENTER, escape: Key.CANCEL, backspace: Key.CLEAR, delete: Key.CLEAR,
  f1: Key.F1, f2: Key.F2, f3: Key.F3, f4: Key.F4, up: Key.UP, down: Key.DOWN,
};
const CONTROL_KEYS: Record<string, Control> = {
  f5: "swipe", f6: "track2", f7: "keyed", f8: "otp", f9: "power-cut", f10: "link",
};

/** What one keypress means outside composition: a terminal key, a control, text to compose, or nothing. */
export type KeyMeaning =
  | { type: "key"; key: number }
  | { type: "control"; control: Control }
  | { type: "compose"; text: string }
  | undefined;

export function keyMeaning(str: string | undefined, key: Keypress | undefined): KeyMeaning {
  if (key?.ctrl && (key.name === "c" || key.name === "d")) return { type: "control", control: "quit" };
  if (key?.name && NAMED_KEYS[key.name] !== undefined) return { type: "key", key: NAMED_KEYS[key.name] };
  if (key?.name && CONTROL_KEYS[key.name]) return { type: "control", control: CONTROL_KEYS[key.name] };
  if (key?.name === "m" && key.ctrl) return { type: "key", key: Key.MENU };
  if (key?.name === "tab") return { type: "compose", text: "" };
  if (str === undefined || key?.ctrl || key?.meta) return undefined;
  if (/^[0-9*#]$/.test(str)) return { type: "key", key: str.charCodeAt(0) };
  if (/^[^\x00-\x1f\x7f]+$/u.test(str)) return { type: "compose", text: str };
  return undefined;
}

/** The line-editing state of a composition or a prompt. */
export class LineEditor {
  text = "";
  constructor(readonly label: string, initial = "") {
    this.text = initial;
  }

  /** Applies one keypress: "done" on Enter, "abort" on Esc, else "editing". */
  feed(str: string | undefined, key: Keypress | undefined): "done" | "abort" | "editing" {
    if (key?.name === "return" || key?.name === "enter") return "done";
    if (key?.name === "escape") return "abort";
    if (key?.name === "backspace") {
      this.text = [...this.text].slice(0, -1).join("");
    } else if (str !== undefined && !key?.ctrl && !key?.meta && /^[^\x00-\x1f\x7f]+$/u.test(str)) {
      this.text += str;
    }
    return "editing";
  }
}

/** The keyboard of the PC as the terminal's keypad, with the simulator's controls beside it. */
export class RawKeypad implements Keypad {
  private handlers: ((input: KeypadInput) => void)[] = [];
  private controlHandlers: ((control: Control) => void)[] = [];
  private editor: LineEditor | undefined;
  private pending: ((line: string | undefined) => void) | undefined;
  private readonly listener = (str: string | undefined, key: Keypress | undefined) => this.keypress(str, key);

  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly echo: (line: string) => void = (line) => process.stdout.write(`\r\x1b[2K${line}`),
  ) {
    emitKeypressEvents(input);
    if (input.isTTY) input.setRawMode(true);
    input.on("keypress", this.listener);
    input.resume();
  }

  onInput(handler: (input: KeypadInput) => void): void {
    this.handlers.push(handler);
  }

  onControl(handler: (control: Control) => void): void {
    this.controlHandlers.push(handler);
  }

  /** Reads one line on the console (Esc gives undefined), for the simulator's controls. */
  prompt(label: string): Promise<string | undefined> {
    this.editor = new LineEditor(label);
    this.echo(`${label}: `);
    return new Promise((resolve) => (this.pending = resolve));
  }

  close(): void {
    this.input.off("keypress", this.listener);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
  }

  private keypress(str: string | undefined, key: Keypress | undefined): void {
    if (this.editor) return this.edit(str, key);
    const meaning = keyMeaning(str, key);
    if (!meaning) return;
    if (meaning.type === "key") this.emit({ type: "key", key: meaning.key });
    else if (meaning.type === "control") this.controlHandlers.forEach((h) => h(meaning.control));
    else {
      this.editor = new LineEditor("text", meaning.text);
      this.pending = (text) => text !== undefined && this.emit({ type: "text", text });
      this.echo(`text: ${this.editor.text}`);
    }
  }

  private edit(str: string | undefined, key: Keypress | undefined): void {
    const editor = this.editor!;
    if (key?.ctrl && key.name === "c") return this.controlHandlers.forEach((h) => h("quit"));
    const state = editor.feed(str, key);
    if (state === "editing") return this.echo(`${editor.label}: ${editor.text}`);
    const done = this.pending!;
    this.editor = undefined;
    this.pending = undefined;
    this.echo("");
    done(state === "done" ? editor.text : undefined);
  }

  private emit(input: KeypadInput): void {
    for (const h of this.handlers) h(input);
  }
}
