/* lanleased: dynamic pools, the "pool" step of the lookup chain. The
 * allocator is lib/pool.c; this keeps one per configured pool, shared
 * by the workers under a lock, chooses the pool for a request, loads
 * the leases table at start and turns an allocation into a definition. */
#ifndef LL_LANLEASED_POOLS_H
#define LL_LANLEASED_POOLS_H
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "lanlease/definition.h"
#include "lanlease/store.h"

struct ll_pools;

struct ll_pools *ll_pools_new(const struct ll_config *cfg);
void ll_pools_free(struct ll_pools *P);

/* Loads the leases table (bound and declined rows in a pool); the
 * number of rows taken, or -errno. */
int ll_pools_load(struct ll_pools *P, struct ll_store *st, int64_t now);

/* What the arrival says about the client's link. */
struct ll_pool_req {
	const struct ll_msg *req;
	uint32_t link_ip;       /* the arrival interface's address */
	const char *ifname;
	bool request;           /* a REQUEST: only the address it asks for */
	uint32_t asked;         /* option 50 or ciaddr, 0 for none */
	uint64_t client;        /* the client's key */
	int64_t now;
	/* true when the database says another client holds ip (another
	 * server on the same database); such an address is passed over */
	bool (*taken)(void *ctx, uint32_t ip);
	void *ctx;
};

/* The pool step: 1 with b filled (the address held for the client
 * until offer_hold runs out), 0 when no pool serves the link or the
 * pool is exhausted (logged once per exhaustion). 2 instead of 1 (here
 * and in ll_pools_inform, ll_pools_define) when the pool names a
 * database subnet (db_subnet): b->subnet and b->serial name it, and the
 * caller layers it with ll_chain_subnet. */
int ll_pools_lookup(struct ll_pools *P, const struct ll_config *cfg,
		    const struct ll_pool_req *pr, struct ll_defb *b);

/* An INFORM (RFC 2131 4.3.5): the options of the pool whose subnet
 * holds ciaddr (or of the client's link); 1 with b filled (b->def.ip is
 * ciaddr, nothing is held), 0 when no pool serves it. */
int ll_pools_inform(struct ll_pools *P, const struct ll_config *cfg,
		    const struct ll_pool_req *pr, struct ll_defb *b);

/* For trace: the index of the pool that would serve pr (-1: none) and
 * the address held or reserved for its client (0: none); changes
 * nothing. */
int ll_pools_explain(struct ll_pools *P, const struct ll_pool_req *pr,
		     uint32_t *held);

/* The definition pool k gives ip (ip 0: an address still to pick). */
int ll_pools_define(struct ll_pools *P, const struct ll_config *cfg,
		    unsigned k, uint32_t ip, struct ll_defb *b);

/* Statistics of up to max pools; the count. */
struct ll_pool_stats;
unsigned ll_pools_stats(struct ll_pools *P, struct ll_pool_stats *st,
			unsigned max, uint64_t *limited);

/* After the decision: bound (until), released, or declined (until the
 * end of probation). Addresses outside every pool are ignored. */
enum ll_pool_event { LL_PE_BIND, LL_PE_RELEASE, LL_PE_DECLINE, LL_PE_LOST };
void ll_pools_note(struct ll_pools *P, uint32_t ip, uint64_t client,
		   enum ll_pool_event ev, int64_t until, int64_t now);

/* ip's lease as the pools know it, for client: held by another (bound
 * and unexpired, or lost to another server), held by client (bound to
 * it), on probation. 1 when ip is in a pool, 0 when it is not. For a
 * server alone on its database, where the pools know every lease. */
int ll_pools_view(struct ll_pools *P, uint32_t ip, uint64_t client,
		  int64_t now, bool *by_other, bool *by_client,
		  bool *declined);

/* The key of a client (its client-id, or hardware type + address, in
 * hex) in the pools. */
uint64_t ll_pools_key(const char *cid);

/* The background sweep: reclaims expired leases a slice at a time. */
void ll_pools_tick(struct ll_pools *P, int64_t now);

/* Per-pool statistics (Kea's names, subnet[N].*). */
void ll_pools_print(struct ll_pools *P, FILE *f);
#endif
