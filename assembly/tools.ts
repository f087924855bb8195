// The exports of build/realname-tools.wasm: the core's building blocks for the
// CLI, the acquirer, the browser page's tools and tests (input checks, masks,
// ISO 8583, cryptography), beside the calling convention and a self test of
// all of them. A terminal runs build/realname.wasm (./terminal.ts) instead.
// Buffer sizes and error codes are in ./abi.ts; docs/ABI.md is the contract.
import { INPUT, TOOLS_OUTPUT, beginCall } from "./abi";
import { toolsSelfTest } from "./selftest";
import {
  cipherCall, checkValueCall, pinEncodeCall, pinDecodeCall, macCall, dukptDeriveCall, injectMasterKeyCall,
  installWorkingKeysCall, workingKeyCheckValueCall, wipeWorkingKeysCall, dukptLoadCall, dukptKsnCall,
  dukptPinBlockCall, dukptAdvanceCall,
} from "./crypto/calls";
import { ErrorCode, fail, inputLengthFits, setOutputLength } from "./abi";
import { checkedLength, writeReasonKey } from "./checks/reasons";
import { checkPan, panScheme } from "./checks/pan";
import { checkIdNumber, idSex, idBirthDate, idType, wipeIdScratch, ID_ACCEPT_ALL } from "./checks/idnumber";
import { checkPhone } from "./checks/phone";
import { checkName } from "./checks/name";
import { checkExpiry } from "./checks/expiry";
import {
  checkTrack2, track2PanOffset, track2PanLength, track2ExpiryOffset, track2ServiceCodeOffset, wipeTrack2Offsets,
} from "./checks/track2";
import { maskPan, maskIdNumber, maskPhone, maskName, MaskKind } from "./checks/mask";
import { cellsOf } from "./flow/cells";
import { packRecords, unpackRecords, fieldSpec } from "./iso8583/records";
import { macRegionOffset, macRegionLength } from "./iso8583/codec";

export {
  abiVersion, outputLength, errorCode, errorField, errorOffset, errorExpected, errorFound,
} from "./convention";

/** Where the host writes a call's input (INPUT_OFFSET). */
export function inputBuffer(): usize { return INPUT; }
/** Where a call's output lands (TOOLS_OUTPUT_OFFSET). */
export function outputBuffer(): usize { return TOOLS_OUTPUT; }

// ---- power-on self test --------------------------------------------------

/** Runs every built-in known answer of this module: 0 = all pass, else the first failure's number. */
export function selfTest(): i32 {
  beginCall();
  return toolsSelfTest();
}

// ---- input checks (assembly/checks/) ---------------------------------------
// Each check reads `length` bytes of the input buffer and writes the normalised
// value to the output buffer (also when invalid, as far as it goes); it returns
// 0 or a -100s ErrorCode, with the failing byte offset in errorOffset().

/** Starts a check call: the length must fit the input buffer. */
function checkInput(length: i32): i32 {
  beginCall();
  return inputLengthFits(length);
}

/** Finishes a check call: the output holds checkedLength() bytes. */
function checked(result: i32): i32 {
  setOutputLength(checkedLength());
  return result;
}

/** Card number: digits to output; PAN_LUHN_UNIONPAY asks for re-confirmation rather than refusal. */
export function checkPanInput(length: i32): i32 {
  const r = checkInput(length);
  return r < 0 ? r : checked(checkPan(INPUT, length, TOOLS_OUTPUT));
}

/** The card scheme (0 unknown, 1 UnionPay, 2 Visa, 3 Mastercard, 4 Amex, 5 JCB). */
export function panSchemeInput(length: i32): i32 {
  const r = checkInput(length);
  return r < 0 ? r : panScheme(INPUT, length);
}

/**
 * ID number of any of the four documents (resident ID, HK/MO/TW residence permit,
 * foreign permanent residence ID 2017 and 2023) against today (YYYYMMDD): the
 * normalised characters to output (18, or 15 for the 2017 foreign permanent
 * residence ID); then checkedIdType(), checkedIdSex(), checkedIdBirthDate().
 */
export function checkIdNumberInput(length: i32, today: i32): i32 {
  const r = checkInput(length);
  if (r < 0) wipeIdScratch(); // the getters must not describe the previous number
  return r < 0 ? r : checked(checkIdNumber(INPUT, length, TOOLS_OUTPUT, today, ID_ACCEPT_ALL));
}

/** The document the last ID number's shape names: 0 none, 1 resident ID, 2 HK/MO/TW permit, 3 foreign PR 2017, 4 foreign PR 2023. */
export function checkedIdType(): i32 { return idType(); }

/** 1 male, 2 female after a valid ID number check, else 0. */
export function checkedIdSex(): i32 { return idSex(); }
/** YYYYMMDD after a valid ID number check, else 0. */
export function checkedIdBirthDate(): i32 { return idBirthDate(); }

/** Mobile number: 11 digits to output. */
export function checkPhoneInput(length: i32): i32 {
  const r = checkInput(length);
  return r < 0 ? r : checked(checkPhone(INPUT, length, TOOLS_OUTPUT));
}

/** Holder's name (UTF-8): normalised UTF-8 to output. */
export function checkNameInput(length: i32): i32 {
  const r = checkInput(length);
  return r < 0 ? r : checked(checkName(INPUT, length, TOOLS_OUTPUT));
}

/** Expiry YYMM against today (YYYYMMDD). Nothing is written to output. */
export function checkExpiryInput(length: i32, today: i32): i32 {
  const r = checkInput(length);
  return r < 0 ? r : checkExpiry(INPUT, length, today);
}

/** Track 2 structure; then the track2* getters give offsets into the input buffer (-1 when absent). */
export function checkTrack2Input(length: i32): i32 {
  const r = checkInput(length);
  if (r < 0) wipeTrack2Offsets(); // the getters must not locate the previous track
  return r < 0 ? r : checkTrack2(INPUT, length);
}

export function checkedTrack2PanOffset(): i32 { return track2PanOffset(); }
export function checkedTrack2PanLength(): i32 { return track2PanLength(); }
export function checkedTrack2ExpiryOffset(): i32 { return track2ExpiryOffset(); }
export function checkedTrack2ServiceCodeOffset(): i32 { return track2ServiceCodeOffset(); }

/** Masks for display (kind: 1 PAN, 2 ID number, 3 phone, 4 name); masked bytes to output, returns their length. */
export function maskInput(kind: i32, length: i32): i32 {
  const r = checkInput(length);
  if (r < 0) return r;
  let n: i32;
  if (kind == MaskKind.PAN) n = maskPan(INPUT, length, TOOLS_OUTPUT);
  else if (kind == MaskKind.ID_NUMBER) n = maskIdNumber(INPUT, length, TOOLS_OUTPUT);
  else if (kind == MaskKind.PHONE) n = maskPhone(INPUT, length, TOOLS_OUTPUT);
  else if (kind == MaskKind.NAME) n = maskName(INPUT, length, TOOLS_OUTPUT);
  else return fail(ErrorCode.BAD_ARGUMENT);
  if (n >= 0) setOutputLength(n);
  return n;
}

/** Writes a code's reason key (e.g. "pan_luhn") to output and returns its length; 0 when the code is not a check's. */
export function checkReason(code: i32): i32 {
  beginCall();
  const n = writeReasonKey(code, TOOLS_OUTPUT);
  setOutputLength(n);
  return n;
}

/** Display cells of one code point, the rule the flow lays its screens out by (host displays compare with it). */
export function cellWidth(codePoint: i32): i32 {
  return cellsOf(codePoint);
}


// ---- ISO 8583 (assembly/iso8583/) ----------------------------------------------
// dialect: 0 ascii87, 1 bin87, 2 cup, 4 cup-verify. Field sets cross the boundary as records
// (assembly/iso8583/records.ts): field (1 byte) | length (2 bytes BE) | value.

/** Packs the records in the input buffer; the message lands in the output buffer. Returns its length. */
export function iso8583Pack(dialect: i32, inputLength: i32): i32 {
  beginCall();
  return packRecords(dialect, inputLength);
}

/** Unpacks the message in the input buffer; its fields land in the output buffer as records. Returns their length. */
export function iso8583Unpack(dialect: i32, inputLength: i32): i32 {
  beginCall();
  return unpackRecords(dialect, inputLength);
}

/** After a pack or unpack: where the MAC input starts (the MTI) in the message. */
export function iso8583MacRegionOffset(): i32 { return macRegionOffset(); }
/** After a pack or unpack: how many bytes the MAC covers (up to field 64's value). */
export function iso8583MacRegionLength(): i32 { return macRegionLength(); }

/** A field's spec: class (bits 0..3) | length type << 4 | max length << 8; 0 = not defined. */
export function iso8583FieldSpec(dialect: i32, field: i32): i32 {
  beginCall();
  return fieldSpec(dialect, field);
}


// ---- cryptography (assembly/crypto/) ---------------------------------------
// Arguments and results as documented in assembly/crypto/calls.ts and
// docs/CRYPTO.md; inputs are laid out one after another in the input buffer.

/** alg 1 DES/TDES, 2 AES; mode 1 ECB, 2 CBC. Input key|iv|data. Returns the data length. */
export function cryptoCipher(alg: i32, mode: i32, encrypt: i32, keyLen: i32, ivLen: i32, dataLen: i32): i32 {
  beginCall();
  return cipherCall(alg, mode, encrypt, keyLen, ivLen, dataLen);
}

/** alg 1 TDES classic (E_key(0)), 2 AES (CMAC_key(0)). Input key. Returns n. */
export function cryptoCheckValue(alg: i32, keyLen: i32, n: i32): i32 {
  beginCall();
  return checkValueCall(alg, keyLen, n);
}

/** Input PIN|PAN|fill(8)|key. Output the PIN block (enciphered when keyLen > 0). */
export function cryptoPinBlockEncode(format: i32, pinLen: i32, panLen: i32, keyLen: i32): i32 {
  beginCall();
  return pinEncodeCall(format, pinLen, panLen, keyLen);
}

/** Input block|PAN|key. Output the PIN digits. Returns the PIN length. */
export function cryptoPinBlockDecode(format: i32, blockLen: i32, panLen: i32, keyLen: i32): i32 {
  beginCall();
  return pinDecodeCall(format, blockLen, panLen, keyLen);
}

/** alg 1/2 ISO 9797-1 alg 1 pad 1/2, 3 X9.19, 4 alg 3 pad 2, 5 UnionPay ECB, 6 AES-CMAC, 7 TDES-CMAC, 8/9 alg 1/3 pad 3. Input key|data. */
export function cryptoMac(alg: i32, keyLen: i32, dataLen: i32): i32 {
  beginCall();
  return macCall(alg, keyLen, dataLen);
}

/** alg 1 TDES (X9.24-1), 2 AES (X9.24-3). Input BDK|KSN. Output the key for usage (AES: keyLen bytes, 0 = 16). */
export function cryptoDukptDerive(alg: i32, usage: i32, bdkLen: i32, ksnLen: i32, keyLen: i32): i32 {
  beginCall();
  return dukptDeriveCall(alg, usage, bdkLen, ksnLen, keyLen);
}

/** Input the terminal master key. */
export function keysInjectMaster(keyLen: i32): i32 {
  beginCall();
  return injectMasterKeyCall(keyLen);
}

/** Input the sign-on reply's field 62 (layout 24, 40 or 60 bytes). Returns the number of keys installed. */
export function keysInstallWorking(layout: i32, len: i32): i32 {
  beginCall();
  return installWorkingKeysCall(layout, len);
}

/** Output the first n bytes of a working key's check value (slot PIK=1, MAK=2, TDK=3). */
export function keysCheckValue(slot: i32, n: i32): i32 {
  beginCall();
  return workingKeyCheckValueCall(slot, n);
}

export function keysWipe(): i32 {
  beginCall();
  return wipeWorkingKeysCall();
}

/** Input IPEK(16)|KSN(10): loads the terminal's TDES DUKPT future-key registers. */
export function dukptLoad(): i32 {
  beginCall();
  return dukptLoadCall();
}

/** Output the current DUKPT transaction's KSN (10 bytes). */
export function dukptKsn(): i32 {
  beginCall();
  return dukptKsnCall();
}

/** Input PIN|PAN. Output the format 0 PIN block under the current DUKPT PIN key. */
export function dukptPinBlock(pinLen: i32, panLen: i32): i32 {
  beginCall();
  return dukptPinBlockCall(pinLen, panLen);
}

/** Ends the current DUKPT transaction; DUKPT_EXHAUSTED when no counter is left. */
export function dukptAdvance(): i32 {
  beginCall();
  return dukptAdvanceCall();
}


