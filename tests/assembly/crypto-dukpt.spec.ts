import { tdesDukptIpek, tdesDukptDerive, DukptUsage } from "../../assembly/crypto/dukpt-tdes";
import { dukptTerminalLoad, dukptTerminalKey, dukptTerminalKsn, dukptTerminalAdvance, dukptTerminalCounter, dukptTerminalWipe } from "../../assembly/crypto/dukpt-terminal";
import { aesDukptInitialKey, aesDukptDerivationKey, aesDukptWorkingKey } from "../../assembly/crypto/dukpt-aes";
import { cmac, kcvAes, CmacCipher } from "../../assembly/crypto/cmac";
import { ErrorCode } from "../../assembly/abi";
import { hex, buffer, toHex } from "./crypto-helpers";

const BDK = "0123456789ABCDEFFEDCBA9876543210";

function derive(ksn: string, usage: i32): string {
  let out = buffer(16);
  let rc = tdesDukptDerive(hex(BDK), 16, hex(ksn), usage, out);
  return rc < 0 ? "error " + rc.toString() : toHex(out, 16);
}

describe("TDES DUKPT (X9.24-1:2009 A.4)", () => {
  /** IPEK and the first PIN key of the published table. */
  it("derives the IPEK and transaction keys", () => {
    let out = buffer(16);
    expect(tdesDukptIpek(hex(BDK), 16, hex("FFFF9876543210E00000"), out)).toBe(16);
    expect(toHex(out, 16)).toBe("6AC292FAA1315B4D858AB3A3D7D5933A");
    expect(derive("FFFF9876543210E00001", DukptUsage.PIN)).toBe("042666B49184CF5C68DE9628D0397B36");
    expect(derive("FFFF9876543210E00001", DukptUsage.BASE)).toBe("042666B49184CFA368DE9628D0397BC9");
    expect(derive("FFFF9876543210EFF800", DukptUsage.BASE)).toBe("F9CDFEBF4F5B1D9EB3EC12454527E176");
    expect(derive("FFFF9876543210F00000", DukptUsage.BASE)).toBe("AA4D58DB653EC74A48C75F2F047DD2B5");
  });

  /** A flipped BDK bit changes the key; counters a terminal never uses and unknown usages are refused. */
  it("refuses bad input", () => {
    let out = buffer(16);
    expect(tdesDukptDerive(hex("0123456789ABCDEFFEDCBA9876543200"), 16, hex("FFFF9876543210E00001"), DukptUsage.BASE, out)).toBe(16);
    expect(toHex(out, 16)).not.toBe("042666B49184CFA368DE9628D0397BC9");
    expect(derive("FFFF9876543210E00000", DukptUsage.PIN)).toBe("error " + ErrorCode.DUKPT_KSN.toString());
    expect(derive("FFFF9876543210EFFE00", DukptUsage.PIN)).toBe("error " + ErrorCode.DUKPT_KSN.toString());
    expect(derive("FFFF9876543210E00001", 6)).toBe("error " + ErrorCode.DUKPT_USAGE.toString());
  });
});

describe("TDES DUKPT terminal", () => {
  /** The future-key registers give, for the first 40 counters, the host's keys for the same KSN. */
  it("matches the host derivation transaction by transaction", () => {
    let ipek = buffer(16);
    tdesDukptIpek(hex(BDK), 16, hex("FFFF9876543210E00000"), ipek);
    expect(dukptTerminalLoad(ipek, hex("FFFF9876543210E00000"))).toBe(0);
    let ksn = buffer(16);
    let key = buffer(16);
    let host = buffer(16);
    for (let i = 1; i <= 40; i++) {
      expect(dukptTerminalKsn(ksn)).toBe(10);
      expect(dukptTerminalCounter()).toBe(i);
      expect(dukptTerminalKey(DukptUsage.PIN, key)).toBe(16);
      tdesDukptDerive(hex(BDK), 16, ksn, DukptUsage.PIN, host);
      expect(toHex(key, 16)).toBe(toHex(host, 16));
      expect(dukptTerminalAdvance()).toBe(0);
    }
  });

  /** The rollover: after FF800 the counter skips those with more than 10 one bits, to F00000 (published keys). */
  it("skips counters with more than ten one bits", () => {
    let ipek = buffer(16);
    tdesDukptIpek(hex(BDK), 16, hex("FFFF9876543210E00000"), ipek);
    expect(dukptTerminalLoad(ipek, hex("FFFF9876543210EFF800"))).toBe(0);
    let ksn = buffer(16);
    let key = buffer(16);
    dukptTerminalKey(DukptUsage.BASE, key);
    expect(toHex(key, 16)).toBe("F9CDFEBF4F5B1D9EB3EC12454527E176");
    // FF800 (9 ones) -> FF801 ... FF802, FF804, ..., FFC00 (10 ones each), then F00000.
    let expected = ["EFF801", "EFF802", "EFF804", "EFF808", "EFF810", "EFF820", "EFF840", "EFF880", "EFF900", "EFFA00", "EFFC00", "F00000"];
    for (let i = 0; i < expected.length; i++) {
      expect(dukptTerminalAdvance()).toBe(0);
      dukptTerminalKsn(ksn);
      expect(toHex(ksn + 7, 3)).toBe(expected[i]);
    }
    dukptTerminalKey(DukptUsage.BASE, key);
    expect(toHex(key, 16)).toBe("AA4D58DB653EC74A48C75F2F047DD2B5");
  });

  /** At counter 1FF800 the next transaction has no counter left: the terminal refuses until reloaded. */
  it("reports exhaustion", () => {
    let ipek = buffer(16);
    tdesDukptIpek(hex(BDK), 16, hex("FFFF9876543210E00000"), ipek);
    expect(dukptTerminalLoad(ipek, hex("FFFF98765432101FF800"))).toBe(0);
    expect(dukptTerminalAdvance()).toBe(ErrorCode.DUKPT_EXHAUSTED);
    expect(dukptTerminalKey(DukptUsage.PIN, buffer(16))).toBe(ErrorCode.DUKPT_EXHAUSTED);
    expect(dukptTerminalKsn(buffer(16))).toBe(ErrorCode.DUKPT_EXHAUSTED);
    dukptTerminalWipe();
    expect(dukptTerminalKey(DukptUsage.PIN, buffer(16))).toBe(ErrorCode.NO_MASTER_KEY);
  });
});

describe("AES DUKPT (X9.24-3:2017)", () => {
  /** Initial keys for the AES-128 and AES-256 BDKs of the supplement. */
  it("derives the initial key", () => {
    let out = buffer(32);
    expect(aesDukptInitialKey(hex("FEDCBA9876543210F1F1F1F1F1F1F1F1"), 16, hex("1234567890123456"), out)).toBe(16);
    expect(toHex(out, 16)).toBe("1273671EA26AC29AFA4D1084127652A1");
    expect(aesDukptInitialKey(hex("FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210F1F1F1F1F1F1F1F1"), 32, hex("1234567890123456"), out)).toBe(32);
    expect(toHex(out, 32)).toBe("CE9CE0C101D1138F97FB6CAD4DF045A7083D4EAE2D35A31789D01CCF0949550F");
  });

  /** Derivation and working keys for counter 1 (AES-128 BDK) and an AES-256 working key. */
  it("derives derivation and working keys", () => {
    let bdk = hex("FEDCBA9876543210F1F1F1F1F1F1F1F1");
    let ksn = hex("123456789012345600000001");
    let out = buffer(32);
    expect(aesDukptDerivationKey(bdk, 16, ksn, out)).toBe(16);
    expect(toHex(out, 16)).toBe("4F21B565BAD9835E112B6465635EAE44");
    expect(aesDukptWorkingKey(bdk, 16, ksn, DukptUsage.PIN, 16, out)).toBe(16);
    expect(toHex(out, 16)).toBe("AF8CB133A78F8DC2D1359F18527593FB");
    expect(aesDukptWorkingKey(bdk, 16, ksn, DukptUsage.MAC_REQUEST, 16, out)).toBe(16);
    expect(toHex(out, 16)).toBe("A2DC23DE6FDE0824A2BC321E08E4B8B7");
    expect(aesDukptWorkingKey(bdk, 16, ksn, DukptUsage.DATA_REQUEST, 16, out)).toBe(16);
    expect(toHex(out, 16)).toBe("A35C412EFD41FDB98B69797C02DCD08F");
    let bdk256 = hex("FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210F1F1F1F1F1F1F1F1");
    expect(aesDukptWorkingKey(bdk256, 32, ksn, DukptUsage.PIN, 32, out)).toBe(32);
    expect(toHex(out, 32)).toBe("8C1AB7BEE973829E30242E0BBBDD4946D540C98FC1B5BDCF94790001A23FD502");
    expect(aesDukptWorkingKey(bdk, 16, ksn, DukptUsage.MAC_RESPONSE, 16, out)).toBe(ErrorCode.DUKPT_USAGE);
  });
});

describe("CMAC and AES check values", () => {
  /** RFC 4493 examples 1 and 3, and an SP 800-38B TDEA example. */
  it("matches the published CMACs", () => {
    let out = buffer(16);
    let key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
    expect(cmac(CmacCipher.AES, key, 16, hex(""), 0, out)).toBe(16);
    expect(toHex(out, 16)).toBe("BB1D6929E95937287FA37D129B756746");
    expect(cmac(CmacCipher.AES, key, 16, hex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411"), 40, out)).toBe(16);
    expect(toHex(out, 16)).toBe("DFA66747DE9AE63030CA32611497C827");
    expect(cmac(CmacCipher.AES, key, 16, hex("6BC1BEE22E409F96E93D7E117393172A"), 16, out)).toBe(16);
    expect(toHex(out, 16)).toBe("070A16B46B4D4144F79BDD9DD04A287C");
    expect(cmac(CmacCipher.AES, key, 16, hex("6BC1BEE22E409F96E93D7E117393172B"), 16, out)).toBe(16);
    expect(toHex(out, 16)).not.toBe("070A16B46B4D4144F79BDD9DD04A287C");
  });

  /** X9.143 and TR-31 AES check values (CMAC of a zero block, 5 and 3 bytes). */
  it("computes AES check values", () => {
    let out = buffer(16);
    expect(kcvAes(hex("3F419E1CB7079442AA37474C2EFBF8B8"), 16, out, 5)).toBe(5);
    expect(toHex(out, 5)).toBe("08793E25AB");
    expect(kcvAes(hex("88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6"), 32, out, 5)).toBe(5);
    expect(toHex(out, 5)).toBe("2331550BC9");
  });
});
