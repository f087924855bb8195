/*
 * The flow session (session.h): one handle() per event, every command performed in
 * order on the ports, and the events the commands owe queued until the drain ends
 * (the core refuses an event while commands remain: FLOW_QUEUE_NOT_DRAINED).
 */
#include <string.h>

#include "ports.h"
#include "record-store.h"
#include "secure-module.h"
#include "session.h"
#include "transcript.h"

void session_begin(session* s, core* c, FILE* transcript) {
  memset(s, 0, sizeof *s);
  s->c = c;
  s->transcript = transcript;
  if (transcript) transcript_write_start(transcript);
}

void session_owe(session* s, int32_t kind, const uint8_t* payload, uint32_t length) {
  session_event* e;
  if (s->owed_count == SESSION_OWED_MAX || length > SESSION_OWED_PAYLOAD_MAX) {
    fprintf(stderr, "session: too many owed events\n");
    return;
  }
  e = &s->owed[s->owed_count++];
  e->kind = kind;
  e->length = length;
  memcpy(e->payload, payload, length);
}

static void owe_link(session* s, int32_t status) {
  uint8_t byte = (uint8_t)status;
  session_owe(s, REALNAME_EVENT_LINK, &byte, 1);
}

/* Performs one command; its payload is valid until the next call into the core. */
static void perform(session* s, int32_t kind, const uint8_t* payload, uint32_t length) {
  uint8_t random[255];
  static uint8_t answer[SESSION_OWED_PAYLOAD_MAX];
  uint32_t n;
  switch (kind) {
    case REALNAME_COMMAND_SHOW:
      memcpy(s->screen, payload, length);
      s->screen[length] = '\0';
      s->screen_length = length;
      port_show(payload, length);
      break;
    case REALNAME_COMMAND_CONNECT:
      owe_link(s, port_modem_connect() == 0 ? REALNAME_LINK_UP : REALNAME_LINK_FAILED);
      break;
    case REALNAME_COMMAND_SEND:
      if (port_modem_send(payload, length) != 0) owe_link(s, REALNAME_LINK_DOWN);
      break;
    case REALNAME_COMMAND_DISCONNECT:
      port_modem_disconnect();
      break;
    case REALNAME_COMMAND_SAVE:
      /* SAVED only once the record is on storage; the id is the first line, "id=...". */
      for (n = 3; n < length && payload[n] != '\n'; n++) {}
      if (length < 3 || memcmp(payload, "id=", 3) != 0 || port_storage_append(payload, length) != 0) break;
      if (record_store_put(payload, length) != 0) fprintf(stderr, "session: the record store is full\n");
      session_owe(s, REALNAME_EVENT_SAVED, payload + 3, n - 3);
      printf("saved=%.*s\n", (int)(n - 3), (const char*)payload + 3);
      break;
    case REALNAME_COMMAND_FIND_RECORD:
      n = record_store_find(payload, length, answer, sizeof answer);
      if (n > 0) session_owe(s, REALNAME_EVENT_RECORD, answer, n);
      break;
    case REALNAME_COMMAND_COUNT_ATTEMPTS:
      n = record_store_attempts(payload, length, answer);
      if (n > 0) session_owe(s, REALNAME_EVENT_ATTEMPTS, answer, n);
      break;
    case REALNAME_COMMAND_PURGE:
      if (record_store_purge(payload, length) > 0 && port_storage_replace(record_store_at, record_store_count()) != 0) {
        fprintf(stderr, "session: the record file could not be rewritten after PURGE\n");
      }
      break;
    case REALNAME_COMMAND_PRINT:
      port_print(payload, length);
      break;
    case REALNAME_COMMAND_NEED_RANDOM:
      n = length == 1 ? payload[0] : 0;
      port_random(random, n);
      session_owe(s, REALNAME_EVENT_RANDOM, random, n);
      memset(random, 0, sizeof random);
      break;
    case REALNAME_COMMAND_LOG:
      port_log(payload, length);
      break;
    case REALNAME_COMMAND_SHUTDOWN:
      s->shutdown = 1;
      break;
    case REALNAME_COMMAND_INSTALL_KEY:
    case REALNAME_COMMAND_PIN_ENTRY:
    case REALNAME_COMMAND_MAC:
    case REALNAME_COMMAND_ENCIPHER:
      if (s->secure && s->secure->perform) s->secure->perform(s, kind, payload, length);
      else fprintf(stderr, "session: %s without a secure module\n", realname_command_name(kind));
      break;
    default: /* BEEP: this example has no beeper. */
      break;
  }
}

/* One event: handle(), the one timer armed for the core's next deadline, then every queued command. */
static int32_t send_one(session* s, int32_t kind, const uint8_t* payload, uint32_t length) {
  int32_t date = port_date(), time = port_time(), result, command, deadline;
  uint32_t n;
  const uint8_t* out;
  if (core_set_input(s->c, 0, payload, length) != 0) return REALNAME_ERROR_INPUT_TOO_LONG;
  result = CALL4(s->c, handle, kind, length, date, time);
  if (result == CORE_TRAPPED) return s->trapped = result;
  /* Refused or not, the event's clock counts: the deadline is measured from it. */
  deadline = CALL0(s->c, nextDeadline);
  if (deadline == CORE_TRAPPED) return s->trapped = deadline;
  s->deadline_due = deadline >= 0 ? port_monotonic_ms() + (uint64_t)deadline : 0;
  s->events++;
  if (s->transcript) transcript_write_event(s->transcript, s->events, kind, date, time, result, deadline, payload, length);
  if (result < 0) {
    fprintf(stderr, "event %s refused: %s (%d)\n", realname_event_name(kind), realname_error_name(result), (int)result);
    return result;
  }
  while ((command = CALL0(s->c, nextCommand)) > REALNAME_COMMAND_NONE) {
    out = core_output(s->c, &n);
    s->commands++;
    if (s->transcript) transcript_write_command(s->transcript, s->commands, command, out, n);
    perform(s, command, out, n); /* before the next call: it overwrites the output */
  }
  if (command == CORE_TRAPPED) return s->trapped = command;
  return result;
}

int32_t session_flush(session* s) {
  int32_t result = 0;
  while (s->owed_count > 0 && result != CORE_TRAPPED) {
    static session_event e; /* static: a SECURE_RESULT's payload is large for a small stack */
    e = s->owed[0];
    s->owed_count--;
    memmove(s->owed, s->owed + 1, s->owed_count * sizeof s->owed[0]);
    if (send_one(s, e.kind, e.payload, e.length) == CORE_TRAPPED) result = CORE_TRAPPED;
  }
  return result;
}

int32_t session_send(session* s, int32_t kind, const uint8_t* payload, uint32_t length) {
  int32_t result = send_one(s, kind, payload, length);
  if (result != CORE_TRAPPED && session_flush(s) == CORE_TRAPPED) result = CORE_TRAPPED;
  return result;
}

void session_wait(session* s, int timeout_ms) {
  static uint8_t frame[PORT_FRAME_MAX];
  uint64_t now = port_monotonic_ms(), until = now + (uint64_t)timeout_ms;
  uint32_t length;
  int got;
  if (s->deadline_due != 0 && s->deadline_due < until) until = s->deadline_due;
  got = port_modem_wait((int)(until > now ? until - now : 0), frame, &length);
  if (got == 1) session_send(s, REALNAME_EVENT_RECEIVED, frame, length);
  if (got < 0) {
    uint8_t down = REALNAME_LINK_DOWN;
    session_send(s, REALNAME_EVENT_LINK, &down, 1);
  }
  if (s->deadline_due != 0 && s->deadline_due <= port_monotonic_ms()) {
    static const uint8_t none = 0; /* TIMER has no payload */
    s->deadline_due = 0;
    session_send(s, REALNAME_EVENT_TIMER, &none, 0);
  }
}

/* The screen's lines, each trimmed, joined without separators: how a wrapped text reads. */
static void screen_joined(const session* s, char* out, size_t cap) {
  uint32_t i = 2, n = 0;
  while (i < s->screen_length && n + 1 < cap) {
    uint32_t start = i, end;
    while (i < s->screen_length && s->screen[i] != '\n') i++;
    end = i++;
    while (start < end && s->screen[start] == ' ') start++;
    while (end > start && s->screen[end - 1] == ' ') end--;
    while (start < end && n + 1 < cap) out[n++] = (char)s->screen[start++];
  }
  out[n] = '\0';
}

int session_screen_shows(const session* s, const char* text) {
  static char joined[REALNAME_OUTPUT_CAPACITY + 1];
  if (s->screen_length < 2) return 0;
  screen_joined(s, joined, sizeof joined);
  return strstr((const char*)s->screen + 2, text) != NULL || strstr(joined, text) != NULL;
}
