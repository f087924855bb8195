// `npm run bench`: every benchmark, each a ratio against a baseline measured in
// the same run. Benchmarks are never tests: nothing here can fail a build.
// `npm run bench -- crypto iso` runs only the benchmarks named.
import { cpus, loadavg } from "node:os";
import { benchChecks } from "./checks";
import { cryptoBench } from "./crypto";
import { benchIso8583 } from "./iso8583";
import { benchFlow } from "./flow";
import { benchStartup } from "./startup";

const benches: Record<string, () => void> = { checks: benchChecks, iso: benchIso8583, crypto: cryptoBench, flow: benchFlow, startup: benchStartup };
const chosen = process.argv.slice(2);
for (const name of chosen) if (!(name in benches)) throw new Error(`no benchmark "${name}" (${Object.keys(benches).join(", ")})`);

const load = loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`realname-pos benchmarks (node ${process.version}, ${new Date().toISOString()})`);
console.log(`${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), load average ${load} at the start: other work on the machine slows both sides of a ratio alike, not always equally\n`);
for (const [name, bench] of Object.entries(benches)) if (chosen.length === 0 || chosen.includes(name)) bench();
