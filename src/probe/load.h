/* lanlease-probe load: state of one load run (see load.c). */
#ifndef LL_PROBE_LOAD_H
#define LL_PROBE_LOAD_H
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "craft.h"

#define LL_HIST_N 10000 /* 10 us buckets: 0..100 ms */

struct ll_hist {
	uint64_t buckets[LL_HIST_N];
	uint64_t n;
	int64_t max_us;
};
double ll_hist_pct(const struct ll_hist *h, double p); /* milliseconds */

enum { LL_MODE_DORA, LL_MODE_DO, LL_MODE_RENEW };
enum { LL_TPL_DISCOVER, LL_TPL_SELECT, LL_TPL_RENEW };
enum { LL_PH_IDLE, LL_PH_OFFER, LL_PH_ACK };

struct ll__tpl {
	uint8_t wire[1500];
	size_t len, cid, o50, o54;
	uint8_t hdr[42]; /* L2: Ethernet + IPv4 + UDP for this length */
};

struct ll__client {
	uint8_t mac[6];
	uint8_t phase;
	bool renewing;
	uint32_t seq, yiaddr, sid;
	int64_t t_us;
};

struct ll__to {
	uint32_t idx, seq;
	int64_t deadline;
};

struct ll_load {
	/* settings */
	uint32_t ncl, window, id_offset, id_stride; /* client MAC ids */
	uint8_t mac_prefix;
	int mode;
	double rate;
	int64_t timeout_us;
	uint64_t max_exchanges;
	/* I/O */
	int fd;
	bool relay, connected, gso;
	struct sockaddr_in srv;
	struct sockaddr_ll sll;
	struct ll__tpl tpl[3];
	uint8_t (*out)[1600];
	size_t outlen[64];
	unsigned nout;
	/* clients */
	struct ll__client *cl;
	uint32_t *idle;
	uint64_t idle_head, idle_tail;
	struct ll__to *toq;
	uint64_t toq_head, toq_tail;
	uint32_t outstanding;
	double tokens;
	int64_t last_us, elapsed_us;
	bool stopping, measuring;
	struct ll_msg rx;
	/* results */
	uint64_t exchanges, drops, naks, bad_replies, send_errors, sent[3];
	struct ll_hist lat[3]; /* DISCOVER->OFFER, REQUEST->ACK, RENEW->ACK */
	/* published for the progress line of a threaded run */
	_Atomic uint64_t live_exchanges, live_drops;
	atomic_bool finished;
};

int ll_load_setup(struct ll_load *L, struct ll_craft *c, struct ll_xport *x);
void ll_load_run(struct ll_load *L, int64_t duration_us, bool progress);
#endif
