/* DHCPv4 message parse and access (RFC 2131 section 2, RFC 2132,
 * RFC 3396). */
#include <errno.h>
#include <string.h>

#include "lanlease/msg.h"
#include "lanlease/option.h"
#include "bytes.h"

static const uint8_t ll__cookie[4] = { 99, 130, 83, 99 }; /* RFC 2131 3 */

static inline bool ll__bit(const uint8_t *bm, uint8_t c)
{
	return bm[c >> 3] & (1u << (c & 7));
}

static inline void ll__setbit(uint8_t *bm, uint8_t c)
{
	bm[c >> 3] = (uint8_t)(bm[c >> 3] | (1u << (c & 7)));
}

void ll_msg_init(struct ll_msg *m)
{
	memset(m, 0, offsetof(struct ll_msg, order));
	memset(m->present, 0, sizeof(m->present));
	m->used = 0;
}

static int ll__fail(struct ll_perr *pe, enum ll_err e, size_t off,
		    uint8_t code)
{
	if (pe) {
		pe->err = e;
		pe->offset = off;
		pe->code = code;
	}
	return e;
}

/* Scratch of one parse: where each code's data goes and where it was
 * first seen (for error offsets). Only entries of present codes are
 * ever read. */
struct ll__pscratch {
	uint16_t fill[256];
	uint16_t first[256];
	uint8_t overload;
	bool copy; /* second walk: copy data */
};

/* Walks one field of options [p, end). RFC 2131 section 4.1: pad (0)
 * is skipped, end (255) ends the field and whatever follows it is
 * ignored; a field without an end option is tolerated. */
static int ll__walk(struct ll_msg *m, struct ll__pscratch *s,
		    const uint8_t *buf, size_t p, size_t end, bool main_field,
		    struct ll_perr *pe)
{
	while (p < end) {
		uint8_t c = buf[p];
		if (c == 0) {
			p++;
			continue;
		}
		if (c == 255)
			break;
		if (p + 2 > end || p + 2 + buf[p + 1] > end)
			return ll__fail(pe, LL_E_OPT_OVERRUN, p, c);
		uint8_t l = buf[p + 1];
		if (c == 52) { /* RFC 2131 4.1: only in the options field */
			if (s->copy) {
				p += 2u + l;
				continue;
			}
			if (!main_field)
				return ll__fail(pe, LL_E_OVERLOAD_NESTED, p, c);
			if (s->overload)
				return ll__fail(pe, LL_E_OPT_DUP, p, c);
			if (l != 1)
				return ll__fail(pe, LL_E_OPT_LEN, p, c);
			if (buf[p + 2] < 1 || buf[p + 2] > 3)
				return ll__fail(pe, LL_E_BAD_OVERLOAD, p + 2, c);
			s->overload = buf[p + 2];
		} else if (s->copy) {
			memcpy(m->data + s->fill[c], buf + p + 2, l);
			s->fill[c] = (uint16_t)(s->fill[c] + l);
		} else if (!ll__bit(m->present, c)) {
			ll__setbit(m->present, c);
			m->order[m->nopts++] = c;
			m->len[c] = l;
			m->count[c] = 1;
			s->first[c] = (uint16_t)p;
		} else {
			m->len[c] = (uint16_t)(m->len[c] + l);
			if (m->count[c] < 255)
				m->count[c]++;
		}
		p += 2u + l;
	}
	return LL_OK;
}

/* Both walks over the regions in RFC 3396 section 7 order: options,
 * then file, then sname. */
static int ll__walk_all(struct ll_msg *m, struct ll__pscratch *s,
			const uint8_t *buf, size_t len, struct ll_perr *pe)
{
	int e = ll__walk(m, s, buf, LL_DHCP_MIN, len, true, pe);
	if (e == LL_OK && (s->overload & 1))
		e = ll__walk(m, s, buf, 108, 236, false, pe);
	if (e == LL_OK && (s->overload & 2))
		e = ll__walk(m, s, buf, 44, 108, false, pe);
	return e;
}

static void ll__header(struct ll_msg *m, const uint8_t *b)
{
	m->op = b[0];
	m->htype = b[1];
	m->hlen = b[2];
	m->hops = b[3];
	m->xid = ll__rd32(b + 4);
	m->secs = (uint16_t)(b[8] << 8 | b[9]);
	m->flags = (uint16_t)(b[10] << 8 | b[11]);
	m->ciaddr = ll__rd32(b + 12);
	m->yiaddr = ll__rd32(b + 16);
	m->siaddr = ll__rd32(b + 20);
	m->giaddr = ll__rd32(b + 24);
	memcpy(m->chaddr, b + 28, 16);
	memcpy(m->sname, b + 44, 64);
	memcpy(m->file, b + 108, 128);
}

/* RFC 2131 section 2: op; hlen fits htype (RFC 4390 2.1 allows hlen 0
 * only for InfiniBand, htype 32; Ethernet is 6). */
static int ll__check_header(const struct ll_msg *m, struct ll_perr *pe)
{
	if (m->op != LL_BOOTREQUEST && m->op != LL_BOOTREPLY)
		return ll__fail(pe, LL_E_BAD_OP, 0, 0);
	if (m->hlen > 16 || (m->htype == 1 && m->hlen != 6) ||
	    (m->hlen == 0 && m->htype != 32))
		return ll__fail(pe, LL_E_BAD_HLEN, 2, 0);
	return LL_OK;
}

static int ll__check_options(struct ll_msg *m, struct ll__pscratch *s,
			     struct ll_perr *pe)
{
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		size_t bad;
		int e = ll_opt_validate(c, m->data + m->off[c], m->len[c],
					m->count[c], &bad);
		if (e != LL_OK)
			return ll__fail(pe, (enum ll_err)e,
					s->first[c] + 2u + bad, c);
	}
	/* RFC 2131 section 3 and table 3: requests travel as BOOTREQUEST,
	 * OFFER/ACK/NAK as BOOTREPLY. */
	enum ll_msgtype t = ll_msg_type(m);
	if (t != LL_NONE) {
		bool reply = t == LL_OFFER || t == LL_ACK || t == LL_NAK;
		if ((m->op == LL_BOOTREPLY) != reply)
			return ll__fail(pe, LL_E_OP_MISMATCH, 0, 53);
	}
	return LL_OK;
}

int ll_msg_parse(struct ll_msg *m, const uint8_t *buf, size_t len,
		 struct ll_perr *pe)
{
	struct ll__pscratch s;
	if (len < LL_DHCP_MIN)
		return ll__fail(pe, LL_E_TRUNCATED, len, 0);
	if (len > LL_MSG_MAX)
		return ll__fail(pe, LL_E_TOO_BIG, LL_MSG_MAX, 0);
	if (memcmp(buf + LL_BOOTP_FIXED, ll__cookie, 4) != 0)
		return ll__fail(pe, LL_E_BAD_COOKIE, LL_BOOTP_FIXED, 0);
	ll_msg_init(m);
	ll__header(m, buf);
	int e = ll__check_header(m, pe);
	if (e != LL_OK)
		return e;
	s.overload = 0;
	s.copy = false;
	e = ll__walk_all(m, &s, buf, len, pe);
	if (e != LL_OK)
		return e;
	/* Lay the codes out in order of appearance, then copy once. */
	uint32_t o = 0;
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		m->off[c] = (uint16_t)o;
		s.fill[c] = (uint16_t)o;
		o += m->len[c];
	}
	if (o > LL_MSG_OPT_MAX) /* cannot happen: bounded by len */
		return ll__fail(pe, LL_E_TOO_BIG, len, 0);
	m->used = (uint16_t)o;
	s.copy = true;
	ll__walk_all(m, &s, buf, len, NULL);
	m->overload = s.overload;
	if (s.overload & 1)
		memset(m->file, 0, sizeof(m->file));
	if (s.overload & 2)
		memset(m->sname, 0, sizeof(m->sname));
	return ll__check_options(m, &s, pe);
}

bool ll_msg_has(const struct ll_msg *m, uint8_t code)
{
	return ll__bit(m->present, code);
}

const uint8_t *ll_msg_get(const struct ll_msg *m, uint8_t code, size_t *len)
{
	if (!ll__bit(m->present, code))
		return NULL;
	if (len)
		*len = m->len[code];
	return m->data + m->off[code];
}

static int ll__getn(const struct ll_msg *m, uint8_t code, size_t n,
		    uint32_t *v)
{
	size_t len;
	const uint8_t *p = ll_msg_get(m, code, &len);
	if (!p)
		return -ENOENT;
	if (len != n)
		return -EINVAL;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v << 8 | p[i];
	return 0;
}

int ll_msg_get_u8(const struct ll_msg *m, uint8_t code, uint8_t *out)
{
	uint32_t v;
	int e = ll__getn(m, code, 1, &v);
	if (e == 0)
		*out = (uint8_t)v;
	return e;
}

int ll_msg_get_u16(const struct ll_msg *m, uint8_t code, uint16_t *out)
{
	uint32_t v;
	int e = ll__getn(m, code, 2, &v);
	if (e == 0)
		*out = (uint16_t)v;
	return e;
}

int ll_msg_get_u32(const struct ll_msg *m, uint8_t code, uint32_t *out)
{
	return ll__getn(m, code, 4, out);
}

int ll_msg_get_ip(const struct ll_msg *m, uint8_t code, uint32_t *out)
{
	return ll__getn(m, code, 4, out);
}

enum ll_msgtype ll_msg_type(const struct ll_msg *m)
{
	uint8_t t;
	if (ll_msg_get_u8(m, 53, &t) != 0)
		return LL_NONE;
	return (enum ll_msgtype)t;
}

unsigned ll_msg_max_size(const struct ll_msg *m)
{
	uint16_t v;
	if (ll_msg_get_u16(m, 57, &v) != 0 || v < LL_MAX_MSG_SIZE_DEFAULT)
		return LL_MAX_MSG_SIZE_DEFAULT; /* RFC 2132 9.10 */
	return v;
}

static const char *const ll__msgtypes[] = {
	[1] = "DISCOVER", [2] = "OFFER", [3] = "REQUEST", [4] = "DECLINE",
	[5] = "ACK", [6] = "NAK", [7] = "RELEASE", [8] = "INFORM",
	[9] = "FORCERENEW", [10] = "LEASEQUERY", [11] = "LEASEUNASSIGNED",
	[12] = "LEASEUNKNOWN", [13] = "LEASEACTIVE", [14] = "BULKLEASEQUERY",
	[15] = "LEASEQUERYDONE", [16] = "ACTIVELEASEQUERY",
	[17] = "LEASEQUERYSTATUS", [18] = "TLS",
};

const char *ll_msgtype_name(unsigned t)
{
	return t < sizeof(ll__msgtypes) / sizeof(ll__msgtypes[0])
		       ? ll__msgtypes[t] : NULL;
}

int ll_msgtype_from_name(const char *s, size_t len)
{
	if (len > 4 && strncasecmp(s, "DHCP", 4) == 0) {
		s += 4;
		len -= 4;
	}
	for (unsigned t = 1; t < 19; t++)
		if (strlen(ll__msgtypes[t]) == len &&
		    strncasecmp(ll__msgtypes[t], s, len) == 0)
			return (int)t;
	return -ENOENT;
}

bool ll_msg_equal(const struct ll_msg *a, const struct ll_msg *b)
{
	if (memcmp(a, b, offsetof(struct ll_msg, overload)) != 0 ||
	    a->nopts != b->nopts ||
	    memcmp(a->order, b->order, a->nopts) != 0)
		return false;
	for (unsigned i = 0; i < a->nopts; i++) {
		uint8_t c = a->order[i];
		if (a->len[c] != b->len[c] ||
		    memcmp(a->data + a->off[c], b->data + b->off[c],
			   a->len[c]) != 0)
			return false;
	}
	return true;
}
