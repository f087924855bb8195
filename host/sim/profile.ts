// The simulator's identity, with no node API: the text-terminal simulator and the
// browser simulator (host/web/) power on with the same profile and synthetic keys.
import type { Profile } from "../api/flow";
import { fromHex } from "../hex";

/**
 * The simulator's synthetic keys (documented in README.md). They protect nothing:
 * never load them into a real terminal or HSM.
 */
export const SIMULATOR_TMK = "0123456789ABCDEFFEDCBA9876543210";
export const SIMULATOR_RECORD_HASH_KEY = "000102030405060708090A0B0C0D0E0F";

/** Both keys as bytes: the secure module's (keyCustody=module) or the core's (keyCustody=core). */
export const SIMULATOR_KEYS = { tmk: fromHex(SIMULATOR_TMK), recordHashKey: fromHex(SIMULATOR_RECORD_HASH_KEY) };

/** The simulator's profile; `--profile FILE` lines and `--lang` override it. */
export function simulatorProfile(language: "zh-CN" | "en" = "zh-CN"): Profile {
  return {
    terminalId: "10000001",
    merchantId: "898100000000001",
    merchantName: language === "en" ? "Demo Merchant" : "实名认证演示商户",
    language,
    // Open around the clock, so the simulator works at any hour (a real profile says 0800-2100).
    hoursOpen: "0000",
    hoursClose: "2359",
    supportPhone: "4000000000",
    supervisorPassword: "123456",
    battery: 90,
    charging: 1,
    cardReader: 1,
    printer: "ready",
  };
}
