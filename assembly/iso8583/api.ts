// The internal ISO 8583 API other parts of the core use (the verification flow
// builds and reads messages through it). Everything here is allocation-free
// after start-up.
//
//   const message = new FieldSet();            // once, at module start-up
//   message.clear();
//   message.setText(0, "0800");
//   message.set(FIELD_TPDU, tpdu, 5); message.set(FIELD_HEADER, header, 6);
//   message.setText(11, "000123"); ...
//   message.set(64, ZERO_MAC, 8);              // MAC placeholder
//   const n = pack(Dialect.CUP, message, out, cap);
//   // MAC over out[macRegionOffset() .. + macRegionLength()) -> out[n-8 .. n)
//   const err = unpack(Dialect.CUP, frame, frameLength, reply);
export { Dialect, DIALECT_CUSTOM, setCustomDialect } from "./spec";
export { FieldSet, FIELD_TPDU, FIELD_HEADER, FIELD_BITMAP, FIELD_SLOTS } from "./fieldset";
export { pack, unpack, packCup, unpackCup, macRegionOffset, macRegionLength } from "./codec";
export {
  tlvAppend, tlvFind, tlvFoundLength,
  berRead, berFind, berAppend, berTag, berValueOffset, berLength, berConstructed,
} from "./tlv";
