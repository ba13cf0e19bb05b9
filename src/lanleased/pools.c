/* lanleased: dynamic pools, the "pool" step of the lookup chain (see
 * pools.h; the allocator is lib/pool.c). */
#include "pools.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lanlease/pool.h"
#include "lanlease/text.h"

#define LL_OTHER UINT64_MAX /* a holder that is not ours to know */

struct ll_pools {
	pthread_mutex_t mu;
	pthread_mutex_t tmu;  /* the definitions' templates */
	unsigned n;
	uint64_t limited; /* requests refused by a per-MAC/circuit limit */
	struct {
		struct ll_pool *p;
		struct ll_pool_cfg pc; /* a copy: reloads keep the pools */
		bool full_logged;
		/* the pool's definition but its address, built once per
		 * configuration (configurations are never freed while
		 * serving, so the address names one) */
		struct ll_defb *tpl;
		const struct ll_config *tcfg;
		int tret;
	} e[LL_POOLS_MAX];
};

uint64_t ll_pools_key(const char *cid)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *cid; cid++)
		h = (h ^ (uint8_t)*cid) * 1099511628211u;
	return h;
}

struct ll_pools *ll_pools_new(const struct ll_config *cfg)
{
	struct ll_pools *P = calloc(1, sizeof(*P));
	if (!P || pthread_mutex_init(&P->mu, NULL) ||
	    pthread_mutex_init(&P->tmu, NULL)) {
		free(P);
		return NULL;
	}
	for (unsigned i = 0; i < cfg->npools; i++, P->n++) {
		const struct ll_pool_cfg *pc = &cfg->pools[i];
		P->e[i].pc = *pc;
		for (unsigned k = 0; k < pc->nopts; k++)
			P->e[i].pc.opts[k] = strdup(pc->opts[k]);
		P->e[i].p = ll_pool_new(pc->first, pc->last);
		if (!P->e[i].p) {
			ll_pools_free(P);
			return NULL;
		}
		for (unsigned k = 0; k < pc->nexclude; k++)
			ll_pool_exclude(P->e[i].p, pc->exclude[k]);
		for (unsigned k = 0; k < pc->nres; k++) /* theirs alone */
			ll_pool_exclude(P->e[i].p, pc->res[k].ip);
		/* the subnet's own addresses are never handed out */
		ll_pool_exclude(P->e[i].p, pc->net);
		ll_pool_exclude(P->e[i].p, pc->net | ~pc->mask);
	}
	return P;
}

void ll_pools_free(struct ll_pools *P)
{
	if (!P)
		return;
	for (unsigned i = 0; i < P->n; i++) {
		ll_pool_free(P->e[i].p);
		free(P->e[i].tpl);
		for (unsigned k = 0; k < P->e[i].pc.nopts; k++)
			free(P->e[i].pc.opts[k]);
	}
	pthread_mutex_destroy(&P->mu);
	pthread_mutex_destroy(&P->tmu);
	free(P);
}

static int ll__find_pool(const struct ll_pools *P, uint32_t ip)
{
	for (unsigned i = 0; i < P->n; i++)
		if (ll_pool_contains(P->e[i].p, ip))
			return (int)i;
	return -1;
}

struct ll__load {
	struct ll_pools *P;
	int64_t now;
	int rows;
};

static int ll__load_row(void *ctx, const struct ll_row *r)
{
	struct ll__load *L = ctx;
	uint32_t ip;
	const char *v[4] = { 0 };
	for (unsigned i = 0; i < r->n && i < 4; i++)
		v[i] = r->value[i];
	if (!v[0] || !v[1] || !v[2] || !v[3] ||
	    ll_ip_parse(v[0], strlen(v[0]), &ip))
		return 0;
	int k = ll__find_pool(L->P, ip);
	if (k < 0)
		return 0;
	struct ll_pool *p = L->P->e[k].p;
	int64_t until = strtoll(v[2], NULL, 10);
	uint64_t key = ll_pools_key(v[1]);
	if (!strcmp(v[3], "declined"))
		ll_pool_decline(p, ip, until);
	else if (!strcmp(v[3], "bound") || !strcmp(v[3], "released")) {
		/* an expired or released lease still makes it the client's
		 * most recent address */
		ll_pool_bind(p, ip, key, !strcmp(v[3], "bound") ? until : 0,
			     L->now);
		if (!strcmp(v[3], "released"))
			ll_pool_release(p, ip, key);
	}
	L->rows++;
	return 0;
}

int ll_pools_load(struct ll_pools *P, struct ll_store *st, int64_t now)
{
	struct ll__load L = { P, now, 0 };
	pthread_mutex_lock(&P->mu);
	int r = st->ops->query_all(st, ll_store_stmt(st, LL_Q_LEASE_ALL), NULL,
				   ll__load_row, &L);
	for (unsigned i = 0; i < P->n; i++)
		ll_pool_reclaim(P->e[i].p, now, LL_POOL_MAX);
	pthread_mutex_unlock(&P->mu);
	return r < 0 ? r : L.rows;
}

/* RFC 3527: the link-selection sub-option (5) of Option 82. */
static uint32_t ll__link_selection(const struct ll_msg *m)
{
	size_t n;
	const uint8_t *o = ll_msg_get(m, 82, &n);
	for (size_t i = 0; o && i + 2 <= n; i += 2u + o[i + 1])
		if (o[i] == 5 && o[i + 1] == 4 && i + 6 <= n)
			return (uint32_t)o[i + 2] << 24 | (uint32_t)o[i + 3] << 16 |
			       (uint32_t)o[i + 4] << 8 | o[i + 5];
	return 0;
}

/* The pool whose subnet holds ip, or -1. */
static int ll__find_subnet(const struct ll_pools *P, uint32_t ip)
{
	for (unsigned i = 0; i < P->n; i++)
		if ((ip & P->e[i].pc.mask) == P->e[i].pc.net)
			return (int)i;
	return -1;
}

/* The pool of the client's link: the link-selection address, the
 * relay's giaddr, or the arrival interface (RFC 2131 4.3.1). */
static int ll__choose(const struct ll_pools *P, const struct ll_pool_req *pr)
{
	uint32_t ls = ll__link_selection(pr->req), gi = pr->req->giaddr;
	uint32_t link = ls ? ls : gi ? gi : pr->link_ip;
	for (unsigned i = 0; i < P->n; i++) {
		const struct ll_pool_cfg *pc = &P->e[i].pc;
		bool local = !ls && !gi;
		if (local && pc->iface[0] && strcmp(pc->iface, pr->ifname))
			continue;
		if ((link & pc->mask) == pc->net ||
		    (local && pc->iface[0]))
			return (int)i;
	}
	return -1;
}

/* The definition: global defaults, the subnet's mask, the pool's
 * options, the address and the pool's lease time. */
static int ll__build(const struct ll_config *cfg, const struct ll_pool_cfg *pc,
		     unsigned idx, struct ll_defb *b)
{
	char mask[16];
	ll_defb_init(b);
	snprintf(mask, sizeof(mask), "%u.%u.%u.%u", pc->mask >> 24,
		 (pc->mask >> 16) & 255, (pc->mask >> 8) & 255, pc->mask & 255);
	if (ll_defb_items(b, (const char *const *)cfg->defaults,
			  cfg->ndefaults) ||
	    ll_defb_column(b, "subnet_mask", mask) < 0 ||
	    ll_defb_items(b, (const char *const *)pc->opts, pc->nopts))
		return -EINVAL;
	if (pc->lease_time)
		b->def.lease_time = pc->lease_time;
	snprintf(b->subnet, sizeof(b->subnet), "pool-%u", idx + 1);
	if (!pc->db_subnet[0])
		return 1;
	/* the caller layers this subnets row over it (ll_chain_subnet) */
	snprintf(b->subnet, sizeof(b->subnet), "%s", pc->db_subnet);
	b->serial = pc->db_serial;
	return 2;
}

/* Pool k's definition for ip: the global defaults, the subnet mask and
 * the pool's options, parsed once per configuration and copied. */
static int ll__define(struct ll_pools *P, const struct ll_config *cfg,
		      unsigned k, uint32_t ip, struct ll_defb *b)
{
	int r;
	pthread_mutex_lock(&P->tmu);
	if (P->e[k].tcfg != cfg) {
		if (!P->e[k].tpl)
			P->e[k].tpl = malloc(sizeof(*P->e[k].tpl));
		P->e[k].tret = P->e[k].tpl ? ll__build(cfg, &P->e[k].pc, k,
						       P->e[k].tpl) : -ENOMEM;
		P->e[k].tcfg = P->e[k].tret < 0 ? NULL : cfg;
	}
	r = P->e[k].tret;
	if (r > 0) {
		*b = *P->e[k].tpl;
		b->def.opts = &b->opts; /* its own copy's */
	}
	pthread_mutex_unlock(&P->tmu);
	if (r > 0)
		b->def.ip = ip;
	return r;
}

/* What a client's addresses count against: its hardware address and
 * the relay circuit it is behind (Option 82 sub-option 1). */
static void ll__groups(const struct ll_msg *m, uint64_t g[2])
{
	size_t n;
	const uint8_t *o = ll_msg_get(m, 82, &n);
	uint64_t h = 0x6d6163u; /* FNV-1a, a different seed per kind */
	for (int i = 0; i < 6; i++)
		h = (h ^ m->chaddr[i]) * 1099511628211u;
	g[0] = h;
	g[1] = 0;
	for (size_t i = 0; o && i + 2 <= n; i += 2u + o[i + 1])
		if (o[i] == 1 && i + 2u + o[i + 1] <= n) {
			h = 0x63697263u;
			for (size_t k = 0; k < o[i + 1]; k++)
				h = (h ^ o[i + 2 + k]) * 1099511628211u;
			g[1] = h;
		}
}

/* max_leases, max_leases_per_mac, max_leases_per_circuit: a client that
 * holds nothing yet may not take more than its share (a starvation run
 * behind one circuit leaves the other circuits their addresses). */
static bool ll__over(const struct ll_pool *p, const struct ll_pool_cfg *pc,
		     const uint64_t g[2])
{
	struct ll_pool_stats st;
	ll_pool_stats(p, &st);
	return (pc->max_leases && st.assigned + st.offered >= pc->max_leases) ||
	       (pc->max_per_mac && ll_pool_group_count(p, g[0]) >= pc->max_per_mac) ||
	       (pc->max_per_circuit && g[1] &&
		ll_pool_group_count(p, g[1]) >= pc->max_per_circuit);
}

/* A new address for a DISCOVER, held for offer_hold seconds; one the
 * database says another server leased is passed over (for a minute). */
static int ll__offer(struct ll_pools *P, unsigned k, const struct ll_config *cfg,
		     const struct ll_pool_req *pr, uint32_t *ip)
{
	struct ll_pool *p = P->e[k].p;
	uint64_t g[2];
	ll__groups(pr->req, g);
	bool has = ll_pool_held(p, pr->client, pr->now) != 0;
	if (!has && ll__over(p, &P->e[k].pc, g))
		return -EDQUOT;
	for (int tries = 0; tries < 8; tries++) {
		if (ll_pool_pick(p, pr->client, pr->asked, pr->now, ip) < 0)
			return -ENOSPC;
		if (!pr->taken || !pr->taken(pr->ctx, *ip))
			return ll_pool_hold_in(p, *ip, pr->client, g,
					       pr->now + cfg->offer_hold, pr->now);
		/* someone else's now, even if the pool thought it ours */
		ll_pool_release(p, *ip, pr->client);
		ll_pool_hold(p, *ip, LL_OTHER, pr->now + 60, pr->now);
	}
	return -ENOSPC;
}

/* The pool's reservation for this client (by client-id, then MAC), or 0. */
static uint32_t ll__reserved(const struct ll_pool_cfg *pc, const struct ll_msg *m)
{
	static const char hx[] = "0123456789abcdef";
	size_t n;
	if (!pc->nres)
		return 0;
	const uint8_t *o = ll_msg_get(m, 61, &n);
	char hex[132] = "";
	for (size_t i = 0; o && i < n && 2 * i + 2 < sizeof(hex); i++) {
		hex[2 * i] = hx[o[i] >> 4];
		hex[2 * i + 1] = hx[o[i] & 15];
		hex[2 * i + 2] = '\0';
	}
	for (unsigned i = 0; i < pc->nres; i++)
		if (!pc->res[i].by_mac && hex[0] && !strcmp(hex, pc->res[i].cid))
			return pc->res[i].ip;
	for (unsigned i = 0; i < pc->nres; i++)
		if (pc->res[i].by_mac && m->hlen == 6 &&
		    !memcmp(m->chaddr, pc->res[i].mac, 6))
			return pc->res[i].ip;
	return 0;
}

int ll_pools_lookup(struct ll_pools *P, const struct ll_config *cfg,
		    const struct ll_pool_req *pr, struct ll_defb *b)
{
	int k = ll__choose(P, pr), r = 0;
	uint32_t ip = 0;
	if (k < 0)
		return 0;
	if ((ip = ll__reserved(&P->e[k].pc, pr->req)))
		return ll__define(P, cfg, (unsigned)k, ip, b);
	pthread_mutex_lock(&P->mu);
	struct ll_pool *p = P->e[k].p;
	if (pr->request) {
		/* RFC 2131 4.3.2: the address it asks for, if it is its own
		 * or free; otherwise another (the decision then NAKs) */
		uint32_t held = ll_pool_held(p, pr->client, pr->now);
		uint64_t g[2];
		ll__groups(pr->req, g);
		ip = pr->asked;
		if (!(ip && held == ip) &&
		    !(ip && ll_pool_state_of(p, ip, pr->now) == LL_PS_FREE &&
		      !ll__over(p, &P->e[k].pc, g) &&
		      ll_pool_hold_in(p, ip, pr->client, g,
				      pr->now + cfg->offer_hold, pr->now) == 0))
			r = ll__offer(P, (unsigned)k, cfg, pr, &ip);
	} else {
		r = ll__offer(P, (unsigned)k, cfg, pr, &ip);
	}
	if (r == -EDQUOT)
		P->limited++;
	if (r == -ENOSPC && !P->e[k].full_logged)
		fprintf(stderr, "lanleased: pool %d (%s) has no free address\n",
			k + 1, P->e[k].pc.iface[0] ? P->e[k].pc.iface : "its subnet");
	P->e[k].full_logged = r == -ENOSPC;
	pthread_mutex_unlock(&P->mu);
	if (r < 0)
		return 0;
	return ll__define(P, cfg, (unsigned)k, ip, b);
}

int ll_pools_define(struct ll_pools *P, const struct ll_config *cfg,
		    unsigned k, uint32_t ip, struct ll_defb *b)
{
	return k < P->n ? ll__define(P, cfg, k, ip, b) : 0;
}

int ll_pools_inform(struct ll_pools *P, const struct ll_config *cfg,
		    const struct ll_pool_req *pr, struct ll_defb *b)
{
	/* RFC 2131 4.3.5: the client has its address (ciaddr); the options
	 * are those of the subnet it is on */
	int k = pr->req->ciaddr ? ll__find_subnet(P, pr->req->ciaddr)
				: ll__choose(P, pr);
	if (k < 0)
		return 0;
	return ll__define(P, cfg, (unsigned)k, pr->req->ciaddr, b);
}

int ll_pools_explain(struct ll_pools *P, const struct ll_pool_req *pr,
		     uint32_t *held)
{
	int k = P ? ll__choose(P, pr) : -1;
	*held = 0;
	if (k < 0)
		return -1;
	if (!(*held = ll__reserved(&P->e[k].pc, pr->req))) {
		pthread_mutex_lock(&P->mu);
		*held = ll_pool_held(P->e[k].p, pr->client, pr->now);
		pthread_mutex_unlock(&P->mu);
	}
	return k;
}

unsigned ll_pools_stats(struct ll_pools *P, struct ll_pool_stats *st,
			unsigned max, uint64_t *limited)
{
	unsigned n = 0;
	*limited = 0;
	if (!P)
		return 0;
	pthread_mutex_lock(&P->mu);
	*limited = P->limited;
	for (; n < P->n && n < max; n++)
		ll_pool_stats(P->e[n].p, &st[n]);
	pthread_mutex_unlock(&P->mu);
	return n;
}

void ll_pools_note(struct ll_pools *P, uint32_t ip, uint64_t client,
		   enum ll_pool_event ev, int64_t until, int64_t now)
{
	int k = P ? ll__find_pool(P, ip) : -1;
	if (k < 0)
		return;
	pthread_mutex_lock(&P->mu);
	struct ll_pool *p = P->e[k].p;
	switch (ev) {
	case LL_PE_BIND:
		ll_pool_bind(p, ip, client, until, now);
		break;
	case LL_PE_RELEASE:
		ll_pool_release(p, ip, client);
		break;
	case LL_PE_DECLINE:
		ll_pool_decline(p, ip, until);
		break;
	case LL_PE_LOST: /* another server's client has it */
		ll_pool_release(p, ip, client);
		ll_pool_hold(p, ip, LL_OTHER, until, now);
		break;
	}
	pthread_mutex_unlock(&P->mu);
}

int ll_pools_view(struct ll_pools *P, uint32_t ip, uint64_t client,
		  int64_t now, bool *by_other, bool *by_client,
		  bool *declined)
{
	int k = P ? ll__find_pool(P, ip) : -1;
	enum ll_pool_state st;
	uint64_t who;
	int64_t until;
	if (k < 0)
		return 0;
	pthread_mutex_lock(&P->mu);
	ll_pool_entry(P->e[k].p, ip, &st, &who, &until);
	pthread_mutex_unlock(&P->mu);
	bool live = until > now;
	*by_other = live && ((st == LL_PS_BOUND && who != client) ||
			     (st == LL_PS_OFFERED && who == LL_OTHER));
	*by_client = st == LL_PS_BOUND && who == client;
	*declined = live && st == LL_PS_DECLINED;
	return 1;
}

void ll_pools_tick(struct ll_pools *P, int64_t now)
{
	if (!P)
		return;
	pthread_mutex_lock(&P->mu);
	for (unsigned i = 0; i < P->n; i++)
		ll_pool_reclaim(P->e[i].p, now, 4096);
	pthread_mutex_unlock(&P->mu);
}

void ll_pools_print(struct ll_pools *P, FILE *f)
{
	if (!P)
		return;
	pthread_mutex_lock(&P->mu);
	fprintf(f, "pool-limit-refusals %llu\n", (unsigned long long)P->limited);
	for (unsigned i = 0; i < P->n; i++) {
		struct ll_pool_stats st;
		ll_pool_stats(P->e[i].p, &st);
		fprintf(f, "subnet[%u].total-addresses %llu\n"
			"subnet[%u].assigned-addresses %llu\n"
			"subnet[%u].declined-addresses %llu\n"
			"subnet[%u].reclaimed-leases %llu\n",
			i + 1, (unsigned long long)st.total,
			i + 1, (unsigned long long)st.assigned,
			i + 1, (unsigned long long)st.declined,
			i + 1, (unsigned long long)st.reclaimed);
	}
	pthread_mutex_unlock(&P->mu);
}
