// The dispatch (machine.ts): the checks every event passes before any state
// is consulted, and refusals that leave the flow unchanged (docs/FLOW.md
// "Accepted events"; docs/ABI.md error codes).
import { bootToMenu, powerOn, state, key, event, hexBytes, setClock } from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { ErrorCode } from "../../assembly/abi";
import { profile, TERMINAL_ID } from "../../assembly/flow/profile";

describe("ABI: refusals leave the flow unchanged", () => {
  /** An event the state does not list is FLOW_UNEXPECTED_EVENT (RECEIVED at the menu). */
  it("refuses an unlisted pair", () => {
    bootToMenu();
    const p = hexBytes("0000");
    expect(event(8, p, 2)).toBe(ErrorCode.FLOW_UNEXPECTED_EVENT);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** A key payload of the wrong length is refused. */
  it("refuses a malformed payload", () => {
    bootToMenu();
    const p = hexBytes("3131");
    expect(event(5, p, 2)).toBe(ErrorCode.FLOW_BAD_PAYLOAD);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** A bad clock is refused. */
  it("refuses an impossible date", () => {
    bootToMenu();
    setClock(20261131, 100000);
    expect(key(0x31)).toBe(ErrorCode.FLOW_BAD_CLOCK);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** An unknown or bad profile key is refused with the offset of its line; the running profile is untouched. */
  it("refuses an unknown profile key", () => {
    bootToMenu();
    expect(powerOn("terminalId=87654321\nmerchantId=123456789012345\ndisplayColumns=20\nbatch=12")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(profile.columns).toBe(16);
    expect(load<u8>(TERMINAL_ID)).toBe(0x31);         // still 12345678
    expect(powerOn("terminalId=12345678\nmerchantId=123456789012345\ncolour=red")).toBe(ErrorCode.FLOW_PROFILE_UNKNOWN_KEY);
    expect(powerOn("merchantId=123456789012345")).toBe(ErrorCode.FLOW_PROFILE_MISSING);
  });
});
