// Settings (menu item 7): the display language. A change is saved as the
// terminal's settings record (SAVE, id `S`, docs/ABI.md "Saved records") and
// RESTORE brings it back after a power cut, over the profile's `language`:
// the operator's choice outlives a restart.
import { ErrorCode, fail } from "../../abi";
import { Event, Cmd, Key, Beep } from "../events";
import { begin, end, putWord } from "../queue";
import { W, isWord } from "../texts";
import { profile, LANG_ZH, LANG_EN } from "../profile";
import { scanLine, scan } from "../bytes";
import { beep, toMenu } from "../moves";
import { render } from "../render";

/** The settings screen's lines: the key that changes each. */
export const enum Setting { LANGUAGE = Key.DIGIT_1 }

/** KEY in EXPECT_SETTINGS: 1 switches the language (and saves it), ENTER back to the menu. */
export function settingsKey(e: Event): void {
  const k = e.byte;
  if (k == Setting.LANGUAGE) {
    profile.language = profile.language == LANG_ZH ? LANG_EN : LANG_ZH;
    saveSettings();
    render();
    return;
  }
  if (k == Key.ENTER) { toMenu(); return; }
  beep(Beep.ERROR);
}

/** SAVE of the settings record: one per terminal (the same id each time, so the host keeps the newest). */
function saveSettings(): void {
  begin(Cmd.SAVE);
  putWord(W.SETTINGS_RECORD);
  putWord(profile.language == LANG_EN ? W.EN : W.ZH_CN);
  end();
}

/** True when a record (RESTORE) is the settings record: a `type=settings` line. */
export function isSettingsRecord(src: usize, len: i32): bool {
  for (let at = 0; at < len; at = scan.lineNext) {
    const e = scanLine(src, len, at);
    if (isWord(src + <usize>at, e - at, W.TYPE_SETTINGS)) return true;
  }
  return false;
}

/** RESTORE of the settings record: the language it holds replaces the profile's; anything else in it is refused. */
export function restoreSettings(src: usize, len: i32): i32 {
  let language = -1;
  for (let at = 0; at < len; at = scan.lineNext) {
    const e = scanLine(src, len, at);
    if (e == at) continue;
    const eq = scan.lineEquals;
    const v = src + <usize>(eq + 1), vl = e - eq - 1;
    if (isWord(src + <usize>at, eq - at, W.LANGUAGE)) {
      if (isWord(v, vl, W.ZH_CN)) language = LANG_ZH;
      else if (isWord(v, vl, W.EN)) language = LANG_EN;
      else return fail(ErrorCode.FLOW_BAD_RECORD, 0, eq + 1);
    } else if (!isWord(src + <usize>at, eq - at, W.ID) && !isWord(src + <usize>at, eq - at, W.TYPE)) {
      return fail(ErrorCode.FLOW_BAD_RECORD, 0, at);
    }
  }
  if (language < 0) return fail(ErrorCode.FLOW_BAD_RECORD, 0, 0);
  profile.language = language;
  return 0;
}
