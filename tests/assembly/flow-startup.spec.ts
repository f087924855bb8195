// Start-up and sign-on (tasks/startup.ts; R3, R4, R5, R11): the power-on
// checks, the sign-on that installs the working keys (every check value must
// match), the echo test, the network test of menu item 5, signing on again
// when an answer asks for it, and the device reports that may come at any time.
import {
  bootToMenu, powerOn, injectKeys, start, connect, beginReply, replyBytes, packReply, deliver, keyBlock, signOnAndEcho,
  enterHolder, answerVerify, state, screen, count, all, key, event, hexBytes, readRequest, requestText, setClock,
  ENTER, CANCEL, PROFILE, answerSignOn, eventText, TMK_HEX,
} from "./flow-helpers";
import { ErrorCode, INPUT } from "../../assembly/abi";
import { St } from "../../assembly/flow/states";
import { MODULE_CUSTODY, forgetModuleKeys } from "./secure-double";

const ID = "11010519491231002X";

describe("R5 R3: the power-on checks", () => {
  /** A battery below the minimum and not charging: the terminal halts and powers off. */
  it("refuses to start on a low battery", () => {
    setClock(20261126, 100000);
    powerOn(PROFILE + "\nbattery=5\ncharging=0");
    injectKeys();
    start();
    expect(state()).toBe(St.HALTED);
    expect(count(12)).toBe(1); // SHUTDOWN
    expect(screen().includes("电量低")).toBe(true);
  });

  /** The same battery while charging is fine. */
  it("starts on a low battery while charging", () => {
    setClock(20261126, 100000);
    powerOn(PROFILE + "\nbattery=5\ncharging=1");
    injectKeys();
    start();
    expect(state()).toBe(St.EXPECT_LINK);
  });

  /** Without a card reader there is nothing to verify with. */
  it("halts without a card reader", () => {
    setClock(20261126, 100000);
    powerOn(PROFILE + "\ncardReader=0");
    injectKeys();
    start();
    expect(state()).toBe(St.HALTED);
    expect(screen().includes("读卡器")).toBe(true);
  });

  /** Without the injected keys the terminal cannot sign on. */
  it("halts without keys", () => {
    setClock(20261126, 100000);
    powerOn();
    if (MODULE_CUSTODY) forgetModuleKeys();
    start();
    // keyCustody=module: the keys are the secure module's; the core learns of none at sign-on.
    if (MODULE_CUSTODY) { connect(); answerSignOn(); }
    expect(state()).toBe(MODULE_CUSTODY ? St.EXPECT_ACK : St.HALTED);
    expect(screen().includes("密钥")).toBe(true);
  });

  /** keyCustody=module: a key offered to the core is refused unread (FLOW_KEY_CUSTODY). */
  it("refuses INJECT_KEY when the keys are the secure module's", () => {
    eventText(1, PROFILE + "\nkeyCustody=module");
    const a = heap.alloc(17); store<u8>(a, 1); memory.copy(a + 1, hexBytes(TMK_HEX), 16);
    expect(event(2, a, 17)).toBe(ErrorCode.FLOW_KEY_CUSTODY);
    expect(load<u8>(INPUT + 1)).toBe(0);
  });
});

describe("R11 R4: sign-on and echo test", () => {
  /** START runs the self test and device checks, then connects to sign on (0800); the 0810 installs the keys, the echo test (0820) proves them, then the menu. */
  it("signs on, runs the echo test and shows the menu", () => {
    setClock(20261126, 100000);
    powerOn();
    injectKeys();
    start();
    expect(state()).toBe(St.EXPECT_LINK);
    expect(count(3)).toBe(1); // CONNECT
    connect();
    expect(state()).toBe(St.EXPECT_HOST_REPLY);
    readRequest();
    expect(requestText(0)).toBe("0800");
    expect(requestText(60)).toBe("00000001004"); // 60.1 00, batch, 004 = 60-byte key layout
    expect(requestText(41)).toBe("12345678");
    beginReply("0810", "00");
    replyBytes(62, keyBlock(), 60);
    packReply();
    deliver();
    expect(state()).toBe(St.EXPECT_LINK);
    expect(screen().includes("网络测试")).toBe(true);  // the echo test is a network test, not a verification
    expect(screen().includes("实名认证")).toBe(false);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0820");
    expect(requestText(60)).toBe("00000001301");
    beginReply("0830", "00");
    packReply();
    deliver();
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("1.实名认证")).toBe(true);
  });

  /** One wrong check byte: "密钥校验失败", no keys, ENTER signs on again. */
  it("refuses a key block with a wrong check value", () => {
    setClock(20261126, 100000);
    powerOn();
    injectKeys();
    start();
    connect();
    beginReply("0810", "00");
    const block = keyBlock();
    store<u8>(block + 37, load<u8>(block + 37) ^ 0xff); // the MAK's check value
    replyBytes(62, block, 60);
    packReply();
    deliver();
    expect(screen().includes("密钥校验失败")).toBe(true);
    expect(state()).toBe(St.EXPECT_ACK);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
  });

  /** keyLayout=40 asks for the double-length PIK+MAK layout: 60.3 = 003. */
  it("asks for the key layout of the profile", () => {
    setClock(20261126, 100000);
    powerOn(PROFILE + "\nkeyLayout=40");
    injectKeys();
    start();
    connect();
    readRequest();
    expect(requestText(60)).toBe("00000001003");
  });

  /**
   * A0 (MAC error), then CANCEL instead of signing on: the keys are known
   * bad, so the menu asks for a sign-on before the next verification instead
   * of sending personal data under them.
   */
  it("asks for a sign-on before the next verification after A0 and CANCEL", () => {
    bootToMenu(PROFILE, 20261126, 120000);
    enterHolder("张三", ID, "K6212143000000000011=3012", "13552535506");
    key(ENTER);
    answerVerify("A0");
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    key(0x31);
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("未签到")).toBe(true);
    key(ENTER); // sign on, echo test, menu
    signOnAndEcho();
    expect(state()).toBe(St.EXPECT_MENU);
    key(0x31);
    expect(state()).toBe(St.EXPECT_CONSENT);
  });
});

describe("R4: the network test (menu item 5)", () => {
  /** The echo test says the network is fine. */
  it("says the network is fine", () => {
    bootToMenu();
    key(0x35);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0820");
    beginReply("0830", "00");
    packReply();
    deliver();
    expect(screen().includes("网络正常")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** 0830 with 96: the reason is shown. */
  it("shows the echo test's failure", () => {
    bootToMenu();
    key(0x35);
    connect();
    beginReply("0830", "96");
    packReply();
    deliver();
    expect(screen().includes("交换中心异常")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R5 R3: battery and printer reports while running", () => {
  /** A printer out of paper: no receipt, a LOG line instead; the verification still completes. */
  it("skips the receipt when the printer is not ready", () => {
    bootToMenu();
    event(12, hexBytes("01"), 1);
    enterHolder("张三", ID, "K6212143000000000011=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    expect(count(9)).toBe(0);
    expect(all(11).includes("printer not ready")).toBe(true);
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** The battery falling below the minimum at the menu powers the terminal off. */
  it("powers off from the menu on a critical battery", () => {
    bootToMenu();
    event(11, hexBytes("0500"), 2);
    expect(count(12)).toBe(1);
    expect(state()).toBe(St.HALTED);
  });

  /** The same report in the middle of an entry only warns: an operation in progress is never cut. */
  it("only warns during an operation", () => {
    bootToMenu();
    key(0x31);
    event(11, hexBytes("0500"), 2);
    expect(count(12)).toBe(0);
    expect(count(2)).toBe(1);  // BEEP attention
    expect(state()).toBe(St.EXPECT_CONSENT);
  });
});
