/* lanlease-probe: the options shared by every crafting command, and
 * the default message of each type. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "craft.h"
#include "hexin.h"

enum {
	O_CHADDR = 1000, O_XID, O_CIADDR, O_YIADDR, O_SIADDR, O_GIADDR,
	O_HOPS, O_SECS, O_FLAGS, O_SNAME, O_FILE, O_RELAY, O_LOCAL,
	O_CIRCUIT, O_REMOTE, O_TIMEOUT, O_RETRIES, O_JSON, O_ONELINE,
	O_PCAP, O_APPEND, O_FROM_OFFER, O_RANDOM_MAC, O_SRC_MAC, O_DST,
	O_DST_MAC, O_NOPAD, O_COUNT, O_EXPECT, O_SEED, O_HTYPE, O_HLEN,
	O_TYPE,
};

static const struct option ll__lo[] = {
	{ "interface", required_argument, NULL, 'i' },
	{ "option", required_argument, NULL, 'o' },
	{ "remove", required_argument, NULL, 'O' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "chaddr", required_argument, NULL, O_CHADDR },
	{ "xid", required_argument, NULL, O_XID },
	{ "ciaddr", required_argument, NULL, O_CIADDR },
	{ "yiaddr", required_argument, NULL, O_YIADDR },
	{ "siaddr", required_argument, NULL, O_SIADDR },
	{ "giaddr", required_argument, NULL, O_GIADDR },
	{ "hops", required_argument, NULL, O_HOPS },
	{ "secs", required_argument, NULL, O_SECS },
	{ "flags", required_argument, NULL, O_FLAGS },
	{ "htype", required_argument, NULL, O_HTYPE },
	{ "hlen", required_argument, NULL, O_HLEN },
	{ "sname", required_argument, NULL, O_SNAME },
	{ "file", required_argument, NULL, O_FILE },
	{ "type", required_argument, NULL, O_TYPE },
	{ "relay", required_argument, NULL, O_RELAY },
	{ "local", required_argument, NULL, O_LOCAL },
	{ "circuit-id", required_argument, NULL, O_CIRCUIT },
	{ "remote-id", required_argument, NULL, O_REMOTE },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "json", no_argument, NULL, O_JSON },
	{ "oneline", no_argument, NULL, O_ONELINE },
	{ "pcap", required_argument, NULL, O_PCAP },
	{ "append", required_argument, NULL, O_APPEND },
	{ "from-offer", required_argument, NULL, O_FROM_OFFER },
	{ "random-mac", no_argument, NULL, O_RANDOM_MAC },
	{ "src-mac", required_argument, NULL, O_SRC_MAC },
	{ "dst", required_argument, NULL, O_DST },
	{ "dst-mac", required_argument, NULL, O_DST_MAC },
	{ "no-pad", no_argument, NULL, O_NOPAD },
	{ "count", required_argument, NULL, O_COUNT },
	{ "expect", required_argument, NULL, O_EXPECT },
	{ "seed", required_argument, NULL, O_SEED },
	{ NULL, 0, NULL, 0 },
};

/* Header flags become text-form items, applied in order with -o. */
static const char *const ll__hdrname[] = {
	[O_CHADDR - O_CHADDR] = "chaddr", [O_XID - O_CHADDR] = "xid",
	[O_CIADDR - O_CHADDR] = "ciaddr", [O_YIADDR - O_CHADDR] = "yiaddr",
	[O_SIADDR - O_CHADDR] = "siaddr", [O_GIADDR - O_CHADDR] = "giaddr",
	[O_HOPS - O_CHADDR] = "hops", [O_SECS - O_CHADDR] = "secs",
	[O_FLAGS - O_CHADDR] = "flags", [O_SNAME - O_CHADDR] = "sname",
	[O_FILE - O_CHADDR] = "file",
};

static int ll__item(struct ll_craft *c, const char *name, const char *val)
{
	if (c->nitems >= LL_MAX_ITEMS)
		return -1;
	size_t n = (name ? strlen(name) + 1 : 0) + strlen(val) + 1;
	char *s = malloc(n);
	if (!s)
		return -1;
	snprintf(s, n, "%s%s%s", name ? name : "", name ? "=" : "", val);
	c->items[c->nitems++] = s;
	return 0;
}

static int ll__mac(const char *s, uint8_t *mac)
{
	uint8_t b[6];
	return ll_hex_parse(s, strlen(s), b, 6) == 6 ? (memcpy(mac, b, 6), 0)
						     : -1;
}

static int ll__ip(const char *s, uint32_t *ip)
{
	return ll_ip_parse(s, strlen(s), ip);
}

static int ll__opt_hdr(struct ll_craft *c, int o, const char *arg)
{
	if (o >= O_CHADDR && o <= O_FILE)
		return ll__item(c, ll__hdrname[o - O_CHADDR], arg);
	if (o == O_HTYPE)
		return ll__item(c, "htype", arg);
	if (o == O_HLEN)
		return ll__item(c, "hlen", arg);
	if (o == O_TYPE)
		return ll__item(c, "dhcp-message-type", arg);
	return 1; /* not a header option */
}

static int ll__opt_other(struct ll_craft *c, int o, const char *arg)
{
	switch (o) {
	case 'i': c->ifname = arg; return 0;
	case 'o': return strchr(arg, '=') ? ll__item(c, NULL, arg) : -1;
	case 'O': {
		int code = ll_opt_code(arg, strlen(arg));
		if (code <= 0 || code >= 255)
			return -1;
		c->removed[code >> 3] |= (uint8_t)(1u << (code & 7));
		return 0;
	}
	case 'v': c->verbose = true; return 0;
	case 'q': c->quiet = true; return 0;
	case O_RELAY: c->relay = true; return ll__ip(arg, &c->server);
	case O_LOCAL: return ll__ip(arg, &c->local);
	case O_CIRCUIT: c->circuit_id = arg; return 0;
	case O_REMOTE: c->remote_id = arg; return 0;
	case O_TIMEOUT: c->timeout_ms = (int)(atof(arg) * 1000); return 0;
	case O_RETRIES: c->retries = atoi(arg); return 0;
	case O_JSON: c->out_flags |= LL_TEXT_JSON; return 0;
	case O_ONELINE: c->out_flags |= LL_TEXT_ONELINE; return 0;
	case O_PCAP: c->pcap_path = arg; return 0;
	case O_APPEND: {
		long k = ll_hex_text(arg, strlen(arg), c->tail, sizeof(c->tail));
		c->tail_len = k < 0 ? 0 : (size_t)k;
		return k < 0 ? -1 : 0;
	}
	case O_FROM_OFFER: c->from_offer = arg; return 0;
	case O_RANDOM_MAC: c->random_mac = true; return 0;
	case O_SRC_MAC: c->have_eth_src = true; return ll__mac(arg, c->eth_src);
	case O_DST: return ll__ip(arg, &c->dst_ip);
	case O_DST_MAC: return ll__mac(arg, c->dst_mac);
	case O_NOPAD: c->min_len = 0; return 0;
	case O_COUNT: c->count = atol(arg); return 0;
	case O_SEED: c->seed = strtoull(arg, NULL, 0); return 0;
	case O_EXPECT: {
		c->expect_set = true;
		if (!strcmp(arg, "none"))
			return (c->expect = 0), 0;
		int t = ll_msgtype_from_name(arg, strlen(arg));
		c->expect = (uint8_t)(t > 0 ? t : 0);
		return t > 0 ? 0 : -1;
	}
	default: return -1;
	}
}

int ll_craft_args(struct ll_craft *c, int argc, char **argv, const char *cmd)
{
	int o;
	memset(c, 0, sizeof(*c));
	c->timeout_ms = 3000;
	c->min_len = LL_BOOTP_MIN;
	c->dst_ip = 0xFFFFFFFFu;
	memset(c->dst_mac, 0xFF, 6);
	optind = 1;
	while ((o = getopt_long(argc, argv, "i:o:O:vq", ll__lo, NULL)) != -1) {
		int r = ll__opt_hdr(c, o, optarg);
		if (r == 1)
			r = ll__opt_other(c, o, optarg);
		if (r != 0) {
			if (o != '?')
				fprintf(stderr, "lanlease-probe %s: bad value for "
					"option: %s\n", cmd, optarg ? optarg : "");
			return -1;
		}
	}
	if (!c->relay && !c->ifname && strcmp(cmd, "fuzz-gen") != 0) {
		fprintf(stderr, "lanlease-probe %s: give -i IFACE or --relay "
			"SERVER\n", cmd);
		return -1;
	}
	return optind;
}

int ll_craft_open(struct ll_craft *c, struct ll_xport *x)
{
	int e;
	if (c->relay) {
		e = ll_xport_relay(x, c->local, c->server, 67);
		if (e < 0) {
			fprintf(stderr, "lanlease-probe: relay socket on port 67: "
				"%s\n", strerror(-e));
			return LL_X_USAGE;
		}
	} else {
		e = ll_xport_l2(x, c->ifname, "udp and (port 67 or port 68)");
		if (e < 0) {
			fprintf(stderr, "lanlease-probe: %s: %s\n", c->ifname,
				strerror(-e));
			return LL_X_USAGE;
		}
	}
	if (c->random_mac) { /* locally administered unicast */
		ll_craft_random(c, c->src_mac, 6);
		c->src_mac[0] = (uint8_t)((c->src_mac[0] & 0xFC) | 0x02);
		c->have_src_mac = true;
	}
	if (!c->have_src_mac)
		memcpy(c->src_mac, c->relay ? (const uint8_t *)"\x02\x00\x00\x00\x00\x01"
					    : x->ifc.mac, 6);
	if (c->pcap_path) {
		c->pdead = pcap_open_dead(DLT_EN10MB, 65535);
		c->pd = c->pdead ? pcap_dump_open(c->pdead, c->pcap_path) : NULL;
		if (!c->pd) {
			fprintf(stderr, "lanlease-probe: %s: cannot write\n",
				c->pcap_path);
			return LL_X_USAGE;
		}
	}
	return 0;
}

void ll_craft_close(struct ll_craft *c)
{
	if (c->pd)
		pcap_dump_close(c->pd);
	if (c->pdead)
		pcap_close(c->pdead);
	for (int i = 0; i < c->nitems; i++)
		free((void *)c->items[i]);
	c->pd = NULL;
	c->pdead = NULL;
	c->nitems = 0;
}

/* xorshift64*: only for --seed runs, which must repeat exactly. */
void ll_craft_random(struct ll_craft *c, void *buf, size_t n)
{
	uint8_t *p = buf;
	if (!c->seed) {
		if (getrandom(buf, n, 0) == (ssize_t)n)
			return;
		c->seed = 0x9E3779B97F4A7C15ull; /* cannot happen */
	}
	for (size_t i = 0; i < n; i++) {
		c->seed ^= c->seed >> 12;
		c->seed ^= c->seed << 25;
		c->seed ^= c->seed >> 27;
		p[i] = (uint8_t)((c->seed * 0x2545F4914F6CDD1Dull) >> 56);
	}
}

/* RFC 2131 table 5: the fields and options a client puts in each type. */
static void ll__defaults(struct ll_craft *c, struct ll_msg *m, uint8_t type)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 28, 42, 51, 58, 59, 119, 121 };
	uint32_t xid;
	ll_msg_init(m);
	m->op = LL_BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	ll_craft_random(c, &xid, sizeof(xid));
	m->xid = c->have_offer ? c->offer_xid : xid;
	memcpy(m->chaddr, c->src_mac, 6);
	ll_msg_set_u8(m, 53, type);
	if (c->have_offer) { /* RFC 2131 4.3.2 SELECTING: 50 and 54 */
		ll_msg_set_ip(m, 50, c->offer_yiaddr);
		ll_msg_set_ip(m, 54, c->offer_sid);
	}
	if (type == LL_RELEASE || type == LL_DECLINE)
		return;
	uint8_t cid[7] = { 1 };
	memcpy(cid + 1, c->src_mac, 6);
	ll_msg_set(m, 61, cid, sizeof(cid));
	ll_msg_set(m, 55, prl, sizeof(prl));
}

/* RFC 3046 2.0: a relay adds giaddr, a hop and Option 82 (last). */
static int ll__relayize(struct ll_craft *c, const struct ll_xport *x,
			struct ll_msg *m)
{
	if (m->giaddr == 0)
		m->giaddr = x->local;
	if (m->hops == 0)
		m->hops = 1;
	if (!c->circuit_id && !c->remote_id)
		return 0;
	char v[600];
	snprintf(v, sizeof(v), "relay-agent-information={%s%s%s%s%s}",
		 c->circuit_id ? "circuit-id=" : "",
		 c->circuit_id ? c->circuit_id : "",
		 c->circuit_id && c->remote_id ? "," : "",
		 c->remote_id ? "remote-id=" : "",
		 c->remote_id ? c->remote_id : "");
	if (ll_msg_set_text(m, v, strlen(v)) != 0) {
		fprintf(stderr, "lanlease-probe: bad --circuit-id/--remote-id "
			"(use \"text\" or hex:...)\n");
		return LL_X_USAGE;
	}
	return 0;
}

int ll_craft_msg(struct ll_craft *c, const struct ll_xport *x,
		 struct ll_msg *m, uint8_t type)
{
	ll__defaults(c, m, type);
	if (c->relay && ll__relayize(c, x, m))
		return LL_X_USAGE;
	for (int i = 0; i < c->nitems; i++) {
		const char *it = c->items[i];
		int e = ll_msg_set_text(m, it, strlen(it));
		if (e < 0) {
			fprintf(stderr, "lanlease-probe: %s: %s\n", it,
				ll_strerror((enum ll_err)-e));
			return LL_X_USAGE;
		}
	}
	/* the default client-id (RFC 4361 6.1 type 1) follows chaddr */
	size_t cl;
	const uint8_t *cid = ll_msg_get(m, 61, &cl);
	if (cid && cl == 7 && cid[0] == 1 && !memcmp(cid + 1, c->src_mac, 6)) {
		uint8_t nc[7] = { 1 };
		memcpy(nc + 1, m->chaddr, 6);
		ll_msg_set(m, 61, nc, sizeof(nc));
	}
	for (unsigned code = 1; code < 255; code++)
		if (c->removed[code >> 3] & (1u << (code & 7)))
			ll_msg_del(m, (uint8_t)code);
	if (ll_msg_has(m, 82))
		ll_msg_move_last(m, 82); /* RFC 3046 2.1 */
	return 0;
}
