/* The client state machine on a fake clock: every transition, days of
 * protocol time in milliseconds, no socket. */
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "lanlease/client.h"

#define S 1000
#define SID 0x0a000001u  /* 10.0.0.1 */
#define ADDR 0x0a000032u /* 10.0.0.50 */

static const uint8_t MAC[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};

static uint32_t xorshift(void *ctx)
{
	uint32_t *s = ctx;

	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static uint32_t seed;
static struct ll_cli cli;
static struct ll_cout out;
static struct ll_msg sent, rep;
static int64_t now;
static const uint8_t *reply_mac; /* chaddr of replies; NULL: the client's */

static void setup(bool standard, bool probe)
{
	struct ll_cli_cfg cfg;

	ll_cli_cfg_default(&cfg, MAC);
	cfg.standard = standard;
	cfg.no_delay = true;
	if (!probe)
		cfg.probe_num = 0;
	seed = 0x12345678u;
	now = 1000000;
	ll_cli_init(&cli, &cfg, (struct ll_rng){xorshift, &seed});
}

static const struct ll_cact *find(enum ll_cact_kind k)
{
	for (unsigned i = 0; i < out.n; i++)
		if (out.act[i].kind == k)
			return &out.act[i];
	return NULL;
}

static int64_t timer_at(void)
{
	const struct ll_cact *a = find(LL_CA_TIMER);

	assert_non_null(a);
	return a->at;
}

static bool hooked(enum ll_reason r)
{
	for (unsigned i = 0; i < out.n; i++)
		if (out.act[i].kind == LL_CA_HOOK && out.act[i].reason == r)
			return true;
	return false;
}

/* The message the last step sent, parsed. */
static const struct ll_cact *msg_sent(void)
{
	const struct ll_cact *a = find(LL_CA_SEND);

	assert_non_null(a);
	assert_true(out.len >= LL_BOOTP_MIN); /* RFC 7844 / RFC 1542 */
	assert_int_equal(ll_msg_parse(&sent, out.pkt, out.len, NULL), LL_OK);
	assert_memory_equal(sent.chaddr, cli.cfg.mac, 6);
	return a;
}

static void fire(int64_t at)
{
	now = at;
	ll_cli_timer(&cli, now, &out);
}

static void options_are(const uint8_t *codes, size_t n)
{
	assert_int_equal(sent.nopts, n);
	for (size_t i = 0; i < n; i++)
		assert_true(ll_msg_has(&sent, codes[i]));
}

/* A server's reply to the last message sent, from text-form items. */
static enum ll_crecv reply(const char *type, uint32_t yiaddr,
			   const char *extra)
{
	char base[256], items[512];
	uint8_t buf[1500];
	const uint8_t *mac = reply_mac ? reply_mac : cli.cfg.mac;
	int len;

	snprintf(base, sizeof(base),
		 "op=BOOTREPLY htype=1 hlen=6 xid=0x%08x "
		 "chaddr=%02x:%02x:%02x:%02x:%02x:%02x yiaddr=%u.%u.%u.%u",
		 (unsigned)sent.xid, mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5], yiaddr >> 24, (yiaddr >> 16) & 255,
		 (yiaddr >> 8) & 255, yiaddr & 255);
	snprintf(items, sizeof(items), "dhcp-message-type=%s %s", type, extra);
	msg_from_items(&rep, base, items);
	len = ll_msg_build(&rep, buf, sizeof(buf), 0, 0);
	assert_true(len > 0);
	return ll_cli_recv(&cli, buf, (size_t)len, now, &out);
}

#define GOOD "subnet-mask=255.255.255.0 routers=10.0.0.1 " \
	     "dhcp-server-identifier=10.0.0.1 dhcp-lease-time=86400"

/* INIT -> SELECTING -> REQUESTING: the REQUEST is the last sent. */
static void to_requesting(void)
{
	ll_cli_start(&cli, now, &out);
	fire(now);
	msg_sent();
	assert_int_equal(reply("OFFER", ADDR, GOOD), LL_CR_TAKEN);
	msg_sent();
}

/* INIT -> SELECTING -> REQUESTING -> BOUND, no probing. */
static void acquire(const char *ackopts)
{
	to_requesting();
	assert_int_equal(reply("ACK", ADDR, ackopts), LL_CR_TAKEN);
	assert_int_equal(cli.state, LL_CS_BOUND);
	assert_true(hooked(LL_R_BOUND));
}

/* RFC 2131 4.4.1: wait 1..10 s before the first DISCOVER (anonymity
 * profile default); --no-delay starts at once. */
static void start_delay(void **st)
{
	(void)st;
	for (int i = 0; i < 50; i++) {
		setup(false, false);
		cli.cfg.no_delay = false;
		seed = 77u + (uint32_t)i;
		ll_cli_start(&cli, now, &out);
		assert_true(hooked(LL_R_PREINIT));
		assert_null(find(LL_CA_SEND));
		assert_in_range(timer_at() - now, 1 * S, 10 * S);
	}
	setup(false, false);
	ll_cli_start(&cli, now, &out);
	assert_int_equal(timer_at(), now);
	fire(now);
	assert_int_equal(cli.state, LL_CS_SELECTING);
}

/* RFC 7844 3.1, 3.3, 3.5, 3.6: DISCOVER holds 53, 55 and 61 only;
 * client-id is 1 + MAC; PRL the default set; no 50; ciaddr 0. */
static void discover_form(void **st)
{
	static const uint8_t codes[] = {53, 55, 61};
	size_t len;
	const uint8_t *d;

	(void)st;
	setup(false, false);
	ll_cli_start(&cli, now, &out);
	fire(now);
	assert_false(msg_sent()->unicast);
	assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
	options_are(codes, 3);
	assert_int_equal(sent.ciaddr, 0);
	d = ll_msg_get(&sent, 61, &len);
	assert_int_equal(len, 7);
	assert_int_equal(d[0], 1);
	assert_memory_equal(d + 1, MAC, 6);
	d = ll_msg_get(&sent, 55, &len);
	assert_int_equal(len, sizeof(ll_cli_default_prl));
	assert_memory_equal(d, ll_cli_default_prl, len);
	/* 61 can be switched off */
	setup(false, false);
	cli.cfg.no_client_id = true;
	ll_cli_start(&cli, now, &out);
	fire(now);
	msg_sent();
	assert_false(ll_msg_has(&sent, 61));
}

/* RFC 7844 3.1: the order is random in every message; xid is new per
 * exchange. */
static void random_order(void **st)
{
	char seen[20][8];
	int distinct = 0;
	uint32_t xids[20];

	(void)st;
	for (int i = 0; i < 20; i++) {
		setup(false, false);
		seed = 1000u + (uint32_t)i * 7919u;
		ll_cli_start(&cli, now, &out);
		fire(now);
		msg_sent();
		xids[i] = sent.xid;
		for (int k = 0; k < 3; k++)
			seen[i][k] = (char)sent.order[k];
		seen[i][3] = 0;
		bool dup = false;
		for (int j = 0; j < i; j++)
			dup |= !memcmp(seen[i], seen[j], 3);
		distinct += !dup;
		for (int j = 0; j < i; j++)
			assert_int_not_equal(xids[i], xids[j]);
	}
	assert_true(distinct > 1);
}

/* RFC 2131 4.1: retransmit at 4, 8, 16, 32, 64, 64 s, each +-1 s;
 * the xid stays within the exchange. */
static void retransmission(void **st)
{
	static const int64_t base[] = {4, 8, 16, 32, 64, 64, 64};
	uint32_t xid;

	(void)st;
	setup(false, false);
	ll_cli_start(&cli, now, &out);
	fire(now);
	msg_sent();
	xid = sent.xid;
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		int64_t d = timer_at() - now;

		assert_in_range(d, base[i] * S - S, base[i] * S + S);
		fire(timer_at());
		msg_sent();
		assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
		assert_int_equal(sent.xid, xid);
	}
}

/* RFC 2131 table 5: REQUEST in SELECTING carries 50 and 54, ciaddr 0,
 * the same PRL; RFC 7844: nothing else. */
static void request_form(void **st)
{
	static const uint8_t codes[] = {53, 55, 61, 50, 54};
	uint8_t prl[64];
	size_t l1, l2;
	const uint8_t *d;
	uint32_t v;

	(void)st;
	setup(false, false);
	ll_cli_start(&cli, now, &out);
	fire(now);
	msg_sent();
	d = ll_msg_get(&sent, 55, &l1);
	memcpy(prl, d, l1);
	assert_int_equal(reply("OFFER", ADDR, GOOD), LL_CR_TAKEN);
	assert_int_equal(cli.state, LL_CS_REQUESTING);
	assert_false(msg_sent()->unicast);
	assert_int_equal(ll_msg_type(&sent), LL_REQUEST);
	options_are(codes, 5);
	assert_int_equal(sent.ciaddr, 0);
	ll_msg_get_ip(&sent, 50, &v);
	assert_int_equal(v, ADDR);
	ll_msg_get_ip(&sent, 54, &v);
	assert_int_equal(v, SID);
	d = ll_msg_get(&sent, 55, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(d, prl, l1);
}

/* RFC 2131 4.3.1 and the issue: hostile offers are dropped. */
static void offer_validation(void **st)
{
	static const struct {
		uint32_t yiaddr;
		const char *opts;
	} bad[] = {
		{0, GOOD},
		{0xffffffffu, GOOD},
		{0x7f000001u, GOOD},
		{0xe0000001u, GOOD},
		{0xf0000001u, GOOD},
		{0x0a0000ffu, GOOD}, /* the subnet broadcast */
		{0x0a000000u, GOOD}, /* the network address */
		{ADDR, "dhcp-server-identifier=10.0.0.1 dhcp-lease-time=60"},
		{ADDR, "subnet-mask=255.0.255.0 dhcp-server-identifier=10.0.0.1 "
		       "dhcp-lease-time=60"},
		{ADDR, "subnet-mask=255.255.255.0 dhcp-server-identifier=10.0.0.1"},
		{ADDR, "subnet-mask=255.255.255.0 dhcp-lease-time=60"},
		{ADDR, "subnet-mask=255.255.255.0 dhcp-lease-time=60 "
		       "dhcp-server-identifier=255.255.255.255"},
	};

	(void)st;
	setup(false, false);
	ll_cli_start(&cli, now, &out);
	fire(now);
	msg_sent();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(reply("OFFER", bad[i].yiaddr, bad[i].opts),
				 LL_CR_INVALID);
		assert_int_equal(cli.state, LL_CS_SELECTING);
		assert_null(find(LL_CA_SEND));
	}
	/* not ours: xid, chaddr, op */
	sent.xid ^= 1;
	assert_int_equal(reply("OFFER", ADDR, GOOD), LL_CR_NOT_OURS);
	sent.xid ^= 1;
	reply_mac = (const uint8_t *)"\x02\x11\x22\x33\x44\x56";
	assert_int_equal(reply("OFFER", ADDR, GOOD), LL_CR_NOT_OURS);
	reply_mac = NULL;
	assert_int_equal(reply("ACK", ADDR, GOOD), LL_CR_UNEXPECTED);
	assert_int_equal(ll_cli_recv(&cli, (const uint8_t *)"junk", 4, now,
				     &out), LL_CR_MALFORMED);
	assert_int_equal(cli.state, LL_CS_SELECTING);
	assert_int_equal(reply("OFFER", ADDR, GOOD), LL_CR_TAKEN);
	/* an ACK for another address or from another server is dropped */
	msg_sent();
	assert_int_equal(reply("ACK", ADDR + 1, GOOD), LL_CR_INVALID);
	assert_int_equal(reply("ACK", ADDR,
			       "subnet-mask=255.255.255.0 dhcp-lease-time=60 "
			       "dhcp-server-identifier=10.0.0.9"),
			 LL_CR_INVALID);
	assert_int_equal(cli.state, LL_CS_REQUESTING);
}

/* RFC 2131 4.4.5: T1 0.5, T2 0.875 (+-2.5% fuzz), renew unicast with
 * ciaddr and no 50/54, retransmit halfway (>= 60 s), rebind broadcast
 * with ciaddr, expire -> EXPIRE and DISCOVER. */
static void renew_rebind_expire(void **st)
{
	static const uint8_t codes[] = {53, 55, 61};
	const struct ll_cact *a;
	int64_t start, t1, t2, prev;
	uint32_t xid;

	(void)st;
	setup(false, false);
	acquire(GOOD);
	start = cli.lease.start;
	t1 = timer_at();
	assert_in_range(t1 - start, 43200 * S - 2160 * S, 43200 * S + 2160 * S);
	fire(t1);
	assert_int_equal(cli.state, LL_CS_RENEWING);
	a = msg_sent();
	assert_true(a->unicast);
	assert_int_equal(a->dst, SID);
	assert_int_equal(a->src, ADDR);
	assert_int_equal(sent.ciaddr, ADDR);
	options_are(codes, 3);
	xid = sent.xid;
	t2 = cli.lease.t2;
	assert_in_range(t2 - start, 75600 * S - 2160 * S, 75600 * S + 2160 * S);
	prev = now;
	while (cli.state == LL_CS_RENEWING) {
		int64_t at = timer_at();

		int64_t half = (t2 - prev) / 2;

		assert_true(at == t2 || at - prev == (half > 60 * S ? half
								   : 60 * S));
		prev = at;
		fire(at);
		if (cli.state == LL_CS_RENEWING)
			assert_int_equal(msg_sent()->dst, SID);
	}
	assert_int_equal(now, t2);
	assert_int_equal(cli.state, LL_CS_REBINDING);
	a = msg_sent();
	assert_false(a->unicast);
	assert_int_equal(a->dst, 0xffffffffu);
	assert_int_equal(sent.ciaddr, ADDR);
	options_are(codes, 3);
	assert_int_not_equal(sent.xid, xid);
	while (cli.state == LL_CS_REBINDING)
		fire(timer_at());
	assert_int_equal(now, cli.lease.expiry);
	assert_true(hooked(LL_R_EXPIRE));
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
	assert_int_equal(sent.ciaddr, 0);
	assert_false(ll_msg_has(&sent, 50));
}

/* Thirty days of one-day leases renewed at T1: every renewal lands
 * near T1 of the lease it renews, and the client never expires. */
static void thirty_days(void **st)
{
	int renewals = 0;

	(void)st;
	setup(false, false);
	acquire(GOOD);
	while (now < 1000000 + 30LL * 86400 * S) {
		int64_t at = timer_at(), start = cli.lease.start;

		assert_int_equal(cli.state, LL_CS_BOUND);
		assert_in_range(at - start, 41040 * S, 45360 * S);
		fire(at);
		assert_int_equal(cli.state, LL_CS_RENEWING);
		now += 20; /* the ACK arrives 20 ms later */
		msg_sent();
		assert_int_equal(reply("ACK", ADDR, GOOD), LL_CR_TAKEN);
		assert_true(hooked(LL_R_RENEW));
		renewals++;
	}
	assert_in_range(renewals, 58, 62);
}

/* Options 58/59 honoured when sane, replaced when not; an infinite
 * lease arms no timer. */
static void t1_t2_options(void **st)
{
	(void)st;
	setup(false, false);
	acquire("subnet-mask=255.255.255.0 dhcp-server-identifier=10.0.0.1 "
		"dhcp-lease-time=1000 dhcp-renewal-time=100 "
		"dhcp-rebinding-time=200");
	assert_int_equal(cli.lease.t1 - cli.lease.start, 100 * S);
	assert_int_equal(cli.lease.t2 - cli.lease.start, 200 * S);
	setup(false, false);
	acquire("subnet-mask=255.255.255.0 dhcp-server-identifier=10.0.0.1 "
		"dhcp-lease-time=1000 dhcp-renewal-time=5000 "
		"dhcp-rebinding-time=1000");
	assert_in_range(cli.lease.t1 - cli.lease.start, 475 * S, 525 * S);
	assert_in_range(cli.lease.t2 - cli.lease.start, 850 * S, 900 * S);
	setup(false, false);
	acquire("subnet-mask=255.255.255.0 dhcp-server-identifier=10.0.0.1 "
		"dhcp-lease-time=1000 dhcp-renewal-time=300 "
		"dhcp-rebinding-time=200");
	assert_true(cli.lease.t1 < cli.lease.t2);
	assert_int_equal(cli.lease.t2 - cli.lease.start, 200 * S);
	for (uint32_t i = 0; i < 200; i++) { /* fuzz never crosses */
		setup(false, false);
		seed = 99u + i * 31u;
		acquire("subnet-mask=255.255.255.0 dhcp-lease-time=30 "
			"dhcp-server-identifier=10.0.0.1");
		assert_true(cli.lease.start < cli.lease.t1);
		assert_true(cli.lease.t1 < cli.lease.t2);
		assert_true(cli.lease.t2 < cli.lease.expiry);
	}
	setup(false, false);
	acquire("subnet-mask=255.255.255.0 dhcp-server-identifier=10.0.0.1 "
		"dhcp-lease-time=4294967295");
	assert_true(timer_at() == INT64_MAX);
}

/* RFC 2131 3.1.4 / 4.4.4: NAK -> INIT; after a binding, deconfigure. */
static void nak(void **st)
{
	(void)st;
	setup(false, false);
	to_requesting();
	assert_int_equal(reply("NAK", 0, "dhcp-server-identifier=10.0.0.1"),
			 LL_CR_TAKEN);
	assert_int_equal(cli.state, LL_CS_INIT);
	assert_false(hooked(LL_R_EXPIRE)); /* nothing was configured */
	fire(timer_at());
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
	/* bound, then NAK on renew */
	setup(false, false);
	acquire(GOOD);
	fire(timer_at());
	msg_sent();
	assert_int_equal(reply("NAK", 0, "dhcp-server-identifier=10.0.0.1"),
			 LL_CR_TAKEN);
	assert_true(hooked(LL_R_EXPIRE));
	assert_int_equal(cli.state, LL_CS_INIT);
}

/* RFC 5227: probes before use; a conflict declines (50, 54, ciaddr 0)
 * and restarts after 10 s; announcements after binding. */
static void arp_checking(void **st)
{
	static const uint8_t other[6] = {2, 9, 9, 9, 9, 9};
	static const uint8_t codes[] = {53, 61, 50, 54};
	int probes = 0;
	uint32_t v;

	(void)st;
	setup(false, true);
	to_requesting();
	reply("ACK", ADDR, GOOD);
	assert_int_equal(cli.state, LL_CS_CHECKING);
	assert_false(hooked(LL_R_BOUND));
	assert_in_range(timer_at() - now, 0, 1 * S);
	while (cli.state == LL_CS_CHECKING) {
		int64_t prev = now;

		fire(timer_at());
		if (find(LL_CA_ARP_PROBE)) {
			assert_int_equal(find(LL_CA_ARP_PROBE)->addr, ADDR);
			if (probes)
				assert_in_range(now - prev, 1 * S, 2 * S);
			probes++;
		}
	}
	assert_int_equal(probes, 3);
	assert_true(hooked(LL_R_BOUND));
	assert_non_null(find(LL_CA_ARP_ANNOUNCE));
	assert_int_equal(timer_at() - now, 2 * S); /* second announcement */
	fire(timer_at());
	assert_non_null(find(LL_CA_ARP_ANNOUNCE));
	assert_int_equal(cli.state, LL_CS_BOUND);

	/* a conflict while checking */
	setup(false, true);
	to_requesting();
	reply("ACK", ADDR, GOOD);
	fire(timer_at());
	ll_cli_arp(&cli, MAC, ADDR, ADDR, now, &out); /* our own: ignored */
	assert_int_equal(cli.state, LL_CS_CHECKING);
	ll_cli_arp(&cli, other, ADDR, 0x0a000001u, now, &out);
	assert_int_equal(cli.state, LL_CS_INIT);
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DECLINE);
	options_are(codes, 4);
	assert_int_equal(sent.ciaddr, 0);
	ll_msg_get_ip(&sent, 50, &v);
	assert_int_equal(v, ADDR);
	assert_int_equal(timer_at() - now, 10 * S);
	fire(timer_at());
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
}

/* The hook refuses the lease after BOUND: DECLINE. */
static void hook_reject(void **st)
{
	(void)st;
	setup(false, false);
	acquire(GOOD);
	ll_cli_reject(&cli, now, &out);
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DECLINE);
	assert_int_equal(cli.state, LL_CS_INIT);
}

/* RFC 7844 3.8: never a RELEASE; standard mode releases on request. */
static void stop_release(void **st)
{
	(void)st;
	setup(false, false);
	acquire(GOOD);
	ll_cli_stop(&cli, false, true, now, &out);
	assert_null(find(LL_CA_SEND));
	assert_true(hooked(LL_R_STOP));
	assert_int_equal(cli.state, LL_CS_STOPPED);
	assert_true(timer_at() == INT64_MAX);
	setup(true, false);
	acquire(GOOD);
	ll_cli_stop(&cli, false, true, now, &out);
	assert_true(msg_sent()->unicast);
	assert_int_equal(ll_msg_type(&sent), LL_RELEASE);
	assert_int_equal(sent.ciaddr, ADDR);
	assert_true(hooked(LL_R_RELEASE));
	setup(false, false);
	acquire(GOOD);
	ll_cli_stop(&cli, true, false, now, &out); /* --keep */
	assert_false(hooked(LL_R_STOP));
}

/* Standard mode: INIT-REBOOT (50, no 54, ciaddr 0), REBOOT reason,
 * hostname, stable client-id; the profile never reboots. */
static void standard_reboot(void **st)
{
	const uint8_t *d;
	size_t len;

	(void)st;
	setup(true, false);
	cli.cfg.prev_addr = ADDR;
	cli.cfg.prev_server = SID;
	strcpy(cli.cfg.hostname, "box");
	memcpy(cli.cfg.cid, "\x00stable", 7);
	cli.cfg.cid_len = 7;
	ll_cli_start(&cli, now, &out);
	assert_int_equal(cli.state, LL_CS_REBOOTING);
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_REQUEST);
	assert_true(ll_msg_has(&sent, 50));
	assert_false(ll_msg_has(&sent, 54));
	assert_int_equal(sent.ciaddr, 0);
	assert_true(ll_msg_has(&sent, 12));
	d = ll_msg_get(&sent, 61, &len);
	assert_int_equal(len, 7);
	assert_memory_equal(d, "\x00stable", 7);
	assert_int_equal(reply("ACK", ADDR, GOOD), LL_CR_TAKEN);
	assert_true(hooked(LL_R_REBOOT));
	assert_non_null(find(LL_CA_SAVE));
	/* no answer to INIT-REBOOT: back to DISCOVER */
	setup(true, false);
	cli.cfg.prev_addr = ADDR;
	ll_cli_start(&cli, now, &out);
	fire(timer_at());
	fire(timer_at());
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
	/* the profile ignores a remembered lease */
	setup(false, false);
	cli.cfg.prev_addr = ADDR;
	ll_cli_start(&cli, now, &out);
	assert_int_equal(cli.state, LL_CS_INIT);
}

/* A new link (new MAC) in the profile: deconfigure, DISCOVER with the
 * new MAC as chaddr and client-id (RFC 7844 3.3, 3.5). */
static void link_change(void **st)
{
	static const uint8_t mac2[6] = {0x06, 1, 2, 3, 4, 5};
	const uint8_t *d;
	size_t len;

	(void)st;
	setup(false, false);
	acquire(GOOD);
	ll_cli_link(&cli, true, mac2, now, &out);
	assert_true(hooked(LL_R_EXPIRE));
	msg_sent();
	assert_int_equal(ll_msg_type(&sent), LL_DISCOVER);
	assert_memory_equal(sent.chaddr, mac2, 6);
	d = ll_msg_get(&sent, 61, &len);
	assert_memory_equal(d + 1, mac2, 6);
	assert_false(ll_msg_has(&sent, 50));
	/* SIGUSR1 renews now */
	reply("OFFER", ADDR, GOOD);
	msg_sent();
	reply("ACK", ADDR, GOOD);
	ll_cli_renew(&cli, now, &out);
	assert_int_equal(cli.state, LL_CS_RENEWING);
	assert_true(msg_sent()->unicast);
}

/* RFC 3442 section 3: 121 overrides 3; gateways off the subnet are
 * skipped, as are routers off the subnet. */
static void routes(void **st)
{
	struct ll_route r[8];
	struct ll_msg m;

	(void)st;
	msg_from_items(&m, "op=BOOTREPLY", "routers=192.168.9.1,10.0.0.1");
	assert_int_equal(ll_cli_routes(&m, ADDR, 0xffffff00u, r, 8), 1);
	assert_int_equal(r[0].router, SID);
	assert_int_equal(r[0].plen, 0);
	msg_from_items(&m, "op=BOOTREPLY", "routers=192.168.9.1");
	assert_int_equal(ll_cli_routes(&m, ADDR, 0xffffff00u, r, 8), 0);
	msg_from_items(&m, "op=BOOTREPLY",
		       "routers=10.0.0.1 classless-static-routes="
		       "10.10.0.0/16->10.0.0.2,10.20.0.0/16->172.16.0.1,"
		       "0.0.0.0/0->10.0.0.3");
	assert_int_equal(ll_cli_routes(&m, ADDR, 0xffffff00u, r, 8), 2);
	assert_int_equal(r[0].dest, 0x0a0a0000u);
	assert_int_equal(r[0].router, 0x0a000002u);
	assert_int_equal(r[1].plen, 0);
	assert_int_equal(r[1].router, 0x0a000003u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(start_delay),
		cmocka_unit_test(discover_form),
		cmocka_unit_test(random_order),
		cmocka_unit_test(retransmission),
		cmocka_unit_test(request_form),
		cmocka_unit_test(offer_validation),
		cmocka_unit_test(renew_rebind_expire),
		cmocka_unit_test(thirty_days),
		cmocka_unit_test(t1_t2_options),
		cmocka_unit_test(nak),
		cmocka_unit_test(arp_checking),
		cmocka_unit_test(hook_reject),
		cmocka_unit_test(stop_release),
		cmocka_unit_test(standard_reboot),
		cmocka_unit_test(link_change),
		cmocka_unit_test(routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
