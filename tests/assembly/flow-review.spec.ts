// Paths found in the flow review: the per-card lock (R16) reached in the
// middle of a verification's corrections.
import {
  bootToMenu, enterHolder, state, screen,
  key, ENTER, CANCEL, answerVerify, setClock,
} from "./flow-helpers";
import { St } from "../../assembly/flow/states";

const ID = "11010519491231002X";
const CARD_A = "K6216261000000000018=3012";
const CARD_B = "K6212143000000000011=3012";
const PROFILE_LOCK = "terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=2\nlockHours=12\ndailyLimit=4";

/** One verification of the card answered `rc`, left with CANCEL. */
function failOnce(cardData: string, rc: string): void {
  enterHolder("张三", ID, cardData, "13552535506");
  key(ENTER);
  answerVerify(rc);
  key(CANCEL);
}

describe("R16: a card locked by this verification's answer is not sent again", () => {
  /**
   * maxFailures=2: one failure in an earlier verification, one in this one
   * makes two in a row, so the card is locked; the answer offers no
   * correction (ENTER goes to the menu) and shows the support line, and the
   * card is refused before sending next time. Before the fix the result
   * offered a correction and a third failure went to the issuer.
   */
  it("offers no correction once the card is locked", () => {
    setClock(20261126, 100000);
    bootToMenu(PROFILE_LOCK);
    failOnce(CARD_A, "05");
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("95516")).toBe(true);
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });

  /** The pair: a first failure on a fresh card still offers the correction of the failing field. */
  it("still offers the correction while the card is not locked", () => {
    enterHolder("张三", ID, CARD_B, "13552535506");
    key(ENTER);
    answerVerify("05");
    expect(screen().includes("95516")).toBe(false);
    key(ENTER);
    expect(state()).not.toBe(St.EXPECT_MENU);
    key(CANCEL);
  });

  /**
   * dailyLimit=4 with maxFailures high: the fourth answer of the day is a
   * failure; resending after the correction would be a fifth, so the result
   * offers none.
   */
  it("offers no correction once the daily limit is reached", () => {
    bootToMenu("terminalId=12345678\nmerchantId=123456789012345\nsupportPhone=95516\nmaxFailures=9\ndailyLimit=4");
    enterHolder("张三", ID, CARD_A, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    enterHolder("张三", ID, CARD_A, "13552535506"); key(ENTER); answerVerify("00"); key(ENTER);
    failOnce(CARD_A, "05");
    enterHolder("张三", ID, CARD_A, "13552535506");
    key(ENTER);
    answerVerify("05");
    key(ENTER);
    expect(state()).toBe(St.EXPECT_MENU);
  });
});
