// Builds everything: the copies of the ABI's numbers (scripts/gen-abi.mjs), the
// Wasm modules (below), the TypeScript host, CLI, bench and node tests (bundled
// by esbuild into build/js/), and the browser simulator's page (build/web/).
// Prints the modules' sizes. `--if-stale` skips the work when nothing changed.
// Under CI (the CI environment variable set) the generated files are checked,
// not rewritten: a commit whose generated files are stale fails the build.
// esbuild is imported only when there is something to build: `npm start` and
// `npm test` on a fresh build skip its load (a test checks it).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stamp = join(root, "build", ".stamp");
const sources = ["assembly", "host", "bench", "fuzz", "tests/host", "scripts", "include", "docs/ABI.md", "asconfig.json", "package.json", "package-lock.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const newest = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  return newest >= statSync(stamp).mtimeMs;
}

if (!process.argv.includes("--if-stale") || isStale()) await build();

async function build() {
  const gen = spawnSync(process.execPath, [join(root, "scripts/gen-abi.mjs"), ...(process.env.CI ? ["--check"] : [])], { cwd: root, stdio: "inherit" });
  if (gen.status !== 0) {
    process.exitCode = gen.status ?? 1; // it said why
    return;
  }
  // The texts' and words' UTF-8 blocks (assembly/generated/, not committed) from their tables (scripts/gen-texts.mjs).
  const texts = spawnSync(process.execPath, [join(root, "scripts/gen-texts.mjs")], { cwd: root, stdio: "inherit" });
  if (texts.status !== 0) {
    process.exitCode = texts.status ?? 1; // it said why
    return;
  }
  const esbuild = await import("esbuild");

  /**
   * The modules, each from its entry file (docs/ABI.md "Two modules"); sizes are printed for the
   * release ones. Only the QA module compiles the core's own key store (keyCustody=core,
   * assembly/flow/version.ts CORE_CUSTODY): the terminal module holds no keys.
   */
  const CORE_CUSTODY = ["--use", "CORE_KEY_CUSTODY=1"];
  // `base`: the constant that says where the module's static data starts, after its buffers.
  const MODULES = [
    { entry: "assembly/terminal.ts", out: "build/realname.wasm", target: "release", base: "STATIC_DATA_OFFSET", flags: [], shrink: true },
    { entry: "assembly/tools.ts", out: "build/realname-tools.wasm", target: "release", base: "TOOLS_STATIC_DATA_OFFSET", flags: [] },
    { entry: "assembly/qa.ts", out: "build/realname-qa.wasm", target: "release", base: "STATIC_DATA_OFFSET", flags: CORE_CUSTODY },
    { entry: "assembly/terminal.ts", out: "build/realname.debug.wasm", target: "debug", base: "STATIC_DATA_OFFSET", flags: [] },
  ];
  // Every module declares MEMORY_PAGES (assembly/abi.ts, copied by gen-abi) as its initial and maximum
  // memory, and its static data starts where its buffers end (the compiler's memoryBase).
  const generated = readFileSync(join(root, "host/generated/abi.ts"), "utf8");
  const constant = (name) => {
    const m = generated.match(new RegExp(`^export const ${name} = (\\d+);$`, "m"));
    if (!m) throw new Error(`host/generated/abi.ts: ${name} not found`);
    return m[1];
  };
  const pages = constant("MEMORY_PAGES");
  const asc = join(root, "node_modules", ".bin", "asc");
  // The terminal module has a size budget (48 KiB, issue 13): after the compiler, binaryen's size
  // optimizer once more (the compiler runs its own -O3 pipeline), with functions of up to four
  // bytes of code inlined everywhere (their call and entry cost more). MVP features only, as the
  // compiler's. The .wat stays the compiler's output: function names for constant-time.test.
  const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
  const SIZE_PASS = ["--mvp-features", "-Oz", "--always-inline-max-function-size", "4"];
  for (const m of MODULES) {
    const wat = m.out.replace(/\.wasm$/, ".wat");
    const memory = ["--initialMemory", pages, "--maximumMemory", pages, "--memoryBase", constant(m.base)];
    execFileSync(asc, [m.entry, "--target", m.target, ...memory, ...m.flags, "--outFile", m.out, "--textFile", wat], { cwd: root, stdio: "inherit" });
    if (m.shrink) execFileSync(wasmOpt, [m.out, ...SIZE_PASS, "-o", m.out], { cwd: root, stdio: "inherit" });
  }

  const testEntries = existsSync(join(root, "tests/host"))
    ? readdirSync(join(root, "tests/host")).filter((f) => f.endsWith(".test.ts")).map((f) => join(root, "tests/host", f))
    : [];
  const entryPoints = {
    index: join(root, "host/index.ts"), // the package's API (package.json "exports")
    cli: join(root, "host/cli/main.ts"),
    bench: join(root, "bench/main.ts"),
    fuzz: join(root, "fuzz/main.ts"),
    transcripts: join(root, "scripts/transcripts.ts"),
    coverage: join(root, "scripts/coverage.ts"),
  };
  for (const t of testEntries) entryPoints[join("tests", relative(join(root, "tests/host"), t).replace(/\.ts$/, ""))] = t;
  // Programs the suites run as separate processes (two writers racing on one folder).
  const children = join(root, "tests/host/support");
  if (existsSync(children)) {
    for (const f of readdirSync(children).filter((f) => f.endsWith("-child.ts"))) entryPoints[join("tests", "support", f.replace(/\.ts$/, ""))] = join(children, f);
  }

  await esbuild.build({
    entryPoints,
    outdir: join(root, "build/js"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });

  // The browser simulator's page (host/web/): the core's handle without node APIs.
  // host/core.ts only adds loading the module from disk, so in the browser it is
  // host/core-wasm.ts; any other node import in this bundle fails the build.
  const browserCore = {
    name: "browser-core",
    setup(build) {
      build.onResolve({ filter: /(^|\/)core$/ }, (args) => {
        const resolved = join(args.resolveDir, args.path + ".ts");
        return resolved === join(root, "host/core.ts") ? { path: join(root, "host/core-wasm.ts") } : undefined;
      });
    },
  };
  await esbuild.build({
    entryPoints: { app: join(root, "host/web/page.ts") },
    outdir: join(root, "build/web"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [browserCore],
  });
  copyFileSync(join(root, "host/web/index.html"), join(root, "build/web/index.html"));

  mkdirSync(join(root, "build"), { recursive: true });
  writeFileSync(stamp, "");
  for (const m of MODULES.filter((m) => m.target === "release")) {
    console.log(`${m.out}: ${statSync(join(root, m.out)).size} bytes`);
  }
}
