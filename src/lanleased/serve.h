/* lanleased: the server state and its packet path (serve.c). */
#ifndef LL_LANLEASED_SERVE_H
#define LL_LANLEASED_SERVE_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "abuse.h"
#include "defcache.h"
#include "hooks.h"
#include "spool.h"
#include "iface.h"
#include "lanlease/lanlease.h"

/* Counters, with Kea's statistic names where Kea has one. */
enum {
	LL_C_RECEIVED, LL_C_DISCOVER, LL_C_REQUEST, LL_C_RELEASE, LL_C_DECLINE,
	LL_C_INFORM, LL_C_OFFER, LL_C_ACK, LL_C_NAK, LL_C_SENT,
	LL_C_PARSE_FAILED, LL_C_RECEIVE_DROP, LL_C_DB_ERRORS, LL_C_CONFLICTS,
	LL_C_SUSPENDED, LL_C_HOOK_DROPS, LL_C_HOOK_ERRORS, LL_C_DB_CACHE,
	LL_C_SPOOLED, LL_C_REPLAYED, LL_C_DB_RETRIES, LL_C_REJECTED,
	LL_C_PING,
	LL_C__COUNT
};

struct ll_link {
	struct ll_iface ifc;
	int udp, raw;
	bool no_gso;           /* UDP GSO refused here: one by one */
};

#define LL_BATCH 96
#define LL_POISON_TRIES 3
#define LL_MINE_SLOTS 16384 /* a power of two */
#define LL_MINE_TRUST 60    /* seconds a committed lease is trusted */

/* A reply built and waiting for the batch's commit. */
struct ll_pending {
	struct ll_link *l;
	enum ll_dest dest;
	uint32_t dest_ip, src_ip, yiaddr;
	uint8_t chaddr[6];
	bool frame;
	enum ll_reply_kind kind;
	int rec;              /* its record in recs, or -1 */
	size_t n;
	uint8_t w[1500];
};

/* Group commit across workers (SQLite: one writer at a time). A worker
 * with records queues its batch; whoever finds no commit running leads:
 * it writes every queued batch in one transaction (one sync to disk)
 * on its own connection, then wakes the others, which send their
 * replies. A group that fails is retried batch by batch, each worker on
 * its own (retries, spool, poison handling as before). */
#define LL_GC_MAX 64
struct ll_gc {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool busy;
	unsigned n;
	struct ll_server *q[LL_GC_MAX];
};
struct ll_gc *ll_gc_new(void);

/* The leases the workers committed lately (direct-mapped by address,
 * shared: a client's next request may reach another worker): a renewal
 * of one needs no lease read. A lock per stripe of slots. */
#define LL_MINE_STRIPES 64
struct ll_mine { uint32_t ip; uint64_t cid; int64_t until; };
struct ll_mines {
	pthread_mutex_t mu[LL_MINE_STRIPES];
	struct ll_mine slot[LL_MINE_SLOTS];
};
struct ll_mines *ll_mines_new(void);

struct ll_server {
	const struct ll_config *cfg;
	struct ll_gc *gc;           /* shared; NULL: each commits alone */
	int gc_state;               /* queued, done, failed */
	struct ll_store *store;
	struct ll_link link[LL_CFG_MAX];
	unsigned nlinks;
	bool debug;
	pthread_t thread;
	_Atomic uint64_t count[LL_C__COUNT]; /* read by the main thread */
	/* group commit: a batch's records are written in one transaction
	 * (or, the database being down, to the spool) before any of its
	 * replies leave */
	unsigned nout, nrec;
	struct ll_pending out[LL_BATCH];
	struct ll_rec *recs;        /* LL_BATCH of them */
	struct ll_mines *mine;      /* shared; NULL: every view reads */
	struct ll_vars *scratch;    /* for writing records */
	int spool_fd;               /* -1: no spool */
	bool spool_pending;         /* records wait in the spool */
	/* a spooled record the database refuses LL_POISON_TRIES times in a
	 * row is set aside in spool-N.rejected */
	uint64_t fail_seq, skip_seq;
	unsigned fail_tries;
	int reject_fd;              /* -1 until needed */
	uint64_t spool_seq;
	int64_t next_save;          /* worker 0: the cache to disk */
	bool save_warned;
	/* per-packet scratch, reused */
	struct ll_msg req, reply;
	struct ll_vars vars;
	struct ll_optmask mask;     /* the options whose variables are read */
	const struct ll_config *mask_cfg; /* mask is of this config */
	struct ll_defb defb;
	struct ll_defcache *cache;  /* NULL with on_db_failure = "drop" and
				     * no cache_ttl */
	bool cache_fresh;           /* cache_ttl > 0 and not -d */
	/* the database's state as this worker sees it: a failed lookup
	 * opens the breaker for 1, 2, 4 ... 30 s, during which lookups are
	 * answered from the last-known-good cache only */
	_Atomic bool db_down;
	int64_t db_retry_at;
	unsigned db_backoff;
	/* conf.lua's hooks (one Lua state per worker), abuse control
	 * (shared), what the hooks are told about the current packet */
	struct ll_hooks *hooks;
	struct ll_abuse *abuse;
	struct ll_pools *pools;     /* shared; NULL without pools */
	bool pools_alone;           /* no other server writes these leases */
	int ping_fd;                /* ping_check's ICMP socket, or -1 */
	uint16_t ping_seq;
	struct ll_pktinfo pi;
	unsigned idx, gen;
	int64_t last_tick;
};

int ll_server_open(struct ll_server *S, unsigned idx, const char *ifname);
/* The last-known-good cache to state_dir/cache. */
void ll_server_save_cache(struct ll_server *S, int64_t now);
/* The worker's record buffers and spool file (state_dir/spool-N). */
int ll_server_spool_open(struct ll_server *S, char *err, size_t errlen);
void ll_server_tick(struct ll_server *S, int timeout_ms);
void ll_server_handle(struct ll_server *S, struct ll_link *l,
		      const uint8_t *b, size_t n, uint32_t dst, uint32_t src,
		      uint16_t sport);
/* Opens this worker's hooks (S->hooks stays NULL when conf.lua defines
 * no function); -1 with err when conf.lua fails to load or init fails. */
int ll_server_hooks_open(struct ll_server *S, const struct ll_config *cfg,
			 char *err, size_t errlen);
/* Takes a new configuration (SIGHUP): new hooks, reinit callbacks on
 * worker 0. On failure the old ones stay. */
void ll_server_reload(struct ll_server *S, const struct ll_config *cfg,
		      unsigned gen);
void ll_server_answer(struct ll_server *S, struct ll_link *l,
		      const struct ll_arrival *arr, enum ll_method m);
/* What the server would do with S->req (the API's trace): the method,
 * the variables (S->vars), every lookup step, the definition (S->defb),
 * the lease as the database has it, the decision and the reply
 * (S->reply). Nothing is written, held or sent; hooks do not run. S is
 * a worker of its own (its store connection, no cache). 0, or -errno
 * with err when the database fails. */
struct ll_dryrun {
	enum ll_method m;
	enum ll_drop drop;       /* why m is LL_M_DROP */
	char cid[520];           /* the client key, hex */
	struct ll_trace tr;
	int found;               /* 1: a definition (S->defb) */
	const char *source;      /* "lookup", "pool" or NULL */
	int pool;                /* the pool that would serve, or -1 */
	uint32_t pool_held;      /* its address held or reserved, or 0 */
	struct ll_lease_view lv;
	struct ll_decision d;
	char err[400];
};
int ll_server_dry_run(struct ll_server *S, const struct ll_link *l,
		      const struct ll_arrival *arr, struct ll_dryrun *out);
/* A counter's name (Kea's statistic name where Kea has one). */
const char *ll_counter_name(int i);
/* Prints counters (summed over workers by the caller). */
void ll_counters_print(const uint64_t *count, FILE *f);
#endif
