/* The text form of a message: header fields and options as name=value,
 * one per line or on one line, and JSON; and its reverse. */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanlease/option.h"
#include "lanlease/text.h"
#include "text_int.h"

void ll_sb_init(struct ll_sb *sb, char *buf, size_t cap)
{
	sb->buf = buf;
	sb->cap = cap;
	sb->len = 0;
	if (cap)
		buf[0] = '\0';
}

void ll_sb_putn(struct ll_sb *sb, const char *s, size_t n)
{
	if (sb->len < sb->cap) {
		size_t room = sb->cap - sb->len - 1;
		size_t k = n < room ? n : room;
		memcpy(sb->buf + sb->len, s, k);
		sb->buf[sb->len + k] = '\0';
	}
	sb->len += n;
}

void ll_sb_putc(struct ll_sb *sb, char c)
{
	ll_sb_putn(sb, &c, 1);
}

void ll_sb_puts(struct ll_sb *sb, const char *s)
{
	ll_sb_putn(sb, s, strlen(s));
}

void ll_sb_printf(struct ll_sb *sb, const char *fmt, ...)
{
	size_t room = sb->len < sb->cap ? sb->cap - sb->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

void ll_sb_uint(struct ll_sb *sb, uint64_t v)
{
	char b[20];
	size_t n = 0;
	do {
		b[sizeof(b) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ll_sb_putn(sb, b + sizeof(b) - n, n);
}

/* Hot in logs and request variables: no printf. */
void ll_sb_ip(struct ll_sb *sb, uint32_t ip)
{
	for (int i = 3; i >= 0; i--) {
		ll_sb_uint(sb, (ip >> (8 * i)) & 255);
		if (i)
			ll_sb_putc(sb, '.');
	}
}

void ll_sb_hex(struct ll_sb *sb, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		char b[2] = { hx[p[i] >> 4], hx[p[i] & 15] };
		ll_sb_putn(sb, b, 2);
	}
}

/* One escaper for both forms: the text form writes \n and \xHH, JSON
 * writes \u00HH; both escape the quote and the backslash. */
static void ll__sb_escaped(struct ll_sb *sb, const uint8_t *p, size_t n,
			   bool json)
{
	ll_sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c == '"' || c == '\\') {
			ll_sb_putc(sb, '\\');
			ll_sb_putc(sb, (char)c);
		} else if (c == '\n' && !json) {
			ll_sb_puts(sb, "\\n");
		} else if (c < 0x20 || c >= 0x7F) {
			ll_sb_printf(sb, json ? "\\u%04x" : "\\x%02x", c);
		} else {
			ll_sb_putc(sb, (char)c);
		}
	}
	ll_sb_putc(sb, '"');
}

void ll_sb_quoted(struct ll_sb *sb, const uint8_t *p, size_t n)
{
	ll__sb_escaped(sb, p, n, false);
}

void ll_sb_json_str(struct ll_sb *sb, const uint8_t *p, size_t n)
{
	ll__sb_escaped(sb, p, n, true);
}

int ll_ip_parse(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		unsigned x = 0, digits = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			x = x * 10 + (unsigned)(s[i++] - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || x > 255)
			return -EINVAL;
		v = v << 8 | x;
		if (part < 3 && (i >= len || s[i++] != '.'))
			return -EINVAL;
	}
	if (i != len)
		return -EINVAL;
	*out = v;
	return 0;
}

static int ll__hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ll_hex_parse(const char *s, size_t len, uint8_t *out, size_t cap)
{
	size_t n = 0, i = 0;
	while (i < len) {
		if (s[i] == ':' || s[i] == '-' || s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '\n' || s[i] == '\r') {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return -EINVAL;
		int hi = ll__hexval(s[i]), lo = ll__hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (n >= cap)
			return -ENOSPC;
		out[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return (int)n;
}

/* Scans one item at s[*pos]: up to an unquoted, unbracketed separator
 * (sep, or any white space when sep is ' '). */
int ll__item(const char *s, size_t n, size_t *pos, char sep,
	     const char **it, size_t *itlen)
{
	size_t p = *pos, depth = 0;
	bool q = false;
	if (sep == ' ')
		while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' ||
				 s[p] == '\r'))
			p++;
	if (p >= n)
		return 0;
	size_t st = p;
	for (; p < n; p++) {
		char c = s[p];
		if (q) {
			if (c == '\\' && p + 1 < n)
				p++;
			else if (c == '"')
				q = false;
			continue;
		}
		if (c == '"')
			q = true;
		else if (c == '[' || c == '{')
			depth++;
		else if ((c == ']' || c == '}') && depth > 0)
			depth--;
		else if (depth == 0 && (c == sep || (sep == ' ' &&
			 (c == '\t' || c == '\n' || c == '\r'))))
			break;
	}
	if (q || depth)
		return -LL_E_SYNTAX;
	*it = s + st;
	*itlen = p - st;
	*pos = p < n ? p + 1 : p;
	return 1;
}

/* Unquotes "..." with \" \\ \n \r \t \xHH; returns the byte count. */
int ll__unquote(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -LL_E_SYNTAX;
	for (size_t i = 1; i + 1 < n; i++) {
		uint8_t c = (uint8_t)s[i];
		if (c == '\\') {
			if (i + 2 >= n)
				return -LL_E_SYNTAX;
			char e = s[++i];
			if (e == 'n')
				c = '\n';
			else if (e == 'r')
				c = '\r';
			else if (e == 't')
				c = '\t';
			else if (e == 'x') {
				int hi, lo;
				if (i + 3 >= n ||
				    (hi = ll__hexval(s[i + 1])) < 0 ||
				    (lo = ll__hexval(s[i + 2])) < 0)
					return -LL_E_SYNTAX;
				c = (uint8_t)(hi << 4 | lo);
				i += 2;
			} else
				c = (uint8_t)e;
		}
		if (o >= cap)
			return -LL_E_OPT_LEN;
		out[o++] = c;
	}
	return (int)o;
}

/* Header field names, in wire order. */
enum ll__hf { HF_OP, HF_HTYPE, HF_HLEN, HF_HOPS, HF_XID, HF_SECS, HF_FLAGS,
	      HF_CIADDR, HF_YIADDR, HF_SIADDR, HF_GIADDR, HF_CHADDR, HF_SNAME,
	      HF_FILE, HF__COUNT };
static const char *const ll__hfname[HF__COUNT] = {
	[HF_OP] = "op", [HF_HTYPE] = "htype", [HF_HLEN] = "hlen",
	[HF_HOPS] = "hops", [HF_XID] = "xid", [HF_SECS] = "secs",
	[HF_FLAGS] = "flags", [HF_CIADDR] = "ciaddr", [HF_YIADDR] = "yiaddr",
	[HF_SIADDR] = "siaddr", [HF_GIADDR] = "giaddr", [HF_CHADDR] = "chaddr",
	[HF_SNAME] = "sname", [HF_FILE] = "file",
};

static size_t ll__trimmed(const uint8_t *p, size_t n)
{
	while (n > 0 && p[n - 1] == 0)
		n--;
	return n;
}

static void ll__hf_value(struct ll_sb *sb, const struct ll_msg *m, int f,
			 bool json)
{
	uint32_t ips[4] = { m->ciaddr, m->yiaddr, m->siaddr, m->giaddr };
	unsigned nums[4] = { m->op, m->htype, m->hlen, m->hops };
	switch (f) {
	case HF_OP:
		if (m->op == 1 || m->op == 2) {
			ll_sb_puts(sb, json ? "\"" : "");
			ll_sb_puts(sb, m->op == 1 ? "BOOTREQUEST" : "BOOTREPLY");
			ll_sb_puts(sb, json ? "\"" : "");
			break;
		}
		/* fall through */
	case HF_HTYPE: case HF_HLEN: case HF_HOPS:
		ll_sb_printf(sb, "%u", nums[f]);
		break;
	case HF_XID:
		ll_sb_printf(sb, json ? "\"0x%08x\"" : "0x%08x", m->xid);
		break;
	case HF_SECS:
		ll_sb_printf(sb, "%u", m->secs);
		break;
	case HF_FLAGS:
		ll_sb_printf(sb, json ? "\"0x%04x\"" : "0x%04x", m->flags);
		break;
	case HF_CIADDR: case HF_YIADDR: case HF_SIADDR: case HF_GIADDR:
		ll_sb_puts(sb, json ? "\"" : "");
		ll_sb_ip(sb, ips[f - HF_CIADDR]);
		ll_sb_puts(sb, json ? "\"" : "");
		break;
	case HF_CHADDR: {
		/* hlen bytes; all 16 when hlen is out of range or bytes
		 * past hlen are set, so nothing is lost */
		size_t n = m->hlen && m->hlen <= 16 ? m->hlen : 16;
		for (size_t i = n; i < 16; i++)
			if (m->chaddr[i])
				n = 16;
		ll_sb_puts(sb, json ? "\"" : "");
		for (size_t i = 0; i < n; i++)
			ll_sb_printf(sb, i ? ":%02x" : "%02x", m->chaddr[i]);
		ll_sb_puts(sb, json ? "\"" : "");
		break;
	}
	case HF_SNAME: case HF_FILE: {
		const uint8_t *p = f == HF_SNAME ? m->sname : m->file;
		size_t n = ll__trimmed(p, f == HF_SNAME ? 64 : 128);
		(json ? ll_sb_json_str : ll_sb_quoted)(sb, p, n);
		break;
	}
	}
}

static void ll__sep(struct ll_sb *sb, unsigned flags, bool *first)
{
	if (!*first)
		ll_sb_putc(sb, flags & LL_TEXT_JSON ? ',' :
			   flags & LL_TEXT_ONELINE ? ' ' : '\n');
	*first = false;
}

static void ll__format_json(const struct ll_msg *m, struct ll_sb *sb,
			    unsigned flags)
{
	bool first = true;
	ll_sb_putc(sb, '{');
	for (int f = 0; f < HF__COUNT && !(flags & LL_TEXT_NOHDR); f++) {
		ll__sep(sb, flags, &first);
		ll_sb_printf(sb, "\"%s\":", ll__hfname[f]);
		ll__hf_value(sb, m, f, true);
	}
	const char *tn = ll_msgtype_name(ll_msg_type(m));
	ll__sep(sb, flags, &first);
	ll_sb_printf(sb, "\"message_type\":\"%s\",\"options\":[",
		     tn ? tn : "BOOTP");
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		const uint8_t *d = m->data + m->off[c];
		char vb[4096];
		struct ll_sb v;
		ll_sb_init(&v, vb, sizeof(vb));
		ll_opt_format(&v, c, d, m->len[c]);
		ll_sb_printf(sb, "%s{\"code\":%u,\"name\":", i ? "," : "", c);
		if (ll_opt_name(c))
			ll_sb_printf(sb, "\"%s\"", ll_opt_name(c));
		else
			ll_sb_puts(sb, "null");
		ll_sb_puts(sb, ",\"value\":");
		if (v.len < v.cap)
			ll_sb_json_str(sb, (const uint8_t *)vb, v.len);
		else
			ll_sb_puts(sb, "null");
		ll_sb_puts(sb, ",\"hex\":\"");
		ll_sb_hex(sb, d, m->len[c]);
		ll_sb_puts(sb, "\"}");
	}
	ll_sb_puts(sb, "]}");
}

size_t ll_msg_format(const struct ll_msg *m, char *buf, size_t cap,
		     unsigned flags)
{
	struct ll_sb sb;
	bool first = true;
	ll_sb_init(&sb, buf, cap);
	if (flags & LL_TEXT_JSON) {
		ll__format_json(m, &sb, flags);
		return sb.len;
	}
	for (int f = 0; f < HF__COUNT && !(flags & LL_TEXT_NOHDR); f++) {
		ll__sep(&sb, flags, &first);
		ll_sb_printf(&sb, "%s=", ll__hfname[f]);
		ll__hf_value(&sb, m, f, false);
	}
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		ll__sep(&sb, flags, &first);
		if (ll_opt_name(c))
			ll_sb_printf(&sb, "%s=", ll_opt_name(c));
		else
			ll_sb_printf(&sb, "%u=", c);
		ll_opt_format(&sb, c, m->data + m->off[c], m->len[c]);
	}
	return sb.len;
}

static int ll__num(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	char tmp[16];
	char *end;
	if (n == 0 || n >= sizeof(tmp))
		return -LL_E_SYNTAX;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	unsigned long v = strtoul(tmp, &end, 0);
	if (*end || tmp[0] == '-' || v > max)
		return -LL_E_SYNTAX;
	*out = (uint32_t)v;
	return 0;
}

static int ll__set_bytes(uint8_t *dst, size_t cap, const char *v, size_t n)
{
	uint8_t tmp[256];
	int k;
	if (n >= 4 && strncmp(v, "hex:", 4) == 0)
		k = ll_hex_parse(v + 4, n - 4, tmp, cap);
	else if (n && v[0] == '"')
		k = ll__unquote(v, n, tmp, cap);
	else if (n <= cap) {
		memcpy(tmp, v, n);
		k = (int)n;
	} else
		k = -LL_E_OPT_LEN;
	if (k < 0)
		return -LL_E_SYNTAX;
	memset(dst, 0, cap);
	memcpy(dst, tmp, (size_t)k);
	return 0;
}

static int ll__set_header(struct ll_msg *m, int f, const char *v, size_t n)
{
	uint32_t x = 0, *ips[4] = { &m->ciaddr, &m->yiaddr, &m->siaddr,
				    &m->giaddr };
	uint8_t *bytes[4] = { &m->op, &m->htype, &m->hlen, &m->hops };
	switch (f) {
	case HF_OP:
		if (n == 11 && strncasecmp(v, "BOOTREQUEST", n) == 0)
			x = 1;
		else if (n == 9 && strncasecmp(v, "BOOTREPLY", n) == 0)
			x = 2;
		else if (ll__num(v, n, 255, &x) < 0)
			return -LL_E_SYNTAX;
		m->op = (uint8_t)x;
		return 0;
	case HF_HTYPE: case HF_HLEN: case HF_HOPS:
		if (ll__num(v, n, 255, &x) < 0)
			return -LL_E_SYNTAX;
		*bytes[f] = (uint8_t)x;
		return 0;
	case HF_XID:
		return ll__num(v, n, 0xFFFFFFFFu, &m->xid);
	case HF_SECS: case HF_FLAGS:
		if (f == HF_FLAGS && n == 9 && strncmp(v, "broadcast", 9) == 0)
			x = LL_FLAG_BROADCAST;
		else if (ll__num(v, n, 0xFFFF, &x) < 0)
			return -LL_E_SYNTAX;
		*(f == HF_SECS ? &m->secs : &m->flags) = (uint16_t)x;
		return 0;
	case HF_CIADDR: case HF_YIADDR: case HF_SIADDR: case HF_GIADDR:
		return ll_ip_parse(v, n, ips[f - HF_CIADDR]) ? -LL_E_SYNTAX : 0;
	case HF_CHADDR: {
		uint8_t tmp[16];
		int k = ll_hex_parse(v, n, tmp, sizeof(tmp));
		if (k < 0)
			return -LL_E_SYNTAX;
		memset(m->chaddr, 0, 16);
		memcpy(m->chaddr, tmp, (size_t)k);
		return 0;
	}
	case HF_SNAME:
		return ll__set_bytes(m->sname, 64, v, n);
	default:
		return ll__set_bytes(m->file, 128, v, n);
	}
}

int ll_msg_set_text(struct ll_msg *m, const char *item, size_t len)
{
	const char *eq = memchr(item, '=', len);
	if (!eq || eq == item)
		return -LL_E_SYNTAX;
	size_t nl = (size_t)(eq - item), vl = len - nl - 1;
	const char *v = eq + 1;
	for (int f = 0; f < HF__COUNT; f++)
		if (strlen(ll__hfname[f]) == nl &&
		    memcmp(ll__hfname[f], item, nl) == 0)
			return ll__set_header(m, f, v, vl);
	int code = ll_opt_code(item, nl);
	if (code < 0 || code == 0 || code == 255)
		return -LL_E_UNKNOWN_NAME;
	uint8_t buf[LL_MSG_OPT_MAX];
	int k = ll_opt_parse((uint8_t)code, v, vl, buf, sizeof(buf));
	if (k < 0)
		return k;
	return ll_msg_set(m, (uint8_t)code, buf, (size_t)k) ? -LL_E_NO_SPACE
							     : 0;
}

int ll_msg_from_text(struct ll_msg *m, const char *text, size_t len,
		     struct ll_perr *pe)
{
	size_t pos = 0;
	const char *it;
	size_t il;
	int r;
	for (;;) {
		size_t at = pos;
		while (at < len && (text[at] == ' ' || text[at] == '\t' ||
				    text[at] == '\n' || text[at] == '\r'))
			at++;
		if (at < len && text[at] == '#') { /* comment line */
			while (at < len && text[at] != '\n')
				at++;
			pos = at;
			continue;
		}
		r = ll__item(text, len, &pos, ' ', &it, &il);
		if (r <= 0)
			break;
		int e = ll_msg_set_text(m, it, il);
		if (e < 0) {
			if (pe) {
				pe->err = (enum ll_err)-e;
				pe->offset = (size_t)(it - text);
				pe->code = 0;
			}
			return -e;
		}
	}
	if (r < 0 && pe) {
		pe->err = LL_E_SYNTAX;
		pe->offset = pos;
		pe->code = 0;
	}
	return r < 0 ? LL_E_SYNTAX : LL_OK;
}
