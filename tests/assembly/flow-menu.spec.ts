// The main menu (tasks/menu.ts): what is refused before a task starts — an
// item the profile does not offer (R2), verification outside the opening hours
// (R15), a replacement with no saved card to replace.
import { bootToMenu, key, state, screen, ENTER, CANCEL, PROFILE } from "./flow-helpers";
import { St } from "../../assembly/flow/states";

describe("R2: only what the profile offers", () => {
  /** A profile without `verify` hides item 1 and refuses its key. */
  it("refuses verification when the profile lacks it", () => {
    bootToMenu(PROFILE + "\nfeatures=loss");
    expect(screen().includes("实名认证")).toBe(false);
    key(0x31);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("不支持")).toBe(true);
  });
});

describe("R15: verification only within the operating hours", () => {
  /** At 21:30 with the default hours (08:00-21:00) item 1 is refused before the consent screen. */
  it("refuses outside hours", () => {
    bootToMenu(PROFILE, 20261126, 213000);
    key(0x31);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("非营业时间")).toBe(true);
  });

  /** At 08:00 the same key opens the consent screen. */
  it("accepts at opening time", () => {
    bootToMenu(PROFILE, 20261126, 80000);
    key(0x31);
    expect(state()).toBe(St.EXPECT_CONSENT);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R20: a replacement needs a saved card", () => {
  /** With no saved record item 2 stays on the menu and says so. */
  it("says there is no record to replace", () => {
    bootToMenu();
    key(0x32);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("无记录")).toBe(true);
    key(ENTER);                       // a key the menu does not use only beeps
    expect(state()).toBe(St.EXPECT_MENU);
  });
});
