// The rest of the terminal: start-up checks (R2, R3, R5), privacy (R10, R14),
// guidance (R12), the balance inquiry (R4), settings, card reading (R7), and
// the ABI's refusals (unlisted pairs, undrained queue, bad profile).
import {
  bootToMenu, powerOn, injectKeys, start, enterHolder, enterUntilCard, connect, beginReply, replyField, replyBytes, packReply, deliver,
  state, screen, screenLines, count, all, last, key, keys, text, card, timer, event, eventText, hexBytes, ENTER, CANCEL, CLEAR, F1, UP, DOWN,
  readRequest, requestText, answerVerify, MAK_HEX, PIK_HEX, setClock, PROFILE, lastResult,
  request,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { S } from "../../assembly/flow/screens";
import { sessionIsWiped } from "../../assembly/flow/session";
import { checksWiped } from "../../assembly/checks/wipe";
import { screenId } from "../../assembly/flow/screens";
import { ErrorCode } from "../../assembly/abi";
import { profile, TERMINAL_ID } from "../../assembly/flow/profile";
import { tdesEcb } from "../../assembly/crypto/modes";
import { pinBlockDecode } from "../../assembly/crypto/pinblock";

const ID = "11010519491231002X";
const PAN = "6216261000000000018";

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
    powerOn(PROFILE + "\nbattery=5\ncharging=1");
    injectKeys();
    start();
    expect(state()).toBe(St.EXPECT_LINK);
  });

  /** Without a card reader there is nothing to verify with. */
  it("halts without a card reader", () => {
    powerOn(PROFILE + "\ncardReader=0");
    injectKeys();
    start();
    expect(state()).toBe(St.HALTED);
    expect(screen().includes("读卡器")).toBe(true);
  });

  /** Without the injected keys the terminal cannot sign on. */
  it("halts without keys", () => {
    powerOn();
    start();
    expect(state()).toBe(St.HALTED);
    expect(screen().includes("密钥")).toBe(true);
  });
});

describe("R2: only what the profile offers", () => {
  /** A profile without `verify` hides item 1 and refuses its key. */
  it("refuses verification when the profile lacks it", () => {
    bootToMenu(PROFILE + "\nfeatures=loss");
    expect(screen().includes("实名认证")).toBe(false);
    key(0x31);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(screen().includes("不支持")).toBe(true);
  });
});

describe("R10: entered data is wiped on cancel and on timeout", () => {
  /** CANCEL on the phone screen returns to the menu with every buffer zero. */
  it("wipes on cancel", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K" + PAN + "=3012");
    expect(sessionIsWiped()).toBe(false);
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
    expect(sessionIsWiped()).toBe(true);
    expect(checksWiped()).toBe(true); // the checks' own scratch (ID and phone digits) is zeroed too
  });

  /** The INPUT timer on an entry screen wipes everything and says so. */
  it("wipes on timeout", () => {
    enterUntilCard("张三", ID);
    card("K" + PAN + "=3012");
    keys("1355");
    timer(1);
    expect(screen().includes("超时")).toBe(true);
    expect(sessionIsWiped()).toBe(true);
    expect(checksWiped()).toBe(true);
    timer(4); // the message returns to the menu by itself
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** Every key restarts the input timeout. */
  it("restarts the timeout on each key", () => {
    key(0x31);
    key(ENTER);
    text("张三");
    expect(count(6)).toBe(1); // START_TIMER: the INPUT timer again
    key(CANCEL);
  });
});

describe("R14: saved records need the supervisor password and show only masked values", () => {
  /** A wrong password is refused. */
  it("refuses a wrong password", () => {
    enterHolder("张三", ID, "K" + PAN + "=3012", "13552535506");
    key(ENTER);
    answerVerify("00");
    key(ENTER);
    key(0x34);
    expect(state()).toBe(St.EXPECT_PASSWORD);
    keys("1111");
    expect(screen().includes("1111")).toBe(false); // typed as stars
    key(ENTER);
    expect(screen().includes("密码错误")).toBe(true);
    key(ENTER);
  });

  /** The right password opens the records: masked card, no full number anywhere. */
  it("shows the masked records", () => {
    key(0x34);
    keys("2468");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_RECORD_BROWSE);
    const s = screen();
    expect(s.includes("621626******0018")).toBe(true); // the stars shortened to stay on one 16-cell line
    expect(s.includes(PAN)).toBe(false);
    key(DOWN);                        // only one record: refused
    key(CANCEL);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R12: a prompt and F1 help on every input screen", () => {
  /** F1 on the ID screen explains it; any key comes back to the same screen. */
  it("helps and returns", () => {
    key(0x31); key(ENTER); text("张三"); key(ENTER); key(0x31);
    keys("1101");
    key(F1);
    expect(state()).toBe(St.EXPECT_HELP);
    expect(screen().includes("18位")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_ID_NUMBER);
    expect(screen().includes("1101")).toBe(true); // what was typed is still there
    key(CANCEL);
  });

  /** F1 on the menu too. */
  it("helps on the menu", () => {
    key(F1);
    expect(screenId()).toBe(S.HELP);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});

describe("R7: card entry", () => {
  /** A 62 card failing Luhn is re-confirmed, not refused. */
  it("re-confirms a UnionPay number failing Luhn", () => {
    enterUntilCard("张三", ID);
    card("K6221558812340000=3012");
    expect(state()).toBe(St.EXPECT_LUHN_CONFIRM);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PHONE);
    key(CANCEL);
  });

  /** A non-UnionPay number failing Luhn is refused on the card screen. */
  it("refuses a bad number", () => {
    enterUntilCard("张三", ID);
    card("K4111111111111112=3012");
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("卡号有误")).toBe(true);
    key(CANCEL);
  });

  /** Chip data (5A, 5F24, 57) gives the PAN, expiry and track 2 equivalent; the request says chip (05). */
  it("reads chip data", () => {
    enterUntilCard("张三", ID);
    // 5A 0A 6216261000000000018F, 5F24 03 301231, 57 0F 6216261000000000018D3012101F
    const tlv = hexBytes("5A0A6216261000000000018F5F24033012315710" + "6216261000000000018D30121010000F");
    const p = hexBytes("43");
    memory.copy(p + 1, tlv, 36);
    event(7, p, 37);
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13552535506"); key(ENTER);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(22)).toBe("052");
    expect(requestText(14)).toBe("3012");
    expect(requestText(35)).toBe("6216261000000000018=30121010000");
    key(CANCEL);
  });
});

describe("R4: balance inquiry proves the PIN path", () => {
  /** Card, PIN, 0200 with a format 0 PIN block under the PIK; the balance shown. */
  it("sends the PIN block and shows the balance", () => {
    timer(2);
    key(CANCEL);
    key(0x36);
    expect(state()).toBe(St.EXPECT_CARD);
    card("K" + PAN + "=3012");
    expect(state()).toBe(St.EXPECT_PIN);
    keys("123456");
    expect(screen().includes("123456")).toBe(false);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0200");
    expect(requestText(22)).toBe("011");
    // The acquirer's side: decipher field 52 under the PIK and decode the format 0 block.
    const clear = hexBytes("0000000000000000");
    tdesEcb(hexBytes(PIK_HEX), 16, readRequestPtr(52), 8, clear, false);
    const pin = hexBytes("00000000000000000000000000");
    const panAscii = hexBytes("36323136323631303030303030303030303138");
    expect(pinBlockDecode(0, clear, panAscii, 19, pin)).toBe(6);
    beginReply("0210", "00");
    replyField(54, "1001156C000000012345");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("123.45")).toBe(true);
    expect(sessionIsWiped()).toBe(true);
    key(ENTER);
  });
});

describe("settings: language", () => {
  /** 1 switches the screens to English. */
  it("switches to English", () => {
    key(0x37);
    key(0x31);
    expect(screen().includes("Lang: English")).toBe(true);
    key(ENTER);
    expect(screen().includes("Main menu")).toBe(true);
  });
});

describe("ABI: refusals leave the flow unchanged", () => {
  /** An event the state does not list is FLOW_UNEXPECTED_EVENT (RECEIVED at the menu). */
  it("refuses an unlisted pair", () => {
    const before = state();
    const p = hexBytes("0000");
    expect(event(8, p, 2)).toBe(ErrorCode.FLOW_UNEXPECTED_EVENT);
    expect(state()).toBe(before);
  });

  /** A key payload of the wrong length is refused. */
  it("refuses a malformed payload", () => {
    const p = hexBytes("3131");
    expect(event(5, p, 2)).toBe(ErrorCode.FLOW_BAD_PAYLOAD);
  });

  /** A bad clock is refused. */
  it("refuses an impossible date", () => {
    setClock(20261131, 100000);
    expect(key(0x31)).toBe(ErrorCode.FLOW_BAD_CLOCK);
    setClock(20261126, 100000);
  });

  /** An unknown profile key is refused with the offset of its line. */
  it("refuses an unknown profile key", () => {
    const before = state();
    expect(powerOn("terminalId=87654321\nmerchantId=123456789012345\ndisplayColumns=20\nbatch=12")).toBe(ErrorCode.FLOW_PROFILE_BAD_VALUE);
    expect(state()).toBe(before);
    expect(profile.columns).toBe(16);                 // the running profile is untouched
    expect(load<u8>(TERMINAL_ID)).toBe(0x31);         // still 12345678
    expect(powerOn("terminalId=12345678\nmerchantId=123456789012345\ncolour=red")).toBe(ErrorCode.FLOW_PROFILE_UNKNOWN_KEY);
    expect(powerOn("merchantId=123456789012345")).toBe(ErrorCode.FLOW_PROFILE_MISSING);
  });
});

function readRequestPtr(field: i32): usize { readRequest(); return request.ptr(field); }
