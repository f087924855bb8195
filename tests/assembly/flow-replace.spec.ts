// Card replacement (tasks/replace.ts; R20): an expired card caught from its
// data (or answered 33/54) offers a replacement for the same holder; from the
// menu a saved card is picked and the new card verified in its place. The new
// record says which it replaces, the old one becomes status=replaced — only
// the holder's own record — and the new card must not be the card it replaces.
import {
  bootToMenu, enterHolder, enterUntilCard, state, screen, count, all, key, keys, text, card, answerVerify, verifyOnce,
  ENTER,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const OLD_CARD = "6216261000000000018";
const NEW_CARD = "6212143000000000011";

/** The new card, the phone, ENTER on the confirmation screen, answered 00. */
function verifyNewCard(cardData: string): void {
  card(cardData);
  keys("13552535506"); key(ENTER);
  key(ENTER);
  answerVerify("00");
}

describe("R20: an expired card is caught from its data and replaced for the same holder", () => {
  /** A card whose expiry has passed is refused before anything is sent, with the replacement offered. */
  it("catches the expired card before sending", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K" + OLD_CARD + "=2510");
    expect(state()).toBe(St.EXPECT_ACK);
    expect(screen().includes("卡已过期")).toBe(true);
    expect(count(3)).toBe(0);
  });

  /** ENTER: the new card, the phone, then the confirmation; the verified new card says 换卡成功. */
  it("verifies the new card for the same holder", () => {
    bootToMenu();
    enterUntilCard("张三", ID);
    card("K" + OLD_CARD + "=2510");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    card("K" + NEW_CARD + "=3012");
    expect(state()).toBe(St.EXPECT_PHONE);
    keys("13552535506"); key(ENTER);
    key(ENTER);
    answerVerify("00");
    expect(screen().includes("换卡成功")).toBe(true);
  });

  /** 39 = 54 from the issuer also offers the replacement. */
  it("offers replacement on 54", () => {
    bootToMenu();
    enterHolder("张三", ID, "K6225768888888888=3012", "13552535506");
    key(ENTER);
    answerVerify("54");
    expect(screen().includes("卡已过期")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
  });
});

describe("R20: replacing a saved card from the menu", () => {
  /** The new record says replaces=, the old one becomes status=replaced; another holder's ID is refused on the way. */
  it("updates the saved record of the old card", () => {
    bootToMenu();
    verifyOnce("李四", "440524188001010014", "K" + OLD_CARD + "=3012", "13552535506");
    key(0x32);                       // 2: card replacement
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    expect(screen().includes("621626")).toBe(true);
    key(ENTER);                      // the newest record: 李四's old card
    key(ENTER);                      // consent
    text("李四"); key(ENTER);
    key(0x31);
    keys(ID); key(ENTER);            // another holder's ID: refused
    expect(state()).toBe(St.EXPECT_ID_NUMBER);
    expect(screen().includes("不符")).toBe(true);
    keys("440524188001010014"); key(ENTER);
    verifyNewCard("K6222222222222222222=3012");
    const saves = all(8);
    expect(saves.includes("replaces=V")).toBe(true);
    expect(saves.includes("status=replaced")).toBe(true);
    expect(saves.includes("replacedBy=V")).toBe(true);
  });

  /**
   * A saved card picked for replacement, then the same card presented:
   * refused with its own reason (it used to say 卡已过期, wrong for a card
   * replaced because it was lost or damaged), the card screen again; a
   * different card goes on to the phone.
   */
  it("refuses the card being replaced, with the reason", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + NEW_CARD + "=3012", "13552535506");
    key(0x32);                       // replacement: pick the record
    expect(state()).toBe(St.EXPECT_RECORD_PICK);
    key(ENTER);
    key(ENTER);                      // consent
    text("张三"); key(ENTER);
    key(0x31); keys(ID); key(ENTER);
    expect(state()).toBe(St.EXPECT_CARD);
    card("K" + NEW_CARD + "=3012");
    expect(state()).toBe(St.EXPECT_CARD);
    expect(screen().includes("新卡不能是原卡")).toBe(true);
    expect(screen().includes("卡已过期")).toBe(false);
    card("K6225768888888888=3012");
    expect(state()).toBe(St.EXPECT_PHONE);
  });
});

describe("R20: the expired card met during a verification updates its holder's saved record only", () => {
  const CARD_X = "6225768888888888";

  /** 张三's card X saved, later presented expired for 张三: the replacement marks X's record replaced. */
  it("marks the holder's old record replaced", () => {
    bootToMenu();
    verifyOnce("张三", ID, "K" + CARD_X + "=3012", "13552535506");
    enterUntilCard("张三", ID);
    card("K" + CARD_X + "=2510");
    expect(screen().includes("卡已过期")).toBe(true);
    key(ENTER);
    verifyNewCard("K" + NEW_CARD + "=3012");
    const saves = all(8);
    expect(saves.includes("replaces=V")).toBe(true);
    expect(saves.includes("status=replaced")).toBe(true);
  });

  /**
   * Card Y saved for 张三, then presented expired with another holder's ID:
   * the new card verified for that holder must not mark 张三's record
   * replaced. Before the fix it did (the record was found by the card alone).
   */
  it("leaves another holder's record alone", () => {
    const CARD_Y = "6216261000000000018";
    bootToMenu();
    verifyOnce("张三", ID, "K" + CARD_Y + "=3012", "13552535506");
    enterUntilCard("李四", "440524188001010014");
    card("K" + CARD_Y + "=2510");
    expect(screen().includes("卡已过期")).toBe(true);
    key(ENTER);
    verifyNewCard("K6222222222222222222=3012");
    const saves = all(8);
    expect(saves.includes("type=verification")).toBe(true);
    expect(saves.includes("status=replaced")).toBe(false);
    expect(saves.includes("replaces=")).toBe(false);
  });
});
