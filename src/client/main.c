/* lanlease-client: an RFC 2131 DHCPv4 client with the RFC 7844
 * anonymity profile (lanlease-client(8)). */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cli.h"

static uint32_t sys_random(void *ctx)
{
	uint32_t v = 0;

	(void)ctx;
	while (getrandom(&v, sizeof(v), 0) != sizeof(v))
		;
	return v;
}

static void usage(FILE *f)
{
	fputs("usage: lanlease-client [options] IFACE\n"
	      "  -1                  one-shot: exit 0 once bound, 1 if no lease\n"
	      "  -n                  test mode: change nothing on the host, print\n"
	      "                      the lease as name=value lines\n"
	      "  -v                  log every step on stderr\n"
	      "  -sf, --script FILE  dhclient-script compatible hook (replaces\n"
	      "                      the built-in configuration)\n"
	      "  --standard          a normal client (hostname, stable client-id,\n"
	      "                      lease file, INIT-REBOOT) instead of the\n"
	      "                      RFC 7844 anonymity profile\n"
	      "  --no-delay          skip the 1-10 s wait before the first DISCOVER\n"
	      "  --no-client-id      profile: leave out option 61\n"
	      "  --random-mac        a random locally administered MAC first\n"
	      "  --prl LIST          parameter request list (comma-separated codes)\n"
	      "  --hostname NAME     standard mode: send option 12\n"
	      "  --client-id HEX     standard mode: option 61 (default 01+MAC)\n"
	      "  --lease-file FILE   standard mode lease file\n"
	      "  --resolv-conf FILE  write DNS there when resolvconf is absent\n"
	      "  --pidfile FILE      write the process id there\n"
	      "  --keep              leave the address configured on exit\n"
	      "  --release           standard mode: send RELEASE on exit\n"
	      "  --arp-probes N      RFC 5227 probes before use (default 3, 0 off)\n"
	      "  --timeout SECS      -1: how long to wait for a lease (default 60)\n"
	      "  --user USER         run as USER after opening sockets (nobody)\n"
	      "  --no-sandbox        keep root and skip the seccomp filter\n"
	      "Signals: SIGTERM stops, SIGUSR1 renews now.\n",
	      f);
}

enum {
	O_SF = 256, O_STD, O_NODELAY, O_NOCID, O_RANDMAC, O_PRL, O_HOST, O_CID,
	O_LEASE, O_RESOLV, O_PID, O_KEEP, O_RELEASE, O_ARP, O_TIMEOUT, O_USER,
	O_NOSANDBOX, O_HELP,
};

static const struct option longopts[] = {
	{"sf", required_argument, 0, O_SF},
	{"script", required_argument, 0, O_SF},
	{"standard", no_argument, 0, O_STD},
	{"no-delay", no_argument, 0, O_NODELAY},
	{"no-client-id", no_argument, 0, O_NOCID},
	{"random-mac", no_argument, 0, O_RANDMAC},
	{"prl", required_argument, 0, O_PRL},
	{"hostname", required_argument, 0, O_HOST},
	{"client-id", required_argument, 0, O_CID},
	{"lease-file", required_argument, 0, O_LEASE},
	{"resolv-conf", required_argument, 0, O_RESOLV},
	{"pidfile", required_argument, 0, O_PID},
	{"keep", no_argument, 0, O_KEEP},
	{"release", no_argument, 0, O_RELEASE},
	{"arp-probes", required_argument, 0, O_ARP},
	{"timeout", required_argument, 0, O_TIMEOUT},
	{"user", required_argument, 0, O_USER},
	{"no-sandbox", no_argument, 0, O_NOSANDBOX},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

static int num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *s == '-' || end == s || *end || *out > max ? -1 : 0;
}

static int parse_prl(struct ll_cli_cfg *c, const char *s)
{
	char buf[256], *t, *save = NULL;
	unsigned long v;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	c->prl_len = 0;
	for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (c->prl_len >= LL_PRL_MAX || num(t, 254, &v) || !v)
			return -1;
		else
			c->prl[c->prl_len++] = (uint8_t)v;
	return c->prl_len ? 0 : -1;
}

static int parse_hex(uint8_t *out, size_t cap, size_t *n, const char *s)
{
	*n = 0;
	for (; *s; s++) {
		unsigned v;

		if (*s == ':' || *s == '-')
			continue;
		if (*n >= cap || sscanf(s, "%2x", &v) != 1 || !s[1])
			return -1;
		out[(*n)++] = (uint8_t)v;
		s++;
	}
	return *n ? 0 : -1;
}

static int option(struct ll_app *a, int o, const char *arg)
{
	unsigned long v;

	switch (o) {
	case '1': a->oneshot = true; return 0;
	case 'n': a->test = true; return 0;
	case 'v': a->verbose = true; return 0;
	case O_SF: a->script = arg; return 0;
	case O_STD: a->cfg.standard = true; return 0;
	case O_NODELAY: a->cfg.no_delay = true; return 0;
	case O_NOCID: a->cfg.no_client_id = true; return 0;
	case O_RANDMAC: a->random_mac = true; return 0;
	case O_PRL: return parse_prl(&a->cfg, arg);
	case O_HOST:
		if (!ll_dn_ok(arg, strlen(arg)) || strlen(arg) >= 64)
			return -1;
		strcpy(a->cfg.hostname, arg);
		return 0;
	case O_CID: return parse_hex(a->cfg.cid, sizeof(a->cfg.cid),
				     &a->cfg.cid_len, arg);
	case O_LEASE: a->lease_file = arg; return 0;
	case O_RESOLV: a->resolv = arg; return 0;
	case O_PID: a->pidfile = arg; return 0;
	case O_KEEP: a->keep = true; return 0;
	case O_RELEASE: a->release = true; return 0;
	case O_ARP:
		if (num(arg, 10, &v))
			return -1;
		a->cfg.probe_num = (unsigned)v;
		return 0;
	case O_TIMEOUT:
		if (num(arg, 86400, &v) || !v)
			return -1;
		a->timeout = (unsigned)v;
		return 0;
	case O_USER: a->user = arg; return 0;
	case O_NOSANDBOX: a->sandbox = false; return 0;
	default: return -1;
	}
}

static int parse_args(struct ll_app *a, int argc, char **argv)
{
	static const uint8_t zero[6];
	int o;

	a->timeout = 60;
	a->user = "nobody";
	a->sandbox = true;
	a->helper = -1;
	ll_cli_cfg_default(&a->cfg, zero);
	while ((o = getopt_long_only(argc, argv, "1nv", longopts, NULL)) != -1) {
		if (o == O_HELP) {
			usage(stdout);
			exit(0);
		}
		if (option(a, o, optarg)) {
			if (optarg)
				fprintf(stderr, "lanlease-client: bad value "
						"'%s'\n", optarg);
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return -1;
	}
	a->ifname = argv[optind];
	if (a->release && !a->cfg.standard) {
		fputs("lanlease-client: --release needs --standard (the "
		      "anonymity profile never releases, RFC 7844 3.8)\n",
		      stderr);
		return -1;
	}
	return 0;
}

static void random_mac(uint8_t mac[6])
{
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)sys_random(NULL);
	mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02); /* local, unicast */
}

static int open_signals(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &s, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f) ? -errno : 0;
}

/* Everything that needs root, before the sandbox closes. */
static int setup(struct ll_app *a)
{
	static char lf[300];
	struct ll_helper_cfg hc = {.script = a->script, .resolv = a->resolv,
				   .pidfile = a->pidfile, .ifname = a->ifname};
	pid_t hpid;
	int e, ifindex = (int)if_nametoindex(a->ifname);

	if (!ifindex)
		return fprintf(stderr, "lanlease-client: no interface %s\n",
			       a->ifname), -1;
	if (a->cfg.standard) {
		if (!a->lease_file) {
			snprintf(lf, sizeof(lf),
				 "/var/lib/lanlease/client-%s.lease", a->ifname);
			a->lease_file = lf;
		}
		ll_leasefile_read(a->lease_file, &a->cfg.prev_addr,
				  &a->cfg.prev_server);
		hc.lease_file = a->lease_file;
	}
	if (a->script && access(a->script, X_OK))
		return fprintf(stderr, "lanlease-client: %s: %s\n", a->script,
			       strerror(errno)), -1;
	a->helper = ll_helper_start(&hc, &hpid);
	if (a->helper < 0 || (e = ll_nl_open(&a->nl, ifindex)))
		return fprintf(stderr, "lanlease-client: netlink: %s\n",
			       strerror(errno)), -1;
	if (a->random_mac) { /* RFC 7844 section 3.3 / issue: before any frame */
		uint8_t mac[6];

		random_mac(mac);
		if ((e = ll_nl_set_mac(&a->nl, mac)))
			return fprintf(stderr, "lanlease-client: set MAC: %s\n",
				       strerror(-e)), -1;
	}
	if (!a->test)
		ll_nl_link_up(&a->nl);
	a->nl.running = true;
	if ((e = ll_cnet_open(&a->net, a->ifname)))
		return fprintf(stderr, "lanlease-client: %s: %s\n", a->ifname,
			       strerror(-e)), -1;
	a->net.l2_only = a->test;
	if (a->pidfile && (e = write_pidfile(a->pidfile)))
		return fprintf(stderr, "lanlease-client: %s: %s\n", a->pidfile,
			       strerror(-e)), -1;
	a->sigfd = open_signals();
	if (a->sigfd < 0)
		return -1;
	memcpy(a->cfg.mac, a->net.mac, 6);
	if (a->sandbox && (e = ll_sandbox(a->user, true)))
		return fprintf(stderr, "lanlease-client: sandbox: %s\n",
			       strerror(-e)), -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct ll_app a;
	int rc;

	if (parse_args(&a, argc, argv))
		return 2;
	if (setup(&a))
		return 1;
	ll_cli_init(&a.cli, &a.cfg, (struct ll_rng){sys_random, NULL});
	rc = ll_run(&a);
	close(a.helper); /* the helper removes the pidfile and ends */
	return rc;
}
