/* Building and editing DHCPv4 messages (RFC 2131 section 4.1,
 * RFC 2132 section 9.3, RFC 3396). */
#include <errno.h>
#include <string.h>

#include "lanlease/msg.h"
#include "lanlease/option.h"
#include "bytes.h"

static void ll__put_header(const struct ll_msg *m, uint8_t *b)
{
	b[0] = m->op;
	b[1] = m->htype;
	b[2] = m->hlen;
	b[3] = m->hops;
	ll__wr32(b + 4, m->xid);
	b[8] = (uint8_t)(m->secs >> 8);
	b[9] = (uint8_t)m->secs;
	b[10] = (uint8_t)(m->flags >> 8);
	b[11] = (uint8_t)m->flags;
	ll__wr32(b + 12, m->ciaddr);
	ll__wr32(b + 16, m->yiaddr);
	ll__wr32(b + 20, m->siaddr);
	ll__wr32(b + 24, m->giaddr);
	memcpy(b + 28, m->chaddr, 16);
	memcpy(b + 44, m->sname, 64);
	memcpy(b + 108, m->file, 128);
	b[236] = 99;
	b[237] = 130;
	b[238] = 83;
	b[239] = 99;
}

/* Bytes an option takes on the wire: RFC 3396 section 6, split into
 * instances of at most 255 bytes (one empty instance for length 0). */
static size_t ll__wire_len(size_t len)
{
	size_t chunks = len ? (len + 254) / 255 : 1;
	return len + 2 * chunks;
}

struct ll__region {
	size_t at, end; /* write position, end (END byte reserved) */
};

/* Unit a split must respect: a list splits between elements only. */
static size_t ll__unit(uint8_t code)
{
	const struct ll_opt_def *d = ll_opt_def(code);
	if (d && d->mult > 1)
		return d->mult;
	if (d && d->type == LL_T_U16S)
		return 2;
	return 1;
}

static void ll__put_chunks(uint8_t *b, struct ll__region *g, uint8_t code,
			   const uint8_t *d, size_t len)
{
	size_t done = 0;
	do {
		size_t n = len - done > 255 ? 255 : len - done;
		b[g->at] = code;
		b[g->at + 1] = (uint8_t)n;
		memcpy(b + g->at + 2, d + done, n);
		g->at += 2 + n;
		done += n;
	} while (done < len);
}

/* Places one option across regions r[*ri..nr) in order. An option goes
 * whole into the first region with room for it; it is split (RFC 3396
 * section 6) only when no later region could hold it whole, and then
 * between list elements: many receivers do not concatenate. */
static int ll__place(uint8_t *b, struct ll__region *r, size_t nr,
		     size_t *ri, uint8_t code, const uint8_t *d, size_t len)
{
	size_t left = len, unit = ll__unit(code);
	for (;;) {
		if (*ri >= nr)
			return -LL_E_NO_SPACE;
		struct ll__region *g = &r[*ri];
		size_t space = g->end - g->at;
		if (ll__wire_len(left) <= space) {
			ll__put_chunks(b, g, code, d + (len - left), left);
			return 0;
		}
		bool later = false;
		for (size_t j = *ri + 1; j < nr; j++)
			later |= ll__wire_len(left) <= r[j].end - r[j].at;
		size_t n = space > 2 ? (space - 2 > 255 ? 255 : space - 2) : 0;
		n -= n % unit;
		if (later || n == 0 || left == 0) {
			(*ri)++;
			continue;
		}
		ll__put_chunks(b, g, code, d + (len - left), n);
		left -= n;
	}
}

static bool ll__zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* RFC 2132 section 9.3: option 52 first in the options field, then
 * file (bit 1) and sname (bit 2) carry options, each ending with END.
 * Only fields that are empty in the message are used. */
static int ll__overload(const struct ll_msg *m, uint8_t *b, size_t limit)
{
	struct ll__region r[3];
	size_t start[3], lim[3], nr = 0, ri = 0;
	uint8_t ov = 0, bits[3];
	start[nr] = LL_DHCP_MIN + 3;
	r[nr] = (struct ll__region){ start[nr], limit - 1 };
	lim[nr] = limit;
	bits[nr++] = 0;
	if (ll__zero(m->file, sizeof(m->file))) {
		start[nr] = 108;
		r[nr] = (struct ll__region){ 108, 235 };
		lim[nr] = 236;
		bits[nr++] = 1;
	}
	if (ll__zero(m->sname, sizeof(m->sname))) {
		start[nr] = 44;
		r[nr] = (struct ll__region){ 44, 107 };
		lim[nr] = 108;
		bits[nr++] = 2;
	}
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		if (c == 52)
			continue;
		int e = ll__place(b, r, nr, &ri, c, m->data + m->off[c],
				  m->len[c]);
		if (e < 0)
			return e;
	}
	for (size_t i = 0; i < nr; i++) {
		if (i > 0 && r[i].at == start[i])
			continue; /* unused: the field keeps its zeros */
		ov |= bits[i];
		b[r[i].at] = 255;
		memset(b + r[i].at + 1, 0, lim[i] - r[i].at - 1);
	}
	b[LL_DHCP_MIN] = 52;
	b[LL_DHCP_MIN + 1] = 1;
	b[LL_DHCP_MIN + 2] = ov ? ov : 1;
	if (!ov) { /* cannot happen when called; keep the message sane */
		b[108] = 255;
	}
	return (int)limit;
}

int ll_msg_build(const struct ll_msg *m, uint8_t *b, size_t cap,
		 unsigned max_size, unsigned min_len)
{
	size_t limit = (max_size < LL_MAX_MSG_SIZE_DEFAULT
				? LL_MAX_MSG_SIZE_DEFAULT : max_size) - LL_IPUDP_HDR;
	size_t need = LL_DHCP_MIN + 1;
	if (limit > cap)
		limit = cap;
	if (limit > LL_MSG_MAX)
		limit = LL_MSG_MAX;
	if (limit < LL_DHCP_MIN + 1)
		return -LL_E_NO_SPACE;
	ll__put_header(m, b);
	for (unsigned i = 0; i < m->nopts; i++)
		if (m->order[i] != 52)
			need += ll__wire_len(m->len[m->order[i]]);
	size_t o = LL_DHCP_MIN;
	if (need > limit) {
		int e = ll__overload(m, b, limit);
		if (e < 0)
			return e;
		o = (size_t)e;
	} else {
		size_t ri = 0;
		struct ll__region r = { LL_DHCP_MIN, need - 1 };
		for (unsigned i = 0; i < m->nopts; i++) {
			uint8_t c = m->order[i];
			if (c != 52)
				ll__place(b, &r, 1, &ri, c, m->data + m->off[c],
					  m->len[c]);
		}
		b[r.at] = 255;
		o = r.at + 1;
	}
	if (o < min_len) {
		size_t pad = (min_len < cap ? min_len : cap) - o;
		memset(b + o, 0, pad);
		o += pad;
	}
	return (int)o;
}

/* Compacts the data buffer in place, in order of offset. */
static void ll__compact(struct ll_msg *m)
{
	uint16_t at = 0;
	bool done[256] = { false };
	for (unsigned k = 0; k < m->nopts; k++) {
		int best = -1;
		for (unsigned i = 0; i < m->nopts; i++) {
			uint8_t c = m->order[i];
			if (!done[c] && (best < 0 || m->off[c] < m->off[best]))
				best = c;
		}
		memmove(m->data + at, m->data + m->off[best], m->len[best]);
		m->off[best] = at;
		at = (uint16_t)(at + m->len[best]);
		done[best] = true;
	}
	m->used = at;
}

static int ll__reserve(struct ll_msg *m, size_t len)
{
	if (m->used + len <= LL_MSG_OPT_MAX)
		return 0;
	ll__compact(m);
	return m->used + len <= LL_MSG_OPT_MAX ? 0 : -ENOSPC;
}

int ll_msg_set(struct ll_msg *m, uint8_t code, const void *data, size_t len)
{
	if (code == 0 || code == 255)
		return -EINVAL;
	if (ll_msg_has(m, code) && len <= m->len[code]) {
		if (len)
			memmove(m->data + m->off[code], data, len);
		m->len[code] = (uint16_t)len;
		m->count[code] = 1;
		return 0;
	}
	if (ll_msg_has(m, code))
		m->len[code] = 0; /* its old bytes may go in a compaction */
	if (ll__reserve(m, len) < 0)
		return -ENOSPC;
	if (len)
		memmove(m->data + m->used, data, len);
	if (!ll_msg_has(m, code)) {
		m->present[code >> 3] = (uint8_t)(m->present[code >> 3] |
						  (1u << (code & 7)));
		m->order[m->nopts++] = code;
	}
	m->off[code] = m->used;
	m->len[code] = (uint16_t)len;
	m->count[code] = 1;
	m->used = (uint16_t)(m->used + len);
	return 0;
}

int ll_msg_append(struct ll_msg *m, uint8_t code, const void *data,
		  size_t len)
{
	uint8_t tmp[LL_MSG_OPT_MAX];
	size_t old = 0;
	const uint8_t *p = ll_msg_get(m, code, &old);
	if (old + len > LL_MSG_OPT_MAX)
		return -ENOSPC;
	if (p && old)
		memcpy(tmp, p, old);
	if (len)
		memcpy(tmp + old, data, len);
	return ll_msg_set(m, code, tmp, old + len);
}

int ll_msg_set_u8(struct ll_msg *m, uint8_t code, uint8_t v)
{
	return ll_msg_set(m, code, &v, 1);
}

int ll_msg_set_u16(struct ll_msg *m, uint8_t code, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	return ll_msg_set(m, code, b, 2);
}

int ll_msg_set_u32(struct ll_msg *m, uint8_t code, uint32_t v)
{
	uint8_t b[4];
	ll__wr32(b, v);
	return ll_msg_set(m, code, b, 4);
}

int ll_msg_set_ip(struct ll_msg *m, uint8_t code, uint32_t v)
{
	return ll_msg_set_u32(m, code, v);
}

int ll_msg_del(struct ll_msg *m, uint8_t code)
{
	if (!ll_msg_has(m, code))
		return -ENOENT;
	m->present[code >> 3] = (uint8_t)(m->present[code >> 3] &
					  ~(1u << (code & 7)));
	for (unsigned i = 0, j = 0; i < m->nopts; i++)
		if (m->order[i] != code)
			m->order[j++] = m->order[i];
	m->nopts--;
	return 0;
}

int ll_msg_move_last(struct ll_msg *m, uint8_t code)
{
	if (!ll_msg_has(m, code))
		return -ENOENT;
	unsigned j = 0;
	for (unsigned i = 0; i < m->nopts; i++)
		if (m->order[i] != code)
			m->order[j++] = m->order[i];
	m->order[j] = code;
	return 0;
}
