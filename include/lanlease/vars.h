/* lanlease: the variables of a request, for lookup templates, hooks and
 * the debug dump; user variables cut from them; SQL templates whose
 * {var} placeholders become bound parameters, never spliced text. */
#ifndef LANLEASE_VARS_H
#define LANLEASE_VARS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanlease/msg.h"

#define LL_VARS_MAX 768
#define LL_VARS_ARENA 65536

struct ll_vars {
	unsigned n;
	struct { uint32_t name, nlen, val, vlen; } v[LL_VARS_MAX];
	uint32_t used;
	char arena[LL_VARS_ARENA];
};

void ll_vars_init(struct ll_vars *V);
/* Adds (or replaces) a variable; -ENOSPC when full. */
int ll_vars_set(struct ll_vars *V, const char *name, const void *val,
		size_t len);
/* The value of a variable, or NULL. */
const char *ll_vars_get(const struct ll_vars *V, const char *name,
			size_t nlen, size_t *len);

/* Every variable of a request: header fields, each option under its
 * text-form name (strings raw, others in the text form) and as
 * option_<code>_hex / option_<code>_len, Option 82 sub-options
 * (option_82_circuit_id_hex, option_82_remote_id_hex, ...), and the
 * pydhcpdb names (ClientMacAddress, RequestedIpAddress, xidhex,
 * option_82_hex with its length byte, option_82_AgentCircuitId_hex,
 * option_82_AgentRemoteId_hex, option_82_AgentCircuitId_port_hex). */
int ll_vars_from_msg(struct ll_vars *V, const struct ll_msg *req);

/* The options whose variables a consumer needs: a bit per code. */
struct ll_optmask {
	uint8_t bit[32];
};
/* Marks the option a variable name comes from (option_12, host-name,
 * option_82_circuit_id_hex, ...); 1 when it names one, 0 for a header
 * field or a name no request has. */
int ll_optmask_add(struct ll_optmask *m, const char *name);
/* As ll_vars_from_msg, but the options outside mask (NULL: none are
 * left out) add no variables: the header fields, RequestedIpAddress
 * and message_type are always there. A server formats only what its
 * templates and user variables read. */
int ll_vars_from_msg_only(struct ll_vars *V, const struct ll_msg *req,
			  const struct ll_optmask *mask);

/* A user variable, cut from another by a range:
 *   SOURCE:NAME:START:END  pydhcpdb: characters [START, END) of the
 *                          variable SOURCE (for example option_82_hex)
 *   o:CODE:START[:END]     DB2DHCP: bytes [START, END) of option CODE's
 *                          value, as hex, named o_CODE_START */
struct ll_uservar {
	char source[64];
	char name[64];
	int code;           /* o: form, else -1 */
	uint32_t start, end; /* end UINT32_MAX: to the end */
};

/* Parses a specification; 0, or -EINVAL with *why set. */
int ll_uservar_parse(const char *spec, struct ll_uservar *u,
		     const char **why);
/* Applies user variables in order, reading only inside the source: an
 * END past the end stops at the end (as pydhcpdb's Python slices do), a
 * START at or past the end leaves the variable undefined (a template
 * that needs it is then skipped).
 * Returns how many were set. */
unsigned ll_uservars_apply(struct ll_vars *V, const struct ll_msg *req,
			   const struct ll_uservar *u, size_t n);

/* SQL dialects: how a bound parameter is written. */
enum ll_dialect { LL_SQL_QMARK, LL_SQL_DOLLAR }; /* ? (SQLite, MariaDB), $n */

#define LL_TPL_MAXVARS 32
struct ll_tpl {
	char sql[4096];             /* with placeholders */
	unsigned nvars;
	char vars[LL_TPL_MAXVARS][64]; /* names, in placeholder order */
};

/* Compiles a template: each {name} becomes a placeholder, {{ and }}
 * stand for braces. Returns 0, or -EINVAL with *why and *at (offset). */
int ll_tpl_compile(const char *src, enum ll_dialect d, struct ll_tpl *t,
		   const char **why, size_t *at);

#endif
