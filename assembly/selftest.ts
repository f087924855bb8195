// Power-on self test (PCI PTS asks for known-answer tests of the cryptography
// at power-on). Each part of the core contributes its known answers; numbers
// are ranged per module like the error codes: 100s checks, 200s ISO 8583,
// 300s cryptography, 400s flow. Each module runs what it carries: the
// terminal (./terminal.ts) what its flow uses (no cryptography: its keys are
// the secure module's), the QA build also the cryptography of keyCustody=core
// (CORE_CUSTODY), the tools (./tools.ts) all but the flow.
import { checksSelfTest, checksToolsSelfTest } from "./checks/selftest";
import { iso8583SelfTest } from "./iso8583/selftest";
import { cryptoSelfTest, cryptoTerminalSelfTest } from "./crypto/selftest";
import { flowSelfTest } from "./flow/selftest";
import { CORE_CUSTODY } from "./flow/version";

/** What the terminal runs (its selfTest() export, and the flow at START): 0 when every known answer matches, else the number of the first that failed. */
export function runSelfTest(): i32 {
  let failed = checksSelfTest();
  if (failed == 0) failed = iso8583SelfTest();
  if (failed == 0 && CORE_CUSTODY) failed = cryptoTerminalSelfTest(); // the terminal module holds no keys and runs no cipher
  if (failed == 0) failed = flowSelfTest();
  return failed;
}

/** build/realname-tools.wasm: the same for the checks and ISO 8583 with what only the tools carry (a card's scheme), and every cryptographic primitive. */
export function toolsSelfTest(): i32 {
  let failed = checksSelfTest();
  if (failed == 0) failed = checksToolsSelfTest();
  if (failed == 0) failed = iso8583SelfTest();
  if (failed == 0) failed = cryptoSelfTest();
  return failed;
}
