// The balance inquiry (tasks/balance.ts; R4): the simple transaction that
// proves the link, the keys and the PIN path — the card, the holder's PIN as a
// format 0 block under the PIK in a MAC'd 0200, the balance from field 54; a
// wrong PIN (55) is asked again.
import {
  bootToMenu, connect, beginReply, replyField, packReply, deliver, state, screen, key, keys, card, readRequest, requestText,
  request, hexBytes, answerReport, count, ENTER, MAK_HEX, PIK_HEX,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";
import { sessionIsWiped } from "../../assembly/flow/session";
import { tdesEcb } from "../../assembly/crypto/modes";
import { pinBlockDecode } from "../../assembly/crypto/pinblock";

const PAN = "6216261000000000018";

describe("R4: balance inquiry proves the PIN path", () => {
  /** Card, PIN, 0200 with a format 0 PIN block under the PIK; the balance shown; the entered data wiped. */
  it("sends the PIN block and shows the balance", () => {
    bootToMenu();
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
    tdesEcb(hexBytes(PIK_HEX), 16, request.ptr(52), 8, clear, false);
    const pin = hexBytes("00000000000000000000000000");
    const panAscii = hexBytes("36323136323631303030303030303030303138");
    expect(pinBlockDecode(0, clear, panAscii, 19, pin)).toBe(6);
    beginReply("0210", "00");
    replyField(54, "1001156C000000012345");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("123.45元")).toBe(true);   // with its unit
    expect(sessionIsWiped()).toBe(true);
  });

  /** 55: ENTER asks for the PIN again and resends. */
  it("re-asks the PIN after 55", () => {
    bootToMenu();
    key(0x36);
    card("K" + PAN + "=3012");
    keys("1234"); key(ENTER);
    connect();
    beginReply("0210", "55");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("密码错")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_PIN);
    keys("4321"); key(ENTER);
    expect(state()).toBe(St.EXPECT_LINK);
  });
});

describe("R21 R4: a balance inquiry on a card reported here", () => {
  /** Refused before anything is sent, in words that do not speak of a verification. */
  it("refuses a blocked card without speaking of 认证", () => {
    bootToMenu();
    key(0x33);
    card("K" + PAN);
    key(0x31); key(ENTER);
    answerReport("00");
    key(ENTER);
    key(0x36);
    card("K" + PAN + "=3012");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("禁止使用")).toBe(true);
    expect(screen().includes("认证")).toBe(false);
    expect(count(3)).toBe(0);
  });
});
