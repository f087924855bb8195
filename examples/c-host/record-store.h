/*
 * The record store's side of the flow (docs/ABI.md "Record queries"): the records in
 * memory, newest last, answering FIND_RECORD and COUNT_ATTEMPTS and applying PURGE.
 * Loaded from the record file at power-on, told of every SAVE as it is issued. A
 * small example: a flat list scanned per query (a terminal with thousands of records
 * indexes them by card hash, as host/devices/record-index.ts does).
 */
#ifndef RECORD_STORE_H
#define RECORD_STORE_H

#include <stdint.h>

#define RECORD_STORE_MAX 1024 /* records kept; a SAVE beyond it is refused (-1) */

/* A record as SAVE gave it: it replaces the one of the same id and becomes the newest. */
int record_store_put(const uint8_t* record, uint32_t length);
/* RECORD's payload for a FIND_RECORD payload: 4-byte count, then the record (a reported card's records read as reported) or nothing; its length (0: no room). */
uint32_t record_store_find(const uint8_t* query, uint32_t length, uint8_t* out, uint32_t capacity);
/* ATTEMPTS' payload for a COUNT_ATTEMPTS payload (hash, since); its length (8 or 22, 0 for a bad query). */
uint32_t record_store_attempts(const uint8_t* query, uint32_t length, uint8_t* out);
/* PURGE: every record whose time is before `before` (14 digits) leaves the store; how many left. */
uint32_t record_store_purge(const uint8_t* before, uint32_t length);
/* What RESTORE gives the core at power-on: the settings record, the record with the highest STAN (NULL: none). */
const uint8_t* record_store_settings(uint32_t* length);
const uint8_t* record_store_highest_stan(uint32_t* length);
/* Every record, oldest first (to write the record file again after a PURGE). */
uint32_t record_store_count(void);
const uint8_t* record_store_at(uint32_t i, uint32_t* length);

#endif /* RECORD_STORE_H */
