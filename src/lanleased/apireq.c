/* lanleased: the HTTP service's request parsers (apireq.h): MACs,
 * lease keys, paths, and the made-up request of a trace. Plain
 * strings in, checked values out; fuzzed by fuzz/fuzz_httpreq.c. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "apireq.h"
#include "lanlease/text.h"

void ll_api_macstr(const uint8_t m[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

int ll_api_mac(const char *s, char out[18], uint8_t mac[6])
{
	uint8_t b[6];
	if (!s || ll_hex_parse(s, strlen(s), b, sizeof(b)) != 6)
		return -1;
	ll_api_macstr(b, out);
	if (mac)
		memcpy(mac, b, 6);
	return 0;
}

int ll_api_lease_key(const char *q, bool circuit, struct ll_vars *V,
		     char *where, size_t cap)
{
	char mac[18], hex[520];
	uint32_t ip;
	if (!ll_ip_parse(q, strlen(q), &ip)) {
		ll_vars_set(V, "ip", q, strlen(q));
		snprintf(where, cap, "ip = {ip}");
	} else if (!ll_api_mac(q, mac, NULL)) {
		ll_vars_set(V, "mac", mac, 17);
		snprintf(where, cap, "mac = {mac}");
	} else if (circuit) { /* as the history stores it: hex */
		struct ll_sb sb;
		ll_sb_init(&sb, hex, sizeof(hex));
		ll_sb_hex(&sb, (const uint8_t *)q, strnlen(q, 255));
		ll_vars_set(V, "circuit_id", hex, strlen(hex));
		snprintf(where, cap, "ip IN (SELECT ip FROM history WHERE "
			 "circuit_id = {circuit_id})");
	} else {
		return -1;
	}
	return 0;
}

/* A path lanleased never serves: .., //, control characters. */
bool ll_api_bad_path(const char *url)
{
	if (url[0] != '/' || strstr(url, "..") || strstr(url, "//"))
		return true;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return true;
	return false;
}

struct ll__g {
	ll_api_param get;
	const void *ctx;
};

static const char *ll__p(const struct ll__g *p, const char *k)
{
	return p->get(p->ctx, k);
}

/* Option 82 sub-option `sub` from key (text) or key_hex. */
static int ll__sub82(const struct ll__g *p, const char *key, uint8_t sub,
		     uint8_t *o82, size_t *n)
{
	char hk[32];
	uint8_t v[255];
	int len;
	const char *t = ll__p(p, key), *h;
	snprintf(hk, sizeof(hk), "%s_hex", key);
	h = ll__p(p, hk);
	if (h)
		len = ll_hex_parse(h, strlen(h), v, sizeof(v));
	else if (t && strlen(t) <= 253)
		memcpy(v, t, (size_t)(len = (int)strlen(t)));
	else
		return t ? -1 : 0;
	if (len <= 0 || len > 253 || *n + 2 + (size_t)len > 255)
		return -1;
	o82[(*n)++] = sub;
	o82[(*n)++] = (uint8_t)len;
	memcpy(o82 + *n, v, (size_t)len);
	*n += (size_t)len;
	return 0;
}

static const struct { const char *name; uint8_t type; } ll__types[] = {
	{ "DISCOVER", 1 }, { "REQUEST", 3 }, { "DECLINE", 4 },
	{ "RELEASE", 7 }, { "INFORM", 8 },
};

/* An IPv4 parameter into *ip (absent: 0); -1 when malformed. */
static int ll__ip(const struct ll__g *p, const char *k, uint32_t *ip)
{
	const char *v = ll__p(p, k);
	*ip = 0;
	return v && ll_ip_parse(v, strlen(v), ip) ? -1 : 0;
}

const char *ll_api_trace_msg(ll_api_param get, const void *ctx,
			     struct ll_msg *m)
{
	const struct ll__g g = { get, ctx }, *p = &g;
	char mac[18];
	uint8_t hw[6], o82[255], cid[255];
	size_t n82 = 0;
	uint32_t ip;
	const char *type = ll__p(p, "message"), *v;
	ll_msg_init(m);
	if (ll_api_mac(ll__p(p, "mac"), mac, hw))
		return "mac: a MAC address is required";
	m->op = 1, m->htype = 1, m->hlen = 6, m->xid = 0x7472;
	memcpy(m->chaddr, hw, 6);
	size_t t = 0, nt = sizeof(ll__types) / sizeof(ll__types[0]);
	while (type && t < nt && strcasecmp(type, ll__types[t].name))
		t++;
	if (t == nt)
		return "message: DISCOVER, REQUEST, INFORM, RELEASE or DECLINE";
	ll_msg_set_u8(m, 53, type ? ll__types[t].type : 1);
	if (ll__ip(p, "relay", &m->giaddr) || ll__ip(p, "ciaddr", &m->ciaddr))
		return "relay, ciaddr: IPv4 addresses";
	if (ll__ip(p, "requested", &ip))
		return "requested: an IPv4 address";
	if (ip)
		ll_msg_set_ip(m, 50, ip);
	if (ll__ip(p, "server_id", &ip))
		return "server_id: an IPv4 address";
	if (ip)
		ll_msg_set_ip(m, 54, ip);
	if ((v = ll__p(p, "client_id"))) {
		int k = ll_hex_parse(v, strlen(v), cid, sizeof(cid));
		if (k < 2)
			return "client_id: hex, at least 2 bytes";
		ll_msg_set(m, 61, cid, (size_t)k);
	}
	/* RFC 2132 3.14: a host name of at least one byte */
	if ((v = ll__p(p, "hostname")) &&
	    (!*v || strnlen(v, 256) > 255 || ll_msg_set(m, 12, v, strlen(v))))
		return "hostname: 1 to 255 bytes";
	if (ll__sub82(p, "circuit_id", 1, o82, &n82) ||
	    ll__sub82(p, "remote_id", 2, o82, &n82))
		return "circuit_id, remote_id: 1 to 253 bytes (text, or _hex)";
	if (ll__ip(p, "link_selection", &ip))
		return "link_selection: an IPv4 address";
	if (ip && n82 + 6 <= 255) { /* RFC 3527 */
		uint8_t ls[6] = { 5, 4, ip >> 24, ip >> 16 & 255, ip >> 8 & 255,
				  ip & 255 };
		memcpy(o82 + n82, ls, 6);
		n82 += 6;
	}
	if (n82 && !m->giaddr)
		return "circuit_id, remote_id, link_selection need relay";
	if (n82)
		ll_msg_set(m, 82, o82, n82);
	if (m->giaddr)
		m->hops = 1;
	return NULL;
}

