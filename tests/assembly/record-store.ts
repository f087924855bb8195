// The host's record store for the flow specs (docs/ABI.md "Record queries"):
// every SAVE kept in saving order (a record saved again moves to the end, the
// newest place), FIND_RECORD and COUNT_ATTEMPTS answered from it, PURGE
// applied. Test-only: a plain list, allocates freely.

/** The records, oldest first. */
export const stored: string[] = [];

export function clearStore(): void { stored.length = 0; }

/** The value of `key` in a record's `key=value` lines, or "". */
export function recordField(text: string, key: string): string {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith(key + "=")) return l.substring(key.length + 1);
  }
  return "";
}

/** A SAVE: replaces the record of the same id, at the newest place. */
export function storeRecord(text: string): void {
  const id = recordField(text, "id");
  for (let i = 0; i < stored.length; i++) {
    if (recordField(stored[i], "id") == id) { stored.splice(i, 1); break; }
  }
  stored.push(text);
}

function isReported(text: string): bool {
  const s = recordField(text, "status");
  return s == "lost" || s == "stolen";
}

/** Whether a record passes FIND_RECORD's filter (events.ts Filter), by the status saved. */
function passes(text: string, filter: i32, hash: string): bool {
  const type = recordField(text, "type");
  const card = type == "verification" || type == "loss";
  if (filter == 0) return card;
  if (filter == 1) return type == "verification" && recordField(text, "status") != "replaced";
  if (filter == 2) return card && recordField(text, "panHash") == hash;
  if (filter == 3) return card && recordField(text, "panHash") == hash && isReported(text);
  if (filter == 4) return type == "verification" && recordField(text, "idHash") == hash && isReported(text) && recordField(text, "replacedBy") == "";
  return false;
}

/** A record as the store gives it out: a record of a card reported here reads with the card's newest report as its status. */
function readAs(text: string): string {
  const type = recordField(text, "type"), hash = recordField(text, "panHash");
  if (type != "verification" && type != "loss") return text;
  for (let i = stored.length - 1; i >= 0; i--) {
    const r = stored[i];
    if (passes(r, 3, hash)) return text.replace("status=" + recordField(text, "status"), "status=" + recordField(r, "status"));
  }
  return text;
}

function putCount(p: usize, v: i32): void {
  store<u8>(p, <u8>(v >>> 24)); store<u8>(p + 1, <u8>(v >>> 16)); store<u8>(p + 2, <u8>(v >>> 8)); store<u8>(p + 3, <u8>v);
}

/** The bytes of a command payload kept as a string of byte values (flow-helpers.ts drain). */
function byteAt(q: string, i: i32): i32 { return q.charCodeAt(i); }

/** RECORD's payload for a FIND_RECORD payload `q`, at `out`; returns its length. */
export function answerFind(q: string, out: usize): i32 {
  const filter = byteAt(q, 0);
  const rank = (byteAt(q, 1) << 24) | (byteAt(q, 2) << 16) | (byteAt(q, 3) << 8) | byteAt(q, 4);
  const hash = q.length > 5 ? q.substring(5) : "";
  let total = 0;
  let found = "";
  for (let i = stored.length - 1; i >= 0; i--) {
    if (!passes(stored[i], filter, hash)) continue;
    if (total == rank) found = readAs(stored[i]);
    total++;
  }
  putCount(out, total);
  const buf = String.UTF8.encode(found);
  memory.copy(out + 4, changetype<usize>(buf), <usize>buf.byteLength);
  return 4 + buf.byteLength;
}

/** ATTEMPTS' payload for a COUNT_ATTEMPTS payload `q` (hash, since), at `out`; returns its length. */
export function answerAttempts(q: string, out: usize): i32 {
  const hash = q.substring(0, 32), since = q.substring(32, 46);
  let answers = 0, inRow = 0;
  let runOpen = true;
  let newestFailure = "";
  for (let i = stored.length - 1; i >= 0; i--) {
    const r = stored[i];
    if (recordField(r, "type") != "attempt" || recordField(r, "panHash") != hash) continue;
    const time = recordField(r, "time");
    if (time > since) answers++;
    const failure = recordField(r, "result") != "00";
    if (failure && newestFailure == "") newestFailure = time;
    if (!failure) runOpen = false;
    if (failure && runOpen) inRow++;
  }
  putCount(out, answers);
  putCount(out + 4, inRow);
  for (let i = 0; i < newestFailure.length; i++) store<u8>(out + 8 + <usize>i, <u8>newestFailure.charCodeAt(i));
  return 8 + newestFailure.length;
}

/** PURGE: every record whose time is before `before` leaves the store. */
export function purge(before: string): void {
  for (let i = stored.length - 1; i >= 0; i--) {
    const t = recordField(stored[i], "time");
    if (t != "" && t < before) stored.splice(i, 1);
  }
}
