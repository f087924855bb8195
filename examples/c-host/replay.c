/*
 * Replays transcripts (docs/TRANSCRIPTS.md) through the translated terminal module:
 * each recorded event is handed to handle() with its recorded date and time, and
 * every command the core queues must be the recorded one, byte for byte. The first
 * difference stops a transcript and is printed in the words of
 * host/transcript/replay.ts: the event, then the recorded and the replayed side
 * (kind and hex payload, and for a SHOW its text).
 *
 * Usage: replay [--stack] FILE...
 *   FILE: N events, M commands replayed identically        (exit 0 when all are)
 *   FILE: differs / the difference                          (exit 1)
 * --stack runs each replay on a thread whose stack is painted first and prints how
 * much of it the replay used (docs/VENDOR.md's stack figure).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "transcript.h"

typedef struct {
  const char* text;
  core* c;
  uint32_t events, commands;
  int status; /* 0 identical, 1 a difference, 2 not a transcript of this ABI */
} replay_job;

/* Large buffers are static: the replay's own stack use stays small and measurable. */
static transcript_entry event_entry, next_entry;
static transcript_reader reader;
static char message[3 * (2 * TRANSCRIPT_PAYLOAD_MAX + 400)];
static char recorded_side[2 * TRANSCRIPT_PAYLOAD_MAX + 400], replayed_side[2 * TRANSCRIPT_PAYLOAD_MAX + 400];
static char hex[2 * TRANSCRIPT_PAYLOAD_MAX + 2];

/* A command as the difference report shows it: kind and hex, and a SHOW's "id:line / line". */
static void describe_command(char* out, size_t cap, uint32_t seq, int32_t kind, const uint8_t* payload, uint32_t length) {
  size_t n;
  uint32_t i;
  transcript_hex(hex, payload, length);
  n = (size_t)snprintf(out, cap, "command %u %s %s", (unsigned)seq, realname_command_name(kind), hex);
  if (kind != REALNAME_COMMAND_SHOW || length < 2 || n >= cap) return;
  n += (size_t)snprintf(out + n, cap - n, " \"%u:", (unsigned)(payload[0] << 8 | payload[1]));
  for (i = 2; i < length && n + 4 < cap; i++) {
    if (payload[i] == '\n') n += (size_t)snprintf(out + n, cap - n, " / ");
    else out[n++] = (char)payload[i];
  }
  snprintf(out + n, cap - n, "\"");
}

static void describe_result(char* out, size_t cap, int32_t result) {
  if (result == CORE_TRAPPED) snprintf(out, cap, "the core trapped");
  else snprintf(out, cap, "handle() = %d", (int)result);
}

static int differs(replay_job* job, const char* what) {
  transcript_hex(hex, event_entry.payload, event_entry.length);
  snprintf(message, sizeof message, "event %u %s %08d %06d %s: %s\n  recorded: %s\n  replayed: %s", (unsigned)event_entry.seq,
           realname_event_name(event_entry.kind), (int)event_entry.date, (int)event_entry.time, hex, what, recorded_side, replayed_side);
  return job->status = 1;
}

static int malformed(replay_job* job) {
  snprintf(message, sizeof message, "%s", reader.error);
  return job->status = 2;
}

/* Replays the commands `event_entry` queued; `type` is the entry after them (read here). */
static int replay_commands(replay_job* job, transcript_type* type) {
  uint32_t seq, length = 0;
  char what[40];
  for (seq = job->commands + 1;; seq++) {
    int32_t kind = CALL0(job->c, nextCommand);
    const uint8_t* out = kind > 0 ? core_output(job->c, &length) : NULL;
    int recorded;
    *type = transcript_next(&reader, &next_entry);
    if (*type == TRANSCRIPT_BAD) return malformed(job);
    recorded = *type == TRANSCRIPT_COMMAND;
    if (!recorded && kind == REALNAME_COMMAND_NONE) return 0;
    if (recorded && kind == next_entry.kind && length == next_entry.length && memcmp(out, next_entry.payload, length) == 0) {
      job->commands++;
      continue;
    }
    if (recorded) describe_command(recorded_side, sizeof recorded_side, seq, next_entry.kind, next_entry.payload, next_entry.length);
    else snprintf(recorded_side, sizeof recorded_side, "no command");
    if (kind == CORE_TRAPPED) snprintf(replayed_side, sizeof replayed_side, "the core trapped");
    else if (kind == REALNAME_COMMAND_NONE) snprintf(replayed_side, sizeof replayed_side, "no command");
    else describe_command(replayed_side, sizeof replayed_side, seq, kind, out, length);
    snprintf(what, sizeof what, "command %u differs", (unsigned)seq);
    return differs(job, what);
  }
}

static void* replay(void* arg) {
  replay_job* job = arg;
  transcript_type type;
  transcript_begin(&reader, job->text);
  type = transcript_next(&reader, &next_entry);
  while (type != TRANSCRIPT_END) {
    int32_t result;
    if (type == TRANSCRIPT_BAD) { malformed(job); return NULL; }
    if (type == TRANSCRIPT_START) {
      if (core_fresh(job->c) != 0) exit(1);
      type = transcript_next(&reader, &next_entry);
      continue;
    }
    if (type == TRANSCRIPT_COMMAND) {
      snprintf(reader.error, sizeof reader.error, "line %u: a command without its event", reader.line);
      malformed(job);
      return NULL;
    }
    memcpy(&event_entry, &next_entry, sizeof event_entry);
    job->events++;
    if (event_entry.trapped) {
      snprintf(recorded_side, sizeof recorded_side, "the core trapped");
      snprintf(replayed_side, sizeof replayed_side, "not replayed");
      differs(job, "the recording shows a core fault (a bug in the core)");
      return NULL;
    }
    if (core_set_input(job->c, 0, event_entry.payload, event_entry.length) != 0) {
      snprintf(reader.error, sizeof reader.error, "line %u: payload larger than the input buffer", reader.line);
      malformed(job);
      return NULL;
    }
    result = CALL4(job->c, handle, event_entry.kind, event_entry.length, event_entry.date, event_entry.time);
    if (result != event_entry.result) {
      describe_result(recorded_side, sizeof recorded_side, event_entry.result);
      describe_result(replayed_side, sizeof replayed_side, result);
      differs(job, "handle() differs");
      return NULL;
    }
    result = CALL0(job->c, nextDeadline);
    if (result != event_entry.deadline) {
      snprintf(recorded_side, sizeof recorded_side, "nextDeadline() = %d", (int)event_entry.deadline);
      if (result == CORE_TRAPPED) snprintf(replayed_side, sizeof replayed_side, "the core trapped");
      else snprintf(replayed_side, sizeof replayed_side, "nextDeadline() = %d", (int)result);
      differs(job, "nextDeadline() differs");
      return NULL;
    }
    if (replay_commands(job, &type) != 0) return NULL;
  }
  return NULL;
}

/* ---- the stack meter ------------------------------------------------------- */

#define STACK_BYTES (256u * 1024u)
#define PAINT 0xA5
static unsigned char stack_area[STACK_BYTES] __attribute__((aligned(4096)));

/* Runs fn on a thread whose stack (stack_area) was painted; returns the bytes it touched. */
static size_t stack_used(void* (*fn)(void*), void* arg) {
  pthread_attr_t attr;
  pthread_t thread;
  size_t untouched = 0;
  memset(stack_area, PAINT, sizeof stack_area);
  if (pthread_attr_init(&attr) != 0 || pthread_attr_setstack(&attr, stack_area, sizeof stack_area) != 0 ||
      pthread_create(&thread, &attr, fn, arg) != 0 || pthread_join(thread, NULL) != 0) {
    fprintf(stderr, "replay: cannot start the measuring thread\n");
    exit(2);
  }
  pthread_attr_destroy(&attr);
  while (untouched < STACK_BYTES && stack_area[untouched] == PAINT) untouched++; /* the stack grows down */
  return STACK_BYTES - untouched;
}

static void* nothing(void* arg) { return arg; }

/* ---- main ------------------------------------------------------------------- */

static char* read_file(const char* path) {
  FILE* f = fopen(path, "rb");
  char* text;
  long size;
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    if (f) fclose(f);
    return NULL;
  }
  text = malloc((size_t)size + 1);
  if (text && fread(text, 1, (size_t)size, f) != (size_t)size) { free(text); text = NULL; }
  if (text) text[size] = '\0';
  fclose(f);
  return text;
}

int main(int argc, char** argv) {
  static core c;
  int i, first = 1, measure = 0, failed = 0;
  size_t baseline = 0;
  if (argc > 1 && strcmp(argv[1], "--stack") == 0) { measure = 1; first = 2; }
  if (first >= argc) { fprintf(stderr, "usage: replay [--stack] FILE...\n"); return 2; }
  if (core_open(&c) != 0) return 1;
  if (require_version("abiVersion", "ABI", CALL0(&c, abiVersion), REALNAME_ABI_VERSION) != 0) return 1;
  if (require_version("flowVersion", "flow", CALL0(&c, flowVersion), REALNAME_FLOW_VERSION) != 0) return 1;
  if (measure) baseline = stack_used(nothing, NULL); /* the thread's own start-up, not the replay's */
  for (i = first; i < argc; i++) {
    replay_job job;
    char* text = read_file(argv[i]);
    if (text == NULL) { fprintf(stderr, "replay: cannot read %s\n", argv[i]); return 2; }
    memset(&job, 0, sizeof job);
    job.text = text;
    job.c = &c;
    replay(&job);
    if (measure && job.status == 0) {
      /* Measured on the second run: the first resolved the C library's symbols (lazy
         binding), which takes stack of its own that a firmware image never spends. */
      memset(&job, 0, sizeof job);
      job.text = text;
      job.c = &c;
      printf("%s: stack %lu bytes\n", argv[i], (unsigned long)(stack_used(replay, &job) - baseline));
    }
    if (job.status == 0) printf("%s: %u events, %u commands replayed identically\n", argv[i], (unsigned)job.events, (unsigned)job.commands);
    else printf("%s: %s\n%s\n", argv[i], job.status == 1 ? "differs" : "not a transcript of this ABI", message);
    failed |= job.status != 0;
    free(text);
  }
  printf("restarts=%u\n", c.restarts);
  core_close(&c);
  return failed;
}
