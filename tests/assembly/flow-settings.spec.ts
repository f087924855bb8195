// Settings (tasks/settings.ts): the display language, switched on the
// settings screen and saved as the terminal's settings record, so a power cut
// does not bring Chinese back (RESTORE applies it over the profile's).
import {
  bootToMenu, powerOn, injectKeys, restore, start, signOnAndEcho, key, screen, savesWith, ENTER, PROFILE,
} from "./flow-helpers";
import { ErrorCode } from "../../assembly/abi";
import { stored } from "./record-store";

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

  /** The switch is saved (one settings record, id S); after a power cut RESTORE of it brings English back over the profile. */
  it("survives a power cut", () => {
    bootToMenu();
    key(0x37);
    key(0x31);
    const saved = savesWith("type=settings");
    expect(saved.length).toBe(1);
    expect(saved[0]).toBe("id=S\ntype=settings\nlanguage=en");
    powerOn(PROFILE);                  // the profile says zh-CN (the default)
    injectKeys();
    expect(restore(saved[0])).toBe(0);
    start();
    signOnAndEcho();
    expect(screen().includes("Main menu")).toBe(true);
    expect(stored.length).toBe(1); // the settings record alone
  });

  /** Switching back saves Chinese; a settings record with an unknown key or language is refused as any bad record. */
  it("saves the way back, refuses a settings record it did not write", () => {
    bootToMenu();
    key(0x37); key(0x31); key(0x31);
    expect(savesWith("language=zh-CN").length).toBe(1);
    powerOn(PROFILE);
    expect(restore("id=S\ntype=settings\nlanguage=fr")).toBe(ErrorCode.FLOW_BAD_RECORD);
    expect(restore("id=S\ntype=settings\nlanguage=en\ncolour=red")).toBe(ErrorCode.FLOW_BAD_RECORD);
    expect(restore("id=S\ntype=settings")).toBe(ErrorCode.FLOW_BAD_RECORD);
  });
});
