/* Request variables, user variables and SQL templates. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lanlease/option.h"
#include "lanlease/text.h"
#include "lanlease/vars.h"

void ll_vars_init(struct ll_vars *V)
{
	V->n = 0;
	V->used = 0;
}

static int ll__find(const struct ll_vars *V, const char *name, size_t nlen)
{
	for (unsigned i = 0; i < V->n; i++)
		if (V->v[i].nlen == nlen &&
		    memcmp(V->arena + V->v[i].name, name, nlen) == 0)
			return (int)i;
	return -1;
}

/* Writes a value at the end of the arena for variable i. */
static void ll__value(struct ll_vars *V, unsigned i, const void *val,
		      size_t len)
{
	V->v[i].val = V->used;
	V->v[i].vlen = (uint32_t)len;
	if (len)
		memcpy(V->arena + V->used, val, len);
	V->arena[V->used + len] = '\0';
	V->used += (uint32_t)len + 1;
}

/* Appends without looking for an existing name: for a set being built
 * from one request, whose names are unique by construction. */
static int ll__add(struct ll_vars *V, const char *name, size_t nlen,
		   const void *val, size_t len)
{
	if (V->n >= LL_VARS_MAX || V->used + nlen + len + 2 > LL_VARS_ARENA)
		return -ENOSPC;
	unsigned i = V->n++;
	V->v[i].name = V->used;
	V->v[i].nlen = (uint32_t)nlen;
	memcpy(V->arena + V->used, name, nlen);
	V->arena[V->used + nlen] = '\0';
	V->used += (uint32_t)nlen + 1;
	ll__value(V, i, val, len);
	return 0;
}

int ll_vars_set(struct ll_vars *V, const char *name, const void *val,
		size_t len)
{
	size_t nlen = strlen(name);
	int i = ll__find(V, name, nlen);
	if (i < 0)
		return ll__add(V, name, nlen, val, len);
	if (V->used + len + 1 > LL_VARS_ARENA)
		return -ENOSPC;
	ll__value(V, (unsigned)i, val, len);
	return 0;
}

const char *ll_vars_get(const struct ll_vars *V, const char *name,
			size_t nlen, size_t *len)
{
	int i = ll__find(V, name, nlen);
	if (i < 0)
		return NULL;
	if (len)
		*len = V->v[i].vlen;
	return V->arena + V->v[i].val;
}

static void ll__sets(struct ll_vars *V, const char *name, const char *s)
{
	ll__add(V, name, strlen(name), s, strlen(s));
}

/* Formats into a small buffer with the builder and adds the result. */
struct ll__fb {
	struct ll_sb sb;
	char buf[2 * 1024 + 64];
};

static struct ll_sb *ll__fb_start(struct ll__fb *f)
{
	ll_sb_init(&f->sb, f->buf, sizeof(f->buf));
	return &f->sb;
}

static void ll__fb_add(struct ll_vars *V, const char *name, struct ll__fb *f)
{
	size_t n = f->sb.len < f->sb.cap ? f->sb.len : f->sb.cap - 1;
	ll__add(V, name, strlen(name), f->buf, n);
}

static void ll__hexvar(struct ll_vars *V, const char *name,
		       const uint8_t *p, size_t n)
{
	struct ll__fb f;
	ll_sb_hex(ll__fb_start(&f), p, n > 1024 ? 1024 : n);
	ll__fb_add(V, name, &f);
}

static void ll__ipvar(struct ll_vars *V, const char *name, uint32_t ip)
{
	struct ll__fb f;
	ll_sb_ip(ll__fb_start(&f), ip);
	ll__fb_add(V, name, &f);
}

static void ll__uvar(struct ll_vars *V, const char *name, uint64_t v)
{
	struct ll__fb f;
	ll_sb_uint(ll__fb_start(&f), v);
	ll__fb_add(V, name, &f);
}

static void ll__hexnum(struct ll_vars *V, const char *name, uint32_t v,
		       int digits, bool prefix)
{
	static const char hx[] = "0123456789abcdef";
	char b[12];
	size_t n = 0;
	if (prefix) {
		b[n++] = '0';
		b[n++] = 'x';
	}
	for (int i = digits - 1; i >= 0; i--)
		b[n++] = hx[(v >> (4 * i)) & 15];
	ll__add(V, name, strlen(name), b, n);
}

static void ll__header(struct ll_vars *V, const struct ll_msg *m)
{
	static const char hx[] = "0123456789abcdef";
	size_t hl = m->hlen && m->hlen <= 16 ? m->hlen : 6;
	if (m->op == 1 || m->op == 2)
		ll__sets(V, "op", m->op == 1 ? "BOOTREQUEST" : "BOOTREPLY");
	else
		ll__uvar(V, "op", m->op);
	ll__uvar(V, "htype", m->htype);
	ll__uvar(V, "hlen", m->hlen);
	ll__uvar(V, "hops", m->hops);
	ll__hexnum(V, "xid", m->xid, 8, true);
	ll__hexnum(V, "xidhex", m->xid, 8, false);
	ll__uvar(V, "secs", m->secs);
	ll__hexnum(V, "flags", m->flags, 4, true);
	ll__ipvar(V, "ciaddr", m->ciaddr);
	ll__ipvar(V, "yiaddr", m->yiaddr);
	ll__ipvar(V, "siaddr", m->siaddr);
	ll__ipvar(V, "giaddr", m->giaddr);
	char mac[16 * 3];
	size_t o = 0;
	for (size_t i = 0; i < hl; i++) {
		if (i)
			mac[o++] = ':';
		mac[o++] = hx[m->chaddr[i] >> 4];
		mac[o++] = hx[m->chaddr[i] & 15];
	}
	ll__add(V, "chaddr", 6, mac, o);
	ll__add(V, "mac", 3, mac, o);
	ll__hexvar(V, "mac_hex", m->chaddr, hl);
	ll__hexvar(V, "ClientMacAddress", m->chaddr, hl); /* pydhcpdb */
	ll__add(V, "sname", 5, m->sname, strnlen((const char *)m->sname, 64));
	ll__add(V, "file", 4, m->file, strnlen((const char *)m->file, 128));
}

/* Option 82 sub-options under their names, and pydhcpdb's names. */
static void ll__relay(struct ll_vars *V, const uint8_t *d, size_t n)
{
	static const struct { uint8_t sub; const char *raw, *hex; } subs[] = {
		{ 1, "option_82_circuit_id", "option_82_circuit_id_hex" },
		{ 2, "option_82_remote_id", "option_82_remote_id_hex" },
		{ 6, "option_82_subscriber_id", "option_82_subscriber_id_hex" },
		{ 9, NULL, "option_82_vendor_specific_hex" },
	};
	const uint8_t *v;
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		int l = ll_rai_get(d, n, subs[i].sub, &v);
		if (l < 0)
			continue;
		if (subs[i].raw)
			ll__add(V, subs[i].raw, strlen(subs[i].raw), v, (size_t)l);
		ll__hexvar(V, subs[i].hex, v, (size_t)l);
		if (subs[i].sub == 1) {
			ll__hexvar(V, "option_82_AgentCircuitId_hex", v, (size_t)l);
			if (l >= 2) /* the port: its last two bytes */
				ll__hexvar(V, "option_82_AgentCircuitId_port_hex",
					   v + l - 2, 2);
		} else if (subs[i].sub == 2) {
			ll__hexvar(V, "option_82_AgentRemoteId_hex", v, (size_t)l);
		}
	}
	if (ll_rai_get(d, n, 2, &v) < 0) /* no remote-id: matches NULL rows */
		ll__add(V, "option_82_remote_id_hex", 23, "", 0);
	int l = ll_rai_get(d, n, 5, &v);
	if (l == 4)
		ll__ipvar(V, "option_82_link_selection",
			  (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 |
			  (uint32_t)v[2] << 8 | v[3]);
}

/* "option_" CODE SUFFIX, without printf. */
static const char *ll__oname(char *buf, uint8_t c, const char *suffix)
{
	struct ll_sb sb;
	ll_sb_init(&sb, buf, 48);
	ll_sb_puts(&sb, "option_");
	ll_sb_uint(&sb, c);
	ll_sb_puts(&sb, suffix);
	return buf;
}

static void ll__option(struct ll_vars *V, uint8_t c, const uint8_t *d,
		       size_t n)
{
	char name[48];
	struct ll__fb f;
	const struct ll_opt_def *def = ll_opt_def(c);
	const char *vn = def ? def->name : ll__oname(name, c, "");
	if (def && def->type == LL_T_STR) {
		ll__add(V, vn, strlen(vn), d, n);
	} else {
		struct ll_sb *sb = ll__fb_start(&f);
		ll_opt_format(sb, c, d, n);
		if (sb->len < sb->cap)
			ll__fb_add(V, vn, &f);
	}
	/* pydhcpdb: option_N_hex is the length byte and the value */
	uint8_t lv[256];
	size_t k = n > 255 ? 255 : n;
	lv[0] = (uint8_t)k;
	memcpy(lv + 1, d, k);
	ll__hexvar(V, ll__oname(name, c, "_hex"), lv, k + 1);
	ll__hexvar(V, ll__oname(name, c, "_value_hex"), d, n);
	ll__uvar(V, ll__oname(name, c, "_len"), n);
	if (c == 82)
		ll__relay(V, d, n);
}

int ll_optmask_add(struct ll_optmask *m, const char *name)
{
	int c = -1;
	if (!strncmp(name, "option_", 7) && name[7] >= '0' && name[7] <= '9') {
		char *end;
		long v = strtol(name + 7, &end, 10);
		if (v >= 0 && v <= 255 && (!*end || *end == '_'))
			c = (int)v;
	} else {
		c = ll_opt_code(name, strlen(name));
	}
	if (c < 0 || c > 255)
		return 0;
	m->bit[c >> 3] |= (uint8_t)(1u << (c & 7));
	return 1;
}

int ll_vars_from_msg(struct ll_vars *V, const struct ll_msg *req)
{
	return ll_vars_from_msg_only(V, req, NULL);
}

int ll_vars_from_msg_only(struct ll_vars *V, const struct ll_msg *req,
			  const struct ll_optmask *mask)
{
	ll__header(V, req);
	for (unsigned i = 0; i < req->nopts; i++) {
		uint8_t c = req->order[i];
		if (mask && !(mask->bit[c >> 3] & (1u << (c & 7))))
			continue;
		ll__option(V, c, req->data + req->off[c], req->len[c]);
	}
	uint32_t a = 0;
	ll_msg_get_ip(req, 50, &a);
	ll__ipvar(V, "RequestedIpAddress", a);
	const char *t = ll_msgtype_name(ll_msg_type(req));
	ll__sets(V, "message_type", t ? t : "BOOTP");
	return V->used < LL_VARS_ARENA ? 0 : -ENOSPC;
}

static int ll__num(const char *s, uint32_t *v)
{
	char *end;
	if (!*s) {
		*v = UINT32_MAX;
		return 0;
	}
	unsigned long x = strtoul(s, &end, 10);
	if (*end || *s == '-' || x > 1000000)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int ll_uservar_parse(const char *spec, struct ll_uservar *u, const char **why)
{
	char f[4][64] = { { 0 } };
	int nf = 0;
	const char *p = spec;
	memset(u, 0, sizeof(*u));
	for (;;) {
		const char *c = strchr(p, ':');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		if (nf == 4)
			return *why = "too many fields", -EINVAL;
		if (n >= sizeof(f[0]))
			return *why = "a field is too long", -EINVAL;
		memcpy(f[nf++], p, n);
		if (!c)
			break;
		p = c + 1;
	}
	if (nf < 3)
		return *why = "expected SOURCE:NAME:START:END or o:CODE:START[:END]",
		       -EINVAL;
	if (!strcmp(f[0], "o")) { /* DB2DHCP */
		char *end;
		long code = strtol(f[1], &end, 10);
		if (*end || code < 1 || code > 254)
			return *why = "option code must be 1..254", -EINVAL;
		u->code = (int)code;
		if (strlen(f[2]) > 16)
			return *why = "START is too long", -EINVAL;
		snprintf(u->name, sizeof(u->name), "o_%ld_%.16s", code, f[2]);
		if (ll__num(f[2], &u->start) || ll__num(nf == 4 ? f[3] : "",
							&u->end))
			return *why = "START and END must be numbers", -EINVAL;
	} else {
		if (nf != 4)
			return *why = "expected SOURCE:NAME:START:END", -EINVAL;
		u->code = -1;
		strcpy(u->source, f[0]);
		strcpy(u->name, f[1]);
		if (!f[1][0] || ll__num(f[2], &u->start) || ll__num(f[3], &u->end))
			return *why = "START and END must be numbers", -EINVAL;
	}
	if (u->end != UINT32_MAX && u->end < u->start)
		return *why = "END is before START", -EINVAL;
	return 0;
}

unsigned ll_uservars_apply(struct ll_vars *V, const struct ll_msg *req,
			   const struct ll_uservar *u, size_t n)
{
	unsigned set = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		if (u[i].code >= 0) {
			const uint8_t *d = ll_msg_get(req, (uint8_t)u[i].code, &len);
			uint32_t end = u[i].end > len ? (uint32_t)len : u[i].end;
			if (!d || u[i].start >= len || u[i].start > end)
				continue; /* nothing there: left undefined */
			ll__hexvar(V, u[i].name, d + u[i].start, end - u[i].start);
		} else {
			const char *s = ll_vars_get(V, u[i].source,
						    strlen(u[i].source), &len);
			uint32_t end = u[i].end > len ? (uint32_t)len : u[i].end;
			if (!s || u[i].start >= len || u[i].start > end)
				continue;
			ll_vars_set(V, u[i].name, s + u[i].start, end - u[i].start);
		}
		set++;
	}
	return set;
}

static int ll__tpl_var(struct ll_tpl *t, const char *name, size_t nl,
		       enum ll_dialect d, size_t *o)
{
	if (t->nvars >= LL_TPL_MAXVARS || nl == 0 || nl >= sizeof(t->vars[0]))
		return -1;
	memcpy(t->vars[t->nvars], name, nl);
	t->vars[t->nvars][nl] = '\0';
	t->nvars++;
	int w = d == LL_SQL_DOLLAR
			? snprintf(t->sql + *o, sizeof(t->sql) - *o, "$%u", t->nvars)
			: snprintf(t->sql + *o, sizeof(t->sql) - *o, "?");
	if (w < 0 || (size_t)w >= sizeof(t->sql) - *o)
		return -1;
	*o += (size_t)w;
	return 0;
}

int ll_tpl_compile(const char *src, enum ll_dialect d, struct ll_tpl *t,
		   const char **why, size_t *at)
{
	size_t o = 0, i = 0, n = strlen(src);
	memset(t, 0, sizeof(t->sql));
	t->nvars = 0;
	while (i < n) {
		if (o + 2 >= sizeof(t->sql))
			return *why = "template too long", *at = i, -EINVAL;
		if ((src[i] == '{' || src[i] == '}') && i + 1 < n &&
		    src[i + 1] == src[i]) {
			t->sql[o++] = src[i];
			i += 2;
		} else if (src[i] == '{' || (src[i] == '\'' && i + 2 < n &&
					       src[i + 1] == '{' && src[i + 2] != '{')) {
			/* '{var}' (pydhcpdb style) is one placeholder too: the
			 * quotes would otherwise make it a literal */
			bool q = src[i] == '\'';
			i += q;
			const char *e = strchr(src + i, '}');
			size_t j = i + 1;
			while (e && j < (size_t)(e - src) &&
			       (src[j] == '_' || src[j] == '-' ||
				(src[j] >= 'a' && src[j] <= 'z') ||
				(src[j] >= 'A' && src[j] <= 'Z') ||
				(src[j] >= '0' && src[j] <= '9')))
				j++;
			if (!e || j != (size_t)(e - src) ||
			    (q && src[j + 1] != '\'') ||
			    ll__tpl_var(t, src + i + 1, j - i - 1, d, &o))
				return *why = "bad {variable}", *at = i, -EINVAL;
			i = j + 1 + q;
		} else if (src[i] == '}') {
			return *why = "unmatched }", *at = i, -EINVAL;
		} else {
			t->sql[o++] = src[i++];
		}
	}
	t->sql[o] = '\0';
	return 0;
}
