/* lanleased: sockets, the packet path and the counters.
 *
 * Per interface: a UDP socket on port 67 bound to the device, with
 * IP_PKTINFO to know how a request arrived; and a packet socket to send
 * a reply to a client that has no address yet as an Ethernet frame to
 * its chaddr (RFC 2131 4.1), with no ARP. A lease or history change is
 * committed to the database before the reply leaves. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"
#include "ping.h"
#include "pools.h"

static const char *const ll__cnames[LL_C__COUNT] = {
	[LL_C_RECEIVED] = "pkt4-received",
	[LL_C_DISCOVER] = "pkt4-discover-received",
	[LL_C_REQUEST] = "pkt4-request-received",
	[LL_C_RELEASE] = "pkt4-release-received",
	[LL_C_DECLINE] = "pkt4-decline-received",
	[LL_C_INFORM] = "pkt4-inform-received",
	[LL_C_OFFER] = "pkt4-offer-sent",
	[LL_C_ACK] = "pkt4-ack-sent",
	[LL_C_NAK] = "pkt4-nak-sent",
	[LL_C_SENT] = "pkt4-sent",
	[LL_C_PARSE_FAILED] = "pkt4-parse-failed",
	[LL_C_RECEIVE_DROP] = "pkt4-receive-drop",
	[LL_C_DB_ERRORS] = "database-errors",
	[LL_C_CONFLICTS] = "address-conflicts",
	[LL_C_SUSPENDED] = "suspended-packets",
	[LL_C_HOOK_DROPS] = "hook-drops",
	[LL_C_HOOK_ERRORS] = "hook-errors",
	[LL_C_DB_CACHE] = "database-down-cache-answers",
	[LL_C_SPOOLED] = "spooled-records",
	[LL_C_REPLAYED] = "replayed-records",
	[LL_C_DB_RETRIES] = "database-retries",
	[LL_C_REJECTED] = "spool-rejected-records",
	[LL_C_PING] = "ping-conflicts",
};

const char *ll_counter_name(int i)
{
	return i >= 0 && i < LL_C__COUNT ? ll__cnames[i] : "?";
}

void ll_counters_print(const uint64_t *count, FILE *f)
{
	for (int i = 0; i < LL_C__COUNT; i++)
		fprintf(f, "%s %llu\n", ll__cnames[i],
			(unsigned long long)count[i]);
	fflush(f);
}

int ll_server_open(struct ll_server *S, unsigned idx, const char *ifname)
{
	struct ll_link *l = &S->link[idx];
	int one = 1;
	if (ll_iface_get(ifname, &l->ifc) < 0)
		return -errno;
	l->udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	l->raw = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (l->udp < 0 || l->raw < 0)
		return -errno;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(67) };
	if (setsockopt(l->udp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(l->udp, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) ||
	    setsockopt(l->udp, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    setsockopt(l->udp, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		       (socklen_t)strlen(ifname) + 1) ||
	    bind(l->udp, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	S->nlinks = idx + 1 > S->nlinks ? idx + 1 : S->nlinks;
	return 0;
}

/* RFC 2131 4.1: a reply to a client without an address goes to yiaddr
 * at chaddr, which only a frame can do without ARP. */
static int ll__send_frame(const struct ll_pending *p)
{
	uint8_t f[LL_MSG_MAX + 64];
	struct ll_udp4 h = { .ip_src = p->src_ip, .ip_dst = p->yiaddr, .ttl = 64,
			     .sport = 67, .dport = 68 };
	memcpy(h.eth_src, p->l->ifc.mac, 6);
	memcpy(h.eth_dst, p->chaddr, 6);
	int fl = ll_frame_build(f, sizeof(f), &h, p->w, p->n);
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_ifindex = p->l->ifc.index, .sll_halen = 6 };
	memcpy(sll.sll_addr, p->chaddr, 6);
	if (fl < 0 || sendto(p->l->raw, f, (size_t)fl, 0, (struct sockaddr *)&sll,
			     sizeof(sll)) < 0)
		return -errno;
	return 0;
}

static int ll__send(const struct ll_pending *p)
{
	if (p->frame)
		return ll__send_frame(p);
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(p->dest == LL_TO_RELAY ? 67 : 68),
				  .sin_addr.s_addr = htonl(p->dest == LL_TO_CHADDR
							   ? 0xFFFFFFFFu : p->dest_ip) };
	if (sendto(p->l->udp, p->w, p->n, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return 0;
}

/* Builds the reply and holds it until the batch is committed. */
static int ll__queue(struct ll_server *S, struct ll_link *l, uint32_t sid,
		     const struct ll_msg *req, const struct ll_msg *r,
		     const struct ll_decision *d, int rec)
{
	struct ll_pending *p = &S->out[S->nout];
	int n = ll_msg_build(r, p->w, sizeof(p->w), ll_msg_max_size(req),
			     LL_BOOTP_MIN);
	if (n < 0)
		return n;
	p->l = l;
	p->n = (size_t)n;
	p->dest = d->dest;
	p->dest_ip = d->dest_ip;
	p->src_ip = sid;
	p->yiaddr = r->yiaddr;
	p->kind = d->reply;
	memcpy(p->chaddr, r->chaddr, 6);
	p->frame = d->dest == LL_TO_CHADDR && r->hlen == 6 && r->htype == 1;
	p->rec = rec;
	S->nout++;
	return 0;
}

static void ll__count_in(struct ll_server *S, enum ll_msgtype t)
{
	static const int map[9] = { [LL_DISCOVER] = LL_C_DISCOVER,
				    [LL_REQUEST] = LL_C_REQUEST,
				    [LL_RELEASE] = LL_C_RELEASE,
				    [LL_DECLINE] = LL_C_DECLINE,
				    [LL_INFORM] = LL_C_INFORM };
	if ((unsigned)t < 9 && map[t])
		S->count[map[t]]++;
}

static void ll__count_out(struct ll_server *S, enum ll_reply_kind k)
{
	S->count[k == LL_R_OFFER ? LL_C_OFFER : k == LL_R_ACK ? LL_C_ACK
							       : LL_C_NAK]++;
	S->count[LL_C_SENT]++;
}

/* Commits the batch's changes, then sends its replies: nothing is
 * acknowledged that is not on disk. A failed commit drops them all. */
static void ll__db_mark_down(struct ll_server *S, int64_t now);
static void ll__db_mark_up(struct ll_server *S);

/* The batch's records in address order, so that two servers writing
 * overlapping batches lock rows in the same order (no deadlock). */
static void ll__rec_order(const struct ll_server *S, unsigned *ord)
{
	for (unsigned i = 0; i < S->nrec; i++) {
		unsigned j = i;
		for (; j > 0 && S->recs[ord[j - 1]].ip > S->recs[i].ip; j--)
			ord[j] = ord[j - 1];
		ord[j] = i;
	}
}

/* A spooled record the database refused: the same one LL_POISON_TRIES
 * times in a row is set aside next time (spool-N.rejected). */
static void ll__poison(struct ll_server *S, uint64_t seq)
{
	if (!seq || seq != S->fail_seq) {
		S->fail_seq = seq;
		S->fail_tries = seq ? 1 : 0;
		return;
	}
	if (++S->fail_tries < LL_POISON_TRIES || S->skip_seq == seq)
		return;
	char path[512];
	snprintf(path, sizeof(path), "%s/spool-%u.rejected", S->cfg->state_dir,
		 S->idx);
	if (S->reject_fd < 0)
		S->reject_fd = open(path, O_WRONLY | O_APPEND | O_CREAT |
				    O_CLOEXEC, 0600);
	if (S->reject_fd < 0)
		return;
	S->skip_seq = seq;
	fprintf(stderr, "lanleased: the database refused spooled record %llu "
		"%u times (%s); it is set aside in %s\n", (unsigned long long)seq,
		S->fail_tries, S->store->ops->error(S->store), path);
}

/* W's batch, in address order, into st's open transaction (scratch:
 * the writing thread's); 0 or -errno. A record whose address another
 * client holds is marked lost. */
static int ll__apply_batch(struct ll_store *st, struct ll_server *W,
			   struct ll_vars *scratch)
{
	unsigned ord[LL_BATCH];
	int e = 0;
	ll__rec_order(W, ord);
	for (unsigned i = 0; !e && i < W->nrec; i++) {
		struct ll_rec *r = &W->recs[ord[i]];
		int w = ll_rec_apply(st, W->cfg, r, scratch, false);
		r->lost = w == 0;
		e = w < 0 ? w : 0;
	}
	return e;
}

/* The batch's records (and first any spooled ones) in one transaction;
 * false when that fails. */
static bool ll__db_write(struct ll_server *S)
{
	struct ll_store *st = S->store;
	int e, replayed = 0;
	struct ll_spool_skip sk = { .skip = S->skip_seq,
				    .reject_fd = S->reject_fd };
	st->last_err = LL_SE_NONE;
	if (st->ops->begin(st) < 0)
		return false;
	if (S->spool_pending)
		replayed = ll_spool_replay(S->spool_fd, st, S->cfg, S->idx,
					   S->scratch, &sk);
	e = replayed < 0 ? replayed : ll__apply_batch(st, S, S->scratch);
	if (e || st->ops->commit(st) < 0) {
		st->ops->rollback(st);
		if (S->spool_pending && st->last_err == LL_SE_DATA)
			ll__poison(S, sk.failed);
		return false;
	}
	if (sk.rejected) {
		S->count[LL_C_REJECTED] += sk.rejected;
		S->skip_seq = S->fail_seq = 0;
	}
	if (S->spool_pending) { /* committed: the spool is done with */
		ll_spool_clear(S->spool_fd);
		S->spool_pending = false;
		S->count[LL_C_REPLAYED] += (uint64_t)replayed;
		fprintf(stderr, "lanleased: replayed %d spooled record(s) "
			"(worker %u)\n", replayed, S->idx);
	}
	return true;
}

/* A deadlock with another server is not an outage: try again. */
static bool ll__db_write_retry(struct ll_server *S)
{
	for (int attempt = 0; attempt < 4; attempt++) {
		if (ll__db_write(S))
			return true;
		if (S->store->last_err != LL_SE_RETRY)
			return false;
		S->count[LL_C_DB_RETRIES]++;
	}
	return false;
}

static void ll__mine_note(struct ll_server *S);

enum { LL_GC_IDLE, LL_GC_QUEUED, LL_GC_DONE, LL_GC_FAILED };

struct ll_gc *ll_gc_new(void)
{
	struct ll_gc *g = calloc(1, sizeof(*g));
	if (g && (pthread_mutex_init(&g->mu, NULL) ||
		  pthread_cond_init(&g->cv, NULL))) {
		free(g);
		g = NULL;
	}
	return g;
}

/* The leader's transaction: every queued batch, each in address order. */
static bool ll__gc_write(struct ll_server *L, struct ll_server **q,
			 unsigned n)
{
	struct ll_store *st = L->store;
	int e = 0;
	st->last_err = LL_SE_NONE;
	if (st->ops->begin(st) < 0)
		return false;
	for (unsigned k = 0; k < n && !e; k++)
		e = ll__apply_batch(st, q[k], L->scratch);
	if (e || st->ops->commit(st) < 0) {
		st->ops->rollback(st);
		return false;
	}
	return true;
}

/* Queues S's batch and waits until a group commit took it (leading one
 * when none runs): true when it is on disk. */
static bool ll__gc_commit(struct ll_server *S)
{
	struct ll_gc *g = S->gc;
	pthread_mutex_lock(&g->mu);
	if (g->n >= LL_GC_MAX) {
		pthread_mutex_unlock(&g->mu);
		return false;
	}
	S->gc_state = LL_GC_QUEUED;
	g->q[g->n++] = S;
	while (S->gc_state == LL_GC_QUEUED) {
		if (g->busy) {
			pthread_cond_wait(&g->cv, &g->mu);
			continue;
		}
		struct ll_server *q[LL_GC_MAX];
		unsigned n = g->n;
		memcpy(q, g->q, n * sizeof(q[0]));
		g->n = 0;
		g->busy = true;
		pthread_mutex_unlock(&g->mu);
		bool ok = ll__gc_write(S, q, n);
		pthread_mutex_lock(&g->mu);
		for (unsigned k = 0; k < n; k++)
			q[k]->gc_state = ok ? LL_GC_DONE : LL_GC_FAILED;
		g->busy = false;
		pthread_cond_broadcast(&g->cv);
	}
	bool ok = S->gc_state == LL_GC_DONE;
	S->gc_state = LL_GC_IDLE;
	pthread_mutex_unlock(&g->mu);
	return ok;
}

/* Durable before any reply: the database, else the spool. */
static bool ll__persist(struct ll_server *S)
{
	int64_t now = (int64_t)time(NULL);
	bool db_ok = !(S->db_down && now < S->db_retry_at);
	if (!S->nrec && !S->spool_pending)
		return true;
	if (db_ok && S->gc && !S->spool_pending && ll__gc_commit(S)) {
		ll__db_mark_up(S);
		ll__mine_note(S);
		return true;
	}
	if (db_ok && ll__db_write_retry(S)) {
		ll__db_mark_up(S);
		ll__mine_note(S);
		return true;
	}
	if (db_ok)
		ll__db_mark_down(S, now);
	if (!S->nrec)
		return true;
	if (S->spool_fd >= 0 &&
	    ll_spool_append(S->spool_fd, S->recs, S->nrec) == 0) {
		S->spool_pending = true;
		S->count[LL_C_SPOOLED] += S->nrec;
		return true;
	}
	S->count[LL_C_DB_ERRORS]++;
	fprintf(stderr, "lanleased: records neither committed nor spooled, "
		"%u acknowledgement(s) dropped: %s\n", S->nrec,
		S->store->ops->error(S->store));
	return false;
}

/* A record whose address another server's client took between the
 * lookup and the commit: its reply is dropped (RFC 2131 4.3.1). */
static bool ll__lost(struct ll_server *S, const struct ll_pending *p)
{
	if (p->rec < 0 || !S->recs[p->rec].lost)
		return false;
	uint32_t ip = S->recs[p->rec].ip;
	S->count[LL_C_CONFLICTS]++;
	ll_pools_note(S->pools, ip, ll_pools_key(S->recs[p->rec].cid),
		      LL_PE_LOST, S->recs[p->rec].now + 60, S->recs[p->rec].now);
	fprintf(stderr, "lanleased: conflict: %u.%u.%u.%u was leased to "
		"another client through another server; %s gets nothing\n",
		ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255,
		S->recs[p->rec].cid);
	return true;
}

/* The batch's UDP replies in one sendmmsg per socket (raw frames one
 * by one): a system call per reply was a quarter of the server's time.
 * Replies to one destination (a relay, typically) of one size go as one
 * UDP GSO datagram (UDP_SEGMENT, Linux 4.18), cut into datagrams below
 * the stack; a kernel or device that refuses it gets them one by one
 * from then on (the link's no_gso). */
struct ll__out {
	struct mmsghdr mm[LL_BATCH];
	struct iovec iov[LL_BATCH];
	struct sockaddr_in to[LL_BATCH];
	char ctl[LL_BATCH][CMSG_SPACE(sizeof(uint16_t))];
	unsigned first[LL_BATCH], count[LL_BATCH]; /* replies of message m */
	unsigned idx[LL_BATCH];                    /* reply of iov k */
	unsigned n, k;
};

static struct sockaddr_in ll__to(const struct ll_pending *p)
{
	return (struct sockaddr_in){ .sin_family = AF_INET,
		.sin_port = htons(p->dest == LL_TO_RELAY ? 67 : 68),
		.sin_addr.s_addr = htonl(p->dest == LL_TO_CHADDR ? 0xFFFFFFFFu
							       : p->dest_ip) };
}

/* Reply i into o: joins the last message when it can be one segment
 * more of it, else starts a message. */
static void ll__out_add(struct ll__out *o, const struct ll_pending *p,
			unsigned i, bool gso)
{
	struct sockaddr_in to = ll__to(p);
	unsigned m = o->n - 1;
	o->iov[o->k] = (struct iovec){ (void *)p->w, p->n };
	o->idx[o->k] = i;
	if (gso && o->n && o->count[m] < 64 &&
	    o->to[m].sin_addr.s_addr == to.sin_addr.s_addr &&
	    o->to[m].sin_port == to.sin_port &&
	    o->iov[o->first[m]].iov_len == p->n) {
		o->count[m]++;
		o->mm[m].msg_hdr.msg_iovlen++;
		o->k++;
		return;
	}
	m = o->n++;
	o->to[m] = to;
	o->first[m] = o->k;
	o->count[m] = 1;
	o->mm[m].msg_hdr = (struct msghdr){ .msg_name = &o->to[m],
		.msg_namelen = sizeof(o->to[m]), .msg_iov = &o->iov[o->k],
		.msg_iovlen = 1 };
	o->k++;
}

/* Messages of more than one segment get their UDP_SEGMENT size. */
static void ll__out_seal(struct ll__out *o)
{
	for (unsigned m = 0; m < o->n; m++) {
		if (o->count[m] < 2)
			continue;
		struct msghdr *h = &o->mm[m].msg_hdr;
		uint16_t seg = (uint16_t)o->iov[o->first[m]].iov_len;
		h->msg_control = o->ctl[m];
		h->msg_controllen = sizeof(o->ctl[m]);
		struct cmsghdr *c = CMSG_FIRSTHDR(h);
		c->cmsg_level = SOL_UDP;
		c->cmsg_type = UDP_SEGMENT;
		c->cmsg_len = CMSG_LEN(sizeof(seg));
		memcpy(CMSG_DATA(c), &seg, sizeof(seg));
	}
}

static void ll__out_send(struct ll_server *S, struct ll_link *l,
			 struct ll__out *o)
{
	for (unsigned off = 0; off < o->n;) {
		int r = sendmmsg(l->udp, o->mm + off, o->n - off, 0);
		if (r > 0) {
			for (unsigned m = off; m < off + (unsigned)r; m++)
				for (unsigned j = 0; j < o->count[m]; j++)
					ll__count_out(S, S->out[o->idx[o->first[m] + j]].kind);
			off += (unsigned)r;
			continue;
		}
		if (o->count[off] > 1) { /* GSO refused: one by one */
			l->no_gso = true;
			for (unsigned j = 0; j < o->count[off]; j++) {
				const struct ll_pending *p =
					&S->out[o->idx[o->first[off] + j]];
				if (ll__send(p) == 0)
					ll__count_out(S, p->kind);
			}
		}
		off++; /* this one failed: skip it */
	}
}

static void ll__send_all(struct ll_server *S, const bool *go)
{
	static _Thread_local struct ll__out o;
	for (unsigned i = 0; i < S->nout; i++)
		if (go[i] && S->out[i].frame && ll__send(&S->out[i]) == 0)
			ll__count_out(S, S->out[i].kind);
	for (unsigned li = 0; li < S->nlinks; li++) {
		struct ll_link *l = &S->link[li];
		o.n = o.k = 0;
		for (unsigned i = 0; i < S->nout; i++)
			if (go[i] && !S->out[i].frame && S->out[i].l == l)
				ll__out_add(&o, &S->out[i], i,
					    S->cfg->gso && !l->no_gso);
		ll__out_seal(&o);
		ll__out_send(S, l, &o);
	}
}

static void ll__flush(struct ll_server *S)
{
	bool go[LL_BATCH], any = false;
	for (unsigned i = 0; i < S->nout; i++)
		any |= go[i] = S->out[i].rec < 0;
	if (any && S->nrec)
		ll__send_all(S, go);
	bool ok = ll__persist(S);
	for (unsigned i = 0; i < S->nout; i++)
		go[i] = (!S->nrec && S->out[i].rec < 0) ||
			(ok && S->out[i].rec >= 0 && !ll__lost(S, &S->out[i]));
	ll__send_all(S, go);
	S->nout = S->nrec = 0;
}

void ll_server_save_cache(struct ll_server *S, int64_t now)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/cache", S->cfg->state_dir);
	int n = ll_dc_save(S->cache, path, now);
	if (n < 0 && !S->save_warned) {
		S->save_warned = true;
		fprintf(stderr, "lanleased: warning: cannot keep the last-known-"
			"good cache in %s: %s\n", path, strerror(-n));
	}
}

int ll_server_spool_open(struct ll_server *S, char *err, size_t errlen)
{
	char path[512];
	S->recs = calloc(LL_BATCH, sizeof(*S->recs));
	S->scratch = malloc(sizeof(*S->scratch));
	S->spool_fd = S->reject_fd = -1;
	if (!S->recs || !S->scratch)
		return snprintf(err, errlen, "out of memory"), -1;
	snprintf(path, sizeof(path), "%s/spool-%u", S->cfg->state_dir, S->idx);
	S->spool_fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (S->spool_fd < 0) {
		fprintf(stderr, "lanleased: warning: no spool (%s: %s): during a "
			"database outage nothing will be acknowledged\n", path,
			strerror(errno));
		return 0;
	}
	struct stat sb;
	S->spool_pending = fstat(S->spool_fd, &sb) == 0 && sb.st_size > 0;
	if (S->spool_pending)
		fprintf(stderr, "lanleased: %s holds records from an outage; "
			"they are replayed when the database answers\n", path);
	return 0;
}

static void ll__recv_batch(struct ll_server *S, struct ll_link *l)
{
	static _Thread_local uint8_t bufs[LL_BATCH][LL_MSG_MAX + 1];
	static _Thread_local char cbufs[LL_BATCH][CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct mmsghdr mm[LL_BATCH];
	struct iovec iov[LL_BATCH];
	struct sockaddr_in from[LL_BATCH];
	for (int k = 0; k < LL_BATCH; k++) {
		iov[k] = (struct iovec){ bufs[k], sizeof(bufs[k]) };
		mm[k].msg_hdr = (struct msghdr){ .msg_iov = &iov[k], .msg_iovlen = 1,
						 .msg_name = &from[k],
						 .msg_namelen = sizeof(from[k]),
						 .msg_control = cbufs[k],
						 .msg_controllen = sizeof(cbufs[k]) };
	}
	int n = recvmmsg(l->udp, mm, LL_BATCH, MSG_DONTWAIT, NULL);
	for (int k = 0; k < n; k++) {
		uint32_t dst = 0;
		struct msghdr *mh = &mm[k].msg_hdr;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
				dst = ntohl(((struct in_pktinfo *)CMSG_DATA(c))
						    ->ipi_addr.s_addr);
		ll_server_handle(S, l, bufs[k], mm[k].msg_len, dst,
				 ntohl(from[k].sin_addr.s_addr),
				 ntohs(from[k].sin_port));
	}
}

void ll_server_tick(struct ll_server *S, int timeout_ms)
{
	struct pollfd pfd[LL_CFG_MAX];
	for (unsigned i = 0; i < S->nlinks; i++)
		pfd[i] = (struct pollfd){ .fd = S->link[i].udp, .events = POLLIN };
	int ready = poll(pfd, S->nlinks, timeout_ms);
	int64_t now = (int64_t)time(NULL);
	if (S->idx == 0 && now != S->last_tick) {
		S->last_tick = now; /* a wake-up about once a second */
		if (S->hooks)
			ll_hooks_tick(S->hooks);
		ll_pools_tick(S->pools, now); /* the expired go back */
	}
	if (S->idx == 0 && S->cache && now >= S->next_save) {
		ll_server_save_cache(S, now); /* every minute */
		S->next_save = now + 60;
	}
	if (S->spool_pending && !(S->db_down && now < S->db_retry_at))
		ll__flush(S); /* replay the spool even when nothing comes */
	if (ready <= 0)
		return;
	for (unsigned i = 0; i < S->nlinks; i++)
		if (pfd[i].revents & POLLIN)
			ll__recv_batch(S, &S->link[i]);
	ll__flush(S);
}

struct ll_mines *ll_mines_new(void)
{
	struct ll_mines *M = calloc(1, sizeof(*M));
	for (unsigned i = 0; M && i < LL_MINE_STRIPES; i++)
		pthread_mutex_init(&M->mu[i], NULL);
	return M;
}

static unsigned ll__mine_idx(uint32_t ip)
{
	return (ip * 2654435761u) & (LL_MINE_SLOTS - 1);
}

/* After a commit: what the workers bound is known without a read; a
 * release or decline forgets it. Trusting it is safe across servers:
 * no other server can take a live lease from its client (the
 * conditional write), and a renewal is checked again at commit. */
static void ll__mine_note(struct ll_server *S)
{
	for (unsigned i = 0; S->mine && i < S->nrec; i++) {
		const struct ll_rec *r = &S->recs[i];
		unsigned k = ll__mine_idx(r->ip);
		struct ll_mine *m = &S->mine->slot[k];
		bool bound = !r->lost && !strcmp(r->state, "bound");
		int64_t t = r->now + LL_MINE_TRUST;
		pthread_mutex_lock(&S->mine->mu[k % LL_MINE_STRIPES]);
		if (bound)
			*m = (struct ll_mine){ r->ip, ll_pools_key(r->cid),
					       r->until < t ? r->until : t };
		else if (m->ip == r->ip)
			m->until = 0;
		pthread_mutex_unlock(&S->mine->mu[k % LL_MINE_STRIPES]);
	}
}

/* The client holds ip, as a worker committed lately. */
static bool ll__mine_holds(struct ll_server *S, uint32_t ip, const char *cid,
			   int64_t now)
{
	if (!S->mine)
		return false;
	unsigned k = ll__mine_idx(ip);
	pthread_mutex_lock(&S->mine->mu[k % LL_MINE_STRIPES]);
	struct ll_mine m = S->mine->slot[k];
	pthread_mutex_unlock(&S->mine->mu[k % LL_MINE_STRIPES]);
	return m.ip == ip && m.until > now && m.cid == ll_pools_key(cid);
}

/* The lease view of an address for this client (client-id in hex). */
static void ll__view(struct ll_server *S, uint32_t ip, const char *cid,
		     struct ll_lease_view *lv)
{
	struct ll_lease l;
	int64_t now = (int64_t)time(NULL);
	memset(lv, 0, sizeof(*lv));
	if (!ip)
		return;
	if (ll__mine_holds(S, ip, cid, now)) {
		lv->held_by_client = true;
		return;
	}
	/* the breaker open: no lease state (the address counts as free;
	 * what is acknowledged now is spooled and checked on replay) */
	if (S->db_down && now < S->db_retry_at)
		return;
	int r = ll_lease_get(S->store, ip, &l);
	if (r < 0)
		ll__db_mark_down(S, now);
	if (r != 1)
		return;
	bool mine = !strcmp(l.client_id, cid);
	bool live = l.expiry > (int64_t)time(NULL) &&
		    (!strcmp(l.state, "bound") || !strcmp(l.state, "offered"));
	lv->held_by_other = !mine && live;
	lv->held_by_client = mine && strcmp(l.state, "released");
	lv->declined = !strcmp(l.state, "declined") &&
		       l.expiry > (int64_t)time(NULL);
}

/* The lease view for a DISCOVER or REQUEST of a pool address, from the
 * pools when no other server writes their leases (lanleased alone on
 * its SQLite file): no read. A RELEASE or DECLINE, and every address
 * outside the pools, asks the database. */
static void ll__view_for(struct ll_server *S, enum ll_method m, uint32_t ip,
			 const char *cid, struct ll_lease_view *lv)
{
	memset(lv, 0, sizeof(*lv));
	if (ip && S->pools_alone && m != LL_M_RELEASE && m != LL_M_DECLINE &&
	    ll_pools_view(S->pools, ip, ll_pools_key(cid), (int64_t)time(NULL),
			  &lv->held_by_other, &lv->held_by_client,
			  &lv->declined))
		return;
	ll__view(S, ip, cid, lv);
}

/* What this batch has bound but not yet written counts too. */
static void ll__view_batch(const struct ll_server *S, uint32_t ip,
			   const char *cid, struct ll_lease_view *lv)
{
	for (unsigned i = 0; ip && i < S->nrec; i++)
		if (S->recs[i].ip == ip && !strcmp(S->recs[i].state, "bound") &&
		    strcmp(S->recs[i].cid, cid))
			lv->held_by_other = true;
}

/* Lease state and history, kept for the batch's transaction (committed,
 * or spooled, before any reply leaves). An OFFER's short hold is not
 * written: only what is acknowledged must be durable. */
static int ll__record(struct ll_server *S, struct ll_vars *V,
		      const struct ll_decision *d, enum ll_method m,
		      const char *cid)
{
	static const char *const states[] = { [LL_L_BIND] = "bound",
					      [LL_L_RELEASE] = "released",
					      [LL_L_DECLINE] = "declined" };
	int64_t now = (int64_t)time(NULL);
	size_t ml;
	const char *mac = ll_vars_get(V, "chaddr", 6, &ml);
	if (d->lease == LL_L_NONE || d->lease == LL_L_OFFER)
		return 0;
	if (!S->recs || S->nrec >= LL_BATCH)
		return -ENOSPC;
	struct ll_rec *r = &S->recs[S->nrec];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t us = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000;
	r->seq = S->spool_seq = us > S->spool_seq ? us : S->spool_seq + 1;
	r->ip = r->lease_ip = d->lease_ip;
	r->until = d->lease == LL_L_BIND ? now + d->lease_secs
		   : d->lease == LL_L_DECLINE ? now + S->cfg->decline_probation
		   : now;
	if (S->pools) /* the pool follows the decision at once */
		ll_pools_note(S->pools, d->lease_ip, ll_pools_key(cid),
			      d->lease == LL_L_BIND ? LL_PE_BIND
			      : d->lease == LL_L_RELEASE ? LL_PE_RELEASE
			      : LL_PE_DECLINE, r->until, now);
	r->now = now;
	snprintf(r->cid, sizeof(r->cid), "%s", cid);
	snprintf(r->mac, sizeof(r->mac), "%.*s", mac ? (int)ml : 0,
		 mac ? mac : "");
	snprintf(r->state, sizeof(r->state), "%s", states[d->lease]);
	snprintf(r->method, sizeof(r->method), "%s", ll_method_name(m));
	const struct ll_tpl *t[2] = { ll_store_stmt(S->store, LL_Q_HISTORY),
				      S->cfg->have_history_sql
					      ? &S->cfg->history_sql : NULL };
	ll_rec_vars(r, V, t, 2);
	r->lost = false;
	S->nrec++;
	return 1;
}

static void ll__debug_vars(const struct ll_vars *V)
{
	for (unsigned i = 0; i < V->n; i++)
		fprintf(stderr, "  %s = %.*s\n", V->arena + V->v[i].name,
			(int)V->v[i].vlen, V->arena + V->v[i].val);
}

static void ll__debug_trace(const struct ll_trace *tr)
{
	for (unsigned i = 0; i < tr->nsteps; i++)
		fprintf(stderr, "  lookup %u %s: %s%s\n", i + 1,
			ll_step_name(tr->step[i].kind),
			tr->step[i].result == 1 ? "found"
			: tr->step[i].result == 0 ? "no row"
			: tr->step[i].result == -1 ? "skipped, no variable "
						   : "database error",
			tr->step[i].missing);
}

/* staticDHCPd's relay rules: allow_local_dhcp, allow_dhcp_relays,
 * allowed_dhcp_relays. */
static bool ll__allowed(const struct ll_server *S, const struct ll_msg *req)
{
	const struct ll_config *c = S->cfg;
	if (!req->giaddr)
		return c->allow_local_dhcp;
	if (!c->allow_dhcp_relays)
		return false;
	for (unsigned i = 0; i < c->nrelays; i++)
		if (c->relays[i] == req->giaddr)
			return true;
	return c->nrelays == 0;
}

static void ll__pktinfo(struct ll_server *S, enum ll_method m, uint32_t src,
			uint16_t sport)
{
	struct ll_pktinfo *pi = &S->pi;
	static const char hx[] = "0123456789abcdef";
	pi->method = m;
	for (int i = 0; i < 6; i++) {
		pi->mac[i * 3] = hx[S->req.chaddr[i] >> 4];
		pi->mac[i * 3 + 1] = hx[S->req.chaddr[i] & 15];
		pi->mac[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
	pi->client_ip = S->req.ciaddr;
	pi->relay_ip = S->req.giaddr;
	pi->port = sport;
	pi->source_ip = src;
}

/* A hook's verdict: true goes on; drops and errors are counted. */
static bool ll__verdict(struct ll_server *S, enum ll_hres r)
{
	if (r == LL_HR_GO)
		return true;
	S->count[r == LL_HR_ERROR ? LL_C_HOOK_ERRORS : LL_C_HOOK_DROPS]++;
	return false;
}

/* Relay rules, suspensions and filter_packet: true goes on. */
static bool ll__admit(struct ll_server *S)
{
	int64_t now = (int64_t)time(NULL);
	const struct ll_config *c = S->cfg;
	if (!ll__allowed(S, &S->req)) {
		S->count[LL_C_RECEIVE_DROP]++;
		return false;
	}
	if (ll_abuse_packet(S->abuse, S->req.chaddr, now, c->suspend_threshold,
			    c->misbehaving_client_timeout)) {
		S->count[LL_C_SUSPENDED]++;
		return false;
	}
	enum ll_hres r = ll_hooks_filter_packet(S->hooks, &S->req, &S->pi);
	if (r == LL_HR_BLACKLIST) /* nil: the MAC is ignored for a while */
		ll_abuse_suspend(S->abuse, S->req.chaddr, now,
				 c->misbehaving_client_timeout,
				 "filter_packet returned nil");
	return ll__verdict(S, r);
}

/* The request's variables: every field and option (all, or those the
 * configuration reads), the method, the user variables cut from them. */
static void ll__mask_tpl(struct ll_optmask *mk, const struct ll_tpl *t)
{
	for (unsigned i = 0; t && i < t->nvars; i++)
		ll_optmask_add(mk, t->vars[i]);
}

/* The options whose variables this configuration reads: the lookup
 * steps, the history statements, the user variables' sources. */
static const struct ll_optmask *ll__mask(struct ll_server *S)
{
	const struct ll_config *c = S->cfg;
	if (S->debug || !S->store)
		return NULL; /* -d shows every variable */
	if (S->mask_cfg == c)
		return &S->mask;
	memset(&S->mask, 0, sizeof(S->mask));
	for (unsigned i = 0; i < c->nsteps; i++)
		ll__mask_tpl(&S->mask, &c->steps[i].tpl);
	ll__mask_tpl(&S->mask, ll_store_stmt(S->store, LL_Q_HISTORY));
	if (c->have_history_sql)
		ll__mask_tpl(&S->mask, &c->history_sql);
	for (unsigned i = 0; i < c->nuservars; i++) {
		const struct ll_uservar *u = &c->uservars[i];
		if (u->code >= 0)
			S->mask.bit[u->code >> 3] |= (uint8_t)(1u << (u->code & 7));
		else
			ll_optmask_add(&S->mask, u->source);
	}
	S->mask_cfg = c;
	return &S->mask;
}

static void ll__vars(struct ll_server *S, enum ll_method m, bool all)
{
	ll_vars_init(&S->vars);
	ll_vars_from_msg_only(&S->vars, &S->req, all ? NULL : ll__mask(S));
	ll_vars_set(&S->vars, "method", ll_method_name(m),
		    strlen(ll_method_name(m)));
	ll_uservars_apply(&S->vars, &S->req, S->cfg->uservars,
			  S->cfg->nuservars);
}

/* The packet path, from bytes to the reply on the wire. */
void ll_server_handle(struct ll_server *S, struct ll_link *l,
		      const uint8_t *b, size_t n, uint32_t dst, uint32_t src,
		      uint16_t sport)
{
	struct ll_perr pe;
	struct ll_arrival arr = {
		.server_id = S->cfg->server_id ? S->cfg->server_id : l->ifc.ip,
		.broadcast = dst != l->ifc.ip,
	};
	S->count[LL_C_RECEIVED]++;
	if (ll_msg_parse(&S->req, b, n, &pe) != LL_OK) {
		S->count[LL_C_PARSE_FAILED]++;
		return;
	}
	ll__count_in(S, ll_msg_type(&S->req));
	enum ll_drop why;
	enum ll_method m = ll_srv_classify(&S->req, &arr, &why);
	if (m == LL_M_DROP) {
		S->count[LL_C_RECEIVE_DROP]++;
		if (S->debug)
			fprintf(stderr, "lanleased: dropped: %s\n", ll_drop_name(why));
		return;
	}
	ll__pktinfo(S, m, src, sport);
	if (ll__admit(S)) {
		ll__vars(S, m, false);
		ll_server_answer(S, l, &arr, m);
	}
	ll_hooks_end(S->hooks);
}

static int ll__pick(void *ctx, const struct ll_row *rows, size_t n)
{
	struct ll_server *S = ctx;
	return ll_hooks_pick(S->hooks, rows, n, &S->req, &S->pi);
}

/* The database failed (or the breaker is open): log the change once,
 * back off, and answer from the last-known-good cache unless
 * on_db_failure = "drop". */
static void ll__db_mark_down(struct ll_server *S, int64_t now)
{
	if (!S->db_down) {
		fprintf(stderr, "lanleased: DATABASE DOWN (worker %u): %s; %s\n",
			S->idx, S->store->ops->error(S->store),
			S->cfg->db_failure_drop ? "dropping requests until it is "
			"back (on_db_failure = drop)" : "answering known clients "
			"from the last-known-good cache");
		S->db_down = true;
	}
	if (now >= S->db_retry_at) {
		S->db_backoff = S->db_backoff ? (S->db_backoff >= 16 ? 30
						 : S->db_backoff * 2) : 1;
		S->db_retry_at = now + S->db_backoff;
	}
}

static void ll__db_mark_up(struct ll_server *S)
{
	if (!S->db_down)
		return;
	fprintf(stderr, "lanleased: database back (worker %u)\n", S->idx);
	S->db_down = false;
	S->db_backoff = 0;
}

static int ll__db_failed(struct ll_server *S, int err, bool cacheable,
			 const char *key, size_t klen, int64_t now)
{
	ll__db_mark_down(S, now);
	if (cacheable && !S->cfg->db_failure_drop) {
		int r = ll_dc_get(S->cache, key, klen, now, &S->defb, true);
		if (r >= 0) {
			S->count[LL_C_DB_CACHE]++;
			return r;
		}
	}
	return err;
}

/* The lookup chain, through the cache when there is one. */
static int ll__lookup(struct ll_server *S, struct ll_trace *tr)
{
	char key[256];
	size_t klen;
	int64_t now = (int64_t)time(NULL);
	bool cacheable = S->cache && ll_dc_key(S->cfg, &S->vars, key, &klen) == 0;
	if (cacheable && S->cache_fresh) {
		int r = ll_dc_get(S->cache, key, klen, now, &S->defb, false);
		if (r >= 0) {
			tr->nsteps = 0;
			tr->found_at = r ? 0 : -1;
			return r;
		}
	}
	if (S->db_down && now < S->db_retry_at) /* the breaker is open */
		return ll__db_failed(S, -EIO, cacheable, key, klen, now);
	struct ll_picker pk = { ll__pick, S };
	S->defb.err[0] = '\0';
	int found = ll_chain_lookup_pick(S->store, S->cfg->steps, S->cfg->nsteps,
					 &S->vars,
					 (const char *const *)S->cfg->defaults,
					 &S->defb, tr,
					 ll_hooks_picker(S->hooks) ? &pk : NULL);
	if (found < 0 && found != -ECANCELED && S->defb.err[0] == '\0')
		return ll__db_failed(S, found, cacheable, key, klen, now);
	if (found >= 0)
		ll__db_mark_up(S);
	if (cacheable && found >= 0)
		ll_dc_put(S->cache, key, klen, now + S->cfg->cache_ttl,
			  now + S->cfg->cache_stale, found, &S->defb);
	return found;
}

static void ll__view(struct ll_server *S, uint32_t ip, const char *cid,
		     struct ll_lease_view *lv);

struct ll__taken_ctx { struct ll_server *S; const char *cid; };

/* Another client holds ip, says the database (another server's lease),
 * or it rests after a DECLINE. Alone on its database, the pools know
 * every lease and every decline themselves. (Called by the pools with
 * their lock held: it must not ask them back, so not ll__view_for.) */
static bool ll__taken(void *ctx, uint32_t ip)
{
	struct ll__taken_ctx *t = ctx;
	struct ll_lease_view lv;
	if (t->S->pools_alone)
		return false;
	ll__view(t->S, ip, t->cid, &lv);
	return lv.held_by_other || lv.declined;
}

/* The pool step (last in the chain): an address from the pool of the
 * client's link (RFC 2131 4.3.1), or nothing. */
static void ll__pool_req(struct ll_server *S, const struct ll_link *l,
			 enum ll_method m, const char *cid,
			 struct ll__taken_ctx *tc, struct ll_pool_req *pr)
{
	uint32_t asked = 0;
	if (ll_msg_get_ip(&S->req, 50, &asked) != LL_OK)
		asked = S->req.ciaddr;
	*tc = (struct ll__taken_ctx){ S, cid };
	*pr = (struct ll_pool_req){
		.req = &S->req, .link_ip = l->ifc.ip, .ifname = l->ifc.name,
		.request = m != LL_M_DISCOVER, .asked = asked,
		.client = ll_pools_key(cid), .now = (int64_t)time(NULL),
		.taken = ll__taken, .ctx = tc,
	};
}

/* A pool with db_subnet (f == 2): its subnets row and option rows over
 * the configured options. The database failing, or the breaker open,
 * the configured options serve alone (logged, counted). */
static int ll__pool_db(struct ll_server *S, int f)
{
	if (f != 2)
		return f;
	int64_t now = (int64_t)time(NULL);
	if (S->db_down && now < S->db_retry_at)
		return 1;
	S->defb.err[0] = '\0';
	int r = ll_chain_subnet(S->store, &S->vars, &S->defb);
	if (r < 0) {
		S->count[LL_C_DB_ERRORS]++;
		fprintf(stderr, "lanleased: pool subnet %s from the database: %s "
			"%s; the configured options serve\n", S->defb.subnet,
			S->defb.err[0] ? "" : S->store->ops->error(S->store),
			S->defb.err);
		if (!S->defb.err[0])
			ll__db_mark_down(S, now);
	}
	return 1;
}

static int ll__pool_step(struct ll_server *S, const struct ll_link *l,
			 enum ll_method m, const char *cid)
{
	struct ll__taken_ctx tc;
	struct ll_pool_req pr;
	ll__pool_req(S, l, m, cid, &tc, &pr);
	if (m == LL_M_INFORM) /* RFC 2131 4.3.5: options, no address */
		return ll__pool_db(S, ll_pools_inform(S->pools, S->cfg, &pr,
						      &S->defb));
	for (int tries = 0; tries < 4; tries++) {
		int f = ll__pool_db(S, ll_pools_lookup(S->pools, S->cfg, &pr,
						       &S->defb));
		if (f <= 0 || m != LL_M_DISCOVER || S->ping_fd < 0)
			return f;
		/* RFC 2131 4.4.1: probe a new address before offering it; one
		 * that answers is in use, and rests like a declined one */
		uint32_t ip = S->defb.def.ip;
		struct ll_lease_view lv;
		ll__view(S, ip, cid, &lv);
		if (lv.held_by_client ||
		    ll_ping(S->ping_fd, ip, (uint16_t)(0x4c00 | S->idx),
			    ++S->ping_seq, S->cfg->ping_check) != 1)
			return f;
		S->count[LL_C_PING]++;
		fprintf(stderr, "lanleased: ping: %u.%u.%u.%u answers: in use, "
			"on probation for %u s\n", ip >> 24, (ip >> 16) & 255,
			(ip >> 8) & 255, ip & 255, S->cfg->decline_probation);
		ll_pools_note(S->pools, ip, 0, LL_PE_DECLINE,
			      pr.now + S->cfg->decline_probation, pr.now);
	}
	return 0;
}

/* The lookup chain, then handle_unknown_mac; 1 found, 0 not, -1 drop. */
static int ll__find(struct ll_server *S, const struct ll_link *l,
		    struct ll_trace *tr, enum ll_method m, const char *cid)
{
	int found;
	if (m == LL_M_RELEASE || m == LL_M_DECLINE)
		return 0;
	found = ll__lookup(S, tr);
	if (found == -ECANCELED) {
		S->count[LL_C_HOOK_ERRORS]++;
		return -1;
	}
	if (found < 0) {
		S->count[LL_C_DB_ERRORS]++;
		fprintf(stderr, "lanleased: lookup failed: %s %s\n",
			S->store->ops->error(S->store), S->defb.err);
		return -1;
	}
	if (!found && S->pools && S->cfg->pool_step)
		found = ll__pool_step(S, l, m, cid);
	if (!found)
		found = ll_hooks_unknown_mac(S->hooks, &S->req, &S->pi, &S->defb);
	if (found < 0) {
		S->count[LL_C_HOOK_ERRORS]++;
		return -1;
	}
	if (!found && S->cfg->unauthorized_client_timeout)
		ll_abuse_suspend(S->abuse, S->req.chaddr, (int64_t)time(NULL),
				 S->cfg->unauthorized_client_timeout,
				 "unknown client (unauthorized_client_timeout)");
	return found;
}

/* load_dhcp_packet has the last word: false drops, packet:nak() turns
 * the reply into a NAK; options it sets are sent. True goes on. */
static bool ll__last_word(struct ll_server *S, const struct ll_srv_config *sc,
			  const struct ll_arrival *arr, enum ll_method m,
			  int found, struct ll_decision *d)
{
	bool nak;
	uint32_t lt;
	if (d->reply == LL_R_NONE || !S->hooks)
		return true;
	if (!ll__verdict(S, ll_hooks_load_packet(S->hooks, &S->reply, &S->req,
						 &S->pi, found ? &S->defb : NULL,
						 &nak)))
		return false;
	if (nak) {
		ll_srv_nak(sc, arr, &S->req, m, &S->reply, d);
		return true;
	}
	/* what is recorded follows what the hook left in the reply */
	if (d->lease == LL_L_BIND || d->lease == LL_L_OFFER)
		d->lease_ip = S->reply.yiaddr;
	if (ll_msg_get_u32(&S->reply, 51, &lt) == LL_OK)
		d->lease_secs = lt;
	return true;
}

static void ll__stats(struct ll_server *S, int found,
		      const struct ll_decision *d, const struct timespec *t0)
{
	struct timespec t1;
	if (!S->hooks)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct ll_pktstat st = {
		.pi = &S->pi, .ip = d->reply != LL_R_NONE ? S->reply.yiaddr : 0,
		.subnet = found ? S->defb.subnet : NULL,
		.serial = found ? S->defb.serial : 0,
		.seconds = (double)(t1.tv_sec - t0->tv_sec) +
			   (double)(t1.tv_nsec - t0->tv_nsec) / 1e9,
		.processed = d->reply != LL_R_NONE || d->lease != LL_L_NONE,
	};
	ll_hooks_stats(S->hooks, &st);
}

void ll_server_answer(struct ll_server *S, struct ll_link *l,
		      const struct ll_arrival *arr, enum ll_method m)
{
	struct ll_trace tr = { 0 };
	struct timespec t0;
	if (S->hooks)
		clock_gettime(CLOCK_MONOTONIC, &t0);
	uint8_t raw[256];
	char cid[520];
	size_t cl = ll_srv_client_id(&S->req, raw);
	struct ll_sb sb;
	ll_sb_init(&sb, cid, sizeof(cid));
	ll_sb_hex(&sb, raw, cl);
	int found = ll__find(S, l, &tr, m, cid);
	if (found < 0)
		return;
	uint32_t ip = found ? S->defb.def.ip : m == LL_M_RELEASE ? S->req.ciaddr : 0;
	struct ll_lease_view lv;
	ll__view_for(S, m, ip, cid, &lv);
	ll__view_batch(S, ip, cid, &lv);
	struct ll_srv_config sc = { .authoritative = S->cfg->authoritative,
				    .rapid_commit = S->cfg->rapid_commit,
				    .default_lease = S->cfg->lease_time,
				    .always = S->cfg->always,
				    .nalways = S->cfg->nalways };
	struct ll_decision d;
	ll_srv_decide(&sc, arr, &S->req, m, found ? &S->defb.def : NULL, &lv,
		      &S->reply, &d);
	if (S->debug) {
		fprintf(stderr, "lanleased: %s from %s\n", ll_method_name(m), cid);
		ll__debug_vars(&S->vars);
		ll__debug_trace(&tr);
		fprintf(stderr, "  decision: %s%s%s\n",
			d.reply == LL_R_OFFER ? "OFFER" : d.reply == LL_R_ACK ? "ACK"
			: d.reply == LL_R_NAK ? "NAK" : "no reply",
			d.why ? ": " : "", d.why ? ll_drop_name(d.why) : "");
	}
	if (d.why == LL_D_CONFLICT) {
		S->count[LL_C_CONFLICTS]++;
		fprintf(stderr, "lanleased: conflict: %u.%u.%u.%u is leased to "
			"another client; %s gets nothing\n", ip >> 24,
			(ip >> 16) & 255, (ip >> 8) & 255, ip & 255, cid);
	}
	if (!ll__last_word(S, &sc, arr, m, found, &d))
		return;
	int rec = ll__record(S, &S->vars, &d, m, cid);
	if (rec < 0) {
		S->count[LL_C_DB_ERRORS]++;
		fprintf(stderr, "lanleased: cannot record the lease: %s\n",
			S->store->ops->error(S->store));
		return; /* nothing acknowledged that is not on disk */
	}
	if (d.reply != LL_R_NONE &&
	    ll__queue(S, l, arr->server_id, &S->req, &S->reply, &d,
		      rec ? (int)S->nrec - 1 : -1) < 0)
		fprintf(stderr, "lanleased: cannot build the reply\n");
	if (S->hooks)
		ll__stats(S, found, &d, &t0);
}

int ll_server_hooks_open(struct ll_server *S, const struct ll_config *cfg,
			 char *err, size_t errlen)
{
	struct ll_hooks *H = ll_hooks_open(cfg, S->idx, err, errlen);
	if (!H)
		return -1;
	ll_hooks_close(S->hooks);
	/* a conf.lua without functions costs nothing per packet */
	S->hooks = ll_hooks_any(H) ? H : (ll_hooks_close(H), NULL);
	return 0;
}

void ll_server_reload(struct ll_server *S, const struct ll_config *cfg,
		      unsigned gen)
{
	char err[512];
	S->gen = gen;
	if (ll_server_hooks_open(S, cfg, err, sizeof(err))) {
		fprintf(stderr, "lanleased: worker %u keeps the old hooks: %s\n",
			S->idx, err);
		return;
	}
	S->cfg = cfg;
	S->mask_cfg = NULL; /* the variables read may differ too */
	if (S->cache)
		ll_dc_clear(S->cache); /* definitions may differ */
	if (S->idx == 0)
		ll_hooks_reinit(S->hooks);
}

/* The pool step of a dry run: what the pool would give, holding
 * nothing (the held or reserved address, or a free one to come). */
static int ll__dry_pool(struct ll_server *S, const struct ll_link *l,
			enum ll_method m, const char *cid,
			struct ll_dryrun *out)
{
	struct ll__taken_ctx tc;
	struct ll_pool_req pr;
	ll__pool_req(S, l, m, cid, &tc, &pr);
	if (m == LL_M_INFORM)
		return ll__pool_db(S, ll_pools_inform(S->pools, S->cfg, &pr,
						      &S->defb));
	out->pool = ll_pools_explain(S->pools, &pr, &out->pool_held);
	if (out->pool < 0)
		return 0;
	return ll__pool_db(S, ll_pools_define(S->pools, S->cfg,
					      (unsigned)out->pool,
					      out->pool_held, &S->defb));
}

int ll_server_dry_run(struct ll_server *S, const struct ll_link *l,
		      const struct ll_arrival *arr, struct ll_dryrun *out)
{
	memset(out, 0, sizeof(*out));
	out->pool = -1;
	out->m = ll_srv_classify(&S->req, arr, &out->drop);
	if (out->m == LL_M_DROP)
		return 0;
	ll__vars(S, out->m, true); /* the trace shows them all */
	uint8_t raw[256];
	struct ll_sb sb;
	ll_sb_init(&sb, out->cid, sizeof(out->cid));
	ll_sb_hex(&sb, raw, ll_srv_client_id(&S->req, raw));
	out->found = 0;
	if (out->m != LL_M_RELEASE && out->m != LL_M_DECLINE) {
		out->found = ll__lookup(S, &out->tr);
		if (out->found < 0) {
			snprintf(out->err, sizeof(out->err), "%s %s",
				 S->store->ops->error(S->store), S->defb.err);
			return out->found;
		}
		out->source = out->found ? "lookup" : NULL;
		if (!out->found && S->pools && S->cfg->pool_step &&
		    (out->found = ll__dry_pool(S, l, out->m, out->cid, out)) > 0)
			out->source = "pool";
	}
	uint32_t ip = out->found ? S->defb.def.ip
		      : out->m == LL_M_RELEASE ? S->req.ciaddr : 0;
	ll__view(S, ip, out->cid, &out->lv);
	struct ll_srv_config sc = { .authoritative = S->cfg->authoritative,
				    .rapid_commit = S->cfg->rapid_commit,
				    .default_lease = S->cfg->lease_time,
				    .always = S->cfg->always,
				    .nalways = S->cfg->nalways };
	ll_srv_decide(&sc, arr, &S->req, out->m, out->found ? &S->defb.def : NULL,
		      &out->lv, &S->reply, &out->d);
	return 0;
}
