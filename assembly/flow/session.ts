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

export const EDIT: usize = buffer(memory.data(EDIT_MAX), EDIT_MAX, Scope.ENTERED); // the field being typed
export const NAME: usize = buffer(memory.data(NAME_MAX), NAME_MAX, Scope.ENTERED);
export const ID_NUMBER: usize = buffer(memory.data(ID_MAX), ID_MAX, Scope.ENTERED);
export const PAN: usize = buffer(memory.data(PAN_MAX + 1), PAN_MAX + 1, Scope.ENTERED);
export const EXPIRY: usize = buffer(memory.data(4), 4, Scope.ENTERED); // YYMM
export const TRACK2: usize = buffer(memory.data(TRACK2_MAX + 3), TRACK2_MAX + 3, Scope.ENTERED);
export const PHONE: usize = buffer(memory.data(PHONE_MAX), PHONE_MAX, Scope.ENTERED);
export const PIN_BLOCK: usize = buffer(memory.data(8), 8, Scope.ENTERED); // enciphered under the PIK
export const OTP: usize = buffer(memory.data(OTP_MAX), OTP_MAX, Scope.ENTERED);
export const OTP_REF: usize = buffer(memory.data(OTP_REF_MAX), OTP_REF_MAX, Scope.ENTERED);
export const MASKED_NAME: usize = buffer(memory.data(MASK_MAX), MASK_MAX, Scope.ENTERED);
export const MASKED_ID: usize = buffer(memory.data(ID_MAX), ID_MAX, Scope.ENTERED);
export const MASKED_PAN: usize = buffer(memory.data(PAN_MAX), PAN_MAX, Scope.ENTERED);
export const MASKED_PHONE: usize = buffer(memory.data(MASK_MAX), MASK_MAX, Scope.ENTERED);
export const MASKED_OTP_PHONE: usize = buffer(memory.data(PHONE_MAX + 4), PHONE_MAX + 4, Scope.ENTERED);
export const PAN_HASH: usize = buffer(memory.data(HASH_HEX), HASH_HEX, Scope.ENTERED);
export const ID_HASH: usize = buffer(memory.data(HASH_HEX), HASH_HEX, Scope.ENTERED);
export const OLD_PAN_HASH: usize = buffer(memory.data(HASH_HEX), HASH_HEX, Scope.ENTERED);
/** A card keyed on the keypad, as the CARD event of a keyed card gives it: 'K', the digits, then '=' and the expiry. */
export const KEYED_CARD_MAX: i32 = 1 + PAN_MAX + 5;
export const KEYED_CARD: usize = buffer(memory.data(KEYED_CARD_MAX), KEYED_CARD_MAX, Scope.ENTERED);

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
  zeroBytes(PAN, PAN_MAX + 1);
  zeroBytes(EXPIRY, 4);
  zeroBytes(TRACK2, TRACK2_MAX + 3);
  zeroBytes(PIN_BLOCK, 8);
  zeroBytes(MASKED_PAN, PAN_MAX);
  zeroBytes(PAN_HASH, HASH_HEX);
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
