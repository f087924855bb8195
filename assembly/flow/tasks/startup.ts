// Start-up and sign-on (R3, R4, R5, R11): POWER_ON with the profile, the keys,
// the saved records, START with the self test and device checks, the sign-on
// that installs the working keys, the echo test, then the menu. Also the
// network test of menu item 5 (the same echo test), the device reports
// (battery, printer) that may come at any time, and signing on again when an
// answer asks for it.
import { ErrorCode, fail } from "../../abi";
import { runSelfTest } from "../../selftest";
import { Event, Ev, Cmd, Beep, KeySlot } from "../events";
import { St } from "../states";
import { emit, begin, end, putBytes } from "../queue";
import { profile, parseProfile, keysInModule, PRINTER_READY } from "../profile";
import { CORE_CUSTODY } from "../version";
import { T, W } from "../texts";
import { S, showText, wipeScreen } from "../screens";
import { Slot, TABLE_RECORDS, loadRecord, stanOf, clearTables } from "../records";
import { TIME_DIGITS } from "../inquiry";
import { DAY_MINUTES } from "../policy";
import { Op, reply, setStanBase, adoptBatch } from "../messages";
import { lookupResponse, responseText } from "../responses";
import { injectTerminalMasterKey, installWorkingKeys, wipeAllKeys } from "../deps";
import { copyBytes, zeroBytes, minutesOf, writeRecordTime, CH_0 } from "../bytes";
import { session, PIN_BLOCK } from "../session";
import { position, terminal, operation, exchange, corrections, clock, RECORD_KEY, resetTerminal, Task } from "../state";
import { beep, log, wipeEntered, enter, toMenu, ack, ackBack } from "../moves";
import { startExchange } from "../exchange";
import { installInModule } from "./keys";
import { isSettingsRecord, restoreSettings } from "./settings";
import { Step } from "../steps";

/** POWER_ON (any state): a valid profile restarts everything; nothing of the last run survives but what RESTORE brings back and the store answers. */
export function powerOn(e: Event): void {
  const r = parseProfile(e.src, e.length);
  if (r < 0) { e.refused = r; return; }
  wipeEntered();
  wipeScreen();
  if (CORE_CUSTODY) wipeAllKeys();
  clearTables();
  resetTerminal();
  position.state = St.EXPECT_START;
  showText(S.BOOT, T.SELF_TEST);
}

/** INJECT_KEY: the terminal master key into the key store, or the record-hash key kept here. */
export function injectKey(e: Event): void {
  // keyCustody=module: keys stay in the secure module; one offered to the core is refused unread.
  if (keysInModule()) { e.refused = fail(ErrorCode.FLOW_KEY_CUSTODY, Ev.INJECT_KEY); return; }
  if (e.length != 17) { e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.INJECT_KEY, 0, 17, e.length); return; }
  const slot = e.byte;
  if (slot == KeySlot.MASTER) {
    const r = injectTerminalMasterKey(e.src + 1, 16);
    if (r < 0) { e.refused = r; return; }
    terminal.masterKeyLoaded = true;
  } else if (slot == KeySlot.RECORD_HASH) {
    copyBytes(RECORD_KEY, e.src + 1, 16);
    terminal.recordKeyLoaded = true;
  } else {
    e.refused = fail(ErrorCode.FLOW_BAD_PAYLOAD, Ev.INJECT_KEY, 0, 1, slot);
  }
}

/**
 * RESTORE: the settings record (its language), or a saved record whose STAN
 * the numbering continues after (the host sends the one with the highest);
 * nothing else of a record is kept: the store answers for the records
 * (inquiry.ts). FLOW_BAD_RECORD if it is not one SAVE wrote.
 */
export function restore(e: Event): void {
  if (isSettingsRecord(e.src, e.length)) {
    const r = restoreSettings(e.src, e.length);
    if (r < 0) e.refused = r;
    return;
  }
  const t = loadRecord(e.src, e.length, Slot.FOUND, true);
  if (t < 0) { e.refused = t; return; }
  const stan = stanOf(t, t == TABLE_RECORDS ? Slot.FOUND : 0);
  if (stan > terminal.restoredStan) terminal.restoredStan = stan;
  clearTables();
}

@lazy const CUTOFF: usize = memory.data(16);

/** PIPL art. 19: records older than the profile's retention are purged from the store (PURGE: their time is before the cut-off). */
function purgeOld(): void {
  if (profile.retentionDays == 0) return;
  writeRecordTime(minutesOf(clock.date, clock.time) - profile.retentionDays * DAY_MINUTES, clock.time % 100, CUTOFF);
  begin(Cmd.PURGE);
  putBytes(CUTOFF, TIME_DIGITS);
  end();
}

/** START: self test, devices, keys (R3, R5), then sign-on (R11) and the echo test (R4). */
export function start(e: Event): void {
  showText(S.BOOT, T.SELF_TEST);
  let reason = -1;
  if (runSelfTest() != 0) reason = T.L_SELFTEST_FAILED;
  else if (profile.battery < profile.batteryMin && !profile.charging) reason = T.L_BATTERY_LOW;
  else if (!profile.cardReader) reason = T.L_NO_READER;
  else if (!keysInModule() && (!terminal.masterKeyLoaded || !terminal.recordKeyLoaded)) reason = T.L_NO_KEYS;
  if (reason >= 0) {
    showText(S.HALTED, reason);
    beep(Beep.ERROR);
    log(W.LOG_HALTED);
    position.state = St.HALTED;
    if (reason == T.L_BATTERY_LOW) emit(Cmd.SHUTDOWN);
    return;
  }
  if (profile.printer != PRINTER_READY) log(W.LOG_PRINTER_RECEIPTS);
  setStanBase(terminal.restoredStan);
  purgeOld();
  operation.task = Task.START_UP;
  startExchange(Op.SIGN_ON);
}

/** Sign on (again): after a failed sign-on, or an answer that asked for one (77/99/A0). */
export function signOnAgain(): void { startExchange(Op.SIGN_ON); }

/** Not signed on, for reason t: ENTER signs on. */
export function signOnRefused(t: i32): void {
  terminal.signedOn = false;
  ack(t, T.KEYS_RETRY, Step.signOnAgain, Step.NONE, Beep.ERROR);
}

/** The 0810: working keys installed (every check value must match), then the echo test at start-up or the resumed request. */
export function signOnReply(c0: i32, c1: i32): void {
  if (c0 != CH_0 || c1 != CH_0 || !reply.has(62)) { signOnRefused(T.L_SIGNON_FAILED); return; }
  if (keysInModule()) { installInModule(profile.keyLayout, reply.ptr(62), reply.length(62), Step.keysInstalled, Step.keysRefused); return; }
  if (installWorkingKeys(profile.keyLayout, reply.ptr(62), reply.length(62)) < 0) { keysRefused(); return; }
  keysInstalled();
}

export function keysRefused(): void {
  log(W.LOG_KEY_CHECK_FAILED);
  signOnRefused(T.L_KEYS_BAD);
}

export function keysInstalled(): void {
  terminal.signedOn = true;
  terminal.signOnAsked = false;
  log(W.LOG_KEYS_INSTALLED);
  // The POS centre hands out the batch (60.2): after a 77 the request goes again in its batch.
  if (adoptBatch()) log(W.LOG_BATCH);
  if (exchange.resumeOp != Op.NONE) { resumeAfterSignOn(); return; }
  if (operation.task == Task.START_UP) { startExchange(Op.ECHO); return; } // R4: prove the link once keys are in
  toMenu();
}

/** The exchange 77/99/A0 interrupted, once signed on again; a PIN block made under the old PIK is asked for again. */
function resumeAfterSignOn(): void {
  const o = exchange.resumeOp;
  exchange.resumeOp = Op.NONE;
  if (session.hasPinBlock) {
    session.hasPinBlock = false;
    zeroBytes(PIN_BLOCK, 8);
    corrections.editing = operation.task != Task.BALANCE;
    enter(St.EXPECT_PIN);
    return;
  }
  startExchange(o);
}

/** No sign-on reply. */
export function signOnFailed(t: i32): void {
  signOnRefused(T.L_SIGNON_FAILED);
}

/** The 0830: at start-up the menu (signed on already); from menu item 5, what it says. */
export function echoReply(c0: i32, c1: i32): void {
  if (operation.task == Task.START_UP) { toMenu(); return; }
  lookupResponse(c0, c1);
  if (c0 == CH_0 && c1 == CH_0) ack(T.L_ECHO_OK, T.KEYS_BACK, Step.NONE, Step.NONE, Beep.SUCCESS);
  else ackBack(responseText());
}

/** No echo reply: at start-up the menu all the same (item 5 shows the failure); from item 5 the reason. */
export function echoFailed(t: i32): void {
  if (operation.task == Task.START_UP) { toMenu(); return; }
  ackBack(t);
}

/** BATTERY: R5, critically low and not charging: power off from an idle screen; a running exchange finishes first. */
export function battery(e: Event): void {
  profile.battery = e.byte;
  profile.charging = load<u8>(e.src + 1) == 1;
  if (profile.battery >= profile.batteryMin || profile.charging) return;
  const s = position.state;
  if (s == St.EXPECT_MENU || s == St.EXPECT_ACK || s == St.EXPECT_START) {
    toMenu();
    showText(S.HALTED, T.L_BATTERY_LOW);
    position.state = St.HALTED;
    emit(Cmd.SHUTDOWN);
    return;
  }
  beep(Beep.ATTENTION);
  log(W.LOG_BATTERY_LOW);
}

/** PRINTER: the printer's state is kept (receipts are skipped, and logged, when it is not ready). */
export function printer(e: Event): void {
  profile.printer = e.byte;
}
