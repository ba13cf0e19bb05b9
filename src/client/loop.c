/* lanlease-client's event loop: sockets, signals and the one timer in,
 * the state machine's actions out. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int64_t ll_mono_ms(void)
{
	struct timespec ts;

	/* CLOCK_BOOTTIME: a lease runs on while the machine sleeps. */
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ll_log(const struct ll_app *a, const char *fmt, ...)
{
	va_list ap;

	if (!a->verbose)
		return;
	va_start(ap, fmt);
	fputs("lanlease-client: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static bool binding(enum ll_reason r)
{
	return r == LL_R_BOUND || r == LL_R_RENEW || r == LL_R_REBIND ||
	       r == LL_R_REBOOT;
}

static void build_env(struct ll_app *a, enum ll_reason r, struct ll_envb *e)
{
	char pid[16];
	int64_t mono = ll_mono_ms();
	long long wall = (long long)time(NULL);

	ll_env_init(e);
	ll_env_add(e, "reason", ll_reason_name(r));
	ll_env_add(e, "interface", a->ifname);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	ll_env_add(e, "pid", pid);
	ll_env_add(e, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
	if (binding(r))
		ll_env_lease(e, "new_", &a->cli.ack, &a->cli.lease, mono, wall);
	if (a->have_old)
		ll_env_lease(e, "old_", &a->old_ack, &a->old, mono, wall);
	ll_env_requested(e, a->cli.cfg.prl, a->cli.cfg.prl_len);
}

static unsigned plen_of(uint32_t mask)
{
	return (unsigned)__builtin_popcount(mask);
}

static void unconfigure(struct ll_app *a)
{
	struct ll_route rt[32];
	size_t n;

	if (!a->have_old)
		return;
	n = ll_cli_routes(&a->old_ack, a->old.addr, a->old.mask, rt, 32);
	for (size_t i = 0; i < n; i++)
		ll_nl_route(&a->nl, false, &rt[i], a->old.addr);
	ll_nl_addr(&a->nl, false, a->old.addr, plen_of(a->old.mask), 0, 0);
	if (a->helper >= 0)
		ll_helper_call(a->helper, LL_H_DNS, "", 0);
}

/* The built-in configuration: address (with the lease as lifetime),
 * MTU when 26 was asked for, routes (121 over 3), DNS. */
static int configure(struct ll_app *a)
{
	const struct ll_clease *l = &a->cli.lease;
	struct ll_route rt[32];
	char dns[2048];
	uint16_t mtu;
	size_t n;
	int e;

	if (a->have_old && a->old.addr != l->addr)
		unconfigure(a);
	e = ll_nl_addr(&a->nl, true, l->addr, plen_of(l->mask),
		       (l->addr & l->mask) | ~l->mask, l->lease_s);
	if (e)
		return e;
	if (memchr(a->cli.cfg.prl, 26, a->cli.cfg.prl_len) &&
	    ll_msg_get_u16(&a->cli.ack, 26, &mtu) == LL_OK && mtu >= 576)
		ll_nl_mtu(&a->nl, mtu);
	n = ll_cli_routes(&a->cli.ack, l->addr, l->mask, rt, 32);
	for (size_t i = 0; i < n; i++)
		if ((e = ll_nl_route(&a->nl, true, &rt[i], l->addr)))
			ll_log(a, "route: %s", strerror(-e));
	n = ll_resolv_text(&a->cli.ack, dns, sizeof(dns));
	if (n && a->helper >= 0)
		ll_helper_call(a->helper, LL_H_DNS, dns, n);
	return 0;
}

static void print_lease(struct ll_app *a, enum ll_reason r)
{
	struct ll_envb e;
	size_t i = 0;

	build_env(a, r, &e);
	for (unsigned k = 0; k < e.n; k++) {
		const char *v = e.buf + i;

		i += strlen(v) + 1;
		if (!strncmp(v, "new_", 4) || !strncmp(v, "reason=", 7) ||
		    !strncmp(v, "interface=", 10))
			printf("%s\n", v);
	}
	printf("\n");
	fflush(stdout);
}

/* Runs the hook for a reason; the script's exit status, else 0. */
static int run_hook(struct ll_app *a, enum ll_reason r)
{
	struct ll_envb e;
	int st = 0;

	ll_log(a, "%s %s", ll_reason_name(r), ll_cstate_name(a->cli.state));
	if (a->test && binding(r))
		print_lease(a, r);
	if (a->script) {
		build_env(a, r, &e);
		st = ll_helper_call(a->helper, LL_H_SCRIPT, e.buf, e.used);
	} else if (!a->test && r == LL_R_PREINIT) {
		ll_nl_link_up(&a->nl);
	} else if (!a->test && binding(r)) {
		st = configure(a);
		if (st)
			ll_log(a, "configuring: %s", strerror(-st));
		st = 0;
	} else if (!a->test && r != LL_R_PREINIT) {
		unconfigure(a);
	}
	if (binding(r)) {
		a->old_ack = a->cli.ack;
		a->old = a->cli.lease;
		a->have_old = true;
	} else if (r != LL_R_PREINIT) {
		a->have_old = false;
	}
	return st;
}

static void apply(struct ll_app *a, struct ll_cout *o);

static void do_action(struct ll_app *a, const struct ll_cout *o,
		      const struct ll_cact *x)
{
	struct ll_cout again;
	char text[512];
	size_t n;
	int e = 0;

	switch (x->kind) {
	case LL_CA_SEND:
		e = ll_cnet_send(&a->net, x, o->pkt, o->len);
		ll_log(a, "%s: sent %s%s%s", ll_cstate_name(a->cli.state),
		       ll_msgtype_name(ll_msg_type(&a->cli.scratch)),
		       x->unicast ? " (unicast)" : "", e ? strerror(-e) : "");
		break;
	case LL_CA_TIMER:
		a->deadline = x->at;
		break;
	case LL_CA_HOOK:
		/* dhclient-script: non-zero after BOUND declines the lease */
		if (run_hook(a, x->reason) && a->script &&
		    (x->reason == LL_R_BOUND || x->reason == LL_R_REBOOT)) {
			ll_cli_reject(&a->cli, ll_mono_ms(), &again);
			apply(a, &again);
		}
		break;
	case LL_CA_ARP_PROBE:
	case LL_CA_ARP_ANNOUNCE:
		ll_cnet_arp(&a->net, x->addr, x->kind == LL_CA_ARP_ANNOUNCE,
			    NULL, 0);
		break;
	case LL_CA_SAVE:
		n = ll_leasefile_text(a->ifname, &a->cli.lease, ll_mono_ms(),
				      (long long)time(NULL), text, sizeof(text));
		if (a->lease_file && n &&
		    (e = ll_helper_call(a->helper, LL_H_LEASE, text, n)))
			ll_log(a, "lease file: %s", strerror(-e));
		break;
	}
}

static void apply(struct ll_app *a, struct ll_cout *o)
{
	enum ll_cstate s;
	bool on;

	for (unsigned i = 0; i < o->n; i++)
		do_action(a, o, &o->act[i]);
	s = a->cli.state;
	/* RFC 2131 4.4.5: once bound the replies come to our address. */
	on = !(s == LL_CS_BOUND || s == LL_CS_RENEWING ||
	       s == LL_CS_REBINDING);
	if (on != a->listening) {
		ll_cnet_listen(&a->net, on);
		a->listening = on;
	}
	if (a->oneshot && s == LL_CS_BOUND && a->exit_code < 0)
		a->exit_code = 0;
}

static void take(struct ll_app *a, const uint8_t *p, size_t len, bool frame)
{
	struct ll_cout o;
	enum ll_crecv r = ll_cli_recv(&a->cli, p, len, ll_mono_ms(), &o);

	if (r == LL_CR_TAKEN)
		ll_log(a, "%s: took %s", ll_cstate_name(a->cli.state),
		       ll_msgtype_name(a->cli.last_rx));
	if (r == LL_CR_TAKEN && frame)
		memcpy(a->net.server_mac, a->net.last_src, 6);
	else if (r != LL_CR_TAKEN && r != LL_CR_NOT_OURS)
		ll_log(a, "dropped a reply (%d)", (int)r);
	apply(a, &o);
}

static void read_pkt(struct ll_app *a)
{
	uint8_t buf[LL_MSG_MAX + 64];
	const uint8_t *p;
	ssize_t n;

	for (int i = 0; i < 64; i++) {
		n = ll_cnet_recv_pkt(&a->net, buf, sizeof(buf), &p);
		if (n == -EBADMSG)
			continue; /* a frame that was not for us */
		if (n < 0)
			return;
		take(a, p, (size_t)n, true);
	}
}

static void read_udp(struct ll_app *a)
{
	uint8_t buf[LL_MSG_MAX];
	ssize_t n;

	while ((n = recv(a->net.udp, buf, sizeof(buf), MSG_DONTWAIT)) >= 0)
		take(a, buf, (size_t)n, false);
}

static void read_arp(struct ll_app *a)
{
	uint8_t sha[6];
	uint32_t spa, tpa;
	unsigned op;
	struct ll_cout o;
	int e;

	for (int i = 0; i < 64; i++) {
		e = ll_cnet_recv_arp(&a->net, sha, &spa, &tpa, &op);
		if (e == -EBADMSG)
			continue;
		if (e)
			return;
		/* Test mode leaves the address off the interface, so it
		 * answers ARP for it itself, or unicast replies never come. */
		if (a->test && op == 1 && a->cli.configured &&
		    tpa == a->cli.lease.addr && spa)
			ll_cnet_arp(&a->net, tpa, false, sha, spa);
		ll_cli_arp(&a->cli, sha, spa, tpa, ll_mono_ms(), &o);
		apply(a, &o);
	}
}

static void read_link(struct ll_app *a)
{
	uint8_t mac[6];
	struct ll_cout o;
	int r;

	memcpy(mac, a->net.mac, 6);
	r = ll_nl_mon_read(&a->nl, mac);
	if (r == 0)
		return;
	ll_log(a, "link %s", r > 0 ? "up" : "down");
	memcpy(a->net.mac, mac, 6);
	ll_cli_link(&a->cli, r > 0, mac, ll_mono_ms(), &o);
	apply(a, &o);
}

static void read_signal(struct ll_app *a)
{
	struct signalfd_siginfo si;
	struct ll_cout o;

	if (read(a->sigfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGUSR1) {
		ll_cli_renew(&a->cli, ll_mono_ms(), &o);
		apply(a, &o);
		return;
	}
	/* SIGTERM / SIGINT: deconfigure unless --keep; the profile never
	 * sends a RELEASE (RFC 7844 section 3.8). */
	ll_cli_stop(&a->cli, a->keep, a->release, ll_mono_ms(), &o);
	apply(a, &o);
	a->exit_code = 0;
}

int ll_run(struct ll_app *a)
{
	struct pollfd p[5] = {
		{.fd = a->net.pkt, .events = POLLIN},
		{.fd = a->net.udp, .events = POLLIN},
		{.fd = a->net.arp, .events = POLLIN},
		{.fd = ll_nl_mon_fd(&a->nl), .events = POLLIN},
		{.fd = a->sigfd, .events = POLLIN},
	};
	int64_t give_up = a->oneshot ? ll_mono_ms() + a->timeout * 1000LL
				     : INT64_MAX;
	struct ll_cout o;

	a->exit_code = -1;
	a->listening = true;
	ll_cli_start(&a->cli, ll_mono_ms(), &o);
	apply(a, &o);
	while (a->exit_code < 0) {
		int64_t now = ll_mono_ms(), until = a->deadline;
		int ms;

		if (give_up < until)
			until = give_up;
		ms = until == INT64_MAX ? -1
		     : until <= now     ? 0
					: (int)(until - now > 86400000
							? 86400000
							: until - now);
		if (poll(p, 5, ms) < 0 && errno != EINTR)
			return 1;
		if (p[4].revents)
			read_signal(a);
		if (p[0].revents)
			read_pkt(a);
		if (p[1].revents)
			read_udp(a);
		if (p[2].revents)
			read_arp(a);
		if (p[3].revents)
			read_link(a);
		now = ll_mono_ms();
		if (a->exit_code < 0 && now >= a->deadline) {
			ll_cli_timer(&a->cli, now, &o);
			apply(a, &o);
		}
		if (a->exit_code < 0 && now >= give_up) {
			run_hook(a, LL_R_FAIL);
			fprintf(stderr, "lanlease-client: no lease in %u s\n",
				a->timeout);
			a->exit_code = 1;
		}
	}
	return a->exit_code;
}
