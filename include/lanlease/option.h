/* lanlease: the DHCPv4 option table.
 *
 * One table, indexed by option code, written with designated
 * initialisers: code, ISC-style name, value type, length bounds, value
 * bounds and the RFC that defines it. Everything that needs to know
 * about an option (parser validation, text form, JSON, the server's
 * variables, the Lua helpers) reads this table. */
#ifndef LANLEASE_OPTION_H
#define LANLEASE_OPTION_H

#include <stddef.h>
#include <stdint.h>

enum ll_otype {
	LL_T_UNKNOWN = 0, /* not in the table: kept raw, shown as hex */
	LL_T_BIN,         /* opaque bytes, shown as hex */
	LL_T_STR,         /* NVT ASCII text, shown quoted */
	LL_T_IP,          /* one IPv4 address */
	LL_T_IPS,         /* list of IPv4 addresses */
	LL_T_IPPAIRS,     /* list of (address, address) pairs: a/b */
	LL_T_U8,
	LL_T_U16,
	LL_T_U32,
	LL_T_I32,
	LL_T_BOOL,
	LL_T_U8S,         /* list of 8-bit integers */
	LL_T_U16S,        /* list of 16-bit integers */
	LL_T_EMPTY,       /* no data (rapid commit) */
	LL_T_MSGTYPE,     /* option 53 */
	LL_T_DOMAINS,     /* RFC 1035 names with compression (RFC 3397) */
	LL_T_DOMAIN,      /* one uncompressed RFC 1035 name (RFC 5223) */
	LL_T_FQDN,        /* RFC 4702 client FQDN */
	LL_T_RELAY,       /* RFC 3046 relay agent information */
	LL_T_ROUTES,      /* RFC 3442 classless static routes */
	LL_T_USERCLASS,   /* RFC 3004 user class */
	LL_T_SLPDA,       /* RFC 2610 78: mandatory + address list */
	LL_T_SLPSCOPE,    /* RFC 2610 79: mandatory + scope list */
	LL_T_SIP,         /* RFC 3361 120: encoding byte + names or addresses */
	LL_T_ISNS,        /* RFC 4174 83 */
	LL_T_VIVCO,       /* RFC 3925 124 */
	LL_T_VIVSO,       /* RFC 3925 125 */
	LL_T_MOS,         /* RFC 5678 139: sub-options of address lists */
	LL_T_FQDNMOS,     /* RFC 5678 140: sub-options of domain lists */
	LL_T__COUNT
};

/* Flags of a table entry. */
#define LL_OF_CLAMP   0x01u /* out-of-range value is kept; users clamp it */

struct ll_opt_def {
	uint8_t code;
	const char *name;     /* dhclient/ISC spelling; NULL: not defined */
	enum ll_otype type;
	uint16_t min_len;     /* bounds on the (concatenated) data length */
	uint16_t max_len;
	uint8_t mult;         /* length must be a multiple of this (0: any) */
	uint8_t flags;
	uint32_t vmin, vmax;  /* integer value bounds (vmax 0: unchecked) */
	const char *ref;      /* defining RFC and section */
};

/* Table entry of code, or NULL when the code is not defined. */
const struct ll_opt_def *ll_opt_def(uint8_t code);

/* Code of a name (or a decimal code "0".."255"), or -ENOENT. */
int ll_opt_code(const char *name, size_t len);

/* Name of a code: the table's, or NULL. */
const char *ll_opt_name(uint8_t code);

/* Type name ("ip", "string", ...), for documentation and JSON. */
const char *ll_otype_name(enum ll_otype t);

/* Checks an option's data against the table: length bounds, multiple,
 * value bounds and structure. Returns LL_OK or the error; *bad gets the
 * offset inside data of the problem. count is how many instances were
 * concatenated (RFC 3396): a violated length with count > 1 is
 * LL_E_OPT_DUP. */
int ll_opt_validate(uint8_t code, const uint8_t *data, size_t len,
		    unsigned count, size_t *bad);

/* RFC 3046 relay agent sub-options. */
enum {
	LL_RAI_CIRCUIT_ID = 1,
	LL_RAI_REMOTE_ID = 2,
	LL_RAI_LINK_SELECTION = 5,       /* RFC 3527 */
	LL_RAI_SUBSCRIBER_ID = 6,        /* RFC 3993 */
	LL_RAI_VENDOR_SPECIFIC = 9,      /* RFC 4243 */
	LL_RAI_SERVER_ID_OVERRIDE = 11,  /* RFC 5107 */
};

/* Name of an Option 82 sub-option ("circuit-id", ...) or NULL. */
const char *ll_rai_name(uint8_t sub);
int ll_rai_code(const char *name, size_t len);

/* Iterates over code/length/value sub-options (82, 125 inner, 139, 140).
 * Returns 1 and fills *code, *val, *len for the next one, 0 at the end,
 * or -EBADMSG when one runs past the end. *pos starts at 0. */
int ll_subopt_next(const uint8_t *data, size_t len, size_t *pos,
		   uint8_t *code, const uint8_t **val, uint8_t *vlen);

/* Finds sub-option sub in an Option 82 value; returns its length and
 * sets *val, or -ENOENT / -EBADMSG. */
int ll_rai_get(const uint8_t *data, size_t len, uint8_t sub,
	       const uint8_t **val);

#endif
