import { fail, beginCall, getErrorCode, getErrorField, getErrorOffset, ErrorCode, INPUT, OUTPUT, INPUT_CAPACITY } from "../../assembly/abi";
import { runSelfTest } from "../../assembly/selftest";

describe("ABI error record", () => {
  /** fail() returns the code it records, so callers can `return fail(...)`, and keeps field and offset. */
  it("records code, field and offset", () => {
    beginCall();
    expect(fail(ErrorCode.BAD_ARGUMENT, 35, 52)).toBe(ErrorCode.BAD_ARGUMENT);
    expect(getErrorCode()).toBe(ErrorCode.BAD_ARGUMENT);
    expect(getErrorField()).toBe(35);
    expect(getErrorOffset()).toBe(52);
  });

  /** A new call starts with a clean record, so a stale failure is never reported. */
  it("is cleared by beginCall", () => {
    fail(ErrorCode.BAD_ARGUMENT, 1, 2);
    beginCall();
    expect(getErrorCode()).toBe(0);
    expect(getErrorField()).toBe(0);
  });

  /** The two buffers do not overlap. */
  it("keeps input and output apart", () => {
    expect(OUTPUT >= INPUT + <usize>INPUT_CAPACITY || INPUT >= OUTPUT).toBe(true);
  });
});

describe("power-on self test", () => {
  /** Every known answer built into the core matches. */
  it("passes", () => {
    expect(runSelfTest()).toBe(0);
  });
});
