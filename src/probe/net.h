/* lanlease-probe: the two transports. L2: an AF_PACKET socket on an
 * interface, sending whole Ethernet frames (any source MAC) and reading
 * through a BPF filter. Relay: a UDP socket on port 67 of a local
 * address, talking to a server as a relay agent does (RFC 1542), which
 * needs no raw socket. */
#ifndef LL_PROBE_NET_H
#define LL_PROBE_NET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iface.h"

struct ll_xport {
	bool relay;
	int fd;
	struct ll_iface ifc;       /* L2 */
	uint32_t local, server;    /* relay: local address, server address */
	uint16_t port;             /* relay: local port (67) */
};

/* L2 transport on ifname; filter is a pcap filter expression. */
int ll_xport_l2(struct ll_xport *x, const char *ifname, const char *filter);
/* Relay transport: binds local:port (local 0: the address that routes to
 * server), sends to server:67. */
int ll_xport_relay(struct ll_xport *x, uint32_t local, uint32_t server,
		   uint16_t port);
void ll_xport_close(struct ll_xport *x);

/* Sends a frame (L2) or a payload (relay). */
int ll_xport_send_frame(struct ll_xport *x, const uint8_t *f, size_t n);
int ll_xport_send_udp(struct ll_xport *x, uint32_t dst, uint16_t dport,
		      const uint8_t *p, size_t n);

/* Receives one datagram within timeout_ms: on L2 the whole frame, on
 * relay the UDP payload (with *src the sender). Returns the length, 0
 * on timeout, or -errno. */
long ll_xport_recv(struct ll_xport *x, uint8_t *buf, size_t cap,
		   int timeout_ms, uint32_t *src);

/* Monotonic milliseconds. */
int64_t ll_now_ms(void);
#endif
