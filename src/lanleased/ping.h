/* lanleased: the conflict check before an OFFER from a pool (ICMP echo,
 * as ISC dhcpd's ping-check and Kea's ping_check hook): an address that
 * answers is in use by someone the server does not know. */
#ifndef LL_LANLEASED_PING_H
#define LL_LANLEASED_PING_H
#include <stdint.h>

/* A raw ICMP socket (needs CAP_NET_RAW: opened before privileges are
 * dropped); -errno on failure. */
int ll_ping_open(void);
/* 1 when ip (host order) answered an echo within timeout_ms, 0 when it
 * did not, -errno when the echo could not be sent. id tells this
 * worker's echoes from others'. */
int ll_ping(int fd, uint32_t ip, uint16_t id, uint16_t seq,
	    unsigned timeout_ms);
#endif
