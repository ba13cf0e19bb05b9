/* lanlease-client internals: the I/O around lib/client.c. */
#ifndef LL_CLI_INT_H
#define LL_CLI_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lanlease/client.h"

/* ---- the privileged helper (helper.c) --------------------------------
 * Forked before anything touches the network; keeps root and runs only
 * what the unprivileged, sandboxed main process asks for: the hook
 * script (exec'd directly with the given environment), the DNS update
 * and the lease file write. */
enum ll_hkind { LL_H_SCRIPT = 1, LL_H_DNS, LL_H_LEASE };

struct ll_helper_cfg {
	const char *script;     /* -sf, or NULL */
	const char *resolv;     /* --resolv-conf file, or NULL */
	const char *lease_file; /* standard mode, or NULL */
	const char *pidfile;    /* removed when the client ends */
	const char *ifname;
};

/* Forks the helper; returns the main side's socket or -errno. */
int ll_helper_start(const struct ll_helper_cfg *cfg, pid_t *pid);
/* Sends one request and waits for its status (exit code of the script,
 * 0 or -errno otherwise). */
int ll_helper_call(int fd, enum ll_hkind kind, const char *data, size_t len);

/* ---- the environment of a hook run (env.c) --------------------------- */
struct ll_envb {
	char buf[16384];
	size_t used;
	unsigned n;
};
void ll_env_init(struct ll_envb *e);
void ll_env_add(struct ll_envb *e, const char *name, const char *value);
/* new_* (or old_*) variables of a lease; only values that pass their
 * syntax checks are added (domain names per RFC 1035 section 2.3.1). */
void ll_env_lease(struct ll_envb *e, const char *prefix,
		  const struct ll_msg *ack, const struct ll_clease *l,
		  int64_t mono_now, int64_t wall_now);
void ll_env_requested(struct ll_envb *e, const uint8_t *prl, size_t n);
/* resolv.conf text for a lease (nameservers, search); empty if none. */
size_t ll_resolv_text(const struct ll_msg *ack, char *out, size_t cap);
/* True when s is a domain name in RFC 1035 section 2.3.1 syntax. */
bool ll_dn_ok(const char *s, size_t n);

/* ---- sockets (net.c) ------------------------------------------------- */
struct ll_cnet {
	int ifindex;
	uint8_t mac[6];
	int pkt;  /* AF_PACKET, IPv4/UDP to port 68 (classic BPF) */
	int arp;  /* AF_PACKET, ARP */
	int udp;  /* UDP port 68, for unicast renewals and their replies */
	bool l2_only;          /* test mode: no address on the interface, so
				* unicast goes out as frames too */
	uint8_t server_mac[6]; /* source MAC of the last reply taken */
	uint8_t last_src[6];   /* source MAC of the last frame read */
};
int ll_cnet_open(struct ll_cnet *n, const char *ifname);
/* Receiving DHCP on the packet socket on or off (off once bound). */
int ll_cnet_listen(struct ll_cnet *n, bool on);
int ll_cnet_send(struct ll_cnet *n, const struct ll_cact *a,
		 const uint8_t *pkt, size_t len);
/* RFC 5227 probe (spa 0) or announcement (spa = tpa = addr); with
 * reply_to set, an ARP reply for addr to that MAC and address. */
int ll_cnet_arp(struct ll_cnet *n, uint32_t addr, bool announce,
		const uint8_t *reply_to, uint32_t reply_ip);
/* Reads one DHCP payload from the packet socket; length or -errno. */
ssize_t ll_cnet_recv_pkt(struct ll_cnet *n, uint8_t *buf, size_t cap,
			 const uint8_t **payload);
/* Reads one ARP packet: sender MAC/IP, target IP; 0 or -errno. */
int ll_cnet_recv_arp(struct ll_cnet *n, uint8_t sha[6], uint32_t *spa,
		     uint32_t *tpa, unsigned *op);

/* ---- netlink (netcfg.c) ---------------------------------------------- */
struct ll_nl {
	int cfg; /* requests (a netlink socket) */
	int mon; /* link events */
	unsigned seq;
	int ifindex;
	bool running;
};
int ll_nl_open(struct ll_nl *nl, int ifindex);
int ll_nl_set_mac(struct ll_nl *nl, const uint8_t mac[6]);
int ll_nl_link_up(struct ll_nl *nl);
int ll_nl_mtu(struct ll_nl *nl, unsigned mtu);
int ll_nl_addr(struct ll_nl *nl, bool add, uint32_t addr, unsigned plen,
	       uint32_t brd, uint32_t lifetime);
int ll_nl_route(struct ll_nl *nl, bool add, const struct ll_route *r,
		uint32_t src);
int ll_nl_mon_fd(const struct ll_nl *nl);
/* Reads link events; returns 1 when the link came up (mac filled),
 * -1 when it went down, 0 otherwise. */
int ll_nl_mon_read(struct ll_nl *nl, uint8_t mac[6]);

/* ---- the program (main.c, loop.c) ---------------------------------- */
struct ll_app {
	const char *ifname, *script, *pidfile, *lease_file, *user;
	const char *resolv;
	bool oneshot, test, verbose, keep, release, sandbox, random_mac;
	unsigned timeout;   /* -1: seconds to wait for a lease */
	struct ll_cli_cfg cfg;
	struct ll_cli cli;
	struct ll_cnet net;
	struct ll_nl nl;
	int helper;         /* socket to the helper, -1 when none */
	int sigfd;
	int64_t deadline;   /* the machine's timer */
	bool listening;
	struct ll_msg old_ack; /* the lease last configured, for old_* */
	struct ll_clease old;
	bool have_old;
	int exit_code;      /* >= 0: leave the loop with it */
};
int64_t ll_mono_ms(void);
void ll_log(const struct ll_app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ll_run(struct ll_app *a);
/* Lease file of standard mode: parsed defensively; 0 when usable. */
int ll_leasefile_read(const char *path, uint32_t *addr, uint32_t *server);
int ll_leasefile_parse(const char *buf, size_t len, long long now,
		       uint32_t *addr, uint32_t *server);
size_t ll_leasefile_text(const char *ifname, const struct ll_clease *l,
			 int64_t mono_now, long long wall_now, char *out,
			 size_t cap);

#include "sandbox.h"
#endif
