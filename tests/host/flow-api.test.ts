// The host's encoding of the flow ABI (host/api/flow.ts) against docs/ABI.md:
// every event payload byte for byte, every command payload decoded, the profile.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildProfile, coreDateTime, CommandFormatError, CommandKind, decodeCommand, encodeEvent,
  EventKind, Key, KEY_NAMES, KeySlot, LinkStatus, ModuleKey, PinEnd, recordId, SecureStatus, type FlowEvent,
} from "../../host/api/flow";

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => new TextEncoder().encode(s);

/**
 * The numbers are generated from the core (host/generated/abi.ts), so they cannot drift from
 * it; this pins the published ones, which must never change once released (assembly/flow/events.ts).
 */
test("event kinds, command kinds and key codes keep their published numbers; retired ones stay holes", () => {
  assert.deepEqual(
    [EventKind.POWER_ON, EventKind.INJECT_KEY, EventKind.RESTORE, EventKind.START, EventKind.KEY, EventKind.TEXT, EventKind.CARD,
      EventKind.RECEIVED, EventKind.LINK, EventKind.TIMER, EventKind.BATTERY, EventKind.PRINTER, EventKind.RANDOM, EventKind.SAVED,
      EventKind.RECORD, EventKind.ATTEMPTS],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 20, 21],
  );
  assert.deepEqual([EventKind.KEY_INSTALLED, EventKind.PIN_DIGITS, EventKind.PIN_BLOCK, EventKind.PIN_ENDED, EventKind.SECURE_RESULT], [30, 31, 32, 33, 34]);
  assert.deepEqual([Key.ENTER, Key.CANCEL, Key.CLEAR, Key.F1, Key.F4, Key.MENU, Key.UP, Key.DOWN, Key.STAR, Key.HASH],
    [0x0d, 0x1b, 0x08, 0x81, 0x84, 0x85, 0x86, 0x87, 0x2a, 0x23]);
  assert.equal(KEY_NAMES["7"], 0x37);
  // 6 and 7 were START_TIMER and CANCEL_TIMER (ABI 2): never given to another command.
  assert.deepEqual(Object.values(CommandKind), [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 20, 21, 22, 30, 31, 32, 33]);
  assert.deepEqual(Object.keys(CommandKind), [
    "NONE", "SHOW", "BEEP", "CONNECT", "SEND", "DISCONNECT", "SAVE", "PRINT", "NEED_RANDOM", "LOG", "SHUTDOWN",
    "FIND_RECORD", "COUNT_ATTEMPTS", "PURGE",
    "INSTALL_KEY", "PIN_ENTRY", "MAC", "ENCIPHER",
  ]);
});

test("every event kind encodes and every command kind decodes (the host speaks the whole vocabulary)", () => {
  const events: Record<keyof typeof EventKind, FlowEvent> = {
    POWER_ON: { kind: "POWER_ON", profile: "terminalId=1" }, INJECT_KEY: { kind: "INJECT_KEY", slot: KeySlot.MASTER, key: bytes(1) },
    RESTORE: { kind: "RESTORE", record: "id=V1" }, START: { kind: "START" }, KEY: { kind: "KEY", key: Key.ENTER },
    TEXT: { kind: "TEXT", text: "x" }, CARD: { kind: "CARD", card: { source: "keyed", pan: "1", expiry: "3012" } },
    RECEIVED: { kind: "RECEIVED", frame: bytes(0, 0) }, LINK: { kind: "LINK", status: LinkStatus.UP },
    TIMER: { kind: "TIMER" }, BATTERY: { kind: "BATTERY", percent: 50, charging: false },
    PRINTER: { kind: "PRINTER", status: 0 }, RANDOM: { kind: "RANDOM", bytes: bytes(1) }, SAVED: { kind: "SAVED", id: "V1" },
    RECORD: { kind: "RECORD", count: 0 }, ATTEMPTS: { kind: "ATTEMPTS", answers: 0, failuresInRow: 0 },
    KEY_INSTALLED: { kind: "KEY_INSTALLED", key: ModuleKey.PIK, status: SecureStatus.OK }, PIN_DIGITS: { kind: "PIN_DIGITS", count: 4 },
    PIN_BLOCK: { kind: "PIN_BLOCK", block: bytes(1, 2, 3, 4, 5, 6, 7, 8) }, PIN_ENDED: { kind: "PIN_ENDED", reason: PinEnd.CANCELLED },
    SECURE_RESULT: { kind: "SECURE_RESULT", status: SecureStatus.NO_KEY },
  };
  for (const [name, kind] of Object.entries(EventKind)) assert.equal(encodeEvent(events[name as keyof typeof EventKind]).kind, kind, name);
  const payloads: Partial<Record<keyof typeof CommandKind, Uint8Array>> = {
    SHOW: bytes(0, 1), BEEP: bytes(1), SEND: bytes(0, 0),
    SAVE: ascii("id=V1"), NEED_RANDOM: bytes(8), FIND_RECORD: bytes(0, 0, 0, 0, 0), COUNT_ATTEMPTS: ascii("A".repeat(32) + "20261125103059"),
    PURGE: ascii("20250101103000"), INSTALL_KEY: bytes(2, 1, 1, 0xaa, 1, 2, 3, 4), PIN_ENTRY: bytes(0, 4, 12, 0, 60),
    MAC: bytes(3, 5), ENCIPHER: bytes(4, 1),
  };
  for (const [name, kind] of Object.entries(CommandKind)) {
    if (kind === CommandKind.NONE) continue;
    assert.equal(decodeCommand(kind, payloads[name as keyof typeof CommandKind] ?? bytes()).kind, name);
  }
  for (const [name, code] of Object.entries(Key)) assert.ok(Object.values(KEY_NAMES).includes(code), `KEY_NAMES names ${name}`);
});

test("each event encodes to its documented payload", () => {
  assert.deepEqual(encodeEvent({ kind: "KEY", key: Key.ENTER }), { kind: 5, payload: bytes(0x0d) });
  assert.deepEqual(encodeEvent({ kind: "INJECT_KEY", slot: KeySlot.MASTER, key: bytes(1, 2, 3) }), { kind: 2, payload: bytes(1, 1, 2, 3) });
  assert.deepEqual(encodeEvent({ kind: "START" }), { kind: 4, payload: bytes() });
  assert.deepEqual(encodeEvent({ kind: "TEXT", text: "张三" }), { kind: 6, payload: ascii("张三") });
  assert.deepEqual(encodeEvent({ kind: "CARD", card: { source: "swipe", track2: "6222;=" } }).payload, ascii("S6222;="));
  assert.deepEqual(encodeEvent({ kind: "CARD", card: { source: "keyed", pan: "6222020000000008", expiry: "2812" } }).payload, ascii("K6222020000000008=2812"));
  assert.deepEqual(encodeEvent({ kind: "CARD", card: { source: "chip", tlv: bytes(0x5a, 1, 0x62) } }).payload, bytes(0x43, 0x5a, 1, 0x62));
  assert.deepEqual(encodeEvent({ kind: "LINK", status: LinkStatus.FAILED }), { kind: 9, payload: bytes(2) });
  assert.deepEqual(encodeEvent({ kind: "TIMER" }), { kind: 10, payload: bytes() });
  assert.deepEqual(encodeEvent({ kind: "BATTERY", percent: 55, charging: true }), { kind: 11, payload: bytes(55, 1) });
  assert.deepEqual(encodeEvent({ kind: "PRINTER", status: 1 }), { kind: 12, payload: bytes(1) });
  assert.deepEqual(encodeEvent({ kind: "SAVED", id: "R0001" }), { kind: 14, payload: ascii("R0001") });
  assert.deepEqual(encodeEvent({ kind: "RESTORE", record: "id=R1\nx=y" }), { kind: 3, payload: ascii("id=R1\nx=y") });
  assert.deepEqual(encodeEvent({ kind: "RECORD", count: 258, record: ascii("id=V1") }), { kind: 20, payload: bytes(0, 0, 1, 2, ...ascii("id=V1")) });
  assert.deepEqual(encodeEvent({ kind: "ATTEMPTS", answers: 2, failuresInRow: 1, newestFailure: "20261126103000" }),
    { kind: 21, payload: bytes(0, 0, 0, 2, 0, 0, 0, 1, ...ascii("20261126103000")) });
  assert.throws(() => encodeEvent({ kind: "KEY", key: 256 }), RangeError);
  assert.throws(() => encodeEvent({ kind: "BATTERY", percent: 101, charging: false }), RangeError);
});

test("each command payload decodes to its documented fields", () => {
  assert.deepEqual(decodeCommand(CommandKind.SHOW, Uint8Array.of(0x01, 0x02, ...ascii("认证成功\nOK"))), { kind: "SHOW", screenId: 0x0102, lines: ["认证成功", "OK"] });
  assert.deepEqual(decodeCommand(CommandKind.BEEP, bytes(3)), { kind: "BEEP", tone: 3 });
  assert.deepEqual(decodeCommand(CommandKind.INSTALL_KEY, bytes(3, 1, 2, 0xaa, 0xbb, 1, 2, 3, 4)),
    { kind: "INSTALL_KEY", key: ModuleKey.MAK, masterKey: ModuleKey.MASTER, block: bytes(0xaa, 0xbb), checkValue: bytes(1, 2, 3, 4) });
  assert.throws(() => decodeCommand(CommandKind.INSTALL_KEY, bytes(3, 1, 2, 0xaa, 1, 2, 3, 4)), /payload of 8 bytes, expected 9/);
  assert.deepEqual(decodeCommand(CommandKind.PIN_ENTRY, Uint8Array.of(0, 4, 12, 0, 60, ...ascii("6222020000000008"))),
    { kind: "PIN_ENTRY", format: 0, minLength: 4, maxLength: 12, timeoutSeconds: 60, pan: "6222020000000008" });
  assert.deepEqual(decodeCommand(CommandKind.MAC, bytes(5, 6, 0x50, 0x31)), { kind: "MAC", key: ModuleKey.RECORD_HASH, algorithm: 6, data: bytes(0x50, 0x31) });
  assert.deepEqual(encodeEvent({ kind: "SECURE_RESULT", status: SecureStatus.OK, bytes: bytes(9, 8) }), { kind: 34, payload: bytes(0, 9, 8) });
  assert.deepEqual(encodeEvent({ kind: "KEY_INSTALLED", key: ModuleKey.TDK, status: SecureStatus.CHECK_VALUE }), { kind: 30, payload: bytes(4, 1) });
  assert.deepEqual(decodeCommand(CommandKind.NEED_RANDOM, bytes(8)), { kind: "NEED_RANDOM", count: 8 });
  const save = decodeCommand(CommandKind.SAVE, ascii("id=V0007\npan=622202******0008"));
  assert.equal(save.kind === "SAVE" && save.id, "V0007");
  assert.deepEqual(decodeCommand(CommandKind.SEND, bytes(0, 1, 9)), { kind: "SEND", frame: bytes(0, 1, 9) });
  assert.deepEqual(decodeCommand(CommandKind.LOG, ascii("sign-on ok")), { kind: "LOG", line: "sign-on ok" });
  assert.deepEqual(decodeCommand(CommandKind.PRINT, ascii("a\nb")), { kind: "PRINT", lines: ["a", "b"] });
  assert.deepEqual(decodeCommand(CommandKind.FIND_RECORD, bytes(2, 0, 0, 1, 0, ...ascii("AB"))), { kind: "FIND_RECORD", filter: 2, rank: 256, hash: "AB" });
  assert.deepEqual(decodeCommand(CommandKind.COUNT_ATTEMPTS, ascii("C".repeat(32) + "20261125103059")),
    { kind: "COUNT_ATTEMPTS", hash: "C".repeat(32), since: "20261125103059" });
  assert.deepEqual(decodeCommand(CommandKind.PURGE, ascii("20250101103000")), { kind: "PURGE", before: "20250101103000" });
  assert.throws(() => decodeCommand(CommandKind.FIND_RECORD, bytes(2, 0)), CommandFormatError);
  // Mutated payloads: a contract break is reported, never guessed at.
  assert.throws(() => decodeCommand(CommandKind.BEEP, bytes()), CommandFormatError);
  assert.throws(() => decodeCommand(6, bytes(2, 0, 0, 0x75, 0x30)), CommandFormatError); // START_TIMER, retired
  assert.throws(() => decodeCommand(CommandKind.SAVE, ascii("pan=1\nid=V1")), CommandFormatError);
  assert.throws(() => decodeCommand(CommandKind.SHOW, bytes(1)), CommandFormatError);
  assert.throws(() => decodeCommand(99, bytes()), CommandFormatError);
});

test("the profile builds as key=value lines and rejects unknown keys", () => {
  const text = buildProfile({ terminalId: "10000001", merchantId: "898100000000001", requirePin: true, features: ["verify", "loss"], keyLayout: 60 });
  assert.equal(text, "terminalId=10000001\nmerchantId=898100000000001\nfeatures=verify,loss\nkeyLayout=60\nrequirePin=1");
  assert.throws(() => buildProfile({ terminalId: "1", merchantId: "2", colour: "red" } as never), /unknown profile key "colour"/);
  assert.throws(() => buildProfile({ terminalId: "1", merchantId: "2", merchantName: "a\nb" }), /line break/);
});

test("record ids and date/time integers", () => {
  assert.equal(recordId("id=A1\nk=v"), "A1");
  assert.equal(recordId("k=v\nid=A1"), undefined);
  assert.deepEqual(coreDateTime(new Date(2026, 10, 26, 9, 5, 7)), { date: 20261126, time: 90507 });
});
