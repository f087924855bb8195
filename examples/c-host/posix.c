/*
 * The device ports (ports.h) on a POSIX machine: the modem is a TCP client of the
 * acquirer (`realname-pos acquirer`), storage an append-only file fsync'd before a
 * record counts as saved, the display and printer lines on stdout, randomness from
 * /dev/urandom, the clock the C library's.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ports.h"

#define CONNECT_TIMEOUT_MS 3000
#define STORE_RECORDS_MAX 1024

static char acquirer_host[256];
static char acquirer_port[8];
static int link_fd = -1;
static uint8_t received[2 * PORT_FRAME_MAX]; /* bytes read and not yet delivered as frames */
static uint32_t received_length;
static int store_fd = -1;
static char store_path[1024];

int posix_ports_open(const char* acquirer, const char* store) {
  if (acquirer) {
    const char* colon = strrchr(acquirer, ':');
    if (!colon || colon == acquirer || (size_t)(colon - acquirer) >= sizeof acquirer_host || strlen(colon + 1) >= sizeof acquirer_port) {
      fprintf(stderr, "the acquirer must be HOST:PORT (got %s)\n", acquirer);
      return -1;
    }
    memcpy(acquirer_host, acquirer, (size_t)(colon - acquirer));
    strcpy(acquirer_port, colon + 1);
  }
  if (store && strlen(store) >= sizeof store_path - 4) {
    fprintf(stderr, "the record file's path is too long\n");
    return -1;
  }
  if (store) strcpy(store_path, store);
  if (store && (store_fd = open(store, O_RDWR | O_CREAT | O_APPEND, 0600)) < 0) {
    fprintf(stderr, "cannot open the record file %s: %s\n", store, strerror(errno));
    return -1;
  }
  return 0;
}

/* ---- clock ------------------------------------------------------------------ */

int32_t port_date(void) {
  time_t now = time(NULL);
  struct tm t;
  localtime_r(&now, &t);
  return (int32_t)((t.tm_year + 1900) * 10000 + (t.tm_mon + 1) * 100 + t.tm_mday);
}

int32_t port_time(void) {
  time_t now = time(NULL);
  struct tm t;
  localtime_r(&now, &t);
  return (int32_t)(t.tm_hour * 10000 + t.tm_min * 100 + t.tm_sec);
}

uint64_t port_monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- display and printer: one key=value line each (tests/host/c-host.test.ts reads them) */

/* Text with its line breaks shown as " / ", ending the line. */
static void put_lines(const uint8_t* text, uint32_t length) {
  uint32_t i;
  for (i = 0; i < length; i++) {
    if (text[i] == '\n') fputs(" / ", stdout);
    else putchar(text[i]);
  }
  putchar('\n');
  fflush(stdout);
}

void port_show(const uint8_t* show, uint32_t length) {
  if (length < 2) return;
  printf("show=%u:", (unsigned)(show[0] << 8 | show[1]));
  put_lines(show + 2, length - 2);
}

void port_print(const uint8_t* receipt, uint32_t length) {
  fputs("print=", stdout);
  put_lines(receipt, length);
}

void port_log(const uint8_t* line, uint32_t length) {
  fputs("log=", stdout);
  put_lines(line, length);
}

void port_random(uint8_t* out, uint32_t count) {
  FILE* urandom = fopen("/dev/urandom", "rb");
  size_t got = urandom ? fread(out, 1, count, urandom) : 0;
  if (urandom) fclose(urandom);
  if (got != count) {
    fprintf(stderr, "no random bytes from /dev/urandom\n");
    exit(1);
  }
}

/* ---- modem -------------------------------------------------------------------- */

int port_modem_connect(void) {
  struct addrinfo hints, *found = NULL;
  struct pollfd p;
  int fd = -1, error = 0, one = 1;
  socklen_t size = sizeof error;
  port_modem_disconnect();
  if (acquirer_host[0] == '\0') return -1;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(acquirer_host, acquirer_port, &hints, &found) != 0) return -1;
  fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  /* A connection attempt is bounded: non-blocking connect, then poll. */
  if (fd >= 0 && fcntl(fd, F_SETFL, O_NONBLOCK) == 0 && (connect(fd, found->ai_addr, found->ai_addrlen) == 0 || errno == EINPROGRESS)) {
    p.fd = fd;
    p.events = POLLOUT;
    if (poll(&p, 1, CONNECT_TIMEOUT_MS) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0) {
      freeaddrinfo(found);
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      link_fd = fd;
      received_length = 0;
      return 0;
    }
  }
  if (fd >= 0) close(fd);
  freeaddrinfo(found);
  return -1;
}

int port_modem_send(const uint8_t* frame, uint32_t length) {
  uint32_t sent = 0;
  struct pollfd p;
  if (link_fd < 0) return 0; /* no link: the core's HOST deadline covers a frame that never left */
  p.fd = link_fd;
  p.events = POLLOUT;
  while (sent < length) {
    ssize_t n = write(link_fd, frame + sent, length - sent);
    if (n > 0) sent += (uint32_t)n;
    else if (n < 0 && errno == EAGAIN && poll(&p, 1, CONNECT_TIMEOUT_MS) == 1) continue;
    else {
      port_modem_disconnect();
      return -1;
    }
  }
  return 0;
}

void port_modem_disconnect(void) {
  if (link_fd >= 0) close(link_fd);
  link_fd = -1;
  received_length = 0;
}

/* A whole frame at the front of `received`, moved to frame: 1; 0 when it is not all there. */
static int take_frame(uint8_t* frame, uint32_t* length) {
  uint32_t size;
  if (received_length < 2) return 0;
  size = 2u + ((uint32_t)received[0] << 8 | received[1]);
  if (received_length < size) return 0;
  memcpy(frame, received, size);
  *length = size;
  memmove(received, received + size, received_length - size);
  received_length -= size;
  return 1;
}

int port_modem_wait(int timeout_ms, uint8_t* frame, uint32_t* length) {
  struct pollfd p;
  ssize_t n;
  if (link_fd < 0) {
    poll(NULL, 0, timeout_ms); /* nothing to wait for but time */
    return 0;
  }
  if (take_frame(frame, length)) return 1;
  p.fd = link_fd;
  p.events = POLLIN;
  if (poll(&p, 1, timeout_ms) != 1) return 0;
  n = read(link_fd, received + received_length, sizeof received - received_length);
  if (n < 0 && errno == EAGAIN) return 0;
  if (n <= 0) {
    port_modem_disconnect();
    return -1;
  }
  received_length += (uint32_t)n;
  /* A frame longer than the core's input buffer: the stream is unusable, as a modem dropping carrier. */
  if (received_length >= 2 && 2u + ((uint32_t)received[0] << 8 | received[1]) > PORT_FRAME_MAX) {
    port_modem_disconnect();
    return -1;
  }
  return take_frame(frame, length);
}

/* ---- storage: [4-byte big-endian length][record], appended and fsync'd --------------- */

static int write_entry(int fd, const uint8_t* record, uint32_t length);

int port_storage_append(const uint8_t* record, uint32_t length) {
  if (store_fd < 0 || write_entry(store_fd, record, length) != 0) return -1;
  return fsync(store_fd);
}

static int write_entry(int fd, const uint8_t* record, uint32_t length) {
  uint8_t prefix[4];
  prefix[0] = (uint8_t)(length >> 24);
  prefix[1] = (uint8_t)(length >> 16);
  prefix[2] = (uint8_t)(length >> 8);
  prefix[3] = (uint8_t)length;
  return write(fd, prefix, 4) == 4 && write(fd, record, length) == (ssize_t)length ? 0 : -1;
}

int port_storage_replace(const uint8_t* (*at)(uint32_t i, uint32_t* length), uint32_t count) {
  char next[sizeof store_path + 4];
  uint32_t i, length;
  int fd;
  if (store_fd < 0) return -1;
  snprintf(next, sizeof next, "%s.new", store_path);
  if ((fd = open(next, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) return -1;
  for (i = 0; i < count; i++) {
    const uint8_t* record = at(i, &length);
    if (write_entry(fd, record, length) != 0) { close(fd); return -1; }
  }
  /* The new file whole on storage before it takes the old one's name: a power cut leaves one or the other. */
  if (fsync(fd) != 0 || close(fd) != 0 || rename(next, store_path) != 0) return -1;
  close(store_fd);
  store_fd = open(store_path, O_RDWR | O_CREAT | O_APPEND, 0600);
  return store_fd < 0 ? -1 : 0;
}

/* The id line's length ("id=..." up to the first '\n'). */
static uint32_t id_length(const uint8_t* record, uint32_t length) {
  uint32_t n = 0;
  while (n < length && record[n] != '\n') n++;
  return n;
}

int port_storage_each(void (*each)(void* context, const uint8_t* record, uint32_t length), void* context) {
  static uint32_t at[STORE_RECORDS_MAX], size[STORE_RECORDS_MAX];
  uint8_t* file;
  off_t end;
  uint32_t count = 0, used = 0, i, j;
  if (store_fd < 0) return 0;
  end = lseek(store_fd, 0, SEEK_END);
  if (end < 0 || (file = malloc((size_t)end + 1)) == NULL || pread(store_fd, file, (size_t)end, 0) != end) return -1;
  while (used + 4 <= (uint32_t)end) {
    uint32_t n = (uint32_t)file[used] << 24 | (uint32_t)file[used + 1] << 16 | (uint32_t)file[used + 2] << 8 | file[used + 3];
    if (n > (uint32_t)end - used - 4) break;
    if (count == STORE_RECORDS_MAX) { free(file); return -1; } /* more than this example keeps track of */
    at[count] = used + 4;
    size[count++] = n;
    used += 4 + n;
  }
  /* A record the power cut short was never reported saved: drop it, so appends follow whole records. */
  if (used < (uint32_t)end && ftruncate(store_fd, (off_t)used) != 0) { free(file); return -1; }
  for (i = 0; i < count; i++) {
    uint32_t id = id_length(file + at[i], size[i]);
    int newer = 0;
    for (j = i + 1; j < count && !newer; j++) newer = id_length(file + at[j], size[j]) == id && memcmp(file + at[i], file + at[j], id) == 0;
    if (!newer) each(context, file + at[i], size[i]);
  }
  free(file);
  return 0;
}
