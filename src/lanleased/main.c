/* lanleased: a static-first DHCPv4 server (lanleased(8)). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "ping.h"
#include "pools.h"
#include "serve.h"
#include "import.h"
#include "store_open.h"

static atomic_int ll_stop, ll_stats, ll_reload; /* safe in handlers */
/* The configuration the workers follow; a reload publishes a new one
 * and bumps the generation (configurations are never freed while the
 * server runs: a worker may still be finishing a batch with the old). */
static _Atomic(const struct ll_config *) ll_live;
static atomic_uint ll_gen;
static struct ll_abuse *ll_abuse_table;

static void ll_on_signal(int s)
{
	if (s == SIGUSR1)
		ll_stats = 1;
	else if (s == SIGHUP)
		ll_reload = 1;
	else
		ll_stop = 1;
}

static void usage(FILE *f)
{
	fputs("usage: lanleased [-c conf.lua] [-d] [-t] [--init-db]\n"
	      "  -c FILE    the configuration (default /etc/lanlease/conf.lua)\n"
	      "  -t         check the configuration, print the settings, exit\n"
	      "  -d         debug: every variable, lookup step and decision\n"
	      "  --init-db  create the database schema, then exit\n"
	      "  --import-pydhcpdb config.xml [--interface IFACE]\n"
	      "             write the conf.lua equivalent to a pydhcpdb\n"
	      "             configuration on stdout, then exit\n"
	      "Signals: SIGUSR1 prints the counters, SIGHUP reloads conf.lua,\n"
	      "SIGTERM stops.\n", f);
}

/* After the sockets are open nothing needs root any more. */
static int ll_drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		fprintf(stderr, "lanleased: user %s does not exist\n", user);
		return -1;
	}
	if (initgroups(user, pw->pw_gid) || setgid(pw->pw_gid) ||
	    setuid(pw->pw_uid) || setuid(0) == 0) {
		fprintf(stderr, "lanleased: cannot become %s: %s\n", user,
			strerror(errno));
		return -1;
	}
	return 0;
}

struct ll_worker {
	struct ll_server *S;
	pthread_t th;
};

/* A worker: its own scratch and database connection, the shared
 * sockets; never a thread per packet. */
static void *ll_worker_main(void *arg)
{
	struct ll_server *S = arg;
	while (!ll_stop) {
		unsigned g = atomic_load(&ll_gen);
		if (g != S->gen)
			ll_server_reload(S, atomic_load(&ll_live), g);
		ll_server_tick(S, 200);
	}
	return NULL;
}


static void ll_print_counters(struct ll_server **W, unsigned n)
{
	uint64_t sum[LL_C__COUNT] = { 0 };
	for (unsigned w = 0; w < n; w++)
		for (int i = 0; i < LL_C__COUNT; i++)
			sum[i] += atomic_load_explicit(&W[w]->count[i],
						       memory_order_relaxed);
	ll_counters_print(sum, stderr);
	bool up = true;
	for (unsigned w = 0; w < n; w++)
		up &= !atomic_load(&W[w]->db_down);
	fprintf(stderr, "database-up %d\n", up);
	/* abuse control: who is suspended now (a gauge, and the MACs) */
	uint8_t macs[16][6];
	unsigned k = ll_abuse_suspended(ll_abuse_table, (int64_t)time(NULL),
					macs, NULL, 16);
	fprintf(stderr, "suspended-clients %u\n", k);
	for (unsigned i = 0; i < k && i < 16; i++)
		fprintf(stderr, "  suspended %02x:%02x:%02x:%02x:%02x:%02x\n",
			macs[i][0], macs[i][1], macs[i][2], macs[i][3],
			macs[i][4], macs[i][5]);
	ll_pools_print(W[0]->pools, stderr);
}

/* The pools, shared by the workers, with the leases the database holds
 * (pools change only on restart). */
/* One lanleased on a SQLite file knows every lease of its pools: a
 * lock beside the file (flock, released when the process ends) says no
 * other serves it, and the pools skip the database read per candidate
 * address. A second server on the same file (not a supported set-up:
 * PostgreSQL or MariaDB scale out) finds the lock taken, and both stay
 * safe: it reads, and the first one's conditional lease write refuses
 * an address the second took. True when this process holds it. */
static bool ll_sqlite_alone(const struct ll_config *cfg)
{
	char path[600];
	if (strcmp(cfg->db_driver, "sqlite"))
		return false;
	snprintf(path, sizeof(path), "%s.lanleased-lock", cfg->db_path);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
		return true; /* fd stays open: the lock lives with us */
	fprintf(stderr, "lanleased: %s: %s; the pools read the leases "
		"table for every address they offer\n", path, fd < 0 ?
		strerror(errno) : "another lanleased serves this database");
	if (fd >= 0)
		close(fd);
	return false;
}

static int ll_open_pools(const struct ll_config *cfg, struct ll_server **W)
{
	for (unsigned w = 0; w < cfg->workers; w++)
		W[w]->ping_fd = -1;
	if (!cfg->npools)
		return 0;
	struct ll_pools *P = ll_pools_new(cfg);
	if (!P) {
		fprintf(stderr, "lanleased: out of memory for the pools\n");
		return -1;
	}
	int n = ll_pools_load(P, W[0]->store, (int64_t)time(NULL));
	if (n < 0)
		fprintf(stderr, "lanleased: warning: pools start empty, the "
			"leases table cannot be read: %s\n",
			W[0]->store->ops->error(W[0]->store));
	else
		fprintf(stderr, "lanleased: %u pool(s), %d lease(s) loaded\n",
			cfg->npools, n);
	bool alone = ll_sqlite_alone(cfg);
	for (unsigned w = 0; w < cfg->workers; w++) {
		W[w]->pools = P;
		W[w]->pools_alone = alone;
		W[w]->ping_fd = cfg->ping_check ? ll_ping_open() : -1;
		if (cfg->ping_check && W[w]->ping_fd < 0) {
			fprintf(stderr, "lanleased: ping_check: no ICMP socket: "
				"%s\n", strerror(-W[w]->ping_fd));
			return -1;
		}
	}
	return 0;
}

static int ll_open_workers(struct ll_config *cfg, bool debug,
			   struct ll_server **W)
{
	char err[512];
	/* SQLite has one writer: the workers' batches go to disk together */
	struct ll_gc *gc = !strcmp(cfg->db_driver, "sqlite") && cfg->workers > 1
				   ? ll_gc_new() : NULL;
	for (unsigned w = 0; w < cfg->workers; w++) {
		W[w] = calloc(1, sizeof(*W[w]));
		if (!W[w])
			return -1;
		W[w]->gc = gc;
		W[w]->cfg = cfg;
		W[w]->debug = debug;
		W[w]->idx = w;
		W[w]->abuse = ll_abuse_table;
		if (ll_server_hooks_open(W[w], cfg, err, sizeof(err))) {
			fprintf(stderr, "lanleased: %s\n", err);
			return -1;
		}
		/* the cache also keeps the last-known-good answers for a
		 * database outage; -d shows every lookup step, so no fresh
		 * hits then */
		W[w]->cache_fresh = cfg->cache_ttl && !debug;
		if (W[w]->cache_fresh || !cfg->db_failure_drop)
			W[w]->cache = w ? W[0]->cache : ll_dc_new(cfg->cache_size);
		if ((W[w]->cache_fresh || !cfg->db_failure_drop) && !W[w]->cache) {
			fprintf(stderr, "lanleased: no memory for the lookup "
				"cache (cache_size = %u)\n", cfg->cache_size);
			return -1;
		}
		/* a database server that is down at start is connected to
		 * later: the server starts anyway and says so */
		W[w]->store = ll_store_open_cfg(cfg, true, err, sizeof(err));
		if (W[w]->store && err[0] && w == 0)
			fprintf(stderr, "lanleased: DATABASE DOWN at start: %s; "
				"serving, and connecting when it is back\n", err);
		if (!W[w]->store) {
			fprintf(stderr, "lanleased: database: %s\n", err);
			return -1;
		}
		if (ll_server_spool_open(W[w], err, sizeof(err))) {
			fprintf(stderr, "lanleased: %s\n", err);
			return -1;
		}
		/* NULL (no memory): every lease view reads the database */
		W[w]->mine = w ? W[0]->mine : ll_mines_new();
		if (w == 0)
			continue;
		memcpy(W[w]->link, W[0]->link, sizeof(W[0]->link));
		W[w]->nlinks = W[0]->nlinks;
	}
	return 0;
}

/* SIGHUP or the API: conf.lua and its extensions read again and tried
 * in a scratch Lua state first; a broken file is rejected (file:line)
 * and the running configuration keeps serving. 0, or -1 with err. */
static int ll_reread(char *err, size_t errlen)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&mu);
	const struct ll_config *cur = atomic_load(&ll_live);
	struct ll_config *n = calloc(1, sizeof(*n));
	struct ll_server probe = { .idx = 0 };
	int r = -1;
	if (!n) {
		snprintf(err, errlen, "out of memory");
	} else if (ll_config_load(n, cur->file, err, errlen) < 0 ||
		   ll_server_hooks_open(&probe, n, err, errlen) < 0) {
		fprintf(stderr, "lanleased: reload rejected, still serving the "
			"old configuration: %s\n", err);
		ll_config_free(n);
		free(n);
	} else {
		ll_hooks_close(probe.hooks);
		if (strcmp(n->db_path, cur->db_path) ||
		    strcmp(n->db_conninfo, cur->db_conninfo) ||
		    n->workers != cur->workers ||
		    n->ninterfaces != cur->ninterfaces ||
		    memcmp(&n->http, &cur->http, sizeof(n->http)))
			fprintf(stderr, "lanleased: reload: interfaces, database, "
				"workers and http change only on restart\n");
		n->workers = cur->workers;
		n->http = cur->http;
		atomic_store(&ll_live, n);
		atomic_fetch_add(&ll_gen, 1);
		fprintf(stderr, "lanleased: reloaded %s\n", n->file);
		r = 0;
	}
	pthread_mutex_unlock(&mu);
	return r;
}

static const struct ll_config *ll_live_config(unsigned *gen)
{
	*gen = atomic_load(&ll_gen);
	return atomic_load(&ll_live);
}

/* The HTTP service, when configured (after the workers are up). */
static struct ll_http *ll_open_http(const struct ll_config *cfg,
				    struct ll_server **W)
{
	char err[512] = "";
	if (!cfg->http.enabled)
		return NULL;
	struct ll_http_env env = {
		.W = W, .nworkers = cfg->workers, .abuse = ll_abuse_table,
		.pools = W[0]->pools, .config = ll_live_config,
		.reload = ll_reread, .started = (int64_t)time(NULL),
	};
	struct ll_http *H = ll_http_start(&env, err, sizeof(err));
	if (!H)
		fprintf(stderr, "lanleased: %s\n", err);
	else
		fprintf(stderr, "lanleased: http on %s://%u.%u.%u.%u:%u/\n",
			cfg->http.cert[0] ? "https" : "http", cfg->http.addr >> 24,
			(cfg->http.addr >> 16) & 255, (cfg->http.addr >> 8) & 255,
			cfg->http.addr & 255, cfg->http.port);
	return H;
}

static int ll_run(struct ll_config *cfg, bool debug)
{
	struct ll_server *W[64] = { NULL };
	struct ll_server first = { .cfg = cfg };
	ll_abuse_table = ll_abuse_new();
	atomic_store(&ll_live, cfg);
	if (!ll_abuse_table)
		return 1;
	for (unsigned i = 0; i < cfg->ninterfaces; i++) {
		int e = ll_server_open(&first, i, cfg->interfaces[i]);
		if (e < 0) {
			fprintf(stderr, "lanleased: %s: %s\n", cfg->interfaces[i],
				strerror(-e));
			return 1;
		}
	}
	if (ll_open_workers(cfg, debug, W) < 0)
		return 1;
	if (W[0]->cache) { /* what the last run knew, for a database outage */
		char path[512];
		snprintf(path, sizeof(path), "%s/cache", cfg->state_dir);
		int n = ll_dc_load(W[0]->cache, path, (int64_t)time(NULL));
		if (n > 0)
			fprintf(stderr, "lanleased: %d last-known-good answer(s) "
				"from %s\n", n, path);
		W[0]->next_save = (int64_t)time(NULL) + 60;
	}
	/* lanleased's tables next to whatever the database holds (CREATE
	 * TABLE IF NOT EXISTS: an existing table is left as it is) */
	if (ll_store_init_schema(W[0]->store) < 0)
		fprintf(stderr, "lanleased: warning: cannot create the schema "
			"(%s); the tables must exist\n",
			W[0]->store->ops->error(W[0]->store));
	if (ll_open_pools(cfg, W) < 0)
		return 1;
	memcpy(W[0]->link, first.link, sizeof(first.link));
	W[0]->nlinks = first.nlinks;
	for (unsigned w = 1; w < cfg->workers; w++) {
		memcpy(W[w]->link, first.link, sizeof(first.link));
		W[w]->nlinks = first.nlinks;
	}
	/* the HTTP service listens before privileges go (a port below
	 * 1024 is allowed), and its TLS files are read as root */
	struct ll_http *H = ll_open_http(cfg, W);
	if (cfg->http.enabled && !H)
		return 1;
	if (cfg->user[0] && ll_drop_privileges(cfg->user))
		return 1;
	struct sigaction sa = { .sa_handler = ll_on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigset_t block, old;
	sigfillset(&block); /* signals go to the main thread only */
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (unsigned w = 0; w < cfg->workers; w++)
		pthread_create(&W[w]->thread, NULL, ll_worker_main, W[w]);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	fprintf(stderr, "lanleased: serving on %u interface(s) with %u "
		"worker(s)\n", first.nlinks, cfg->workers);
	while (!ll_stop) {
		pause();
		if (ll_stats) {
			ll_stats = 0;
			ll_print_counters(W, cfg->workers);
		}
		if (ll_reload) {
			char err[512];
			ll_reload = 0;
			ll_reread(err, sizeof(err));
		}
	}
	ll_http_stop(H);
	for (unsigned w = 0; w < cfg->workers; w++)
		pthread_join(W[w]->thread, NULL);
	if (W[0]->cache)
		ll_server_save_cache(W[0], (int64_t)time(NULL));
	ll_print_counters(W, cfg->workers);
	for (unsigned w = 0; w < cfg->workers; w++) {
		W[w]->store->ops->close(W[w]->store); /* all committed */
		if (w == 0) {
			free(W[w]->cache); /* shared by all workers */
			ll_pools_free(W[w]->pools);
		}
		free(W[w]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "init-db", no_argument, NULL, 'I' },
		{ "import-pydhcpdb", required_argument, NULL, 'P' },
		{ "interface", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct ll_config cfg;
	const char *conf = "/etc/lanlease/conf.lua";
	bool test = false, debug = false, init = false;
	const char *import = NULL, *iface = "eth0";
	int o;
	while ((o = getopt_long(argc, argv, "c:dth", lo, NULL)) != -1) {
		switch (o) {
		case 'c': conf = optarg; break;
		case 'd': debug = true; break;
		case 't': test = true; break;
		case 'I': init = true; break;
		case 'P': import = optarg; break;
		case 'i': iface = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	char err[512];
	if (import) { /* seed 001's config.xml to conf.lua, on stdout */
		if (ll_import_pydhcpdb(import, iface, stdout, err, sizeof(err))) {
			fprintf(stderr, "lanleased: %s\n", err);
			return 1;
		}
		return 0;
	}
	if (ll_config_load(&cfg, conf, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanleased: %s\n", err);
		return 1;
	}
	if (test) { /* the hooks too: conf.lua runs and init() is called */
		struct ll_server probe = { .idx = 0 };
		if (ll_server_hooks_open(&probe, &cfg, err, sizeof(err)) < 0) {
			fprintf(stderr, "lanleased: %s\n", err);
			return 1;
		}
		ll_hooks_close(probe.hooks);
		ll_config_print(&cfg);
		return 0;
	}
	if (init) {
		struct ll_store *s = ll_store_open_cfg(&cfg, false, err, sizeof(err));
		int e = s ? ll_store_init_schema(s) : -1;
		if (e < 0)
			fprintf(stderr, "lanleased: --init-db: %s\n",
				s ? s->ops->error(s) : err);
		if (s)
			s->ops->close(s);
		return e < 0 ? 1 : 0;
	}
	int rc = ll_run(&cfg, debug);
	ll_config_free(&cfg);
	return rc;
}
