// The acquirer's language as real UnionPay hosts speak it (docs/PROTOCOL.md):
// track 2 enciphered under the TDK with 53.3 saying so; the sign-on's operator
// code (63) and the batch the POS centre hands out (60.2), which a 77 makes the
// terminal fetch again; the header's processing requirement; the ID-type screen
// and the code each layout sends for it; the public account-verification
// request chosen by profile. Driven through events and read from the requests
// and the screen.
import {
  bootToMenu, enterHolder, enterUntilCard, answerVerify, answerSignOn, beginReply, replyField, replyBytes, packReply, deliver, connect,
  readRequest, requestText, personal, clearTrack2, keyBlock, key, keys, text, card, screen, all, state, powerOn, injectKeys, start, setAutoSaved, savesWith, last, ENTER, DOWN, F2, MAK_HEX, PROFILE,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const SWIPE = "S;6216261000000000018=30121010000000000?";
const KEYED = "K6216261000000000018=3012";
const PHONE = "13552535506";
/** A HK/Macao/Taiwan residents' residence permit and a 2017 foreign permanent residence ID (the checks' self-test vectors). */
const PERMIT = "810000199408230021";
const FOREIGN = "KAZ110090123105";

/** A verification with the card `cardData` (swiped by default), confirmed and sent; the request read. */
function sentRequest(profile: string = PROFILE, cardData: string = SWIPE): void {
  bootToMenu(profile);
  enterHolder("张三", ID, cardData, PHONE);
  key(ENTER);
  connect();
  readRequest();
}

describe("track 2 under the TDK (53.3)", () => {
  /** Swiped: field 35 is not the clear track, deciphers to it, keeps its length; 53 = 0 (no PIN) 6 (double-length) 1 (encrypted); no field 14. */
  it("enciphers track 2 and says so in 53", () => {
    sentRequest();
    const clear = "6216261000000000018=30121010000000000";
    expect(requestText(35)).not.toBe(clear);
    expect(requestText(35).length).toBe(clear.length);
    expect(requestText(35).includes("=3012101")).toBe(false);
    expect(requestText(53)).toBe("0610000000000000");
    expect(requestText(14)).toBe("");
    expect(clearTrack2()).toBe(clear);
  });

  /** trackEncryption=0: for hosts that want it clear; 53.3 = 0. */
  it("sends it clear when the profile says so", () => {
    sentRequest(PROFILE + "\ntrackEncryption=0");
    expect(requestText(35)).toBe("6216261000000000018=30121010000000000");
    expect(requestText(53)).toBe("0600000000000000");
  });

  /** A keyed card has no track: its expiry is field 14, and no 53 without a PIN. */
  it("sends a keyed card's expiry in 14", () => {
    sentRequest(PROFILE, KEYED);
    expect(requestText(35)).toBe("");
    expect(requestText(14)).toBe("3012");
    expect(requestText(53)).toBe("");
  });
});

describe("sign-on as UnionPay POS centres expect it", () => {
  /** The 0800 carries the operator code and a space in 63 (the published 0800 carries `01 `). */
  it("sends the operator code in 63", () => {
    setAutoSaved(true);
    powerOn(PROFILE + "\noperatorCode=07");
    injectKeys();
    start();
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
    expect(requestText(63)).toBe("07 ");
    expect(requestText(60)).toBe("00000001004");
  });

  /** 77 (batch out of step): ENTER signs on, the 0810 hands out batch 000123, the same verification goes again in it. */
  it("signs on again after 77 and resends in the POS centre's batch", () => {
    sentRequest(PROFILE, KEYED);
    expect(requestText(60).substring(2, 8)).toBe("000001");
    beginReply("0110", "77");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("批次号不一致")).toBe(true);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
    expect(requestText(63)).toBe("01 ");
    beginReply("0810", "00");
    replyField(60, "00000123004");
    replyBytes(62, keyBlock(), 60);
    packReply();
    deliver();
    expect(all(11).includes("batch from the POS centre")).toBe(true);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0100");
    expect(requestText(60).substring(2, 8)).toBe("000123");
    answerVerify("00");
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** A reply whose header asks for a sign-on (处理要求 3): the result as usual, then the next request waits for a sign-on. */
  it("signs on before the next request when the header asks", () => {
    sentRequest(PROFILE, KEYED);
    beginReply("0110", "00");
    replyField(38, "V12345");
    replyBytes(194, headerAsking(3), 6);
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
    key(ENTER);
    enterHolder("李四", ID, KEYED, PHONE);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0800");
    answerSignOn();
    connect();
    readRequest();
    expect(requestText(0)).toBe("0100");
    expect(personal("NM")).toBe("李四");
  });

  /** Processing requirement 1 (download parameters) is not supported: logged as refused, nothing else changes. */
  it("refuses a parameter download", () => {
    sentRequest(PROFILE, KEYED);
    beginReply("0110", "00");
    replyField(38, "V12345");
    replyBytes(194, headerAsking(1), 6);
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
    expect(all(11).includes("processing 1: not supported")).toBe(true);
    key(ENTER);
    enterHolder("李四", ID, KEYED, PHONE);
    key(ENTER);
    connect();
    readRequest();
    expect(requestText(0)).toBe("0100");
  });
});

/** The application header 60 31 0r 00 00 00 with processing requirement r. */
function headerAsking(r: u8): usize {
  const p = heap.alloc(6);
  store<u8>(p, 0x60); store<u8>(p + 1, 0x31); store<u8>(p + 2, r);
  store<u8>(p + 3, 0); store<u8>(p + 4, 0); store<u8>(p + 5, 0);
  return p;
}

/** A verification whose holder shows the document of ID-type key `typeKey`, its number typed as text: confirmed and sent. */
function sendWithDocument(profile: string, name: string, typeKey: i32, id: string): void {
  bootToMenu(profile);
  key(0x31); key(ENTER); text(name); key(ENTER);
  expect(screen().includes("港澳台居住证")).toBe(true);
  key(typeKey);
  text(id); key(ENTER);
  expect(state()).toBe(St.EXPECT_CARD);
  card(KEYED); keys(PHONE); key(ENTER);
  key(ENTER);
  connect();
}

describe("the ID-type screen: each document by its own rule", () => {
  /** 2, a residence permit: accepted, masked like a resident ID, sent as IT 11. */
  it("takes a HK/Macao/Taiwan residence permit", () => {
    sendWithDocument(PROFILE, "陈大文", 0x32, PERMIT);
    expect(personal("IT")).toBe("11");
    expect(personal("ID")).toBe(PERMIT);
    answerVerify("00");
    expect(savesWith("810000********0021").length).toBe(1);
  });

  /** 3, a foreign permanent residence ID (2017: three letters, twelve digits, typed as text in lower case): its own mask, IT 12. */
  it("takes a foreign permanent residence ID", () => {
    sendWithDocument(PROFILE, "JOHN SMITH", 0x33, "kaz110090123105");
    expect(personal("IT")).toBe("12");
    expect(personal("ID")).toBe(FOREIGN);
    answerVerify("00");
    expect(savesWith("KAZ1100******05").length).toBe(1);
  });

  /** A number of another document than the one picked: the document is asked again with the reason; picked right, the number goes through. */
  it("asks the document again for a permit number under resident ID", () => {
    bootToMenu();
    enterUntilCard("陈大文", PERMIT);
    expect(state()).toBe(St.EXPECT_ID_TYPE);
    expect(screen().includes("号码与证件不符")).toBe(true);
    expect(screen().includes("3.外国人永居证")).toBe(true);
    key(0x32);
    keys(PERMIT); key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
  });

  /** Keys other than 1-3 and ENTER beep and stay. */
  it("takes only 1, 2, 3 or ENTER", () => {
    bootToMenu();
    key(0x31); key(ENTER); text("张三"); key(ENTER);
    key(0x34);
    expect(state()).toBe(St.EXPECT_ID_TYPE);
  });
});

describe("verifyLayout=account: the public UnionPay account verification", () => {
  /** 0200, 330000, 48 CK10#, 61 with type 01 and the six digits before the X; no field 62; the 0210's 00 ends it. */
  it("sends the public layout and takes its 0210", () => {
    sentRequest(PROFILE + "\nverifyLayout=account", KEYED);
    expect(requestText(0)).toBe("0200");
    expect(requestText(3)).toBe("330000");
    expect(requestText(48)).toBe("CK10#");
    expect(requestText(49)).toBe("156");
    expect(requestText(60)).toBe("0100000100050");
    expect(requestText(61)).toBe("01000000000000231002            CUPAM0010000000000000");
    expect(requestText(62)).toBe("");
    beginReply("0210", "00");
    replyField(38, "V12345");
    packReply(MAK_HEX);
    deliver();
    expect(screen().includes("认证成功")).toBe(true);
  });

  /** A foreign permanent residence ID goes as 99 (其它证件). */
  it("sends 99 for a foreign permanent residence ID", () => {
    sendWithDocument(PROFILE + "\nverifyLayout=account", "JOHN SMITH", 0x33, FOREIGN);
    readRequest();
    expect(requestText(61).substring(0, 20)).toBe("99000000000000123105");
  });
});

describe("the consent notice (R13, PIPL art. 17)", () => {
  /** Page 1 asks; the next pages name the processor (the merchant), the purpose and the retention; F2 prints it. */
  it("names processor, purpose and retention, and prints", () => {
    bootToMenu(PROFILE + "\nretentionDays=365");
    key(0x31);
    expect(screen().includes("同意")).toBe(true);
    let pages = "";
    for (let i = 0; i < 8; i++) { pages += screen(); key(DOWN); }
    expect(pages.includes("处理者:Test Shop")).toBe(true);
    expect(pages.includes("用途")).toBe(true);
    expect(pages.includes("保存期限(天):365")).toBe(true);
    expect(pages.includes("期满删除")).toBe(true);
    key(F2);
    expect(last(9).includes("个人信息处理告知")).toBe(true);
    expect(last(9).includes("365")).toBe(true);
    // The slip: one row a line, the days' note under them, no line break before the first or after the last.
    expect(last(9).startsWith("个人信息处理告知\n处理者:Test Shop\n用途:")).toBe(true);
    expect(last(9).includes("\n保存期限(天):365\n期满删除\n记录已脱敏")).toBe(true);
    expect(last(9).endsWith("\n")).toBe(false);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_NAME);
  });
});
