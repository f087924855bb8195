// The building blocks the flow uses from the other parts of the core, in one
// place, so the flow's dependencies are visible at a glance and a renamed
// function is fixed here only (signatures: /work/team/INTERNAL-APIS.md).
import { ErrorCode } from "../abi";

// ---- input checks (assembly/checks/) ------------------------------------------
export { checkPan } from "../checks/pan";
export { checkIdNumber, ID_ACCEPT_RESIDENT, ID_ACCEPT_HK_MO_TW_PERMIT, ID_ACCEPT_FOREIGN_PR } from "../checks/idnumber";
export { checkPhone } from "../checks/phone";
export { checkName } from "../checks/name";
export { checkExpiry } from "../checks/expiry";
export { checkedLength } from "../checks/reasons";
export { maskPan, maskIdNumber, maskPhone, maskName } from "../checks/mask";
export { wipeChecks, checksWiped } from "../checks/wipe";
export { readCard, cardData, CardError, CARD_PAN_MAX, CARD_TRACK2_MAX } from "../checks/card";

/** checkPan(): a 62 card failing Luhn (some real UnionPay cards do): re-confirm, do not refuse. */
export const CHECK_PAN_LUHN_UNIONPAY: i32 = ErrorCode.PAN_LUHN_UNIONPAY;
/** checkExpiry(): the month is over (as opposed to malformed). */
export const CHECK_EXPIRY_EXPIRED: i32 = ErrorCode.EXPIRED;

// ---- ISO 8583 (assembly/iso8583/) -----------------------------------------------
export { Dialect } from "../iso8583/spec";
export { FieldSet, FIELD_TPDU, FIELD_HEADER } from "../iso8583/fieldset";
// The flow sends and reads the cup dialects only: their pack and unpack keep the
// other dialects' rows (the tools module's) out of the terminal module.
export { packCup as pack, unpackCup as unpack, macRegionOffset, macRegionLength } from "../iso8583/codec";
export { tlvAppend, tlvFind, tlvFoundLength } from "../iso8583/tlv";

// ---- cryptography (assembly/crypto/) ---------------------------------------------
export { tdesEcb, tdesCbc } from "../crypto/modes";
export { cryptTrack, trackBlock, trackUnpack } from "../crypto/track";
export { pinBlockEncode } from "../crypto/pinblock";
export { macCupEcb } from "../crypto/mac";
export { constantTimeEqual } from "../crypto/compare";
export { wipe } from "../crypto/wipe";
export {
  injectTerminalMasterKey, installWorkingKeys, workingKeyPtr, workingKeyLength, wipeWorkingKeys, wipeAllKeys,
  keyLengthInField, keyFieldOffset, keyFieldLength, keyFieldCount, CHECK_VALUE_LENGTH,
} from "../crypto/keystore";
import { cmac, CmacCipher } from "../crypto/cmac";

/** AES-CMAC (the record hashes): 16 bytes at out. */
export function aesCmac(key: usize, keyLen: i32, data: usize, len: i32, out: usize): i32 {
  return cmac(CmacCipher.AES, key, keyLen, data, len, out);
}
