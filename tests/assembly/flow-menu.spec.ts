// The main menu (tasks/menu.ts): what is refused before a task starts — an
// item the profile does not offer (R2), verification outside the opening hours
// (R15), a replacement with no saved card to replace.
import { bootToMenu, key, state, screen, ENTER, CANCEL, PROFILE } from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { operation, Task } from "../../assembly/flow/state";

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

describe("each item's task", () => {
  /** menuKey() takes an item's task from its place (state.ts keeps the tasks in the menu's order) and its state from a row. */
  it("opens each item's first screen with its task", () => {
    const items: i32[] = [0x31, 0x33, 0x34, 0x35, 0x36, 0x37];
    const states: i32[] = [St.EXPECT_CONSENT, St.EXPECT_LOSS_CARD, St.EXPECT_PASSWORD, -1, St.EXPECT_CARD, St.EXPECT_SETTINGS];
    const tasks: i32[] = [Task.VERIFY, Task.LOSS, Task.RECORDS, Task.ECHO, Task.BALANCE, Task.SETTINGS];
    for (let i = 0; i < items.length; i++) {
      bootToMenu();
      key(items[i]);
      if (states[i] >= 0) expect(state()).toBe(states[i]);
      else expect(state()).not.toBe(St.EXPECT_MENU); // the network test is under way
      expect(operation.task).toBe(tasks[i]);
    }
  });

  /** Without a supervisor password the records are not offered. */
  it("refuses the records without a password", () => {
    bootToMenu(PROFILE.replace("supervisorPassword=2468\n", ""));
    key(0x34);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("不支持")).toBe(true);
  });
});
