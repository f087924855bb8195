// The public account-verification request (持卡人验证) as a UnionPay POS terminal
// app sends it (teddy-lee/AIAUnionPay; docs/PROTOCOL.md, "The public
// account-verification layout"): processing code 33xxxx, field 48 "CK10#", and
// field 61 with the ID type and the last six digits of the holder's ID number.
// It carries no name and no phone: what the issuer can check is the card, six
// ID digits, and the PIN when one was entered.

/** Field 48 of the request. */
export const CHECK_TAG = "CK10#";

/** Field 61: ID type, twelve zeros, six ID digits, twelve spaces, the usage tag "CUPAM" and 16 digits (53 bytes). */
const FIELD_61 = /^(\d{2})0{12}(\d{6}) {12}CUPAM(\d{16})$/;

export interface HolderId {
  /** "01": resident identity card (the 证件类别 codes of UnionPay's POS messages). */
  idType: string;
  /** The ID number's last six digits (the six before a trailing X). */
  idDigits: string;
}

/** True for a request in the public layout. */
export function isPublicVerification(processingCode: string | undefined, field48: string | undefined): boolean {
  return processingCode?.startsWith("33") === true && field48 === CHECK_TAG;
}

/** Reads field 61, or undefined when it is not the 53-byte layout. */
export function readHolderId(field61: string | undefined): HolderId | undefined {
  const m = field61 === undefined ? null : FIELD_61.exec(field61);
  return m ? { idType: m[1], idDigits: m[2] } : undefined;
}

/** The six digits of an ID number the request carries: the last six, or the six before a trailing X. */
export function idDigits(idNumber: string): string {
  const digits = /x$/i.test(idNumber) ? idNumber.slice(0, -1) : idNumber;
  return digits.slice(-6);
}

/** Field 61 for an ID number (as that app builds it; for tests and documentation). */
export function holderIdField(idType: string, idNumber: string): string {
  return `${idType}${"0".repeat(12)}${idDigits(idNumber)}${" ".repeat(12)}CUPAM0010000000000000`;
}
