// `npm run vendor-figures`: docs/VENDOR.md's figures, measured: the translated terminal module's size as C, as
// x86-64 machine code at -O1 and -O2, as a Cortex-M4 build (-Os, newlib), the
// instance struct and its globals, and the native stack a replayed verification
// needs. Writes them into docs/VENDOR.md between the vendor-figures markers;
// `--check` measures and compares instead (exit 1 naming the first differing line),
// which tests/host/vendor-figures.test.ts runs. Every figure is deterministic for one
// compiler version (Debian pins them), so the check is exact.
//
// Needs `npm run build` (the modules), wabt, gcc, gcc-arm-none-eabi and
// libnewlib-arm-none-eabi. Builds in build/vendor-figures/.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "build", "vendor-figures");
const vendorMd = join(root, "docs", "VENDOR.md");
const BEGIN = "<!-- vendor-figures -->";
const END = "<!-- /vendor-figures -->";
const STACK_TRANSCRIPT = "tests/transcripts/verify-success.module.txt"; // the terminal module: keyCustody=module

/** Runs a program (in `cwd`, default the project); its stdout (throws with its output when it fails). */
function run(cmd, args, env = {}, cwd = root) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => (status === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(" ")} failed (${status}):\n${stdout}${stderr}`))));
  });
}

/** `size -A` of an object, summed by section kind: text, rodata, data, bss. */
function sections(sizeTool, file) {
  const sums = { text: 0, rodata: 0, data: 0, bss: 0 };
  for (const line of execFileSync(sizeTool, ["-A", file], { encoding: "utf8" }).split("\n")) {
    const m = line.match(/^\.(text|rodata|data|bss)\S*\s+(\d+)/);
    if (m) sums[m[1]] += Number(m[2]);
  }
  return sums;
}

/** sizeof the instance struct and of a function table entry as `cc` lays them out: the sizes of a probe object's symbols. */
async function sizesOf(cc, nm, flags, dir) {
  const probe = join(out, `probe-${dir}.c`);
  writeFileSync(probe, [
    '#include "realname-wasm.h"',
    "char probe_instance[sizeof(Z_realname_instance_t)];",
    "char probe_funcref[sizeof(wasm_rt_funcref_t)];",
    "",
  ].join("\n"));
  const object = join(out, `probe-${dir}.o`);
  await run(cc, [...flags, "-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0", `-I${join(out, "c-host")}`, `-I${join(out, "c-host", "include")}`, "-c", probe, "-o", object]);
  const symbols = execFileSync(nm, ["-S", object], { encoding: "utf8" }).split("\n");
  const size = (name) => parseInt(symbols.find((l) => l.endsWith(` ${name}`)).split(/\s+/)[1], 16);
  return { instance: size("probe_instance"), funcref: size("probe_funcref") };
}

const n = (x) => x.toLocaleString("en-US");

async function measure() {
  mkdirSync(out, { recursive: true });
  const cHost = join(out, "c-host");
  const env = { OUT: cHost, CFLAGS: "-O1" };
  await run("sh", [join(root, "examples/c-host/build.sh")], env);
  const generated = join(cHost, "realname-wasm.c");
  const O2 = join(out, "realname-wasm-O2.o");
  const flags = ["-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0", `-I${cHost}`, `-I${join(cHost, "include")}`];
  // The two long compiles side by side.
  const [, , stack, x86, arm] = await Promise.all([
    // From inside the folder, as build.sh compiles it: asserts name the file without its path.
    run("cc", ["-O2", ...flags, "-c", "realname-wasm.c", "-o", O2], {}, cHost),
    run("sh", [join(root, "examples/c-host/cortex-m4.sh")], { OUT: cHost }),
    run(join(cHost, "replay"), ["--stack", STACK_TRANSCRIPT]),
    sizesOf("cc", "nm", [], "x86-64"),
    sizesOf("arm-none-eabi-gcc", "arm-none-eabi-nm", ["-mcpu=cortex-m4", "-mthumb"], "cortex-m4"),
  ]);
  const header = readFileSync(join(cHost, "realname-wasm.h"), "utf8");
  const armDir = join(cHost, "cortex-m4");
  const stackBytes = Number(stack.match(/stack (\d+) bytes/)[1]);
  const c = readFileSync(generated, "utf8");
  return {
    wasm: statSync(join(root, "build", "realname.wasm")).size,
    wabt: execFileSync("wasm2c", ["--version"], { encoding: "utf8" }).trim(),
    gcc: execFileSync("cc", ["-dumpfullversion"], { encoding: "utf8" }).trim(),
    armGcc: execFileSync("arm-none-eabi-gcc", ["-dumpfullversion"], { encoding: "utf8" }).trim(),
    cBytes: statSync(generated).size,
    hBytes: statSync(join(cHost, "realname-wasm.h")).size,
    globals: (header.match(/^\s+u(?:32|64) w2c_g\d+;$/gm) ?? []).length,
    // Each function table wasm2c allocates at instantiation, by its entry count.
    tables: [...c.matchAll(/wasm_rt_allocate_funcref_table\(&instance->w2c_T\d+, (\d+), \d+\)/g)].map((m) => Number(m[1])),
    x86O1: sections("size", join(cHost, "realname-wasm.o")),
    x86O2: sections("size", O2),
    x86,
    arm,
    armModule: sections("arm-none-eabi-size", join(armDir, "realname-wasm.o")),
    armRuntime: sections("arm-none-eabi-size", join(armDir, "wasm-rt-bare.o")),
    armImage: sections("arm-none-eabi-size", join(armDir, "firmware.elf")),
    stackBytes,
    // The memory wasm2c allocates at instantiation: the module's initial and maximum pages.
    memory: c.match(/wasm_rt_allocate_memory\(&instance->w2c_memory, (\d+), (\d+)\)/).slice(1).map(Number),
  };
}

function table(f) {
  const [pages, maxPages] = f.memory;
  return [
    BEGIN,
    `Measured by \`npm run vendor-figures\` (scripts/vendor-figures.mjs; wabt ${f.wabt}, gcc ${f.gcc}, arm-none-eabi-gcc ${f.armGcc} with newlib, as Debian 12 ships them); \`tests/host/vendor-figures.test.ts\` measures again and requires these lines.`,
    "",
    "| what | figure |",
    "|---|---|",
    `| the terminal module, \`build/realname.wasm\` | ${n(f.wasm)} bytes |`,
    `| its C from wasm2c (\`realname-wasm.c\` + \`.h\`) | ${n(f.cBytes)} + ${n(f.hBytes)} bytes |`,
    `| x86-64, gcc -O1 (\`realname-wasm.o\`) | text ${n(f.x86O1.text)}, rodata ${n(f.x86O1.rodata)}, data ${n(f.x86O1.data)}, bss ${n(f.x86O1.bss)} bytes |`,
    `| x86-64, gcc -O2 | text ${n(f.x86O2.text)}, rodata ${n(f.x86O2.rodata)}, data ${n(f.x86O2.data)}, bss ${n(f.x86O2.bss)} bytes |`,
    `| Cortex-M4, -Os, the module (\`realname-wasm.o\`) | text ${n(f.armModule.text)}, rodata ${n(f.armModule.rodata)}, data ${n(f.armModule.data)}, bss ${n(f.armModule.bss)} bytes |`,
    `| Cortex-M4, -Os, the runtime (\`wasm-rt-bare.o\`) | text ${n(f.armRuntime.text)}, rodata ${n(f.armRuntime.rodata)}, data ${n(f.armRuntime.data)}, bss ${n(f.armRuntime.bss)} bytes |`,
    `| Cortex-M4, -Os, a firmware image (\`cortex-m4.c\` + module + runtime + newlib, \`--gc-sections\`) | text ${n(f.armImage.text)}, rodata ${n(f.armImage.rodata)}, data ${n(f.armImage.data)}, bss ${n(f.armImage.bss)} bytes |`,
    `| the instance struct (\`Z_realname_instance_t\`) | ${n(f.x86.instance)} bytes on x86-64, ${n(f.arm.instance)} on Cortex-M4: the module's ${f.globals} globals, its memory and ${f.tables.length === 1 ? "its function table" : `its ${f.tables.length} function tables`} |`,
    `| linear memory (calloc'd by \`wasm_rt_allocate_memory\`) | ${pages} page${pages === 1 ? "" : "s"} = ${n(pages * 65536)} bytes (the module declares at most ${maxPages}; the flow never grows it) |`,
    ...f.tables.map((entries) => `| function table (calloc'd by \`wasm_rt_allocate_funcref_table\`) | ${entries} entries = ${n(entries * f.x86.funcref)} bytes on x86-64, ${n(entries * f.arm.funcref)} on Cortex-M4 |`),
    `| native stack, replaying \`${STACK_TRANSCRIPT}\`: the replay loop and the core's deepest call (x86-64 -O1, \`replay --stack\`) | ${n(f.stackBytes)} bytes |`,
    END,
  ].join("\n");
}

const figures = table(await measure());
const doc = readFileSync(vendorMd, "utf8");
const begin = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (begin < 0 || end < begin) throw new Error(`docs/VENDOR.md has no ${BEGIN} ... ${END} markers`);
const current = doc.slice(begin, end + END.length);
if (process.argv.includes("--check")) {
  if (current !== figures) {
    const a = current.split("\n");
    const b = figures.split("\n");
    const i = a.findIndex((line, k) => line !== b[k]);
    console.error(`docs/VENDOR.md's figures differ from the measurement at line ${i + 1} of the table:\n  docs:     ${a[i]}\n  measured: ${b[i]}\nrun npm run vendor-figures`);
    process.exitCode = 1;
  } else {
    console.log(`docs/VENDOR.md's figures are the measurement's:\n${figures}`);
  }
} else {
  writeFileSync(vendorMd, doc.slice(0, begin) + figures + doc.slice(end + END.length));
  console.log(figures);
}
