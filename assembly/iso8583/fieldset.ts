// A set of ISO 8583 field values in fixed storage: the thing pack() reads and
// unpack() fills. Allocated once at start-up; clear(), set() and the readers
// never allocate.
//
// Values are what the CLI's JSON shows: the field's text for n, an, ans and z
// fields (ASCII digits/characters; track data uses '=' as the separator) and
// raw bytes for b fields. Field 0 is the MTI (4 ASCII digits).
import { ErrorCode, fail } from "../abi";
import { copyBytes } from "./words";
import { wipe } from "../crypto/wipe";

/** Pseudo-field: the cup TPDU (5 raw bytes: 0x60, destination, source). */
export const FIELD_TPDU: i32 = 193;
/** Pseudo-field: the cup application header (6 raw bytes). */
export const FIELD_HEADER: i32 = 194;
/** Pseudo-field set by unpack(): the primary bitmap as 8 raw bytes (pack computes it). */
export const FIELD_BITMAP: i32 = 195;
/** Number of slots: fields 0..192 and the three pseudo-fields. */
export const FIELD_SLOTS: i32 = 196;
/** Bytes of value storage shared by all fields of one set, unless its maker asks for fewer. */
export const FIELDSET_CAPACITY: i32 = 8192;
/** u64 words of presence bits covering the FIELD_SLOTS slots. */
export const PRESENCE_WORDS: i32 = (FIELD_SLOTS + 63) >> 6;

const SPACE: u16 = 0x20;
const DEL: u16 = 0x7F;

export class FieldSet {
  // One block from the heap holds, in order: offsets, lengths and room (FIELD_SLOTS u16 each),
  // the presence words, then `capacity` bytes of values. Plain addresses, not StaticArrays: the
  // sets are made once at start and never resized, and StaticArray's constructor would keep its
  // checks and their texts in the module.
  /** Start of each field's value in `store` (u16 each). */
  // Offsets, lengths and room are u16: a set holds at most FIELDSET_CAPACITY (8 KiB) of values.
  private readonly offsets: usize;
  private readonly lengths: usize;
  /** Bytes reserved for each field, so a shorter value can reuse its slot. */
  private readonly room: usize;
  /**
   * Which fields are present: bit f & 63 of word f >> 6. The codec walks the
   * set bits instead of asking about all 196 slots, and clear() is four
   * stores.
   */
  private readonly present: usize;
  private readonly store: usize;
  private top: i32 = 0;
  /** The highest `top` before a clear() since the last wipe(): every value since then lies below it or below `top`. */
  private used: i32 = 0;

  /** `capacity`: bytes of value storage (the terminal's sets hold one frame's values, not 8 KiB). */
  constructor(private readonly capacity: i32 = FIELDSET_CAPACITY) { // at most FIELDSET_CAPACITY
    const slots = <usize>FIELD_SLOTS << 1;
    const size = slots * 3 + (<usize>PRESENCE_WORDS << 3) + <usize>capacity;
    const block = heap.alloc(size);
    wipe(block, <i32>size); // wipe()'s loop: a call here costs less than memory.fill's
    this.offsets = block;
    this.lengths = block + slots;
    this.room = block + slots * 2;
    this.present = block + slots * 3;
    this.store = this.present + (<usize>PRESENCE_WORDS << 3);
  }

  /** Forgets every value (their bytes stay until wipe()). */
  clear(): void {
    if (this.top > this.used) this.used = this.top;
    this.top = 0;
    const words = this.present;
    for (let w = 0; w < PRESENCE_WORDS; w++) store<u64>(words + (<usize>w << 3), 0);
  }

  /** Zeroes every byte a value has taken since the last wipe() (values replaced or cleared too), then clear(). */
  wipe(): void {
    wipe(this.store, this.top > this.used ? this.top : this.used);
    this.clear();
    this.used = 0;
  }

  /**
   * Presence word w (0..3): bit i set when field 64w + i is present. For
   * walking the fields in order (lowest set bit first) without 196 calls.
   */
  // @ts-ignore: decorator
  @inline presentWord(w: i32): u64 {
    return load<u64>(this.present + (<usize>w << 3));
  }

  /**
   * Address of a present field's value, without the presence check: for a
   * field the caller found in presentWord(). Valid until the next clear().
   */
  // @ts-ignore: decorator
  @inline valueAt(field: i32): usize {
    return this.store + <usize>load<u16>(this.offsets + (<usize>field << 1));
  }

  /** Length of a present field's value, without the presence check (see valueAt). */
  // @ts-ignore: decorator
  @inline lengthAt(field: i32): i32 {
    return <i32>load<u16>(this.lengths + (<usize>field << 1));
  }

  /**
   * Reserves `len` bytes for `field` (replacing any value) and returns where to
   * write them, or 0 with the failure recorded. The value is the bytes written
   * there; nothing checks them until pack().
   */
  reserve(field: i32, len: i32): usize {
    if (<u32>field >= <u32>FIELD_SLOTS) {
      fail(ErrorCode.ISO_BAD_FIELD_NUMBER, field, 0, FIELD_SLOTS - 1, field);
      return 0;
    }
    const capacity = this.capacity;
    if (<u32>len > <u32>capacity) {
      fail(ErrorCode.ISO_FIELDSET_FULL, field, 0, capacity, len);
      return 0;
    }
    const slot = <usize>field << 1;
    const room = this.room + slot;
    const offset = this.offsets + slot;
    const word = this.present + (<usize>(field >> 6) << 3);
    const bit = <u64>1 << <u64>(field & 63);
    if ((load<u64>(word) & bit) == 0 || len > <i32>load<u16>(room)) {
      const top = this.top;
      if (len > capacity - top) {
        fail(ErrorCode.ISO_FIELDSET_FULL, field, 0, capacity - top, len);
        return 0;
      }
      store<u16>(offset, <u16>top);
      store<u16>(room, <u16>len);
      // A plain store: at shrink level 2 `this.top = ...` stays a call to its setter.
      store<i32>(changetype<usize>(this), top + len, offsetof<FieldSet>("top"));
      store<u64>(word, load<u64>(word) | bit);
    }
    store<u16>(this.lengths + slot, <u16>len);
    return this.store + <usize>load<u16>(offset);
  }

  /** Sets `field` to a copy of `len` bytes at `src`: 0 or an ErrorCode. */
  set(field: i32, src: usize, len: i32): i32 {
    const dst = this.reserve(field, len);
    if (dst == 0) return lastReserveError(field, len);
    copyBytes(dst, src, len);
    return 0;
  }

  /**
   * Sets `field` to the ASCII bytes of `text` (meant for static literals such
   * as "0800"); a character outside printable ASCII is an error.
   */
  setText(field: i32, text: string): i32 {
    const len = text.length;
    const src = changetype<usize>(text);
    for (let i = 0; i < len; i++) {
      const c = load<u16>(src + (<usize>i << 1));
      if (c < SPACE || c >= DEL) return fail(ErrorCode.ISO_BAD_CHARACTER, field, i, SPACE, c);
    }
    const dst = this.reserve(field, len);
    if (dst == 0) return lastReserveError(field, len);
    for (let i = 0; i < len; i++) store<u8>(dst + <usize>i, <u8>load<u16>(src + (<usize>i << 1)));
    return 0;
  }

  /** Removes one field. */
  remove(field: i32): void {
    if (<u32>field >= <u32>FIELD_SLOTS) return;
    const word = this.present + (<usize>(field >> 6) << 3);
    store<u64>(word, load<u64>(word) & ~(<u64>1 << <u64>(field & 63)));
  }

  has(field: i32): bool {
    return <u32>field < <u32>FIELD_SLOTS && ((this.presentWord(field >> 6) >> <u64>(field & 63)) & 1) != 0;
  }

  /** Address of the value (valid until the next clear()), or 0 when absent. */
  ptr(field: i32): usize {
    return this.has(field) ? this.valueAt(field) : 0;
  }

  /** Length of the value in bytes, or 0 when absent. */
  length(field: i32): i32 {
    return this.has(field) ? this.lengthAt(field) : 0;
  }
}

/** The failure reserve() just recorded: field number out of range, or the set is full. */
function lastReserveError(field: i32, len: i32): i32 {
  // reserve() recorded the details; this only picks the code it used.
  return <u32>field >= <u32>FIELD_SLOTS ? ErrorCode.ISO_BAD_FIELD_NUMBER : ErrorCode.ISO_FIELDSET_FULL;
}
