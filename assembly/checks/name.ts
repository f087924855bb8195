// The holder's name, UTF-8 in and out. Either CJK ideographs (every plane, not
// just U+4E00-U+9FA5; private-use characters too, which ID-card chips use for
// rare characters) with the middle dot U+00B7 between the parts of a minority
// or transliterated name, or Latin letters with single spaces for a foreign
// holder, a hyphen or an apostrophe allowed between two letters (JEAN-PAUL,
// O'NEIL). Lengths count code points: 2 to 50 (the 2016 notice on name fields,
// 民委发〔2016〕33号, asks systems to hold at least 50).
import { ErrorCode } from "../abi";
import { CH_SPACE, CH_DOT, CH_MIDDLE_DOT, CH_UPPER_A, CH_UPPER_Z, CH_LOWER_A, CH_LOWER_Z, decodeUtf8, lastDecodedBytes, encodeUtf8, foldWidth, isAsciiDigit } from "./text";
import { setCheckedLength, failAt } from "./reasons";

export const NAME_MIN_CODE_POINTS: i32 = 2;
export const NAME_MAX_CODE_POINTS: i32 = 50;
/** The room `out` needs in checkName(): 50 code points of at most 4 bytes. */
export const NAME_MAX_BYTES: i32 = 200;

const SCRIPT_NONE: i32 = 0;
const SCRIPT_CJK: i32 = 1;
const SCRIPT_LATIN: i32 = 2;

/**
 * Dots that operators and input methods type in place of U+00B7: Greek ano
 * teleia, bullet, hyphenation point, katakana middle dot (full and half
 * width), bullet operator, dot operator, word separator middle dot, full stop
 * (full-width full stop arrives folded to '.').
 */
export function isDotLookalike(cp: i32): bool {
  return cp == CH_MIDDLE_DOT || cp == 0x0387 || cp == 0x2022 || cp == 0x2027 || cp == 0x30fb ||
    cp == 0xff65 || cp == 0x2219 || cp == 0x22c5 || cp == 0x2e31 || cp == CH_DOT;
}

/** CJK ideographs in every block Unicode 17.0 has, the ideographic zero, and the private-use area. */
export function isCjkIdeograph(cp: i32): bool {
  return cp == 0x3007 ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||   // Extension A
    (cp >= 0x4e00 && cp <= 0x9fff) ||   // URO
    (cp >= 0xe000 && cp <= 0xf8ff) ||   // private use (rare characters on ID-card chips)
    (cp >= 0xf900 && cp <= 0xfaff) ||   // compatibility ideographs
    (cp >= 0x20000 && cp <= 0x323af) || // Extensions B-I and compatibility supplement (planes 2-3)
    (cp >= 0x323b0 && cp <= 0x33479);   // Extension J (Unicode 17.0, 2025; code chart U323B0.pdf: 323B0-33479)
}

/** The apostrophe and the hyphen a Latin name may hold between two letters. */
export const CH_APOSTROPHE: i32 = 0x27;
export const CH_HYPHEN: i32 = 0x2d;

/**
 * The joiner a character stands for: ' for the apostrophe and its look-alikes
 * (U+2019 right single quotation mark, U+02BC modifier letter apostrophe; the
 * full-width form arrives folded), - for the hyphen and its look-alikes (U+2010
 * hyphen, U+2011 non-breaking hyphen); 0 for anything else.
 */
export function joinerFor(cp: i32): i32 {
  if (cp == CH_APOSTROPHE || cp == 0x2019 || cp == 0x02bc) return CH_APOSTROPHE;
  if (cp == CH_HYPHEN || cp == 0x2010 || cp == 0x2011) return CH_HYPHEN;
  return 0;
}

/** Basic Latin letters and Latin-1 / Latin Extended-A/B letters (not × or ÷). */
export function isLatinLetter(cp: i32): bool {
  return (cp >= CH_UPPER_A && cp <= CH_UPPER_Z) || (cp >= CH_LOWER_A && cp <= CH_LOWER_Z) ||
    (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7);
}

let written: i32 = 0;

function finish(code: i32, offset: i32): i32 {
  setCheckedLength(written);
  return code == ErrorCode.OK ? code : failAt(code, offset);
}

/**
 * Checks a name and writes it normalised at out (UTF-8, at most NAME_MAX_BYTES):
 * full-width letters folded, look-alike dots made U+00B7, look-alike
 * apostrophes and hyphens made ' and -, spaces dropped from a CJK name and
 * collapsed to one between Latin words. Nothing is ever dropped
 * silently besides spaces: the issuer compares the exact string.
 */
export function checkName(src: usize, len: i32, out: usize): i32 {
  written = 0;
  setCheckedLength(0);
  if (len < 0) return failAt(ErrorCode.BAD_ARGUMENT, 0);
  let script = SCRIPT_NONE;
  let count = 0;
  let pendingSpace = false;
  let lastWasDot = false;
  let lastWasJoiner = false;
  let lastAt = 0; // where the last character written came from
  let i = 0;
  while (i < len) {
    const raw = decodeUtf8(src, len, i);
    if (raw < 0) return finish(ErrorCode.NAME_BAD_UTF8, i);
    const at = i;
    i += lastDecodedBytes();
    const cp = foldWidth(raw);
    // A hyphen or apostrophe joins two letters of one word: anything else after it (a space too) is refused.
    if (lastWasJoiner && !isLatinLetter(cp)) return finish(ErrorCode.NAME_BAD_PUNCTUATION, lastAt);
    if (cp == CH_SPACE) {
      pendingSpace = count > 0;
      continue;
    }
    let emit = cp;
    const joiner = joinerFor(cp);
    if (joiner != 0) {
      // Only right after a Latin letter (never first, doubled, after a space, or in a CJK name).
      if (script != SCRIPT_LATIN || pendingSpace || lastWasJoiner) return finish(ErrorCode.NAME_BAD_PUNCTUATION, at);
      emit = joiner;
    } else if (isDotLookalike(cp)) {
      // A separator joins two parts: never first, last, doubled, or in a Latin name.
      if (count == 0 || lastWasDot || script == SCRIPT_LATIN) return finish(ErrorCode.NAME_BAD_DOT, at);
      emit = CH_MIDDLE_DOT;
    } else {
      if (isAsciiDigit(cp)) return finish(ErrorCode.NAME_DIGIT, at);
      const kind = isCjkIdeograph(cp) ? SCRIPT_CJK : isLatinLetter(cp) ? SCRIPT_LATIN : SCRIPT_NONE;
      if (kind == SCRIPT_NONE) return finish(ErrorCode.NAME_BAD_CHARACTER, at);
      if (script == SCRIPT_NONE) script = kind;
      else if (script != kind) return finish(ErrorCode.NAME_MIXED_SCRIPTS, at);
    }
    // The space between two Latin words first, then the character; each counts towards the 50.
    for (let space = pendingSpace && script == SCRIPT_LATIN; ; space = false) {
      if (count >= NAME_MAX_CODE_POINTS) return finish(ErrorCode.NAME_TOO_LONG, at);
      written += encodeUtf8(space ? CH_SPACE : emit, out + <usize>written);
      count++;
      if (!space) break;
    }
    pendingSpace = false;
    lastWasDot = emit == CH_MIDDLE_DOT;
    lastWasJoiner = joiner != 0;
    lastAt = at;
  }
  if (lastWasDot) return finish(ErrorCode.NAME_BAD_DOT, lastAt);
  if (lastWasJoiner) return finish(ErrorCode.NAME_BAD_PUNCTUATION, lastAt);
  if (count < NAME_MIN_CODE_POINTS) return finish(ErrorCode.NAME_TOO_SHORT, len);
  return finish(ErrorCode.OK, 0);
}
