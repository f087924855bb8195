// The data of the verification in progress (R10): what the operator typed or
// the card gave, held only in these static buffers and the Session record,
// each an ENTERED part (parts.ts), and wiped on completion, cancel and
// timeout. The clear PIN lives only between the last PIN key and ENTER;
// after that only the enciphered PIN block remains.
import { zeroBytes } from "./bytes";
import { Part, Scope, zeroPart, buffer, resetScope, staleParts } from "./parts";

export const NAME_MAX: i32 = 150;   // 50 code points of up to 3 bytes (GB 18030 names)
export const ID_MAX: i32 = 18;
export const PAN_MAX: i32 = 19;
export const PHONE_MAX: i32 = 11;
export const PIN_MAX: i32 = 12;
export const OTP_MAX: i32 = 8;
export const OTP_REF_MAX: i32 = 12;
export const TRACK2_MAX: i32 = 37;
export const EDIT_MAX: i32 = 160;
export const MASK_MAX: i32 = 150;  // a masked name is never longer than the name
export const HASH_HEX: i32 = 32;

/** A card keyed on the keypad, as the CARD event of a keyed card gives it: 'K', the digits, then '=' and the expiry. */
export const KEYED_CARD_MAX: i32 = 1 + PAN_MAX + 5;

// The buffers lie one after another in one static block, each at the end of the one
// before: the block is one part (registered once, wiped at once) and every address a
// constant, not a variable set at start. The card's buffers come last, together, so
// wipeCard() clears them at once.
const AT_EDIT: i32 = 0; // the field being typed
const AT_NAME: i32 = AT_EDIT + EDIT_MAX;
const AT_ID_NUMBER: i32 = AT_NAME + NAME_MAX;
const AT_PHONE: i32 = AT_ID_NUMBER + ID_MAX;
const AT_OTP: i32 = AT_PHONE + PHONE_MAX;
const AT_OTP_REF: i32 = AT_OTP + OTP_MAX;
const AT_MASKED_NAME: i32 = AT_OTP_REF + OTP_REF_MAX;
const AT_MASKED_ID: i32 = AT_MASKED_NAME + MASK_MAX;
const AT_MASKED_PHONE: i32 = AT_MASKED_ID + ID_MAX;
const AT_MASKED_OTP_PHONE: i32 = AT_MASKED_PHONE + MASK_MAX;
const AT_ID_HASH: i32 = AT_MASKED_OTP_PHONE + PHONE_MAX + 4;
const AT_OLD_PAN_HASH: i32 = AT_ID_HASH + HASH_HEX;
const AT_KEYED_CARD: i32 = AT_OLD_PAN_HASH + HASH_HEX;
const AT_PAN: i32 = AT_KEYED_CARD + KEYED_CARD_MAX; // the card's from here
const AT_EXPIRY: i32 = AT_PAN + PAN_MAX + 1; // YYMM
const AT_TRACK2: i32 = AT_EXPIRY + 4;
const AT_PIN_BLOCK: i32 = AT_TRACK2 + TRACK2_MAX + 3; // enciphered under the PIK
const AT_MASKED_PAN: i32 = AT_PIN_BLOCK + 8;
const AT_PAN_HASH: i32 = AT_MASKED_PAN + PAN_MAX;
const ENTERED_BYTES: i32 = AT_PAN_HASH + HASH_HEX;
@lazy const ENTERED: usize = memory.data(ENTERED_BYTES, 8);
buffer(ENTERED, ENTERED_BYTES, Scope.ENTERED);

export const EDIT: usize = ENTERED + AT_EDIT;
export const NAME: usize = ENTERED + AT_NAME;
export const ID_NUMBER: usize = ENTERED + AT_ID_NUMBER;
export const PAN: usize = ENTERED + AT_PAN;
export const EXPIRY: usize = ENTERED + AT_EXPIRY;
export const TRACK2: usize = ENTERED + AT_TRACK2;
export const PHONE: usize = ENTERED + AT_PHONE;
export const PIN_BLOCK: usize = ENTERED + AT_PIN_BLOCK;
export const OTP: usize = ENTERED + AT_OTP;
export const OTP_REF: usize = ENTERED + AT_OTP_REF;
export const MASKED_NAME: usize = ENTERED + AT_MASKED_NAME;
export const MASKED_ID: usize = ENTERED + AT_MASKED_ID;
export const MASKED_PAN: usize = ENTERED + AT_MASKED_PAN;
export const MASKED_PHONE: usize = ENTERED + AT_MASKED_PHONE;
export const MASKED_OTP_PHONE: usize = ENTERED + AT_MASKED_OTP_PHONE;
export const PAN_HASH: usize = ENTERED + AT_PAN_HASH;
export const ID_HASH: usize = ENTERED + AT_ID_HASH;
export const OLD_PAN_HASH: usize = ENTERED + AT_OLD_PAN_HASH;
export const KEYED_CARD: usize = ENTERED + AT_KEYED_CARD;

/** Entry modes (field 22's first two digits). */
export const ENTRY_KEYED: i32 = 1;
export const ENTRY_SWIPE: i32 = 2;
export const ENTRY_CHIP: i32 = 5;

/** The document the holder's ID number belongs to, as the operator picked it on the ID-type screen. */
export const ID_TYPE_RESIDENT: i32 = 1;   // 居民身份证
export const ID_TYPE_PERMIT: i32 = 2;     // 港澳台居民居住证
export const ID_TYPE_FOREIGN: i32 = 3;    // 外国人永久居留身份证 (2017 or 2023 format)

/** Lengths and flags of the session: a part like the buffers above, reset by wipeSession(). */
export class Session extends Part {
  editLength: i32 = 0;
  nameLength: i32 = 0;
  idLength: i32 = 0;
  /** ID_TYPE_*; 0 until picked. */
  idType: i32 = 0;
  panLength: i32 = 0;
  hasExpiry: bool = false;
  track2Length: i32 = 0;
  phoneLength: i32 = 0;
  hasPinBlock: bool = false;
  otpLength: i32 = 0;
  otpRefLength: i32 = 0;
  entryMode: i32 = 0;
  maskedNameLength: i32 = 0;
  maskedIdLength: i32 = 0;
  maskedPanLength: i32 = 0;
  maskedPhoneLength: i32 = 0;
  maskedOtpPhoneLength: i32 = 0;
  hasPanHash: bool = false;
  hasIdHash: bool = false;
  hasOldPanHash: bool = false;
  /** Failed answers in this verification, for the support line (R19). */
  failures: i32 = 0;
}

export const session = zeroPart<Session>(Scope.ENTERED);

/** Wipes the typed field only. */
export function wipeEdit(): void {
  zeroBytes(EDIT, EDIT_MAX);
  session.editLength = 0;
}

/** Wipes the card data (a new card is coming, R20, or the card is corrected). */
export function wipeCard(): void {
  zeroBytes(PAN, ENTERED_BYTES - AT_PAN); // PAN, EXPIRY, TRACK2, PIN_BLOCK, MASKED_PAN, PAN_HASH
  session.panLength = 0;
  session.hasExpiry = false;
  session.track2Length = 0;
  session.hasPinBlock = false;
  session.maskedPanLength = 0;
  session.hasPanHash = false;
  session.entryMode = 0;
}

/** Wipes everything entered (R10): on completion, cancel and timeout. Every ENTERED part, whatever file declares it. */
export function wipeSession(): void {
  resetScope(Scope.ENTERED);
}

/** True when every entered part is zero again: what QA checks after a wipe. */
export function sessionIsWiped(): bool {
  return staleParts(Scope.ENTERED) == 0;
}
