/*
 * The verification flow's event loop (docs/ABI.md "The terminal module"): events in,
 * commands out to the device ports (ports.h), one timer for the core's next deadline, and the events owed
 * back to the core (LINK after CONNECT, SAVED after SAVE, RANDOM after NEED_RANDOM, the
 * record store's RECORD after FIND_RECORD and ATTEMPTS after COUNT_ATTEMPTS),
 * sent once the queue is drained. Optionally records a transcript of all of it.
 */
#ifndef SESSION_H
#define SESSION_H

#include <stdint.h>
#include <stdio.h>

#include "core.h"

#define SESSION_OWED_MAX 8
#define SESSION_OWED_PAYLOAD_MAX 1024 /* a RECORD answer carries a whole record; a SECURE_RESULT status and field 62's ciphertext (512) */

typedef struct {
  int32_t kind;
  uint32_t length;
  uint8_t payload[SESSION_OWED_PAYLOAD_MAX];
} session_event;

typedef struct secure_module secure_module; /* secure-module.h */

typedef struct {
  core* c;
  const secure_module* secure;          /* where the keys live (host.c sets it) */
  FILE* transcript;                     /* NULL: not recording */
  uint32_t events, commands;
  session_event owed[SESSION_OWED_MAX]; /* events the core asked for, sent after the drain */
  unsigned owed_count;
  uint64_t deadline_due;                /* monotonic ms of the core's next deadline (nextDeadline()); 0: none */
  uint8_t screen[REALNAME_OUTPUT_CAPACITY + 1]; /* the last SHOW, NUL-terminated */
  uint32_t screen_length;
  int shutdown;                         /* the core asked to power off */
  int32_t trapped;                      /* CORE_TRAPPED once the core faulted (a bug): stop */
} session;

/* Starts a session on a freshly started core; records into `transcript` unless NULL. */
void session_begin(session* s, core* c, FILE* transcript);
/* Sends one event with the clock's date and time, performs its commands, then the events
   they owe, in order. handle()'s result for the event, CORE_TRAPPED when the core faulted. */
int32_t session_send(session* s, int32_t kind, const uint8_t* payload, uint32_t length);
/* Queues an event the core is owed (an answer to one of its commands), sent after the drain. */
void session_owe(session* s, int32_t kind, const uint8_t* payload, uint32_t length);
/* Sends the owed events now (after a secure module took a key: what its keypad said). */
int32_t session_flush(session* s);
/* Waits up to timeout_ms for the acquirer or the core's deadline, and sends what arrived (RECEIVED, LINK, TIMER). */
void session_wait(session* s, int timeout_ms);
/* 1 when the screen shows `text` on one line, or across lines once each line is trimmed. */
int session_screen_shows(const session* s, const char* text);

#endif /* SESSION_H */
