/* lanlease: the text form of a message and of option values.
 *
 * One field or option per item, as name=value: header fields first
 * (op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr,
 * giaddr, chaddr, sname, file), then options in wire order under their
 * table names (unknown codes by number, as hex). Values never contain
 * unquoted white space, so items are separated by newlines or, in the
 * one-line form, by spaces. The reverse (ll_msg_from_text) accepts both
 * forms, names or codes, and "hex:" for any option. The same renderer
 * feeds logs, the server's debug dump, the client's script environment
 * and the probe. See lanlease-probe(1) for the grammar of each type. */
#ifndef LANLEASE_TEXT_H
#define LANLEASE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "lanlease/error.h"
#include "lanlease/msg.h"

#define LL_TEXT_ONELINE 0x1u /* items separated by one space */
#define LL_TEXT_JSON    0x2u /* a JSON object */
#define LL_TEXT_NOHDR   0x4u /* options only */

/* A bounded string builder: appends never overflow; len keeps counting
 * what would have been written, so len >= cap means truncated. */
struct ll_sb {
	char *buf;
	size_t cap;
	size_t len;
};
void ll_sb_init(struct ll_sb *sb, char *buf, size_t cap);
void ll_sb_putc(struct ll_sb *sb, char c);
void ll_sb_puts(struct ll_sb *sb, const char *s);
void ll_sb_putn(struct ll_sb *sb, const char *s, size_t n);
void ll_sb_printf(struct ll_sb *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ll_sb_ip(struct ll_sb *sb, uint32_t ip);
void ll_sb_uint(struct ll_sb *sb, uint64_t v);   /* decimal, no printf */
void ll_sb_hex(struct ll_sb *sb, const uint8_t *p, size_t n);
void ll_sb_quoted(struct ll_sb *sb, const uint8_t *p, size_t n);
void ll_sb_json_str(struct ll_sb *sb, const uint8_t *p, size_t n);

/* Renders a message. Returns the length the full text needs (like
 * snprintf); the text is NUL-terminated when it fits. */
size_t ll_msg_format(const struct ll_msg *m, char *buf, size_t cap,
		     unsigned flags);

/* Renders one option value (no name) into sb. A value that does not
 * decode under its type is shown as hex: (never an error). */
void ll_opt_format(struct ll_sb *sb, uint8_t code, const uint8_t *data,
		   size_t len);

/* Parses one option value in the text form into bytes. Returns the
 * length or a negative ll_err (LL_E_SYNTAX, LL_E_OPT_LEN ...). */
int ll_opt_parse(uint8_t code, const char *val, size_t vlen, uint8_t *out,
		 size_t cap);

/* Parses a text form (either layout) into *m, starting from what *m
 * already holds (callers ll_msg_init first for a fresh message).
 * *pe gets the byte offset in text of an error. */
int ll_msg_from_text(struct ll_msg *m, const char *text, size_t len,
		     struct ll_perr *pe);

/* Applies one "name=value" item to *m (header field or option). */
int ll_msg_set_text(struct ll_msg *m, const char *item, size_t len);

/* Parses an IPv4 dotted quad; 0 or -EINVAL. */
int ll_ip_parse(const char *s, size_t len, uint32_t *out);
/* Parses hex (pairs, optional ':' '-' ' ' separators); returns the
 * byte count or -EINVAL / -ENOSPC. */
int ll_hex_parse(const char *s, size_t len, uint8_t *out, size_t cap);

#endif
