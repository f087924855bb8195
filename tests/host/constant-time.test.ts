// The block ciphers stay constant-time in the modules that carry them: a taint
// check over the release builds' text (tests/host/support/wat-taint.ts) of the
// QA build (keyCustody=core's ciphers) and the tools module finds no
// load or store whose address, no branch or select whose condition, no
// division whose operands and no 64-bit shift whose amount depend on key or
// data, in any function of AES, DES and TDES. Deliberately leaky functions
// prove the check can fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../host/core";
import { parseFunctions, checkFunction } from "./support/wat-taint";

/**
 * Each release module with ciphers, the cipher functions it must hold by name (inlined into a
 * caller outside the cipher files, they would escape the check). The terminal module has none
 * (it holds no keys): the test below says so.
 */
const MODULES: Array<[string, string[]]> = [
  ["realname-qa.wat", ["aes/subBytesPlanes", "aes/mixColumns", "aes/aesEncryptBlocks", "aes/aesExpandKey", "des/desRounds", "des/desSchedule", "tdes/crypt"]],
  ["realname-tools.wat", ["aes/invSubBytesPlanes", "aes/invMixColumns", "aes/aesDecryptBlocks", "des/desRounds", "tdes/crypt"]],
];

for (const [file, expected] of MODULES) {
  test(`${file}: AES, DES and TDES have no secret-dependent address, branch, select, division or 64-bit shift`, () => {
    const funcs = parseFunctions(readFileSync(join(projectRoot(), "build", file), "utf8"));
    for (const name of expected) assert.ok(funcs.has(`$assembly/crypto/${name}`), `${name} not found in build/${file}`);
    const cipherFunctions = [...funcs.keys()].filter((name) => /^\$assembly\/crypto\/(aes|des|tdes)\//.test(name));
    const violations = cipherFunctions.flatMap((name) => checkFunction(funcs, name));
    assert.deepEqual(violations.map((v) => `${v.func} line ${v.line}: ${v.instruction} (${v.why})`), []);
  });
}

test("realname.wat: the terminal module carries no cipher, MAC, PIN block or key store (keyCustody=module: the secure module's)", () => {
  const funcs = parseFunctions(readFileSync(join(projectRoot(), "build", "realname.wat"), "utf8"));
  assert.ok(funcs.size > 100, `${funcs.size} functions parsed`);
  // What keyCustody=module still uses of assembly/crypto/: zeroing, the reply MAC's comparison, and the 8 bytes of track 2 the module enciphers.
  assert.deepEqual([...funcs.keys()].filter((name) => name.startsWith("$assembly/crypto/")).sort(),
    ["$assembly/crypto/compare/constantTimeEqual", "$assembly/crypto/track/trackBlock", "$assembly/crypto/wipe/wipe"]);
});

test("the taint check flags a table lookup, a branch, a division and a 64-bit shift on secret data", () => {
  const leaky = parseFunctions(`(module
 (func $lookup (param $0 i32) (result i32)
  (local $1 i32)
  local.get $0
  i32.load8_u
  i32.const 1024
  i32.add
  i32.load8_u
  local.tee $1
  if
   i32.const 7
   local.get $1
   i32.div_u
   return
  end
  i64.const 99
  local.get $1
  i64.extend_i32_u
  i64.rotr
  i32.wrap_i64
  local.get $1
  i32.rotr
  drop
  local.get $0
  i32.load
 )
)`);
  const why = checkFunction(leaky, "$lookup").map((v) => v.why);
  // The 32-bit rotation by the same secret amount and the context-header load are not flagged.
  assert.deepEqual(why, ["load from a secret address", "branch on a secret", "division of a secret", "64-bit shift by a secret amount"]);
});
