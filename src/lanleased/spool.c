/* The record spool: see spool.h. One line a record, tab-separated:
 * seq ip client-id mac until state now lease-ip method vars, with the
 * variables as name=hex pairs joined by commas. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spool.h"

void ll_rec_vars(struct ll_rec *r, const struct ll_vars *V,
		 const struct ll_tpl *const *t, unsigned nt)
{
	r->vlen = 0;
	for (unsigned k = 0; k < nt; k++)
		for (unsigned i = 0; t[k] && i < t[k]->nvars; i++) {
			const char *name = t[k]->vars[i];
			size_t nl = strlen(name), vl;
			const char *v = ll_vars_get(V, name, nl, &vl);
			if (!v || nl > 255 || r->vlen + 3 + nl + vl > sizeof(r->vars))
				continue;
			uint8_t *p = r->vars + r->vlen;
			p[0] = (uint8_t)nl;
			memcpy(p + 1, name, nl);
			p[1 + nl] = (uint8_t)(vl >> 8);
			p[2 + nl] = (uint8_t)vl;
			memcpy(p + 3 + nl, v, vl);
			r->vlen = (uint16_t)(r->vlen + 3 + nl + vl);
		}
}

int ll_rec_apply(struct ll_store *st, const struct ll_config *cfg,
		 const struct ll_rec *r, struct ll_vars *V, bool sent)
{
	int e, w = ll_lease_put(st, r->ip, r->cid, r->mac, r->until, r->state,
				r->now);
	if (w < 0 || (w == 0 && !sent))
		return w; /* held by another client: that reply is not sent */
	if (!cfg->history && !cfg->have_history_sql)
		return w;
	ll_vars_init(V);
	for (size_t p = 0; p < r->vlen;) {
		size_t nl = r->vars[p], vl = (size_t)r->vars[p + 1 + nl] << 8 |
					     r->vars[p + 2 + nl];
		char name[256];
		memcpy(name, r->vars + p + 1, nl);
		name[nl] = '\0';
		ll_vars_set(V, name, r->vars + p + 3 + nl, vl);
		p += 3 + nl + vl;
	}
	if (cfg->history)
		e = ll_history_add(st, V, r->now, r->lease_ip, r->method);
	else
		e = 0; /* history_sql still needs now, lease_ip, method */
	if (!cfg->history) {
		char ts[24], ip[16];
		snprintf(ts, sizeof(ts), "%lld", (long long)r->now);
		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", r->lease_ip >> 24,
			 (r->lease_ip >> 16) & 255, (r->lease_ip >> 8) & 255,
			 r->lease_ip & 255);
		ll_vars_set(V, "now", ts, strlen(ts));
		ll_vars_set(V, "lease_ip", ip, strlen(ip));
		ll_vars_set(V, "method", r->method, strlen(r->method));
	}
	if (!e && cfg->have_history_sql)
		e = st->ops->exec(st, &cfg->history_sql, V);
	return e < 0 ? e : w;
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

int ll_spool_append(int fd, const struct ll_rec *r, unsigned n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	for (unsigned k = 0; k < n; k++) {
		fprintf(f, "%llu\t%u\t%s\t%s\t%lld\t%s\t%lld\t%u\t%s\t",
			(unsigned long long)r[k].seq, r[k].ip, r[k].cid,
			r[k].mac[0] ? r[k].mac : "-", (long long)r[k].until,
			r[k].state, (long long)r[k].now, r[k].lease_ip,
			r[k].method);
		hex(f, r[k].vars, r[k].vlen);
		fputc('\n', f);
	}
	fclose(f);
	int e = 0;
	for (size_t o = 0; !e && o < len;) {
		ssize_t w = write(fd, buf + o, len - o);
		if (w < 0)
			e = -errno;
		else
			o += (size_t)w;
	}
	free(buf);
	if (!e && fdatasync(fd))
		e = -errno;
	return e;
}

static int unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = strlen(s);
	if (n % 2 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (int)(n / 2);
}

/* One spooled line back to a record; 0 or -1. */
static int parse(char *line, struct ll_rec *r)
{
	char *f[10], *save = NULL;
	int n = 0;
	for (char *t = strtok_r(line, "\t", &save); t && n < 10;
	     t = strtok_r(NULL, "\t", &save))
		f[n++] = t;
	if (n < 9)
		return -1;
	memset(r, 0, offsetof(struct ll_rec, vars));
	r->seq = strtoull(f[0], NULL, 10);
	r->ip = (uint32_t)strtoul(f[1], NULL, 10);
	snprintf(r->cid, sizeof(r->cid), "%s", f[2]);
	snprintf(r->mac, sizeof(r->mac), "%s", strcmp(f[3], "-") ? f[3] : "");
	r->until = strtoll(f[4], NULL, 10);
	snprintf(r->state, sizeof(r->state), "%s", f[5]);
	r->now = strtoll(f[6], NULL, 10);
	r->lease_ip = (uint32_t)strtoul(f[7], NULL, 10);
	snprintf(r->method, sizeof(r->method), "%s", f[8]);
	int vl = n == 10 ? unhex(f[9], r->vars, sizeof(r->vars)) : 0;
	if (vl < 0)
		return -1;
	r->vlen = (uint16_t)vl;
	return 0;
}

static uint64_t applied(struct ll_store *st, struct ll_vars *V)
{
	struct ll_row row;
	if (st->ops->query(st, ll_store_stmt(st, LL_Q_SPOOL_GET), V, &row) != 1 ||
	    !row.value[0])
		return 0;
	return strtoull(row.value[0], NULL, 10);
}

int ll_spool_replay(int fd, struct ll_store *st, const struct ll_config *cfg,
		    unsigned worker, struct ll_vars *V, struct ll_spool_skip *sk)
{
	struct stat sb;
	char w[16], seq[24], *line = NULL;
	size_t cap = 0;
	int n = 0, e = 0;
	if (fd < 0 || fstat(fd, &sb) || sb.st_size == 0)
		return 0;
	FILE *f;
	int dfd = dup(fd);
	if (dfd < 0 || lseek(dfd, 0, SEEK_SET) < 0 || !(f = fdopen(dfd, "r")))
		return dfd >= 0 ? close(dfd), -errno : -errno;
	snprintf(w, sizeof(w), "%u", worker);
	ll_vars_init(V);
	ll_vars_set(V, "worker", w, strlen(w));
	uint64_t done = applied(st, V), last = done;
	struct ll_rec *r = malloc(sizeof(*r));
	sk->failed = 0;
	while (r && !e && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (sk->skip && strtoull(line, NULL, 10) == sk->skip) {
			/* the database refused it again and again: set aside
			 * (the line as it was) so the rest can go in */
			if (dprintf(sk->reject_fd, "%s\n", line) < 0 ||
			    fdatasync(sk->reject_fd)) {
				e = -errno;
				break;
			}
			sk->rejected++;
			continue;
		}
		if (parse(line, r) || r->seq <= done)
			continue; /* already in the database, or unreadable */
		/* acknowledged during the outage: its history is written
		 * even if another server's client holds the address now */
		e = ll_rec_apply(st, cfg, r, V, true);
		if (e == 0)
			fprintf(stderr, "lanleased: conflict: a spooled lease of "
				"%s for %s lost to another server's client\n",
				r->cid, r->mac);
		e = e < 0 ? e : 0;
		if (e)
			sk->failed = r->seq;
		last = r->seq;
		n++;
	}
	free(line);
	free(r);
	fclose(f);
	if (!e && n) {
		snprintf(seq, sizeof(seq), "%llu", (unsigned long long)last);
		ll_vars_init(V);
		ll_vars_set(V, "worker", w, strlen(w));
		ll_vars_set(V, "seq", seq, strlen(seq));
		e = st->ops->exec(st, ll_store_stmt(st, LL_Q_SPOOL_PUT), V);
		e = e < 0 ? e : 0;
	}
	return e ? e : n;
}

int ll_spool_clear(int fd)
{
	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) < 0 || fsync(fd))
		return -errno;
	return 0;
}
