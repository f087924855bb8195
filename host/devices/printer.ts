// The simulated printer: each receipt is appended to a file (with the time it was
// printed) and echoed to the console. Its status can be set to simulate paper out.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrinterStatus } from "../api/flow";
import type { Printer } from "./types";

export class FilePrinter implements Printer {
  private state: PrinterStatus = PrinterStatus.READY;
  /** Receipts printed since start (the console may be off). */
  readonly printed: string[][] = [];

  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
    private readonly console: ((text: string) => void) | undefined = (text) => process.stdout.write(text),
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  print(lines: string[]): void {
    this.printed.push([...lines]);
    const width = Math.max(8, ...lines.map((l) => l.length));
    const text = [`---- ${this.now().toISOString()} ----`, ...lines, "-".repeat(width), ""].join("\n");
    appendFileSync(this.path, text + "\n");
    this.console?.(text);
  }

  status(): PrinterStatus {
    return this.state;
  }

  setStatus(status: PrinterStatus): void {
    this.state = status;
  }
}
