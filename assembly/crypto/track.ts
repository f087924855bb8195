// Track data under the track key (TDK, the third working key of a 60-byte key
// download), as UnionPay POS terminals encrypt field 35 (and 36) and say so in
// 53.3: the track, as field 35 carries it (BCD, left-aligned, 0 pad), loses its
// issuer data to TDES ECB in the 8 bytes before its last byte ("TDB": from the
// second byte left of the end, 8 bytes further left; sources in
// docs/PROTOCOL.md, "Track data under the TDK"). Everything else, the PAN
// included, stays as it was, so the field keeps its length and its wire form.
//
// The track is text in the 4-bit track code, as the ISO 8583 engine's z fields
// hold it: one character 0x30 + nibble per nibble ('=' is D, and an encrypted
// track may hold any of : ; < = > ?).
import { ErrorCode, fail } from "../abi";
import { tdesEcb } from "./modes";
import { wipe } from "./wipe";

/** Track 3 is the longest track a field carries (z...104). */
export const TRACK_MAX_CHARS: i32 = 104;
/** Nine BCD bytes: the eight that are encrypted and the last one, which is not. */
export const TRACK_MIN_CHARS: i32 = 17;
const BLOCK: i32 = 8;
const CHAR_0: u32 = 0x30;
const NIBBLE_MAX: u32 = 0xF;

@lazy const PACKED = memory.data(TRACK_MAX_CHARS >> 1, 8);

/**
 * Encrypts (or decrypts) `len` track characters at src under the TDK at key
 * (16 bytes; 8 and 24 also work) into out (len characters; may be src).
 * Returns len, or CRYPTO_TRACK_DATA (offset = the first bad character, or the
 * length when it is outside 17..104), or the key's CRYPTO_KEY_LENGTH.
 */
export function cryptTrack(key: usize, keyLen: i32, src: usize, len: i32, out: usize, encrypt: bool): i32 {
  const block = trackBlock(src, len);
  if (block < 0) return <i32>block;
  const r = tdesEcb(key, keyLen, <usize>block, BLOCK, <usize>block, encrypt);
  if (r < 0) {
    wipe(PACKED, TRACK_MAX_CHARS >> 1);
    return r;
  }
  return trackUnpack(out, len);
}

/**
 * Packs `len` track characters at src into the scratch and returns the address of
 * the 8 bytes TDES ciphers (a secure module may do it: keyCustody=module), or
 * CRYPTO_TRACK_DATA as cryptTrack() says. trackUnpack() then writes the track back.
 */
export function trackBlock(src: usize, len: i32): isize {
  if (len < TRACK_MIN_CHARS || len > TRACK_MAX_CHARS) return fail(ErrorCode.CRYPTO_TRACK_DATA, 0, 0, TRACK_MIN_CHARS, len);
  const bytes = (len + 1) >> 1;
  for (let i = 0; i < bytes; i++) store<u8>(PACKED + <usize>i, 0);
  for (let i = 0; i < len; i++) {
    const nibble = <u32>load<u8>(src + <usize>i) - CHAR_0;
    if (nibble > NIBBLE_MAX) {
      wipe(PACKED, bytes);
      return fail(ErrorCode.CRYPTO_TRACK_DATA, 0, i, CHAR_0, nibble + CHAR_0);
    }
    const at = PACKED + <usize>(i >> 1);
    store<u8>(at, <u32>load<u8>(at) | ((i & 1) != 0 ? nibble : nibble << 4));
  }
  return <isize>(PACKED + <usize>(bytes - 1 - BLOCK));
}

/** The packed track (its block ciphered in place) as `len` track characters at out; the scratch wiped. Returns len. */
export function trackUnpack(out: usize, len: i32): i32 {
  for (let i = 0; i < len; i++) {
    const b = <u32>load<u8>(PACKED + <usize>(i >> 1));
    store<u8>(out + <usize>i, <u8>(CHAR_0 + ((i & 1) != 0 ? b & NIBBLE_MAX : b >> 4)));
  }
  wipe(PACKED, TRACK_MAX_CHARS >> 1);
  return len;
}

/** True when the scratch holds no track nibble (wipe tests, R10). */
export function trackScratchIsZero(): bool {
  for (let i = 0; i < TRACK_MAX_CHARS >> 1; i++) if (load<u8>(PACKED + <usize>i) != 0) return false;
  return true;
}
