/* lanleased: a static-first DHCPv4 server (lanleased(8)). */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve.h"
#include "store_sqlite.h"

static volatile sig_atomic_t ll_stop, ll_stats;

static void ll_on_signal(int s)
{
	if (s == SIGUSR1)
		ll_stats = 1;
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
	      "Signals: SIGUSR1 prints the counters, SIGTERM stops.\n", f);
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

static int ll_run(struct ll_config *cfg, bool debug)
{
	static struct ll_server S;
	char err[512];
	S.cfg = cfg;
	S.debug = debug;
	for (unsigned i = 0; i < cfg->ninterfaces; i++) {
		int e = ll_server_open(&S, i, cfg->interfaces[i]);
		if (e < 0) {
			fprintf(stderr, "lanleased: %s: %s\n", cfg->interfaces[i],
				strerror(-e));
			return 1;
		}
	}
	S.store = ll_sqlite_open(cfg->db_path, err, sizeof(err));
	if (!S.store) {
		fprintf(stderr, "lanleased: database: %s\n", err);
		return 1;
	}
	if (cfg->user[0] && ll_drop_privileges(cfg->user))
		return 1;
	struct sigaction sa = { .sa_handler = ll_on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	fprintf(stderr, "lanleased: serving on %u interface(s)\n", S.nlinks);
	while (!ll_stop) {
		ll_server_tick(&S, 500);
		if (ll_stats) {
			ll_stats = 0;
			ll_counters_print(&S, stderr);
		}
	}
	ll_counters_print(&S, stderr);
	S.store->ops->close(S.store); /* every change was committed */
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "init-db", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct ll_config cfg;
	const char *conf = "/etc/lanlease/conf.lua";
	bool test = false, debug = false, init = false;
	int o;
	while ((o = getopt_long(argc, argv, "c:dth", lo, NULL)) != -1) {
		switch (o) {
		case 'c': conf = optarg; break;
		case 'd': debug = true; break;
		case 't': test = true; break;
		case 'I': init = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	char err[512];
	if (ll_config_load(&cfg, conf, err, sizeof(err)) < 0) {
		fprintf(stderr, "lanleased: %s\n", err);
		return 1;
	}
	if (test) {
		ll_config_print(&cfg);
		return 0;
	}
	if (init) {
		struct ll_store *s = ll_sqlite_open(cfg.db_path, err, sizeof(err));
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
