/* ll-responder ADDR [--fragile-len N] [--threads T]: a trivial DHCP
 * server for load and fuzz tests. Listens on ADDR:67 (relayed traffic),
 * answers every DISCOVER with an OFFER and every REQUEST with an ACK,
 * sent to giaddr:67, with recvmmsg/sendmmsg batches and no per-packet
 * allocation. With --fragile-len N it stops answering for good after it
 * receives a datagram of exactly N bytes (the fuzz test's "crash").
 * With --threads T, T sockets of a reuseport group share the requests,
 * steered by chaddr (see src/common/steer.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pthread.h>

#include "lanlease/lanlease.h"
#include "steer.h"

#define BATCH 64
#define PKT 1500

static volatile sig_atomic_t stop;

static void on_sig(int s)
{
	(void)s;
	stop = 1;
}

/* Turns a request into its reply in place; returns the new length or 0
 * when there is nothing to answer. m is scratch space. */
static int answer(struct ll_msg *m, uint8_t *b, size_t n,
		  struct sockaddr_in *to, uint32_t server)
{
	if (ll_msg_parse(m, b, n, NULL) != LL_OK || m->op != 1 || !m->giaddr)
		return 0;
	uint8_t t = (uint8_t)ll_msg_type(m);
	if (t != LL_DISCOVER && t != LL_REQUEST)
		return 0;
	/* yiaddr 10.x.y.z from the last three bytes of chaddr: stable */
	uint32_t yi = 0x0a000000u | ((uint32_t)m->chaddr[3] << 16) |
		      ((uint32_t)m->chaddr[4] << 8) | m->chaddr[5];
	uint8_t sid[4] = { (uint8_t)(server >> 24), (uint8_t)(server >> 16),
			   (uint8_t)(server >> 8), (uint8_t)server };
	uint8_t yb[4] = { (uint8_t)(yi >> 24), (uint8_t)(yi >> 16),
			  (uint8_t)(yi >> 8), (uint8_t)yi };
	b[0] = 2;
	memcpy(b + 16, yb, 4);
	uint8_t *o = b + 240;
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
	to->sin_addr.s_addr = htonl(m->giaddr);
	return (int)len;
}

struct worker {
	int fd;
	uint32_t addr;
	long fragile;
	unsigned long answered;
	struct ll_msg m;
	uint8_t bufs[BATCH][PKT];
	struct mmsghdr in[BATCH], out[BATCH];
	struct iovec iin[BATCH], iout[BATCH];
	struct sockaddr_in to[BATCH];
};

/* Replies of one batch that all go to the same relay with the same
 * length leave as one UDP GSO send (UDP_SEGMENT); returns false when
 * they do not qualify or GSO fails. */
static bool send_gso(struct worker *w, int k)
{
	if (k < 2)
		return false;
	for (int i = 1; i < k; i++)
		if (w->iout[i].iov_len != w->iout[0].iov_len ||
		    w->to[i].sin_addr.s_addr != w->to[0].sin_addr.s_addr)
			return false;
	char ctl[CMSG_SPACE(sizeof(uint16_t))];
	struct msghdr mh = { .msg_name = &w->to[0], .msg_namelen = sizeof(w->to[0]),
			     .msg_iov = w->iout, .msg_iovlen = (size_t)k,
			     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_UDP;
	cm->cmsg_type = UDP_SEGMENT;
	cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
	uint16_t seg = (uint16_t)w->iout[0].iov_len;
	memcpy(CMSG_DATA(cm), &seg, sizeof(seg));
	return sendmsg(w->fd, &mh, 0) >= 0;
}

static void *serve(void *arg)
{
	struct worker *w = arg;
	struct timeval tv = { 0, 200000 };
	int dead = 0;
	setsockopt(w->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (int i = 0; i < BATCH; i++) {
		w->iin[i] = (struct iovec){ w->bufs[i], PKT };
		w->in[i].msg_hdr = (struct msghdr){ .msg_iov = &w->iin[i],
						    .msg_iovlen = 1 };
	}
	while (!stop) {
		int n = recvmmsg(w->fd, w->in, BATCH, MSG_WAITFORONE, NULL);
		int k = 0;
		for (int i = 0; i < n; i++) {
			if ((long)w->in[i].msg_len == w->fragile)
				dead = 1;
			int len = dead ? 0 : answer(&w->m, w->bufs[i],
						    w->in[i].msg_len, &w->to[k],
						    w->addr);
			if (len <= 0)
				continue;
			w->iout[k] = (struct iovec){ w->bufs[i], (size_t)len };
			w->out[k].msg_hdr = (struct msghdr){
				.msg_name = &w->to[k], .msg_namelen = sizeof(w->to[k]),
				.msg_iov = &w->iout[k], .msg_iovlen = 1 };
			k++;
		}
		for (int s = send_gso(w, k) ? k : 0; s < k;) {
			int r = sendmmsg(w->fd, w->out + s, (unsigned)(k - s), 0);
			if (r <= 0)
				break;
			s += r;
		}
		w->answered += (unsigned long)k;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long fragile = -1;
	unsigned threads = 1;
	uint32_t addr;
	if (argc < 2 || ll_ip_parse(argv[1], strlen(argv[1]), &addr)) {
		fprintf(stderr, "usage: ll-responder ADDR [--fragile-len N] "
			"[--threads T]\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--fragile-len"))
			fragile = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--threads"))
			threads = (unsigned)atoi(argv[i + 1]);
	}
	int fds[64];
	if (ll_steer_group(fds, threads, addr, 67) < 0) {
		perror("ll-responder: bind");
		return 1;
	}
	signal(SIGTERM, on_sig);
	signal(SIGINT, on_sig);
	struct worker *w = calloc(threads, sizeof(*w));
	pthread_t th[64];
	if (!w)
		return 1;
	for (unsigned t = 0; t < threads; t++) {
		w[t].fd = fds[t];
		w[t].addr = addr;
		w[t].fragile = fragile;
		if (t)
			pthread_create(&th[t], NULL, serve, &w[t]);
	}
	serve(&w[0]);
	unsigned long answered = w[0].answered;
	for (unsigned t = 1; t < threads; t++) {
		pthread_join(th[t], NULL);
		answered += w[t].answered;
	}
	fprintf(stderr, "ll-responder: answered %lu\n", answered);
	free(w);
	return 0;
}
