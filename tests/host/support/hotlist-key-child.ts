// Run by folder-lock.test.ts in a process of its own: two threads build an
// Acquirer on the same fresh data folder at the same instant (a shared barrier),
// round after round, each creating hotlist.key if none exists. Prints
// {"rounds":N,"failures":[...]}: a round fails when a thread throws (EEXIST, a
// half-written key), the two end up with different keys, or the folder holds
// anything but hotlist.key (mode 0600) afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Acquirer } from "../../../host/acquirer/acquirer";
import { TestBank } from "../../../host/acquirer/bank";
import type { CupCodec } from "../../../host/acquirer/message";

const ROUNDS = 300;
const THREADS = 2;

if (isMainThread) {
  const folders = Array.from({ length: ROUNDS }, () => mkdtempSync(join(tmpdir(), "realname-key-race-")));
  const barrier = new Int32Array(new SharedArrayBuffer(4));
  const results = await Promise.all(Array.from({ length: THREADS }, () => new Promise<string[]>((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { folders, barrier } });
    w.once("message", resolve);
    w.once("error", reject);
  })));
  const failures = folders.flatMap((f, i) => {
    const seen = results.map((r) => r[i]);
    const files = readdirSync(f);
    const mode = statSync(join(f, "hotlist.key")).mode & 0o777;
    const ok = seen.every((k) => k === seen[0] && !k.startsWith("error")) && files.length === 1 && mode === 0o600;
    return ok ? [] : [`${f}: ${seen.join(" / ")}; files ${files.join(" ")}; mode ${mode.toString(8)}`];
  });
  for (const f of folders) rmSync(f, { recursive: true });
  process.stdout.write(JSON.stringify({ rounds: ROUNDS, failures }));
} else {
  const { folders, barrier } = workerData as { folders: string[]; barrier: Int32Array };
  const unused: CupCodec = { pack: () => { throw new Error("unused"); }, unpack: () => { throw new Error("unused"); } };
  const bank = TestBank.default();
  const keys: string[] = [];
  for (const [round, dataDir] of folders.entries()) {
    Atomics.add(barrier, 0, 1);
    while (Atomics.load(barrier, 0) < THREADS * (round + 1)) { /* both threads start the round together */ }
    try {
      new Acquirer({ codec: unused, bank, tmk: new Uint8Array(16), dataDir });
      keys.push(readFileSync(join(dataDir, "hotlist.key"), "utf8"));
    } catch (e) {
      keys.push(`error ${(e as Error).message}`);
    }
  }
  parentPort!.postMessage(keys);
}
