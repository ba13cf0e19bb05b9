/* lanlease: the DHCPv4 client state machine (RFC 2131 sections 3.1,
 * 4.1, 4.3.2 and 4.4; RFC 7844 anonymity profile; RFC 5227 address
 * conflict detection).
 *
 * Pure: the caller passes every input (a received message, an ARP
 * packet, a timer that fired, a link change) with the current time in
 * milliseconds of a monotonic clock and a random source; the machine
 * answers with a list of actions (send this message, probe this address
 * with ARP, arm the timer, run the hook with this reason, save the
 * lease). It opens no socket, reads no clock and keeps no global. */
#ifndef LANLEASE_CLIENT_H
#define LANLEASE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanlease/msg.h"
#include "lanlease/rfc.h"

enum ll_cstate {
	LL_CS_STOPPED = 0,
	LL_CS_INIT,
	LL_CS_SELECTING,
	LL_CS_REQUESTING,
	LL_CS_CHECKING, /* RFC 5227 probing of an acknowledged address */
	LL_CS_BOUND,
	LL_CS_RENEWING,
	LL_CS_REBINDING,
	LL_CS_INIT_REBOOT,
	LL_CS_REBOOTING,
};

/* The dhclient-script reasons. */
enum ll_reason {
	LL_R_PREINIT = 0,
	LL_R_BOUND,
	LL_R_RENEW,
	LL_R_REBIND,
	LL_R_REBOOT,
	LL_R_EXPIRE,
	LL_R_FAIL,
	LL_R_STOP,
	LL_R_RELEASE,
	LL_R_TIMEOUT,
};

enum ll_cact_kind {
	LL_CA_SEND,         /* out->pkt: broadcast frame, or unicast UDP */
	LL_CA_TIMER,        /* call ll_cli_timer at .at (replaces any) */
	LL_CA_HOOK,         /* configure / deconfigure: .reason */
	LL_CA_ARP_PROBE,    /* RFC 5227 probe for .addr */
	LL_CA_ARP_ANNOUNCE, /* RFC 5227 announcement of .addr */
	LL_CA_SAVE,         /* write the lease file (standard mode) */
};

struct ll_cact {
	enum ll_cact_kind kind;
	int64_t at;            /* TIMER: absolute ms */
	enum ll_reason reason; /* HOOK */
	uint32_t addr;         /* ARP_*: the address */
	bool unicast;          /* SEND: UDP to dst:67, else L2 broadcast */
	uint32_t src, dst;     /* SEND: IP source and destination */
	uint16_t ip_id;        /* SEND: random IP identification */
};

#define LL_CLI_MAXACT 8
#define LL_CLI_PKT 1024

struct ll_cout {
	unsigned n;
	struct ll_cact act[LL_CLI_MAXACT];
	size_t len;
	uint8_t pkt[LL_CLI_PKT];
};

struct ll_rng {
	uint32_t (*next)(void *ctx);
	void *ctx;
};

#define LL_PRL_MAX 32

struct ll_cli_cfg {
	uint8_t mac[6];
	bool standard;      /* false: RFC 7844 anonymity profile */
	bool no_client_id;  /* anonymity profile: leave out option 61 */
	bool no_delay;      /* skip the 1-10 s wait before the first DISCOVER */
	uint8_t prl[LL_PRL_MAX];
	size_t prl_len;     /* 0: the RFC 7844 default set */
	char hostname[64];  /* standard mode: option 12 when set */
	uint8_t cid[64];    /* standard mode: client-id; empty: 0x01 + MAC */
	size_t cid_len;
	/* RFC 5227 section 2.1.1 timings, ms; probe_num 0 turns probing off */
	unsigned probe_num, probe_wait, probe_min, probe_max, announce_wait;
	/* Standard mode: a remembered lease for INIT-REBOOT (0: none). */
	uint32_t prev_addr, prev_server;
};

struct ll_clease {
	uint32_t addr, mask, server;
	uint32_t lease_s;        /* 0xffffffff: infinite */
	int64_t start, t1, t2, expiry; /* absolute ms; INT64_MAX: never */
};

struct ll_cli {
	struct ll_cli_cfg cfg;
	struct ll_rng rng;
	enum ll_cstate state;
	uint32_t xid;
	unsigned tries;          /* transmissions in this state */
	int64_t t_state;         /* next state timer, INT64_MAX when none */
	int64_t t_announce;      /* second RFC 5227 announcement */
	int64_t t_begin;         /* when this exchange began (secs field) */
	unsigned probes;         /* ARP probes sent for the address */
	struct ll_clease lease;  /* the current (or offered) lease */
	struct ll_msg offer;     /* the chosen OFFER */
	struct ll_msg ack;       /* the last ACK */
	bool have_ack;
	bool configured;         /* a BOUND-type hook ran for the lease */
	enum ll_reason bind_reason; /* BOUND or REBOOT after checking */
	int64_t t_sent;          /* last REQUEST sent: lease times start */
	unsigned naks;           /* NAKs since the last binding */
	unsigned ignored;        /* messages dropped by validation */
	enum ll_msgtype last_rx; /* type of the last message taken */
	struct ll_msg scratch;
};

/* The RFC 7844 / Windows 10 / systemd parameter request list. */
extern const uint8_t ll_cli_default_prl[13];

/* Fills cfg with the defaults (anonymity profile, RFC 5227 timings). */
void ll_cli_cfg_default(struct ll_cli_cfg *cfg, const uint8_t mac[6]);

void ll_cli_init(struct ll_cli *c, const struct ll_cli_cfg *cfg,
		 struct ll_rng rng);
void ll_cli_start(struct ll_cli *c, int64_t now, struct ll_cout *out);
void ll_cli_timer(struct ll_cli *c, int64_t now, struct ll_cout *out);

/* Why a received message was not taken. */
enum ll_crecv {
	LL_CR_TAKEN = 0,
	LL_CR_MALFORMED,
	LL_CR_NOT_OURS,   /* op, xid or chaddr do not match */
	LL_CR_UNEXPECTED, /* type not expected in this state */
	LL_CR_INVALID,    /* failed the offer/ACK checks */
};
enum ll_crecv ll_cli_recv(struct ll_cli *c, const uint8_t *buf, size_t len,
			  int64_t now, struct ll_cout *out);

/* An ARP packet seen on the link (RFC 5227 section 2.1.1): sender
 * hardware and protocol address, target protocol address. */
void ll_cli_arp(struct ll_cli *c, const uint8_t sha[6], uint32_t spa,
		uint32_t tpa, int64_t now, struct ll_cout *out);
/* The link went down or came back (perhaps with a new MAC). */
void ll_cli_link(struct ll_cli *c, bool up, const uint8_t mac[6],
		 int64_t now, struct ll_cout *out);
/* The hook refused a lease after BOUND: decline it. */
void ll_cli_reject(struct ll_cli *c, int64_t now, struct ll_cout *out);
/* Renew now (SIGUSR1). */
void ll_cli_renew(struct ll_cli *c, int64_t now, struct ll_cout *out);
/* Stop: deconfigure unless keep; RELEASE only in standard mode when
 * release is set (RFC 7844 section 3.8: the profile never releases). */
void ll_cli_stop(struct ll_cli *c, bool keep, bool release, int64_t now,
		 struct ll_cout *out);

/* The offer/ACK checks of RFC 2131 section 4.3.1 and the profile;
 * LL_OK or the reason (text in *why). */
int ll_cli_check_reply(const struct ll_cli *c, const struct ll_msg *m,
		       const char **why);

/* Routes to install for a lease: option 121 when present and valid
 * (it overrides 3, RFC 3442 section 3), else a default route through
 * the first router on the subnet. Gateways off the subnet are skipped.
 * Returns the count. */
size_t ll_cli_routes(const struct ll_msg *ack, uint32_t addr, uint32_t mask,
		     struct ll_route *out, size_t max);

const char *ll_cstate_name(enum ll_cstate s);
const char *ll_reason_name(enum ll_reason r);

#endif
