// Crash-safe record storage: an append-only journal file. Each entry is
//
//   4 bytes  length of the record (big-endian)
//   4 bytes  CRC-32 of the record (IEEE 802.3, as zlib and PNG use)
//   n bytes  the record, byte for byte as the core's SAVE gave it
//
// An append is written and fsync'd before append() returns, and only then does
// the terminal tell the core SAVED: a record reported saved is on the disk. A
// power cut can leave a torn last entry (short, or with a checksum that does not
// match); opening the journal detects it and truncates the file back to the last
// whole entry. Records are deduplicated by id: the same id saved again with the
// same bytes writes nothing; with new bytes, the newer entry wins.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { recordId } from "../api/flow";
import { PowerCut, type Storage, type StoredRecord } from "./types";

export { PowerCut } from "./types";

const HEADER = 8;
const decoder = new TextDecoder();
/** Larger than any record the core can produce (its output buffer is 8192 bytes). */
export const MAX_RECORD = 8192;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (reflected, polynomial 0xEDB88320, as zlib's crc32). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One journal entry's bytes. */
export function encodeEntry(record: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + record.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, record.length);
  view.setUint32(4, crc32(record));
  out.set(record, HEADER);
  return out;
}

/** Whole entries of a journal image and where the valid part ends (a torn tail starts there). */
export function scanJournal(image: Uint8Array): { records: Uint8Array[]; validLength: number } {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (image.length - at >= HEADER) {
    const length = view.getUint32(at);
    if (length > MAX_RECORD || image.length - at - HEADER < length) break;
    const record = image.slice(at + HEADER, at + HEADER + length);
    if (crc32(record) !== view.getUint32(at + 4)) break;
    records.push(record);
    at += HEADER + length;
  }
  return { records, validLength: at };
}

/** Journal entries reduced to one record per id, the newest, in the order they were last saved. */
export function latestById(entries: Uint8Array[]): { records: StoredRecord[]; skipped: number } {
  const byId = new Map<string, Uint8Array>();
  let skipped = 0;
  for (const bytes of entries) {
    const id = recordId(decoder.decode(bytes));
    if (id === undefined) {
      skipped++;
      continue;
    }
    byId.delete(id); // the newer entry takes the later place
    byId.set(id, bytes);
  }
  return { records: [...byId].map(([id, bytes]) => ({ id, bytes })), skipped };
}

/** Reads a journal without changing it (a torn tail is left for the terminal to drop). */
export function readJournal(path: string): { records: StoredRecord[]; tornBytes: number } {
  const image = new Uint8Array(readFileSync(path));
  const { records, validLength } = scanJournal(image);
  return { records: latestById(records).records, tornBytes: image.length - validLength };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class JournalStorage implements Storage {
  private fd: number;
  private size: number;
  private readonly byId = new Map<string, Uint8Array>();
  /** Bytes dropped as a torn tail when the journal was opened. */
  readonly tornBytes: number;
  /** Entries skipped when opening because they were not records (no id= line). */
  readonly skipped: number;
  private cutNextAppend = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    const created = !existsSync(path);
    this.fd = openSync(path, "a+");
    if (created) fsyncDir(dirname(path));
    const image = readAll(this.fd);
    const { records, validLength } = scanJournal(image);
    this.tornBytes = image.length - validLength;
    if (this.tornBytes > 0) {
      ftruncateSync(this.fd, validLength);
      fsyncSync(this.fd);
    }
    this.size = validLength;
    const latest = latestById(records);
    this.skipped = latest.skipped;
    for (const r of latest.records) this.byId.set(r.id, r.bytes);
  }

  records(): StoredRecord[] {
    return [...this.byId].map(([id, bytes]) => ({ id, bytes: bytes.slice() }));
  }

  append(record: StoredRecord): void {
    const known = this.byId.get(record.id);
    if (known && sameBytes(known, record.bytes)) return;
    if (record.bytes.length > MAX_RECORD) throw new RangeError(`record of ${record.bytes.length} bytes exceeds ${MAX_RECORD}`);
    const entry = encodeEntry(record.bytes);
    if (this.cutNextAppend) {
      // Half the entry reaches the disk, then the power goes.
      this.cutNextAppend = false;
      writeFully(this.fd, entry.subarray(0, entry.length >> 1));
      fsyncSync(this.fd);
      throw new PowerCut();
    }
    writeFully(this.fd, entry);
    fsyncSync(this.fd);
    this.size += entry.length;
    this.byId.delete(record.id);
    this.byId.set(record.id, record.bytes.slice());
  }

  /** The next append writes half its entry and throws PowerCut (a simulated power loss). */
  armPowerCut(): void {
    this.cutNextAppend = true;
  }

  /** Journal size in bytes (whole entries). */
  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
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
