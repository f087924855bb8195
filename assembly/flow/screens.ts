// Screens: the flow composes a screen's logical lines here (texts, masked
// values, '\n' between lines), then show() lays them out for the profile's
// display (columns x rows, a CJK character taking two cells) and queues a
// SHOW command for the current page. The logical text stays in SCREEN so
// UP/DOWN can page through it without the flow rebuilding it; it never holds
// an unmasked value except the field being typed on an entry screen, and is
// wiped with the entered data.
import { Cmd } from "./events";
import { begin, end, putByte, putBytes } from "./queue";
import { profile } from "./profile";
import { expandText, TEXT_SCRATCH } from "./texts";
import { cellsOf } from "./cells";
export { cellsOf }; // the rule itself is a table of its own (./cells.ts)
import { CH_NEWLINE, CH_SPACE, CH_STAR, CH_COLON, CH_FULLWIDTH_COLON, isDigit, zeroBytes, copyBytes, codePointAt, scan, encodeUtf8 } from "./bytes";

/** Screen ids (SHOW payload, screenId()): what QA and the host see. */
export const enum S {
  NONE = 0,
  BOOT = 1, HALTED = 2, SIGNING_ON = 3, MENU = 4, CONSENT = 5, NAME = 6, ID_TYPE = 7, ID_NUMBER = 8,
  CARD = 9, LUHN_WARN = 10, PHONE = 11, PIN = 12, CONFIRM = 13, PROCESSING = 14, OTP = 15,
  RESULT = 16, MESSAGE = 17, HELP = 18, PASSWORD = 19, RECORDS = 20, LOSS_CARD = 21,
  LOSS_REASON = 22, LOSS_CONFIRM = 23, SETTINGS = 24, HOLDER_NOTICE = 25, PICK_RECORD = 26,
}

const SCREEN_CAPACITY: i32 = 1024;
@lazy const SCREEN: usize = memory.data(SCREEN_CAPACITY);
// The screen composed last: the length of its logical text, its id, the page shown and how many
// there are. Globals, not fields of a record: a field store is a call at shrink level 2.
let composedLength: i32 = 0;
let composedId: i32 = S.NONE;
let shownPage: i32 = 0;
let pageCount: i32 = 1;
// What the layout can reuse of the text laid out last (a key typed on an entry
// screen changes only its last line). Globals, not fields: a field store is a
// call at shrink level 2, and these are stored on every byte composed.
/** Bytes of the text laid out last (its lines are in LINE_*), and the columns it was laid out for. */
let laid: i32 = 0;
let laidColumns: i32 = 0;
/** SCREEN[0, same) is the text laid out last, composed again byte for byte. */
let same: i32 = 0;
/** Whether the text composed last has been laid out (show()). */
let shown: bool = true;

export function screenId(): i32 { return composedId; }
export function screenPage(): i32 { return shownPage; }
export function screenPages(): i32 { return pageCount; }

/**
 * Starts composing screen `id`. The new text is written over the last one,
 * compared as it goes (same); show() wipes what is left of the last
 * one past the new text's end. A text composed and never shown is wiped here.
 */
export function compose(id: i32): void {
  if (!shown) { zeroBytes(SCREEN, composedLength > laid ? composedLength : laid); laid = 0; }
  composedLength = 0;
  same = 0;
  shown = false;
  composedId = id;
  shownPage = 0;
}

export function addByte(b: i32): void {
  const at = composedLength;
  if (at < SCREEN_CAPACITY) {
    if (at == same && at < laid && <i32>load<u8>(SCREEN + <usize>at) == b) same = at + 1;
    store<u8>(SCREEN + <usize>at, <u8>b);
    composedLength = at + 1;
  }
}

export function addBytes(p: usize, len: i32): void {
  const at = composedLength;
  const room = SCREEN_CAPACITY - at;
  const n = len < room ? len : room;
  if (n <= 0) return;
  // The bytes equal to what SCREEN holds there are not copied again.
  let k = 0;
  if (at == same) {
    const limit = laid - at < n ? laid - at : n;
    while (k + 8 <= limit && load<u64>(SCREEN + <usize>(at + k)) == load<u64>(p + <usize>k)) k += 8;
    while (k < limit && load<u8>(SCREEN + <usize>(at + k)) == load<u8>(p + <usize>k)) k++;
    if (k > 0) same = at + k;
  }
  copyBytes(SCREEN + <usize>(at + k), p + <usize>k, n - k);
  composedLength = at + n;
}

/** Adds a string as UTF-8 (the specs compose free text; the flow adds texts and bytes). */
export function addString(s: string): void {
  for (let i = 0; i < s.length; i += scan.codePointUnits) {
    const n = encodeUtf8(codePointAt(s, i), UTF8_SCRATCH);
    addBytes(UTF8_SCRATCH, n);
  }
}
@lazy const UTF8_SCRATCH: usize = memory.data(4);

/** Adds text t in the profile's language. */
export function addText(t: i32): void {
  const n = expandText(t, profile.language);
  addBytes(TEXT_SCRATCH, n);
}

/** Ends a logical line. */
export function newline(): void { addByte(CH_NEWLINE); }

/** Text t on a line of its own after what is composed (a line break, then t). */
export function nextLine(t: i32): void { newline(); addText(t); }

/** Text t, then a line break. */
export function textLine(t: i32): void { addText(t); newline(); }

/** Adds n '*' (a PIN or password being typed is never shown). */
export function addStars(n: i32): void { for (let i = 0; i < n; i++) addByte(CH_STAR); }

export function addSpace(): void { addByte(CH_SPACE); }

/** Display cells of the logical line being composed (since the last newline). */
function openLineCells(): i32 {
  const start = lineStart(composedLength);
  return utf8Cells(SCREEN + <usize>start, composedLength - start);
}

/** Where the logical line holding the text's first `end` bytes' last one starts (after the last line break before `end`). */
function lineStart(end: i32): i32 {
  let start = end;
  while (start > 0 && load<u8>(SCREEN + <usize>(start - 1)) != CH_NEWLINE && load<u8>(SCREEN + <usize>(start - 1)) != CH_KEEP) start--;
  return start;
}

/**
 * Adds a masked value (card, ID, phone, name) so that it never wraps: when
 * the rest of the line is too narrow its run of '*' is shortened (never
 * below two, so it never shows more digits), and when even that does not fit
 * after what the line already holds, the value starts a line of its own. The
 * one place every screen puts a masked value through (FLOW.md "Screens").
 */
export function addMasked(p: usize, len: i32): void {
  const cols = profile.columns;
  let stars = 0;
  for (let i = 0; i < len; i++) if (<i32>load<u8>(p + <usize>i) == CH_STAR) stars++;
  // A masked name keeps its first character, which may be a hanzi (two cells, three bytes).
  const cells = utf8Cells(p, len);
  const shortest = cells - (stars > 2 ? stars - 2 : 0);
  let used = openLineCells();
  if (used > 0 && used + shortest > cols) { keepWithNext(); used = 0; }
  let drop = used + cells - cols;
  if (drop > stars - 2) drop = stars - 2;
  for (let i = 0; i < len; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    if (c == CH_STAR && drop > 0) { drop--; continue; }
    addByte(c);
  }
}

/**
 * Adds a number in full with a space after each group of digits, so it is
 * read in parts and a narrow display wraps it between them, never inside a
 * group. `groups` holds the group sizes, 4 bits each, first group lowest
 * (0x486: 6, 8, 4); once they run out the groups are of 4.
 */
export function addGrouped(p: usize, len: i32, groups: i32): void { grouped(p, len, groups, true); }

/** Display cells of `len` digits added with addGrouped(): the digits and a space between groups. */
export function groupedCells(len: i32, groups: i32): i32 { return grouped(0, len, groups, false); }

/** The one walk through the groups: adds the digits and spaces when `add`, and counts their cells. */
function grouped(p: usize, len: i32, groups: i32, add: bool): i32 {
  let g = groups, left = g & 15, cells = 0;
  for (let i = 0; i < len; i++) {
    if (left == 0) {
      if (add) addSpace();
      cells++;
      g >>= 4;
      left = (g & 15) != 0 ? g & 15 : 4;
    }
    if (add) addByte(<i32>load<u8>(p + <usize>i));
    cells++;
    left--;
  }
  return cells;
}

/** Display cells of `len` bytes of UTF-8 at p. */
export function utf8Cells(p: usize, len: i32): i32 {
  let cells = 0;
  for (let i = 0; i < len;) { const d = decodeFrom(p + <usize>i, len - i); cells += cellsOf(d >> 3); i += d & 7; }
  return cells;
}

/**
 * The code point at p, `left` bytes readable there (a malformed byte counts as
 * one U+FFFD), and how many bytes it takes: code point << 3 | bytes (a field
 * store would be a call at shrink level 2, and this runs once per character).
 */
function decodeFrom(p: usize, left: i32): i32 {
  const b0 = <i32>load<u8>(p);
  if (b0 < 0x80) return b0 << 3 | 1;
  // The lead byte's leading ones are the sequence's bytes: 2 to 4 (1 is a continuation byte, 5 or more none).
  const n = clz<i32>(~(b0 << 24));
  if (<u32>(n - 2) > 2 || n > left) return REPLACEMENT;
  let c = b0 & (0x7f >> n);
  for (let k = 1; k < n; k++) {
    const b = <i32>load<u8>(p + <usize>k);
    if ((b & 0xc0) != 0x80) return REPLACEMENT;
    c = (c << 6) | (b & 0x3f);
  }
  return c << 3 | n;
}
/** decodeFrom()'s answer for a malformed byte: U+FFFD, one byte. */
const REPLACEMENT: i32 = 0xfffd << 3 | 1;

// ---- layout ---------------------------------------------------------------------
// The logical text is cut into display lines once per SHOW: greedily, breaking
// only where a line may break (canBreak()), so a number, a code or a Latin word
// is never cut and a colon never starts a line. The lines are then placed on
// pages: a line that must stay with the next (a label whose value follows)
// moves to the next page rather than end one (a line broken after a colon
// does too), and every page but the last shows MORE in the last cell of its
// last row — a row without a free cell before that one moves to the next page,
// leaving the mark alone on its row.

/** "This line stays on the page of the next": composed between a label and its value (keepWithNext()). */
const CH_KEEP: i32 = 0x0b;
/** The mark in the last cell of a page that has another after it (↓, UTF-8). */
@lazy const MORE_UTF8: usize = memory.data<u8>([0xe2, 0x86, 0x93]);
/**
 * Display lines a screen may take: the longest the flow composes is the consent screen
 * with its notice, 21 lines at 16 columns (a 60-byte merchant name, 3650 retention days;
 * 27 rows with the page breaks of a 16x2 display), so 64 is three times that. The
 * lines after the 64th are dropped (docs/FLOW.md "Screens"): the screen shows its
 * first 64, and the page rows stop at 2 * MAX_LINES.
 */
const MAX_LINES: i32 = 64;
// Positions and cells of a line fit 16 bits (the text is SCREEN_CAPACITY bytes).
@lazy const LINE_START: usize = memory.data(MAX_LINES * 2, 2);
@lazy const LINE_END: usize = memory.data(MAX_LINES * 2, 2);
@lazy const LINE_CELLS: usize = memory.data(MAX_LINES * 2, 2);
@lazy const LINE_KEEP: usize = memory.data(MAX_LINES);
/** The line on each row of the pages, -1 for a row left empty. */
@lazy const ROW_LINE: usize = memory.data(MAX_LINES * 2 * 2, 2);

/** Ends a logical line that must stay on the same page as the next (a label, then its value). */
export function keepWithNext(): void { addByte(CH_KEEP); }

/**
 * The punctuation the layout knows, in three runs: where a line may break
 * after it even before a number or a word (the value after a label's colon),
 * then the rest of the closing punctuation a line never starts with (the
 * first run is closing too), then the opening punctuation a line never ends with.
 */
@lazy const PUNCTUATION: usize = memory.data<u16>([
  0x3a, 0x3b, 0x2c, 0xff1a, 0xff1b, 0xff0c, 0x3002, 0x3001, 0x21, 0x3f, 0xff01, 0xff1f,
  0x2e, 0x29, 0x5d, 0x25, 0xff09, 0x300b, 0x3011, 0x201d, 0x2019,
  0x28, 0x5b, 0xff08, 0x300a, 0x3010, 0x201c, 0x2018,
]);
const BREAK_AFTER_END: i32 = 12;
const NO_START_END: i32 = 21;
const PUNCTUATION_COUNT: i32 = 28;
/** The ASCII ones among them (0x20..0x5f), bit c & 0x3f: digits and letters skip the scan. */
const ASCII_PUNCTUATION: u64 = 1 << 0x21 | 1 << 0x25 | 1 << 0x28 | 1 << 0x29 | 1 << 0x2c | 1 << 0x2e | 1 << 0x3a | 1 << 0x3b | 1 << 0x3f | 1 << (0x5b & 0x3f) | 1 << (0x5d & 0x3f);

/** Where c is in PUNCTUATION, PUNCTUATION_COUNT when it is none of it (ideographs and most of Latin without the scan). */
function punctuation(c: i32): i32 {
  if (c < 0x80 ? ((ASCII_PUNCTUATION >> <u64>(c & 0x3f)) & 1) == 0 || c < 0x20 || c >= 0x60 : c < 0x2018 || (c > 0x3011 && c < 0xff01)) return PUNCTUATION_COUNT;
  let i = 0;
  while (i < PUNCTUATION_COUNT && <i32>load<u16>(PUNCTUATION + <usize>(i << 1)) != c) i++;
  return i;
}

/**
 * Whether a line may break between code points a and b (neither a space; `before` the one before a):
 * between two CJK characters, and after a colon or a clause's punctuation;
 * never inside a run of Latin letters, digits and signs (a word, a number, a
 * code), never between such a run and the CJK text it is written against
 * ("1姓名", "F2从"), never before closing or after opening punctuation.
 */
function canBreak(before: i32, a: i32, b: i32): bool {
  // Never after a Latin letter or a digit (no punctuation list has one): most of a typed line, without the lists.
  if (isDigit(a) || <u32>((a | 0x20) - 0x61) <= 25) return false; // 0x61: a (0x20 makes A..Z lower case)
  // Between two CJK ideographs, most of a Chinese screen, without the punctuation lists (none is one).
  if (isIdeograph(a) && isIdeograph(b)) return true;
  const pa = punctuation(a);
  // never before closing punctuation, never after opening punctuation
  if (punctuation(b) < NO_START_END || (pa >= NO_START_END && pa < PUNCTUATION_COUNT)) return false;
  if (pa < BREAK_AFTER_END) return !(isDigit(before) && isDigit(b)); // a colon inside a time (10:30:00) is no label's
  return a >= 0x80 && b >= 0x80;
}

/** CJK Unified Ideographs (U+4E00..U+9FFF). */
function isIdeograph(c: i32): bool { return <u32>(c - 0x4e00) <= 0x9fff - 0x4e00; }

/** The lines of the text and the rows of its pages (globals, as the layout's reuse above). */
let lineCount: i32 = 0;
let rowCount: i32 = 0;

/** Records a display line: bytes start..end of the text (trailing spaces dropped); `keep`: stays with the next. */
function addLine(start: i32, end: i32, cells: i32, keep: bool): void {
  if (lineCount >= MAX_LINES) return;
  let e = end, n = cells;
  while (e > start && <i32>load<u8>(SCREEN + <usize>(e - 1)) == CH_SPACE) { e--; n--; }
  store<u16>(LINE_START + <usize>(lineCount * 2), <u16>start);
  store<u16>(LINE_END + <usize>(lineCount * 2), <u16>e);
  store<u16>(LINE_CELLS + <usize>(lineCount * 2), <u16>n);
  store<u8>(LINE_KEEP + <usize>lineCount, keep ? 1 : 0);
  lineCount++;
}

/** Cuts the composed text into display lines of at most `profile.columns` cells. */
function breakLines(): void {
  const cols = profile.columns;
  const length = composedLength;
  // The lines of the text laid out last that start before the last line break
  // inside the part composed again are this text's lines too: a line is cut
  // by nothing after the line break that ends it at the latest.
  let start = 0;      // where the line being filled starts
  if (cols == laidColumns) start = lineStart(same);
  let count = lineCount;
  while (count > 0 && <i32>load<u16>(LINE_START + <usize>((count - 1) * 2)) >= start) count--;
  lineCount = count;
  let cells = 0;
  let prev = 0;       // the code point before i on this line (0: none), and the one before it
  let prev2 = 0;
  let breakEnd = -1;  // the last place this line may end, its cells there, where the next line then starts
  let breakCells = 0;
  let breakNext = 0;
  let breakKeep = false;
  let i = start;
  while (i < length) {
    // ASCII, most of a screen, without the decoder's call
    const b0 = <i32>load<u8>(SCREEN + <usize>i);
    const d = b0 < 0x80 ? b0 << 3 | 1 : decodeFrom(SCREEN + <usize>i, length - i);
    const c = d >> 3, n = d & 7;
    if (c == CH_NEWLINE || c == CH_KEEP) {
      addLine(start, i, cells, c == CH_KEEP);
      i += n; start = i; cells = 0; prev = 0; prev2 = 0; breakEnd = -1;
      continue;
    }
    if (c == CH_SPACE) { breakEnd = i; breakCells = cells; breakNext = i + n; breakKeep = false; }
    else if (prev != 0 && prev != CH_SPACE && canBreak(prev2, prev, c)) { breakEnd = i; breakCells = cells; breakNext = i; breakKeep = prev == CH_COLON || prev == CH_FULLWIDTH_COLON; }
    const w = c < 0x80 ? 1 : cellsOf(c);
    if (cells + w > cols && cells > 0) {
      if (breakEnd > start) { addLine(start, breakEnd, breakCells, breakKeep); i = breakNext; }
      else addLine(start, i, cells, false); // one run longer than a line: cut where it must be
      while (i < length && <i32>load<u8>(SCREEN + <usize>i) == CH_SPACE) i++;
      start = i; cells = 0; prev = 0; prev2 = 0; breakEnd = -1;
      continue;
    }
    cells += w;
    prev2 = prev;
    prev = c;
    i += n;
  }
  if (cells > 0 || lineCount == 0) addLine(start, length, cells, false);
}

function lineKeeps(l: i32): bool { return load<u8>(LINE_KEEP + <usize>l) != 0; }
function lineCells(l: i32): i32 { return <i32>load<u16>(LINE_CELLS + <usize>(l * 2)); }

/**
 * Places the lines on rows. A line that would take the last row of a page
 * with another after it moves to the next page when it stays with the next
 * line, or leaves no cell for MORE — and with it the lines before it on the
 * page that stay with it (a label goes where its value goes).
 */
function placeRows(): void {
  const rows = profile.rows, count = lineCount;
  let placed = 0; // rows used (a local: a field store is a call at shrink level 2)
  for (let l = 0; l < count && placed < 2 * MAX_LINES - rows; l++) {
    const row = placed % rows;
    if (rows > 1 && row == rows - 1 && l < count - 1 && (lineKeeps(l) || lineCells(l) > profile.columns - 2)) {
      let k = l;
      while (k > 0 && l - k < row && lineKeeps(k - 1)) k--;
      placed -= l - k;                     // the lines k..l-1 leave this page
      while (placed % rows != 0) { store<i16>(ROW_LINE + <usize>(placed * 2), -1); placed++; }
      for (let m = k; m < l; m++) { store<i16>(ROW_LINE + <usize>(placed * 2), <i16>m); placed++; }
    }
    store<i16>(ROW_LINE + <usize>(placed * 2), <i16>l);
    placed++;
  }
  rowCount = placed;
}

/** Queues the rows of page `page`; MORE in the last cell of every page but the last. */
function queuePage(page: i32): void {
  const rows = profile.rows;
  const first = page * rows;
  const last = first + rows < rowCount ? first + rows : rowCount;
  for (let r = first; r < last; r++) {
    if (r > first) putByte(CH_NEWLINE);
    const l = <i32>load<i16>(ROW_LINE + <usize>(r * 2));
    let cells = 0;
    if (l >= 0) {
      const a = <i32>load<u16>(LINE_START + <usize>(l * 2)), b = <i32>load<u16>(LINE_END + <usize>(l * 2));
      putBytes(SCREEN + <usize>a, b - a);
      cells = lineCells(l);
    }
    if (r == first + rows - 1 && page < pageCount - 1) {
      for (let k = cells; k < profile.columns - 1; k++) putByte(CH_SPACE);
      putBytes(MORE_UTF8, 3);
    }
  }
}

/** Queues SHOW for the composed screen, page `page` (clamped). */
export function show(page: i32 = 0): void {
  // What the last text had past this one's end (its bytes were composed over up to there).
  if (laid > composedLength) zeroBytes(SCREEN + <usize>composedLength, laid - composedLength);
  breakLines();
  laid = composedLength;
  laidColumns = profile.columns;
  same = composedLength;
  shown = true;
  placeRows();
  pageCount = (rowCount + profile.rows - 1) / profile.rows;
  if (pageCount < 1) pageCount = 1;
  shownPage = page < 0 ? 0 : (page >= pageCount ? pageCount - 1 : page);
  begin(Cmd.SHOW);
  putByte((composedId >> 8) & 0xff);
  putByte(composedId & 0xff);
  queuePage(shownPage);
  end();
}

/** Composes and shows screen `id` holding text t alone. */
export function showText(id: i32, t: i32): void {
  compose(id);
  addText(t);
  show();
}

/** UP/DOWN: shows the previous or next page of the current screen; false when there is none. */
export function turnPage(delta: i32): bool {
  const p = shownPage + delta;
  if (p < 0 || p >= pageCount) return false;
  show(p);
  return true;
}

/** Wipes the composed text (entered data may have been on it). */
export function wipeScreen(): void {
  zeroBytes(SCREEN, SCREEN_CAPACITY);
  composedLength = 0;
  laid = 0;
  same = 0;
  shown = true;
}
