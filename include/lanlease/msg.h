/* lanlease: a DHCPv4 message (RFC 2131 section 2) and its wire codec.
 *
 * Parsing copies each option's data once, into the message's own
 * buffer, with repeated instances of one code concatenated (RFC 3396)
 * and sname/file read as options when option 52 says so (RFC 2131
 * section 4.1, RFC 2132 section 9.3). Building splits long options,
 * and overloads sname/file when the message would pass the maximum
 * message size. Nothing here allocates, reads a clock or keeps state. */
#ifndef LANLEASE_MSG_H
#define LANLEASE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanlease/error.h"

#define LL_BOOTP_FIXED   236u   /* op .. file */
#define LL_DHCP_MIN      240u   /* fixed header + magic cookie */
#define LL_MSG_MAX       16384u /* largest UDP payload accepted */
#define LL_MSG_OPT_MAX   (LL_MSG_MAX - LL_DHCP_MIN)
#define LL_MAX_MSG_SIZE_DEFAULT 576u /* RFC 2131 section 2, RFC 2132 9.10 */
#define LL_IPUDP_HDR     28u    /* IPv4 (no options) + UDP headers */
#define LL_BOOTP_MIN     300u   /* RFC 1542 section 2.1 minimum message */

enum ll_op { LL_BOOTREQUEST = 1, LL_BOOTREPLY = 2 };

/* RFC 2132 section 9.6 */
enum ll_msgtype {
	LL_NONE = 0, /* BOOTP: no option 53 */
	LL_DISCOVER = 1,
	LL_OFFER = 2,
	LL_REQUEST = 3,
	LL_DECLINE = 4,
	LL_ACK = 5,
	LL_NAK = 6,
	LL_RELEASE = 7,
	LL_INFORM = 8,
};

#define LL_FLAG_BROADCAST 0x8000u /* RFC 2131 section 2, figure 2 */

/* Addresses and integers are kept in host byte order. */
struct ll_msg {
	uint8_t op, htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	uint8_t sname[64];   /* as on the wire; empty when overloaded */
	uint8_t file[128];   /* as on the wire; empty when overloaded */
	uint8_t overload;    /* option 52 value seen on parse (not an option) */
	uint16_t nopts;      /* options present, in order of appearance */
	uint8_t order[256];
	uint8_t present[32]; /* bitmap by code */
	uint8_t count[256];  /* instances concatenated (RFC 3396) */
	uint16_t off[256], len[256];
	uint16_t used;       /* bytes of data[] in use */
	uint8_t data[LL_MSG_OPT_MAX];
};

/* An empty message: header zero, no options. */
void ll_msg_init(struct ll_msg *m);

/* Parses a UDP payload. Returns LL_OK or an error, with *pe (may be
 * NULL) telling where. On error *m is unspecified. */
int ll_msg_parse(struct ll_msg *m, const uint8_t *buf, size_t len,
		 struct ll_perr *pe);

/* Builds the message into buf. max_size is the largest IP datagram the
 * peer accepts (option 57; 0 means 576); min_len pads with zeros to at
 * least this many bytes (300 for RFC 1542, 0 for none). Option 52 is
 * added by the builder when overloading is needed; an option 52 present
 * in m is not emitted. Returns the length or a negative ll_err. */
int ll_msg_build(const struct ll_msg *m, uint8_t *buf, size_t cap,
		 unsigned max_size, unsigned min_len);

/* Option access. */
bool ll_msg_has(const struct ll_msg *m, uint8_t code);
const uint8_t *ll_msg_get(const struct ll_msg *m, uint8_t code, size_t *len);
int ll_msg_get_u8(const struct ll_msg *m, uint8_t code, uint8_t *out);
int ll_msg_get_u16(const struct ll_msg *m, uint8_t code, uint16_t *out);
int ll_msg_get_u32(const struct ll_msg *m, uint8_t code, uint32_t *out);
int ll_msg_get_ip(const struct ll_msg *m, uint8_t code, uint32_t *out);

/* Replaces (or adds at the end of the order) an option. -ENOSPC when
 * the data buffer is full, -EINVAL for codes 0 and 255. */
int ll_msg_set(struct ll_msg *m, uint8_t code, const void *data, size_t len);
int ll_msg_set_u8(struct ll_msg *m, uint8_t code, uint8_t v);
int ll_msg_set_u16(struct ll_msg *m, uint8_t code, uint16_t v);
int ll_msg_set_u32(struct ll_msg *m, uint8_t code, uint32_t v);
int ll_msg_set_ip(struct ll_msg *m, uint8_t code, uint32_t v);
/* Appends to an option's data (RFC 3396 semantics). */
int ll_msg_append(struct ll_msg *m, uint8_t code, const void *data,
		  size_t len);
/* Removes an option; 0, or -ENOENT. */
int ll_msg_del(struct ll_msg *m, uint8_t code);
/* Moves an option to the end of the order (Option 82 goes last). */
int ll_msg_move_last(struct ll_msg *m, uint8_t code);

/* Message type (option 53), LL_NONE when absent. */
enum ll_msgtype ll_msg_type(const struct ll_msg *m);
const char *ll_msgtype_name(unsigned t); /* "DISCOVER", ... or NULL */
int ll_msgtype_from_name(const char *s, size_t len);

/* Effective maximum message size: option 57 clamped to >= 576
 * (RFC 2132 section 9.10), or 576 when absent. */
unsigned ll_msg_max_size(const struct ll_msg *m);

/* Equal header and options (same codes, data and order); the parsed
 * overload flag is not compared. */
bool ll_msg_equal(const struct ll_msg *a, const struct ll_msg *b);

#endif
