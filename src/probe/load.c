/* lanlease-probe load: perfdhcp's job, faster.
 *
 * N simulated clients with distinct MACs run DORA, DISCOVER-OFFER, or
 * renewals of bound leases, against a server reached as a relay (UDP,
 * no raw sockets) or from an interface (L2 frames). One event loop
 * batches its system calls (sendmmsg/recvmmsg); requests are patched
 * into prebuilt wire templates, so nothing is built or allocated per
 * packet. Closed loop (a window of outstanding exchanges) or a fixed
 * rate; timeouts are a FIFO, since every exchange has the same one. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "craft.h"
#include "load.h"
#include "probe.h"

#define BATCH 64
#define FRAME 1600

static int64_t ll__us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Latency histogram: 10 us buckets up to 100 ms, then the max. */
static void ll__hist_add(struct ll_hist *h, int64_t us)
{
	size_t b = (size_t)(us / 10);
	h->buckets[b < LL_HIST_N ? b : LL_HIST_N - 1]++;
	h->n++;
	if (us > h->max_us)
		h->max_us = us;
}

double ll_hist_pct(const struct ll_hist *h, double p)
{
	uint64_t want = (uint64_t)((double)h->n * p), seen = 0;
	for (size_t b = 0; b < LL_HIST_N; b++) {
		seen += h->buckets[b];
		if (seen > want || (seen == h->n && seen))
			return (double)(b * 10 + 5) / 1000.0;
	}
	return 0;
}

/* One template per message kind, with the offsets to patch. */
static int ll__template(struct ll_load *L, struct ll_craft *c,
			struct ll_xport *x, int kind)
{
	static struct ll_msg m;
	static const uint8_t types[] = { LL_DISCOVER, LL_REQUEST, LL_REQUEST };
	struct ll__tpl *t = &L->tpl[kind];
	int e = ll_craft_msg(c, x, &m, types[kind]);
	if (e)
		return e;
	memset(m.chaddr, 0xEE, 6);
	uint8_t cid[7] = { 1, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE };
	if (ll_msg_has(&m, 61))
		ll_msg_set(&m, 61, cid, 7);
	if (kind == LL_TPL_SELECT) { /* RFC 2131 4.3.2 SELECTING */
		ll_msg_set_ip(&m, 50, 0xEEEEEEEE);
		ll_msg_set_ip(&m, 54, 0xDDDDDDDD);
	} else if (kind == LL_TPL_RENEW) { /* RENEWING: ciaddr, no 50/54 */
		m.ciaddr = 0xEEEEEEEE;
		ll_msg_del(&m, 50);
		ll_msg_del(&m, 54);
	}
	if (ll_msg_has(&m, 82))
		ll_msg_move_last(&m, 82);
	int n = ll_msg_build(&m, t->wire, sizeof(t->wire), 1500, c->min_len);
	if (n < 0)
		return LL_X_USAGE;
	t->len = (size_t)n;
	t->cid = t->o50 = t->o54 = 0;
	for (size_t i = 240; i + 2 < t->len; i += 2u + t->wire[i + 1]) {
		uint8_t code = t->wire[i];
		if (code == 255)
			break;
		if (code == 0) {
			i--;
			continue;
		}
		if (code == 61 && t->wire[i + 1] == 7)
			t->cid = i + 3;
		if (code == 50)
			t->o50 = i + 2;
		if (code == 54)
			t->o54 = i + 2;
	}
	return 0;
}

static void ll__put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Queues one request of client i (kind) for the next flush. */
static void ll__queue(struct ll_load *L, uint32_t i, int kind)
{
	struct ll__client *cl = &L->cl[i];
	const struct ll__tpl *t = &L->tpl[kind];
	uint8_t *f = L->out[L->nout];
	size_t hdr = L->relay ? 0 : LL_FRAME_HDRS;
	cl->seq++;
	uint32_t xid = i << 8 | (cl->seq & 0xFF);
	memcpy(f + hdr, t->wire, t->len);
	uint8_t *w = f + hdr;
	ll__put32(w + 4, xid);
	memcpy(w + 28, cl->mac, 6);
	if (t->cid)
		memcpy(w + t->cid, cl->mac, 6);
	if (kind == LL_TPL_SELECT) {
		ll__put32(w + t->o50, cl->yiaddr);
		ll__put32(w + t->o54, cl->sid);
	} else if (kind == LL_TPL_RENEW) {
		ll__put32(w + 12, cl->yiaddr);
	}
	if (!L->relay) {
		memcpy(f, t->hdr, LL_FRAME_HDRS);
		memcpy(f + 6, cl->mac, 6);
	}
	L->outlen[L->nout++] = hdr + t->len;
	cl->phase = kind == LL_TPL_DISCOVER ? LL_PH_OFFER : LL_PH_ACK;
	cl->t_us = ll__us();
	L->sent[kind]++;
	L->outstanding++;
	struct ll__to *q = &L->toq[L->toq_tail++ % L->ncl];
	q->idx = i;
	q->seq = cl->seq;
	q->deadline = cl->t_us + L->timeout_us;
}

/* UDP GSO (UDP_SEGMENT): a batch of equal-size datagrams to the one
 * server goes down the stack once and is cut into datagrams below it.
 * Returns false when it cannot be used, so the caller sends them one by
 * one. */
static bool ll__flush_gso(struct ll_load *L)
{
	static struct iovec iov[BATCH];
	char ctl[CMSG_SPACE(sizeof(uint16_t))];
	size_t seg = L->outlen[0];
	for (unsigned k = 0; k < L->nout; k++) {
		if (L->outlen[k] != seg)
			return false;
		iov[k] = (struct iovec){ L->out[k], seg };
	}
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = L->nout,
			     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_UDP;
	cm->cmsg_type = UDP_SEGMENT;
	cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
	uint16_t gso = (uint16_t)seg;
	memcpy(CMSG_DATA(cm), &gso, sizeof(gso));
	if (sendmsg(L->fd, &mh, 0) < 0) {
		L->gso = false; /* not supported here: never again */
		return false;
	}
	return true;
}

static void ll__flush(struct ll_load *L)
{
	static struct mmsghdr mm[BATCH];
	static struct iovec iov[BATCH];
	if (L->gso && L->nout > 1 && ll__flush_gso(L)) {
		L->nout = 0;
		return;
	}
	for (unsigned k = 0; k < L->nout; k++) {
		iov[k] = (struct iovec){ L->out[k], L->outlen[k] };
		mm[k].msg_hdr = (struct msghdr){
			.msg_name = L->connected ? NULL : L->relay ? (void *)&L->srv
								   : (void *)&L->sll,
			.msg_namelen = L->connected ? 0 : L->relay ? sizeof(L->srv)
								   : sizeof(L->sll),
			.msg_iov = &iov[k], .msg_iovlen = 1 };
	}
	for (unsigned s = 0; s < L->nout;) {
		int r = sendmmsg(L->fd, mm + s, L->nout - s, 0);
		if (r <= 0) {
			L->send_errors += L->nout - s;
			break;
		}
		s += (unsigned)r;
	}
	L->nout = 0;
}

/* Idle clients wait in a ring; the next one to start is at its head. */
static void ll__idle_push(struct ll_load *L, uint32_t i)
{
	L->idle[L->idle_tail++ % L->ncl] = i;
	L->cl[i].phase = LL_PH_IDLE;
}

static void ll__start(struct ll_load *L, uint32_t i)
{
	struct ll__client *cl = &L->cl[i];
	int kind = L->mode == LL_MODE_RENEW && cl->yiaddr ? LL_TPL_RENEW
							  : LL_TPL_DISCOVER;
	ll__queue(L, i, kind);
	if (L->nout == BATCH)
		ll__flush(L);
}

static void ll__done(struct ll_load *L, uint32_t i, bool counted)
{
	L->outstanding--;
	if (counted && L->measuring) {
		L->exchanges++;
		atomic_store_explicit(&L->live_exchanges, L->exchanges,
				      memory_order_relaxed);
	}
	if (!L->stopping)
		ll__idle_push(L, i);
	else
		L->cl[i].phase = LL_PH_IDLE;
}

/* A reply: match xid and chaddr, then move the client on. */
static void ll__reply(struct ll_load *L, const uint8_t *p, size_t n)
{
	struct ll_msg *m = &L->rx;
	if (ll_msg_parse(m, p, n, NULL) != LL_OK || m->op != LL_BOOTREPLY) {
		L->bad_replies++;
		return;
	}
	uint32_t i = m->xid >> 8;
	if (i >= L->ncl)
		return;
	struct ll__client *cl = &L->cl[i];
	if ((m->xid & 0xFF) != (cl->seq & 0xFF) || memcmp(m->chaddr, cl->mac, 6) ||
	    cl->phase == LL_PH_IDLE)
		return; /* late or foreign */
	int64_t lat = ll__us() - cl->t_us;
	uint8_t t = (uint8_t)ll_msg_type(m);
	if (t == LL_NAK) {
		L->naks++;
		cl->yiaddr = 0;
		ll__done(L, i, false);
		return;
	}
	if (cl->phase == LL_PH_OFFER && t == LL_OFFER) {
		ll__hist_add(&L->lat[0], lat);
		cl->yiaddr = m->yiaddr;
		if (ll_msg_get_ip(m, 54, &cl->sid) != 0)
			cl->sid = 0;
		if (L->mode == LL_MODE_DO) {
			ll__done(L, i, true);
			return;
		}
		L->outstanding--;
		ll__queue(L, i, LL_TPL_SELECT);
		if (L->nout == BATCH)
			ll__flush(L);
	} else if (cl->phase == LL_PH_ACK && t == LL_ACK) {
		ll__hist_add(&L->lat[cl->renewing ? 2 : 1], lat);
		cl->yiaddr = m->yiaddr ? m->yiaddr : cl->yiaddr;
		ll__done(L, i, L->mode != LL_MODE_RENEW || cl->renewing);
		cl->renewing = L->mode == LL_MODE_RENEW; /* bound: renew next */
	}
}

static void ll__expire(struct ll_load *L, int64_t now)
{
	while (L->toq_head != L->toq_tail) {
		struct ll__to *q = &L->toq[L->toq_head % L->ncl];
		if (q->deadline > now)
			break;
		L->toq_head++;
		struct ll__client *cl = &L->cl[q->idx];
		if (cl->seq == q->seq && cl->phase != LL_PH_IDLE) {
			if (L->measuring)
				atomic_store_explicit(&L->live_drops, ++L->drops,
						      memory_order_relaxed);
			ll__done(L, q->idx, false);
		}
	}
}

static void ll__receive(struct ll_load *L, int wait_ms)
{
	static uint8_t bufs[BATCH][FRAME];
	static struct mmsghdr mm[BATCH];
	static struct iovec iov[BATCH];
	struct pollfd pfd = { .fd = L->fd, .events = POLLIN };
	if (poll(&pfd, 1, wait_ms) <= 0)
		return;
	for (int k = 0; k < BATCH; k++) {
		iov[k] = (struct iovec){ bufs[k], FRAME };
		mm[k].msg_hdr = (struct msghdr){ .msg_iov = &iov[k], .msg_iovlen = 1 };
	}
	int n = recvmmsg(L->fd, mm, BATCH, MSG_DONTWAIT, NULL);
	for (int k = 0; k < n; k++) {
		if (L->relay) {
			ll__reply(L, bufs[k], mm[k].msg_len);
			continue;
		}
		struct ll_udp4 u;
		int e = ll_frame_parse(bufs[k], mm[k].msg_len, &u);
		if ((e == LL_OK || e == LL_E_CHECKSUM) && u.dport == 68)
			ll__reply(L, u.payload, u.payload_len);
	}
}

/* Starts idle clients as the window or the rate allows. */
static void ll__pump(struct ll_load *L, int64_t now)
{
	if (L->rate > 0) {
		L->tokens += (double)(now - L->last_us) * L->rate / 1e6;
		if (L->tokens > L->rate / 10 + BATCH)
			L->tokens = L->rate / 10 + BATCH; /* no catch-up bursts */
	}
	L->last_us = now;
	while (L->idle_head != L->idle_tail && !L->stopping) {
		if (L->rate > 0 ? L->tokens < 1 : L->outstanding >= L->window)
			break;
		uint32_t i = L->idle[L->idle_head++ % L->ncl];
		if (L->rate > 0)
			L->tokens -= 1;
		ll__start(L, i);
	}
	if (L->nout)
		ll__flush(L);
}

void ll_load_run(struct ll_load *L, int64_t duration_us, bool progress)
{
	int64_t t0 = ll__us(), next = t0 + 1000000, end = t0 + duration_us;
	uint64_t last_ex = 0;
	L->last_us = t0;
	while (!L->stopping || L->outstanding > 0) {
		int64_t now = ll__us();
		if (!L->stopping && (now >= end ||
		    (L->max_exchanges && L->exchanges >= L->max_exchanges))) {
			L->stopping = true;
			L->elapsed_us = now - t0;
			end = now + L->timeout_us; /* let the last ones land */
		} else if (L->stopping && now >= end) {
			break;
		}
		ll__pump(L, now);
		ll__receive(L, L->outstanding ? 1 : 5);
		ll__expire(L, ll__us());
		if (progress && now >= next) {
			fprintf(stderr, "load: %3llds %8llu exch/s  drops %llu  naks "
				"%llu  outstanding %u\n",
				(long long)((now - t0) / 1000000),
				(unsigned long long)(L->exchanges - last_ex),
				(unsigned long long)L->drops,
				(unsigned long long)L->naks, L->outstanding);
			last_ex = L->exchanges;
			next += 1000000;
		}
	}
	if (!L->elapsed_us)
		L->elapsed_us = ll__us() - t0;
	atomic_store(&L->finished, true);
}

int ll_load_setup(struct ll_load *L, struct ll_craft *c, struct ll_xport *x)
{
	L->cl = calloc(L->ncl, sizeof(*L->cl));
	L->idle = calloc(L->ncl, sizeof(*L->idle));
	L->toq = calloc(L->ncl, sizeof(*L->toq));
	L->out = calloc(BATCH, sizeof(*L->out));
	if (!L->cl || !L->idle || !L->toq || !L->out)
		return LL_X_ERROR;
	for (int k = 0; k < 3; k++)
		if (ll__template(L, c, x, k))
			return LL_X_USAGE;
	for (uint32_t i = 0; i < L->ncl; i++) {
		uint32_t id = L->id_offset + i * (L->id_stride ? L->id_stride : 1);
		uint8_t mac[6] = { 0x02, L->mac_prefix, (uint8_t)(id >> 24),
				   (uint8_t)(id >> 16), (uint8_t)(id >> 8),
				   (uint8_t)id };
		memcpy(L->cl[i].mac, mac, 6);
		ll__idle_push(L, i);
	}
	L->fd = x->fd;
	L->relay = x->relay;
	L->srv = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(67),
				       .sin_addr.s_addr = htonl(c->server) };
	L->measuring = true;
	/* One relay socket alone talks to one server: connect it, so the
	 * route is looked up once and replies are demultiplexed early. (A
	 * reuseport group must stay unconnected to be steered.) */
	if (L->relay && L->id_stride <= 1 &&
	    connect(L->fd, (struct sockaddr *)&L->srv, sizeof(L->srv)) == 0) {
		L->connected = true;
		L->gso = !getenv("LL_LOAD_NO_GSO");
	}
	if (!L->relay) {
		struct ll_udp4 h = { .ip_src = 0, .ip_dst = 0xFFFFFFFF, .ttl = 64,
				     .sport = 68, .dport = 67 };
		memset(h.eth_dst, 0xFF, 6);
		for (int k = 0; k < 3; k++) {
			uint8_t f[FRAME];
			ll_frame_build(f, sizeof(f), &h, L->tpl[k].wire,
				       L->tpl[k].len);
			memcpy(L->tpl[k].hdr, f, LL_FRAME_HDRS);
			/* UDP checksum 0: none (RFC 768), as the payload
			 * is patched per send */
			L->tpl[k].hdr[40] = L->tpl[k].hdr[41] = 0;
		}
		L->sll = (struct sockaddr_ll){ .sll_family = AF_PACKET,
					       .sll_ifindex = x->ifc.index,
					       .sll_halen = 6 };
		memset(L->sll.sll_addr, 0xFF, 6);
	}
	return 0;
}
