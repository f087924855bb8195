// `realname-pos crypto ...` as QA scripts call it: published answers on stdout
// in upper-case hex, exit 1 with a reason for invalid input, exit 2 for usage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../host/core";

function cli(...args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(projectRoot(), "bin/realname-pos.js"), "crypto", ...args], { encoding: "utf8" });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

const cases: Array<[string, string[], string]> = [
  ["DES ECB (FIPS 81)", ["cipher", "--alg", "des", "--mode", "ecb", "--encrypt", "--key", "0123456789ABCDEF", "--data", "4E6F77206973207468652074696D6520666F7220616C6C20"], "3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53"],
  ["AES CBC decrypt (SP 800-38A)", ["cipher", "--alg", "aes", "--mode", "cbc", "--decrypt", "--key", "2B7E151628AED2A6ABF7158809CF4F3C", "--iv", "000102030405060708090A0B0C0D0E0F", "--data", "7649abac8119b246cee98e9b12e9197d"], "6BC1BEE22E409F96E93D7E117393172A"],
  ["TDES check value (TR-31 A.7)", ["kcv", "--alg", "tdes", "--key", "F039121BEC83D26B169BDCD5B22AAF8F"], "CB9DEA"],
  ["AES check value (X9.143)", ["kcv", "--alg", "aes", "--key", "3F419E1CB7079442AA37474C2EFBF8B8"], "08793E25AB"],
  ["format 0 (X9.24-1 A.4)", ["pinblock", "encode", "--format", "0", "--pin", "1234", "--pan", "4012345678909"], "041274EDCBA9876F"],
  ["format 1 (IBM)", ["pinblock", "encode", "--format", "1", "--pin", "123456", "--pan", "4012345678909", "--fill", "6ABCFDE1"], "161234566ABCFDE1"],
  ["format 0 enciphered under the DUKPT PIN key (A.4)", ["pinblock", "encode", "--format", "0", "--pin", "1234", "--pan", "4012345678909", "--key", "042666B49184CF5C68DE9628D0397B36"], "1B9C1845EB993A7A"],
  ["format 4 (psec)", ["pinblock", "encode", "--format", "4", "--pin", "1234", "--pan", "1234567890123456789", "--key", "00112233445566778899AABBCCDDEEFF", "--fill", "FFFFFFFFFFFFFFFF"], "28B41FDDD29B743E93124BD8E32D921E"],
  ["format 4 decode (ep2)", ["pinblock", "decode", "--format", "4", "--block", "CC17F65586BFD0953010226C4FC5B3CA", "--pan", "432198765432109870", "--key", "C1D0F8FB4958670DBA40AB1F3752EF0D"], "1234"],
  ["format 0 decode enciphered (A.4)", ["pinblock", "decode", "--format", "0", "--block", "1B9C1845EB993A7A", "--pan", "4012345678909", "--key", "042666B49184CF5C68DE9628D0397B36"], "1234"],
  ["UnionPay ECB MAC (pgate)", ["mac", "--alg", "cup-ecb", "--key", "2222222222222222", "--data", "1234567890ABCDEFABCDEF1234567890"], "E267B6E2"],
  ["X9.19 (ISO 9797-1 B.4)", ["mac", "--alg", "x919", "--key", "0123456789ABCDEFFEDCBA9876543210", "--data", "4E6F77206973207468652074696D6520666F7220616C6C20"], "A1C72E74EA3FA9B6"],
  ["ISO 9797-1 m2 (psec)", ["mac", "--alg", "iso9797-1-m2", "--key", "0123456789ABCDEFFEDCBA9876543210", "--data", "1234567890ABCDEF"], "925B1737EF681AD3"],
  ["AES-CMAC (RFC 4493)", ["mac", "--alg", "aes-cmac", "--key", "2B7E151628AED2A6ABF7158809CF4F3C", "--data", ""], "BB1D6929E95937287FA37D129B756746"],
  ["TDES DUKPT PIN key (A.4)", ["dukpt", "--alg", "tdes", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210E00001", "--usage", "pin"], "042666B49184CF5C68DE9628D0397B36"],
  ["AES DUKPT MAC key (X9.24-3)", ["dukpt", "--alg", "aes", "--bdk", "FEDCBA9876543210F1F1F1F1F1F1F1F1", "--ksn", "123456789012345600000001", "--usage", "mac"], "A2DC23DE6FDE0824A2BC321E08E4B8B7"],
];

test("crypto commands print the published answers", () => {
  for (const [name, args, expected] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 0, `${name}: ${r.err}`);
    assert.equal(r.out, expected, name);
  }
});

test("invalid input exits 1 with a reason and the code's name, usage errors exit 2", () => {
  const bad = [
    cli("pinblock", "encode", "--format", "0", "--pin", "123", "--pan", "4012345678909"),
    cli("pinblock", "decode", "--format", "0", "--block", "041274EDCBA9876E", "--pan", "4012345678909"),
    cli("cipher", "--alg", "des", "--mode", "ecb", "--encrypt", "--key", "0123", "--data", "00"),
    cli("kcv", "--alg", "tdes", "--key", "XYZ"),
    cli("dukpt", "--alg", "tdes", "--bdk", "0123456789ABCDEFFEDCBA9876543210", "--ksn", "FFFF9876543210E00000", "--usage", "pin"),
  ];
  for (const r of bad) {
    assert.equal(r.status, 1, r.err);
    assert.match(r.err, /realname-pos crypto \w+: ./);
  }
  // The core's refusals carry the error code's name and number.
  assert.match(bad[0].err, /PIN length must be 4 to 12 digits: PIN_LENGTH \(-304\)$/);
  assert.match(bad[1].err, /fill.*: PIN_BLOCK_FILL \(-308\)$/);
  const usage = [
    cli("mac", "--alg", "md5", "--key", "00", "--data", "00"),
    cli("cipher", "--alg", "aes", "--mode", "ecb", "--key", "00"),
    cli("dukpt", "--alg", "aes", "--bdk", "00", "--ksn", "00", "--usage", "mac-resp"),
    cli("pinblock", "verify"),
    cli("kcv", "--alg", "tdes", "--key", "00", "--extra", "1"),
  ];
  for (const r of usage) assert.equal(r.status, 2, r.err);
});

test("pinblock --fill: format 4 needs its 8 random bytes whole; a short format 1/3 fill is topped up at random, never with zeros", () => {
  const short = cli("pinblock", "encode", "--format", "4", "--pin", "1234", "--pan", "1234567890123456789", "--key", "00112233445566778899AABBCCDDEEFF", "--fill", "FFFF");
  assert.equal(short.status, 1);
  assert.match(short.err, /--fill for format 4 is its 8 random bytes/);
  // Format 1 with a 4-digit PIN has 10 fill nibbles; 4 given: the other 6 differ run to run (zeros would repeat).
  const runs = new Set(Array.from({ length: 4 }, () => cli("pinblock", "encode", "--format", "1", "--pin", "1234", "--fill", "ABCD").out));
  for (const block of runs) assert.match(block, /^141234ABCD[0-9A-F]{6}$/);
  assert.ok(runs.size > 1, "the missing fill is random");
  // Format 3: the given A-F nibbles are the fill (the IBM example), 0-9 nibbles are skipped.
  assert.equal(cli("pinblock", "encode", "--format", "3", "--pin", "123456", "--pan", "1112223334445550", "--fill", "A0F1B2E3C4D5D6C7").out, "361216759CFA8889");
});
