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

static struct ll_dc_set *ll__set(struct ll_defcache *dc, uint64_t h)
{
	return &dc->set[(h >> 7 ^ h) & (dc->nsets - 1)];
}

unsigned ll_dc_count(struct ll_defcache *dc, int64_t now, uint64_t *hits,
		     uint64_t *misses)
{
	unsigned n = 0;
	*hits = *misses = 0;
	for (size_t s = 0; s < dc->nsets; s++) {
		struct ll_dc_set *st = &dc->set[s];
		pthread_mutex_lock(&st->mu);
		for (unsigned i = 0; i < LL_DC_WAYS; i++)
			n += st->e[i].klen && st->e[i].stale > now;
		*hits += st->hits;
		*misses += st->misses;
		pthread_mutex_unlock(&st->mu);
	}
	return n;
}

struct ll_defcache *ll_dc_new(size_t entries)
{
	struct ll_defcache *dc = calloc(1, sizeof(*dc));
	size_t n = 1;
	while (n * LL_DC_WAYS < entries && n < ((size_t)1 << 24))
		n <<= 1;
	if (!dc || !(dc->set = calloc(n, sizeof(*dc->set)))) {
		free(dc);
		return NULL;
	}
	dc->nsets = n;
	for (size_t s = 0; s < n; s++)
		pthread_mutex_init(&dc->set[s].mu, NULL);
	return dc;
}

void ll_dc_free(struct ll_defcache *dc)
{
	if (!dc)
		return;
	for (size_t s = 0; s < dc->nsets; s++)
		pthread_mutex_destroy(&dc->set[s].mu);
	free(dc->set);
	free(dc);
}

void ll_dc_clear(struct ll_defcache *dc)
{
	for (size_t s = 0; s < dc->nsets; s++) {
		pthread_mutex_lock(&dc->set[s].mu);
		memset(dc->set[s].e, 0, sizeof(dc->set[s].e));
		pthread_mutex_unlock(&dc->set[s].mu);
	}
}

/* key's entry in its set, or NULL */
static struct ll_dc_entry *ll__find(struct ll_dc_set *st, uint64_t h,
				    const char *key, size_t klen)
{
	for (unsigned i = 0; i < LL_DC_WAYS; i++) {
		struct ll_dc_entry *e = &st->e[i];
		if (e->hash == h && e->klen == klen && klen &&
		    !memcmp(e->key, key, klen))
			return e;
	}
	return NULL;
}

/* Where key goes: its own entry, else an empty one, else the one that
 * goes stale first (one already stale goes before any other). */
static struct ll_dc_entry *ll__victim(struct ll_dc_set *st, uint64_t h,
				      const char *key, size_t klen)
{
	struct ll_dc_entry *v = ll__find(st, h, key, klen);
	for (unsigned i = 0; !v && i < LL_DC_WAYS; i++)
		if (!st->e[i].klen)
			v = &st->e[i];
	if (v)
		return v;
	v = &st->e[0];
	for (unsigned i = 1; i < LL_DC_WAYS; i++)
		if (st->e[i].stale < v->stale)
			v = &st->e[i];
	return v;
}

static void ll__copy_out(const struct ll_dc_entry *e, struct ll_defb *b)
{
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
}

int ll_dc_get(struct ll_defcache *dc, const char *key, size_t klen,
	      int64_t now, struct ll_defb *b, bool stale_ok)
{
	uint64_t h = ll_fnv1a(key, klen);
	struct ll_dc_set *st = ll__set(dc, h);
	int r = -1;
	pthread_mutex_lock(&st->mu);
	const struct ll_dc_entry *e = ll__find(st, h, key, klen);
	if (e && (stale_ok ? e->stale : e->expires) > now) {
		r = e->found ? 1 : 0;
		if (r)
			ll__copy_out(e, b);
	}
	st->hits += r >= 0;
	st->misses += r < 0;
	pthread_mutex_unlock(&st->mu);
	return r;
}

/* The options of b, packed as code, length (2 bytes), value; the length
 * used, or -1 when they do not fit. */
static int ll__pack(const struct ll_defb *b, uint8_t *out, size_t cap)
{
	const struct ll_msg *m = &b->opts;
	size_t o = 0;
	for (unsigned i = 0; i < m->nopts; i++) {
		uint8_t c = m->order[i];
		size_t n = m->len[c];
		if (o + 3 + n > cap)
			return -1;
		out[o] = c;
		out[o + 1] = (uint8_t)(n >> 8);
		out[o + 2] = (uint8_t)n;
		memcpy(out + o + 3, m->data + m->off[c], n);
		o += 3 + n;
	}
	return (int)o;
}

void ll_dc_put(struct ll_defcache *dc, const char *key, size_t klen,
	       int64_t expires, int64_t stale, int found,
	       const struct ll_defb *b)
{
	struct ll_dc_entry n = { 0 };
	int o = found ? ll__pack(b, n.opts, sizeof(n.opts)) : 0;
	if (o < 0 || klen > sizeof(n.key))
		return; /* too big to cache: always ask */
	if (found) {
		n.def = b->def;
		n.def.opts = NULL;
		n.serial = b->serial;
		memcpy(n.subnet, b->subnet, sizeof(n.subnet));
	}
	n.hash = ll_fnv1a(key, klen);
	n.klen = (uint16_t)klen;
	n.olen = (uint16_t)o;
	n.found = (int8_t)(found != 0);
	n.expires = expires;
	n.stale = stale;
	memcpy(n.key, key, klen);
	struct ll_dc_set *st = ll__set(dc, n.hash);
	pthread_mutex_lock(&st->mu);
	*ll__victim(st, n.hash, key, klen) = n;
	pthread_mutex_unlock(&st->mu);
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
	for (size_t s = 0; s < dc->nsets; s++) {
		struct ll_dc_set *st = &dc->set[s];
		pthread_mutex_lock(&st->mu);
		for (unsigned i = 0; i < LL_DC_WAYS; i++)
			if (st->e[i].klen && st->e[i].stale > now &&
			    fwrite(&st->e[i], size, 1, f) == 1)
				n++;
		pthread_mutex_unlock(&st->mu);
	}
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
	while (fread(&e, sizeof(e), 1, f) == 1) {
		if (!e.klen || e.klen > sizeof(e.key) || e.olen > sizeof(e.opts) ||
		    e.stale <= now || e.hash != ll_fnv1a(e.key, e.klen))
			continue; /* damaged or too old */
		struct ll_dc_set *st = ll__set(dc, e.hash);
		pthread_mutex_lock(&st->mu);
		*ll__victim(st, e.hash, e.key, e.klen) = e;
		pthread_mutex_unlock(&st->mu);
		n++;
	}
	fclose(f);
	return n;
}
