// `npm run bench`: every benchmark, each a ratio against a baseline measured in
// the same run. Benchmarks are never tests: nothing here can fail a build.
import { benchChecks } from "./checks";
import { cryptoBench } from "./crypto";
import { benchIso8583 } from "./iso8583";
import { benchFlow } from "./flow";

const benches: Array<() => void> = [benchChecks, benchIso8583, cryptoBench, benchFlow];

console.log(`realname-pos benchmarks (node ${process.version}, ${new Date().toISOString()})\n`);
for (const bench of benches) bench();
