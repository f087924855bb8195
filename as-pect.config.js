// as-pect runs the core's specs (tests/assembly/*.spec.ts) in debug builds with
// its own runtime; the release module's constraints are tested by node:test.
// REALNAME_SPECS (comma-separated files; `npm run spec -- FILE...`) runs only those.
// REALNAME_COVERAGE names a file that receives, one line per event the scenario
// helpers send (tests/assembly/flow-helpers.ts), "state-before kind state-after
// payload-hex": what `npm run coverage` (scripts/coverage.ts) reads.
// KEY_CUSTODY=module runs the flow specs (or those named) again with the profile's
// keyCustody=module: tests/assembly/flow-helpers.ts then answers the core's
// secure-module commands with a spec-side double (tests/assembly/secure-double.ts,
// which asks the custody through env.specKeyCustody); scripts/test.mjs runs both.
// The specs compile the core's own key store (as-pect.asconfig.json: `use`
// CORE_KEY_CUSTODY=1, as the QA build does); build/realname.wasm has none.
import { appendFileSync } from "node:fs";

const specs = process.env.REALNAME_SPECS?.split(",").filter(Boolean);
const coverage = process.env.REALNAME_COVERAGE;
const moduleCustody = process.env.KEY_CUSTODY === "module";
const lines = [];
if (coverage) process.on("exit", () => appendFileSync(coverage, lines.join("")));

export default {
  entries: specs?.length ? specs : moduleCustody ? ["tests/assembly/flow-*.spec.ts"] : ["tests/assembly/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    let exports; // the spec module's own memory (it exports it)
    const transition = (from, kind, to, payload, length) => {
      if (!coverage) return;
      const hex = Buffer.from(new Uint8Array(exports.memory.buffer, payload, length)).toString("hex");
      lines.push(`${from} ${kind} ${to} ${hex || "-"}\n`);
    };
    const specKeyCustody = () => (moduleCustody ? 1 : 0);
    const result = await instantiate(binary, createImports({ env: { memory, specKeyCustody }, qa: { transition } }));
    exports = result.exports ?? result.instance.exports;
    return result;
  },
  outputBinary: false,
};
