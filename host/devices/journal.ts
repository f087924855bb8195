// The record journal's format, as pure functions on a byte image of the file, so
// recovery is tested exhaustively on buffers and the disk side (storage.ts) stays
// small. Format version 2, one entry after another:
//
//   4 bytes  sync marker FF 52 4A 02 (0xFF, "RJ", the format version)
//   4 bytes  record length n, big-endian, at most MAX_RECORD
//   4 bytes  CRC-32 (IEEE 802.3, as zlib) of the length bytes and the record
//   n bytes  the record, byte for byte as the core's SAVE gave it
//
// An entry is addressed by the offset of its marker: an index (id -> offset) can
// sit on the journal and read one entry with entryAt(). Records are UTF-8, where
// 0xFF never occurs, so a marker is never found inside a record: after a damaged
// stretch the scan resynchronises on the next marker that starts a whole entry
// whose checksum holds, and only the damaged stretch is lost.
//
// Version 1 (until 2026-05): a 4-byte length, the CRC-32 of the record alone, the
// record; no marker. It is still read (resynchronising on the next offset whose
// length and checksum hold) so an old journal can be converted.

import { INPUT_CAPACITY } from "../generated/abi";

/**
 * The longest record a store keeps: what a RECORD event carries back to the core (its
 * input buffer, less the 4-byte count). The core's own records are under 500 bytes.
 */
export const MAX_RECORD = INPUT_CAPACITY - 4;
export const JOURNAL_VERSION = 2;
const MARKER = Uint8Array.of(0xff, 0x52, 0x4a, JOURNAL_VERSION);
const HEADER = { 1: 8, 2: 12 } as const;

export type JournalVersion = 1 | 2;

/** One whole entry: where it starts, how many bytes it takes, its record. */
export interface JournalEntry {
  offset: number;
  size: number;
  record: Uint8Array;
}

/** A stretch of the image that holds no whole entry. */
export interface Damage {
  offset: number;
  length: number;
  /** Why the entry at `offset` could not be read (for the log and the quarantine file). */
  reason: string;
  /** The file ends inside an entry and nothing valid follows: a write cut short. */
  torn: boolean;
}

export interface JournalScan {
  version: JournalVersion;
  entries: JournalEntry[];
  damaged: Damage[];
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (reflected, polynomial 0xEDB88320, as zlib's crc32) of the parts, one after another. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const bytes of parts) for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One entry's bytes in the current format. */
export function encodeEntry(record: Uint8Array): Uint8Array {
  if (record.length > MAX_RECORD) throw new RangeError(`record of ${record.length} bytes exceeds ${MAX_RECORD}`);
  const out = new Uint8Array(HEADER[2] + record.length);
  const view = new DataView(out.buffer);
  out.set(MARKER);
  view.setUint32(4, record.length);
  view.setUint32(8, crc32(out.subarray(4, 8), record));
  out.set(record, HEADER[2]);
  return out;
}

const CUT_SHORT = "cut short: the file ends inside the entry";

/** The entry at `at`, or why there is none. */
export function entryAt(image: Uint8Array, at: number, version: JournalVersion = 2): JournalEntry | string {
  const left = image.length - at;
  const header = HEADER[version];
  if (version === 2) {
    for (let i = 0; i < Math.min(left, MARKER.length); i++) if (image[at + i] !== MARKER[i]) return "no entry marker";
  }
  if (left < header) return CUT_SHORT;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const lengthAt = version === 2 ? at + 4 : at;
  const length = view.getUint32(lengthAt);
  if (length > MAX_RECORD) return `length ${length} over ${MAX_RECORD}`;
  if (left < header + length) return CUT_SHORT;
  const record = image.subarray(at + header, at + header + length);
  const sum = version === 2 ? crc32(image.subarray(lengthAt, lengthAt + 4), record) : crc32(record);
  if (sum !== view.getUint32(lengthAt + 4)) return "checksum does not match";
  return { offset: at, size: header + length, record: record.slice() };
}

/** The next offset after `from` where an entry may start (markers only, in version 2). */
function candidate(image: Uint8Array, from: number, version: JournalVersion): number {
  if (version === 1) return from < image.length ? from : -1;
  return image.indexOf(MARKER[0], from);
}

function scanAs(image: Uint8Array, version: JournalVersion): JournalScan {
  const entries: JournalEntry[] = [];
  const damaged: Damage[] = [];
  let at = 0;
  while (at < image.length) {
    const found = entryAt(image, at, version);
    if (typeof found !== "string") {
      entries.push(found);
      at += found.size;
      continue;
    }
    let next = candidate(image, at + 1, version);
    while (next >= 0 && typeof entryAt(image, next, version) === "string") next = candidate(image, next + 1, version);
    const end = next < 0 ? image.length : next;
    damaged.push({ offset: at, length: end - at, reason: found, torn: found === CUT_SHORT && end === image.length });
    at = end;
  }
  return { version, entries, damaged };
}

/**
 * Every whole entry of a journal image and every damaged stretch between them.
 * An image with no version 2 entry is read as version 1 when that finds entries.
 */
export function scanJournal(image: Uint8Array): JournalScan {
  const current = scanAs(image, 2);
  if (current.entries.length > 0 || image.length === 0) return current;
  const old = scanAs(image, 1);
  return old.entries.length > 0 ? old : current;
}
