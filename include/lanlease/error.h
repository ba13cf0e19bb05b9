/* lanlease: error values of the codec.
 *
 * Library functions return a negative errno or one of these values; a
 * parse failure also reports the byte offset and option code concerned
 * (struct ll_perr). Every value has a one-line text (ll_strerror). */
#ifndef LANLEASE_ERROR_H
#define LANLEASE_ERROR_H

#include <stddef.h>
#include <stdint.h>

enum ll_err {
	LL_OK = 0,
	LL_E_TRUNCATED,        /* shorter than the fixed header + cookie (240) */
	LL_E_TOO_BIG,          /* longer than LL_MSG_MAX */
	LL_E_BAD_COOKIE,       /* magic cookie is not 99.130.83.99 */
	LL_E_BAD_OP,           /* op is neither BOOTREQUEST nor BOOTREPLY */
	LL_E_BAD_HLEN,         /* hlen over 16, or not fitting htype */
	LL_E_OPT_OVERRUN,      /* an option's length runs past its field */
	LL_E_OPT_LEN,          /* an option's length breaks the table's bounds */
	LL_E_OPT_DUP,          /* a fixed-length option appears more than once */
	LL_E_OPT_VALUE,        /* an option's value is out of range */
	LL_E_OPT_FORMAT,       /* a structured option's content is malformed */
	LL_E_BAD_OVERLOAD,     /* option 52 value not 1..3 */
	LL_E_OVERLOAD_NESTED,  /* option 52 inside sname or file */
	LL_E_BAD_MSGTYPE,      /* option 53 value not 1..8 */
	LL_E_OP_MISMATCH,      /* op does not fit the message type */
	LL_E_NO_SPACE,         /* build: the message does not fit */
	LL_E_SYNTAX,           /* text form: syntax error */
	LL_E_UNKNOWN_NAME,     /* text form: unknown field or option name */
	LL_E_FRAME,            /* frame: not Ethernet/IPv4/UDP or bad length */
	LL_E_CHECKSUM,         /* frame: bad IPv4 or UDP checksum */
	LL_E_FRAGMENT,         /* frame: IPv4 fragment */
	LL_E__COUNT
};

/* Where a parse failed: the byte offset in the input, the option code
 * (0 when not option-specific) and the error value. */
struct ll_perr {
	enum ll_err err;
	size_t offset;
	uint8_t code;
};

const char *ll_strerror(enum ll_err err);

/* Formats "<text> (option N) at byte M" into buf; returns buf. */
const char *ll_perr_format(const struct ll_perr *pe, char *buf, size_t cap);

#endif
