/* lanleased: the lookup cache (defcache.h). */
#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "defcache.h"

uint64_t ll_fnv1a(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

int ll_dc_key(const struct ll_config *c, const struct ll_vars *V,
	      char *key, size_t *klen)
{
	size_t o = 0;
	for (unsigned s = 0; s < c->nsteps; s++) {
		const struct ll_tpl *t = &c->steps[s].tpl;
		for (unsigned i = 0; i < t->nvars; i++) {
			size_t n;
			const char *v = ll_vars_get(V, t->vars[i], strlen(t->vars[i]),
						    &n);
			if (!v) { /* undefined differs from any value */
				v = "\x01";
				n = 1;
			}
			if (o + n + 1 > 256)
				return -1;
			memcpy(key + o, v, n);
			o += n;
			key[o++] = '\0';
		}
	}
	*klen = o;
	return 0;
}

unsigned ll_dc_count(struct ll_defcache *dc, int64_t now, uint64_t *hits,
		     uint64_t *misses)
{
	unsigned n = 0;
	pthread_mutex_lock(&dc->mu);
	for (unsigned i = 0; i < LL_DC_SLOTS; i++)
		n += dc->slot[i].stale > now;
	*hits = dc->hits;
	*misses = dc->misses;
	pthread_mutex_unlock(&dc->mu);
	return n;
}

struct ll_defcache *ll_dc_new(void)
{
	struct ll_defcache *dc = calloc(1, sizeof(*dc));
	if (dc)
		pthread_mutex_init(&dc->mu, NULL);
	return dc;
}

void ll_dc_clear(struct ll_defcache *dc)
{
	pthread_mutex_lock(&dc->mu);
	memset(dc->slot, 0, sizeof(dc->slot));
	pthread_mutex_unlock(&dc->mu);
}

static int ll__dc_get(struct ll_defcache *dc, const char *key, size_t klen,
		      int64_t now, struct ll_defb *b, bool stale_ok);

int ll_dc_get(struct ll_defcache *dc, const char *key, size_t klen,
	      int64_t now, struct ll_defb *b, bool stale_ok)
{
	pthread_mutex_lock(&dc->mu);
	int r = ll__dc_get(dc, key, klen, now, b, stale_ok);
	pthread_mutex_unlock(&dc->mu);
	return r;
}

static int ll__dc_get(struct ll_defcache *dc, const char *key, size_t klen,
		      int64_t now, struct ll_defb *b, bool stale_ok)
{
	uint64_t h = ll_fnv1a(key, klen);
	struct ll_dc_entry *e = &dc->slot[h % LL_DC_SLOTS];
	int64_t until = stale_ok ? e->stale : e->expires;
	if (e->hash != h || e->klen != klen || until <= now ||
	    memcmp(e->key, key, klen)) {
		dc->misses++;
		return -1;
	}
	dc->hits++;
	if (!e->found)
		return 0;
	ll_defb_init(b);
	b->def = e->def;
	b->def.opts = &b->opts;
	b->serial = e->serial;
	memcpy(b->subnet, e->subnet, sizeof(b->subnet));
	for (size_t p = 0; p + 3 <= e->olen;) {
		size_t n = (size_t)e->opts[p + 1] << 8 | e->opts[p + 2];
		ll_msg_set(&b->opts, e->opts[p], e->opts + p + 3, n);
		p += 3 + n;
	}
	return 1;
}

void ll_dc_put(struct ll_defcache *dc, const char *key, size_t klen,
	       int64_t expires, int64_t stale, int found,
	       const struct ll_defb *b)
{
	uint64_t h = ll_fnv1a(key, klen);
	struct ll_dc_entry *e = &dc->slot[h % LL_DC_SLOTS];
	size_t o = 0;
	pthread_mutex_lock(&dc->mu);
	if (found) {
		const struct ll_msg *m = &b->opts;
		for (unsigned i = 0; i < m->nopts; i++) {
			uint8_t c = m->order[i];
			size_t n = m->len[c];
			if (o + 3 + n > sizeof(e->opts)) {
				pthread_mutex_unlock(&dc->mu);
				return; /* too big to cache: always ask */
			}
			e->opts[o] = c;
			e->opts[o + 1] = (uint8_t)(n >> 8);
			e->opts[o + 2] = (uint8_t)n;
			memcpy(e->opts + o + 3, m->data + m->off[c], n);
			o += 3 + n;
		}
		e->def = b->def;
		e->def.opts = NULL;
		e->serial = b->serial;
		memcpy(e->subnet, b->subnet, sizeof(e->subnet));
	}
	e->hash = h;
	e->klen = (uint16_t)klen;
	e->olen = (uint16_t)o;
	e->found = (int8_t)(found != 0);
	e->expires = expires;
	e->stale = stale;
	memcpy(e->key, key, klen);
	pthread_mutex_unlock(&dc->mu);
}

/* The last-known-good answers on disk, so a server started while its
 * database is down still knows its clients: a header (magic, entry
 * size), then the entries still usable, raw (same binary only). */
#define LL_DC_MAGIC "lanlease-dc1"

int ll_dc_save(struct ll_defcache *dc, const char *path, int64_t now)
{
	char tmp[600];
	uint32_t size = sizeof(struct ll_dc_entry);
	int n = 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fwrite(LL_DC_MAGIC, 1, sizeof(LL_DC_MAGIC), f);
	fwrite(&size, sizeof(size), 1, f);
	pthread_mutex_lock(&dc->mu);
	for (size_t i = 0; i < LL_DC_SLOTS; i++)
		if (dc->slot[i].klen && dc->slot[i].stale > now &&
		    fwrite(&dc->slot[i], size, 1, f) == 1)
			n++;
	pthread_mutex_unlock(&dc->mu);
	if (fflush(f) || fsync(fileno(f))) {
		fclose(f);
		return -errno;
	}
	fclose(f);
	return rename(tmp, path) ? -errno : n;
}

int ll_dc_load(struct ll_defcache *dc, const char *path, int64_t now)
{
	char magic[sizeof(LL_DC_MAGIC)];
	uint32_t size = 0;
	struct ll_dc_entry e;
	int n = 0;
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	if (fread(magic, 1, sizeof(magic), f) != sizeof(magic) ||
	    memcmp(magic, LL_DC_MAGIC, sizeof(magic)) ||
	    fread(&size, sizeof(size), 1, f) != 1 || size != sizeof(e)) {
		fclose(f);
		return -EINVAL; /* another format: ignored */
	}
	pthread_mutex_lock(&dc->mu);
	while (fread(&e, sizeof(e), 1, f) == 1) {
		if (e.klen > sizeof(e.key) || e.olen > sizeof(e.opts) ||
		    e.stale <= now || e.hash != ll_fnv1a(e.key, e.klen))
			continue; /* damaged or too old */
		dc->slot[e.hash % LL_DC_SLOTS] = e;
		n++;
	}
	pthread_mutex_unlock(&dc->mu);
	fclose(f);
	return n;
}
