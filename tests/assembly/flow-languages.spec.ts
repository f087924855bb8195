// Both languages on the small display class (16x4): every text of the table
// laid out at 16 columns, and the flow's result screens driven in zh-CN and
// en. The English must carry on page 1 what the Chinese carries there (the
// title and the result line), and Latin text is never cut inside a word.
import { compose, addString, show } from "../../assembly/flow/screens";
import { profile } from "../../assembly/flow/profile";
import { queueReset, queueNext } from "../../assembly/flow/queue";
import { OUTPUT, getOutputLength } from "../../assembly/abi";
import { T, text, TEXTS, expandText, TEXT_SCRATCH, W, WORDS, expandWord, wordAt, WORD_SCRATCH, isWord } from "../../assembly/flow/texts";
import { TEXT_LONGEST, PACKED_PAIRS, WORD_LONGEST } from "../../assembly/generated/texts";
import {
  bootToMenu, enterHolder, answerVerify, connect, beginReply, replyField, packReply, deliver, key, keys, card, timer,
  screenLines, state, enterHolder as enterAll, text as typeText, ENTER, CANCEL, PROFILE, MAK_HEX,
} from "./flow-helpers";
import { S, screenId } from "../../assembly/flow/screens";
import { St } from "../../assembly/flow/states";
import { Deadline } from "../../assembly/flow/state";

const ZH = 0, EN = 1;

/** The lines of the SHOW just queued by show() (the layout alone, no flow). */
function laidOut(s: string): string[] {
  queueReset();
  compose(17);
  addString(s);
  show();
  queueNext();
  const out = String.UTF8.decodeUnsafe(OUTPUT + 2, <usize>(getOutputLength() - 2));
  queueReset();
  return out.split("\n");
}

/** Printed on the receipt only (its own width), never on the display. */
function printedOnly(t: i32): bool {
  return t == T.P_TITLE || t == T.P_MERCHANT || t == T.P_TERMINAL || t == T.P_TIME || t == T.P_RESULT ||
    t == T.P_STAN || t == T.P_NOTICE_TITLE;
}

/** Label t followed by `value` takes no more 16-column lines in English than in Chinese. */
function fitsLikeChinese(t: i32, value: string): bool {
  return laidOut(text(t, EN) + value).length <= laidOut(text(t, ZH) + value).length;
}

/** Help texts share their screen with one "any key" line. */
function isHelp(t: i32): bool { return t >= T.H_MENU && t <= T.H_RESULT; }

/** Text t in `lang` as the module expands it. */
function expanded(t: i32, lang: i32): string {
  return String.UTF8.decodeUnsafe(TEXT_SCRATCH, <usize>expandText(t, lang));
}

/** How many entries of the table expand to something else than their row (traced when `show`). */
function misexpanded(show: bool): i32 {
  let bad = 0;
  for (let t = 0; t < <i32>T.COUNT; t++) {
    for (let lang = ZH; lang <= EN; lang++) {
      const got = expanded(t, lang);
      if (got != text(t, lang)) { bad++; if (show) trace("text " + t.toString() + ": " + got); }
    }
  }
  return bad;
}

describe("the texts' pair-encoded block and the words' UTF-8 block (scripts/gen-texts.mjs)", () => {
  /** Every row comes back byte for byte, the longest filling the scratch exactly; an id outside the table reads "?". */
  it("expands every text of the table, in both languages, and '?' for an id outside it", () => {
    expect(misexpanded(true)).toBe(0);
    let longest = 0;
    for (let i = 0; i < <i32>T.COUNT * 2; i++) longest = max(longest, expandText(i >> 1, i & 1));
    expect(longest).toBe(TEXT_LONGEST);
    expect(expanded(<i32>T.COUNT, EN)).toBe("?");
    expect(expanded(-1, ZH)).toBe("?");
    expect(expanded(i32.MAX_VALUE, EN)).toBe("?");
  });

  /** The test above reads the pair table: a code's first byte changed to another changes texts. */
  it("expands other texts when a byte of the pair table changes", () => {
    let row = PACKED_PAIRS;
    while (load<u16>(row) == 0) row += 2; // a byte that is UTF-8, not a code
    const first = load<u8>(row);
    expect(first).not.toBe(<u8>0x3f);
    store<u8>(row, 0x3f); // '?', a byte the texts use, so never a code
    const bad = misexpanded(false);
    store<u8>(row, first);
    expect(bad).toBeGreaterThan(0);
    expect(misexpanded(true)).toBe(0);
  });

  /** receipts.ts printLine() adds a colon after the field labels the screens share (LABEL_*) and none after the receipt's own. */
  it("ends the receipt's own labels with a colon, and the screens' field labels without one", () => {
    const own: i32[] = [T.P_MERCHANT, T.P_TERMINAL, T.P_TIME, T.P_RRN, T.P_STAN, T.P_VID];
    const shared: i32[] = [T.LABEL_NAME, T.LABEL_ID, T.LABEL_CARD, T.LABEL_PHONE];
    for (let lang = ZH; lang <= EN; lang++) {
      for (let i = 0; i < own.length; i++) {
        const s = text(own[i], lang);
        expect(s.endsWith(":") || s.endsWith("\uff1a")).toBe(true);
      }
      for (let i = 0; i < shared.length; i++) {
        const s = text(shared[i], lang);
        expect(s.endsWith(":") || s.endsWith("\uff1a")).toBe(false);
      }
    }
  });

  /** The words (LOG lines, profile and record keys) expand to their table's rows, into a scratch texts leave alone; an id outside it is empty, equal to no key. */
  it("expands every word of the table, and nothing for an id outside it", () => {
    expect(WORDS.length).toBe(<i32>W.COUNT);
    let bad = 0, longest = 0;
    for (let w = 0; w < <i32>W.COUNT; w++) {
      const n = expandWord(w);
      expandText(T.NOTICE_PURPOSE, ZH); // a long text expanded meanwhile leaves the word alone
      const bytes = String.UTF8.decodeUnsafe(WORD_SCRATCH, <usize>n);
      if (bytes != WORDS[w]) { bad++; trace("word " + w.toString() + ": " + bytes); }
      longest = max(longest, n);
    }
    expect(bad).toBe(0);
    expect(longest).toBe(WORD_LONGEST);
    expect(expandWord(<i32>W.COUNT)).toBe(0);
    expect(expandWord(-1)).toBe(0);
    expect(expandWord(i32.MAX_VALUE)).toBe(0);
    expect(String.UTF8.decodeUnsafe(wordAt(W.KEY_LAYOUT), 9)).toBe("keyLayout");
    const key = String.UTF8.encode("keyLayout");
    expect(isWord(changetype<usize>(key), key.byteLength, W.KEY_LAYOUT)).toBe(true);
    expect(isWord(changetype<usize>(key), key.byteLength - 1, W.KEY_LAYOUT)).toBe(false);
    expect(isWord(changetype<usize>(key), key.byteLength, W.KEY_CUSTODY)).toBe(false);
  });
});

describe("the text table at 16 columns", () => {
  /** Every displayed text wraps only between words in English, and needs no more lines than its Chinese. */
  it("fits the English into the Chinese's lines, never cutting a word", () => {
    profile.columns = 16; profile.rows = 4;
    expect(TEXTS.length).toBe(T.COUNT * 2);
    let bad = 0;
    for (let t = 0; t < <i32>T.COUNT; t++) {
      if (printedOnly(t)) continue;
      const zh = laidOut(text(t, ZH));
      const en = laidOut(text(t, EN));
      // The layout drops the space it wraps at, so joining the lines with one gives the text back
      // unless a word was cut (then two pieces would be joined by a space that was never there).
      // (A text composed before a value may end in a space; the layout never shows a trailing space.)
      const whole = en.join(" ") == text(t, EN).replaceAll("\n", " ").trimEnd();
      const fits = en.length <= zh.length && en.length <= (isHelp(t) ? profile.rows - 1 : 3);
      if (!whole || !fits) { bad++; trace("text " + t.toString() + " en: " + en.join(" / ")); }
    }
    expect(bad).toBe(0);
  });

  /** A label and the value composed after it on one line (support phone, ids, field 44's elements) fit like the Chinese. */
  it("keeps labels with their values", () => {
    profile.columns = 16; profile.rows = 4;
    expect(fitsLikeChinese(T.L_SUPPORT, "95516")).toBe(true);
    expect(fitsLikeChinese(T.P_VID, "V12345")).toBe(true);
    expect(fitsLikeChinese(T.P_RRN, "000000123456")).toBe(true);
    expect(fitsLikeChinese(T.R_OTHER, "XY")).toBe(true);
    const zh = laidOut(text(T.MISMATCH, ZH) + text(T.MISMATCH_N, ZH) + " " + text(T.MISMATCH_I, ZH) + " " + text(T.MISMATCH_C, ZH) + " " + text(T.MISMATCH_P, ZH));
    const en = laidOut(text(T.MISMATCH, EN) + text(T.MISMATCH_N, EN) + " " + text(T.MISMATCH_I, EN) + " " + text(T.MISMATCH_C, EN) + " " + text(T.MISMATCH_P, EN));
    expect(en.length).toBeLessThanOrEqual(zh.length);
  });

  /** The check above catches a cut word and an English text longer than its Chinese (mutated inputs). */
  it("refuses a word cut at the margin and a longer English", () => {
    profile.columns = 16; profile.rows = 4;
    const cut = laidOut("Verification succeeded-by-the-issuer");
    expect(cut.join(" ") == "Verification succeeded-by-the-issuer").toBe(false);
    expect(laidOut("Verification succeeded").length).toBeGreaterThan(laidOut("认证成功").length);
  });
});

/** Page 1 (the last SHOW) holds text t of `lang` whole, across its line breaks. */
function carries(t: i32, lang: i32): bool {
  const joined = screenLines().replaceAll("\n", lang == EN ? " " : "");
  return joined.includes(lang == EN ? text(t, lang).replaceAll("\n", " ") : text(t, lang).replaceAll("\n", ""));
}

function pageLines(): i32 { return screenLines().split("\n").length; }

const ID = "11010519491231002X";
const CARD = "K6216261000000000018=3012";

function resultScreens(lang: i32): void {
  bootToMenu(PROFILE + (lang == EN ? "\nlanguage=en" : ""));
  // The consent question and its key.
  key(0x31);
  expect(carries(T.CONSENT, lang)).toBe(true);
  expect(carries(T.CONSENT_KEYS, lang)).toBe(true);
  // A mismatch: the reason and the elements named by field 44.
  key(0x1b);
  enterHolder("张三", ID, CARD, "13552535506");
  key(ENTER);
  connect(); beginReply("0110", "05"); replyField(44, "NI"); packReply(MAK_HEX); deliver();
  expect(state()).toBe(St.EXPECT_ACK);
  expect(pageLines()).toBeLessThanOrEqual(4);
  expect(carries(T.R_05, lang)).toBe(true);
  expect(carries(T.MISMATCH, lang)).toBe(true);
  key(0x1b);
  // Success: the title, the result and the verification id on page 1.
  enterHolder("张三", ID, CARD, "13552535506");
  key(ENTER);
  answerVerify("00");
  expect(pageLines()).toBeLessThanOrEqual(4);
  expect(carries(T.TITLE_VERIFY, lang)).toBe(true);
  expect(carries(T.R_00, lang)).toBe(true);
  expect(screenLines().includes("V12345")).toBe(true);
  key(ENTER);
  // Replacement success: its title, "card replaced", the result and the id.
  key(0x32); key(ENTER);                 // pick the saved record
  key(ENTER);                            // consent

  enterReplacement();
  answerVerify("00");
  expect(pageLines()).toBeLessThanOrEqual(4);
  expect(carries(T.TITLE_REPLACE, lang)).toBe(true);
  expect(carries(T.L_REPLACED_OK, lang)).toBe(true);
  expect(carries(T.R_00, lang)).toBe(true);
  expect(screenLines().includes("V12345")).toBe(true);
  key(ENTER);
  // A message: the input timeout.
  key(0x31);
  timer(Deadline.INPUT);
  expect(carries(T.L_TIMEOUT, lang)).toBe(true);
  key(ENTER);
  expect(state()).toBe(St.EXPECT_MENU);
}

/** The replacement's entry after consent: the same holder with a new card. */
function enterReplacement(): void {
  eventName("张三");
  key(0x31);
  keys(ID); key(ENTER);
  card("K6212143000000000011=3012");
  keys("13552535506"); key(ENTER);
  expect(state()).toBe(St.EXPECT_CONFIRM);
  key(ENTER);
}

function eventName(s: string): void { typeText(s); key(ENTER); }

describe("result screens on page 1 of a 16x4 display", () => {
  /** zh-CN: consent, a mismatch, success, replacement success, a timeout. */
  it("in Chinese", () => { resultScreens(ZH); });

  /** en: the same screens carry the same message on page 1. */
  it("in English", () => { resultScreens(EN); });
});

describe("R12: the display in English on a 20x8 screen", () => {
  /** language=en: English texts, laid out for 20 columns. */
  it("lays the menu out in English", () => {
    bootToMenu(PROFILE + "\nlanguage=en\ndisplayColumns=20\ndisplayRows=8");
    const lines = screenLines().split("\n");
    expect(lines[0]).toBe("Main menu");
    expect(lines.length).toBe(8);
    for (let i = 0; i < lines.length; i++) expect(lines[i].length <= 20).toBe(true);
    expect(screenId()).toBe(S.MENU);
  });

  /** The confirmation screen fits whole on 8 rows, labels kept where they fit. */
  it("shows the confirmation with labels", () => {
    bootToMenu(PROFILE + "\nlanguage=en\ndisplayColumns=20\ndisplayRows=8");
    enterAll("ZHANG SAN", ID, "K6216261000000000018=3012", "13552535506");
    const s = screenLines();
    expect(s.includes("4Phone:135 5253 5506")).toBe(true); // in full, to check (R6)
    expect(s.includes("Check details")).toBe(true);
    key(CANCEL);
  });
});
