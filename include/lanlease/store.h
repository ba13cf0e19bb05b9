/* lanlease: the storage interface and the lookup chain.
 *
 * A backend (SQLite, MariaDB, PostgreSQL) provides a handful of
 * operations on compiled templates (struct ll_tpl): every {variable} is
 * bound as a parameter, never spliced into SQL. Everything else (the
 * built-in lookup steps over the documented schema, the layering of
 * defaults, lease state and history) is written once, here. */
#ifndef LANLEASE_STORE_H
#define LANLEASE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "lanlease/definition.h"
#include "lanlease/vars.h"

#define LL_ROW_COLS 64

/* The first row of a result: column names and values (NULL for SQL
 * NULL), in the backend's memory until the next call. */
struct ll_row {
	unsigned n;
	const char *name[LL_ROW_COLS];
	const char *value[LL_ROW_COLS];
};

struct ll_store;
struct ll_store_ops {
	/* 1 and *row when a row came back, 0 for none, -errno on error.
	 * A variable the request does not define binds as NULL. */
	int (*query)(struct ll_store *s, const struct ll_tpl *t,
		     const struct ll_vars *V, struct ll_row *row);
	/* Every row, one callback each (for option rows); count or -errno. */
	int (*query_all)(struct ll_store *s, const struct ll_tpl *t,
			 const struct ll_vars *V,
			 int (*cb)(void *ctx, const struct ll_row *row),
			 void *ctx);
	/* The number of rows the statement changed, or -errno. */
	int (*exec)(struct ll_store *s, const struct ll_tpl *t,
		    const struct ll_vars *V);
	int (*begin)(struct ll_store *s);
	int (*commit)(struct ll_store *s); /* durable when it returns */
	int (*rollback)(struct ll_store *s);
	const char *(*error)(struct ll_store *s);
	void (*close)(struct ll_store *s);
};

/* The fixed statements of chain.c, compiled once per store. */
enum { LL_Q_SUBNET, LL_Q_OPT_SUBNET, LL_Q_OPT_IP, LL_Q_LEASE_GET,
       LL_Q_LEASE_PUT, LL_Q_HISTORY, LL_Q_SPOOL_GET, LL_Q_SPOOL_PUT,
       LL_Q_LEASE_ALL, LL_Q__COUNT };

struct ll_store {
	const struct ll_store_ops *ops;
	enum ll_dialect dialect;
	const char *const *schema; /* DDL statements, NULL-terminated */
	bool common_schema;        /* run ll_schema_common first */
	/* The backend's own text for a fixed statement (by LL_Q_*), where
	 * its dialect differs (MariaDB's upsert); NULL: the common one. */
	const char *const *fixed;
	void *impl;
	/* what the last error was (set by the backend): a deadlock or
	 * serialisation failure (retry the transaction now), the data
	 * refused (a constraint, a value too long: retrying will not help),
	 * or anything else: unreachable, slow, restarting */
	enum ll_store_err { LL_SE_NONE, LL_SE_RETRY, LL_SE_DATA,
			    LL_SE_UNAVAILABLE } last_err;
	uint32_t q_ready;          /* bit k: q[k] compiled */
	struct ll_tpl q[LL_Q__COUNT];
	/* the variables of chain.c's own statements (a lease read or
	 * write): allocated on first use, freed by the backend's close */
	struct ll_vars *scratch;
};

/* A fixed statement of chain.c (LL_Q_*), compiled for s. */
const struct ll_tpl *ll_store_stmt(struct ll_store *s, int k);

/* Creates the documented schema (lanleased(8)); 0 or -errno. */
int ll_store_init_schema(struct ll_store *s);

/* The steps of the lookup chain. */
enum ll_step_kind { LL_STEP_MAC, LL_STEP_CLIENT_ID, LL_STEP_CIRCUIT,
		    LL_STEP_SWITCH_PORT, LL_STEP_SQL };

struct ll_step {
	enum ll_step_kind kind;
	struct ll_tpl tpl;       /* compiled by ll_step_prepare */
};

/* Prepares a built-in step, or a user template (LL_STEP_SQL, src). */
int ll_step_prepare(struct ll_step *st, enum ll_step_kind kind,
		    const char *src, enum ll_dialect d, const char **why,
		    size_t *at);
const char *ll_step_name(enum ll_step_kind k);

/* What happened at each step, for the debug dump and "why". */
struct ll_trace {
	unsigned nsteps;
	struct {
		enum ll_step_kind kind;
		int result;         /* 1 found, 0 none, -1 skipped, <-1 error */
		char missing[64];   /* the variable that made it skip */
	} step[16];
	int found_at;           /* index of the step that matched, or -1 */
};

/* Runs the chain: the first step whose variables are all defined and
 * that returns a row wins. The definition is layered: global defaults
 * (items in the text form), the subnet's row, the client's row, then
 * extra option rows of the subnet and of the address. Returns 1 found
 * (b filled), 0 not found, or -errno (a database error: the caller
 * logs it and carries on). */
int ll_chain_lookup(struct ll_store *s, const struct ll_step *steps,
		    size_t nsteps, struct ll_vars *V,
		    const char *const *defaults, struct ll_defb *b,
		    struct ll_trace *tr);

/* Layers the subnets row b->subnet / b->serial and its option rows
 * over b (a pool's definition): 1 applied, 0 no such row (b unchanged
 * but for option rows), -errno on a database error, -EINVAL when a
 * value is rejected (b->err says which). */
int ll_chain_subnet(struct ll_store *s, struct ll_vars *V, struct ll_defb *b);

/* When a step returns several rows, pick() chooses one: its index, -1
 * for none (not found), or -2 to drop the request (-ECANCELED). */
struct ll_picker {
	int (*pick)(void *ctx, const struct ll_row *rows, size_t n);
	void *ctx;
};
#define LL_PICK_MAX 8
/* ll_chain_lookup with a picker (NULL: the first row wins). */
int ll_chain_lookup_pick(struct ll_store *s, const struct ll_step *steps,
			 size_t nsteps, struct ll_vars *V,
			 const char *const *defaults, struct ll_defb *b,
			 struct ll_trace *tr, const struct ll_picker *pk);

/* Lease state of an address: 1 and fields when leased, 0 when free. */
struct ll_lease {
	char client_id[514];     /* hex */
	int64_t expiry;
	char state[16];          /* offered, bound, declined, released */
};
int ll_lease_get(struct ll_store *s, uint32_t ip, struct ll_lease *l);
/* Writes this client's lease unless the address is held by another
 * client (live, not released) at `now`: 1 written, 0 held by another
 * (nothing changed), -errno on error. */
int ll_lease_put(struct ll_store *s, uint32_t ip, const char *client_hex,
		 const char *mac, int64_t expiry, const char *state,
		 int64_t now);

/* One history row (time, MAC, address, method, relay, circuit-id,
 * remote-id, hostname) from the request's variables. */
int ll_history_add(struct ll_store *s, struct ll_vars *V, int64_t now,
		   uint32_t ip, const char *method);

#endif
