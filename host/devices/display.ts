// The simulated display: the core's screens drawn as a framed POS screen in a
// text terminal. A CJK character takes two cells, as on a 128x64 LCD with a
// 16-dot font (8 hanzi or 16 Latin characters per line).
import { Beep, nameOf, WIDE_RANGES } from "../generated/abi";
import type { Display, Screen } from "./types";

/** Cells one code point takes on the display: the core's rule (assembly/flow/cells.ts), 2 for CJK, fullwidth and private-use, else 1. */
export function cellWidth(codePoint: number): number {
  for (const [lo, hi] of WIDE_RANGES) if (codePoint >= lo && codePoint <= hi) return 2;
  return 1;
}

/** Cells a line takes (code points, not UTF-16 units). */
export function textWidth(text: string): number {
  let cells = 0;
  for (const ch of text) cells += cellWidth(ch.codePointAt(0)!);
  return cells;
}

/** The line cut to `columns` cells (never splitting a wide character) and padded with spaces. */
export function fitLine(text: string, columns: number): string {
  let out = "";
  let cells = 0;
  for (const ch of text) {
    const w = cellWidth(ch.codePointAt(0)!);
    if (cells + w > columns) break;
    out += ch;
    cells += w;
  }
  return out + " ".repeat(columns - cells);
}

/**
 * The screen as framed text lines: a top border naming the screen id, `rows` lines of
 * `columns` cells, a bottom border. Lines beyond `rows` or wider than `columns` are cut
 * and marked with `>` on the frame (the core promised to lay them out to size).
 */
export function renderScreen(screen: Screen, columns: number, rows: number): string[] {
  const id = `#${screen.screenId.toString(16).padStart(4, "0")}`;
  const top = `┌${id}${"─".repeat(Math.max(0, columns - id.length))}┐`;
  const out = [top];
  for (let i = 0; i < rows; i++) {
    const line = screen.lines[i] ?? "";
    const over = textWidth(line) > columns;
    out.push(`│${fitLine(line, columns)}${over ? ">" : "│"}`);
  }
  const hidden = screen.lines.length > rows ? `+${screen.lines.length - rows}` : "";
  out.push(`└${hidden}${"─".repeat(Math.max(0, columns - hidden.length))}┘`);
  return out;
}

/** What the display writes to: a TTY (its width in `columns`) or a log stream. */
export interface TextSink {
  write(text: string): void;
  columns?: number;
}

/** Text cut into lines of at most `width` cells (a line break also ends one), as a console wraps it. */
export function wrapCells(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let cells = 0;
    for (const ch of paragraph) {
      const w = cellWidth(ch.codePointAt(0)!);
      if (cells + w > width) {
        out.push(line);
        line = "";
        cells = 0;
      }
      line += ch;
      cells += w;
    }
    out.push(line);
  }
  return out;
}


/**
 * The display for people: redraws the framed screen in place with ANSI cursor moves
 * (`inPlace`), or prints each new screen below the last (scripted mode, logs).
 * In place, the frame is followed by the status note (the simulator's messages and
 * choices, wrapped to the console's width so every line drawn is counted); the line
 * below belongs to the keypad's prompts, and each drawing erases whatever is below
 * the frame, so a prompt or a longer note never stays behind. A note lasts until the
 * core shows the next screen.
 */
export class TextDisplay implements Display {
  private screen: Screen = { screenId: 0, lines: [] };
  private note = "";
  private drawnLines = 0;

  constructor(
    readonly columns: number,
    readonly rows: number,
    private readonly sink: TextSink,
    private readonly options: { inPlace: boolean; bell?: boolean } = { inPlace: false },
  ) {}

  show(screen: Screen): void {
    this.screen = { screenId: screen.screenId, lines: [...screen.lines] };
    this.note = "";
    this.draw();
  }

  current(): Screen {
    return this.screen;
  }

  status(note: string): void {
    this.note = note;
    if (this.options.inPlace) this.draw();
    else if (note) this.sink.write(`[${note}]\n`);
  }

  beep(tone: number): void {
    if (this.options.bell && (tone === Beep.ERROR || tone === Beep.ATTENTION)) this.sink.write("\x07");
    if (!this.options.inPlace && tone !== Beep.CLICK) this.sink.write(`[beep ${nameOf(Beep, tone)?.toLowerCase() ?? tone}]\n`);
  }

  private draw(): void {
    const lines = renderScreen(this.screen, this.columns, this.rows);
    if (this.options.inPlace) {
      // The console's last column stays free: a line that fills it would wrap the cursor.
      // A console that does not know its width (0) is taken as 80 columns.
      if (this.note) lines.push(...wrapCells(this.note, (this.sink.columns || 80) - 1));
      const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A\r` : "";
      this.sink.write(up + lines.map((l) => `\x1b[2K${l}`).join("\n") + "\n\x1b[J");
      this.drawnLines = lines.length;
    } else {
      this.sink.write(lines.join("\n") + "\n");
    }
  }
}
