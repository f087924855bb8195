// Start-up against the number of saved records (issue 11): the core no longer
// reads the records (RESTORE of one, the highest STAN; the host's index answers
// its queries), so start-up may grow only with reading the journal and building
// the index. Journals of 1,000 and 10,000 generated records (synthetic, valid
// checksums), measured against each other in the same run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FlowState } from "../host/generated/abi";
import { JournalStorage } from "../host/devices/storage";
import { RecordIndex } from "../host/devices/record-index";
import { RECORD_KEY, Terminal } from "../tests/host/flow-acquirer";
import { syntheticJournal } from "../tests/host/support/synthetic-journal";
import { compare } from "./measure";

const NOW = new Date(Date.UTC(2026, 10, 26, 10, 30, 0));

/** The journal read and indexed, as the terminal does at power-on. */
function readAndIndex(path: string): RecordIndex {
  const storage = new JournalStorage(path);
  const index = new RecordIndex(storage.records());
  storage.close();
  return index;
}

export function benchStartup(): void {
  const dir = mkdtempSync(join(tmpdir(), "realname-bench-startup-"));
  try {
    const paths = [1_000, 10_000].map((n) => {
      const path = join(dir, `${n}.journal`);
      writeFileSync(path, syntheticJournal(n, RECORD_KEY, NOW).image);
      return path;
    });
    const [small, large] = paths.map((path) => new Terminal(readAndIndex(path)));
    const boot = (t: Terminal) => () => {
      t.boot();
      if (t.state() !== FlowState.EXPECT_MENU) throw new Error("start-up did not reach the menu");
    };
    console.log("start-up against the record count (1,000 and 10,000 records in the journal)\n");
    const read = compare("reading the journal and building the index (host)", ["10,000 records", () => readAndIndex(paths[1])], ["1,000 records", () => readAndIndex(paths[0])], { rounds: 5, ms: 300 });
    const core = compare("power-on to the menu on that index (core: POWER_ON, keys, RESTORE, START, sign-on, echo)", ["10,000 records", boot(large)], ["1,000 records", boot(small)], { rounds: 5, ms: 300 });
    const whole = compare("whole start-up: read, index, power-on to the menu", ["10,000 records", () => boot(new Terminal(readAndIndex(paths[1])))()], ["1,000 records", () => boot(new Terminal(readAndIndex(paths[0])))()], { rounds: 5, ms: 300 });
    // A ratio is subject/baseline in calls per second: its inverse is how much longer 10,000 records take.
    console.log(`start-up time, 10,000 against 1,000 records: ${(1 / whole.ratio).toFixed(2)}x; reading the journal ${(1 / read.ratio).toFixed(2)}x; the core's part ${(1 / core.ratio).toFixed(2)}x (1.00x: no growth with the records)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
