/* lanlease-probe load: options and the report. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "probe.h"
#include "steer.h"

struct ll__lopt {
	uint32_t clients, window, threads;
	double rate, duration, max_drop;
	uint64_t count;
	int mode;
	bool json, timeout_given, quiet;
	uint8_t mac_prefix;
};

static int ll__mode(const char *s)
{
	return !strcmp(s, "dora") ? LL_MODE_DORA : !strcmp(s, "do") ? LL_MODE_DO
	       : !strcmp(s, "renew") ? LL_MODE_RENEW : -1;
}

/* Takes the load options out of argv; the rest go to the crafting
 * parser. Returns the new argc or -1. */
static int ll__split(struct ll__lopt *o, int argc, char **argv, char **rest)
{
	int n = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;
		if (!strcmp(a, "--clients") && v) o->clients = (uint32_t)atol(v);
		else if (!strcmp(a, "--window") && v) o->window = (uint32_t)atol(v);
		else if (!strcmp(a, "--threads") && v) o->threads = (uint32_t)atol(v);
		else if (!strcmp(a, "--rate") && v) o->rate = atof(v);
		else if (!strcmp(a, "--duration") && v) o->duration = atof(v);
		else if (!strcmp(a, "--count") && v) o->count = strtoull(v, NULL, 0);
		else if (!strcmp(a, "--max-drop") && v) o->max_drop = atof(v);
		else if (!strcmp(a, "--mac-prefix") && v)
			o->mac_prefix = (uint8_t)strtoul(v, NULL, 0);
		else if (!strcmp(a, "--mode") && v) {
			if ((o->mode = ll__mode(v)) < 0)
				return -1;
		} else {
			takes = false;
			if (!strcmp(a, "--json"))
				o->json = true;
			else if (!strcmp(a, "--timeout"))
				o->timeout_given = true;
			else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
				o->quiet = true;
			rest[n++] = argv[i];
		}
		if (takes)
			i++;
	}
	rest[n] = NULL;
	return n;
}

static void ll__report(const struct ll_load *L, const struct ll__lopt *o)
{
	static const char *const steps[3] = { "DISCOVER->OFFER", "REQUEST->ACK",
					      "RENEW->ACK" };
	static const char *const keys[3] = { "discover_offer", "request_ack",
					     "renew_ack" };
	double secs = (double)L->elapsed_us / 1e6;
	double rate = secs > 0 ? (double)L->exchanges / secs : 0;
	double tried = (double)(L->exchanges + L->drops);
	double droppct = tried > 0 ? 100.0 * (double)L->drops / tried : 0;
	if (o->json) {
		printf("{\"exchanges\":%llu,\"seconds\":%.3f,\"rate\":%.1f,"
		       "\"drops\":%llu,\"drop_percent\":%.3f,\"naks\":%llu,"
		       "\"bad_replies\":%llu,\"send_errors\":%llu,\"latency_ms\":{",
		       (unsigned long long)L->exchanges, secs, rate,
		       (unsigned long long)L->drops, droppct,
		       (unsigned long long)L->naks,
		       (unsigned long long)L->bad_replies,
		       (unsigned long long)L->send_errors);
		for (int k = 0, first = 1; k < 3; k++) {
			if (!L->lat[k].n)
				continue;
			printf("%s\"%s\":{\"n\":%llu,\"p50\":%.3f,\"p99\":%.3f,"
			       "\"max\":%.3f}", first ? "" : ",", keys[k],
			       (unsigned long long)L->lat[k].n,
			       ll_hist_pct(&L->lat[k], 0.5),
			       ll_hist_pct(&L->lat[k], 0.99),
			       (double)L->lat[k].max_us / 1000.0);
			first = 0;
		}
		printf("}}\n");
		return;
	}
	printf("load: %llu exchanges in %.2f s: %.1f/s, drops %llu (%.2f%%), "
	       "naks %llu\n", (unsigned long long)L->exchanges, secs, rate,
	       (unsigned long long)L->drops, droppct, (unsigned long long)L->naks);
	for (int k = 0; k < 3; k++)
		if (L->lat[k].n)
			printf("  %-16s n %-9llu p50 %.3f ms  p99 %.3f ms  max "
			       "%.3f ms\n", steps[k],
			       (unsigned long long)L->lat[k].n,
			       ll_hist_pct(&L->lat[k], 0.5),
			       ll_hist_pct(&L->lat[k], 0.99),
			       (double)L->lat[k].max_us / 1000.0);
}

struct ll__job {
	struct ll_load *L;
	int64_t us;
	bool progress;
};

static void *ll__thread(void *arg)
{
	struct ll__job *j = arg;
	ll_load_run(j->L, j->us, j->progress);
	return NULL;
}

/* The progress line of a threaded run, from what the threads publish. */
static void ll__progress(struct ll_load *L, unsigned n, bool show)
{
	uint64_t last = 0;
	for (int sec = 1;; sec++) {
		bool all = true;
		for (int tick = 0; tick < 10; tick++) {
			usleep(100000);
			all = true;
			for (unsigned t = 0; t < n; t++)
				all &= atomic_load(&L[t].finished);
			if (all)
				return;
		}
		uint64_t ex = 0, dr = 0;
		for (unsigned t = 0; t < n; t++) {
			ex += atomic_load_explicit(&L[t].live_exchanges,
						   memory_order_relaxed);
			dr += atomic_load_explicit(&L[t].live_drops,
						   memory_order_relaxed);
		}
		if (show)
			fprintf(stderr, "load: %3ds %8llu exch/s  drops %llu  "
				"(%u threads)\n", sec,
				(unsigned long long)(ex - last),
				(unsigned long long)dr, n);
		last = ex;
	}
}

/* Sums the threads' results into the first. */
static void ll__merge(struct ll_load *L, unsigned n)
{
	for (unsigned t = 1; t < n; t++) {
		struct ll_load *o = &L[t];
		L->exchanges += o->exchanges;
		L->drops += o->drops;
		L->naks += o->naks;
		L->bad_replies += o->bad_replies;
		L->send_errors += o->send_errors;
		if (o->elapsed_us > L->elapsed_us)
			L->elapsed_us = o->elapsed_us;
		for (int k = 0; k < 3; k++) {
			for (size_t b = 0; b < LL_HIST_N; b++)
				L->lat[k].buckets[b] += o->lat[k].buckets[b];
			L->lat[k].n += o->lat[k].n;
			if (o->lat[k].max_us > L->lat[k].max_us)
				L->lat[k].max_us = o->lat[k].max_us;
		}
	}
}

/* One ll_load per thread, each with its own socket of a reuseport group
 * steered by chaddr[5] % threads, and its share of the clients. */
static int ll__setup_threads(struct ll_load *L, unsigned n,
			     const struct ll__lopt *o, struct ll_craft *c,
			     struct ll_xport *x)
{
	int fds[64];
	if (n > 1) {
		close(x->fd);
		x->fd = -1;
		if (ll_steer_group(fds, n, x->local, 67) < 0) {
			fprintf(stderr, "lanlease-probe load: cannot open %u "
				"relay sockets\n", n);
			return LL_X_USAGE;
		}
	} else {
		fds[0] = x->fd;
	}
	for (unsigned t = 0; t < n; t++) {
		struct ll_xport tx = *x;
		tx.fd = fds[t];
		L[t].ncl = o->clients / n + (t < o->clients % n);
		L[t].window = (o->window ? o->window : 1) / n + 1;
		L[t].rate = o->rate / n;
		L[t].mode = o->mode;
		L[t].mac_prefix = o->mac_prefix;
		L[t].max_exchanges = o->count / n;
		L[t].timeout_us = L[0].timeout_us;
		L[t].id_offset = t;
		L[t].id_stride = n;
		int rc = ll_load_setup(&L[t], c, &tx);
		if (rc)
			return rc;
	}
	return 0;
}

int ll_probe_load(int argc, char **argv)
{
	struct ll_load *L;
	struct ll__lopt o = { .clients = 1000, .duration = 10, .window = 256,
			      .threads = 1 };
	char **rest = calloc((size_t)argc + 1, sizeof(char *));
	struct ll_craft c;
	struct ll_xport x = { .fd = -1 };
	if (!rest)
		return LL_X_ERROR;
	int n = ll__split(&o, argc, argv, rest);
	int idx = n < 0 ? -1 : ll_craft_args(&c, n, rest, "load");
	free(rest);
	unsigned nt = o.threads;
	if (idx < 0 || idx != n || o.clients < nt || o.clients >= (1u << 24) ||
	    nt == 0 || nt > 64 || (nt & (nt - 1)) || (nt > 1 && !c.relay)) {
		fprintf(stderr, "lanlease-probe load: bad arguments (--clients "
			"1..16777215, --mode dora|do|renew, --threads 1, 2, 4 .. "
			"64 with --relay)\n");
		return LL_X_USAGE;
	}
	L = calloc(nt, sizeof(*L));
	if (!L)
		return LL_X_ERROR;
	c.quiet = true;
	int rc = ll_craft_open(&c, &x);
	if (rc)
		return rc;
	L[0].timeout_us = (int64_t)(o.timeout_given ? c.timeout_ms : 1000) * 1000;
	rc = ll__setup_threads(L, nt, &o, &c, &x);
	if (!rc) {
		pthread_t th[64];
		struct ll__job jobs[64];
		for (unsigned t = 0; t < nt; t++)
			jobs[t] = (struct ll__job){ &L[t], (int64_t)(o.duration * 1e6),
						    nt == 1 && !o.quiet && !o.json };
		if (nt == 1)
			ll__thread(&jobs[0]);
		for (unsigned t = 0; nt > 1 && t < nt; t++)
			pthread_create(&th[t], NULL, ll__thread, &jobs[t]);
		if (nt > 1)
			ll__progress(L, nt, !o.quiet && !o.json);
		for (unsigned t = 0; nt > 1 && t < nt; t++)
			pthread_join(th[t], NULL);
		ll__merge(L, nt);
		ll__report(L, &o);
		double tried = (double)(L->exchanges + L->drops);
		if (o.max_drop >= 0 && tried > 0 &&
		    100.0 * (double)L->drops / tried > o.max_drop + 1e-9 &&
		    o.max_drop < 100)
			rc = LL_X_ERROR;
		if (L->exchanges == 0)
			rc = LL_X_NOREPLY;
	}
	free(L);
	ll_craft_close(&c);
	ll_xport_close(&x);
	return rc;
}
