/* lanlease: a dynamic address pool (RFC 2131 section 4.3.1). See
 * include/lanlease/pool.h: O(1) amortised allocation through a FIFO of
 * free addresses, a client table and an incremental sweep. */
#include "lanlease/pool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct ll__pent {
	int64_t expiry;
	uint64_t client; /* holder, or the last one (0: none) */
	uint64_t group[2]; /* what it counts against while held */
	uint8_t state;
	bool queued;     /* its index is in the free queue */
};

struct ll_pool {
	uint32_t first, n;
	struct ll__pent *e;
	uint32_t *q, qhead, qlen;      /* ring of n indices */
	uint64_t *mkey;                /* client -> its latest index */
	uint32_t *mval, mcap, mcount;
	uint64_t *gkey;                /* group -> addresses held */
	uint32_t *gval, gcount;        /* (the same capacity, mcap) */
	uint32_t sweep;
	uint64_t count[LL_PS_EXCLUDED + 1], reclaimed;
};

static uint64_t ll__key(uint64_t client)
{
	return client ? client : 1; /* 0 marks an empty slot */
}

static uint32_t ll__slot(const struct ll_pool *p, uint64_t k)
{
	return (uint32_t)((k * 0x9E3779B97F4A7C15u) >> 32) & (p->mcap - 1);
}

static void ll__map_put(struct ll_pool *p, uint64_t client, uint32_t idx);

/* Too full: rebuilt from the holders the entries remember (at most n,
 * half the table), so growth by new clients stays O(1) amortised. */
static void ll__map_rebuild(struct ll_pool *p)
{
	memset(p->mkey, 0, sizeof(*p->mkey) * p->mcap);
	p->mcount = 0;
	for (uint32_t i = 0; i < p->n; i++)
		if (p->e[i].client)
			ll__map_put(p, p->e[i].client, i);
}

static void ll__map_put(struct ll_pool *p, uint64_t client, uint32_t idx)
{
	uint64_t k = ll__key(client);
	uint32_t s = ll__slot(p, k);
	while (p->mkey[s] && p->mkey[s] != k)
		s = (s + 1) & (p->mcap - 1);
	if (!p->mkey[s]) {
		if ((p->mcount + 1) * 4 > p->mcap * 3) {
			ll__map_rebuild(p);
			ll__map_put(p, client, idx);
			return;
		}
		p->mkey[s] = k;
		p->mcount++;
	}
	p->mval[s] = idx;
}

static int64_t ll__map_get(const struct ll_pool *p, uint64_t client)
{
	uint64_t k = ll__key(client);
	for (uint32_t s = ll__slot(p, k); p->mkey[s];
	     s = (s + 1) & (p->mcap - 1))
		if (p->mkey[s] == k)
			return p->mval[s];
	return -1;
}

struct ll_pool *ll_pool_new(uint32_t first, uint32_t last)
{
	if (last < first || last - first >= LL_POOL_MAX)
		return NULL;
	struct ll_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->first = first;
	p->n = last - first + 1;
	for (p->mcap = 4; p->mcap < 2 * p->n; p->mcap *= 2)
		;
	p->e = calloc(p->n, sizeof(*p->e));
	p->q = calloc(p->n, sizeof(*p->q));
	p->mkey = calloc(p->mcap, sizeof(*p->mkey));
	p->mval = calloc(p->mcap, sizeof(*p->mval));
	p->gkey = calloc(p->mcap, sizeof(*p->gkey));
	p->gval = calloc(p->mcap, sizeof(*p->gval));
	if (!p->e || !p->q || !p->mkey || !p->mval || !p->gkey || !p->gval) {
		ll_pool_free(p);
		return NULL;
	}
	for (uint32_t i = 0; i < p->n; i++) {
		p->q[i] = i;
		p->e[i].queued = true;
	}
	p->qlen = p->n;
	p->count[LL_PS_FREE] = p->n;
	return p;
}

void ll_pool_free(struct ll_pool *p)
{
	if (!p)
		return;
	free(p->e);
	free(p->q);
	free(p->mkey);
	free(p->mval);
	free(p->gkey);
	free(p->gval);
	free(p);
}

bool ll_pool_contains(const struct ll_pool *p, uint32_t ip)
{
	return ip >= p->first && ip - p->first < p->n;
}

static bool ll__held_state(uint8_t st)
{
	return st == LL_PS_OFFERED || st == LL_PS_BOUND;
}

/* The slot of group g (0: none); the table is rebuilt from the entries
 * when three quarters full, which only keeps groups that hold some. */
static uint32_t *ll__gslot(struct ll_pool *p, uint64_t g, bool add);

static void ll__grebuild(struct ll_pool *p)
{
	memset(p->gkey, 0, sizeof(*p->gkey) * p->mcap);
	p->gcount = 0;
	for (uint32_t i = 0; i < p->n; i++)
		for (int k = 0; ll__held_state(p->e[i].state) && k < 2; k++) {
			uint32_t *c = ll__gslot(p, p->e[i].group[k], true);
			if (c)
				++*c;
		}
}

static uint32_t *ll__gslot(struct ll_pool *p, uint64_t g, bool add)
{
	if (!g)
		return NULL;
	uint32_t s = ll__slot(p, g);
	while (p->gkey[s] && p->gkey[s] != g)
		s = (s + 1) & (p->mcap - 1);
	if (p->gkey[s] || !add)
		return p->gkey[s] ? &p->gval[s] : NULL;
	if ((p->gcount + 1) * 4 > p->mcap * 3) {
		ll__grebuild(p);
		return ll__gslot(p, g, add);
	}
	p->gkey[s] = g;
	p->gval[s] = 0;
	p->gcount++;
	return &p->gval[s];
}

static void ll__set(struct ll_pool *p, uint32_t i, enum ll_pool_state st,
		    uint64_t client, int64_t expiry)
{
	for (int k = 0; ll__held_state(p->e[i].state) && k < 2; k++) {
		uint32_t *c = ll__gslot(p, p->e[i].group[k], false);
		if (c && *c)
			--*c;
	}
	if (!ll__held_state((uint8_t)st) || client != p->e[i].client)
		p->e[i].group[0] = p->e[i].group[1] = 0;
	p->count[p->e[i].state]--;
	p->count[st]++;
	p->e[i].state = (uint8_t)st;
	p->e[i].client = client;
	p->e[i].expiry = expiry;
	for (int k = 0; ll__held_state((uint8_t)st) && k < 2; k++) {
		uint32_t *c = ll__gslot(p, p->e[i].group[k], true);
		if (c)
			++*c;
	}
}

uint32_t ll_pool_group_count(const struct ll_pool *p, uint64_t group)
{
	uint32_t *c = ll__gslot((struct ll_pool *)p, group, false);
	return c ? *c : 0;
}

static void ll__enqueue(struct ll_pool *p, uint32_t i)
{
	if (p->e[i].queued)
		return;
	p->q[(p->qhead + p->qlen) % p->n] = i;
	p->qlen++;
	p->e[i].queued = true;
}

/* Free now: never held, released, or its hold, lease or probation over. */
static bool ll__free(const struct ll_pool *p, uint32_t i, int64_t now)
{
	const struct ll__pent *e = &p->e[i];
	return e->state == LL_PS_FREE ||
	       (e->state != LL_PS_EXCLUDED && e->expiry <= now);
}

int ll_pool_exclude(struct ll_pool *p, uint32_t ip)
{
	if (!ll_pool_contains(p, ip))
		return -ERANGE;
	ll__set(p, ip - p->first, LL_PS_EXCLUDED, 0, 0);
	return 0;
}

/* The head of the free queue that is free now; entries that stopped
 * being free while queued are dropped (they return when freed). */
static int64_t ll__queue_head(struct ll_pool *p, int64_t now)
{
	while (p->qlen) {
		uint32_t i = p->q[p->qhead];
		if (ll__free(p, i, now))
			return i;
		p->e[i].queued = false;
		p->qhead = (p->qhead + 1) % p->n;
		p->qlen--;
	}
	return -1;
}

int ll_pool_pick(struct ll_pool *p, uint64_t client, uint32_t requested,
		 int64_t now, uint32_t *ip)
{
	int64_t i = ll__map_get(p, client);
	/* its current or most recent address, if nobody took it since (a
	 * declined one has no holder) */
	if (i >= 0 && p->e[i].client == client &&
	    p->e[i].state != LL_PS_EXCLUDED) {
		*ip = p->first + (uint32_t)i;
		return 0;
	}
	/* the address it asks for, if free */
	if (requested && ll_pool_contains(p, requested) &&
	    ll__free(p, requested - p->first, now)) {
		*ip = requested;
		return 0;
	}
	i = ll__queue_head(p, now);
	if (i < 0) { /* the sweep is behind: one whole round, rarely */
		ll_pool_reclaim(p, now, p->n);
		i = ll__queue_head(p, now);
	}
	if (i < 0)
		return -ENOSPC;
	*ip = p->first + (uint32_t)i;
	return 0;
}

uint32_t ll_pool_held(const struct ll_pool *p, uint64_t client, int64_t now)
{
	int64_t i = ll__map_get(p, client);
	if (i < 0 || p->e[i].client != client || p->e[i].expiry <= now ||
	    (p->e[i].state != LL_PS_OFFERED && p->e[i].state != LL_PS_BOUND))
		return 0;
	return p->first + (uint32_t)i;
}

static int ll__take(struct ll_pool *p, uint32_t ip, uint64_t client,
		    const uint64_t *groups, int64_t until, int64_t now,
		    enum ll_pool_state st)
{
	if (!ll_pool_contains(p, ip))
		return -ERANGE;
	uint32_t i = ip - p->first;
	struct ll__pent *e = &p->e[i];
	if (e->state == LL_PS_EXCLUDED)
		return -ERANGE;
	if (!ll__free(p, i, now) && !(e->client == client &&
				       e->state != LL_PS_DECLINED))
		return -EBUSY;
	if (groups) { /* counted again below, under the new groups */
		ll__set(p, i, LL_PS_FREE, client, 0);
		e->group[0] = groups[0];
		e->group[1] = groups[1];
	}
	ll__set(p, i, st, client, until);
	ll__map_put(p, client, i);
	return 0;
}

int ll_pool_hold(struct ll_pool *p, uint32_t ip, uint64_t client,
		 int64_t until, int64_t now)
{
	return ll__take(p, ip, client, NULL, until, now, LL_PS_OFFERED);
}

int ll_pool_bind(struct ll_pool *p, uint32_t ip, uint64_t client,
		 int64_t until, int64_t now)
{
	return ll__take(p, ip, client, NULL, until, now, LL_PS_BOUND);
}

int ll_pool_hold_in(struct ll_pool *p, uint32_t ip, uint64_t client,
		    const uint64_t groups[2], int64_t until, int64_t now)
{
	return ll__take(p, ip, client, groups, until, now, LL_PS_OFFERED);
}

int ll_pool_bind_in(struct ll_pool *p, uint32_t ip, uint64_t client,
		    const uint64_t groups[2], int64_t until, int64_t now)
{
	return ll__take(p, ip, client, groups, until, now, LL_PS_BOUND);
}

int ll_pool_release(struct ll_pool *p, uint32_t ip, uint64_t client)
{
	if (!ll_pool_contains(p, ip))
		return -ERANGE;
	uint32_t i = ip - p->first;
	if (p->e[i].client != client || (p->e[i].state != LL_PS_BOUND &&
					 p->e[i].state != LL_PS_OFFERED))
		return -EPERM;
	ll__set(p, i, LL_PS_FREE, client, 0);
	ll__enqueue(p, i);
	return 0;
}

int ll_pool_decline(struct ll_pool *p, uint32_t ip, int64_t until)
{
	if (!ll_pool_contains(p, ip) ||
	    p->e[ip - p->first].state == LL_PS_EXCLUDED)
		return -ERANGE;
	ll__set(p, ip - p->first, LL_PS_DECLINED, 0, until);
	return 0;
}

unsigned ll_pool_reclaim(struct ll_pool *p, int64_t now, unsigned budget)
{
	unsigned n = 0;
	for (unsigned k = 0; k < budget && k < p->n; k++) {
		uint32_t i = p->sweep;
		struct ll__pent *e = &p->e[i];
		p->sweep = (p->sweep + 1) % p->n;
		if (e->state == LL_PS_EXCLUDED)
			continue;
		if (e->state != LL_PS_FREE && e->expiry <= now) {
			if (e->state == LL_PS_BOUND) {
				p->reclaimed++;
				n++;
			}
			ll__set(p, i, LL_PS_FREE, e->client, 0);
		}
		if (e->state == LL_PS_FREE)
			ll__enqueue(p, i);
	}
	return n;
}

enum ll_pool_state ll_pool_state_of(const struct ll_pool *p, uint32_t ip,
				    int64_t now)
{
	if (!ll_pool_contains(p, ip))
		return LL_PS_EXCLUDED;
	uint32_t i = ip - p->first;
	if (p->e[i].state != LL_PS_EXCLUDED && ll__free(p, i, now))
		return LL_PS_FREE;
	return (enum ll_pool_state)p->e[i].state;
}

int ll_pool_entry(const struct ll_pool *p, uint32_t ip,
		  enum ll_pool_state *state, uint64_t *client,
		  int64_t *expiry)
{
	if (!ll_pool_contains(p, ip))
		return -ERANGE;
	const struct ll__pent *e = &p->e[ip - p->first];
	*state = (enum ll_pool_state)e->state;
	*client = e->client;
	*expiry = e->expiry;
	return 0;
}

void ll_pool_stats(const struct ll_pool *p, struct ll_pool_stats *st)
{
	st->total = p->n - p->count[LL_PS_EXCLUDED];
	st->assigned = p->count[LL_PS_BOUND];
	st->declined = p->count[LL_PS_DECLINED];
	st->offered = p->count[LL_PS_OFFERED];
	st->reclaimed = p->reclaimed;
}
