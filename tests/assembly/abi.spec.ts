import {
  fail, beginCall, getErrorCode, getErrorField, getErrorOffset, ErrorCode, INPUT, OUTPUT, INPUT_CAPACITY, OUTPUT_CAPACITY,
  STATIC_DATA_OFFSET, TOOLS_OUTPUT, TOOLS_INPUT_CAPACITY, TOOLS_OUTPUT_CAPACITY, TOOLS_STATIC_DATA_OFFSET,
} from "../../assembly/abi";
import { runSelfTest, toolsSelfTest } from "../../assembly/selftest";
// The terminal's flow: its transition table (flow/machine.ts) is what the flow's known answer 405 checks.
import { flowState } from "../../assembly/flow/machine";

@lazy const PROBE: usize = memory.data(4);

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

  /** Each module's two buffers do not overlap, and its static data starts after both. */
  it("keeps input and output apart", () => {
    expect(OUTPUT >= INPUT + <usize>INPUT_CAPACITY || INPUT >= OUTPUT).toBe(true);
    expect(<usize>STATIC_DATA_OFFSET >= OUTPUT + <usize>OUTPUT_CAPACITY).toBe(true);
    expect(<usize>STATIC_DATA_OFFSET >= INPUT + <usize>INPUT_CAPACITY).toBe(true);
    expect(TOOLS_OUTPUT >= INPUT + <usize>TOOLS_INPUT_CAPACITY).toBe(true);
    expect(<usize>TOOLS_STATIC_DATA_OFFSET >= TOOLS_OUTPUT + <usize>TOOLS_OUTPUT_CAPACITY).toBe(true);
  });

  /**
   * Static data lands after the buffers in the specs' build too (as-pect.asconfig.json
   * memoryBase: the tools' layout, the larger), so a spec writing a buffer overwrites no table.
   */
  it("places static data after the buffers", () => {
    expect(PROBE >= <usize>STATIC_DATA_OFFSET).toBe(true);
    expect(PROBE >= <usize>TOOLS_STATIC_DATA_OFFSET).toBe(true);
  });
});

describe("power-on self test", () => {
  /** Every known answer the terminal module runs matches. */
  it("passes in the terminal", () => {
    expect(flowState()).toBe(0); // OFF: the terminal's flow is linked, not started
    expect(runSelfTest()).toBe(0);
  });

  /** Every known answer the tools module runs matches. */
  it("passes in the tools", () => {
    expect(toolsSelfTest()).toBe(0);
  });
});
