// The main menu: which task each key starts, and what is refused before a task
// starts — an item the profile does not offer (R2), outside opening hours
// (R15), without working keys (R11). Every task part is fresh here (the menu
// is only entered through toMenu()), so a task starts from nothing.
import { Event, Key, Beep, Filter } from "../events";
import { St } from "../states";
import { profile, hasFeature, FEATURE_VERIFY, FEATURE_REPLACE, FEATURE_LOSS, FEATURE_BALANCE } from "../profile";
import { T } from "../texts";
import { findRecord } from "../inquiry";
import { withinHours } from "../policy";
import { Op } from "../messages";
import { clock, terminal, operation, guidance, inquiry, Task } from "../state";
import { beep, enter } from "../moves";
import { render } from "../render";
import { startExchange } from "../exchange";
import { signOnRefused } from "./startup";
import { showFirstFound } from "./records";
import { Step } from "../steps";

/** The menu's items: the key that starts each. */
export const enum MenuItem {
  VERIFY = Key.DIGIT_1,
  REPLACE = Key.DIGIT_2,
  LOSS = Key.DIGIT_3,
  RECORDS = Key.DIGIT_4,
  NETWORK_TEST = Key.DIGIT_5,
  BALANCE = Key.DIGIT_6,
  SETTINGS = Key.DIGIT_7,
}

/** The profile's feature each item needs (R2), first item first, 0 when every terminal offers it. */
@lazy const ITEM_FEATURES: usize = memory.data<u8>([<u8>FEATURE_VERIFY, <u8>FEATURE_REPLACE, <u8>FEATURE_LOSS, 0, 0, <u8>FEATURE_BALANCE, 0]);
/** How many items the menu has (keys 1 to 7; texts.ts keeps MENU_1..MENU_7 in their order). */
export const MENU_ITEMS: i32 = MenuItem.SETTINGS - MenuItem.VERIFY + 1;

/** Whether the profile offers item i (0: the first, key 1): the menu screen shows only those, and a key for another is refused. */
export function offered(i: i32): bool {
  const f = <i32>load<u8>(ITEM_FEATURES + <usize>i);
  return f == 0 || hasFeature(f);
}

/** Items that talk to the acquirer for the holder: only in opening hours (R15) and signed on (R11). */
function needsHoursAndKeys(item: i32): bool {
  return item == MenuItem.VERIFY || item == MenuItem.REPLACE || item == MenuItem.BALANCE;
}

/** The reason on the menu itself, with a beep. */
function refuseItem(t: i32): void {
  guidance.errorText = t;
  beep(Beep.ERROR);
  render();
}

/** The input state each item opens (0: the item does something else first), first item first. */
@lazy const ITEM_STATES: usize = memory.data<u8>([
  <u8>St.EXPECT_CONSENT, 0, <u8>St.EXPECT_LOSS_CARD, <u8>St.EXPECT_PASSWORD, 0, <u8>St.EXPECT_CARD, <u8>St.EXPECT_SETTINGS,
]);

/** KEY in EXPECT_MENU. */
export function menuKey(e: Event): void {
  const item = e.byte;
  const i = item - MenuItem.VERIFY;
  if (<u32>i >= <u32>MENU_ITEMS) { beep(Beep.ERROR); return; }
  if (!offered(i)) { refuseItem(T.L_FEATURE_OFF); return; }
  if (needsHoursAndKeys(item) && !withinHours(clock.time)) { refuseItem(T.L_OUTSIDE_HOURS); return; }
  // A loss report goes ahead without keys: the local block matters most, the report says it was not sent.
  if (needsHoursAndKeys(item) && !terminal.signedOn) {
    operation.task = Task.START_UP;
    signOnRefused(T.L_NOT_SIGNED_ON);
    return;
  }
  if (item == MenuItem.RECORDS && profile.passwordLength == 0) { refuseItem(T.L_FEATURE_OFF); return; }
  // A replacement links the new card to a saved one; with none saved there is nothing to replace
  // (an expired card met during a verification offers its own replacement, R20). Its task starts once one is found.
  if (item == MenuItem.REPLACE) { findRecord(Filter.CARDS, 0, 0, Step.replacePick); return; }
  operation.task = <i32>Task.VERIFY + i; // state.ts keeps the tasks in the menu's order
  if (item == MenuItem.NETWORK_TEST) { startExchange(Op.ECHO); return; }
  enter(<i32>load<u8>(ITEM_STATES + <usize>i));
}

/** The store's newest replaceable card: the pick screen starts there; with none, nothing to replace. */
export function replacePick(): void {
  if (!inquiry.found) { refuseItem(T.L_NO_RECORDS); return; }
  operation.task = Task.REPLACE;
  showFirstFound();
  enter(St.EXPECT_RECORD_PICK);
}
