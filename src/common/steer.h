/* Spreading DHCP datagrams over the sockets of a SO_REUSEPORT group by
 * a byte of chaddr, so each thread receives the replies (or requests)
 * of the clients it owns, although they all share one 4-tuple. */
#ifndef LL_STEER_H
#define LL_STEER_H
#include <stdint.h>

/* Opens n UDP sockets bound to addr:port in one reuseport group and
 * steers each datagram to socket chaddr[5] % n (n a power of two up to
 * 64). Fills fds; returns 0 or -errno. */
int ll_steer_group(int *fds, unsigned n, uint32_t addr, uint16_t port);
#endif
