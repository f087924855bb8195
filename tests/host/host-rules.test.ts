// One rule in one place (docs/ABI.md "Display cells", docs/HOST.md): what the
// host masks and how it counts display cells must be exactly what the core
// does. The same inputs go to the core (the tools module's maskInput and
// cellWidth exports, called directly) and to every host path that masks or
// draws: host/mask.ts, the acquirer's log dump, `iso8583 dump`, `records`,
// the desktop display and the browser page's cells.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toolsCore } from "../../host/core";
import { maskId, maskName, maskPan, maskPhone } from "../../host/mask";
import { maskedDump } from "../../host/acquirer/message";
import { dumpTable } from "../../host/cli/iso8583";
import { maskValue } from "../../host/cli/records";
import { cellWidth, fitLine, renderScreen, textWidth } from "../../host/devices/display";
import { screenCells } from "../../host/web/session";
import { MaskKind } from "../../host/generated/abi";

const core = toolsCore();
const encoder = new TextEncoder();

/** The core's mask, straight from the export. */
function coreMask(kind: number, value: string): string {
  const n = core.call("maskInput", kind, core.setInput(encoder.encode(value)));
  assert.ok(n >= 0, `maskInput(${kind}, ${JSON.stringify(value)}) = ${n}`);
  return core.outputText();
}

/** The core's cells of a text, code point by code point. */
function coreCells(text: string): number {
  let cells = 0;
  for (const ch of text) cells += core.call("cellWidth", ch.codePointAt(0)!);
  return cells;
}

const digits = (n: number) => Array.from({ length: n }, (_, i) => String((i * 7 + 3) % 10)).join("");
const PANS = [...Array.from({ length: 26 }, (_, n) => digits(n)), "6216 2610 0000 0000 018", "62162610000000000l8", "６２１６２６１０００"];
const IDS = [...Array.from({ length: 21 }, (_, n) => digits(n)), "11010519491231002X", "110105491231002", "11010519491231002x"];
const PHONES = [...Array.from({ length: 15 }, (_, n) => "1" + digits(n)), "+86 135 5253 5506", "135-5253-5506"];
const NAMES = ["", "张", "张三", "阿卜杜·热合曼", "JOHN SMITH", " 李四", "\ue000\ue001", "王\u{20000}明", "Zoë", "a·b·"];

test("host/mask.ts masks every value exactly as the core's maskInput", () => {
  for (const pan of PANS) assert.equal(maskPan(pan), coreMask(MaskKind.PAN, pan), pan);
  for (const id of IDS) assert.equal(maskId(id), coreMask(MaskKind.ID_NUMBER, id), id);
  for (const phone of PHONES) assert.equal(maskPhone(phone), coreMask(MaskKind.PHONE, phone), phone);
  for (const name of NAMES) assert.equal(maskName(name), coreMask(MaskKind.NAME, name), name);
  // The rule's edges as the core draws them (docs/CHECKS.md): an 11-character PAN is all stars, 12 shows 6 + 4.
  assert.equal(maskPan(digits(11)), "*".repeat(11));
  assert.equal(maskPan(digits(12)), `${digits(12).slice(0, 6)}**${digits(12).slice(8)}`);
});

test("the acquirer's log, `iso8583 dump` and `records` show the core's masks", () => {
  for (const pan of PANS.filter((p) => p.length > 0)) {
    const dump = maskedDump({ mti: "0100", tpdu: "6000030000", header: "603100000000", fields: { 2: pan, 35: `${pan}=3012` } });
    assert.ok(dump.some((l) => l.endsWith(` ${coreMask(MaskKind.PAN, pan)}`)), `acquirer field 2 of ${pan}: ${dump.join(" | ")}`);
    assert.ok(dump.some((l) => l.endsWith(` ${coreMask(MaskKind.PAN, pan)}=****`)), `acquirer field 35 of ${pan}`);
    const table = dumpTable("cup", [["2", pan]], false, () => false);
    assert.ok(table.endsWith(`  ${coreMask(MaskKind.PAN, pan)}`), `dump of ${pan}: ${table}`);
  }
  // records: whole numbers found in a value are masked by kind (the core's masks of that kind).
  for (const pan of PANS.filter((p) => /^\d{13,19}$/.test(p) && p.length !== 18)) { // 18 digits read as an ID number
    assert.equal(maskValue(pan), coreMask(MaskKind.PAN, pan), pan);
  }
  assert.equal(maskValue("11010519491231002x"), coreMask(MaskKind.ID_NUMBER, "11010519491231002X"));
  assert.equal(maskValue("13552535506"), coreMask(MaskKind.PHONE, "13552535506"));
});

test("every code point takes the same cells on the host's displays as in the core", () => {
  let wide = 0;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const expected = core.call("cellWidth", cp);
    if (cellWidth(cp) !== expected) assert.fail(`U+${cp.toString(16).toUpperCase()}: host ${cellWidth(cp)} cells, core ${expected}`);
    if (expected === 2) wide++;
  }
  assert.ok(wide > 100_000, "the wide ranges are there (CJK, private use, extension planes)");
  assert.equal(core.call("cellWidth", 0xe000), 2, "private use: a rare hanzi from an ID chip");
});

test("both simulators cut and draw lines where the core's cells say", () => {
  const lines = ["张三 A", "\ue000\ue001李", "ＡＢＣ123", "한국어 text", "王\u{20000}明明明明明明明", "plain ascii line!!"];
  for (const line of lines) {
    assert.equal(textWidth(line), coreCells(line), line);
    for (const columns of [4, 7, 16]) {
      const cut = fitLine(line, columns);
      assert.equal(coreCells(cut), columns, `${line} cut and padded to ${columns} cells`);
      // The browser page: one Cell per character, wide exactly where the core counts two.
      const [row] = screenCells([line], columns, 1);
      assert.deepEqual(row.map((c) => (c.wide ? 2 : 1)), [...cut].map((ch) => core.call("cellWidth", ch.codePointAt(0)!)), `${line} on the page`);
    }
    // The desktop frame marks a line the core would not have laid out at this width.
    const framed = renderScreen({ screenId: 1, lines: [line] }, 16, 1)[1];
    assert.equal(framed.endsWith(">"), coreCells(line) > 16, line);
  }
});
