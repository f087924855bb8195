// The steps the flow takes later, by number: what ENTER or CANCEL does on a result
// screen, what follows a secure module's answer, a durable record or the store's
// answer. A step is kept in the flow's state as its number (not a function value:
// each of those costs the module a static object); runStep() turns it into a call.
import * as exchange from "./exchange";
import * as sealing from "./sealing";
import * as hashing from "./hashing";
import * as startup from "./tasks/startup";
import * as keys from "./tasks/keys";
import * as loss from "./tasks/loss";
import * as results from "./tasks/results";
import * as replace from "./tasks/replace";
import * as menu from "./tasks/menu";
import * as verify from "./tasks/verify";
import * as card from "./tasks/card";
import * as records from "./tasks/records";

/** A step (NONE: none). */
export const enum Step {
  NONE = 0,
  resend,
  sendRequest,
  notBuilt,
  replyMacMade,
  macked,
  enciphered,
  trackEnciphered,
  hashed,
  signOnAgain,
  keysInstalled,
  keysRefused,
  keyAnswered,
  blockedHereOnly,
  lossReported,
  pickFirst,
  cardRecordFound,
  lossCardHashed,
  correctField,
  showVerified,
  verifiedRecords,
  showFailure,
  showNotice,
  newCard,
  offerWithRecord,
  replacePick,
  idHashed,
  noRecordKey,
  countsAnswered,
  reportedAnswered,
  cardHashed,
  browseFirst,
  moved,
}

/** Takes step `s`; NONE does nothing. */
export function runStep(s: Step): void {
  switch (s) {
    case Step.resend: exchange.resend(); break;
    case Step.sendRequest: exchange.sendRequest(); break;
    case Step.notBuilt: exchange.notBuilt(); break;
    case Step.replyMacMade: exchange.replyMacMade(); break;
    case Step.macked: sealing.macked(); break;
    case Step.enciphered: sealing.enciphered(); break;
    case Step.trackEnciphered: sealing.trackEnciphered(); break;
    case Step.hashed: hashing.hashed(); break;
    case Step.signOnAgain: startup.signOnAgain(); break;
    case Step.keysInstalled: startup.keysInstalled(); break;
    case Step.keysRefused: startup.keysRefused(); break;
    case Step.keyAnswered: keys.keyAnswered(); break;
    case Step.blockedHereOnly: loss.blockedHereOnly(); break;
    case Step.lossReported: loss.lossReported(); break;
    case Step.pickFirst: loss.pickFirst(); break;
    case Step.cardRecordFound: loss.cardRecordFound(); break;
    case Step.lossCardHashed: loss.lossCardHashed(); break;
    case Step.correctField: results.correctField(); break;
    case Step.showVerified: results.showVerified(); break;
    case Step.verifiedRecords: results.verifiedRecords(); break;
    case Step.showFailure: results.showFailure(); break;
    case Step.showNotice: replace.showNotice(); break;
    case Step.newCard: replace.newCard(); break;
    case Step.offerWithRecord: replace.offerWithRecord(); break;
    case Step.replacePick: menu.replacePick(); break;
    case Step.idHashed: verify.idHashed(); break;
    case Step.noRecordKey: card.noRecordKey(); break;
    case Step.countsAnswered: card.countsAnswered(); break;
    case Step.reportedAnswered: card.reportedAnswered(); break;
    case Step.cardHashed: card.cardHashed(); break;
    case Step.browseFirst: records.browseFirst(); break;
    case Step.moved: records.moved(); break;
  }
}
