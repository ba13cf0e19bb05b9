/* ll-responder ADDR [--fragile-len N] [--count-file F]: a trivial DHCP
 * server for load and fuzz tests. Listens on ADDR:67 (relayed traffic),
 * answers every DISCOVER with an OFFER and every REQUEST with an ACK,
 * sent to giaddr:67, with recvmmsg/sendmmsg batches and no per-packet
 * allocation. With --fragile-len N it stops answering for good after it
 * receives a datagram of exactly N bytes (the fuzz test's "crash"). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lanlease/lanlease.h"

#define BATCH 64
#define PKT 1500

static volatile sig_atomic_t stop;

static void on_sig(int s)
{
	(void)s;
	stop = 1;
}

/* Turns a request into its reply in place; returns the new length or 0
 * when there is nothing to answer. */
static int answer(uint8_t *b, size_t n, struct sockaddr_in *to,
		  uint32_t server)
{
	static struct ll_msg m;
	if (ll_msg_parse(&m, b, n, NULL) != LL_OK || m.op != 1 || !m.giaddr)
		return 0;
	uint8_t t = (uint8_t)ll_msg_type(&m);
	if (t != LL_DISCOVER && t != LL_REQUEST)
		return 0;
	/* yiaddr from chaddr: 10.(200+mac4%50).mac5.mac6-ish, stable */
	uint32_t yi = 0x0a000000u | ((uint32_t)m.chaddr[3] << 16) |
		      ((uint32_t)m.chaddr[4] << 8) | m.chaddr[5];
	b[0] = 2;
	memcpy(b + 16, (uint8_t[]){ (uint8_t)(yi >> 24), (uint8_t)(yi >> 16),
				   (uint8_t)(yi >> 8), (uint8_t)yi }, 4);
	uint8_t *o = b + 240;
	uint8_t sid[4] = { (uint8_t)(server >> 24), (uint8_t)(server >> 16),
			   (uint8_t)(server >> 8), (uint8_t)server };
	*o++ = 53; *o++ = 1; *o++ = t == LL_DISCOVER ? LL_OFFER : LL_ACK;
	*o++ = 54; *o++ = 4; memcpy(o, sid, 4); o += 4;
	*o++ = 51; *o++ = 4; memcpy(o, "\x00\x00\x0e\x10", 4); o += 4;
	*o++ = 1; *o++ = 4; memcpy(o, "\xff\x00\x00\x00", 4); o += 4;
	*o++ = 255;
	size_t len = (size_t)(o - b);
	if (len < 300) {
		memset(o, 0, 300 - len);
		len = 300;
	}
	to->sin_family = AF_INET;
	to->sin_port = htons(67);
	to->sin_addr.s_addr = htonl(m.giaddr);
	return (int)len;
}

int main(int argc, char **argv)
{
	static uint8_t bufs[BATCH][PKT];
	static struct mmsghdr in[BATCH], out[BATCH];
	static struct iovec iin[BATCH], iout[BATCH];
	static struct sockaddr_in to[BATCH];
	long fragile = -1;
	uint32_t addr;
	if (argc < 2 || ll_ip_parse(argv[1], strlen(argv[1]), &addr)) {
		fprintf(stderr, "usage: ll-responder ADDR [--fragile-len N]\n");
		return 2;
	}
	if (argc == 4 && !strcmp(argv[2], "--fragile-len"))
		fragile = atol(argv[3]);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), big = 8 << 20;
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(67),
				  .sin_addr.s_addr = htonl(addr) };
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("bind");
		return 1;
	}
	signal(SIGTERM, on_sig);
	signal(SIGINT, on_sig);
	struct timeval tv = { 0, 200000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (int i = 0; i < BATCH; i++) {
		iin[i] = (struct iovec){ bufs[i], PKT };
		in[i].msg_hdr = (struct msghdr){ .msg_iov = &iin[i], .msg_iovlen = 1 };
	}
	int dead = 0;
	unsigned long answered = 0;
	while (!stop) {
		int n = recvmmsg(fd, in, BATCH, MSG_WAITFORONE, NULL);
		if (n <= 0)
			continue;
		int k = 0;
		for (int i = 0; i < n; i++) {
			if ((long)in[i].msg_len == fragile)
				dead = 1;
			int len = dead ? 0 : answer(bufs[i], in[i].msg_len, &to[k],
						    addr);
			if (len <= 0)
				continue;
			iout[k] = (struct iovec){ bufs[i], (size_t)len };
			out[k].msg_hdr = (struct msghdr){
				.msg_name = &to[k], .msg_namelen = sizeof(to[k]),
				.msg_iov = &iout[k], .msg_iovlen = 1 };
			k++;
		}
		for (int s = 0; s < k;) {
			int r = sendmmsg(fd, out + s, (unsigned)(k - s), 0);
			if (r <= 0)
				break;
			s += r;
		}
		answered += (unsigned long)k;
	}
	fprintf(stderr, "ll-responder: answered %lu\n", answered);
	return 0;
}
