// R12 on every input screen: F1 shows that screen's own help, any key comes
// back to the same screen with what was on it, and no two screens share a
// help text. Walks one terminal through every input state of docs/FLOW.md.
import {
  bootToMenu, connect, beginReply, replyBytes, packReply, deliver, state, screen, key, keys, text, card, verifyOnce,
  ENTER, CANCEL, CLEAR, F1, MAK_HEX, utf8, lastLength, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { MODULE_CUSTODY } from "./secure-double";
import { S, screenId } from "../../assembly/flow/screens";
import { helpOf, titleOf } from "../../assembly/flow/render";
import { T } from "../../assembly/flow/texts";
import { Task } from "../../assembly/flow/state";

const ID = "11010519491231002X";
/** The help texts seen and the states they were seen in, by the walks below. */
const helps: string[] = [];
const visited: i32[] = [];

/** F1 in the current state: its help, then CLEAR comes back to the same screen. */
function helpHere(): void {
  const s = state();
  const before = screen();
  key(F1);
  expect(state()).toBe(St.EXPECT_HELP);
  const h = screen();
  expect(h).not.toBe(before);
  for (let i = 0; i < helps.length; i++) expect(helps[i]).not.toBe(h); // each screen its own help
  helps.push(h);
  visited.push(s);
  key(CLEAR);
  expect(state()).toBe(s);
  expect(screen()).toBe(before);
}

/** The verification's screens, with the PIN asked (requirePin=1) and an SMS code. */
function walkVerification(): void {
  bootToMenu(PROFILE + "\nrequirePin=1", 20261126, 100000);
  helpHere();                                   // menu
  key(0x31); helpHere();                        // consent
  key(ENTER); helpHere();                       // name
  text("张三"); key(ENTER); helpHere();          // ID type
  key(0x31); helpHere();                        // ID number
  keys(ID); key(ENTER); helpHere();             // card
  card("K6216261000000000019=3012");            // a 62 number failing Luhn
  expect(state()).toBe(St.EXPECT_LUHN_CONFIRM);
  helpHere();
  key(CLEAR);
  card("K6216261000000000018=3012");
  expect(state()).toBe(St.EXPECT_PHONE);
  helpHere();
  keys("13552535506"); key(ENTER);
  expect(state()).toBe(St.EXPECT_PIN);
  if (!MODULE_CUSTODY) helpHere();              // keyCustody=module: the secure keypad has the keys, F1 too
  keys("123456"); key(ENTER);
  expect(state()).toBe(St.EXPECT_CONFIRM);
  helpHere();
  key(ENTER);
  connect();
  beginReply("0110", "S1");
  const p = utf8("OR006REF123OT003120");
  replyBytes(62, p, lastLength);
  packReply(MAK_HEX);
  deliver();
  expect(state()).toBe(St.EXPECT_OTP);
  helpHere();
  key(CANCEL);
}

/** Records, replacement pick, loss report and settings. */
function walkOtherTasks(): void {
  bootToMenu(PROFILE, 20261126, 100000);
  verifyOnce("张三", ID, "K6212143000000000011=3012", "13552535506");
  expect(state()).toBe(St.EXPECT_MENU);
  key(0x34); helpHere();                        // password
  keys("2468"); key(ENTER);
  expect(state()).toBe(St.EXPECT_RECORD_BROWSE);
  helpHere();
  key(ENTER);
  key(0x32);
  expect(state()).toBe(St.EXPECT_RECORD_PICK);
  helpHere();
  key(CANCEL);
  key(0x33);
  expect(state()).toBe(St.EXPECT_LOSS_CARD);
  helpHere();
  card("K6212143000000000011=3012");
  expect(state()).toBe(St.EXPECT_LOSS_REASON);
  helpHere();
  key(0x31);
  expect(state()).toBe(St.EXPECT_LOSS_CONFIRM);
  helpHere();
  key(CANCEL);
  key(0x37);
  expect(state()).toBe(St.EXPECT_SETTINGS);
  helpHere();
  key(ENTER);
}

describe("R12: a prompt and F1 help on every input screen", () => {
  /** F1 on the ID screen explains it; any key comes back to the same screen, with what was typed still on it. */
  it("helps and returns", () => {
    bootToMenu();
    key(0x31); key(ENTER); text("张三"); key(ENTER); key(0x31);
    keys("1101");
    key(F1);
    expect(state()).toBe(St.EXPECT_HELP);
    expect(screen().includes("18位")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_ID_NUMBER);
    expect(screen().includes("1101")).toBe(true);
  });

  /** F1 on the menu too. */
  it("helps on the menu", () => {
    bootToMenu();
    key(F1);
    expect(screenId()).toBe(S.HELP);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The verification's screens: each its own help, back to the same screen. */
  it("helps on every screen of a verification", () => {
    helps.length = 0; visited.length = 0;
    walkVerification();
    expect(visited.length).toBe(MODULE_CUSTODY ? 10 : 11);
  });

  /** Records, replacement pick, loss report and settings. */
  it("helps on the other tasks' screens", () => {
    helps.length = 0; visited.length = 0;
    walkOtherTasks();
    expect(visited.length).toBe(7);
  });

  /** Every input state of docs/FLOW.md (and the menu) visited, no two sharing a help text. */
  it("visited every input screen", () => {
    helps.length = 0; visited.length = 0;
    walkVerification();
    walkOtherTasks();
    const want: i32[] = [
      St.EXPECT_MENU, St.EXPECT_CONSENT, St.EXPECT_NAME, St.EXPECT_ID_TYPE, St.EXPECT_ID_NUMBER, St.EXPECT_CARD,
      St.EXPECT_LUHN_CONFIRM, St.EXPECT_PHONE, MODULE_CUSTODY ? St.EXPECT_PHONE : St.EXPECT_PIN, St.EXPECT_CONFIRM, St.EXPECT_OTP, St.EXPECT_PASSWORD,
      St.EXPECT_RECORD_BROWSE, St.EXPECT_RECORD_PICK, St.EXPECT_LOSS_CARD, St.EXPECT_LOSS_REASON,
      St.EXPECT_LOSS_CONFIRM, St.EXPECT_SETTINGS,
    ];
    for (let i = 0; i < want.length; i++) expect(visited.includes(want[i])).toBe(true);
  });

  /** helpOf() and titleOf() count on the texts' order (H_* in state order, TITLE_* in task order): each its own text. */
  it("names each state's help and each task's title", () => {
    const states: i32[] = [
      St.EXPECT_MENU, St.EXPECT_CONSENT, St.EXPECT_NAME, St.EXPECT_ID_TYPE, St.EXPECT_ID_NUMBER, St.EXPECT_CARD,
      St.EXPECT_LUHN_CONFIRM, St.EXPECT_PHONE, St.EXPECT_PIN, St.EXPECT_CONFIRM, St.EXPECT_OTP, St.EXPECT_PASSWORD,
      St.EXPECT_RECORD_BROWSE, St.EXPECT_RECORD_PICK, St.EXPECT_LOSS_CARD, St.EXPECT_LOSS_REASON,
      St.EXPECT_LOSS_CONFIRM, St.EXPECT_SETTINGS, St.EXPECT_ACK, St.EXPECT_HELP, St.OFF, St.EXPECT_SECURE, 99, -1,
    ];
    const helpTexts: i32[] = [
      T.H_MENU, T.H_CONSENT, T.H_NAME, T.H_ID_TYPE, T.H_ID, T.H_CARD, T.H_LUHN, T.H_PHONE, T.H_PIN, T.H_CONFIRM, T.H_OTP,
      T.H_PASSWORD, T.H_RECORDS, T.H_PICK, T.H_LOSS_CARD, T.H_LOSS_REASON, T.H_LOSS_CONFIRM, T.H_SETTINGS,
      T.H_RESULT, T.H_RESULT, T.H_RESULT, T.H_RESULT, T.H_RESULT, T.H_RESULT,
    ];
    for (let i = 0; i < states.length; i++) expect(helpOf(states[i])).toBe(helpTexts[i]);
    const tasks: i32[] = [Task.NONE, Task.VERIFY, Task.REPLACE, Task.LOSS, Task.RECORDS, Task.ECHO, Task.BALANCE, Task.SETTINGS, Task.START_UP, -1];
    const titles: i32[] = [
      T.TITLE_VERIFY, T.TITLE_VERIFY, T.TITLE_REPLACE, T.TITLE_LOSS, T.TITLE_RECORDS, T.TITLE_ECHO, T.TITLE_BALANCE, T.TITLE_SETTINGS,
      T.TITLE_VERIFY, T.TITLE_VERIFY,
    ];
    for (let i = 0; i < tasks.length; i++) expect(titleOf(tasks[i])).toBe(titles[i]);
  });
});
