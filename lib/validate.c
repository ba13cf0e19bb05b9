/* Checks an option value against the option table: lengths, values and
 * the structure of structured types. */
#include <errno.h>

#include "lanlease/error.h"
#include "lanlease/rfc.h"
#include "bytes.h"

static int ll__bad(size_t *bad, size_t at)
{
	*bad = at;
	return LL_E_OPT_FORMAT;
}

static int ll__v_domains(const uint8_t *d, size_t len, size_t *bad)
{
	size_t p = 0;
	bool done;
	while (p < len) {
		int e = ll_dname_read(d, len, &p, LL_DN_COMPRESS, NULL, &done,
				      bad);
		if (e != LL_OK)
			return e;
	}
	return LL_OK;
}

/* RFC 4702 section 2: flags, two rcodes, then a name in wire form (E
 * set, possibly partial) or ASCII (labels still at most 63). */
static int ll__v_fqdn(const uint8_t *d, size_t len, size_t *bad)
{
	if (d[0] & 0xF0) /* MBZ bits */
		return ll__bad(bad, 0);
	if (d[0] & 0x04) {
		size_t p = 3;
		bool done;
		if (p == len)
			return LL_OK;
		int e = ll_dname_read(d, len, &p, LL_DN_PARTIAL, NULL, &done,
				      bad);
		if (e == LL_OK && p != len)
			return ll__bad(bad, p);
		return e;
	}
	size_t run = 0;
	for (size_t i = 3; i < len; i++) {
		run = d[i] == '.' ? 0 : run + 1;
		if (run > 63)
			return ll__bad(bad, i);
	}
	return LL_OK;
}

/* RFC 3046 section 2.0: sub-options code/length/value, at least one. */
static int ll__v_relay(const uint8_t *d, size_t len, size_t *bad)
{
	size_t pos = 0, prev;
	uint8_t c, l;
	const uint8_t *v;
	int r;
	for (prev = 0; (r = ll_subopt_next(d, len, &pos, &c, &v, &l)) == 1;
	     prev = pos) {
		if ((c == LL_RAI_LINK_SELECTION ||
		     c == LL_RAI_SERVER_ID_OVERRIDE) && l != 4)
			return ll__bad(bad, prev); /* RFC 3527 3, RFC 5107 4 */
		if ((c == LL_RAI_CIRCUIT_ID || c == LL_RAI_REMOTE_ID) && l < 1)
			return ll__bad(bad, prev); /* RFC 3046 3.1, 3.2 */
	}
	return r < 0 ? ll__bad(bad, prev) : LL_OK;
}

static int ll__v_routes(const uint8_t *d, size_t len, size_t *bad)
{
	int n = ll_routes_decode(d, len, NULL, 0, bad);
	return n < 0 ? -n : LL_OK;
}

bool ll_userclass_is_rfc3004(const uint8_t *d, size_t len)
{
	size_t p = 0;
	while (p < len) {
		if (d[p] == 0 || p + 1 + d[p] > len)
			return false;
		p += 1u + d[p];
	}
	return len > 0;
}

/* RFC 2610 sections 3 and 4: a mandatory byte, then addresses (78) or a
 * scope list (79). */
static int ll__v_slpda(const uint8_t *d, size_t len, size_t *bad)
{
	(void)d;
	return (len - 1) % 4 ? ll__bad(bad, 1) : LL_OK;
}

/* RFC 3361 section 3: encoding 0 names (compressed), 1 addresses. */
static int ll__v_sip(const uint8_t *d, size_t len, size_t *bad)
{
	if (d[0] == 0) {
		int e = ll__v_domains(d + 1, len - 1, bad);
		if (e != LL_OK)
			*bad += 1;
		return e;
	}
	if (d[0] == 1)
		return (len - 1) % 4 || len < 5 ? ll__bad(bad, 1) : LL_OK;
	return ll__bad(bad, 0);
}

/* RFC 4174 section 2: 10 bytes of flags then addresses. */
static int ll__v_isns(const uint8_t *d, size_t len, size_t *bad)
{
	(void)d;
	return (len - 10) % 4 ? ll__bad(bad, 10) : LL_OK;
}

/* RFC 3925 sections 3 and 4: enterprise, length, data; 124 data is a
 * list of length-prefixed class data, 125 data a list of sub-options. */
static int ll__v_vi(const uint8_t *d, size_t len, bool vivso, size_t *bad)
{
	size_t p = 0;
	while (p < len) {
		if (p + 5 > len || p + 5 + d[p + 4] > len)
			return ll__bad(bad, p);
		size_t dl = d[p + 4], q = 0;
		const uint8_t *in = d + p + 5;
		while (q < dl) {
			size_t step = vivso ? 2u : 1u;
			if (q + step > dl || q + step + in[q + step - 1] > dl)
				return ll__bad(bad, p + 5 + q);
			q += step + in[q + step - 1];
		}
		p += 5 + dl;
	}
	return LL_OK;
}

/* RFC 5678 sections 4.1, 4.2: sub-options 1..3 of addresses or names. */
static int ll__v_mos(const uint8_t *d, size_t len, bool names, size_t *bad)
{
	size_t pos = 0, prev = 0;
	uint8_t c, l;
	const uint8_t *v;
	int r;
	while ((r = ll_subopt_next(d, len, &pos, &c, &v, &l)) == 1) {
		if (c < 1 || c > 3 || l == 0)
			return ll__bad(bad, prev);
		if (!names && l % 4)
			return ll__bad(bad, prev);
		if (names && ll__v_domains(v, l, bad) != LL_OK) {
			*bad += prev + 2;
			return LL_E_OPT_FORMAT;
		}
		prev = pos;
	}
	return r < 0 ? ll__bad(bad, prev) : LL_OK;
}

int ll_struct_validate(enum ll_otype t, const uint8_t *d, size_t len,
		       size_t *bad)
{
	size_t p = 0;
	bool done;
	switch (t) {
	case LL_T_DOMAINS: return ll__v_domains(d, len, bad);
	case LL_T_DOMAIN: {
		int e = ll_dname_read(d, len, &p, 0, NULL, &done, bad);
		return e == LL_OK && p != len ? ll__bad(bad, p) : e;
	}
	case LL_T_FQDN: return ll__v_fqdn(d, len, bad);
	case LL_T_RELAY: return ll__v_relay(d, len, bad);
	case LL_T_ROUTES: return ll__v_routes(d, len, bad);
	case LL_T_SLPDA: return ll__v_slpda(d, len, bad);
	case LL_T_SIP: return ll__v_sip(d, len, bad);
	case LL_T_ISNS: return ll__v_isns(d, len, bad);
	case LL_T_VIVCO: return ll__v_vi(d, len, false, bad);
	case LL_T_VIVSO: return ll__v_vi(d, len, true, bad);
	case LL_T_MOS: return ll__v_mos(d, len, false, bad);
	case LL_T_FQDNMOS: return ll__v_mos(d, len, true, bad);
	default: return LL_OK;
	}
}

/* Value bounds of integer types; lists check every element. */
static int ll__v_range(const struct ll_opt_def *def, const uint8_t *d,
		       size_t len, size_t *bad)
{
	size_t w = def->type == LL_T_U16 || def->type == LL_T_U16S ? 2
		   : def->type == LL_T_U32 ? 4 : 1;
	if (def->vmax == 0 || (def->flags & LL_OF_CLAMP))
		return LL_OK;
	for (size_t i = 0; i + w <= len; i += w) {
		uint32_t v = ll__rdn(d + i, w);
		if (v < def->vmin || v > def->vmax) {
			*bad = i;
			return LL_E_OPT_VALUE;
		}
	}
	return LL_OK;
}

int ll_opt_validate(uint8_t code, const uint8_t *data, size_t len,
		    unsigned count, size_t *bad)
{
	const struct ll_opt_def *def = ll_opt_def(code);
	*bad = 0;
	if (!def)
		return LL_OK; /* unknown: kept raw */
	if (len < def->min_len || len > def->max_len ||
	    (def->mult > 1 && len % def->mult) ||
	    ((def->type == LL_T_U16S) && len % 2)) {
		/* RFC 3396 section 5: instances are concatenated first; a
		 * fixed-length option that repeats ends up too long. */
		return count > 1 ? LL_E_OPT_DUP : LL_E_OPT_LEN;
	}
	if (def->type == LL_T_BOOL && data[0] > 1) /* RFC 2132 2 */
		return LL_E_OPT_VALUE;
	int e = ll__v_range(def, data, len, bad);
	if (e == LL_E_OPT_VALUE && code == 53)
		return LL_E_BAD_MSGTYPE; /* RFC 2132 9.6 */
	if (e == LL_E_OPT_VALUE && code == 52)
		return LL_E_BAD_OVERLOAD; /* RFC 2132 9.3 */
	if (e != LL_OK)
		return e;
	return ll_struct_validate(def->type, data, len, bad);
}
