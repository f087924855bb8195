// Records in the host's store at scale (issue 11): a terminal whose journal holds
// 10,000 records starts to its menu without the core seeing them (RESTORE of one),
// reports the oldest record's card lost, and refuses a card its answers locked —
// each answer found by the index over the journal, nothing mirrored in the core. In
// both custodies: with keyCustody=module the keyed hashes the queries name come from
// the secure module, the core never holding the record-hash key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FlowState, ModuleKey } from "../../host/generated/abi";
import { Key, LinkStatus } from "../../host/api/flow";
import { JournalStorage } from "../../host/devices/storage";
import { RecordIndex } from "../../host/devices/record-index";
import { DATE, RECORD_KEY, Terminal, reply } from "./flow-acquirer";
import { syntheticJournal } from "./support/synthetic-journal";

const NOW = new Date(Date.UTC(Math.floor(DATE / 10000), Math.floor(DATE / 100) % 100 - 1, DATE % 100, 10, 30, 0));
const RECORDS = 10_000;

let generated: ReturnType<typeof syntheticJournal> | undefined;

type Custody = "core" | "module";

function terminalOn10k(custody: Custody): { t: Terminal; journal: ReturnType<typeof syntheticJournal>; restores: number } {
  const journal = (generated ??= syntheticJournal(RECORDS, RECORD_KEY, NOW));
  const path = join(mkdtempSync(join(tmpdir(), "realname-scale-")), "records.journal");
  writeFileSync(path, journal.image);
  const storage = new JournalStorage(path);
  const index = new RecordIndex(storage.records());
  storage.close();
  assert.equal(index.size, RECORDS);
  const t = new Terminal(index, custody);
  let restores = 0;
  const step = t.step.bind(t);
  t.step = (event) => {
    if (event.kind === "RESTORE") restores++;
    return step(event);
  };
  t.boot();
  return { t, journal, restores };
}

for (const custody of ["core", "module"] as const) {
  test(`keyCustody=${custody}, 10,000 saved records: start-up reaches the menu with one RESTORE (the highest STAN)`, () => {
    const { t, restores } = terminalOn10k(custody);
    assert.equal(t.state(), FlowState.EXPECT_MENU);
    assert.equal(restores, 1);
  });

  test(`keyCustody=${custody}, 10,000 saved records: a loss report on the oldest record marks that record lost`, () => {
    const { t, journal } = terminalOn10k(custody);
    t.key(0x33); // 3: loss report
    t.step({ kind: "CARD", card: { source: "keyed", pan: journal.oldest.pan, expiry: "3012" } });
    t.key(0x31); // lost
    t.send();
    t.answer(reply(t.sent, "0312", "00"));
    assert.match(t.screen(), /已挂失/);
    const lost = t.saved.filter((r) => r.includes("status=lost"));
    assert.equal(lost.length, 1);
    assert.ok(lost[0].startsWith(`id=${journal.oldest.id}\n`), lost[0]);
    // The card is blocked from now on, found among 10,000 records.
    t.key(Key.ENTER);
    t.key(0x31); t.key(Key.ENTER); t.text("王五"); t.key(Key.ENTER); t.key(0x31); t.text("11010519491231002X"); t.key(Key.ENTER);
    t.step({ kind: "CARD", card: { source: "keyed", pan: journal.oldest.pan, expiry: "3012" } });
    assert.match(t.screen(), /已挂失/);
  });

  test(`keyCustody=${custody}, 10,000 saved records: a card with three failures in the journal is refused before anything is sent (R16)`, () => {
    const { t, journal } = terminalOn10k(custody);
    t.key(0x31); t.key(Key.ENTER); t.text("王五"); t.key(Key.ENTER); t.key(0x31); t.text("11010519491231002X"); t.key(Key.ENTER);
    t.step({ kind: "CARD", card: { source: "keyed", pan: journal.locked.pan, expiry: "3012" } });
    if (custody === "module") {
      // The hash the store's queries name is the secure module's MAC: the core holds no record-hash key.
      assert.ok(t.out.some((c) => c.kind === "MAC" && c.key === ModuleKey.RECORD_HASH), "the card's keyed hash asked of the secure module");
    }
    assert.match(t.screen(), /锁定/);
    assert.ok(!t.out.some((c) => c.kind === "CONNECT"), "nothing sent");
    assert.notEqual(t.state(), FlowState.EXPECT_CARD);
    t.step({ kind: "LINK", status: LinkStatus.UP }); // a stray link report changes nothing
  });
}
