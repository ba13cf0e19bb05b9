/* Text form of option values, per type of the option table.
 *
 * Grammar (no unquoted white space anywhere):
 *   ip        10.0.0.1            ip-list   10.0.0.1,10.0.0.2
 *   ip-pairs  10.0.0.0/255.0.0.0,... (static-routes: destination/router)
 *   integers  decimal (0x.. accepted on input); lists comma-separated
 *   boolean   true|false           string    "quoted, \" \\ \n \xHH"
 *   binary    hex:0a0b0c           any type  hex:... gives raw bytes
 *   domains   example.com,corp.example.com (compressed on the wire)
 *   routes    10.0.0.0/8->10.0.0.1,0.0.0.0/0->10.0.0.254
 *   structured values: {key=value,...}, lists inside as [a,b]. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lanlease/error.h"
#include "lanlease/rfc.h"
#include "lanlease/text.h"
#include "text_int.h"
#include "bytes.h"

static void ll__f_ips(struct ll_sb *sb, const uint8_t *d, size_t len,
		      const char *sep)
{
	for (size_t i = 0; i + 4 <= len; i += 4) {
		if (i)
			ll_sb_puts(sb, (i % 8 == 4 && sep[0] == '/') ? "/" : ",");
		ll_sb_ip(sb, ll__rdn(d + i, 4));
	}
}

static void ll__f_ints(struct ll_sb *sb, const uint8_t *d, size_t len,
		       size_t w)
{
	for (size_t i = 0; i + w <= len; i += w) {
		if (i)
			ll_sb_putc(sb, ',');
		ll_sb_uint(sb, ll__rdn(d + i, w));
	}
}

static void ll__f_names(struct ll_sb *sb, const uint8_t *d, size_t len)
{
	size_t p = 0, bad;
	bool done;
	while (p < len) {
		if (p)
			ll_sb_putc(sb, ',');
		ll_dname_read(d, len, &p, LL_DN_COMPRESS, sb, &done, &bad);
	}
}

static void ll__f_fqdn(struct ll_sb *sb, const uint8_t *d, size_t len)
{
	ll_sb_printf(sb, "{flags=%u,rcode1=%u,rcode2=%u,name=", d[0], d[1],
		     d[2]);
	if (d[0] & 0x04) {
		size_t p = 3, bad;
		bool done = false;
		if (len > 3)
			ll_dname_read(d, len, &p, LL_DN_PARTIAL, sb, &done, &bad);
		if (done && len > 4)
			ll_sb_putc(sb, '.');
	} else {
		ll_sb_quoted(sb, d + 3, len - 3);
	}
	ll_sb_putc(sb, '}');
}

static void ll__f_relay(struct ll_sb *sb, const uint8_t *d, size_t len)
{
	size_t pos = 0;
	uint8_t c, l;
	const uint8_t *v;
	ll_sb_putc(sb, '{');
	for (int i = 0; ll_subopt_next(d, len, &pos, &c, &v, &l) == 1; i++) {
		const char *n = ll_rai_name(c);
		if (i)
			ll_sb_putc(sb, ',');
		if (n)
			ll_sb_printf(sb, "%s=", n);
		else
			ll_sb_printf(sb, "%u=", c);
		if (c == LL_RAI_LINK_SELECTION || c == LL_RAI_SERVER_ID_OVERRIDE)
			ll_sb_ip(sb, ll__rdn(v, 4));
		else if (c == LL_RAI_SUBSCRIBER_ID)
			ll_sb_quoted(sb, v, l);
		else {
			ll_sb_puts(sb, "hex:");
			ll_sb_hex(sb, v, l);
		}
	}
	ll_sb_putc(sb, '}');
}

static void ll__f_routes(struct ll_sb *sb, const uint8_t *d, size_t len)
{
	size_t p = 0, bad;
	for (int i = 0; p < len; i++) {
		struct ll_route r;
		size_t step = 1 + (d[p] + 7u) / 8u + 4;
		if (ll_routes_decode(d + p, step, &r, 1, &bad) != 1)
			return; /* validated before: cannot happen */
		if (i)
			ll_sb_putc(sb, ',');
		ll_sb_ip(sb, r.dest);
		ll_sb_printf(sb, "/%u->", r.plen);
		ll_sb_ip(sb, r.router);
		p += step;
	}
}

static void ll__f_userclass(struct ll_sb *sb, const uint8_t *d, size_t len)
{
	for (size_t p = 0; p < len; p += 1u + d[p]) {
		if (p)
			ll_sb_putc(sb, ',');
		ll_sb_quoted(sb, d + p + 1, d[p]);
	}
}

static void ll__f_vi(struct ll_sb *sb, const uint8_t *d, size_t len,
		     bool vivso)
{
	for (size_t p = 0; p < len; p += 5u + d[p + 4]) {
		const uint8_t *in = d + p + 5;
		size_t dl = d[p + 4], q = 0;
		ll_sb_printf(sb, "%s{enterprise=%u", p ? "," : "",
			     ll__rdn(d + p, 4));
		if (!vivso)
			ll_sb_puts(sb, ",data=[");
		for (int i = 0; q < dl; i++) {
			if (vivso) {
				ll_sb_printf(sb, ",%u=hex:", in[q]);
				ll_sb_hex(sb, in + q + 2, in[q + 1]);
				q += 2u + in[q + 1];
			} else {
				ll_sb_puts(sb, i ? "," : "");
				ll_sb_quoted(sb, in + q + 1, in[q]);
				q += 1u + in[q];
			}
		}
		ll_sb_puts(sb, vivso ? "}" : "]}");
	}
}

static void ll__f_mos(struct ll_sb *sb, const uint8_t *d, size_t len,
		      bool names)
{
	size_t pos = 0;
	uint8_t c, l;
	const uint8_t *v;
	ll_sb_putc(sb, '{');
	for (int i = 0; ll_subopt_next(d, len, &pos, &c, &v, &l) == 1; i++) {
		ll_sb_printf(sb, "%s%u=[", i ? "," : "", c);
		if (names)
			ll__f_names(sb, v, l);
		else
			ll__f_ips(sb, v, l, ",");
		ll_sb_putc(sb, ']');
	}
	ll_sb_putc(sb, '}');
}

static void ll__f_struct(struct ll_sb *sb, enum ll_otype t,
			 const uint8_t *d, size_t len)
{
	switch (t) {
	case LL_T_SLPDA:
		ll_sb_printf(sb, "{mandatory=%u,addresses=[", d[0]);
		ll__f_ips(sb, d + 1, len - 1, ",");
		ll_sb_puts(sb, "]}");
		break;
	case LL_T_SLPSCOPE:
		ll_sb_printf(sb, "{mandatory=%u,scopes=", d[0]);
		ll_sb_quoted(sb, d + 1, len - 1);
		ll_sb_putc(sb, '}');
		break;
	case LL_T_SIP:
		ll_sb_puts(sb, d[0] ? "{addresses=[" : "{names=[");
		if (d[0])
			ll__f_ips(sb, d + 1, len - 1, ",");
		else
			ll__f_names(sb, d + 1, len - 1);
		ll_sb_puts(sb, "]}");
		break;
	case LL_T_ISNS:
		ll_sb_printf(sb, "{functions=%u,dd-access=%u,admin-flags=%u,"
			     "security=%u,addresses=[", ll__rdn(d, 2),
			     ll__rdn(d + 2, 2), ll__rdn(d + 4, 2),
			     ll__rdn(d + 6, 4));
		ll__f_ips(sb, d + 10, len - 10, ",");
		ll_sb_puts(sb, "]}");
		break;
	case LL_T_VIVCO: ll__f_vi(sb, d, len, false); break;
	case LL_T_VIVSO: ll__f_vi(sb, d, len, true); break;
	case LL_T_MOS: ll__f_mos(sb, d, len, false); break;
	case LL_T_FQDNMOS: ll__f_mos(sb, d, len, true); break;
	default: break;
	}
}

void ll_opt_format(struct ll_sb *sb, uint8_t code, const uint8_t *d,
		   size_t len)
{
	const struct ll_opt_def *def = ll_opt_def(code);
	size_t bad, p = 0;
	bool done;
	if (!def || ll_opt_validate(code, d, len, 1, &bad) != LL_OK ||
	    (def->type == LL_T_USERCLASS && !ll_userclass_is_rfc3004(d, len))) {
		ll_sb_puts(sb, "hex:");
		ll_sb_hex(sb, d, len);
		return;
	}
	switch (def->type) {
	case LL_T_STR: ll_sb_quoted(sb, d, len); break;
	case LL_T_IP: case LL_T_IPS: ll__f_ips(sb, d, len, ","); break;
	case LL_T_IPPAIRS: ll__f_ips(sb, d, len, "/"); break;
	case LL_T_U8: case LL_T_U8S: ll__f_ints(sb, d, len, 1); break;
	case LL_T_U16: case LL_T_U16S: ll__f_ints(sb, d, len, 2); break;
	case LL_T_U32: ll__f_ints(sb, d, len, 4); break;
	case LL_T_I32: ll_sb_printf(sb, "%d", (int32_t)ll__rdn(d, 4)); break;
	case LL_T_BOOL: ll_sb_puts(sb, d[0] ? "true" : "false"); break;
	case LL_T_EMPTY: break;
	case LL_T_MSGTYPE:
		ll_sb_puts(sb, ll_msgtype_name(d[0]));
		break;
	case LL_T_DOMAINS: ll__f_names(sb, d, len); break;
	case LL_T_DOMAIN: ll_dname_read(d, len, &p, 0, sb, &done, &bad); break;
	case LL_T_FQDN: ll__f_fqdn(sb, d, len); break;
	case LL_T_RELAY: ll__f_relay(sb, d, len); break;
	case LL_T_ROUTES: ll__f_routes(sb, d, len); break;
	case LL_T_USERCLASS: ll__f_userclass(sb, d, len); break;
	default:
		if (def->type >= LL_T_SLPDA) {
			ll__f_struct(sb, def->type, d, len);
			break;
		}
		ll_sb_puts(sb, "hex:");
		ll_sb_hex(sb, d, len);
	}
}

/* ---- parsing ---------------------------------------------------- */

struct ll__out {
	uint8_t *p;
	size_t cap, n;
};

static int ll__put(struct ll__out *o, const void *d, size_t n)
{
	if (o->n + n > o->cap)
		return -LL_E_OPT_LEN;
	memcpy(o->p + o->n, d, n);
	o->n += n;
	return 0;
}

static int ll__put_be(struct ll__out *o, uint32_t v, size_t w)
{
	uint8_t b[4];
	for (size_t i = 0; i < w; i++)
		b[i] = (uint8_t)(v >> (8 * (w - 1 - i)));
	return ll__put(o, b, w);
}

static int ll__p_num(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	char tmp[16], *end;
	if (n == 0 || n >= sizeof(tmp) || s[0] == '-')
		return -LL_E_SYNTAX;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	unsigned long v = strtoul(tmp, &end, 0);
	if (*end || v > max)
		return -LL_E_SYNTAX;
	*out = (uint32_t)v;
	return 0;
}

/* Strips one pair of enclosing brackets or braces. */
static void ll__strip(const char **s, size_t *n, char open, char close)
{
	if (*n >= 2 && (*s)[0] == open && (*s)[*n - 1] == close) {
		(*s)++;
		*n -= 2;
	}
}

static int ll__p_ips(const char *s, size_t n, struct ll__out *o, char pair)
{
	size_t pos = 0, il;
	const char *it;
	int r;
	ll__strip(&s, &n, '[', ']');
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		const char *sl = pair ? memchr(it, pair, il) : NULL;
		uint32_t a, b;
		size_t al = sl ? (size_t)(sl - it) : il;
		if (ll_ip_parse(it, al, &a) || (pair && !sl) ||
		    (sl && ll_ip_parse(sl + 1, il - al - 1, &b)))
			return -LL_E_SYNTAX;
		if (ll__put_be(o, a, 4) || (sl && ll__put_be(o, b, 4)))
			return -LL_E_OPT_LEN;
	}
	return r < 0 ? r : 0;
}

static int ll__p_ints(const char *s, size_t n, struct ll__out *o, size_t w)
{
	size_t pos = 0, il;
	const char *it;
	int r;
	uint32_t max = w == 1 ? 0xFF : w == 2 ? 0xFFFF : 0xFFFFFFFFu;
	ll__strip(&s, &n, '[', ']');
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		uint32_t v;
		if (ll__p_num(it, il, max, &v) || ll__put_be(o, v, w))
			return -LL_E_SYNTAX;
	}
	return r < 0 ? r : 0;
}

static int ll__p_str(const char *s, size_t n, struct ll__out *o)
{
	if (n && s[0] == '"') {
		int k = ll__unquote(s, n, o->p + o->n, o->cap - o->n);
		if (k < 0)
			return k;
		o->n += (size_t)k;
		return 0;
	}
	return ll__put(o, s, n);
}

static int ll__p_names(const char *s, size_t n, struct ll__out *o)
{
	ll__strip(&s, &n, '[', ']');
	int k = ll_domains_encode(s, n, o->p + o->n, o->cap - o->n);
	if (k < 0)
		return k;
	o->n += (size_t)k;
	return 0;
}

static int ll__p_routes(const char *s, size_t n, struct ll__out *o)
{
	size_t pos = 0, il;
	const char *it;
	int r;
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		const char *sl = memchr(it, '/', il);
		const char *ar = NULL;
		for (size_t i = 0; i + 1 < il; i++)
			if (it[i] == '-' && it[i + 1] == '>')
				ar = it + i;
		uint32_t plen;
		struct ll_route rt;
		if (!sl || !ar || ar < sl ||
		    ll_ip_parse(it, (size_t)(sl - it), &rt.dest) ||
		    ll__p_num(sl + 1, (size_t)(ar - sl - 1), 32, &plen) ||
		    ll_ip_parse(ar + 2, il - (size_t)(ar + 2 - it), &rt.router))
			return -LL_E_SYNTAX;
		rt.plen = (uint8_t)plen;
		int k = ll_routes_encode(&rt, 1, o->p + o->n, o->cap - o->n);
		if (k < 0)
			return k;
		o->n += (size_t)k;
	}
	return r < 0 ? r : 0;
}

/* Splits "key=value"; returns 0, or -LL_E_SYNTAX without '='. */
static int ll__kv(const char *it, size_t il, const char **k, size_t *kl,
		  const char **v, size_t *vl)
{
	const char *eq = memchr(it, '=', il);
	if (!eq)
		return -LL_E_SYNTAX;
	*k = it;
	*kl = (size_t)(eq - it);
	*v = eq + 1;
	*vl = il - *kl - 1;
	return 0;
}

static bool ll__key(const char *k, size_t kl, const char *name)
{
	return strlen(name) == kl && memcmp(k, name, kl) == 0;
}

/* A sub-option value: ip for 5/11, string for 6, else hex or string. */
static int ll__p_sub(uint8_t code, const char *v, size_t vl,
		     struct ll__out *o, uint8_t ipcodes)
{
	uint8_t tmp[255];
	struct ll__out t = { tmp, sizeof(tmp), 0 };
	int e;
	if (vl >= 4 && strncmp(v, "hex:", 4) == 0) {
		int k = ll_hex_parse(v + 4, vl - 4, tmp, sizeof(tmp));
		e = k < 0 ? -LL_E_SYNTAX : 0;
		t.n = k < 0 ? 0 : (size_t)k;
	} else if (ipcodes && (code == 5 || code == 11)) {
		e = ll__p_ips(v, vl, &t, 0);
	} else {
		e = ll__p_str(v, vl, &t);
	}
	if (e)
		return e;
	uint8_t h[2] = { code, (uint8_t)t.n };
	return ll__put(o, h, 2) ? -LL_E_OPT_LEN : ll__put(o, tmp, t.n);
}

static int ll__p_relay(const char *s, size_t n, struct ll__out *o)
{
	size_t pos = 0, il, kl, vl;
	const char *it, *k, *v;
	int r;
	ll__strip(&s, &n, '{', '}');
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		if (ll__kv(it, il, &k, &kl, &v, &vl))
			return -LL_E_SYNTAX;
		int c = ll_rai_code(k, kl);
		if (c < 0)
			return -LL_E_UNKNOWN_NAME;
		int e = ll__p_sub((uint8_t)c, v, vl, o, 1);
		if (e)
			return e;
	}
	return r < 0 ? r : 0;
}

static int ll__p_fqdn(const char *s, size_t n, struct ll__out *o)
{
	size_t pos = 0, il, kl, vl;
	const char *it, *k, *v, *name = NULL;
	size_t namel = 0;
	uint32_t f[3] = { 0, 0, 0 };
	int r;
	ll__strip(&s, &n, '{', '}');
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		if (ll__kv(it, il, &k, &kl, &v, &vl))
			return -LL_E_SYNTAX;
		int idx = ll__key(k, kl, "flags") ? 0 : ll__key(k, kl, "rcode1")
			  ? 1 : ll__key(k, kl, "rcode2") ? 2 : -1;
		if (ll__key(k, kl, "name")) {
			name = v;
			namel = vl;
		} else if (idx < 0 || ll__p_num(v, vl, 255, &f[idx])) {
			return -LL_E_SYNTAX;
		}
	}
	uint8_t h[3] = { (uint8_t)f[0], (uint8_t)f[1], (uint8_t)f[2] };
	if (r < 0 || ll__put(o, h, 3))
		return -LL_E_SYNTAX;
	if (!name || namel == 0)
		return 0;
	if (!(f[0] & 0x04))
		return ll__p_str(name, namel, o);
	bool complete = name[namel - 1] == '.';
	int e = ll_dname_encode(name, namel, complete, false, o->p, o->cap,
				&o->n);
	return e == LL_OK ? 0 : -e;
}

/* The wire order of the fields (RFC 2610 3 and 4, RFC 4174 2): the
 * text must give them in it, or the bytes would silently be wrong. */
static int ll__field_rank(const char *k, size_t kl)
{
	static const char *const order[] = { "mandatory", "functions",
					     "dd-access", "admin-flags",
					     "security" };
	for (int i = 0; i < 5; i++)
		if (ll__key(k, kl, order[i]))
			return i;
	return 5; /* addresses, names, scopes: last */
}

/* Parses the value of a structured option whose text is {k=v,...}. */
static int ll__p_fields(enum ll_otype t, const char *s, size_t n,
			struct ll__out *o)
{
	size_t pos = 0, il, kl, vl;
	const char *it, *k, *v;
	int r, e = 0, rank = -1;
	uint32_t x;
	ll__strip(&s, &n, '{', '}');
	while (e == 0 && (r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		if (ll__kv(it, il, &k, &kl, &v, &vl))
			return -LL_E_SYNTAX;
		int rk = ll__field_rank(k, kl);
		if (rk <= rank)
			return -LL_E_SYNTAX; /* out of wire order, or twice */
		rank = rk;
		if (ll__key(k, kl, "addresses")) {
			if (t == LL_T_SIP)
				e = ll__put_be(o, 1, 1);
			e = e ? e : ll__p_ips(v, vl, o, 0);
		} else if (ll__key(k, kl, "names") && t == LL_T_SIP) {
			e = ll__put_be(o, 0, 1);
			e = e ? e : ll__p_names(v, vl, o);
		} else if (ll__key(k, kl, "scopes")) {
			e = ll__p_str(v, vl, o);
		} else if (ll__key(k, kl, "security")) {
			e = ll__p_num(v, vl, 0xFFFFFFFFu, &x) ? -LL_E_SYNTAX
							      : ll__put_be(o, x, 4);
		} else if (ll__key(k, kl, "mandatory")) {
			e = ll__p_num(v, vl, 255, &x) ? -LL_E_SYNTAX
						      : ll__put_be(o, x, 1);
		} else if (ll__key(k, kl, "functions") ||
			   ll__key(k, kl, "dd-access") ||
			   ll__key(k, kl, "admin-flags")) {
			e = ll__p_num(v, vl, 0xFFFF, &x) ? -LL_E_SYNTAX
							 : ll__put_be(o, x, 2);
		} else {
			return -LL_E_UNKNOWN_NAME;
		}
	}
	return e ? e : r < 0 ? r : 0;
}

/* 124 and 125: {enterprise=N,data=[..]} or {enterprise=N,1=hex:..}. */
static int ll__p_vi(const char *s, size_t n, struct ll__out *o, bool vivso)
{
	size_t pos = 0, il;
	const char *it;
	int r;
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		size_t p2 = 0, jl, kl, vl, lenat = SIZE_MAX;
		const char *jt, *k, *v;
		int r2, e = 0;
		uint32_t x;
		ll__strip(&it, &il, '{', '}');
		while (e == 0 && (r2 = ll__item(it, il, &p2, ',', &jt, &jl)) == 1) {
			if (ll__kv(jt, jl, &k, &kl, &v, &vl))
				return -LL_E_SYNTAX;
			if (ll__key(k, kl, "enterprise")) {
				if (ll__p_num(v, vl, 0xFFFFFFFFu, &x) ||
				    ll__put_be(o, x, 4) || ll__put_be(o, 0, 1))
					return -LL_E_SYNTAX;
				lenat = o->n - 1;
			} else if (lenat == SIZE_MAX) {
				return -LL_E_SYNTAX; /* enterprise first */
			} else if (!vivso && ll__key(k, kl, "data")) {
				size_t p3 = 0, ml;
				const char *mt;
				ll__strip(&v, &vl, '[', ']');
				while (e == 0 &&
				       (r2 = ll__item(v, vl, &p3, ',', &mt, &ml)) == 1) {
					size_t at = o->n;
					e = ll__put_be(o, 0, 1);
					e = e ? e : ll__p_str(mt, ml, o);
					if (!e && o->n - at - 1 > 255)
						e = -LL_E_OPT_LEN;
					if (!e)
						o->p[at] = (uint8_t)(o->n - at - 1);
				}
			} else if (vivso && ll__p_num(k, kl, 255, &x) == 0) {
				e = ll__p_sub((uint8_t)x, v, vl, o, 0);
			} else {
				return -LL_E_UNKNOWN_NAME;
			}
			if (!e && o->n - lenat - 1 > 255)
				e = -LL_E_OPT_LEN;
			if (!e)
				o->p[lenat] = (uint8_t)(o->n - lenat - 1);
		}
		if (e || r2 < 0)
			return e ? e : r2;
	}
	return r < 0 ? r : 0;
}

static int ll__p_mos(const char *s, size_t n, struct ll__out *o, bool names)
{
	size_t pos = 0, il, kl, vl;
	const char *it, *k, *v;
	int r;
	uint32_t c;
	ll__strip(&s, &n, '{', '}');
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		if (ll__kv(it, il, &k, &kl, &v, &vl) ||
		    ll__p_num(k, kl, 255, &c) || ll__put_be(o, c, 1) ||
		    ll__put_be(o, 0, 1))
			return -LL_E_SYNTAX;
		size_t at = o->n;
		int e = names ? ll__p_names(v, vl, o) : ll__p_ips(v, vl, o, 0);
		if (e || o->n - at > 255)
			return e ? e : -LL_E_OPT_LEN;
		o->p[at - 1] = (uint8_t)(o->n - at);
	}
	return r < 0 ? r : 0;
}

static int ll__p_userclass(const char *s, size_t n, struct ll__out *o)
{
	size_t pos = 0, il;
	const char *it;
	int r;
	while ((r = ll__item(s, n, &pos, ',', &it, &il)) == 1) {
		size_t at = o->n;
		if (ll__put_be(o, 0, 1) || ll__p_str(it, il, o) ||
		    o->n - at - 1 > 255)
			return -LL_E_SYNTAX;
		o->p[at] = (uint8_t)(o->n - at - 1);
	}
	return r < 0 ? r : 0;
}

static int ll__p_scalar(const struct ll_opt_def *def, const char *v,
			size_t n, struct ll__out *o)
{
	uint32_t x;
	switch (def->type) {
	case LL_T_U8: case LL_T_U8S: return ll__p_ints(v, n, o, 1);
	case LL_T_U16: case LL_T_U16S: return ll__p_ints(v, n, o, 2);
	case LL_T_U32: return ll__p_ints(v, n, o, 4);
	case LL_T_I32: {
		char tmp[16], *end;
		if (n == 0 || n >= sizeof(tmp))
			return -LL_E_SYNTAX;
		memcpy(tmp, v, n);
		tmp[n] = '\0';
		long l = strtol(tmp, &end, 0);
		if (*end || l < INT32_MIN || l > INT32_MAX)
			return -LL_E_SYNTAX;
		return ll__put_be(o, (uint32_t)(int32_t)l, 4);
	}
	case LL_T_BOOL:
		x = (n == 4 && !strncmp(v, "true", 4)) || (n == 1 && v[0] == '1')
			    ? 1 : (n == 5 && !strncmp(v, "false", 5)) ||
				  (n == 1 && v[0] == '0') ? 0 : 2;
		return x > 1 ? -LL_E_SYNTAX : ll__put_be(o, x, 1);
	case LL_T_MSGTYPE: {
		int t = ll_msgtype_from_name(v, n);
		if (t < 0 && ll__p_num(v, n, 255, &x) == 0)
			t = (int)x;
		return t < 0 ? -LL_E_SYNTAX : ll__put_be(o, (uint32_t)t, 1);
	}
	case LL_T_EMPTY:
		return n == 0 || (n == 4 && !strncmp(v, "true", 4))
			       ? 0 : -LL_E_SYNTAX;
	default:
		return -LL_E_SYNTAX;
	}
}

int ll_opt_parse(uint8_t code, const char *v, size_t n, uint8_t *out,
		 size_t cap)
{
	const struct ll_opt_def *def = ll_opt_def(code);
	struct ll__out o = { out, cap, 0 };
	int e;
	if (n >= 4 && strncmp(v, "hex:", 4) == 0) {
		int k = ll_hex_parse(v + 4, n - 4, out, cap);
		return k < 0 ? (k == -ENOSPC ? -LL_E_OPT_LEN : -LL_E_SYNTAX) : k;
	}
	enum ll_otype t = def ? def->type : LL_T_UNKNOWN;
	switch (t) {
	case LL_T_UNKNOWN: case LL_T_BIN: case LL_T_STR:
		e = ll__p_str(v, n, &o);
		break;
	case LL_T_IP: case LL_T_IPS: e = ll__p_ips(v, n, &o, 0); break;
	case LL_T_IPPAIRS: e = ll__p_ips(v, n, &o, '/'); break;
	case LL_T_DOMAINS: e = ll__p_names(v, n, &o); break;
	case LL_T_DOMAIN: {
		int r = ll_dname_encode(v, n, true, false, out, cap, &o.n);
		e = r == LL_OK ? 0 : -r;
		break;
	}
	case LL_T_FQDN: e = ll__p_fqdn(v, n, &o); break;
	case LL_T_RELAY: e = ll__p_relay(v, n, &o); break;
	case LL_T_ROUTES: e = ll__p_routes(v, n, &o); break;
	case LL_T_USERCLASS: e = ll__p_userclass(v, n, &o); break;
	case LL_T_SLPDA: case LL_T_SLPSCOPE: case LL_T_SIP: case LL_T_ISNS:
		e = ll__p_fields(t, v, n, &o);
		break;
	case LL_T_VIVCO: case LL_T_VIVSO:
		e = ll__p_vi(v, n, &o, t == LL_T_VIVSO);
		break;
	case LL_T_MOS: case LL_T_FQDNMOS:
		e = ll__p_mos(v, n, &o, t == LL_T_FQDNMOS);
		break;
	default:
		e = ll__p_scalar(def, v, n, &o);
	}
	return e < 0 ? e : (int)o.n;
}
