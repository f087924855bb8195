// as-pect runs the core's specs (tests/assembly/*.spec.ts) in debug builds with
// its own runtime; the release module's constraints are tested by node:test.
export default {
  entries: ["tests/assembly/**/*.spec.ts"],
  include: [],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
