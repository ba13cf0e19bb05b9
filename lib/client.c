/* The DHCPv4 client state machine: see include/lanlease/client.h. */
#include <stdint.h>
#include <string.h>

#include "lanlease/client.h"

#define NEVER INT64_MAX
#define SEC 1000

/* RFC 7844 section 3.7 leaves the list to the implementation; this is
 * the set Windows 10 and systemd-networkd share, so it blends in. */
const uint8_t ll_cli_default_prl[13] = {1,  3,  6,  15, 31,  33,  43,
					44, 46, 47, 121, 249, 252};

static uint32_t rnd(struct ll_cli *c)
{
	return c->rng.next(c->rng.ctx);
}

/* Uniform in [lo, hi] milliseconds. */
static int64_t rnd_ms(struct ll_cli *c, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(rnd(c) % (uint64_t)(hi - lo + 1));
}

void ll_cli_cfg_default(struct ll_cli_cfg *cfg, const uint8_t mac[6])
{
	memset(cfg, 0, sizeof(*cfg));
	memcpy(cfg->mac, mac, 6);
	memcpy(cfg->prl, ll_cli_default_prl, sizeof(ll_cli_default_prl));
	cfg->prl_len = sizeof(ll_cli_default_prl);
	/* RFC 5227 section 1.1: PROBE_WAIT 1 s, PROBE_NUM 3, PROBE_MIN 1 s,
	 * PROBE_MAX 2 s, ANNOUNCE_WAIT 2 s. */
	cfg->probe_num = 3;
	cfg->probe_wait = 1 * SEC;
	cfg->probe_min = 1 * SEC;
	cfg->probe_max = 2 * SEC;
	cfg->announce_wait = 2 * SEC;
}

void ll_cli_init(struct ll_cli *c, const struct ll_cli_cfg *cfg,
		 struct ll_rng rng)
{
	memset(c, 0, offsetof(struct ll_cli, scratch));
	c->cfg = *cfg;
	if (!c->cfg.prl_len) {
		memcpy(c->cfg.prl, ll_cli_default_prl,
		       sizeof(ll_cli_default_prl));
		c->cfg.prl_len = sizeof(ll_cli_default_prl);
	}
	c->rng = rng;
	c->state = LL_CS_STOPPED;
	c->t_state = c->t_announce = NEVER;
}

static void act(struct ll_cout *out, struct ll_cact a)
{
	if (out->n < LL_CLI_MAXACT)
		out->act[out->n++] = a;
}

static void hook(struct ll_cout *out, enum ll_reason r)
{
	act(out, (struct ll_cact){.kind = LL_CA_HOOK, .reason = r});
}

/* Every entry point ends here: one timer for the earliest deadline. */
static void finish(struct ll_cli *c, struct ll_cout *out)
{
	int64_t at = c->t_state < c->t_announce ? c->t_state : c->t_announce;

	act(out, (struct ll_cact){.kind = LL_CA_TIMER, .at = at});
}

/* RFC 2131 section 4.1: 4, 8, 16, 32 then 64 s, each randomised by
 * -1..+1 s. */
static int64_t backoff(struct ll_cli *c, unsigned sent)
{
	int64_t base = (int64_t)4 * SEC << (sent > 4 ? 4 : sent);

	return base + rnd_ms(c, -SEC, SEC);
}

/* RFC 2131 section 4.4.5: in RENEWING and REBINDING wait half the time
 * left to the deadline, but at least 60 s, and never past it. */
static int64_t halfway(int64_t now, int64_t deadline)
{
	int64_t t = now + (deadline - now) / 2;

	if (t < now + 60 * SEC)
		t = now + 60 * SEC;
	return t < deadline ? t : deadline;
}

static void shuffle(struct ll_cli *c, uint8_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd(c) % i;
		uint8_t t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

struct req {
	enum ll_msgtype type;
	uint32_t ciaddr, reqip, server;
	uint32_t unicast; /* destination of a unicast message, else 0 */
};

static void put_opt(struct ll_cli *c, struct ll_msg *m, uint8_t code,
		    const struct req *r)
{
	static const uint8_t max_size[2] = {0x05, 0xdc}; /* 1500 */

	switch (code) {
	case 53: ll_msg_set_u8(m, 53, (uint8_t)r->type); break;
	case 55: ll_msg_set(m, 55, c->cfg.prl, c->cfg.prl_len); break;
	case 50: ll_msg_set_ip(m, 50, r->reqip); break;
	case 54: ll_msg_set_ip(m, 54, r->server); break;
	case 57: ll_msg_set(m, 57, max_size, 2); break;
	case 12:
		ll_msg_set(m, 12, c->cfg.hostname, strlen(c->cfg.hostname));
		break;
	case 61:
		if (c->cfg.standard && c->cfg.cid_len) {
			ll_msg_set(m, 61, c->cfg.cid, c->cfg.cid_len);
		} else { /* RFC 7844 section 3.5: type 1 + the current MAC */
			uint8_t id[7] = {1};

			memcpy(id + 1, c->cfg.mac, 6);
			ll_msg_set(m, 61, id, sizeof(id));
		}
		break;
	default: break;
	}
}

/* Which options a message carries (RFC 2131 table 5; RFC 7844 3.1 for
 * the profile, where only 53, 55, 61, and 50/54 when required, go). */
static size_t pick_opts(const struct ll_cli *c, const struct req *r,
			uint8_t *codes)
{
	size_t n = 0;
	bool asking = r->type == LL_DISCOVER || r->type == LL_REQUEST;

	codes[n++] = 53;
	if (asking)
		codes[n++] = 55;
	if (c->cfg.standard || !c->cfg.no_client_id)
		codes[n++] = 61;
	if (r->reqip)
		codes[n++] = 50;
	if (r->server)
		codes[n++] = 54;
	if (c->cfg.standard && asking) {
		codes[n++] = 57;
		if (c->cfg.hostname[0])
			codes[n++] = 12;
	}
	return n;
}

static void send_msg(struct ll_cli *c, const struct req *r, int64_t now,
		     struct ll_cout *out)
{
	struct ll_msg *m = &c->scratch;
	uint8_t codes[8];
	size_t n = pick_opts(c, r, codes);
	int64_t secs = (now - c->t_begin) / SEC;
	int len;

	ll_msg_init(m);
	m->op = LL_BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	m->xid = c->xid;
	m->secs = (uint16_t)(secs > 0xffff ? 0xffff : secs < 0 ? 0 : secs);
	m->ciaddr = r->ciaddr;
	memcpy(m->chaddr, c->cfg.mac, 6);
	if (!c->cfg.standard) /* RFC 7844 section 3.1: randomised order */
		shuffle(c, codes, n);
	for (size_t i = 0; i < n; i++)
		put_opt(c, m, codes[i], r);
	/* RFC 7844 section 3.1 / RFC 1542: padded to 300 bytes. */
	len = ll_msg_build(m, out->pkt, sizeof(out->pkt), 0, LL_BOOTP_MIN);
	if (len < 0)
		return;
	out->len = (size_t)len;
	if (r->type == LL_REQUEST)
		c->t_sent = now;
	act(out, (struct ll_cact){.kind = LL_CA_SEND, .unicast = r->unicast != 0,
				  .src = r->ciaddr,
				  .dst = r->unicast ? r->unicast : 0xffffffffu,
				  .ip_id = (uint16_t)rnd(c)});
}

static void new_exchange(struct ll_cli *c, int64_t now)
{
	c->xid = rnd(c); /* RFC 7844 section 3.4 / RFC 2131 4.4.1 */
	c->tries = 0;
	c->t_begin = now;
}

static void send_discover(struct ll_cli *c, int64_t now, struct ll_cout *o)
{
	struct req r = {.type = LL_DISCOVER};

	c->state = LL_CS_SELECTING;
	send_msg(c, &r, now, o);
	c->t_state = now + backoff(c, c->tries++);
}

/* RFC 2131 section 4.3.2 / table 5: the REQUEST of each state. */
static void send_request(struct ll_cli *c, int64_t now, struct ll_cout *o)
{
	struct req r = {.type = LL_REQUEST};

	switch (c->state) {
	case LL_CS_REQUESTING: /* SELECTING: 50 and 54, ciaddr 0 */
		r.reqip = c->lease.addr;
		r.server = c->lease.server;
		break;
	case LL_CS_REBOOTING: /* INIT-REBOOT: 50, no 54, ciaddr 0 */
		r.reqip = c->lease.addr;
		break;
	case LL_CS_RENEWING: /* unicast, ciaddr, no 50/54 */
		r.ciaddr = c->lease.addr;
		r.unicast = c->lease.server;
		break;
	default: /* REBINDING: broadcast, ciaddr, no 50/54 */
		r.ciaddr = c->lease.addr;
		break;
	}
	send_msg(c, &r, now, o);
	c->tries++;
}

/* Back to INIT and DISCOVER at 'at' (a fresh exchange, a fresh xid). */
static void restart(struct ll_cli *c, int64_t at)
{
	c->state = LL_CS_INIT;
	c->t_state = at;
	c->have_ack = false;
}

static void unconfigure(struct ll_cli *c, enum ll_reason r,
			struct ll_cout *out)
{
	if (c->configured)
		hook(out, r);
	c->configured = false;
	c->t_announce = NEVER;
}

void ll_cli_start(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	out->n = 0;
	hook(out, LL_R_PREINIT);
	/* RFC 7844 section 3.3: the profile never uses INIT-REBOOT. */
	if (c->cfg.standard && c->cfg.prev_addr) {
		new_exchange(c, now);
		c->lease.addr = c->cfg.prev_addr;
		c->lease.server = c->cfg.prev_server;
		c->state = LL_CS_REBOOTING;
		send_request(c, now, out);
		c->t_state = now + backoff(c, c->tries - 1);
	} else {
		/* RFC 2131 section 4.4.1: wait 1 to 10 s at random. */
		restart(c, c->cfg.no_delay ? now
					   : now + rnd_ms(c, 1 * SEC, 10 * SEC));
	}
	finish(c, out);
}

/* RFC 2131 section 4.4.5: T1 = 0.5 and T2 = 0.875 of the lease, with a
 * little random fuzz (+-2.5% of the lease) so clients do not renew in
 * step; options 58 and 59 replace them when they fall inside the lease
 * (and 58 before 59), otherwise the defaults stay. */
static void lease_times(struct ll_cli *c, const struct ll_msg *m)
{
	struct ll_clease *l = &c->lease;
	uint32_t v;
	int64_t L;

	ll_msg_get_u32(m, 51, &l->lease_s);
	l->start = c->t_sent;
	if (l->lease_s == 0xffffffffu) { /* RFC 2132 9.2: infinite */
		l->t1 = l->t2 = l->expiry = NEVER;
		return;
	}
	if (l->lease_s < 10) /* a lease too short to renew is made 10 s */
		l->lease_s = 10;
	L = (int64_t)l->lease_s * SEC;
	l->t1 = L / 2 + rnd_ms(c, -L / 40, L / 40);
	l->t2 = L * 7 / 8 + rnd_ms(c, -L / 40, L / 40);
	if (ll_msg_get_u32(m, 59, &v) == LL_OK && v && (int64_t)v * SEC < L)
		l->t2 = (int64_t)v * SEC;
	if (ll_msg_get_u32(m, 58, &v) == LL_OK && v && (int64_t)v * SEC < l->t2)
		l->t1 = (int64_t)v * SEC;
	if (l->t1 >= l->t2) /* only 59 given, and before the default T1 */
		l->t1 = l->t2 * 4 / 7;
	l->t1 += l->start;
	l->t2 += l->start;
	l->expiry = l->start + L;
}

static void bind_lease(struct ll_cli *c, enum ll_reason r, int64_t now,
		 struct ll_cout *out)
{
	c->state = LL_CS_BOUND;
	c->naks = 0;
	c->configured = true;
	hook(out, r);
	if (r == LL_R_BOUND || r == LL_R_REBOOT) {
		/* RFC 5227 section 2.3: announce twice, 2 s apart. */
		if (c->cfg.probe_num) {
			act(out, (struct ll_cact){.kind = LL_CA_ARP_ANNOUNCE,
						  .addr = c->lease.addr});
			c->t_announce = now + 2 * SEC;
		}
	}
	if (c->cfg.standard)
		act(out, (struct ll_cact){.kind = LL_CA_SAVE});
	c->t_state = c->lease.t1;
}

/* RFC 5227 section 2.1.1: wait 0..PROBE_WAIT, then PROBE_NUM probes
 * PROBE_MIN..PROBE_MAX apart, then ANNOUNCE_WAIT. */
static void checking(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	const struct ll_cli_cfg *g = &c->cfg;

	if (c->probes >= g->probe_num) {
		bind_lease(c, c->bind_reason, now, out);
		return;
	}
	act(out, (struct ll_cact){.kind = LL_CA_ARP_PROBE,
				  .addr = c->lease.addr});
	c->probes++;
	c->t_state = now + (c->probes < g->probe_num
				    ? rnd_ms(c, g->probe_min, g->probe_max)
				    : g->announce_wait);
}

/* RFC 2131 section 3.1.5 / RFC 5227 section 2.1.1: the address is in
 * use: DECLINE it (50, 54, ciaddr 0) and start again after 10 s. */
static void decline(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	struct req r = {.type = LL_DECLINE, .reqip = c->lease.addr,
			.server = c->lease.server};

	send_msg(c, &r, now, out);
	unconfigure(c, LL_R_EXPIRE, out);
	restart(c, now + 10 * SEC);
}

static void expire(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	/* RFC 2131 section 4.4.5: stop using the address, back to INIT. */
	unconfigure(c, LL_R_EXPIRE, out);
	restart(c, now);
	new_exchange(c, now);
	send_discover(c, now, out);
}

static void renewing(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	if (now >= c->lease.t2) { /* T2: broadcast to any server */
		c->state = LL_CS_REBINDING;
		new_exchange(c, now);
		send_request(c, now, out);
		c->t_state = halfway(now, c->lease.expiry);
		return;
	}
	send_request(c, now, out);
	c->t_state = halfway(now, c->lease.t2);
}

static void state_timer(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	switch (c->state) {
	case LL_CS_INIT:
		new_exchange(c, now);
		send_discover(c, now, out);
		break;
	case LL_CS_SELECTING:
		send_discover(c, now, out);
		break;
	case LL_CS_REQUESTING: /* RFC 2131 3.1.5: give up, back to INIT */
	case LL_CS_REBOOTING:
		if (c->tries >= (c->state == LL_CS_REQUESTING ? 4u : 2u)) {
			restart(c, now);
			new_exchange(c, now);
			send_discover(c, now, out);
			break;
		}
		send_request(c, now, out);
		c->t_state = now + backoff(c, c->tries - 1);
		break;
	case LL_CS_CHECKING:
		checking(c, now, out);
		break;
	case LL_CS_BOUND: /* T1: unicast to the server that leased it */
		c->state = LL_CS_RENEWING;
		new_exchange(c, now);
		renewing(c, now, out);
		break;
	case LL_CS_RENEWING:
		renewing(c, now, out);
		break;
	case LL_CS_REBINDING:
		if (now >= c->lease.expiry) {
			expire(c, now, out);
			break;
		}
		send_request(c, now, out);
		c->t_state = halfway(now, c->lease.expiry);
		break;
	default:
		c->t_state = NEVER;
		break;
	}
}

void ll_cli_timer(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	out->n = 0;
	if (c->t_announce <= now) {
		act(out, (struct ll_cact){.kind = LL_CA_ARP_ANNOUNCE,
					  .addr = c->lease.addr});
		c->t_announce = NEVER;
	}
	if (c->t_state <= now)
		state_timer(c, now, out);
	finish(c, out);
}

static bool bad_unicast(uint32_t a)
{
	uint8_t top = (uint8_t)(a >> 24);

	/* 0/8, 127/8 loopback, 224/4 multicast, 240/4 class E, broadcast */
	return top == 0 || top == 127 || top >= 224;
}

static bool good_mask(uint32_t m)
{
	uint32_t inv = ~m;

	return m && !(inv & (inv + 1));
}

/* RFC 2131 section 4.3.1 says what an OFFER / ACK must hold; whatever
 * a hostile server puts elsewhere is checked where it is used. */
int ll_cli_check_reply(const struct ll_cli *c, const struct ll_msg *m,
		       const char **why)
{
	uint32_t v;

	(void)c;
	*why = NULL;
	if (bad_unicast(m->yiaddr))
		*why = "yiaddr is not a usable unicast address";
	else if (ll_msg_get_ip(m, 1, &v) != LL_OK || !good_mask(v))
		*why = "no valid subnet mask (1)";
	else if (v < 0xfffffffeu &&
		 ((m->yiaddr & ~v) == ~v || !(m->yiaddr & ~v)))
		*why = "yiaddr is the subnet's broadcast or network address";
	else if (ll_msg_get_u32(m, 51, &v) != LL_OK)
		*why = "no lease time (51)";
	else if (ll_msg_get_ip(m, 54, &v) != LL_OK || bad_unicast(v))
		*why = "no valid server identifier (54)";
	return *why ? -1 : LL_OK;
}

static enum ll_crecv take_offer(struct ll_cli *c, const struct ll_msg *m,
				int64_t now, struct ll_cout *out)
{
	const char *why;

	if (ll_cli_check_reply(c, m, &why) != LL_OK)
		return LL_CR_INVALID;
	c->offer = *m;
	c->lease.addr = m->yiaddr;
	ll_msg_get_ip(m, 54, &c->lease.server);
	c->state = LL_CS_REQUESTING; /* RFC 2131 3.1.3 */
	c->tries = 0;
	send_request(c, now, out);
	c->t_state = now + backoff(c, 0);
	return LL_CR_TAKEN;
}

static enum ll_crecv take_ack(struct ll_cli *c, const struct ll_msg *m,
			      int64_t now, struct ll_cout *out)
{
	const char *why;
	uint32_t sid = 0;
	enum ll_cstate was = c->state;

	if (ll_cli_check_reply(c, m, &why) != LL_OK ||
	    m->yiaddr != c->lease.addr)
		return LL_CR_INVALID;
	ll_msg_get_ip(m, 54, &sid);
	if (was == LL_CS_REQUESTING && sid != c->lease.server)
		return LL_CR_INVALID;
	c->lease.server = sid; /* REBINDING: another server may answer */
	ll_msg_get_ip(m, 1, &c->lease.mask);
	c->ack = *m;
	c->have_ack = true;
	lease_times(c, m);
	if (was == LL_CS_RENEWING || was == LL_CS_REBINDING) {
		bind_lease(c, was == LL_CS_RENEWING ? LL_R_RENEW : LL_R_REBIND, now,
		     out);
		return LL_CR_TAKEN;
	}
	c->bind_reason = was == LL_CS_REBOOTING ? LL_R_REBOOT : LL_R_BOUND;
	if (!c->cfg.probe_num) {
		bind_lease(c, c->bind_reason, now, out);
		return LL_CR_TAKEN;
	}
	c->state = LL_CS_CHECKING; /* RFC 5227: probe before use */
	c->probes = 0;
	c->t_state = now + rnd_ms(c, 0, c->cfg.probe_wait);
	return LL_CR_TAKEN;
}

/* RFC 2131 sections 3.1.4, 3.2 and 4.4.4: a NAK sends the client back
 * to INIT. Repeated NAKs back off so a broken server cannot make the
 * client spin. */
static enum ll_crecv take_nak(struct ll_cli *c, const struct ll_msg *m,
			      int64_t now, struct ll_cout *out)
{
	uint32_t sid = 0;
	int64_t wait;

	ll_msg_get_ip(m, 54, &sid);
	if (c->state == LL_CS_REQUESTING && sid != c->lease.server)
		return LL_CR_INVALID;
	unconfigure(c, LL_R_EXPIRE, out);
	c->naks++;
	wait = c->naks > 1 ? (int64_t)SEC << (c->naks > 7 ? 6 : c->naks - 2)
			   : 0;
	restart(c, now + wait);
	return LL_CR_TAKEN;
}

static bool waiting_ack(enum ll_cstate s)
{
	return s == LL_CS_REQUESTING || s == LL_CS_REBOOTING ||
	       s == LL_CS_RENEWING || s == LL_CS_REBINDING;
}

enum ll_crecv ll_cli_recv(struct ll_cli *c, const uint8_t *buf, size_t len,
			  int64_t now, struct ll_cout *out)
{
	struct ll_msg *m = &c->scratch;
	enum ll_crecv r = LL_CR_UNEXPECTED;
	enum ll_msgtype t;

	out->n = 0;
	if (ll_msg_parse(m, buf, len, NULL) != LL_OK) {
		r = LL_CR_MALFORMED;
		goto done;
	}
	/* RFC 2131 section 4.4.1: a reply is ours by op, xid and chaddr. */
	if (m->op != LL_BOOTREPLY || m->xid != c->xid || m->htype != 1 ||
	    m->hlen != 6 || memcmp(m->chaddr, c->cfg.mac, 6)) {
		r = LL_CR_NOT_OURS;
		goto done;
	}
	t = ll_msg_type(m);
	if (t == LL_OFFER && c->state == LL_CS_SELECTING)
		r = take_offer(c, m, now, out);
	else if (t == LL_ACK && waiting_ack(c->state))
		r = take_ack(c, m, now, out);
	else if (t == LL_NAK && waiting_ack(c->state))
		r = take_nak(c, m, now, out);
done:
	if (r != LL_CR_TAKEN)
		c->ignored++;
	else
		c->last_rx = t;
	finish(c, out);
	return r;
}

void ll_cli_arp(struct ll_cli *c, const uint8_t sha[6], uint32_t spa,
		uint32_t tpa, int64_t now, struct ll_cout *out)
{
	out->n = 0;
	/* RFC 5227 section 2.1.1: a conflict is an ARP packet from another
	 * host with our address as sender, or another host's probe for it. */
	if (c->state == LL_CS_CHECKING && memcmp(sha, c->cfg.mac, 6) &&
	    (spa == c->lease.addr || (spa == 0 && tpa == c->lease.addr)))
		decline(c, now, out);
	finish(c, out);
}

void ll_cli_reject(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	out->n = 0;
	if (c->state == LL_CS_BOUND)
		decline(c, now, out);
	finish(c, out);
}

void ll_cli_link(struct ll_cli *c, bool up, const uint8_t mac[6],
		 int64_t now, struct ll_cout *out)
{
	bool had = c->state >= LL_CS_CHECKING && c->state <= LL_CS_REBINDING;

	out->n = 0;
	if (!up || c->state == LL_CS_STOPPED) {
		finish(c, out);
		return;
	}
	if (mac)
		memcpy(c->cfg.mac, mac, 6);
	if (had && c->cfg.standard) { /* RFC 2131 3.2: INIT-REBOOT */
		new_exchange(c, now);
		c->state = LL_CS_REBOOTING;
		send_request(c, now, out);
		c->t_state = now + backoff(c, 0);
	} else { /* RFC 7844 section 3.3: a new link, a new DISCOVER */
		unconfigure(c, LL_R_EXPIRE, out);
		restart(c, now);
		new_exchange(c, now);
		send_discover(c, now, out);
	}
	finish(c, out);
}

void ll_cli_renew(struct ll_cli *c, int64_t now, struct ll_cout *out)
{
	out->n = 0;
	if (c->state == LL_CS_BOUND) {
		c->state = LL_CS_RENEWING;
		new_exchange(c, now);
		renewing(c, now, out);
	} else if (c->state != LL_CS_STOPPED && !waiting_ack(c->state)) {
		restart(c, now);
		new_exchange(c, now);
		send_discover(c, now, out);
	}
	finish(c, out);
}

void ll_cli_stop(struct ll_cli *c, bool keep, bool release, int64_t now,
		 struct ll_cout *out)
{
	out->n = 0;
	if (c->configured && c->cfg.standard && release) {
		/* RFC 2131 section 4.4.6: ciaddr and 54, unicast. */
		struct req r = {.type = LL_RELEASE, .ciaddr = c->lease.addr,
				.server = c->lease.server,
				.unicast = c->lease.server};

		new_exchange(c, now);
		send_msg(c, &r, now, out);
		if (!keep)
			unconfigure(c, LL_R_RELEASE, out);
	} else if (!keep) {
		unconfigure(c, LL_R_STOP, out);
	}
	c->state = LL_CS_STOPPED;
	c->t_state = c->t_announce = NEVER;
	finish(c, out);
}

static bool on_subnet(uint32_t gw, uint32_t addr, uint32_t mask)
{
	return gw && !bad_unicast(gw) && (gw & mask) == (addr & mask) &&
	       gw != addr;
}

size_t ll_cli_routes(const struct ll_msg *ack, uint32_t addr, uint32_t mask,
		     struct ll_route *out, size_t max)
{
	struct ll_route r[64];
	size_t len, bad, n = 0;
	const uint8_t *d = ll_msg_get(ack, 121, &len);
	int got = d ? ll_routes_decode(d, len, r, 64, &bad) : -1;

	if (got > 0) { /* RFC 3442 section 3: 121 overrides 3 */
		for (int i = 0; i < got && n < max; i++)
			if (!r[i].router || on_subnet(r[i].router, addr, mask))
				out[n++] = r[i];
		return n;
	}
	d = ll_msg_get(ack, 3, &len);
	for (size_t i = 0; d && i + 4 <= len && max; i += 4) {
		uint32_t gw = (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 |
			      (uint32_t)d[i + 2] << 8 | d[i + 3];

		if (on_subnet(gw, addr, mask)) {
			out[0] = (struct ll_route){.router = gw};
			return 1;
		}
	}
	return 0;
}

const char *ll_cstate_name(enum ll_cstate s)
{
	static const char *const n[] = {
		[LL_CS_STOPPED] = "STOPPED", [LL_CS_INIT] = "INIT",
		[LL_CS_SELECTING] = "SELECTING",
		[LL_CS_REQUESTING] = "REQUESTING",
		[LL_CS_CHECKING] = "CHECKING", [LL_CS_BOUND] = "BOUND",
		[LL_CS_RENEWING] = "RENEWING", [LL_CS_REBINDING] = "REBINDING",
		[LL_CS_INIT_REBOOT] = "INIT-REBOOT",
		[LL_CS_REBOOTING] = "REBOOTING"};

	return (unsigned)s < sizeof(n) / sizeof(n[0]) && n[s] ? n[s] : "?";
}

const char *ll_reason_name(enum ll_reason r)
{
	static const char *const n[] = {
		[LL_R_PREINIT] = "PREINIT", [LL_R_BOUND] = "BOUND",
		[LL_R_RENEW] = "RENEW",     [LL_R_REBIND] = "REBIND",
		[LL_R_REBOOT] = "REBOOT",   [LL_R_EXPIRE] = "EXPIRE",
		[LL_R_FAIL] = "FAIL",       [LL_R_STOP] = "STOP",
		[LL_R_RELEASE] = "RELEASE", [LL_R_TIMEOUT] = "TIMEOUT"};

	return (unsigned)r < sizeof(n) / sizeof(n[0]) && n[r] ? n[r] : "?";
}
