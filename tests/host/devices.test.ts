// The simulator's devices (host/devices/): display layout, keypad mapping, card
// reader, frame reassembly and partial writes, the TCP modem on loopback. The
// journal has its own suite (journal.test.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { Key, LinkStatus } from "../../host/api/flow";
import { fitLine, renderScreen, textWidth } from "../../host/devices/display";
import { keyMeaning, LineEditor, RawKeypad, type Control } from "../../host/devices/keypad";
import { PassThrough } from "node:stream";
import type { KeypadInput } from "../../host/devices/types";
import { SimCardReader, track2Of } from "../../host/devices/card-reader";
import { frame, FrameReader, FrameTooLong, FrameWriter, TcpModem } from "../../host/devices/modem";
import { SystemClock } from "../../host/devices/clock";
import { SeededRandom } from "../../host/devices/random";
import type { CardRead } from "../../host/api/flow";

const text = (s: string) => new TextEncoder().encode(s);

test("display: a CJK character takes two cells; lines are cut, padded and framed", () => {
  assert.equal(textWidth("认证成功"), 8);
  assert.equal(textWidth("OK 认证"), 7);
  assert.equal(fitLine("请输入持卡人姓名", 9), "请输入持 "); // never half a hanzi
  const lines = renderScreen({ screenId: 0x0102, lines: ["认证成功", "Verified"] }, 16, 4);
  assert.equal(lines.length, 6);
  assert.equal(lines[0], "┌#0102───────────┐");
  assert.equal(lines[1], "│认证成功        │");
  assert.equal(lines[2], "│Verified        │");
  const over = renderScreen({ screenId: 1, lines: ["12345678901234567", "a", "b", "c", "d"] }, 16, 4);
  assert.equal(over[1].endsWith(">"), true, "an over-wide line is marked");
  assert.equal(over[5].startsWith("└+1"), true, "a fifth line is counted as hidden");
});

test("keypad: keys map as the issue lists, other characters start composition", () => {
  assert.deepEqual(keyMeaning("\r", { name: "return" }), { type: "key", key: Key.ENTER });
  assert.deepEqual(keyMeaning("\x1b", { name: "escape" }), { type: "key", key: Key.CANCEL });
  assert.deepEqual(keyMeaning("\x7f", { name: "backspace" }), { type: "key", key: Key.CLEAR });
  assert.deepEqual(keyMeaning(undefined, { name: "f3" }), { type: "key", key: Key.F3 });
  assert.deepEqual(keyMeaning("7", { name: "7" }), { type: "key", key: 0x37 });
  assert.deepEqual(keyMeaning("#", undefined), { type: "key", key: Key.HASH });
  assert.deepEqual(keyMeaning("张", undefined), { type: "compose", text: "张" });
  assert.deepEqual(keyMeaning("\t", { name: "tab" }), { type: "compose", text: "" });
  assert.deepEqual(keyMeaning(undefined, { name: "f5" }), { type: "control", control: "swipe" });
  assert.deepEqual(keyMeaning("\x03", { name: "c", ctrl: true }), { type: "control", control: "quit" });
  const editor = new LineEditor("text", "张");
  assert.equal(editor.feed("三", undefined), "editing");
  assert.equal(editor.feed("x", { name: "x" }), "editing");
  assert.equal(editor.feed("\x7f", { name: "backspace" }), "editing");
  assert.equal(editor.feed("\r", { name: "return" }), "done");
  assert.equal(editor.text, "张三");
});

test("keypad on a raw input stream: keys, a composed name as one TEXT, controls and a prompt", async () => {
  const input = new PassThrough() as unknown as NodeJS.ReadStream;
  const echoed: string[] = [];
  const keypad = new RawKeypad(input, (line) => echoed.push(line));
  const got: KeypadInput[] = [];
  const controls: Control[] = [];
  keypad.onInput((i) => got.push(i));
  keypad.onControl((c) => controls.push(c));
  const type = async (s: string) => {
    (input as unknown as PassThrough).write(s);
    await new Promise((r) => setImmediate(r));
  };
  await type("1");
  await type("\r");
  await type("张");
  await type("三");
  await type("\r");
  await type("\x1b[15~"); // F5
  const answer = keypad.prompt("card");
  await type("6222");
  await type("\r");
  assert.equal(await answer, "6222");
  await type("\x1b"); // Esc: CANCEL
  await new Promise((r) => setTimeout(r, 600)); // readline waits to tell a lone Esc from a sequence
  keypad.close();
  assert.deepEqual(got, [{ type: "key", key: 0x31 }, { type: "key", key: Key.ENTER }, { type: "text", text: "张三" }, { type: "key", key: Key.CANCEL }]);
  assert.deepEqual(controls, ["swipe"]);
  assert.ok(echoed.includes("text: 张三"));
});

test("card reader: swipe by number writes a track 2, paste and keyed pass through", () => {
  const got: CardRead[] = [];
  const reader = new SimCardReader((pan) => (pan === "6222021234567890128" ? { pan, expiry: "3012" } : undefined));
  reader.onCard((c) => got.push(c));
  assert.equal(reader.swipe("6222 0212 3456 7890 128"), true);
  assert.equal(reader.swipe("6222000000000000"), false);
  reader.pasteTrack2(";6222021234567890128=30121010000?\n");
  reader.keyed("6222021234567890128", "3012");
  assert.deepEqual(got, [
    { source: "swipe", track2: track2Of({ pan: "6222021234567890128", expiry: "3012" }) },
    { source: "swipe", track2: ";6222021234567890128=30121010000?" },
    { source: "keyed", pan: "6222021234567890128", expiry: "3012" },
  ]);
  assert.match(track2Of({ pan: "6222021234567890128", expiry: "3012" }), /^6222021234567890128=3012101\d*$/);
  assert.ok(track2Of({ pan: "6222021234567890128", expiry: "3012" }).length <= 37);
});

const FRAMES = [frame(text("first")), frame(new Uint8Array(0)), frame(text("第二帧 second")), frame(new Uint8Array(300).fill(7))];
const STREAM = Uint8Array.from(FRAMES.flatMap((f) => [...f]));

test("frame reader: the same frames fed whole, a byte at a time, and split at every point", () => {
  assert.deepEqual(new FrameReader().push(STREAM), FRAMES);
  const r = new FrameReader();
  const bytewise = [...STREAM].flatMap((b) => r.push(Uint8Array.of(b)));
  assert.deepEqual(bytewise, FRAMES);
  assert.equal(r.pending, 0);
  for (let split = 0; split <= STREAM.length; split += 7) {
    const s = new FrameReader();
    assert.deepEqual([...s.push(STREAM.subarray(0, split)), ...s.push(STREAM.subarray(split))], FRAMES, `split at ${split}`);
  }
});

test("frame reader: trailing bytes wait for the rest of their frame; a huge length is refused", () => {
  const r = new FrameReader();
  const out = r.push(Uint8Array.from([...FRAMES[0], 0x00, 0x05, 0x41]));
  assert.deepEqual(out, [FRAMES[0]]);
  assert.equal(r.pending, 3);
  assert.deepEqual(r.push(text("BCDE")), [Uint8Array.from([0, 5, 0x41, 0x42, 0x43, 0x44, 0x45])]);
  assert.throws(() => new FrameReader(100).push(Uint8Array.of(0x01, 0x00)), FrameTooLong);
});

test("frame writer: a sink that takes a few bytes at a time still gets every byte in order", () => {
  const written: number[] = [];
  let budget = 0;
  const writer = new FrameWriter((bytes) => {
    const n = Math.min(budget, bytes.length, 3);
    written.push(...bytes.subarray(0, n));
    budget -= n;
    return n;
  });
  assert.equal(writer.write(FRAMES[0]), false, "nothing taken yet");
  assert.equal(writer.write(FRAMES[2]), false);
  while (writer.queuedBytes > 0) {
    budget = 2;
    writer.resume();
  }
  assert.deepEqual(Uint8Array.from(written), Uint8Array.from([...FRAMES[0], ...FRAMES[2]]));
});

/** A loopback server that echoes each frame back reversed, in pieces of 1..3 bytes. */
async function echoServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    const reader = new FrameReader();
    socket.on("data", (d) => {
      for (const f of reader.push(new Uint8Array(d))) {
        const reply = frame(f.subarray(2).reverse());
        for (let i = 0; i < reply.length; i += 2) socket.write(reply.subarray(i, i + 2));
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

function nextEvent<T>(register: (h: (v: T) => void) => void): () => Promise<T> {
  const queue: T[] = [];
  const waiters: ((v: T) => void)[] = [];
  register((v) => (waiters.length ? waiters.shift()!(v) : queue.push(v)));
  return () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiters.push(r)));
}

test("modem: connects, carries frames both ways, reports the drop, and reconnects", { timeout: 10000 }, async () => {
  const { server, port, sockets } = await echoServer();
  const modem = new TcpModem({ host: "127.0.0.1", port, clock: new SystemClock() });
  const link = nextEvent<LinkStatus>((h) => modem.onLink(h));
  const frames = nextEvent<Uint8Array>((h) => modem.onFrame(h));
  modem.connect();
  assert.equal(await link(), LinkStatus.UP);
  modem.send(frame(text("abc")));
  assert.deepEqual(await frames(), frame(text("cba")));
  sockets[0].destroy();
  assert.equal(await link(), LinkStatus.DOWN);
  assert.equal(modem.connected, false);
  modem.connect();
  assert.equal(await link(), LinkStatus.UP);
  modem.send(frame(text("xy")));
  assert.deepEqual(await frames(), frame(text("yx")));
  modem.disconnect();
  server.close();
});

test("modem: a refused connection reports CONNECT_FAILED after its attempts; sever() fails connects", { timeout: 10000 }, async () => {
  const { server, port } = await echoServer();
  server.close();
  await new Promise((r) => setTimeout(r, 20));
  const modem = new TcpModem({ host: "127.0.0.1", port, clock: new SystemClock(), connectAttempts: 2, retryDelayMs: 10 });
  const link = nextEvent<LinkStatus>((h) => modem.onLink(h));
  modem.connect();
  assert.equal(await link(), LinkStatus.FAILED);
  const up = await echoServer();
  const m2 = new TcpModem({ host: "127.0.0.1", port: up.port, clock: new SystemClock(), connectAttempts: 1 });
  const link2 = nextEvent<LinkStatus>((h) => m2.onLink(h));
  m2.connect();
  assert.equal(await link2(), LinkStatus.UP);
  m2.sever();
  assert.equal(await link2(), LinkStatus.DOWN);
  m2.connect();
  assert.equal(await link2(), LinkStatus.FAILED);
  m2.restore();
  m2.connect();
  assert.equal(await link2(), LinkStatus.UP);
  m2.disconnect();
  up.server.close();
});

test("modem: a frame that stalls half-way past the read timeout drops the link", { timeout: 10000 }, async () => {
  const server = createServer((socket) => {
    socket.write(Uint8Array.of(0x00, 0x10, 0x01)); // promises 16 bytes, sends 1
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const modem = new TcpModem({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, clock: new SystemClock(), readTimeoutMs: 50 });
  const link = nextEvent<LinkStatus>((h) => modem.onLink(h));
  modem.connect();
  assert.equal(await link(), LinkStatus.UP);
  assert.equal(await link(), LinkStatus.DOWN);
  server.close();
});

test("random: a seeded source replays, the bytes differ across seeds", () => {
  assert.deepEqual(new SeededRandom("a").bytes(40), new SeededRandom("a").bytes(40));
  assert.notDeepEqual(new SeededRandom("a").bytes(8), new SeededRandom("b").bytes(8));
});
