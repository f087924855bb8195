// A set of ISO 8583 field values in fixed storage: the thing pack() reads and
// unpack() fills. Allocated once at start-up; clear(), set() and the readers
// never allocate.
//
// Values are what the CLI's JSON shows: the field's text for n, an, ans and z
// fields (ASCII digits/characters; track data uses '=' as the separator) and
// raw bytes for b fields. Field 0 is the MTI (4 ASCII digits).
import { ErrorCode, fail } from "../abi";

/** Pseudo-field: the cup TPDU (5 raw bytes: 0x60, destination, source). */
export const FIELD_TPDU: i32 = 193;
/** Pseudo-field: the cup application header (6 raw bytes). */
export const FIELD_HEADER: i32 = 194;
/** Pseudo-field set by unpack(): the primary bitmap as 8 raw bytes (pack computes it). */
export const FIELD_BITMAP: i32 = 195;
/** Number of slots: fields 0..192 and the three pseudo-fields. */
export const FIELD_SLOTS: i32 = 196;
/** Bytes of value storage shared by all fields of one set. */
export const FIELDSET_CAPACITY: i32 = 8192;

const SPACE: u16 = 0x20;
const DEL: u16 = 0x7F;

export class FieldSet {
  /** Start of each field's value in `store`. */
  private readonly offsets: StaticArray<i32> = new StaticArray<i32>(FIELD_SLOTS);
  private readonly lengths: StaticArray<i32> = new StaticArray<i32>(FIELD_SLOTS);
  /** Bytes reserved for each field, so a shorter value can reuse its slot. */
  private readonly room: StaticArray<i32> = new StaticArray<i32>(FIELD_SLOTS);
  /**
   * A field is present when its stamp equals `generation`; clear() just moves
   * to the next generation instead of touching 196 slots (it runs before every
   * unpack).
   */
  private readonly stamps: StaticArray<u32> = new StaticArray<u32>(FIELD_SLOTS);
  private generation: u32 = 1;
  private readonly store: StaticArray<u8> = new StaticArray<u8>(FIELDSET_CAPACITY);
  private top: i32 = 0;

  /** Forgets every value. */
  clear(): void {
    this.top = 0;
    if (++this.generation == 0) {
      // after 2^32 clears the stamps could collide: start over
      for (let i = 0; i < FIELD_SLOTS; i++) unchecked(this.stamps[i] = 0);
      this.generation = 1;
    }
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
    if (<u32>len > <u32>FIELDSET_CAPACITY) {
      fail(ErrorCode.ISO_FIELDSET_FULL, field, 0, FIELDSET_CAPACITY, len);
      return 0;
    }
    let at = unchecked(this.offsets[field]);
    if (unchecked(this.stamps[field]) != this.generation || len > unchecked(this.room[field])) {
      if (len > FIELDSET_CAPACITY - this.top) {
        fail(ErrorCode.ISO_FIELDSET_FULL, field, 0, FIELDSET_CAPACITY - this.top, len);
        return 0;
      }
      at = this.top;
      this.top += len;
      unchecked(this.offsets[field] = at);
      unchecked(this.room[field] = len);
      unchecked(this.stamps[field] = this.generation);
    }
    unchecked(this.lengths[field] = len);
    return changetype<usize>(this.store) + <usize>at;
  }

  /** Sets `field` to a copy of `len` bytes at `src`: 0 or an ErrorCode. */
  set(field: i32, src: usize, len: i32): i32 {
    const dst = this.reserve(field, len);
    if (dst == 0) return lastReserveError(field, len);
    for (let i = 0; i < len; i++) store<u8>(dst + <usize>i, load<u8>(src + <usize>i));
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
    if (<u32>field < <u32>FIELD_SLOTS) unchecked(this.stamps[field] = 0);
  }

  has(field: i32): bool {
    return <u32>field < <u32>FIELD_SLOTS && unchecked(this.stamps[field]) == this.generation;
  }

  /** Address of the value (valid until the next clear()), or 0 when absent. */
  ptr(field: i32): usize {
    if (!this.has(field)) return 0;
    return changetype<usize>(this.store) + <usize>unchecked(this.offsets[field]);
  }

  /** Length of the value in bytes, or 0 when absent. */
  length(field: i32): i32 {
    if (!this.has(field)) return 0;
    return unchecked(this.lengths[field]);
  }

  /** True when `field` holds exactly the ASCII text of a static literal. */
  equalsText(field: i32, text: string): bool {
    const len = text.length;
    if (!this.has(field) || this.length(field) != len) return false;
    const p = this.ptr(field);
    const src = changetype<usize>(text);
    for (let i = 0; i < len; i++) {
      if (<u16>load<u8>(p + <usize>i) != load<u16>(src + (<usize>i << 1))) return false;
    }
    return true;
  }
}

/** The failure reserve() just recorded: field number out of range, or the set is full. */
function lastReserveError(field: i32, len: i32): i32 {
  // reserve() recorded the details; this only picks the code it used.
  return <u32>field >= <u32>FIELD_SLOTS ? ErrorCode.ISO_BAD_FIELD_NUMBER : ErrorCode.ISO_FIELDSET_FULL;
}
