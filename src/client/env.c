/* The dhclient-script environment of a lease. Every value a server
 * sent is either a number, an address, or text that passed its syntax
 * check; anything else is dropped, never passed on. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lanlease/option.h"
#include "lanlease/rfc.h"

void ll_env_init(struct ll_envb *e)
{
	e->used = 0;
	e->n = 0;
}

void ll_env_add(struct ll_envb *e, const char *name, const char *value)
{
	int n = snprintf(e->buf + e->used, sizeof(e->buf) - e->used, "%s=%s",
			 name, value);

	if (n < 0 || (size_t)n + 1 > sizeof(e->buf) - e->used)
		return; /* full: the variable is left out, never cut */
	e->used += (size_t)n + 1;
	e->n++;
}

static void addf(struct ll_envb *e, const char *pfx, const char *name,
		 const char *value)
{
	char key[96];

	snprintf(key, sizeof(key), "%s%s", pfx, name);
	ll_env_add(e, key, value);
}

static void ip_text(uint32_t a, char *out)
{
	struct in_addr in = {.s_addr = htonl(a)};

	inet_ntop(AF_INET, &in, out, INET_ADDRSTRLEN);
}

/* RFC 1035 section 2.3.1: letters, digits and hyphens, labels of 1 to
 * 63 that neither begin nor end with a hyphen, at most 253 in all. */
bool ll_dn_ok(const char *s, size_t n)
{
	size_t lab = 0;

	if (n && s[n - 1] == '.')
		n--;
	if (!n || n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		char ch = i < n ? s[i] : '.';

		if (ch == '.') {
			if (!lab || s[i - 1] == '-')
				return false;
			lab = 0;
		} else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			   (ch >= '0' && ch <= '9') || (ch == '-' && lab)) {
			if (++lab > 63)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

/* A list of addresses, space separated, "" when the option is bad. */
static void ip_list(const struct ll_msg *m, uint8_t code, char *out,
		    size_t cap)
{
	size_t len, o = 0;
	const uint8_t *d = ll_msg_get(m, code, &len);

	out[0] = 0;
	if (!d || len % 4)
		return;
	for (size_t i = 0; i + 4 <= len && o + 17 < cap; i += 4) {
		uint32_t a = (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 |
			     (uint32_t)d[i + 2] << 8 | d[i + 3];

		if (o)
			out[o++] = ' ';
		ip_text(a, out + o);
		o += strlen(out + o);
	}
}

/* A text option that must be a domain name (12, 15). */
static void dn_var(struct ll_envb *e, const char *pfx, const char *name,
		   const struct ll_msg *m, uint8_t code)
{
	size_t len;
	const uint8_t *d = ll_msg_get(m, code, &len);
	char v[256];

	while (d && len && d[len - 1] == 0) /* some servers send a NUL */
		len--;
	if (!d || !len || len >= sizeof(v) || !ll_dn_ok((const char *)d, len))
		return;
	memcpy(v, d, len);
	v[len] = 0;
	addf(e, pfx, name, v);
}

/* Option 119 (RFC 3397): each name decoded, names failing the syntax
 * check dropped. */
static void search_var(struct ll_envb *e, const char *pfx,
		       const struct ll_msg *m)
{
	size_t len, pos = 0, bad, o = 0;
	const uint8_t *d = ll_msg_get(m, 119, &len);
	char out[1024];

	if (!d)
		return;
	while (pos < len) {
		char nb[1024];
		struct ll_sb sb;
		bool complete;

		ll_sb_init(&sb, nb, sizeof(nb));
		if (ll_dname_read(d, len, &pos, LL_DN_COMPRESS, &sb, &complete,
				  &bad) != LL_OK)
			break;
		if (!ll_dn_ok(nb, sb.len) || o + sb.len + 2 > sizeof(out))
			continue;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, nb, sb.len);
		o += sb.len;
	}
	out[o] = 0;
	if (o)
		addf(e, pfx, "domain_search", out);
}

/* dhclient passes 121 as its bytes in decimal. */
static void routes_var(struct ll_envb *e, const char *pfx,
		       const struct ll_msg *m)
{
	size_t len, bad, o = 0;
	const uint8_t *d = ll_msg_get(m, 121, &len);
	struct ll_route r[64];
	char out[2048];

	if (!d || ll_routes_decode(d, len, r, 64, &bad) < 0 || len > 400)
		return;
	for (size_t i = 0; i < len; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%u",
				      i ? " " : "", d[i]);
	addf(e, pfx, "rfc3442_classless_static_routes", out);
}

static void num_var(struct ll_envb *e, const char *pfx, const char *name,
		    long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", v);
	addf(e, pfx, name, b);
}

void ll_env_lease(struct ll_envb *e, const char *pfx,
		  const struct ll_msg *ack, const struct ll_clease *l,
		  int64_t mono_now, int64_t wall_now)
{
	char v[1024];
	uint16_t mtu;
	uint32_t brd = (l->addr & l->mask) | ~l->mask;
	struct ll_route rt[4];

	ip_text(l->addr, v);
	addf(e, pfx, "ip_address", v);
	ip_text(l->mask, v);
	addf(e, pfx, "subnet_mask", v);
	ip_text(l->addr & l->mask, v);
	addf(e, pfx, "network_number", v);
	ll_msg_get_ip(ack, 28, &brd);
	ip_text(brd, v);
	addf(e, pfx, "broadcast_address", v);
	if (ll_cli_routes(ack, l->addr, l->mask, rt, 1) && !rt[0].plen &&
	    !ll_msg_has(ack, 121)) {
		ip_text(rt[0].router, v); /* only routers on the subnet */
		addf(e, pfx, "routers", v);
	}
	ip_list(ack, 6, v, sizeof(v));
	if (v[0])
		addf(e, pfx, "domain_name_servers", v);
	ip_list(ack, 42, v, sizeof(v));
	if (v[0])
		addf(e, pfx, "ntp_servers", v);
	dn_var(e, pfx, "domain_name", ack, 15);
	dn_var(e, pfx, "host_name", ack, 12);
	search_var(e, pfx, ack);
	routes_var(e, pfx, ack);
	ip_text(l->server, v);
	addf(e, pfx, "dhcp_server_identifier", v);
	num_var(e, pfx, "dhcp_lease_time", l->lease_s);
	if (l->expiry != INT64_MAX) {
		num_var(e, pfx, "dhcp_renewal_time", (l->t1 - l->start) / 1000);
		num_var(e, pfx, "dhcp_rebinding_time",
			(l->t2 - l->start) / 1000);
		num_var(e, pfx, "expiry",
			wall_now + (l->expiry - mono_now) / 1000);
	}
	if (ll_msg_get_u16(ack, 26, &mtu) == LL_OK && mtu >= 68)
		num_var(e, pfx, "interface_mtu", mtu);
}

void ll_env_requested(struct ll_envb *e, const uint8_t *prl, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct ll_opt_def *d = ll_opt_def(prl[i]);
		char key[96];

		if (!d || !d->name)
			continue;
		snprintf(key, sizeof(key), "requested_%s", d->name);
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		ll_env_add(e, key, "1");
	}
}

size_t ll_resolv_text(const struct ll_msg *ack, char *out, size_t cap)
{
	char ns[1024], *p, *save = NULL;
	size_t o = 0;
	struct ll_envb e;

	ip_list(ack, 6, ns, sizeof(ns));
	for (p = strtok_r(ns, " ", &save); p && o + 64 < cap;
	     p = strtok_r(NULL, " ", &save))
		o += (size_t)snprintf(out + o, cap - o, "nameserver %s\n", p);
	ll_env_init(&e);
	search_var(&e, "", ack);
	dn_var(&e, "", "domain_name", ack, 15);
	for (size_t i = 0, k = 0; k < e.n; k++) {
		const char *var = e.buf + i, *val = strchr(var, '=') + 1;

		if (o + strlen(val) + 10 < cap)
			o += (size_t)snprintf(out + o, cap - o, "search %s\n",
					      val);
		i += strlen(var) + 1;
		break; /* 119 wins over 15 when both are there */
	}
	out[o] = 0;
	return o;
}
