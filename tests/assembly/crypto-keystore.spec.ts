import {
  injectTerminalMasterKey, installWorkingKeys, workingKeyPtr, workingKeyLength, wipeWorkingKeys, wipeAllKeys, KeySlot,
} from "../../assembly/crypto/keystore";
import { tdesEcb } from "../../assembly/crypto/modes";
import { kcvTdes } from "../../assembly/crypto/kcv";
import { ErrorCode } from "../../assembly/abi";
import { hex, buffer, toHex } from "./crypto-helpers";

// Published worked example (code456.com, "POS终端密事之工作密钥解密"): TMK and the
// 40-byte field 62 of a sign-on reply, with a double-length PIK and a
// single-length MAK carried as 8 key bytes + 8 zero bytes.
const TMK = "CA5D92598DCA48CE8A4C76361A9269E9";
const FIELD62_40 = "6701EAD6A9AD51E51AA406E2C27FCFA98D0A74B8B651F9E9BACE9AE10000000000000000AB7153CA";

function slotHex(slot: i32): string {
  return toHex(workingKeyPtr(slot), workingKeyLength(slot));
}

/** Builds one key field: the key enciphered under the TMK, then its 4-byte check value. */
function field(tmk: usize, tmkLen: i32, key: string, at: usize): usize {
  let n = key.length >> 1;
  tdesEcb(tmk, tmkLen, hex(key), n, at, true);
  kcvTdes(hex(key), n, at + <usize>n, 4);
  return at + <usize>(n + 4);
}

describe("terminal key hierarchy", () => {
  /** The published 40-byte sign-on block installs PIK and MAK with the published clear values. */
  it("installs the published 40-byte field 62", () => {
    expect(injectTerminalMasterKey(hex(TMK), 16)).toBe(0);
    expect(installWorkingKeys(40, hex(FIELD62_40), 40)).toBe(2);
    expect(slotHex(KeySlot.PIK)).toBe("807A23AD32B36D457AE91FDF927570EA");
    expect(slotHex(KeySlot.MAK)).toBe("5BB5C72CD00B7338");
    expect(workingKeyLength(KeySlot.TDK)).toBe(0);
  });

  /** One flipped bit in any check value or key refuses the whole block and keeps the old keys. */
  it("installs nothing when a check value fails", () => {
    expect(injectTerminalMasterKey(hex(TMK), 16)).toBe(0);
    expect(installWorkingKeys(40, hex(FIELD62_40), 40)).toBe(2);
    // Check value of the MAK mutated.
    expect(installWorkingKeys(40, hex("6701EAD6A9AD51E51AA406E2C27FCFA98D0A74B8B651F9E9BACE9AE10000000000000000AB7153CB"), 40)).toBe(ErrorCode.KEY_CHECK_VALUE);
    // PIK ciphertext mutated.
    expect(installWorkingKeys(40, hex("6701EAD6A9AD51E51AA406E2C27FCFA88D0A74B8B651F9E9BACE9AE10000000000000000AB7153CA"), 40)).toBe(ErrorCode.KEY_CHECK_VALUE);
    expect(slotHex(KeySlot.PIK)).toBe("807A23AD32B36D457AE91FDF927570EA");
    expect(slotHex(KeySlot.MAK)).toBe("5BB5C72CD00B7338");
  });

  /** 24-byte (single DES) and 60-byte (with TDK) layouts built here under a known TMK. */
  it("installs the 24- and 60-byte layouts", () => {
    let tmk = hex("0123456789ABCDEFFEDCBA9876543210");
    expect(injectTerminalMasterKey(tmk, 16)).toBe(0);
    let block = buffer(64);
    let at = field(tmk, 16, "1111111111111111", block);
    field(tmk, 16, "2222222222222222", at);
    expect(installWorkingKeys(24, block, 24)).toBe(2);
    expect(slotHex(KeySlot.PIK)).toBe("1111111111111111");
    expect(slotHex(KeySlot.MAK)).toBe("2222222222222222");

    at = field(tmk, 16, "0123456789ABCDEF1032547698BADCFE", block);
    at = field(tmk, 16, "23456789ABCDEF0123456789ABCDEF01", at);
    field(tmk, 16, "3333333333333333444444444444444F", at);
    expect(installWorkingKeys(60, block, 60)).toBe(3);
    expect(slotHex(KeySlot.PIK)).toBe("0123456789ABCDEF1032547698BADCFE");
    expect(slotHex(KeySlot.MAK)).toBe("23456789ABCDEF0123456789ABCDEF01");
    expect(slotHex(KeySlot.TDK)).toBe("3333333333333333444444444444444F");
  });

  /** Wrong layout, wrong length, no TMK; wiping clears every slot. */
  it("refuses bad calls and wipes", () => {
    expect(installWorkingKeys(32, hex(FIELD62_40), 32)).toBe(ErrorCode.KEY_LAYOUT);
    expect(installWorkingKeys(40, hex(FIELD62_40), 39)).toBe(ErrorCode.KEY_LAYOUT);
    expect(injectTerminalMasterKey(hex(TMK), 15)).toBe(ErrorCode.CRYPTO_KEY_LENGTH);
    wipeAllKeys();
    expect(installWorkingKeys(40, hex(FIELD62_40), 40)).toBe(ErrorCode.NO_MASTER_KEY);
    injectTerminalMasterKey(hex(TMK), 16);
    installWorkingKeys(40, hex(FIELD62_40), 40);
    wipeWorkingKeys();
    expect(workingKeyLength(KeySlot.PIK)).toBe(0);
    expect(workingKeyLength(KeySlot.MAK)).toBe(0);
    expect(toHex(workingKeyPtr(KeySlot.PIK), 16)).toBe("00000000000000000000000000000000");
    expect(workingKeyPtr(4)).toBe(0);
    expect(workingKeyLength(0)).toBe(0);
  });
});
