// One writer per data folder. `simulate` and `web` write DATA/terminal (the
// journal) and, with their own acquirer, DATA/acquirer (hotlist, logs); two
// processes on one folder would restore the same highest STAN and write records
// whose ids collide. Each takes an exclusive lock file in the folder it writes:
//
//   DIR/.lock   "PID WHAT STARTED" (one line), mode 0600
//
// The claim is written to a private file first and hard-linked into place, so the
// lock appears whole or not at all and link() refuses when it exists. A lock whose
// process is gone (killed, crashed, power cut) is stale and taken over: it is
// renamed away (atomic), and put back if what was moved turns out not to be the
// stale lock that was read.
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { toHex } from "./hex";

/** Another live process holds the folder: one line for the operator. */
export class FolderInUse extends Error {
  constructor(readonly folder: string, readonly holder: string) {
    super(`${folder} is in use by ${holder}; stop it or give another --data folder (if no such process is running, delete ${join(folder, LOCK_NAME)})`);
    this.name = "FolderInUse";
  }
}

export interface FolderLock {
  readonly path: string;
  /** Gives the folder up (idempotent); also done when the process exits. */
  release(): void;
}

const LOCK_NAME = ".lock";

/** True when a process with this id exists (EPERM: it exists, owned by someone else). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(path: string): { text: string; pid: number; holder: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const [pid, what] = text.trim().split(" ");
  return { text, pid: Number(pid), holder: `${what ?? "another process"} (process ${pid})` };
}

/** Takes DIR/.lock for `what` ("simulate", "web", "acquirer") or throws FolderInUse. */
export function lockFolder(folder: string, what: string): FolderLock {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_NAME);
  const mine = `${process.pid} ${what} ${new Date().toISOString()}\n`;
  const claim = join(folder, `${LOCK_NAME}.${process.pid}.${toHex(randomBytes(4))}`);
  writeFileSync(claim, mine, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(claim, path);
        return held(path, mine);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const lock = readLock(path);
      if (!lock) continue; // released meanwhile: try again
      if (Number.isInteger(lock.pid) && lock.pid > 0 && running(lock.pid)) throw new FolderInUse(folder, lock.holder);
      // Stale: move it away, then make sure it was the one read (another process may have taken over first).
      const moved = `${claim}.stale`;
      try {
        renameSync(path, moved);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
        throw e;
      }
      const taken = readLock(moved);
      if (taken && taken.text !== lock.text) {
        try {
          linkSync(moved, path); // a live lock was moved by mistake: put it back
        } catch {
          // Someone else holds it now: theirs stands.
        }
        unlinkSync(moved);
        throw new FolderInUse(folder, taken.holder);
      }
      unlinkSync(moved);
    }
    throw new FolderInUse(folder, "processes starting at the same moment");
  } finally {
    unlinkSync(claim);
  }
}

function held(path: string, mine: string): FolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    // Only our own lock is removed: a stale-lock takeover may have replaced it.
    if (readLock(path)?.text === mine) unlinkSync(path);
  };
  process.on("exit", release);
  return { path, release };
}
