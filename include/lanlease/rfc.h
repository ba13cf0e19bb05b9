/* lanlease: decoders and encoders of structured option values:
 * RFC 1035 names (with RFC 3397 compression), RFC 3442 routes, and the
 * structure checks of every structured type in the option table. */
#ifndef LANLEASE_RFC_H
#define LANLEASE_RFC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanlease/option.h"
#include "lanlease/text.h"

#define LL_DN_COMPRESS 0x1u /* pointers allowed (RFC 1035 4.1.4) */
#define LL_DN_PARTIAL  0x2u /* may end without the root label (RFC 4702) */

/* Reads one name at *pos; appends its text (labels joined by '.',
 * unsafe bytes as \DDD) to out (may be NULL to only check). Pointers
 * must point strictly backwards of every position visited before, so
 * loops cannot exist (RFC 3397 section 2 offsets are relative to the
 * option data). Labels over 63 and names over 255 bytes are errors.
 * On return *pos is past the name; *complete says whether it ended
 * with the root label. Returns LL_OK or LL_E_OPT_FORMAT with *bad. */
int ll_dname_read(const uint8_t *d, size_t len, size_t *pos, unsigned fl,
		  struct ll_sb *out, bool *complete, size_t *bad);

/* Encodes one dotted name (\DDD and \. escapes honoured; a trailing
 * dot is optional) as labels. With complete, the root label is added.
 * Compresses against names already in out[0..*olen) when compress is
 * set. Returns LL_OK, LL_E_SYNTAX, LL_E_OPT_LEN or LL_E_NO_SPACE. */
int ll_dname_encode(const char *txt, size_t n, bool complete, bool compress,
		    uint8_t *out, size_t cap, size_t *olen);

/* A comma-separated list of names to a compressed list (119, 88). */
int ll_domains_encode(const char *txt, size_t n, uint8_t *out, size_t cap);

/* RFC 3442 classless static routes. */
struct ll_route {
	uint32_t dest;   /* host byte order, host bits zero */
	uint8_t plen;    /* 0..32 */
	uint32_t router;
};
/* Decodes up to max routes; returns the count or a negative ll_err
 * (LL_E_OPT_FORMAT when a prefix is over 32 or the data is cut). */
int ll_routes_decode(const uint8_t *d, size_t len, struct ll_route *r,
		     size_t max, size_t *bad);
int ll_routes_encode(const struct ll_route *r, size_t n, uint8_t *out,
		     size_t cap);

/* Structure check of a value of a structured type; LL_OK or
 * LL_E_OPT_FORMAT with *bad the offset of the problem. Types without
 * structure always pass. */
int ll_struct_validate(enum ll_otype t, const uint8_t *d, size_t len,
		       size_t *bad);

/* True when a user class value (77) is in RFC 3004 form; Microsoft
 * clients send plain text, which is kept and shown as hex. */
bool ll_userclass_is_rfc3004(const uint8_t *d, size_t len);

#endif
