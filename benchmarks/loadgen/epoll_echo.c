/*
 * epoll_echo: a minimal single-threaded C epoll echo server, the harness's lower bound for what one
 * core can do. epoll_echo PORT. Level-triggered; reads up to 64 KiB and writes it straight back;
 * when the socket cannot take everything, the rest is kept and written on EPOLLOUT before reading
 * again (so it has flow control, like the servers it is compared with).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536

typedef struct { int fd; char *pending; int off, len; } conn_t;

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s PORT\n", argv[0]); return 2; }
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 1024) < 0) { perror("listen"); return 1; }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    static char buf[BUF];
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, -1);
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            if (c == NULL) {
                for (;;) {
                    int fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
                    if (fd < 0) break;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn_t *nc = calloc(1, sizeof *nc);
                    nc->fd = fd;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            if (c->len > 0 && (evs[i].events & EPOLLOUT)) {
                ssize_t w = write(c->fd, c->pending + c->off, c->len - c->off);
                if (w > 0) c->off += (int)w;
                if (c->off == c->len) {
                    c->len = c->off = 0;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
                }
                continue;
            }
            if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                ssize_t r = read(c->fd, buf, BUF);
                if (r == 0 || (r < 0 && errno != EAGAIN)) {
                    close(c->fd);
                    free(c->pending);
                    free(c);
                    continue;
                }
                if (r < 0) continue;
                ssize_t w = write(c->fd, buf, (size_t)r);
                if (w < 0) w = 0;
                if (w < r) {
                    if (!c->pending) c->pending = malloc(BUF);
                    memcpy(c->pending, buf + w, (size_t)(r - w));
                    c->off = 0;
                    c->len = (int)(r - w);
                    struct epoll_event e = {.events = EPOLLOUT, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
                }
            }
        }
    }
}
