/* lanleased: a per-worker cache of lookup results (found or not found),
 * keyed by the values of every variable the lookup steps use, so it is
 * right for any chain; entries live cache_ttl seconds. */
#ifndef LL_DEFCACHE_H
#define LL_DEFCACHE_H
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "lanlease/lanlease.h"

#define LL_DC_WAYS 4          /* entries per set */
#define LL_DC_DEFAULT 16384   /* entries (cache_size) */

struct ll_dc_entry {
	uint64_t hash;
	int64_t expires;         /* fresh until */
	int64_t stale;           /* last-known-good until (database down) */
	uint16_t klen, olen;
	int8_t found;
	struct ll_def def;       /* opts pointer unused */
	int64_t serial;
	char subnet[64];
	char key[256];
	uint8_t opts[512];       /* code, length (2 bytes), value ... */
};

/* One cache for all workers (a client's last-known-good answer must be
 * there whichever worker takes its next request): sets of LL_DC_WAYS
 * entries, each set with its own lock, so workers looking up different
 * clients do not wait for each other. A key lives in one set; a full
 * set gives up its entry closest to going stale. */
struct ll_dc_set {
	pthread_mutex_t mu;
	uint64_t hits, misses;
	struct ll_dc_entry e[LL_DC_WAYS];
};
struct ll_defcache {
	size_t nsets;            /* a power of two */
	struct ll_dc_set *set;
};

/* A cache of about `entries` entries (rounded up to a power of two,
 * LL_DC_WAYS at least); NULL without memory. */
struct ll_defcache *ll_dc_new(size_t entries);
void ll_dc_free(struct ll_defcache *dc);
/* The entries still usable at now (fresh or last-known-good), and the
 * hit and miss counts (for the API and the dashboard). */
unsigned ll_dc_count(struct ll_defcache *dc, int64_t now, uint64_t *hits,
		     uint64_t *misses);
/* The usable entries to a file (written aside, then renamed): their
 * count or -errno; and back, keeping the entries still usable at now. */
int ll_dc_save(struct ll_defcache *dc, const char *path, int64_t now);
int ll_dc_load(struct ll_defcache *dc, const char *path, int64_t now);
/* FNV-1a, 64 bits (the cache's and abuse control's tables). */
uint64_t ll_fnv1a(const void *p, size_t n);
/* Forgets every entry (a reload: definitions may have changed). */
void ll_dc_clear(struct ll_defcache *dc);

/* The key of a request: 0, or -1 when it is too long to cache. */
int ll_dc_key(const struct ll_config *c, const struct ll_vars *V,
	      char *key, size_t *klen);
/* 1 found (b filled), 0 cached as not found, -1 not cached. With
 * stale_ok an entry past its freshness but within its last-known-good
 * time counts (the database is down). */
int ll_dc_get(struct ll_defcache *dc, const char *key, size_t klen,
	      int64_t now, struct ll_defb *b, bool stale_ok);
void ll_dc_put(struct ll_defcache *dc, const char *key, size_t klen,
	       int64_t expires, int64_t stale, int found,
	       const struct ll_defb *b);
#endif
