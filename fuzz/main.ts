// `npm run fuzz -- --seconds N [--seed S] [--module PATH]...`: the core's fuzzers,
// round robin until the time is up — ISO 8583 pack/unpack, event sequences
// against a scripted acquirer, every exported check/crypto call — then one line
// per fuzzer: inputs tried, traps found (a Wasm RuntimeError), linear memory at
// the start and the most seen. Exit 1 when anything trapped or memory grew.
// --module names the modules whose exports are called (default: the terminal
// module, the tools module and the QA build, which adds the flow's state getters
// so the states reached can be counted); each export is called in whichever
// module has it, and the event fuzzer runs on every module that has handle().
import { readFileSync } from "node:fs";
import { Core, defaultToolsPath, defaultWasmPath, qaWasmPath } from "../host/core";
import { hasCoreCustody } from "../host/custody";
import { ExportsFuzzer } from "./exports";
import { FlowFuzzer } from "./flow";
import type { Fuzzer } from "./fuzzer";
import { Iso8583Fuzzer } from "./iso8583";
import { Rng } from "./random";

function options(argv: string[]): { seconds: number; seed: number; modules: string[] } {
  let seconds = 10;
  let seed = Date.now() >>> 0;
  const modules: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--seconds" && /^\d+(\.\d+)?$/.test(value ?? "")) seconds = Number(argv[++i]);
    else if (argv[i] === "--seed" && /^\d+$/.test(value ?? "")) seed = Number(argv[++i]) >>> 0;
    else if (argv[i] === "--module" && value) modules.push(argv[++i]);
    else throw new Error(`usage: npm run fuzz -- --seconds N [--seed S] [--module PATH]... (at ${JSON.stringify(argv[i])})`);
  }
  return { seconds, seed, modules: modules.length ? modules : [defaultWasmPath(), defaultToolsPath(), qaWasmPath()] };
}

/** The flow's states, as the core's transition table knows them: each accepts some event kind. */
function flowStates(core: Core): number[] {
  const states: number[] = [];
  for (let state = 0; state < 64; state++) {
    for (let kind = 0; kind < 32; kind++) {
      if (core.call("flowAccepts", state, kind) === 1) {
        states.push(state);
        break;
      }
    }
  }
  return states;
}

const o = options(process.argv.slice(2));
const modules = o.modules.map((path) => new Core(new WebAssembly.Module(readFileSync(path))));
const codec = modules.find((c) => typeof c.exports.iso8583Unpack === "function");
const rng = new Rng(o.seed);
const fuzzers: Fuzzer[] = [
  ...(codec ? [new Iso8583Fuzzer(codec, rng)] : []),
  // The event sequences script a keyCustody=core terminal (the acquirer's keys injected): on the modules that implement it.
  ...modules.flatMap((c, i) => (typeof c.exports.handle === "function" && hasCoreCustody(c) ? [new FlowFuzzer(c, rng, o.modules[i].split("/").at(-1)!)] : [])),
  new ExportsFuzzer(modules, rng),
];
for (const name of ExportsFuzzer.unfuzzed(modules)) console.log(`note: export ${name} is in no fuzzer's table (fuzz/exports.ts)`);
for (const name of ExportsFuzzer.missing(modules)) console.log(`note: ${name} (fuzz/exports.ts) is exported by no module given`);

console.log(`fuzzing for ${o.seconds} s, seed ${o.seed}, modules ${o.modules.join(", ")}`);
for (const f of fuzzers) f.begin();
const end = Date.now() + o.seconds * 1000;
let lastReport = Date.now();
while (Date.now() < end) {
  for (const f of fuzzers) for (let i = 0; i < 200; i++) f.run();
  if (Date.now() - lastReport > 60_000) {
    lastReport = Date.now();
    console.log(`  ${Math.round((end - lastReport) / 1000)} s left: ${fuzzers.map((f) => `${f.name} ${f.inputs}`).join(", ")}`);
  }
}

let failed = false;
for (const f of fuzzers) {
  const grew = f.memoryMost > f.memoryAtStart;
  failed ||= f.traps.length > 0 || grew;
  const qa = f instanceof FlowFuzzer && f.statesSeen;
  const missed = qa ? flowStates(f.core).filter((s) => !f.states.has(s)) : [];
  const extra = qa ? `, ${f.states.size} flow states reached${missed.length ? ` (not ${missed.join(", ")})` : ""}` : "";
  console.log(`${f.name}: ${f.inputs} inputs, ${f.traps.length} traps, memory ${f.memoryAtStart / 1024} KiB -> most ${f.memoryMost / 1024} KiB${extra}`);
  for (const t of f.traps.slice(0, 5)) console.log(`  trap: ${t.message}\n    input: ${t.input}`);
}
const total = fuzzers.reduce((n, f) => n + f.inputs, 0);
const traps = fuzzers.reduce((n, f) => n + f.traps.length, 0);
console.log(`${total} inputs, ${traps} traps${failed ? "" : ", memory unchanged"} (seed ${o.seed})`);
process.exitCode = failed ? 1 : 0;
