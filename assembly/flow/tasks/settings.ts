// Settings (menu item 7): the display language.
import { Event, Key, Beep } from "../events";
import { profile, LANG_ZH, LANG_EN } from "../profile";
import { beep, toMenu } from "../moves";
import { render } from "../render";

/** The settings screen's lines: the key that changes each. */
export const enum Setting { LANGUAGE = Key.DIGIT_1 }

/** KEY in EXPECT_SETTINGS: 1 switches the language, ENTER back to the menu. */
export function settingsKey(e: Event): void {
  const k = e.byte;
  if (k == Setting.LANGUAGE) { profile.language = profile.language == LANG_ZH ? LANG_EN : LANG_ZH; render(); return; }
  if (k == Key.ENTER) { toMenu(); return; }
  beep(Beep.ERROR);
}
