/*
 * Reading and writing transcripts (transcript.h, docs/TRANSCRIPTS.md). The reader uses
 * no file I/O: it walks text in memory, one line at a time, and splits a line into
 * tokens without copying it.
 */
#include <stdlib.h>
#include <string.h>

#include "transcript.h"

#define MAGIC "realname-pos-transcript 2"
#define TOKENS_MAX 9

typedef struct {
  const char* at;
  size_t length;
} token;

void transcript_begin(transcript_reader* r, const char* text) {
  memset(r, 0, sizeof *r);
  r->next = text;
}

/* Says what is wrong with the current line; returns -1. */
static int bad(transcript_reader* r, const char* why, const char* detail) {
  snprintf(r->error, sizeof r->error, "line %u: %s%s", r->line, why, detail);
  return -1;
}

static int is(const token* t, const char* word) {
  return t->length == strlen(word) && memcmp(t->at, word, t->length) == 0;
}

/* A decimal integer token (optionally negative); 0 when it is not one. */
static int number(const token* t, int32_t* out) {
  char text[16];
  char* end;
  long v;
  if (t->length == 0 || t->length >= sizeof text) return 0;
  memcpy(text, t->at, t->length);
  text[t->length] = '\0';
  v = strtol(text, &end, 10);
  if (*end != '\0' || v < INT32_MIN || v > INT32_MAX) return 0;
  *out = (int32_t)v;
  return 1;
}

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* A payload token ("-" or hex) into e->payload; 0 when malformed or too long. */
static int payload(const token* t, transcript_entry* e) {
  size_t i;
  e->length = 0;
  if (is(t, "-")) return 1;
  if (t->length % 2 != 0 || t->length / 2 > TRANSCRIPT_PAYLOAD_MAX) return 0;
  for (i = 0; i < t->length; i += 2) {
    int hi = nibble(t->at[i]), lo = nibble(t->at[i + 1]);
    if (hi < 0 || lo < 0) return 0;
    e->payload[e->length++] = (uint8_t)(hi << 4 | lo);
  }
  return 1;
}

/* The kind's number, checked against its name in this header's vocabulary; 0 or -1. */
static int kind(transcript_reader* r, const char* what, const char* (*name_of)(int32_t),
                            const token* name, const token* number_token, int32_t* out) {
  char detail[160];
  const char* known;
  if (!number(number_token, out)) return bad(r, what, " kind is not a number");
  known = name_of(*out);
  if (is(name, known)) return 0;
  snprintf(detail, sizeof detail, " %d is %s in this ABI, the transcript says %.*s: regenerate it (npm run transcripts)",
           (int)*out, strcmp(known, "?") == 0 ? "unknown" : known, (int)name->length, name->at);
  return bad(r, what, detail);
}

/* The format line, then the versions; 0 or -1. */
static int header(transcript_reader* r, const token* tokens, int count) {
  int32_t abi, flow;
  char detail[160];
  if (r->header == 0) {
    if (count != 2 || !is(&tokens[0], "realname-pos-transcript") || !is(&tokens[1], "2")) {
      return bad(r, "not a transcript of this format (the first line must be \"" MAGIC "\")", "");
    }
  } else {
    if (count != 4 || !is(&tokens[0], "abi") || !is(&tokens[2], "flow") || !number(&tokens[1], &abi) || !number(&tokens[3], &flow)) {
      return bad(r, "the second line must be `abi N flow N`", "");
    }
    if (abi != REALNAME_ABI_VERSION || flow != REALNAME_FLOW_VERSION) {
      snprintf(detail, sizeof detail, "recorded for ABI %d flow %d; this host is ABI %d flow %d: regenerate it (npm run transcripts)",
               (int)abi, (int)flow, REALNAME_ABI_VERSION, REALNAME_FLOW_VERSION);
      return bad(r, detail, "");
    }
  }
  r->header++;
  return 0;
}

static int event(transcript_reader* r, const token* t, int count, transcript_entry* e) {
  int32_t seq;
  if (count != 9) return bad(r, "event takes 8 fields: N NAME KIND YYYYMMDD hhmmss RESULT DEADLINE PAYLOAD", "");
  if (!r->started) return bad(r, "an event before the first start", "");
  if (!number(&t[1], &seq) || (uint32_t)seq != ++r->events) return bad(r, "event number out of order", "");
  if (kind(r, "event", realname_event_name, &t[2], &t[3], &e->kind) != 0) return -1;
  if (!number(&t[4], &e->date) || !number(&t[5], &e->time)) return bad(r, "date or time is not a number", "");
  e->trapped = is(&t[6], "trap");
  if (!e->trapped && !number(&t[6], &e->result)) return bad(r, "result is not a number", "");
  if (!number(&t[7], &e->deadline)) return bad(r, "deadline is not a number", "");
  if (!payload(&t[8], e)) return bad(r, "payload is not an even number of hex digits", "");
  e->seq = r->events;
  e->type = TRANSCRIPT_EVENT;
  return 0;
}

static int command(transcript_reader* r, const token* t, int count, transcript_entry* e) {
  int32_t seq;
  if (count != 5) return bad(r, "command takes 4 fields: N NAME KIND PAYLOAD", "");
  if (r->events == 0) return bad(r, "a command must follow an event", "");
  if (!number(&t[1], &seq) || (uint32_t)seq != ++r->commands) return bad(r, "command number out of order", "");
  if (kind(r, "command", realname_command_name, &t[2], &t[3], &e->kind) != 0) return -1;
  if (!payload(&t[4], e)) return bad(r, "payload is not an even number of hex digits", "");
  e->seq = r->commands;
  e->type = TRANSCRIPT_COMMAND;
  return 0;
}

transcript_type transcript_next(transcript_reader* r, transcript_entry* e) {
  while (*r->next != '\0') {
    const char* line = r->next;
    const char* end = strchr(line, '\n');
    const char* cut;
    token tokens[TOKENS_MAX];
    int count = 0;
    size_t i = 0, length;
    if (end == NULL) end = line + strlen(line);
    r->next = *end == '\n' ? end + 1 : end;
    r->line++;
    length = (size_t)(end - line);
    if (length > 0 && line[length - 1] == '\r') length--;
    while (i < length && line[i] == ' ') i++;
    if (i == length || line[i] == '#') continue; /* empty, or a comment */
    for (cut = line; cut + 1 < line + length; cut++) {
      if (cut[0] == ' ' && cut[1] == '#') { length = (size_t)(cut - line); break; } /* a note */
    }
    while (i < length) {
      while (i < length && line[i] == ' ') i++;
      if (i == length) break;
      if (count == TOKENS_MAX) { bad(r, "too many fields", ""); return TRANSCRIPT_BAD; }
      tokens[count].at = line + i;
      while (i < length && line[i] != ' ') i++;
      tokens[count].length = (size_t)(line + i - tokens[count].at);
      count++;
    }
    if (r->header < 2) {
      if (header(r, tokens, count) != 0) return TRANSCRIPT_BAD;
      continue;
    }
    if (is(&tokens[0], "start") && count == 1) {
      r->started = 1;
      return e->type = TRANSCRIPT_START;
    }
    if (is(&tokens[0], "event")) return event(r, tokens, count, e) == 0 ? TRANSCRIPT_EVENT : TRANSCRIPT_BAD;
    if (is(&tokens[0], "command")) return command(r, tokens, count, e) == 0 ? TRANSCRIPT_COMMAND : TRANSCRIPT_BAD;
    bad(r, "unknown line (start, event, command or # comment)", "");
    return TRANSCRIPT_BAD;
  }
  if (r->header < 2) {
    bad(r, "no `abi N flow N` line: not a transcript", "");
    return TRANSCRIPT_BAD;
  }
  return e->type = TRANSCRIPT_END;
}

/* ---- writing ---------------------------------------------------------------- */

void transcript_hex(char* out, const uint8_t* payload, uint32_t length) {
  static const char digits[] = "0123456789ABCDEF";
  uint32_t i;
  if (length == 0) { strcpy(out, "-"); return; }
  for (i = 0; i < length; i++) {
    out[2 * i] = digits[payload[i] >> 4];
    out[2 * i + 1] = digits[payload[i] & 15];
  }
  out[2 * length] = '\0';
}

static void write_payload(FILE* f, const uint8_t* payload, uint32_t length) {
  static char hex[2 * TRANSCRIPT_PAYLOAD_MAX + 2];
  transcript_hex(hex, payload, length);
  fprintf(f, " %s\n", hex);
}

void transcript_write_header(FILE* f, const char* comment) {
  fprintf(f, MAGIC "\nabi %d flow %d\n# %s\n", REALNAME_ABI_VERSION, REALNAME_FLOW_VERSION, comment);
}

void transcript_write_start(FILE* f) {
  fputs("start\n", f);
}

void transcript_write_event(FILE* f, uint32_t seq, int32_t kind, int32_t date, int32_t time, int32_t result,
                            int32_t deadline, const uint8_t* payload, uint32_t length) {
  fprintf(f, "event %u %s %d %08d %06d %d %d", (unsigned)seq, realname_event_name(kind), (int)kind, (int)date, (int)time,
          (int)result, (int)deadline);
  write_payload(f, payload, length);
}

void transcript_write_command(FILE* f, uint32_t seq, int32_t kind, const uint8_t* payload, uint32_t length) {
  fprintf(f, "command %u %s %d", (unsigned)seq, realname_command_name(kind), (int)kind);
  write_payload(f, payload, length);
}
