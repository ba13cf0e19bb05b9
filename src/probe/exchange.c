/* lanlease-probe discover, request, inform, release, decline, send,
 * dora and listen. Replies are matched by xid and chaddr, never by
 * swapped IP addresses (broadcast replies do not swap them). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "craft.h"
#include "hexin.h"
#include "probe.h"

static void ll__pcap_frame(struct ll_craft *c, const uint8_t *f, size_t n)
{
	if (!c->pd)
		return;
	struct pcap_pkthdr h;
	gettimeofday(&h.ts, NULL);
	h.caplen = h.len = (bpf_u_int32)n;
	pcap_dump((u_char *)c->pd, &h, f);
	pcap_dump_flush(c->pd);
}

/* Relay mode carries no frames: write what would have been on the wire
 * between the relay and the server. */
static void ll__pcap_udp(struct ll_craft *c, uint32_t src, uint32_t dst,
			 const uint8_t *p, size_t n)
{
	static uint8_t f[LL_MSG_MAX + 64];
	struct ll_udp4 h = { .ip_src = src, .ip_dst = dst, .ttl = 64,
			     .sport = 67, .dport = 67 };
	memcpy(h.eth_src, src == c->server ? "\x02\x00\x00\x00\x00\x67"
					   : "\x02\x00\x00\x00\x00\x68", 6);
	memcpy(h.eth_dst, src == c->server ? "\x02\x00\x00\x00\x00\x68"
					   : "\x02\x00\x00\x00\x00\x67", 6);
	int fl = ll_frame_build(f, sizeof(f), &h, p, n);
	if (fl > 0)
		ll__pcap_frame(c, f, (size_t)fl);
}

void ll_probe_print(const struct ll_craft *c, const struct ll_msg *m,
		    const char *what)
{
	static char text[1 << 18];
	size_t n = ll_msg_format(m, text, sizeof(text), c->out_flags);
	if (c->quiet)
		return;
	if (what && !(c->out_flags & LL_TEXT_JSON))
		printf("# %s\n", what);
	fwrite(text, 1, n < sizeof(text) ? n : sizeof(text) - 1, stdout);
	putchar('\n');
	if (!(c->out_flags & (LL_TEXT_JSON | LL_TEXT_ONELINE)))
		putchar('\n');
	fflush(stdout);
}

int ll_probe_send(struct ll_craft *c, struct ll_xport *x,
		  const struct ll_msg *m)
{
	static uint8_t w[LL_MSG_MAX], f[LL_MSG_MAX + 64];
	int n = ll_msg_build(m, w, sizeof(w), LL_MSG_MAX + LL_IPUDP_HDR,
			     c->min_len);
	if (n < 0) {
		fprintf(stderr, "lanlease-probe: cannot build: %s\n",
			ll_strerror((enum ll_err)-n));
		return LL_X_USAGE;
	}
	if ((size_t)n + c->tail_len > sizeof(w))
		return LL_X_USAGE;
	memcpy(w + n, c->tail, c->tail_len);
	n += (int)c->tail_len;
	int e;
	if (c->relay) {
		e = ll_xport_send_udp(x, c->server, 67, w, (size_t)n);
		ll__pcap_udp(c, x->local, c->server, w, (size_t)n);
	} else {
		struct ll_udp4 h = { .ip_src = m->ciaddr, .ip_dst = c->dst_ip,
				     .ttl = 64, .sport = 68, .dport = 67 };
		/* a client's frames come from its chaddr (RFC 2131 2) */
		memcpy(h.eth_src, c->have_eth_src ? c->eth_src : m->chaddr, 6);
		memcpy(h.eth_dst, c->dst_mac, 6);
		ll_craft_random(c, &h.ip_id, sizeof(h.ip_id));
		int fl = ll_frame_build(f, sizeof(f), &h, w, (size_t)n);
		e = fl < 0 ? fl : ll_xport_send_frame(x, f, (size_t)fl);
		if (fl > 0)
			ll__pcap_frame(c, f, (size_t)fl);
	}
	if (e < 0) {
		fprintf(stderr, "lanlease-probe: send: %s\n", strerror(-e));
		return LL_X_ERROR;
	}
	if (c->verbose)
		ll_probe_print(c, m, "sent");
	return 0;
}

/* One datagram to a message: the UDP payload of a frame to port 68 (L2)
 * or of a datagram from the server (relay). 1 parsed, 0 not ours. */
static int ll__take(struct ll_craft *c, const struct ll_xport *x,
		    const uint8_t *b, size_t n, uint32_t src, struct ll_msg *out)
{
	struct ll_perr pe;
	const uint8_t *p = b;
	size_t pl = n;
	if (!c->relay) {
		struct ll_udp4 u;
		int e = ll_frame_parse(b, n, &u);
		if ((e != LL_OK && e != LL_E_CHECKSUM) || u.dport != 68)
			return 0;
		p = u.payload;
		pl = u.payload_len;
		ll__pcap_frame(c, b, n);
	} else {
		ll__pcap_udp(c, src, x->local, b, n);
	}
	if (ll_msg_parse(out, p, pl, &pe) != LL_OK) {
		char eb[160];
		fprintf(stderr, "lanlease-probe: ignored a malformed reply: %s\n",
			ll_perr_format(&pe, eb, sizeof(eb)));
		return 0;
	}
	return 1;
}

/* Waits for a BOOTREPLY with the same xid and chaddr. */
int ll_probe_wait(struct ll_craft *c, struct ll_xport *x,
		  const struct ll_msg *req, struct ll_msg *reply, int ms)
{
	static uint8_t b[LL_MSG_MAX + 64];
	int64_t end = ll_now_ms() + ms;
	for (;;) {
		int left = (int)(end - ll_now_ms());
		if (left <= 0)
			return 0;
		uint32_t src = 0;
		long n = ll_xport_recv(x, b, sizeof(b), left, &src);
		if (n < 0)
			return -1;
		if (n == 0 || !ll__take(c, x, b, (size_t)n, src, reply))
			continue;
		if (reply->op == LL_BOOTREPLY && reply->xid == req->xid &&
		    reply->hlen == req->hlen &&
		    memcmp(reply->chaddr, req->chaddr,
			   req->hlen <= 16 ? req->hlen : 16) == 0)
			return 1;
	}
}

/* Sends req and waits, retrying; returns an exit code. expect 0: any. */
int ll_probe_exchange(struct ll_craft *c, struct ll_xport *x,
		      const struct ll_msg *req, struct ll_msg *reply,
		      uint8_t expect)
{
	for (int t = 0; t <= c->retries; t++) {
		int e = ll_probe_send(c, x, req);
		if (e)
			return e;
		int r = ll_probe_wait(c, x, req, reply, c->timeout_ms);
		if (r < 0)
			return LL_X_ERROR;
		if (r == 0)
			continue;
		const char *tn = ll_msgtype_name(ll_msg_type(reply));
		ll_probe_print(c, reply, tn ? tn : "BOOTREPLY");
		if (ll_msg_type(reply) == LL_NAK && expect != LL_NAK)
			return LL_X_NAK;
		return !expect || ll_msg_type(reply) == expect ? LL_X_OK
							       : LL_X_WRONG;
	}
	if (!c->quiet)
		fprintf(stderr, "lanlease-probe: no reply\n");
	return LL_X_NOREPLY;
}

/* request --from-offer: xid, chaddr, yiaddr (-> 50) and 54 of a saved
 * offer in the text form (as discover prints it). */
static int ll__from_offer(struct ll_craft *c)
{
	static struct ll_msg off;
	FILE *f = fopen(c->from_offer, "r");
	size_t n;
	uint8_t *t = f ? ll_read_all(f, &n) : NULL;
	struct ll_perr pe;
	if (f)
		fclose(f);
	if (!t) {
		fprintf(stderr, "lanlease-probe: %s: %s\n", c->from_offer,
			strerror(errno));
		return LL_X_USAGE;
	}
	ll_msg_init(&off);
	int e = ll_msg_from_text(&off, (const char *)t, n, &pe);
	free(t);
	if (e != LL_OK || ll_msg_type(&off) != LL_OFFER ||
	    ll_msg_get_ip(&off, 54, &c->offer_sid) != 0 || off.hlen != 6) {
		fprintf(stderr, "lanlease-probe: %s: not an Ethernet OFFER with "
			"a server identifier\n", c->from_offer);
		return LL_X_USAGE;
	}
	c->have_offer = true;
	c->offer_xid = off.xid;
	c->offer_yiaddr = off.yiaddr;
	memcpy(c->src_mac, off.chaddr, 6);
	c->have_src_mac = true;
	return 0;
}

/* The RFC 2131 table 5 requirements the user left out, filled from the
 * command's arguments before the user's own items win. */
static uint8_t ll__cmd_type(const char *cmd)
{
	static const struct { const char *n; uint8_t t; } map[] = {
		{ "discover", LL_DISCOVER }, { "request", LL_REQUEST },
		{ "inform", LL_INFORM }, { "release", LL_RELEASE },
		{ "decline", LL_DECLINE }, { "send", LL_DISCOVER },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].n, cmd))
			return map[i].t;
	return 0;
}

static uint8_t ll__expected(uint8_t type)
{
	switch (type) {
	case LL_DISCOVER: return LL_OFFER;
	case LL_REQUEST: case LL_INFORM: return LL_ACK;
	default: return 0; /* RELEASE, DECLINE: no reply (RFC 2131 4.4.6) */
	}
}

int ll_probe_single(int argc, char **argv)
{
	static struct ll_msg m, reply;
	struct ll_craft c;
	struct ll_xport x = { .fd = -1 };
	const char *cmd = argv[0];
	int idx = ll_craft_args(&c, argc, argv, cmd), rc;
	if (idx < 0 || idx != argc)
		return LL_X_USAGE;
	rc = c.from_offer ? ll__from_offer(&c) : 0;
	if (!rc)
		rc = ll_craft_open(&c, &x);
	uint8_t type = ll__cmd_type(cmd);
	if (!rc)
		rc = ll_craft_msg(&c, &x, &m, type);
	if (!rc) {
		uint8_t t = ll_msg_type(&m);
		uint8_t want = c.expect_set ? c.expect : ll__expected(t);
		if (!want && (t == LL_RELEASE || t == LL_DECLINE || c.expect_set))
			rc = ll_probe_send(&c, &x, &m);
		else
			rc = ll_probe_exchange(&c, &x, &m, &reply, want);
	}
	ll_craft_close(&c);
	ll_xport_close(&x);
	return rc;
}

/* dora: DISCOVER, OFFER, REQUEST (SELECTING: 50 and 54, RFC 2131
 * 4.3.2), ACK. */
int ll_probe_dora(int argc, char **argv)
{
	static struct ll_msg m, offer, ack;
	struct ll_craft c;
	struct ll_xport x = { .fd = -1 };
	int idx = ll_craft_args(&c, argc, argv, "dora"), rc;
	if (idx < 0 || idx != argc)
		return LL_X_USAGE;
	rc = ll_craft_open(&c, &x);
	if (!rc)
		rc = ll_craft_msg(&c, &x, &m, LL_DISCOVER);
	if (!rc)
		rc = ll_probe_exchange(&c, &x, &m, &offer, LL_OFFER);
	uint32_t sid = 0, xid = m.xid;
	if (!rc && ll_msg_get_ip(&offer, 54, &sid) != 0) {
		fprintf(stderr, "lanlease-probe: OFFER without a server "
			"identifier\n");
		rc = LL_X_WRONG;
	}
	if (!rc)
		rc = ll_craft_msg(&c, &x, &m, LL_REQUEST);
	if (!rc) {
		m.xid = xid;
		ll_msg_set_ip(&m, 50, offer.yiaddr);
		ll_msg_set_ip(&m, 54, sid);
		if (ll_msg_has(&m, 82))
			ll_msg_move_last(&m, 82);
		rc = ll_probe_exchange(&c, &x, &m, &ack, LL_ACK);
	}
	ll_craft_close(&c);
	ll_xport_close(&x);
	return rc;
}

/* listen: every DHCP packet seen on an interface. */
int ll_probe_listen(int argc, char **argv)
{
	static uint8_t b[LL_MSG_MAX + 64];
	static struct ll_msg m;
	struct ll_craft c;
	struct ll_xport x = { .fd = -1 };
	int idx = ll_craft_args(&c, argc, argv, "listen"), rc;
	if (idx < 0 || idx != argc || c.relay)
		return LL_X_USAGE;
	if ((rc = ll_craft_open(&c, &x)) != 0)
		return rc;
	int64_t end = c.timeout_ms > 0 && c.timeout_ms != 3000
			      ? ll_now_ms() + c.timeout_ms : INT64_MAX;
	long seen = 0;
	while ((!c.count || seen < c.count) && ll_now_ms() < end) {
		int left = end == INT64_MAX ? 1000 : (int)(end - ll_now_ms());
		long n = ll_xport_recv(&x, b, sizeof(b), left, NULL);
		struct ll_udp4 u;
		struct ll_perr pe;
		if (n <= 0 || ll_frame_parse(b, (size_t)n, &u) == LL_E_FRAME)
			continue;
		ll__pcap_frame(&c, b, (size_t)n);
		if (ll_msg_parse(&m, u.payload, u.payload_len, &pe) != LL_OK) {
			char eb[160];
			if (!c.quiet)
				printf("# malformed: %s\n",
				       ll_perr_format(&pe, eb, sizeof(eb)));
			seen++;
			continue;
		}
		char what[96];
		snprintf(what, sizeof(what), "%u.%u.%u.%u:%u -> %u.%u.%u.%u:%u",
			 u.ip_src >> 24, (u.ip_src >> 16) & 255, (u.ip_src >> 8) & 255,
			 u.ip_src & 255, u.sport, u.ip_dst >> 24,
			 (u.ip_dst >> 16) & 255, (u.ip_dst >> 8) & 255,
			 u.ip_dst & 255, u.dport);
		ll_probe_print(&c, &m, what);
		seen++;
	}
	ll_craft_close(&c);
	ll_xport_close(&x);
	return 0;
}
