/* lanlease: a dynamic address pool (RFC 2131 section 4.3.1), pure.
 *
 * One range of addresses, in memory; time is passed in. Every operation
 * is O(1) amortised however full the pool is: free addresses wait in a
 * FIFO queue (the least recently used is handed out first), a client's
 * most recent address is found through a hash table, and expired leases
 * are reclaimed by an incremental sweep (ll_pool_reclaim) that the
 * caller runs a little at a time. Durability is the caller's: it writes
 * each binding before acknowledging it and loads them back with
 * ll_pool_bind at start. Clients are named by a 64-bit key (a hash of
 * the client identifier, or of the hardware address without one). */
#ifndef LANLEASE_POOL_H
#define LANLEASE_POOL_H

#include <stdbool.h>
#include <stdint.h>

#define LL_POOL_MAX (1u << 20) /* addresses in one pool */

enum ll_pool_state {
	LL_PS_FREE = 0,
	LL_PS_OFFERED,  /* held for a client between OFFER and REQUEST */
	LL_PS_BOUND,
	LL_PS_DECLINED, /* on probation until its expiry */
	LL_PS_EXCLUDED, /* never handed out */
};

struct ll_pool;

struct ll_pool_stats {
	uint64_t total;     /* addresses not excluded (Kea: total-addresses) */
	uint64_t assigned;  /* bound, not expired at the last sweep */
	uint64_t declined;  /* on probation */
	uint64_t offered;   /* held for an OFFER */
	uint64_t reclaimed; /* expired leases swept back (reclaimed-leases) */
};

/* first..last inclusive, host order; NULL when the range is empty,
 * larger than LL_POOL_MAX, or memory runs out. */
struct ll_pool *ll_pool_new(uint32_t first, uint32_t last);
void ll_pool_free(struct ll_pool *p);
bool ll_pool_contains(const struct ll_pool *p, uint32_t ip);

/* Takes an address out of the pool for good; 0 or -ERANGE. */
int ll_pool_exclude(struct ll_pool *p, uint32_t ip);

/* The address for client (RFC 2131 4.3.1): its current or most recent
 * address if that is still its own or free; else the requested address
 * (0 for none) if it is in the pool and free; else the free address
 * that has waited longest. 0 and *ip, or -ENOSPC (the pool is full).
 * Nothing changes until ll_pool_hold or ll_pool_bind. */
int ll_pool_pick(struct ll_pool *p, uint64_t client, uint32_t requested,
		 int64_t now, uint32_t *ip);

/* The address client holds now (offered or bound, not expired), or 0. */
uint32_t ll_pool_held(const struct ll_pool *p, uint64_t client, int64_t now);

/* Holds ip for client until `until` (an OFFER), or binds it (an ACK,
 * or a lease loaded at start). -EBUSY when another client holds it
 * (not expired), -ERANGE when it is not in the pool or excluded. */
int ll_pool_hold(struct ll_pool *p, uint32_t ip, uint64_t client,
		 int64_t until, int64_t now);
int ll_pool_bind(struct ll_pool *p, uint32_t ip, uint64_t client,
		 int64_t until, int64_t now);

/* Limits: an address held (offered or bound) may count against up to
 * two groups (the client's hardware address, its relay circuit; 0 for
 * none), set with the hold or bind; ll_pool_group_count says how many
 * addresses a group holds now (expired holds count until the sweep
 * returns them). */
int ll_pool_hold_in(struct ll_pool *p, uint32_t ip, uint64_t client,
		    const uint64_t groups[2], int64_t until, int64_t now);
int ll_pool_bind_in(struct ll_pool *p, uint32_t ip, uint64_t client,
		    const uint64_t groups[2], int64_t until, int64_t now);
uint32_t ll_pool_group_count(const struct ll_pool *p, uint64_t group);

/* A RELEASE by its holder (-EPERM otherwise): the address is free and
 * stays the client's most recent one. */
int ll_pool_release(struct ll_pool *p, uint32_t ip, uint64_t client);

/* A DECLINE, or an address found in use (a ping answered): probation
 * until `until`, then free again. */
int ll_pool_decline(struct ll_pool *p, uint32_t ip, int64_t until);

/* Sweeps up to `budget` addresses from where the last sweep stopped:
 * expired holds, leases and probations become free. The number
 * reclaimed. */
unsigned ll_pool_reclaim(struct ll_pool *p, int64_t now, unsigned budget);

enum ll_pool_state ll_pool_state_of(const struct ll_pool *p, uint32_t ip,
				    int64_t now);
/* ip's entry as it is (no sweep applied): its state, its holder (or
 * last holder; 0: none) and when it ends; -ERANGE outside the pool. */
int ll_pool_entry(const struct ll_pool *p, uint32_t ip,
		  enum ll_pool_state *state, uint64_t *client,
		  int64_t *expiry);
void ll_pool_stats(const struct ll_pool *p, struct ll_pool_stats *st);

#endif
