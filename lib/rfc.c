/* Structured option values: names, routes and structure checks. */
#include <errno.h>
#include <string.h>

#include "lanlease/error.h"
#include "lanlease/rfc.h"

static bool ll__dn_safe(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
}

static void ll__dn_label(struct ll_sb *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ll__dn_safe(p[i]))
			ll_sb_putc(out, (char)p[i]);
		else
			ll_sb_printf(out, "\\%03u", p[i]);
	}
}

static int ll__dn_fail(size_t *bad, size_t at)
{
	if (bad)
		*bad = at;
	return LL_E_OPT_FORMAT;
}

/* RFC 1035 section 3.1 (labels, 255-byte names) and 4.1.4 (pointers);
 * RFC 3397 section 2 (pointer offsets within the option data). */
int ll_dname_read(const uint8_t *d, size_t len, size_t *pos, unsigned fl,
		  struct ll_sb *out, bool *complete, size_t *bad)
{
	size_t p = *pos, lim = *pos, after = 0, wire = 0;
	bool jumped = false;

	for (;;) {
		if (p >= len) {
			if ((fl & LL_DN_PARTIAL) && !jumped && p == len) {
				*pos = p;
				*complete = false;
				return LL_OK;
			}
			return ll__dn_fail(bad, p); /* name cut short */
		}
		uint8_t l = d[p];
		if (l == 0) {
			p++;
			break;
		}
		if ((l & 0xC0) == 0xC0) {
			if (!(fl & LL_DN_COMPRESS) || p + 1 >= len)
				return ll__dn_fail(bad, p);
			size_t t = ((size_t)(l & 0x3F) << 8) | d[p + 1];
			if (t >= lim) /* forward, loop or out of range */
				return ll__dn_fail(bad, p);
			if (!jumped)
				after = p + 2;
			jumped = true;
			lim = t;
			p = t;
			continue;
		}
		if (l > 63) /* 0x40/0x80 label types are not allowed */
			return ll__dn_fail(bad, p);
		if (p + 1 + l > len)
			return ll__dn_fail(bad, p);
		wire += 1u + l;
		if (wire + 1 > 255)
			return ll__dn_fail(bad, p);
		if (out && wire != 1u + l)
			ll_sb_putc(out, '.');
		if (out)
			ll__dn_label(out, d + p + 1, l);
		p += 1u + l;
	}
	if (out && wire == 0)
		ll_sb_putc(out, '.');
	*pos = jumped ? after : p;
	*complete = true;
	return LL_OK;
}

/* Splits one dotted name into wire labels (no compression) in lab[];
 * returns the wire length without the root label, or a negative err. */
static int ll__dn_labels(const char *t, size_t n, uint8_t *lab, size_t cap)
{
	size_t o = 0, i = 0;
	if (n == 1 && t[0] == '.')
		return 0;
	while (i < n) {
		size_t lp = o++;
		uint8_t ll = 0;
		while (i < n && t[i] != '.') {
			uint8_t c = (uint8_t)t[i++];
			if (c == '\\') {
				if (i + 2 < n && t[i] >= '0' && t[i] <= '9' &&
				    t[i + 1] >= '0' && t[i + 1] <= '9' &&
				    t[i + 2] >= '0' && t[i + 2] <= '9') {
					unsigned v = (unsigned)(t[i] - '0') * 100 +
						     (unsigned)(t[i + 1] - '0') * 10 +
						     (unsigned)(t[i + 2] - '0');
					if (v > 255)
						return -LL_E_SYNTAX;
					c = (uint8_t)v;
					i += 3;
				} else if (i < n) {
					c = (uint8_t)t[i++];
				} else {
					return -LL_E_SYNTAX;
				}
			}
			if (ll >= 63 || o >= cap)
				return -LL_E_OPT_LEN;
			lab[o++] = c;
			ll++;
		}
		if (ll == 0)
			return -LL_E_SYNTAX; /* empty label */
		lab[lp] = ll;
		if (i < n)
			i++; /* the dot; a trailing dot ends the name */
	}
	return o + 1 > 255 ? -LL_E_OPT_LEN : (int)o;
}

/* Finds an earlier complete occurrence of the labels lab[0..n) + root
 * in out[0..olen): returns its offset or -1. */
static long ll__dn_find(const uint8_t *out, size_t olen, const uint8_t *lab,
			size_t n)
{
	for (size_t s = 0; s < olen && s < 0x3FFF; s++) {
		size_t p = s, i = 0, lim = s;
		bool ok = true;
		while (ok && i <= n) {
			if (p >= olen) {
				ok = false;
				break;
			}
			if ((out[p] & 0xC0) == 0xC0 && p + 1 < olen) {
				size_t t = ((size_t)(out[p] & 0x3F) << 8) | out[p + 1];
				ok = t < lim;
				lim = p = t;
				continue;
			}
			if (i == n) {
				ok = out[p] == 0;
				break;
			}
			size_t l = lab[i];
			if (out[p] != l || p + 1 + l > olen ||
			    memcmp(out + p + 1,
					lab + i + 1, l) != 0)
				ok = false;
			p += 1 + l;
			i += 1 + l;
		}
		if (ok && i == n)
			return (long)s;
	}
	return -1;
}

int ll_dname_encode(const char *txt, size_t n, bool complete, bool compress,
		    uint8_t *out, size_t cap, size_t *olen)
{
	uint8_t lab[256];
	int w = ll__dn_labels(txt, n, lab, sizeof(lab) - 1);
	if (w < 0)
		return -w;
	size_t i = 0, o = *olen;
	while (compress && complete && i < (size_t)w) {
		long at = ll__dn_find(out, *olen, lab + i, (size_t)w - i);
		if (at >= 0) {
			if (o + i + 2 > cap)
				return LL_E_NO_SPACE;
			memcpy(out + o, lab, i);
			out[o + i] = (uint8_t)(0xC0 | (at >> 8));
			out[o + i + 1] = (uint8_t)(at & 0xFF);
			*olen = o + i + 2;
			return LL_OK;
		}
		i += 1u + lab[i];
	}
	if (o + (size_t)w + (complete ? 1 : 0) > cap)
		return LL_E_NO_SPACE;
	memcpy(out + o, lab, (size_t)w);
	o += (size_t)w;
	if (complete)
		out[o++] = 0;
	*olen = o;
	return LL_OK;
}

int ll_domains_encode(const char *txt, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0, i = 0;
	while (i < n) {
		size_t s = i;
		while (i < n && txt[i] != ',') {
			if (txt[i] == '\\' && i + 1 < n)
				i++;
			i++;
		}
		int e = ll_dname_encode(txt + s, i - s, true, true, out, cap, &o);
		if (e != LL_OK)
			return -e;
		if (i < n)
			i++;
	}
	if (o == 0)
		return -LL_E_SYNTAX;
	return (int)o;
}

/* RFC 3442 section "Classless Route Option Format". */
int ll_routes_decode(const uint8_t *d, size_t len, struct ll_route *r,
		     size_t max, size_t *bad)
{
	size_t p = 0, n = 0;
	while (p < len) {
		uint8_t plen = d[p];
		size_t sig = (plen + 7u) / 8u;
		if (plen > 32 || p + 1 + sig + 4 > len) {
			if (bad)
				*bad = p;
			return -LL_E_OPT_FORMAT;
		}
		uint32_t dest = 0, gw = 0;
		for (size_t i = 0; i < 4; i++)
			dest = dest << 8 | (i < sig ? d[p + 1 + i] : 0u);
		for (size_t i = 0; i < 4; i++)
			gw = gw << 8 | d[p + 1 + sig + i];
		if (r && n < max) {
			r[n].dest = dest;
			r[n].plen = plen;
			r[n].router = gw;
		}
		n++;
		p += 1 + sig + 4;
	}
	return (int)n;
}

int ll_routes_encode(const struct ll_route *r, size_t n, uint8_t *out,
		     size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t sig = (r[i].plen + 7u) / 8u;
		if (r[i].plen > 32)
			return -LL_E_OPT_FORMAT;
		if (o + 1 + sig + 4 > cap)
			return -LL_E_NO_SPACE;
		out[o++] = r[i].plen;
		for (size_t b = 0; b < sig; b++)
			out[o++] = (uint8_t)(r[i].dest >> (24 - 8 * b));
		for (size_t b = 0; b < 4; b++)
			out[o++] = (uint8_t)(r[i].router >> (24 - 8 * b));
	}
	return (int)o;
}

int ll_subopt_next(const uint8_t *data, size_t len, size_t *pos,
		   uint8_t *code, const uint8_t **val, uint8_t *vlen)
{
	size_t p = *pos;
	if (p >= len)
		return 0;
	if (p + 2 > len || p + 2 + data[p + 1] > len)
		return -EBADMSG;
	*code = data[p];
	*vlen = data[p + 1];
	*val = data + p + 2;
	*pos = p + 2 + data[p + 1];
	return 1;
}

int ll_rai_get(const uint8_t *data, size_t len, uint8_t sub,
	       const uint8_t **val)
{
	size_t pos = 0;
	uint8_t c, l;
	const uint8_t *v;
	int r;
	while ((r = ll_subopt_next(data, len, &pos, &c, &v, &l)) == 1) {
		if (c == sub) {
			*val = v;
			return l;
		}
	}
	return r < 0 ? -EBADMSG : -ENOENT;
}
