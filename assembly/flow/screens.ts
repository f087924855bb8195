// Screens: the flow composes a screen's logical lines here (texts, masked
// values, '\n' between lines), then show() lays them out for the profile's
// display (columns x rows, a CJK character taking two cells) and queues a
// SHOW command for the current page. The logical text stays in SCREEN so
// UP/DOWN can page through it without the flow rebuilding it; it never holds
// an unmasked value except the field being typed on an entry screen, and is
// wiped with the entered data.
import { Cmd } from "./events";
import { begin, end, putByte } from "./queue";
import { profile } from "./profile";
import { text } from "./texts";
import { cellsOf } from "./cells";
export { cellsOf }; // the rule itself is a table of its own (./cells.ts)
import { CH_NEWLINE, CH_SPACE, CH_STAR, zeroBytes, codePointAt, scan, encodeUtf8 } from "./bytes";

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
/** The screen composed last: its id, the length of its logical text, the page shown and how many there are. */
class Screen {
  length: i32 = 0;
  id: i32 = S.NONE;
  page: i32 = 0;
  pages: i32 = 1;
}
const screen = new Screen();

/** A layout pass: the display line reached, whether it has content, the first line of the page queued, lines queued; and decodeAt()'s byte length. */
class Layout {
  lineNo: i32 = 0;
  lineOpen: bool = false;
  firstVisible: i32 = 0;
  emitted: i32 = 0;
  decodedLength: i32 = 1;
}
const lay = new Layout();

export function screenId(): i32 { return screen.id; }
export function screenPage(): i32 { return screen.page; }
export function screenPages(): i32 { return screen.pages; }

/** Starts composing screen `id`. */
export function compose(id: i32): void {
  zeroBytes(SCREEN, screen.length);
  screen.length = 0;
  screen.id = id;
  screen.page = 0;
}

export function addByte(b: i32): void {
  if (screen.length < SCREEN_CAPACITY) {
    store<u8>(SCREEN + <usize>screen.length, <u8>b);
    screen.length++;
  }
}

export function addBytes(p: usize, len: i32): void {
  for (let i = 0; i < len; i++) addByte(load<u8>(p + <usize>i));
}

export function addString(s: string): void {
  for (let i = 0; i < s.length; i += scan.codePointUnits) {
    const n = encodeUtf8(codePointAt(s, i), UTF8_SCRATCH);
    addBytes(UTF8_SCRATCH, n);
  }
}
@lazy const UTF8_SCRATCH: usize = memory.data(4);

/** Adds text t in the profile's language. */
export function addText(t: i32): void { addString(text(t, profile.language)); }

/** Ends a logical line. */
export function newline(): void { addByte(CH_NEWLINE); }

/** Adds n '*' (a PIN or password being typed is never shown). */
export function addStars(n: i32): void { for (let i = 0; i < n; i++) addByte(CH_STAR); }

export function addSpace(): void { addByte(CH_SPACE); }

/** Display cells of the logical line being composed (since the last newline). */
function openLineCells(): i32 {
  let start = screen.length;
  while (start > 0 && load<u8>(SCREEN + <usize>(start - 1)) != CH_NEWLINE) start--;
  let n = 0;
  let i = start;
  while (i < screen.length) { n += cellsOf(decodeAt(i)); i += lay.decodedLength; }
  return n;
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
  let cells = 0;
  for (let i = 0; i < len; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    if (c == CH_STAR) stars++;
    // A masked name keeps its first character, which may be a hanzi (two cells, three bytes).
    if (c < 0x80 || c >= 0xc0) cells += c >= 0xe0 ? 2 : 1;
  }
  const shortest = cells - (stars > 2 ? stars - 2 : 0);
  let used = openLineCells();
  if (used > 0 && used + shortest > cols) { newline(); used = 0; }
  let drop = used + cells - cols;
  if (drop > stars - 2) drop = stars - 2;
  for (let i = 0; i < len; i++) {
    const c = <i32>load<u8>(p + <usize>i);
    if (c == CH_STAR && drop > 0) { drop--; continue; }
    addByte(c);
  }
}


/** The code point at SCREEN[i] (a malformed byte counts as one U+FFFD). */
function decodeAt(i: i32): i32 {
  const b0 = <i32>load<u8>(SCREEN + <usize>i);
  lay.decodedLength = 1;
  if (b0 < 0x80) return b0;
  let n = 0, c = 0;
  if ((b0 & 0xe0) == 0xc0) { n = 2; c = b0 & 0x1f; }
  else if ((b0 & 0xf0) == 0xe0) { n = 3; c = b0 & 0x0f; }
  else if ((b0 & 0xf8) == 0xf0) { n = 4; c = b0 & 0x07; }
  else return 0xfffd;
  if (i + n > screen.length) return 0xfffd;
  for (let k = 1; k < n; k++) {
    const b = <i32>load<u8>(SCREEN + <usize>(i + k));
    if ((b & 0xc0) != 0x80) return 0xfffd;
    c = (c << 6) | (b & 0x3f);
  }
  lay.decodedLength = n;
  return c;
}

/** Cells of the ASCII word starting at i (up to a space, newline or non-ASCII byte). */
function wordCells(i: i32): i32 {
  let n = 0;
  while (i + n < screen.length) {
    const b = <i32>load<u8>(SCREEN + <usize>(i + n));
    if (b == CH_SPACE || b == CH_NEWLINE || b >= 0x80) break;
    n++;
  }
  return n;
}


function visible(): bool { return lay.lineNo >= lay.firstVisible && lay.lineNo < lay.firstVisible + profile.rows; }

function openLine(): void {
  if (lay.lineOpen) return;
  lay.lineOpen = true;
  if (visible()) {
    if (lay.emitted > 0) putByte(CH_NEWLINE);
    lay.emitted++;
  }
}

function nextLine(): void { lay.lineNo++; lay.lineOpen = false; }

/**
 * Lays the logical text out and queues the lines of page `page` (when
 * `queue` is true). Returns the number of display lines the text needs.
 * Wraps at the column limit, at a space for Latin text when the next word
 * would not fit.
 */
function layout(page: i32, queue: bool): i32 {
  const cols = profile.columns;
  lay.lineNo = 0; lay.lineOpen = false; lay.emitted = 0;
  lay.firstVisible = queue ? page * profile.rows : -1000000;
  let cells = 0;
  let i = 0;
  while (i < screen.length) {
    const c = decodeAt(i);
    const n = lay.decodedLength;
    if (c == CH_NEWLINE) { openLine(); nextLine(); cells = 0; i += n; continue; }
    if (c == CH_SPACE && (i + 1 >= screen.length || <i32>load<u8>(SCREEN + <usize>(i + 1)) == CH_NEWLINE)) { i += n; continue; } // a trailing space is not worth a line
    if (c == CH_SPACE && cells > 0) {
      const w = wordCells(i + 1);
      if (w <= cols && cells + 1 + w > cols) { nextLine(); cells = 0; i += n; continue; }
    }
    const w = cellsOf(c);
    if (cells + w > cols) { nextLine(); cells = 0; if (c == CH_SPACE) { i += n; continue; } }
    openLine();
    if (visible() && queue) for (let k = 0; k < n; k++) putByte(<i32>load<u8>(SCREEN + <usize>(i + k)));
    cells += w;
    i += n;
  }
  return lay.lineOpen ? lay.lineNo + 1 : (lay.lineNo > 0 ? lay.lineNo : 1);
}

/** Queues SHOW for the composed screen, page `page` (clamped). */
export function show(page: i32 = 0): void {
  const lines = layout(0, false);
  screen.pages = (lines + profile.rows - 1) / profile.rows;
  if (screen.pages < 1) screen.pages = 1;
  screen.page = page < 0 ? 0 : (page >= screen.pages ? screen.pages - 1 : page);
  begin(Cmd.SHOW);
  putByte((screen.id >> 8) & 0xff);
  putByte(screen.id & 0xff);
  layout(screen.page, true);
  end();
}

/** UP/DOWN: shows the previous or next page of the current screen; false when there is none. */
export function turnPage(delta: i32): bool {
  const p = screen.page + delta;
  if (p < 0 || p >= screen.pages) return false;
  show(p);
  return true;
}

/** Wipes the composed text (entered data may have been on it). */
export function wipeScreen(): void {
  zeroBytes(SCREEN, SCREEN_CAPACITY);
  screen.length = 0;
}
