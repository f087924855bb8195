// The browser simulator without a browser: its node side's HTTP endpoints on
// loopback, and the page's terminal (host/web/session.ts: the release core, the
// Terminal loop, the HTTP modem and storage) run under node against that server
// with a DOM-free View, through a whole verification to a record in the journal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Core, defaultToolsPath, defaultWasmPath, projectRoot } from "../../host/core";
import { Key, parseRecord } from "../../host/api/flow";
import { TestBank } from "../../host/acquirer/bank";
import { readJournal } from "../../host/devices/storage";
import { simulatorProfile } from "../../host/sim/profile";
import { startWebServer, type WebServer } from "../../host/web/server";
import { httpTransport, pageKeyMeaning, screenCells, WebSession, type Cell, type View } from "../../host/web/session";
import { parseTranscript } from "../../host/transcript/format";
import { TranscriptRecorder } from "../../host/transcript/recorder";
import { replayTranscript } from "../../host/transcript/replay";

const root = projectRoot();
const wasmPath = defaultWasmPath();
const decoder = new TextDecoder();

/** The lease on the terminal of the last server started (GET /api/records hands it out, as to a page at power-on). */
let lease = "";

async function serve(): Promise<{ server: WebServer; dataDir: string; base: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "realname-web-"));
  const server = await startWebServer({ dataDir, profile: simulatorProfile("zh-CN"), webDir: join(root, "build", "web"), wasmPath, port: 0 });
  const base = server.url.replace(/\/$/, "");
  lease = (await fetch(base + "/api/records")).headers.get("x-terminal-lease") ?? "";
  return { server, dataDir, base };
}

const post = (url: string, body: Uint8Array, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", body: new Uint8Array(body), headers: { "content-type": "application/octet-stream", "x-terminal-lease": lease, ...headers } });

function journal(dataDir: string): Record<string, string>[] {
  return readJournal(join(dataDir, "terminal", "records.journal")).records.map((r) => parseRecord(decoder.decode(r.bytes)));
}

/** The page's screen as text rows, and every receipt and log line, as a DOM-free View. */
class FakeView implements View {
  rows: string[] = [];
  receipts: string[][] = [];
  logs: string[] = [];
  notes: string[] = [];
  screen(_id: number, rows: Cell[][]): void {
    this.rows = rows.map((r) => r.map((c) => c.ch).join(""));
  }
  status(note: string): void {
    this.notes.push(note);
  }
  beep(): void {}
  receipt(lines: string[]): void {
    this.receipts.push(lines);
  }
  log(line: string): void {
    this.logs.push(line);
  }
  /** Waits (bounded) until the screen shows `text`. */
  async expect(text: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (this.rows.some((r) => r.includes(text))) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`screen never showed ${text}; it shows:\n${this.rows.join("\n")}\nlog:\n${this.logs.slice(-10).join("\n")}`);
  }
}

/** Keys up to the confirmation screen for a holder, as the operator would on the page. */
async function enterHolder(session: WebSession, view: FakeView, holder: { name: string; id: string; pan: string; phone: string }): Promise<void> {
  await view.expect("主菜单");
  session.key(Key.DIGIT_1);
  await view.expect("同意");
  session.key(Key.ENTER);
  await view.expect("姓名");
  session.text(holder.name);
  session.key(Key.ENTER);
  await view.expect("证件类型");
  session.key(Key.DIGIT_1);
  await view.expect("身份证号");
  for (const d of holder.id) session.key(d.charCodeAt(0));
  session.key(Key.ENTER);
  await view.expect("卡");
  assert.ok(session.swipe(holder.pan));
  await view.expect("手机");
  for (const d of holder.phone) session.key(d.charCodeAt(0));
  session.key(Key.ENTER);
  await view.expect("请核对信息");
  session.key(Key.ENTER);
}

// The ID number's last character X is the * key.
const WANG_XIAOMING = { name: "王小明", id: "11010119900307010*", pan: "6222020000001000009", phone: "13800000001" };
const LI_HUA = { name: "李华", id: "310115198511200119", pan: "6222020000001011113", phone: "13900000002" };

/** issue 9, fix 10: the LCD was letter-spaced (a 1.15rem grid cell around a narrower glyph) and the page's icon a 404. */
test("web page: one display cell is one half-width character (1ch); the icon is inline and /favicon.ico no 404", { timeout: 20000 }, async () => {
  const { server, base } = await serve();
  try {
    const html = await (await fetch(base + "/")).text();
    const style = html.slice(html.indexOf("<style>"), html.indexOf("</style>"));
    assert.match(style, /--cell: 1ch;/, "a cell is the monospace font's half-width advance");
    assert.match(style, /\.line \{[^}]*grid-template-columns: repeat\(var\(--columns\), var\(--cell\)\)/);
    assert.match(style, /\.line span\.wide \{ grid-column: span 2; \}/, "a CJK character takes two cells");
    assert.doesNotMatch(style, /letter-spacing/);
    assert.match(html, /<link rel="icon" href="data:image\/svg\+xml,/, "the icon needs no request");
    const icon = await fetch(base + "/favicon.ico");
    assert.equal(icon.status, 204);
  } finally {
    await server.close();
  }
});

test("web server: serves the page, the bundle and the release module as is", { timeout: 20000 }, async () => {
  const { server, base } = await serve();
  try {
    const page = await fetch(base + "/");
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /text\/html/);
    const html = await page.text();
    assert.match(html, /<script type="module" src="\/app.js">/);
    assert.match(html, /确认/);
    const app = await fetch(base + "/app.js");
    assert.equal(app.status, 200);
    assert.match(app.headers.get("content-type")!, /javascript/);
    assert.doesNotMatch(await app.text(), /from\s*"node:|require\("node:/, "the bundle needs no node API");
    const wasm = await fetch(base + "/realname.wasm");
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.deepEqual(new Uint8Array(await wasm.arrayBuffer()), new Uint8Array(readFileSync(wasmPath)), "the same module the node host runs");
    assert.equal((await fetch(base + "/nothing")).status, 404);
    assert.equal((await post(base + "/api/config", new Uint8Array(0))).status, 405);
  } finally {
    await server.close();
  }
});

test("web server: config names the bank's cards without the holders' data; a foreign Host is refused", { timeout: 20000 }, async () => {
  const { server, base } = await serve();
  try {
    const config = await (await fetch(base + "/api/config")).json();
    assert.equal(config.profile.terminalId, simulatorProfile().terminalId);
    const bank = TestBank.default();
    assert.equal(config.cards.length, bank.cards.length);
    assert.deepEqual(Object.keys(config.cards[0]).filter((k) => ["name", "idNumber", "phone", "pin"].includes(k)), []);
    assert.deepEqual(await (await fetch(base + "/api/otp")).json(), {});
    // A page on another origin resolving to 127.0.0.1 (DNS rebinding) sends its own Host.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: server.port, path: "/api/config", headers: { host: "evil.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 403);
  } finally {
    await server.close();
  }
});

test("web server: /api/frame takes exactly one frame and answers with the acquirer's reply or nothing", { timeout: 20000 }, async () => {
  const { server, base } = await serve();
  try {
    // A whole frame the acquirer cannot read: no reply, as on TCP.
    const junk = await post(base + "/api/frame", Uint8Array.of(0, 3, 1, 2, 3));
    assert.equal(junk.status, 200);
    assert.equal((await junk.arrayBuffer()).byteLength, 0);
    // Not one whole frame: a short body, two frames, a length over the limit.
    assert.equal((await post(base + "/api/frame", Uint8Array.of(0, 5, 1))).status, 400);
    assert.equal((await post(base + "/api/frame", Uint8Array.of(0, 1, 9, 0, 1, 9))).status, 400);
    assert.equal((await post(base + "/api/frame", Uint8Array.of(0xff, 0xff, 1))).status, 400);
    assert.equal((await post(base + "/api/frame", new Uint8Array(20000))).status, 413);
  } finally {
    await server.close();
  }
});

test("web server: /api/save is in the journal when it answers; records come back for power-on", { timeout: 20000 }, async () => {
  const { server, dataDir, base } = await serve();
  try {
    const record = new TextEncoder().encode("id=web-1\ntype=attempt\nresult=00");
    const saved = await post(base + "/api/save", record);
    assert.equal(saved.status, 200);
    assert.deepEqual(await saved.json(), { saved: "web-1" });
    assert.deepEqual(journal(dataDir).map((r) => r.id), ["web-1"], "durable before the answer");
    assert.equal((await post(base + "/api/save", new TextEncoder().encode("type=attempt"))).status, 400);
    assert.equal((await post(base + "/api/save", new Uint8Array(9000).fill(0x41))).status, 413);
    const records = (await (await fetch(base + "/api/records")).json()) as string[];
    assert.equal(records.length, 1);
    assert.equal(decoder.decode(Uint8Array.from(Buffer.from(records[0], "hex"))), "id=web-1\ntype=attempt\nresult=00");
  } finally {
    await server.close();
  }
});

test("web server: one page is the terminal; a page powering on later takes the lease, the earlier one gets 409", { timeout: 20000 }, async () => {
  const { server, dataDir, base } = await serve();
  try {
    const first = lease;
    assert.match(first, /^[0-9A-F]{32}$/);
    const record = (id: string) => new TextEncoder().encode(`id=${id}\ntype=attempt\nresult=00`);
    assert.equal((await post(base + "/api/save", record("A1"))).status, 200);
    const second = (await fetch(base + "/api/records")).headers.get("x-terminal-lease");
    assert.ok(second && second !== first);
    const stale = await post(base + "/api/save", record("A2"), { "x-terminal-lease": first });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /another page powered this terminal on after this one/);
    assert.equal((await post(base + "/api/frame", Uint8Array.of(0, 3, 1, 2, 3), { "x-terminal-lease": first })).status, 409);
    assert.equal((await post(base + "/api/save", record("A3"), { "x-terminal-lease": "" })).status, 409);
    assert.equal((await post(base + "/api/save", record("A4"), { "x-terminal-lease": second! })).status, 200);
    assert.deepEqual(journal(dataDir).map((r) => r.id), ["A1", "A4"]);
  } finally {
    await server.close();
  }
});

test("web server: /api/set-aside moves a record the page's core refused into the quarantine file", { timeout: 20000 }, async () => {
  const { server, dataDir, base } = await serve();
  try {
    assert.equal((await post(base + "/api/save", new TextEncoder().encode("id=B1\ntype=attempt\nresult=00"))).status, 200);
    const aside = await post(base + "/api/set-aside", new TextEncoder().encode(JSON.stringify({ id: "B1", reason: "refused by the core: error -407" })), { "content-type": "application/json" });
    assert.equal(aside.status, 200);
    assert.deepEqual(journal(dataDir), []);
    assert.match(readFileSync(join(dataDir, "terminal", "records.journal.quarantine"), "utf8"), /record B1: refused by the core: error -407 \(reported by the page\)/);
    assert.equal((await post(base + "/api/set-aside", new TextEncoder().encode("{}"), { "content-type": "application/json" })).status, 400);
  } finally {
    await server.close();
  }
});

test("web server: /api/remove deletes the records the page's core purged past the retention, nothing else", { timeout: 20000 }, async () => {
  const { server, dataDir, base } = await serve();
  try {
    for (const id of ["C1", "C2"]) assert.equal((await post(base + "/api/save", new TextEncoder().encode(`id=${id}\ntype=attempt\nresult=00`))).status, 200);
    const removed = await post(base + "/api/remove", new TextEncoder().encode(JSON.stringify({ ids: ["C1"] })), { "content-type": "application/json" });
    assert.equal(removed.status, 200);
    assert.deepEqual(journal(dataDir).map((r) => r.id), ["C2"]);
    assert.equal((await post(base + "/api/remove", new TextEncoder().encode(JSON.stringify({ ids: [1] })), { "content-type": "application/json" })).status, 400);
  } finally {
    await server.close();
  }
});

test("page keys: the terminal simulator's keyboard map", () => {
  assert.deepEqual(pageKeyMeaning({ key: "Enter" }), { type: "key", key: Key.ENTER });
  assert.deepEqual(pageKeyMeaning({ key: "Escape" }), { type: "key", key: Key.CANCEL });
  assert.deepEqual(pageKeyMeaning({ key: "Backspace" }), { type: "key", key: Key.CLEAR });
  assert.deepEqual(pageKeyMeaning({ key: "F3" }), { type: "key", key: Key.F3 });
  assert.deepEqual(pageKeyMeaning({ key: "ArrowDown" }), { type: "key", key: Key.DOWN });
  assert.deepEqual(pageKeyMeaning({ key: "7" }), { type: "key", key: Key.DIGIT_7 });
  assert.deepEqual(pageKeyMeaning({ key: "#" }), { type: "key", key: Key.HASH });
  assert.deepEqual(pageKeyMeaning({ key: "F5" }), { type: "control", control: "swipe" });
  assert.deepEqual(pageKeyMeaning({ key: "F8" }), { type: "control", control: "otp" });
  assert.deepEqual(pageKeyMeaning({ key: "王" }), { type: "compose", text: "王" });
  assert.deepEqual(pageKeyMeaning({ key: "Tab" }), { type: "compose", text: "" });
  assert.equal(pageKeyMeaning({ key: "r", ctrlKey: true }), undefined, "the browser's own shortcuts stay the browser's");
  assert.equal(pageKeyMeaning({ key: "Shift" }), undefined);
});

test("page screen: a CJK character is one cell spanning two; lines are cut and padded to the profile's width", () => {
  const rows = screenCells(["请刷卡 OK", "ABCDEFGHIJKLMNOPQRS"], 16, 4);
  assert.equal(rows.length, 4);
  const width = (row: Cell[]) => row.reduce((n, c) => n + (c.wide ? 2 : 1), 0);
  assert.deepEqual(rows.map(width), [16, 16, 16, 16]);
  assert.deepEqual(rows[0].slice(0, 4), [{ ch: "请", wide: true }, { ch: "刷", wide: true }, { ch: "卡", wide: true }, { ch: " ", wide: false }]);
  assert.equal(rows[1].map((c) => c.ch).join(""), "ABCDEFGHIJKLMNOP");
  // A wide character that would straddle the edge is left out, not split.
  assert.equal(screenCells(["ABCDEFGHIJKLMNO卡"], 16, 1)[0].map((c) => c.ch).join(""), "ABCDEFGHIJKLMNO ");
});

test("page terminal under node: the release core in the session verifies a card over HTTP and the record is in the journal", { timeout: 60000 }, async () => {
  const { server, dataDir, base } = await serve();
  const view = new FakeView();
  const transcript: string[] = [];
  const session = await WebSession.open({
    wasm: new Uint8Array(readFileSync(wasmPath)), tools: new Uint8Array(readFileSync(defaultToolsPath())), transport: httpTransport(base), view, transcript: new TranscriptRecorder((line) => transcript.push(line)),
  });
  try {
    assert.equal(session.swipe("0000000000000000"), false, "a card the bank does not have is not swiped");
    await enterHolder(session, view, WANG_XIAOMING);
    await view.expect("认证成功");
    const v = journal(dataDir).find((r) => r.type === "verification");
    assert.ok(v, "the verification record reached the node side's journal");
    assert.equal(v.result, "00");
    assert.equal(v.pan, "622202*********0009");
    assert.ok(view.receipts.some((r) => r.join("\n").includes("认证成功")), "the receipt is on the page");

    // A power cut (F9): the core starts again from the records the server confirmed.
    const before = journal(dataDir).length;
    view.logs = [];
    session.powerCut();
    await view.expect("主菜单");
    assert.ok(view.logs.some((l) => l.includes(`${before} saved record(s) indexed`)), view.logs.join("\n"));
    // The page's loop recorded all of it, power cut included (a second start), and it replays.
    const recorded = parseTranscript(`${transcript.join("\n")}\n`);
    assert.equal(recorded.entries.filter((e) => e.type === "start").length, 2);
    assert.equal(replayTranscript(recorded, new Core()).difference, undefined);
    // Reloading the page: a new session fetches them from the journal over HTTP.
    session.stop();
    view.logs = [];
    const again = await WebSession.open({ wasm: new Uint8Array(readFileSync(wasmPath)), tools: new Uint8Array(readFileSync(defaultToolsPath())), transport: httpTransport(base), view });
    try {
      await view.expect("主菜单");
      assert.ok(view.logs.some((l) => l.includes(`${before} saved record(s) indexed`)), view.logs.join("\n"));
    } finally {
      again.stop();
    }
  } finally {
    session.stop();
    await server.close();
  }
});

test("page terminal under node: the SMS code the acquirer sent is typed from /api/otp", { timeout: 60000 }, async () => {
  const { server, dataDir, base } = await serve();
  const view = new FakeView();
  const session = await WebSession.open({ wasm: new Uint8Array(readFileSync(wasmPath)), tools: new Uint8Array(readFileSync(defaultToolsPath())), transport: httpTransport(base), view });
  try {
    assert.equal(await session.typeOtp(), false, "no code before the issuer sent one");
    await enterHolder(session, view, LI_HUA);
    await view.expect("验证码");
    assert.match(((await (await fetch(base + "/api/otp")).json()) as { code: string }).code, /^\d{6}$/);
    assert.equal(await session.typeOtp(), true);
    session.key(Key.ENTER);
    await view.expect("认证成功");
    assert.equal(journal(dataDir).find((r) => r.type === "verification")?.result, "00");
  } finally {
    session.stop();
    await server.close();
  }
});

test("page terminal under node: a save the node side refuses is never reported SAVED", { timeout: 60000 }, async () => {
  const { server, dataDir, base } = await serve();
  const view = new FakeView();
  const http = httpTransport(base);
  const transport = { ...http, save: () => Promise.reject(new Error("disk full")) };
  const session = await WebSession.open({ wasm: new Uint8Array(readFileSync(wasmPath)), tools: new Uint8Array(readFileSync(defaultToolsPath())), transport, view });
  try {
    await enterHolder(session, view, WANG_XIAOMING);
    for (let i = 0; i < 500 && !view.logs.some((l) => l.includes("not saved: disk full")); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(view.logs.some((l) => l.includes("not saved: disk full")), view.logs.join("\n"));
    assert.deepEqual(journal(dataDir), []);
    assert.ok(!session.terminal.history.some((c) => c.kind === "SHUTDOWN"));
  } finally {
    session.stop();
    await server.close();
  }
});
