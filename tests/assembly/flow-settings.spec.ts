// Settings (tasks/settings.ts): the display language.
import { bootToMenu, key, screen, ENTER } from "./flow-helpers";

describe("settings: language", () => {
  /** 1 switches the screens to English; ENTER back to the menu, in English. */
  it("switches to English", () => {
    bootToMenu();
    key(0x37);
    key(0x31);
    expect(screen().includes("Lang: English")).toBe(true);
    key(ENTER);
    expect(screen().includes("Main menu")).toBe(true);
  });
});
