/* lanleased: ICMP echo conflict check (see ping.h; RFC 792 messages,
 * RFC 2131 section 4.4.1: a server SHOULD probe an address before
 * allocating it). */
#include "ping.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int ll_ping_open(void)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			IPPROTO_ICMP);
	return fd < 0 ? -errno : fd;
}

/* The Internet checksum (RFC 1071). */
static uint16_t ll__csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

static int64_t ll__ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An echo reply from ip with our id and seq in buf (an IP datagram). */
static int ll__is_reply(const uint8_t *b, size_t n, uint32_t ip,
			uint16_t id, uint16_t seq)
{
	if (n < 20 || (b[0] >> 4) != 4)
		return 0;
	size_t hl = (size_t)(b[0] & 15) * 4;
	uint32_t src = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
		       (uint32_t)b[14] << 8 | b[15];
	const uint8_t *ic = b + hl;
	return hl >= 20 && n >= hl + 8 && src == ip && ic[0] == ICMP_ECHOREPLY &&
	       (ic[4] << 8 | ic[5]) == id && (ic[6] << 8 | ic[7]) == seq;
}

int ll_ping(int fd, uint32_t ip, uint16_t id, uint16_t seq,
	    unsigned timeout_ms)
{
	uint8_t m[16] = { ICMP_ECHO, 0, 0, 0, (uint8_t)(id >> 8), (uint8_t)id,
			  (uint8_t)(seq >> 8), (uint8_t)seq, 'l', 'a', 'n',
			  'l', 'e', 'a', 's', 'e' };
	uint16_t c = ll__csum(m, sizeof(m));
	m[2] = (uint8_t)(c >> 8);
	m[3] = (uint8_t)c;
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(ip) };
	if (sendto(fd, m, sizeof(m), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		return -errno;
	int64_t end = ll__ms() + timeout_ms;
	for (int64_t left = timeout_ms; left > 0; left = end - ll__ms()) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		uint8_t b[1500];
		ssize_t r;
		while ((r = recv(fd, b, sizeof(b), 0)) > 0)
			if (ll__is_reply(b, (size_t)r, ip, id, seq))
				return 1;
	}
	return 0;
}
