/* lanlease-probe: what a crafting command was asked to send. */
#ifndef LL_PROBE_CRAFT_H
#define LL_PROBE_CRAFT_H
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>

#include "lanlease/lanlease.h"
#include "net.h"

#define LL_MAX_ITEMS 128

/* Exit codes of the exchange commands (lanlease-probe(1)). */
enum {
	LL_X_OK = 0,        /* the expected reply (or sent, when none is) */
	LL_X_ERROR = 1,     /* runtime error */
	LL_X_USAGE = 2,     /* bad arguments or setup */
	LL_X_NOREPLY = 3,   /* nothing matching within the timeout */
	LL_X_NAK = 4,       /* a NAK */
	LL_X_WRONG = 5,     /* another reply type than expected */
};

struct ll_craft {
	/* transport */
	const char *ifname;
	bool relay;
	uint32_t server, local;
	uint32_t dst_ip;         /* L2 destination (default broadcast) */
	uint8_t dst_mac[6];
	uint8_t src_mac[6];      /* default chaddr: the interface's, or random */
	bool have_src_mac, random_mac;
	uint8_t eth_src[6];      /* --src-mac: Ethernet source (default chaddr) */
	bool have_eth_src;
	/* message */
	const char *items[LL_MAX_ITEMS]; /* name=value, in order */
	int nitems;
	uint8_t removed[32];     /* -O codes */
	uint8_t tail[1500];      /* --append raw bytes after the message */
	size_t tail_len;
	const char *circuit_id, *remote_id;
	const char *from_offer;
	unsigned min_len;        /* padding (300) */
	/* behaviour */
	int timeout_ms, retries;
	unsigned out_flags;      /* LL_TEXT_* */
	bool verbose, quiet;
	const char *pcap_path;
	pcap_dumper_t *pd;
	pcap_t *pdead;
	long count;              /* listen: packets to print (0: no limit) */
	uint8_t expect;          /* send: expected reply type (0: none) */
	bool expect_set;
	uint64_t seed;
	/* a saved OFFER (--from-offer) seeds xid, chaddr, 50 and 54 */
	bool have_offer;
	uint32_t offer_xid, offer_yiaddr, offer_sid;
};

/* Parses the common options of every crafting command into *c.
 * Returns optind, or -1 on a usage error (already reported). */
int ll_craft_args(struct ll_craft *c, int argc, char **argv,
		  const char *cmd);

/* Opens the transport the options ask for. 0, or an exit code. */
int ll_craft_open(struct ll_craft *c, struct ll_xport *x);

/* Fills m with defaults for a message type, then applies the user's
 * items and removals. Returns 0 or an exit code (bad item reported). */
int ll_craft_msg(struct ll_craft *c, const struct ll_xport *x,
		 struct ll_msg *m, uint8_t type);

/* Random bytes (getrandom; seeded PRNG when --seed was given). */
void ll_craft_random(struct ll_craft *c, void *buf, size_t n);

void ll_craft_close(struct ll_craft *c);


/* The exchange engine (exchange.c), shared by every command. */
void ll_probe_print(const struct ll_craft *c, const struct ll_msg *m,
		    const char *what);
int ll_probe_send(struct ll_craft *c, struct ll_xport *x,
		  const struct ll_msg *m);
int ll_probe_wait(struct ll_craft *c, struct ll_xport *x,
		  const struct ll_msg *req, struct ll_msg *reply, int ms);
int ll_probe_exchange(struct ll_craft *c, struct ll_xport *x,
		      const struct ll_msg *req, struct ll_msg *reply,
		      uint8_t expect);
#endif
