// The core's card-number and ID-number checks against independent
// implementations from npm (test-only devDependencies, pinned exactly):
// fast-luhn 2.0.2 and id-validator 1.3.0 with its GB 2260 address table.
// Seeded random valid numbers and their mutations must get the same verdict;
// each intended difference (docs/CHECKS.md, "Cross-checks") is asserted on its
// own so that a change on either side shows up here.
import { test } from "node:test";
import assert from "node:assert/strict";
import luhn from "fast-luhn";
import IDValidator from "id-validator";
import GB2260 from "id-validator/src/GB2260.js";
import { Checks } from "../../host/api/checks";
import { ErrorCode } from "../../host/generated/abi";

const checks = new Checks();
const TODAY = "2026-01-01";
const withRegions = new IDValidator(GB2260);
/** id-validator without the address table checks no region: used to find check characters for any prefix. */
const anyRegion = new IDValidator();

/** xorshift32: deterministic, so a failure names its seed and round. */
function random(seed: number): (n: number) => number {
  let x = seed | 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

const digits = (next: (n: number) => number, n: number) => Array.from({ length: n }, () => String(next(10))).join("");

/** The check character id-validator accepts after 17 characters (it, not the core, decides). */
function idCheck(body17: string): string {
  for (const c of "0123456789X") if (anyRegion.isValid(body17 + c)) return c;
  throw new Error(`no check character for ${body17}`);
}

/** A Luhn check digit chosen by fast-luhn. */
function luhnComplete(body: string): string {
  for (const c of "0123456789") if (luhn(body + c)) return body + c;
  throw new Error(`no Luhn digit for ${body}`);
}

/** One random edit: a digit replaced, or two neighbours swapped. */
function mutate(s: string, next: (n: number) => number, alphabet = "0123456789"): string {
  const i = next(s.length);
  if (next(2) === 0 && i + 1 < s.length) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  return s.slice(0, i) + alphabet[next(alphabet.length)] + s.slice(i + 1);
}

/** First two digits of a resident ID: GB/T 2260 province-level codes (81/82/83 appear only as the permits' 810000/820000/830000). */
const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71];
/** The province-level codes id-validator's GB 2260 table has (it predates a 71 entry); also the foreign permanent residence ID's issuing provinces. */
const MAINLAND = PROVINCES.filter((p) => p < 70);

function randomBirth(next: (n: number) => number): string {
  const y = 1900 + next(126);
  const m = 1 + next(12);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = 1 + next(days);
  return `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
}

test("Luhn: 6,000 seeded card numbers and mutations get fast-luhn's verdict (a 62 failure is the re-confirm code)", () => {
  const next = random(0x1c0de);
  let valid = 0;
  let invalid = 0;
  for (let round = 0; round < 6000; round++) {
    const length = 12 + next(8);
    const lead = next(3) === 0 ? "62" : String(next(10));
    let pan = luhnComplete((lead + digits(next, length)).slice(0, length - 1));
    if (round % 3 !== 0) pan = mutate(pan, next);
    const theirs = luhn(pan);
    const ours = checks.pan(pan);
    assert.equal(ours.valid, theirs, `round ${round}: ${pan}`);
    if (!theirs) assert.equal(ours.code, pan.startsWith("62") ? ErrorCode.PAN_LUHN_UNIONPAY : ErrorCode.PAN_LUHN, `round ${round}: ${pan}`);
    if (theirs) valid++;
    else invalid++;
  }
  assert.ok(valid > 2000 && invalid > 2000, `both verdicts exercised (${valid} valid, ${invalid} invalid)`);
});

test("Luhn: the intended differences from fast-luhn (length 12-19, spaces) hold", () => {
  // fast-luhn checks any length; a card number here is 12-19 digits
  assert.equal(luhn("0000000000"), true);
  assert.equal(checks.pan("0000000000").code, ErrorCode.PAN_TOO_SHORT);
  const twenty = luhnComplete("6".repeat(19));
  assert.equal(luhn(twenty), true);
  assert.equal(checks.pan(twenty).code, ErrorCode.PAN_TOO_LONG);
  // typed numbers come with spaces: the core removes them, fast-luhn refuses them
  assert.equal(luhn("6224 2400 0000 0017"), false);
  assert.equal(luhn("6224240000000017"), true);
  assert.equal(checks.pan("6224 2400 0000 0017").valid, true);
  // UnionPay's ACP test card fails Luhn: the core asks for a re-confirmation instead of refusing
  assert.equal(luhn("6221558812340000"), false);
  assert.equal(checks.pan("6221558812340000").code, ErrorCode.PAN_LUHN_UNIONPAY);
});

test("ID number: 6,000 seeded numbers and mutations get id-validator's verdict", () => {
  const next = random(0x11643);
  let valid = 0;
  let invalid = 0;
  for (let round = 0; round < 6000; round++) {
    const region = String(MAINLAND[next(MAINLAND.length)]) + digits(next, 4);
    const body = region + randomBirth(next) + digits(next, 3);
    let id = body + idCheck(body);
    if (round % 3 !== 0) id = mutate(id, next, id.length === 18 ? "0123456789X" : "0123456789");
    if (round % 7 === 0) id = id.toLowerCase();
    const theirs = withRegions.isValid(id);
    const ours = checks.idNumber(id, TODAY);
    assert.equal(ours.valid, theirs, `round ${round}: ${id} (core ${ours.reason})`);
    if (theirs) valid++;
    else invalid++;
  }
  assert.ok(valid > 2000 && invalid > 2000, `both verdicts exercised (${valid} valid, ${invalid} invalid)`);
});

test("ID number: 15-digit legacy numbers get id-validator's verdict, except sequence 996-999", () => {
  const next = random(0x15);
  for (let round = 0; round < 1000; round++) {
    const birth = randomBirth(next);
    const seq = String(next(996)).padStart(3, "0");
    const id = String(MAINLAND[next(MAINLAND.length)]) + digits(next, 4) + birth.slice(2) + seq;
    if (birth.startsWith("19")) {
      assert.equal(withRegions.isValid(id), true, id);
      assert.equal(checks.idNumber(id, TODAY).valid, true, id);
    }
  }
  // the 1989 rules gave 996-999 to people born in the 1800s: "19" cannot be inserted blindly
  assert.equal(withRegions.isValid("110105491231996"), true);
  assert.equal(checks.idNumber("110105491231996", TODAY).code, ErrorCode.ID_LEGACY_CENTENARIAN);
});

test("ID number: the intended differences from id-validator hold", () => {
  const make = (prefix6: string, birth: string, seq = "123") => prefix6 + birth + seq + idCheck(prefix6 + birth + seq);
  // id-validator takes any month <= 12 and day <= 31; the core wants a calendar date
  for (const birth of ["19900230", "19890229", "20010431"]) {
    const id = make("110105", birth);
    assert.equal(withRegions.isValid(id), true, id);
    assert.equal(checks.idNumber(id, TODAY).code, ErrorCode.ID_BAD_DATE, id);
  }
  // id-validator has no lower bound on the year; the core starts at 1800 (GB 11643's own example is 1880)
  assert.equal(withRegions.isValid(make("110105", "17991231")), true);
  assert.equal(checks.idNumber(make("110105", "17991231"), TODAY).code, ErrorCode.ID_BAD_DATE);
  assert.equal(checks.idNumber("440524188001010014", TODAY).valid, true);
  // id-validator does not know today's date; a birth after it is refused here
  assert.equal(withRegions.isValid(make("110105", "20260102")), true);
  assert.equal(checks.idNumber(make("110105", "20260102"), TODAY).code, ErrorCode.ID_FUTURE_DATE);
  // its GB 2260 table has no 71/81/82 entries (and 83 is not GB 2260): the core accepts 71 as a
  // resident ID and 810000/820000/830000 as the HK/Macao/Taiwan residents' residence permits
  for (const [p, type] of [["710000", "resident"], ["810000", "hk_mo_tw_permit"], ["820000", "hk_mo_tw_permit"], ["830000", "hk_mo_tw_permit"]]) {
    const id = make(p, "19900101");
    assert.equal(withRegions.isValid(id), false, id);
    const r = checks.idNumber(id, TODAY);
    assert.equal(r.valid, true, id);
    assert.equal(r.type, type, id);
  }
});

test("ID number: the region check accepts exactly the province-level codes; 81-83 only as 810000/820000/830000 permits; 9 starts another document", () => {
  for (let p = 0; p < 90; p++) {
    const prefix = String(p).padStart(2, "0") + "0101";
    const id = prefix + "19900101" + "123" + idCheck(prefix + "19900101123");
    const r = checks.idNumber(id, TODAY);
    if (PROVINCES.includes(p)) assert.equal(r.valid, true, `${id}: ${r.reason}`);
    else assert.equal(r.code, ErrorCode.ID_BAD_REGION, `${id}: ${r.reason}`);
    assert.equal(r.type, p >= 81 && p <= 83 ? "hk_mo_tw_permit" : "resident", id);
  }
  // 2023 foreign permanent residence ID: "9" + issuing province + nationality code, same date
  // and MOD 11-2 check; its province is checked where a resident ID's region would be
  for (let p = 0; p < 100; p++) {
    const body = "9" + String(p).padStart(2, "0") + "840" + "19900101" + "123";
    const r = checks.idNumber(body + idCheck(body), TODAY);
    assert.equal(r.type, "foreign_pr_2023", body);
    if (MAINLAND.includes(p)) assert.equal(r.valid, true, `${body}: ${r.reason}`);
    else assert.equal(r.code, ErrorCode.ID_BAD_REGION, `${body}: ${r.reason}`);
  }
  const foreign = "911840" + "19900101" + "123";
  assert.equal(withRegions.isValid(foreign + idCheck(foreign)), false, "id-validator's table has no 91");
});

/** A verdict where id-validator (no address table) and the core may differ only on the intended date rules. */
function sameVerdictOrCalendar(id: string, ours: { valid: boolean; reason: string }, theirs: boolean, round: number): void {
  if (ours.valid === theirs) return;
  const birth = id.slice(6, 14);
  if (ours.reason === "id_future_date") {
    assert.ok(birth > TODAY.replace(/-/g, ""), `round ${round}: ${id}`);
    return;
  }
  assert.equal(ours.reason, "id_bad_date", `round ${round}: ${id} (core ${ours.reason}, id-validator ${theirs})`);
  const y = Number(birth.slice(0, 4)), m = Number(birth.slice(4, 6)), d = Number(birth.slice(6, 8));
  assert.notEqual(new Date(Date.UTC(y, m - 1, d)).getUTCDate(), d, `round ${round}: ${id} has a calendar date`);
}

test("residence permits and the 2023 foreign permanent residence ID: 4,000 seeded numbers and mutations after the prefix get id-validator's date and MOD 11-2 verdict", () => {
  const next = random(0x2023);
  let valid = 0;
  let invalid = 0;
  for (let round = 0; round < 4000; round++) {
    const foreign = round % 2 === 0;
    const prefix = foreign
      ? "9" + String(MAINLAND[next(MAINLAND.length)]) + String(next(1000)).padStart(3, "0")
      : ["810000", "820000", "830000"][next(3)];
    const body = prefix + randomBirth(next) + digits(next, 3);
    let id = body + idCheck(body);
    if (round % 3 !== 0) {
      const i = 6 + next(12);
      id = id.slice(0, i) + (i === 17 ? "0123456789X" : "0123456789")[next(i === 17 ? 11 : 10)] + id.slice(i + 1);
    }
    const theirs = anyRegion.isValid(id);
    const ours = checks.idNumber(id, TODAY);
    assert.equal(ours.type, foreign ? "foreign_pr_2023" : "hk_mo_tw_permit", id);
    sameVerdictOrCalendar(id, ours, theirs, round);
    if (ours.valid) valid++;
    else invalid++;
  }
  assert.ok(valid > 1000 && invalid > 1000, `both verdicts exercised (${valid} valid, ${invalid} invalid)`);
});
