/* Small helpers shared by the publisher benchmark's C programs (load generator,
 * nchan publish driver, libsse hub): the wall clock that publisher and receiver
 * compare across processes, descriptor limits, and non-blocking loopback sockets. */
#ifndef BENCH_NET_H
#define BENCH_NET_H

#include <stdint.h>

/* CLOCK_REALTIME in nanoseconds: the publisher writes it into each event and the
 * receiver subtracts it from its own reading; both run on this machine, and the Go
 * hub can only read this clock (time.Now().UnixNano()). */
int64_t bench_now_ns(void);

/* Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit. */
long bench_raise_nofile(void);

/* Splits "HOST:PORT"; 0 on success, -1 on a malformed address. host gets at most
 * host_cap - 1 characters. */
int bench_parse_addr(const char *addr, char *host, unsigned host_cap, unsigned *port);

/* Starts a non-blocking TCP connect to host:port (TCP_NODELAY set); returns the
 * descriptor, or -1 with errno set. Completion shows as EPOLLOUT, then SO_ERROR. */
int bench_connect_start(const char *host, unsigned port);

/* 0 when a started connect has succeeded, else the errno it failed with. */
int bench_connect_result(int fd);

/* Closes with an RST (SO_LINGER 0): a benchmark opens tens of thousands of
 * connections, and TIME_WAIT on each would exhaust the loopback's ephemeral ports. */
void bench_close_abort(int fd);

#endif
