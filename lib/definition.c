/* Database rows to a definition, checked against the option table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanlease/definition.h"
#include "lanlease/option.h"
#include "lanlease/text.h"

void ll_defb_init(struct ll_defb *b)
{
	memset(&b->def, 0, sizeof(b->def));
	ll_msg_init(&b->opts);
	b->def.opts = &b->opts;
	b->subnet[0] = '\0';
	b->serial = 0;
	b->err[0] = '\0';
}

/* Column names of staticDHCPd (maps, subnets) and pydhcpdb (users) that
 * are options, mapped to their codes. */
static const struct { const char *col; uint8_t code; } ll__cols[] = {
	{ "mask", 1 }, { "subnet_mask", 1 }, { "netmask", 1 },
	{ "router", 3 }, { "routers", 3 }, { "gateway", 3 },
	{ "gateways", 3 },
	{ "dns", 6 }, { "domain_name_servers", 6 },
	{ "hostname", 12 }, { "domain", 15 }, { "domain_name", 15 },
	{ "broadcast", 28 }, { "broadcast_address", 28 },
	{ "ntp", 42 }, { "ntp_servers", 42 },
};

static int ll__fail(struct ll_defb *b, const char *col, const char *value,
		    int e)
{
	if (!b->err[0])
		snprintf(b->err, sizeof(b->err), "column %s: bad value \"%.60s\" "
			 "(%s)", col, value, ll_strerror((enum ll_err)e));
	return -e;
}

static int ll__u32(const char *v, uint32_t *out)
{
	char *end;
	unsigned long x = strtoul(v, &end, 10);
	if (!*v || *end || *v == '-' || x > UINT32_MAX)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

/* A value in the text form; strings may be given bare, as databases
 * hold them. Checked with the option's bounds (RFC 2132). */
static int ll__set_opt(struct ll_defb *b, uint8_t code, const char *col,
		       const char *value)
{
	uint8_t buf[LL_MSG_OPT_MAX];
	const struct ll_opt_def *d = ll_opt_def(code);
	size_t vl = strlen(value);
	int n;
	if (d && (d->type == LL_T_STR) && value[0] != '"') {
		if (vl > sizeof(buf))
			return ll__fail(b, col, value, LL_E_OPT_LEN);
		memcpy(buf, value, vl);
		n = (int)vl;
	} else {
		n = ll_opt_parse(code, value, vl, buf, sizeof(buf));
		if (n < 0)
			return ll__fail(b, col, value, -n);
	}
	size_t bad;
	int e = ll_opt_validate(code, buf, (size_t)n, 1, &bad);
	if (e != LL_OK)
		return ll__fail(b, col, value, e);
	ll_msg_set(&b->opts, code, buf, (size_t)n);
	return 0;
}

static int ll__special(struct ll_defb *b, const char *name, const char *v)
{
	uint32_t x;
	if (!strcasecmp(name, "ip") || !strcasecmp(name, "address")) {
		if (ll_ip_parse(v, strlen(v), &x))
			return ll__fail(b, name, v, LL_E_SYNTAX);
		b->def.ip = x;
		return 0;
	}
	uint32_t *nums[] = { &b->def.lease_time, &b->def.t1, &b->def.t2 };
	static const char *const nn[] = { "lease_time", "renewal_time",
					  "rebinding_time" };
	for (int i = 0; i < 3; i++) {
		if (strcasecmp(name, nn[i]))
			continue;
		if (ll__u32(v, &x))
			return ll__fail(b, name, v, LL_E_SYNTAX);
		*nums[i] = x;
		return 0;
	}
	if (!strcasecmp(name, "next_server") || !strcasecmp(name, "siaddr")) {
		if (ll_ip_parse(v, strlen(v), &x))
			return ll__fail(b, name, v, LL_E_SYNTAX);
		b->def.siaddr = x;
		return 0;
	}
	if (!strcasecmp(name, "subnet")) {
		snprintf(b->subnet, sizeof(b->subnet), "%s", v);
		return 0;
	}
	if (!strcasecmp(name, "serial")) {
		b->serial = strtoll(v, NULL, 10);
		return 0;
	}
	return 1;
}

int ll_defb_column(struct ll_defb *b, const char *name, const char *value)
{
	if (!value)
		return 0; /* NULL: the lower layer's value stands */
	int r = ll__special(b, name, value);
	if (r <= 0)
		return r;
	for (size_t i = 0; i < sizeof(ll__cols) / sizeof(ll__cols[0]); i++)
		if (!strcasecmp(name, ll__cols[i].col))
			return ll__set_opt(b, ll__cols[i].code, name, value);
	int code = ll_opt_code(name, strlen(name));
	if (code < 0 && !strncmp(name, "option_", 7))
		code = ll_opt_code(name + 7, strlen(name + 7));
	if (code <= 0 || code >= 255 || code == 53 || code == 54 || code == 52)
		return 1; /* not ours: ignored */
	return ll__set_opt(b, (uint8_t)code, name, value);
}

int ll_defb_option(struct ll_defb *b, int code, const char *value)
{
	char col[24];
	snprintf(col, sizeof(col), "option %d", code);
	if (code <= 0 || code >= 255 || code == 52 || code == 53 || code == 54)
		return ll__fail(b, col, value ? value : "", LL_E_UNKNOWN_NAME);
	if (!value)
		return 0;
	return ll__set_opt(b, (uint8_t)code, col, value);
}

int ll_defb_items(struct ll_defb *b, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n && items[i]; i++) {
		const char *eq = strchr(items[i], '=');
		char name[64];
		if (!eq || (size_t)(eq - items[i]) >= sizeof(name))
			return -EINVAL;
		memcpy(name, items[i], (size_t)(eq - items[i]));
		name[eq - items[i]] = '\0';
		if (ll_defb_column(b, name, eq + 1) < 0)
			return -EINVAL;
	}
	return 0;
}
