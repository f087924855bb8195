// The index over the saved records that answers the core's record queries
// (docs/ABI.md "Record queries"): FIND_RECORD (the n-th newest record a filter
// selects), COUNT_ATTEMPTS (a card's issuer answers), PURGE (retention). Built
// at start-up from the journal's records in saving order, kept up to date with
// every SAVE as it is issued (before it is durable: a query always sees the
// records the core saved before asking). The core keeps no copy of them.
//
// Newest means saved last: a record saved again (a status change) moves to the
// newest place, as in the journal. A record of a card reported here reads as
// reported (readAs): the report is saved once, in one record, so no power cut
// can leave a card half-marked. A record that is replaced is left in place
// as a dead entry and skipped; the list is compacted when half of it is dead.
import { RecordFilter as Filter } from "../generated/abi";
import { parseRecord, recordId, type FlowCommand, type FlowEvent } from "../api/flow";
import type { StoredRecord } from "./types";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** One record as the queries need it. */
interface Entry {
  id: string;
  bytes: Uint8Array;
  type: string;
  time: string;
  status: string;
  panHash: string;
  idHash: string;
  replacedBy: string;
  result: string;
  stan: number;
  live: boolean;
}

function entryOf(bytes: Uint8Array): Entry | undefined {
  const text = decoder.decode(bytes);
  const id = recordId(text);
  if (id === undefined) return undefined;
  const f = parseRecord(text);
  const stan = /^[0-9]{6}$/.test(f.stan ?? "") ? Number(f.stan) : 0;
  return {
    id, bytes, type: f.type ?? "", time: f.time ?? "", status: f.status ?? "", panHash: f.panHash ?? "", idHash: f.idHash ?? "",
    replacedBy: f.replacedBy ?? "", result: f.result ?? "", stan, live: true,
  };
}

const reported = (e: Entry) => e.status === "lost" || e.status === "stolen";
const aboutCard = (e: Entry) => e.type === "verification" || e.type === "loss";

/** FIND_RECORD's filters (docs/ABI.md "Record filters"), one rule each. */
const FILTERS: Record<number, (e: Entry, hash: string) => boolean> = {
  [Filter.ALL]: (e) => aboutCard(e),
  [Filter.CARDS]: (e) => e.type === "verification" && e.status !== "replaced",
  [Filter.CARD]: (e, h) => aboutCard(e) && e.panHash === h,
  [Filter.CARD_REPORTED]: (e, h) => aboutCard(e) && e.panHash === h && reported(e),
  [Filter.HOLDER_REPORTED]: (e, h) => e.type === "verification" && e.idHash === h && reported(e) && e.replacedBy === "",
};

/** What COUNT_ATTEMPTS answers. */
export interface AttemptCounts {
  /** The card's attempts whose time is later than `since`. */
  answers: number;
  /** Its failures (result other than 00) since its newest success. */
  failuresInRow: number;
  /** The time of its newest failure, if it has one. */
  newestFailure?: string;
}

export class RecordIndex {
  /** Every entry in saving order, dead ones included until compaction. */
  private order: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  /** Each card's entries (by panHash), in saving order: a card's queries read only its own. */
  private readonly byCard = new Map<string, Entry[]>();
  /** The settings record and the record with the highest STAN, kept as records come (start-up reads them at once). */
  private settings: Entry | undefined;
  private highest: Entry | undefined;

  /** The index of `records` (oldest first, as the storage lists them). */
  constructor(records: readonly StoredRecord[] = []) {
    for (const r of records) this.put(r.bytes);
  }

  get size(): number {
    return this.byId.size;
  }

  /** A SAVE: the record takes the newest place (the same id saved before is replaced). */
  put(bytes: Uint8Array): void {
    const e = entryOf(bytes);
    if (e === undefined) return;
    const old = this.byId.get(e.id);
    if (old) old.live = false;
    this.byId.set(e.id, e);
    this.order.push(e);
    if (e.panHash !== "") {
      const list = this.byCard.get(e.panHash) ?? [];
      list.push(e);
      this.byCard.set(e.panHash, list);
    }
    if (e.type === "settings") this.settings = e;
    else if (!this.highest || !this.highest.live || e.stan >= this.highest.stan) this.highest = e;
    if (this.order.length > 64 && this.order.length > 2 * this.byId.size) this.compact();
  }

  /** FIND_RECORD: the rank-th newest record the filter selects, and how many it selects. */
  find(filter: number, rank: number, hash: string): { count: number; record?: Uint8Array } {
    const passes = FILTERS[filter];
    if (!passes) return { count: 0 };
    // A card's filters read the card's own entries; the others the whole list.
    const list = filter === Filter.CARD || filter === Filter.CARD_REPORTED ? this.byCard.get(hash) ?? [] : this.order;
    let count = 0;
    let record: Uint8Array | undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i];
      if (!e.live || !passes(e, hash)) continue;
      if (count === rank) record = this.read(e);
      count++;
    }
    return { count, record };
  }

  /**
   * A record as the store gives it out (FIND_RECORD, `realname-pos records`):
   * as saved, except that every record of a card reported here reads with the
   * card's newest report as its status (docs/ABI.md "Record queries"). The
   * filters select by the status saved.
   */
  readAs(bytes: Uint8Array): Uint8Array {
    const e = entryOf(bytes);
    return e === undefined ? bytes : this.read(e);
  }

  private read(e: Entry): Uint8Array {
    const report = aboutCard(e) ? this.reportOf(e.panHash) : "";
    if (report === "" || report === e.status) return e.bytes;
    return encoder.encode(decoder.decode(e.bytes).replace(/^status=.*$/m, `status=${report}`));
  }

  /** The status of the card's newest lost or stolen record; "" when the card is not reported here. */
  private reportOf(panHash: string): string {
    const list = this.byCard.get(panHash) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i];
      if (e.live && aboutCard(e) && reported(e)) return e.status;
    }
    return "";
  }

  /** COUNT_ATTEMPTS: the card's answers later than `since` (YYYYMMDDhhmmss) and its run of failures. */
  attempts(hash: string, since: string): AttemptCounts {
    const out: AttemptCounts = { answers: 0, failuresInRow: 0 };
    let run = true;
    const list = this.byCard.get(hash) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i];
      if (!e.live || e.type !== "attempt") continue;
      if (e.time > since) out.answers++;
      const failure = e.result !== "00";
      if (failure && out.newestFailure === undefined) out.newestFailure = e.time;
      if (!failure) run = false;
      else if (run) out.failuresInRow++;
    }
    return out;
  }

  /** PURGE: every record whose time is before `before` leaves the index; their ids, for the storage to drop. */
  purge(before: string): string[] {
    const gone: string[] = [];
    for (const e of this.byId.values()) {
      if (e.time !== "" && e.time < before) {
        e.live = false;
        gone.push(e.id);
      }
    }
    for (const id of gone) this.byId.delete(id);
    if (gone.length > 0) this.compact();
    return gone;
  }

  /**
   * What RESTORE gives the core at power-on: the settings record, and the record with
   * the highest STAN (the numbering continues after it). A host that has one of them
   * refused drops it and asks again.
   */
  powerOnRecords(): { settings?: Uint8Array; highestStan?: Uint8Array } {
    if (this.settings && !this.settings.live) this.settings = undefined;
    if (this.highest && !this.highest.live) {
      this.highest = undefined;
      for (const e of this.byId.values()) if (e.type !== "settings" && (!this.highest || e.stan > this.highest.stan)) this.highest = e;
    }
    return { settings: this.settings?.bytes, highestStan: this.highest?.bytes };
  }

  /** A record the core refused (damaged, unmasked): out of the index, so the query is answered without it. */
  drop(id: string): void {
    const e = this.byId.get(id);
    if (!e) return;
    e.live = false;
    this.byId.delete(id);
  }

  private compact(): void {
    this.order = this.order.filter((e) => e.live);
    for (const [hash, list] of this.byCard) {
      const kept = list.filter((e) => e.live);
      if (kept.length === 0) this.byCard.delete(hash);
      else this.byCard.set(hash, kept);
    }
  }
}

/**
 * The storage's part of a command: a SAVE is indexed, a query answered (the
 * event to feed back), a PURGE applied (its ids, for the durable store to drop).
 * Every host that drives the flow calls it for each command, in order.
 */
export function storeAnswer(index: RecordIndex, command: FlowCommand): { answer?: FlowEvent; purged?: string[] } {
  switch (command.kind) {
    case "SAVE":
      index.put(command.record);
      return {};
    case "FIND_RECORD":
      return { answer: { kind: "RECORD", ...index.find(command.filter, command.rank, command.hash) } };
    case "COUNT_ATTEMPTS":
      return { answer: { kind: "ATTEMPTS", ...index.attempts(command.hash, command.since) } };
    case "PURGE":
      return { purged: index.purge(command.before) };
    default:
      return {};
  }
}
