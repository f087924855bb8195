/*
 * The record queries answered from memory (record-store.h). Records are the core's
 * `key=value` lines; every rule here is docs/ABI.md's "Record queries".
 */
#include <stdlib.h>
#include <string.h>

#include "realname.h"
#include "record-store.h"

typedef struct {
  uint8_t* bytes;
  uint32_t length;
} stored;

static stored records[RECORD_STORE_MAX]; /* oldest first */
static uint32_t count;

/* The value of `key` in a record (*n bytes), NULL without it. */
static const uint8_t* field(const stored* r, const char* key, uint32_t* n) {
  size_t k = strlen(key);
  uint32_t at = 0;
  while (at < r->length) {
    uint32_t end = at;
    while (end < r->length && r->bytes[end] != '\n') end++;
    if (end - at > k && memcmp(r->bytes + at, key, k) == 0 && r->bytes[at + k] == '=') {
      *n = end - at - (uint32_t)k - 1;
      return r->bytes + at + k + 1;
    }
    at = end + 1;
  }
  *n = 0;
  return NULL;
}

static int is(const stored* r, const char* key, const char* value) {
  uint32_t n;
  const uint8_t* v = field(r, key, &n);
  return v != NULL && n == strlen(value) && memcmp(v, value, n) == 0;
}

static int equals(const stored* r, const char* key, const uint8_t* value, uint32_t length) {
  uint32_t n;
  const uint8_t* v = field(r, key, &n);
  return v != NULL && n == length && memcmp(v, value, n) == 0;
}

static int has(const stored* r, const char* key) {
  uint32_t n;
  return field(r, key, &n) != NULL && n > 0;
}

static void remove_at(uint32_t i) {
  free(records[i].bytes);
  memmove(records + i, records + i + 1, (count - i - 1) * sizeof *records);
  count--;
}

int record_store_put(const uint8_t* record, uint32_t length) {
  uint32_t id = 0, i;
  uint8_t* copy;
  while (id < length && record[id] != '\n') id++;
  for (i = 0; i < count; i++) {
    if (records[i].length >= id && memcmp(records[i].bytes, record, id) == 0 && (records[i].length == id || records[i].bytes[id] == '\n')) {
      remove_at(i);
      break;
    }
  }
  if (count == RECORD_STORE_MAX || (copy = malloc(length ? length : 1)) == NULL) return -1;
  memcpy(copy, record, length);
  records[count].bytes = copy;
  records[count++].length = length;
  return 0;
}

static int about_card(const stored* r) { return is(r, "type", "verification") || is(r, "type", "loss"); }

static int reported(const stored* r) { return is(r, "status", "lost") || is(r, "status", "stolen"); }

/* The filters of realname.h's enum realname_filter, one rule each; they select by the status saved. */
static int passes(const stored* r, uint8_t filter, const uint8_t* hash, uint32_t hash_length) {
  int card = about_card(r);
  switch (filter) {
    case REALNAME_FILTER_ALL: return card;
    case REALNAME_FILTER_CARDS: return is(r, "type", "verification") && !is(r, "status", "replaced");
    case REALNAME_FILTER_CARD: return card && equals(r, "panHash", hash, hash_length);
    case REALNAME_FILTER_CARD_REPORTED: return card && equals(r, "panHash", hash, hash_length) && reported(r);
    case REALNAME_FILTER_HOLDER_REPORTED:
      return is(r, "type", "verification") && equals(r, "idHash", hash, hash_length) && reported(r) && !has(r, "replacedBy");
  }
  return 0;
}

/* The status of the newest lost or stolen record of r's card (*n bytes), NULL when the card is not reported here. */
static const uint8_t* report_of(const stored* r, uint32_t* n) {
  uint32_t hn, i;
  const uint8_t* hash = field(r, "panHash", &hn);
  if (!about_card(r) || hash == NULL || hn == 0) return NULL;
  for (i = count; i-- > 0;) {
    if (about_card(&records[i]) && equals(&records[i], "panHash", hash, hn) && reported(&records[i])) return field(&records[i], "status", n);
  }
  return NULL;
}

/*
 * A record as the store gives it out, at out: as saved, except that every record of
 * a card reported here reads with the card's newest report as its status (the report
 * is saved in one record, so no power cut leaves a card half-marked). Its length, 0
 * when it does not fit.
 */
static uint32_t read_as(const stored* r, uint8_t* out, uint32_t capacity) {
  uint32_t rn, sn, head, tail;
  const uint8_t* report = report_of(r, &rn);
  const uint8_t* status = field(r, "status", &sn);
  if (report == NULL || status == NULL) { /* as saved */
    status = report = r->bytes + r->length;
    rn = sn = 0;
  }
  head = (uint32_t)(status - r->bytes);
  tail = r->length - head - sn;
  if (head + rn + tail > capacity) return 0;
  memcpy(out, r->bytes, head);
  memcpy(out + head, report, rn);
  memcpy(out + head + rn, status + sn, tail);
  return head + rn + tail;
}

static void put_count(uint8_t* out, uint32_t v) {
  out[0] = (uint8_t)(v >> 24);
  out[1] = (uint8_t)(v >> 16);
  out[2] = (uint8_t)(v >> 8);
  out[3] = (uint8_t)v;
}

uint32_t record_store_find(const uint8_t* query, uint32_t length, uint8_t* out, uint32_t capacity) {
  uint32_t rank, total = 0, i, n;
  const stored* found = NULL;
  if (length < 5 || capacity < 4) return 0;
  rank = (uint32_t)query[1] << 24 | (uint32_t)query[2] << 16 | (uint32_t)query[3] << 8 | query[4];
  for (i = count; i-- > 0;) {
    if (!passes(&records[i], query[0], query + 5, length - 5)) continue;
    if (total == rank) found = &records[i];
    total++;
  }
  put_count(out, total);
  if (found == NULL) return 4;
  n = read_as(found, out + 4, capacity - 4);
  return n == 0 ? 0 : 4 + n;
}

uint32_t record_store_attempts(const uint8_t* query, uint32_t length, uint8_t* out) {
  uint32_t answers = 0, in_row = 0, i, n;
  int run = 1;
  const uint8_t* newest_failure = NULL;
  if (length != 32 + 14) return 0;
  for (i = count; i-- > 0;) {
    const stored* r = &records[i];
    const uint8_t* time;
    int failure;
    if (!is(r, "type", "attempt") || !equals(r, "panHash", query, 32)) continue;
    time = field(r, "time", &n);
    if (time != NULL && n == 14 && memcmp(time, query + 32, 14) > 0) answers++;
    failure = !is(r, "result", "00");
    if (failure && newest_failure == NULL && time != NULL && n == 14) newest_failure = time;
    if (!failure) run = 0;
    else if (run) in_row++;
  }
  put_count(out, answers);
  put_count(out + 4, in_row);
  if (newest_failure == NULL) return 8;
  memcpy(out + 8, newest_failure, 14);
  return 22;
}

uint32_t record_store_purge(const uint8_t* before, uint32_t length) {
  uint32_t gone = 0, i, n;
  if (length != 14) return 0;
  for (i = count; i-- > 0;) {
    const uint8_t* time = field(&records[i], "time", &n);
    if (time != NULL && n == 14 && memcmp(time, before, 14) < 0) {
      remove_at(i);
      gone++;
    }
  }
  return gone;
}

const uint8_t* record_store_settings(uint32_t* length) {
  uint32_t i;
  for (i = 0; i < count; i++) {
    if (is(&records[i], "type", "settings")) {
      *length = records[i].length;
      return records[i].bytes;
    }
  }
  return NULL;
}

const uint8_t* record_store_highest_stan(uint32_t* length) {
  const stored* best = NULL;
  uint32_t i, n, best_stan = 0;
  for (i = 0; i < count; i++) {
    const uint8_t* v = field(&records[i], "stan", &n);
    uint32_t stan = 0, k;
    if (v == NULL || n != 6) continue;
    for (k = 0; k < 6 && v[k] >= '0' && v[k] <= '9'; k++) stan = stan * 10 + (uint32_t)(v[k] - '0');
    if (k == 6 && (best == NULL || stan > best_stan)) {
      best = &records[i];
      best_stan = stan;
    }
  }
  if (best == NULL) return NULL;
  *length = best->length;
  return best->bytes;
}

uint32_t record_store_count(void) { return count; }

const uint8_t* record_store_at(uint32_t i, uint32_t* length) {
  if (i >= count) return NULL;
  *length = records[i].length;
  return records[i].bytes;
}
