/*
 * Transcripts (docs/TRANSCRIPTS.md): every event handed to the core, with its clock and
 * what handle() returned, and every command it gave, one line each. The reader works on
 * text in memory (a file read whole, or a transcript kept in flash) and checks every
 * kind's name against realname.h's vocabulary; the writer is what host.c records with.
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <stdint.h>
#include <stdio.h>

#include "realname.h"

/* A payload never exceeds the larger buffer: events fill the input, commands the output. */
#define TRANSCRIPT_PAYLOAD_MAX \
  (REALNAME_INPUT_CAPACITY > REALNAME_OUTPUT_CAPACITY ? REALNAME_INPUT_CAPACITY : REALNAME_OUTPUT_CAPACITY)

typedef enum {
  TRANSCRIPT_END,     /* no more entries */
  TRANSCRIPT_START,   /* instantiate the module afresh */
  TRANSCRIPT_EVENT,
  TRANSCRIPT_COMMAND,
  TRANSCRIPT_BAD      /* not well formed, or of another ABI: the reader's error says why */
} transcript_type;

typedef struct {
  transcript_type type;
  uint32_t seq;            /* event or command number, from 1 */
  int32_t kind;
  int32_t date, time;      /* event: YYYYMMDD and hhmmss as passed to handle() */
  int32_t result;          /* event: what handle() returned */
  int32_t deadline;        /* event: what nextDeadline() returned after it (-1 after a trap: not asked) */
  int trapped;             /* event: RESULT was `trap` (the core faulted while recording) */
  uint32_t length;
  uint8_t payload[TRANSCRIPT_PAYLOAD_MAX];
} transcript_entry;

typedef struct {
  const char* next;        /* the text not read yet */
  unsigned line;
  int header;              /* header lines read: the format line, then the versions */
  int started;             /* a `start` was read: events may follow */
  uint32_t events, commands;
  char error[240];
} transcript_reader;

void transcript_begin(transcript_reader* r, const char* text);
/* The next entry; TRANSCRIPT_END at the end, TRANSCRIPT_BAD (r->error names the line) on a bad line. */
transcript_type transcript_next(transcript_reader* r, transcript_entry* e);

/* Writing, as host/transcript/format.ts does (without its notes). */
void transcript_write_header(FILE* f, const char* comment);
void transcript_write_start(FILE* f);
void transcript_write_event(FILE* f, uint32_t seq, int32_t kind, int32_t date, int32_t time, int32_t result,
                            int32_t deadline, const uint8_t* payload, uint32_t length);
void transcript_write_command(FILE* f, uint32_t seq, int32_t kind, const uint8_t* payload, uint32_t length);

/* Payload bytes as a transcript writes them (upper-case hex, "-" when empty) into out (2 * length + 2 bytes). */
void transcript_hex(char* out, const uint8_t* payload, uint32_t length);

#endif /* TRANSCRIPT_H */
