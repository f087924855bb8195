// Crash-safe record storage: an append-only journal file (format in journal.ts).
//
// An append is written and fsync'd before append() returns, and only then does
// the terminal tell the core SAVED: a record reported saved is on the disk.
// Opening the journal reads it whole and loses at most what is damaged: every
// stretch that holds no whole entry (a flipped byte, a torn last write, bytes
// from elsewhere) is moved to the quarantine file beside it (`<journal>.quarantine`,
// hex, with offset and reason) and the journal is rewritten without it; the
// entries before and after are kept. A record the core refuses at RESTORE is
// set aside the same way (setAside). Records are deduplicated by id: the same id
// saved again with the same bytes writes nothing; with new bytes, the newer wins.
import {
  closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync,
} from "node:fs";
import { basename, dirname } from "node:path";
import { recordId } from "../api/flow";
import { encodeEntry, scanJournal, type Damage, type JournalEntry, type JournalVersion } from "./journal";
import { PowerCut, type Storage, type StoredRecord } from "./types";
import { toHex } from "../hex";

export { PowerCut } from "./types";
export { crc32, encodeEntry, entryAt, MAX_RECORD, scanJournal, type Damage } from "./journal";

const decoder = new TextDecoder();

/** Journal entries reduced to one record per id, the newest, in the order they were last saved; entries with no id apart. */
export function latestById(entries: JournalEntry[]): { records: StoredRecord[]; notRecords: JournalEntry[] } {
  const byId = new Map<string, Uint8Array>();
  const notRecords: JournalEntry[] = [];
  for (const entry of entries) {
    const id = recordId(decoder.decode(entry.record));
    if (id === undefined) {
      notRecords.push(entry);
      continue;
    }
    byId.delete(id); // the newer entry takes the later place
    byId.set(id, entry.record);
  }
  return { records: [...byId].map(([id, bytes]) => ({ id, bytes })), notRecords };
}

/** What reading a journal found besides its records. */
export interface JournalReading {
  version: JournalVersion;
  records: StoredRecord[];
  /** Stretches that hold no whole entry, and whole entries that are not records. */
  damaged: Damage[];
}

function read(image: Uint8Array): JournalReading & { entries: JournalEntry[] } {
  const scan = scanJournal(image);
  const latest = latestById(scan.entries);
  const notRecords = latest.notRecords.map((e): Damage => ({ offset: e.offset, length: e.size, reason: "not a record (no id= line)", torn: false }));
  const damaged = [...scan.damaged, ...notRecords].sort((a, b) => a.offset - b.offset);
  const entries = scan.entries.filter((e) => !latest.notRecords.includes(e));
  return { version: scan.version, records: latest.records, damaged, entries };
}

/** Reads a journal without changing it (damage is left for the terminal to set aside at start-up). */
export function readJournal(path: string): JournalReading {
  const { version, records, damaged } = read(new Uint8Array(readFileSync(path)));
  return { version, records, damaged };
}

/** One line for the log: what was set aside and why, truthfully. */
export function describeDamage(d: Damage): string {
  if (d.torn) return `an incomplete last entry (${d.length} bytes at offset ${d.offset}; the file ends inside it, as a write cut short by a power loss leaves it)`;
  return `${d.length} damaged bytes at offset ${d.offset} (${d.reason})`;
}

export interface JournalOptions {
  /** Makes a file's written bytes durable; fsyncSync unless a test injects its own to prove the order write -> fsync -> SAVED. */
  fsync?: (fd: number) => void;
  /** Receives a line for everything opening the journal or setAside() moved to the quarantine file. */
  log?: (line: string) => void;
  now?: () => Date;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class JournalStorage implements Storage {
  private fd: number;
  private size = 0;
  private readonly byId = new Map<string, Uint8Array>();
  private readonly fsync: (fd: number) => void;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  /** Where set-aside bytes go: beside the journal. */
  readonly quarantinePath: string;
  /** What opening the journal moved to the quarantine file. */
  readonly recovered: Damage[];
  /** The format the file was in when opened (a version 1 file is rewritten as version 2). */
  readonly openedVersion: JournalVersion;
  /** Set by armPowerCut(): the next append writes only part of its entry (tests and `power-cut save`). */
  private cut: { bytes?: number } | undefined;

  constructor(readonly path: string, options: JournalOptions = {}) {
    this.fsync = options.fsync ?? fsyncSync;
    this.log = options.log ?? (() => {});
    this.now = options.now ?? (() => new Date());
    this.quarantinePath = `${path}.quarantine`;
    mkdirSync(dirname(path), { recursive: true });
    const created = !existsSync(path);
    this.fd = openSync(path, "a+");
    if (created) fsyncDir(dirname(path));
    const image = readAll(this.fd);
    const found = read(image);
    this.recovered = found.damaged;
    this.openedVersion = found.version;
    for (const r of found.records) this.byId.set(r.id, r.bytes);
    this.size = image.length;
    if (found.damaged.length > 0) {
      this.quarantine(image, found.damaged);
      for (const d of found.damaged) this.log(`journal: set aside ${describeDamage(d)} into ${basename(this.quarantinePath)}; the records before and after it were kept`);
    }
    if (found.damaged.length > 0 || found.version !== 2) {
      this.replace(found.entries.map((e) => e.record));
      if (found.version !== 2) this.log(`journal: converted from format version ${found.version} to 2 (${found.entries.length} entries)`);
    }
  }

  records(): StoredRecord[] {
    return [...this.byId].map(([id, bytes]) => ({ id, bytes: bytes.slice() }));
  }

  append(record: StoredRecord): void {
    const known = this.byId.get(record.id);
    if (known && sameBytes(known, record.bytes)) return;
    const entry = encodeEntry(record.bytes);
    if (this.cut) {
      // Part of the entry reaches the disk, then the power goes.
      writeFully(this.fd, entry.subarray(0, this.cut.bytes ?? entry.length >> 1));
      this.cut = undefined;
      this.fsync(this.fd);
      throw new PowerCut();
    }
    writeFully(this.fd, entry);
    this.fsync(this.fd);
    this.size += entry.length;
    this.byId.delete(record.id);
    this.byId.set(record.id, record.bytes.slice());
  }

  /**
   * Moves every entry of record `id` to the quarantine file (the core refused it at
   * RESTORE): the journal is rewritten without them and the terminal starts without it.
   */
  setAside(id: string, reason: string): void {
    const image = readAll(this.fd);
    const { entries } = read(image);
    const mine = entries.filter((e) => recordId(decoder.decode(e.record)) === id);
    if (mine.length === 0) return;
    this.quarantine(image, mine.map((e) => ({ offset: e.offset, length: e.size, reason: `record ${id}: ${reason}`, torn: false })));
    this.replace(entries.filter((e) => !mine.includes(e)).map((e) => e.record));
    this.byId.delete(id);
    this.log(`journal: set aside record ${id} (${mine.length} entr${mine.length === 1 ? "y" : "ies"}) into ${basename(this.quarantinePath)}: ${reason}`);
  }

  /**
   * Deletes records for good (PURGE: older than the profile's retention, PIPL art. 19): the
   * journal is rewritten without any of their entries; unlike setAside nothing is kept.
   */
  remove(ids: readonly string[]): void {
    const gone = new Set(ids.filter((id) => this.byId.has(id)));
    if (gone.size === 0) return;
    for (const id of gone) this.byId.delete(id);
    this.replace([...this.byId.values()]);
    this.log(`journal: purged ${gone.size} record(s) past the retention period`);
  }

  /** The next append writes `bytes` of its entry (default half) and throws PowerCut (a simulated power loss). */
  armPowerCut(bytes?: number): void {
    this.cut = { bytes };
  }

  /** Journal size in bytes. */
  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** Appends the damaged stretches, as hex under a header line each, to the quarantine file, durably. */
  private quarantine(image: Uint8Array, stretches: Damage[]): void {
    const at = this.now().toISOString();
    const text = stretches.map((d) => {
      const hex = toHex(image.subarray(d.offset, d.offset + d.length));
      const lines = hex.match(/.{1,64}/g) ?? [];
      return [`# ${at} ${basename(this.path)} offset ${d.offset}, ${d.length} bytes: ${(d.torn ? "incomplete last entry" : d.reason).replace(/\s+/g, " ")}`, ...lines, ""].join("\n");
    }).join("");
    const fd = openSync(this.quarantinePath, "a", 0o600);
    try {
      writeFully(fd, new TextEncoder().encode(text));
      this.fsync(fd);
    } finally {
      closeSync(fd);
    }
    fsyncDir(dirname(this.quarantinePath));
  }

  /** Replaces the journal with these records as whole entries: a new file, fsync'd, renamed over the old one. */
  private replace(records: Uint8Array[]): void {
    const next = `${this.path}.new`;
    const fd = openSync(next, "w");
    let size = 0;
    try {
      for (const r of records) {
        const entry = encodeEntry(r);
        writeFully(fd, entry);
        size += entry.length;
      }
      this.fsync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.path);
    fsyncDir(dirname(this.path));
    this.close();
    this.fd = openSync(this.path, "a+");
    this.size = size;
  }
}

function readAll(fd: number): Uint8Array {
  const size = fstatSync(fd).size;
  const out = new Uint8Array(size);
  let at = 0;
  while (at < size) {
    const n = readSync(fd, out, at, size - at, at);
    if (n === 0) break;
    at += n;
  }
  return out.subarray(0, at);
}

/** write(2) may take part of a buffer: loop until all of it is written. */
function writeFully(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** A new file's directory entry must be durable too. */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the file's own fsync still holds.
  }
}
