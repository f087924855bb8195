// The core's deadlines (state.ts Deadlines, machine.ts timePassed and nextDeadline;
// docs/ABI.md "Deadlines"): what nextDeadline() tells the host, which TIMER acts,
// and how a clock set back or forward counts. The input screen's timeout (the
// profile's inputTimeout, 60 s) is the deadline these use.
import { bootToMenu, powerOn, injectKeys, state, key, event, hexBytes, setClock, screen, ENTER, DEFAULT_DATE, PROFILE } from "./flow-helpers";
import { nextDeadline } from "../../assembly/flow/machine";
import { St } from "../../assembly/flow/states";
import { ErrorCode } from "../../assembly/abi";

const TIMER = 10;

function tick(date: i32, time: i32): i32 {
  setClock(date, time);
  return event(TIMER, 0, 0);
}

/** Menu, then the verification's consent screen at 10:30:00: the INPUT deadline at 10:31:00. */
function toConsent(): void {
  bootToMenu();
  expect(nextDeadline()).toBe(-1); // the menu waits for ever
  key(0x31);
  expect(state()).toBe(St.EXPECT_CONSENT);
}

describe("the core's deadlines", () => {
  it("says how long until the earliest, from the last event's clock", () => {
    toConsent();
    expect(nextDeadline()).toBe(60 * 1000);
    setClock(DEFAULT_DATE, 103015);
    expect(event(8, hexBytes("0000"), 2)).toBe(ErrorCode.FLOW_UNEXPECTED_EVENT); // refused, but its clock counts
    expect(nextDeadline()).toBe(45 * 1000);
  });

  it("acts only once the clock reaches the deadline; an early TIMER changes nothing", () => {
    toConsent();
    expect(tick(DEFAULT_DATE, 103059)).toBe(0);
    expect(state()).toBe(St.EXPECT_CONSENT);
    expect(nextDeadline()).toBe(1000);
    tick(DEFAULT_DATE, 103100);
    expect(screen().includes("超时")).toBe(true);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(nextDeadline()).toBe(60 * 1000); // the message's own return to the menu
  });

  it("changes nothing on a TIMER twice, or with nothing set", () => {
    toConsent();
    tick(DEFAULT_DATE, 103100);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(tick(DEFAULT_DATE, 103100)).toBe(0);   // the same TIMER again
    expect(state()).toBe(St.EXPECT_ACK);
    expect(nextDeadline()).toBe(60 * 1000);
    bootToMenu();
    expect(tick(DEFAULT_DATE, 120000)).toBe(0);   // a regular tick at the menu, where nothing is set
    expect(state()).toBe(St.EXPECT_MENU);
    expect(nextDeadline()).toBe(-1);
  });

  it("refuses a TIMER before START: a regular tick begins after it", () => {
    setClock(DEFAULT_DATE, 103000);
    powerOn();
    injectKeys();
    expect(event(TIMER, 0, 0)).toBe(ErrorCode.FLOW_UNEXPECTED_EVENT);
    expect(state()).toBe(St.EXPECT_START);
  });

  it("handles a KEY that comes after a deadline passed as a key: only TIMER acts on deadlines", () => {
    toConsent();
    setClock(DEFAULT_DATE, 103130);               // 30 s past the INPUT deadline, no TIMER sent
    key(ENTER);
    expect(state()).toBe(St.EXPECT_NAME);
    expect(nextDeadline()).toBe(60 * 1000);       // restarted by the key
  });

  it("keeps the clock of an event refused before its clock is read", () => {
    toConsent();
    setClock(DEFAULT_DATE, 103015);
    expect(event(99, 0, 0)).toBe(ErrorCode.FLOW_BAD_EVENT_KIND);
    expect(nextDeadline()).toBe(60 * 1000);
    setClock(20261131, 103030);
    expect(key(ENTER)).toBe(ErrorCode.FLOW_BAD_CLOCK);
    expect(nextDeadline()).toBe(60 * 1000);
    expect(state()).toBe(St.EXPECT_CONSENT);
  });

  it("refuses a TIMER with a payload", () => {
    toConsent();
    expect(event(TIMER, hexBytes("01"), 1)).toBe(ErrorCode.FLOW_BAD_PAYLOAD);
    expect(state()).toBe(St.EXPECT_CONSENT);
  });

  it("counts a clock set back as no time passing", () => {
    toConsent();
    expect(tick(DEFAULT_DATE, 93000)).toBe(0); // an hour back: a clock sync
    expect(nextDeadline()).toBe(60 * 1000);   // not an hour more
    tick(DEFAULT_DATE, 93100);
    expect(screen().includes("超时")).toBe(true);
  });

  it("lets a deadline fall due across midnight", () => {
    bootToMenu(PROFILE + "\nhoursOpen=0000\nhoursClose=0000", 20261231, 235930); // open all day
    key(0x31);
    expect(tick(20270101, 2)).toBe(0);      // 32 s later, in the new year
    expect(state()).toBe(St.EXPECT_CONSENT);
    expect(nextDeadline()).toBe(28 * 1000);
    tick(20270101, 30);
    expect(screen().includes("超时")).toBe(true);
  });

  it("restarts the input timeout with each key", () => {
    toConsent();
    setClock(DEFAULT_DATE, 103050);
    key(0x32); // a key the consent screen does not take: it beeps, and still counts as the operator's
    expect(nextDeadline()).toBe(60 * 1000);
    tick(DEFAULT_DATE, 103100);
    expect(state()).toBe(St.EXPECT_CONSENT);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_NAME);
  });
});
