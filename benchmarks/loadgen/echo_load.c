/*
 * echo_load: an epoll load generator for echo servers (one thread, so it can be pinned to one core).
 *
 *   echo_load HOST PORT pingpong CONNS SECONDS [MSGSIZE]   ping-pong of MSGSIZE-byte messages (default 64)
 *   echo_load HOST PORT bulk     CONNS SECONDS [CHUNK]     stream CHUNK-byte writes (default 16384), read the echo
 *   echo_load HOST PORT idle     CONNS SECONDS             open CONNS connections and hold them
 *
 * Prints one line of key=value pairs: conns, msgs, rate (messages/s or bytes/s), p50_us, p99_us, errors.
 * Each connection in pingpong mode has exactly one message in flight, so throughput is bounded by
 * latency, as in the workload; echoed bytes are checked against what was sent.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_US 1000000 /* latencies are bucketed per microsecond up to 1 s */

typedef struct {
    int fd;
    size_t got;          /* bytes of the current echo received (pingpong) */
    uint64_t sent_at;    /* when the current message was sent (ns) */
    uint64_t inflight;   /* bytes written and not yet echoed (bulk) */
    uint32_t seq;
} conn_t;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint32_t *hist;
static uint64_t hist_n;

static void record(uint64_t ns) {
    uint64_t us = ns / 1000;
    if (us >= MAX_US) us = MAX_US - 1;
    hist[us]++;
    hist_n++;
}

static uint64_t percentile(double p) {
    uint64_t target = (uint64_t)(p * hist_n), acc = 0;
    for (uint64_t i = 0; i < MAX_US; i++) {
        acc += hist[i];
        if (acc > target) return i;
    }
    return MAX_US;
}

static int connect_one(struct sockaddr_in *addr) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)addr, sizeof *addr) < 0) { close(fd); return -1; }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

static void fill(unsigned char *buf, size_t n, uint32_t seq) {
    for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)(seq * 131 + i);
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT pingpong|bulk|idle CONNS SECONDS [SIZE]\n", argv[0]);
        return 2;
    }
    const char *mode = argv[3];
    int nconns = atoi(argv[4]);
    double seconds = atof(argv[5]);
    size_t size = argc > 6 ? (size_t)atol(argv[6]) : (strcmp(mode, "bulk") == 0 ? 16384 : 64);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &addr.sin_addr);
    hist = calloc(MAX_US, sizeof *hist);
    conn_t *conns = calloc(nconns, sizeof *conns);
    unsigned char *out = malloc(size), *in = malloc(size > 65536 ? size : 65536), *expect = malloc(size);
    int ep = epoll_create1(0);
    int errors = 0, open_conns = 0;
    for (int i = 0; i < nconns; i++) {
        int fd = connect_one(&addr);
        if (fd < 0) { errors++; conns[i].fd = -1; continue; }
        conns[i].fd = fd;
        open_conns++;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    int pingpong = strcmp(mode, "pingpong") == 0, bulk = strcmp(mode, "bulk") == 0;
    uint64_t start = now_ns(), end = start + (uint64_t)(seconds * 1e9);
    uint64_t msgs = 0, bytes = 0;
    if (pingpong) {
        for (int i = 0; i < nconns; i++) {
            if (conns[i].fd < 0) continue;
            fill(out, size, conns[i].seq);
            conns[i].sent_at = now_ns();
            if (write(conns[i].fd, out, size) != (ssize_t)size) errors++;
        }
    } else if (bulk) {
        fill(out, size, 7);
        for (int i = 0; i < nconns; i++) {
            if (conns[i].fd < 0) continue;
            struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = (uint32_t)i};
            epoll_ctl(ep, EPOLL_CTL_MOD, conns[i].fd, &ev);
        }
    }
    struct epoll_event events[512];
    const uint64_t max_inflight = 4 * 65536;
    while (now_ns() < end) {
        int n = epoll_wait(ep, events, 512, 100);
        for (int k = 0; k < n; k++) {
            conn_t *c = &conns[events[k].data.u32];
            if (c->fd < 0) continue;
            if (events[k].events & (EPOLLERR | EPOLLHUP)) { errors++; close(c->fd); c->fd = -1; open_conns--; continue; }
            if (events[k].events & EPOLLIN) {
                ssize_t r = read(c->fd, in, pingpong ? size - c->got : 65536);
                if (r == 0 || (r < 0 && errno != EAGAIN)) { errors++; close(c->fd); c->fd = -1; open_conns--; continue; }
                if (r > 0) {
                    if (pingpong) {
                        fill(expect, size, c->seq);
                        if (memcmp(in, expect + c->got, (size_t)r) != 0) errors++;
                        c->got += (size_t)r;
                        if (c->got == size) {
                            uint64_t t = now_ns();
                            record(t - c->sent_at);
                            msgs++;
                            c->got = 0;
                            c->seq++;
                            fill(out, size, c->seq);
                            c->sent_at = t;
                            if (write(c->fd, out, size) != (ssize_t)size) errors++;
                        }
                    } else if (bulk) {
                        bytes += (uint64_t)r;
                        c->inflight -= (uint64_t)r;
                        if (c->inflight < max_inflight) {
                            struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = events[k].data.u32};
                            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                        }
                    } else {
                        errors++; /* idle connections should get nothing */
                    }
                }
            }
            if (bulk && (events[k].events & EPOLLOUT) && c->fd >= 0) {
                while (c->inflight < max_inflight) {
                    ssize_t w = write(c->fd, out, size);
                    if (w <= 0) break;
                    c->inflight += (uint64_t)w;
                    msgs++;
                }
                if (c->inflight >= max_inflight) {
                    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = events[k].data.u32};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
        }
    }
    double elapsed = (now_ns() - start) / 1e9;
    if (pingpong) {
        printf("mode=pingpong conns=%d open=%d msgs=%llu rate=%.0f p50_us=%llu p99_us=%llu errors=%d\n", nconns, open_conns,
               (unsigned long long)msgs, msgs / elapsed, (unsigned long long)percentile(0.5),
               (unsigned long long)percentile(0.99), errors);
    } else if (bulk) {
        printf("mode=bulk conns=%d open=%d bytes=%llu rate=%.0f p50_us=0 p99_us=0 errors=%d\n", nconns, open_conns,
               (unsigned long long)bytes, bytes / elapsed, errors);
    } else {
        printf("mode=idle conns=%d open=%d msgs=0 rate=0 p50_us=0 p99_us=0 errors=%d\n", nconns, open_conns, errors);
    }
    return 0;
}
