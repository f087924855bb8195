// The verification request in the layout the profile names (docs/PROTOCOL.md
// "Request layouts"): this product's four elements (0100, 60.1 `71`, the
// holder in field 62 under the TDK) or the public UnionPay account
// verification (0200, processing code 330000, 48 `CK10#`, the ID type and six
// ID digits in 61), which a stock UnionPay acquirer answers but which cannot
// verify the name or the phone. The ID-type codes each layout sends are the
// table below.
import { Dialect, tlvAppend } from "./deps";
import { profile, LAYOUT_ACCOUNT } from "./profile";
import { session, NAME, ID_NUMBER, PHONE, ID_TYPE_RESIDENT, ID_TYPE_PERMIT, ID_TYPE_FOREIGN } from "./session";
import { request, base, verifyBase, setWord, cardFields, personalData, finish, plainData, wipePlain } from "./messages";
import { CH_UPPER_X, CH_SPACE, copyBytes, zeroBytes, writeDigits } from "./bytes";
import { W, expandWord, wordAt, WORD_SCRATCH } from "./texts";

/**
 * The ID-type code each layout sends, by the document the operator picked
 * (session ID_TYPE_*): the four-element `IT` tag (01 as the 证件类别 of the POS
 * spec; 11 and 12 are this product's own, the spec having no code for either),
 * and field 61's type in the account layout (01 for a permit, whose number has
 * the resident ID's shape; 99 其它证件 for the foreign ID). They are the words
 * W.IT_UNPICKED + typeIndex() and W.F61_UNPICKED + typeIndex() (texts.ts), 0
 * while no document is picked.
 */
function typeIndex(): i32 {
  const t = session.idType;
  return t == ID_TYPE_PERMIT || t == ID_TYPE_FOREIGN || t == ID_TYPE_RESIDENT ? t : 0;
}

/** The verification request of the profile's layout into FRAME: its length, or negative. */
export function buildVerify(): i32 {
  return profile.verifyLayout == LAYOUT_ACCOUNT ? buildAccountVerify() : buildFourElements();
}

/** 0100 / 71: the four elements (R7, R8), the holder enciphered under the TDK in field 62. */
function buildFourElements(): i32 {
  verifyBase(W.TYPE60_71);
  const c = cardFields(profile.requirePin && session.hasPinBlock);
  if (c < 0) return c;
  setWord(25, W.CONDITION_NORMAL);
  const plain = plainData();
  let at = tlvAppend(plain, 500, 0, "NM", NAME, session.nameLength);
  if (at >= 0) at = tlvAppend(plain, 500, at, "IT", wordAt(<i32>W.IT_UNPICKED + typeIndex()), 2);
  if (at >= 0) at = tlvAppend(plain, 500, at, "ID", ID_NUMBER, session.idLength);
  if (at >= 0) at = tlvAppend(plain, 500, at, "PH", PHONE, session.phoneLength);
  if (at < 0) { wipePlain(); return at; }
  const r = personalData(at);
  if (r < 0) return r;
  return finish(true);
}

@lazy const TEXT: usize = memory.data(64);

/** Word w (texts.ts W) into TEXT at `at`: where it ends. */
function putText(at: i32, w: i32): i32 {
  const n = expandWord(w);
  copyBytes(TEXT + <usize>at, WORD_SCRATCH, n);
  return at + n;
}

/**
 * 0200, 330000: the public account verification as teddy-lee/AIAUnionPay sends it:
 * 48 `CK10#`, 49 `156`, 60 with 60.4 `5` (reading capability) and 60.5 `0`, and 61
 * = ID type (2) + 12 zeros + the ID number's last six digits (the six before a
 * trailing X) + 12 spaces + `CUPAM` + 16 digits (53 bytes). Packed in the
 * `cup-verify` dialect, where 48 and 61 are text.
 */
function buildAccountVerify(): i32 {
  base(W.MTI_0200, W.TYPE60_01, W.CODE60_000, W.MORE60_READER);
  setWord(3, W.PROCESSING_VERIFY);
  const c = cardFields(profile.requirePin && session.hasPinBlock);
  if (c < 0) return c;
  setWord(25, W.CONDITION_NORMAL);
  setWord(48, W.ACCOUNT_CHECK);
  setWord(49, W.CURRENCY_CNY);
  let n = session.idLength;
  if (n > 0 && <i32>load<u8>(ID_NUMBER + <usize>(n - 1)) == CH_UPPER_X) n--;
  if (n < 6) return -1;
  let w = putText(0, <i32>W.F61_UNPICKED + typeIndex());
  writeDigits(TEXT + <usize>w, 0, 12); // twelve zeros
  copyBytes(TEXT + <usize>(w + 12), ID_NUMBER + <usize>(n - 6), 6);
  w += 18;
  for (let i = 0; i < 12; i++) store<u8>(TEXT + <usize>(w + i), CH_SPACE);
  w = putText(w + 12, W.F61_TAIL);
  request.set(61, TEXT, w);
  zeroBytes(TEXT, 64); // six ID digits: not left in memory
  return finish(true, Dialect.CUP_VERIFY);
}
