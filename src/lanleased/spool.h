/* lanleased: what a batch records (lease state, history rows), kept in
 * memory until the batch commits; when the database cannot take it, the
 * records go to a local spool file (fsync'd before any reply leaves) and
 * are replayed, in order and exactly once, when the database is back
 * (the last sequence applied is written in the replay's transaction). */
#ifndef LL_LANLEASED_SPOOL_H
#define LL_LANLEASED_SPOOL_H
#include <stdint.h>

#include "config.h"
#include "lanlease/store.h"

struct ll_rec {
	uint64_t seq;
	uint32_t ip, lease_ip;
	int64_t until, now;
	char cid[520], mac[24], state[12], method[24];
	bool lost; /* its address went to another server's client */
	uint16_t vlen;
	uint8_t vars[2048]; /* name len, name, value len (2), value ... */
};

/* Keeps the variables the history statements use (their {names}). */
void ll_rec_vars(struct ll_rec *r, const struct ll_vars *V,
		 const struct ll_tpl *const *t, unsigned nt);
/* Writes one record to the database (in the caller's transaction): 1,
 * 0 when its address is held by another client (then, unless its reply
 * was already sent, nothing is written), or -errno. */
int ll_rec_apply(struct ll_store *st, const struct ll_config *cfg,
		 const struct ll_rec *r, struct ll_vars *scratch, bool sent);
/* Appends records to the spool and flushes them to disk; 0 or -errno. */
int ll_spool_append(int fd, const struct ll_rec *r, unsigned n);
/* A record the database keeps refusing (a constraint of history_sql,
 * say) must not block the spool forever: the caller names it in skip
 * after repeated failures at failed, and replay appends its line to
 * reject_fd instead of applying it. */
struct ll_spool_skip {
	uint64_t skip;     /* in: the record to set aside, 0 for none */
	int reject_fd;     /* in: where it goes (state_dir/spool-N.rejected) */
	uint64_t failed;   /* out: the record whose write failed, 0 */
	unsigned rejected; /* out: records set aside (added to) */
};
/* Applies the spooled records the database has not seen yet, and marks
 * the last one applied (all in the caller's transaction). The number
 * applied, 0 when the spool is empty, or -errno. */
int ll_spool_replay(int fd, struct ll_store *st, const struct ll_config *cfg,
		    unsigned worker, struct ll_vars *scratch,
		    struct ll_spool_skip *sk);
/* Empties the spool once its replay has committed. */
int ll_spool_clear(int fd);
#endif
