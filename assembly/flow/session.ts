// The data of the verification in progress (R10): what the operator typed or
// the card gave, held only in these static buffers and wiped on completion,
// cancel and timeout. The clear PIN lives only between the last PIN key and
// ENTER; after that only the enciphered PIN block remains.
import { zeroBytes } from "./bytes";

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

@lazy export const EDIT: usize = memory.data(EDIT_MAX);         // the field being typed
@lazy export const NAME: usize = memory.data(NAME_MAX);
@lazy export const ID_NUMBER: usize = memory.data(ID_MAX);
@lazy export const PAN: usize = memory.data(PAN_MAX + 1);
@lazy export const EXPIRY: usize = memory.data(4);                // YYMM
@lazy export const TRACK2: usize = memory.data(TRACK2_MAX + 3);
@lazy export const PHONE: usize = memory.data(PHONE_MAX);
@lazy export const PIN_BLOCK: usize = memory.data(8);             // enciphered under the PIK
@lazy export const OTP: usize = memory.data(OTP_MAX);
@lazy export const OTP_REF: usize = memory.data(OTP_REF_MAX);
@lazy export const MASKED_NAME: usize = memory.data(MASK_MAX);
@lazy export const MASKED_ID: usize = memory.data(ID_MAX);
@lazy export const MASKED_PAN: usize = memory.data(PAN_MAX);
@lazy export const MASKED_PHONE: usize = memory.data(MASK_MAX);
@lazy export const MASKED_OTP_PHONE: usize = memory.data(PHONE_MAX + 4);
@lazy export const PAN_HASH: usize = memory.data(HASH_HEX);
@lazy export const ID_HASH: usize = memory.data(HASH_HEX);
@lazy export const OLD_PAN_HASH: usize = memory.data(HASH_HEX);

/** Entry modes (field 22's first two digits). */
export const ENTRY_KEYED: i32 = 1;
export const ENTRY_SWIPE: i32 = 2;
export const ENTRY_CHIP: i32 = 5;

/** Lengths and flags of the session; everything here is reset by wipeSession(). */
export class Session {
  editLength: i32 = 0;
  nameLength: i32 = 0;
  idLength: i32 = 0;
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

export const session = new Session();

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

/** Wipes everything entered (R10): on completion, cancel and timeout. */
export function wipeSession(): void {
  wipeEdit();
  wipeCard();
  zeroBytes(NAME, NAME_MAX);
  zeroBytes(ID_NUMBER, ID_MAX);
  zeroBytes(PHONE, PHONE_MAX);
  zeroBytes(OTP, OTP_MAX);
  zeroBytes(OTP_REF, OTP_REF_MAX);
  zeroBytes(MASKED_NAME, MASK_MAX);
  zeroBytes(MASKED_ID, ID_MAX);
  zeroBytes(MASKED_PHONE, MASK_MAX);
  zeroBytes(MASKED_OTP_PHONE, PHONE_MAX + 4);
  zeroBytes(ID_HASH, HASH_HEX);
  zeroBytes(OLD_PAN_HASH, HASH_HEX);
  session.nameLength = 0;
  session.idLength = 0;
  session.phoneLength = 0;
  session.otpLength = 0;
  session.otpRefLength = 0;
  session.maskedNameLength = 0;
  session.maskedIdLength = 0;
  session.maskedPhoneLength = 0;
  session.maskedOtpPhoneLength = 0;
  session.hasIdHash = false;
  session.hasOldPanHash = false;
  session.failures = 0;
}

/** True when every byte of the session's buffers is zero: what QA checks after a wipe. */
export function sessionIsWiped(): bool {
  if (!zero(EDIT, EDIT_MAX) || !zero(NAME, NAME_MAX) || !zero(ID_NUMBER, ID_MAX) || !zero(PAN, PAN_MAX + 1)) return false;
  if (!zero(EXPIRY, 4) || !zero(TRACK2, TRACK2_MAX + 3) || !zero(PHONE, PHONE_MAX) || !zero(PIN_BLOCK, 8)) return false;
  return zero(OTP, OTP_MAX) && zero(OTP_REF, OTP_REF_MAX) && session.nameLength == 0 && session.panLength == 0;
}

function zero(p: usize, n: i32): bool {
  for (let i = 0; i < n; i++) if (load<u8>(p + <usize>i) != 0) return false;
  return true;
}
