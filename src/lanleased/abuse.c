/* Abuse control (see abuse.h): an open-addressed table of MACs under
 * one mutex; entries whose count has decayed to zero and whose
 * suspension is over are reused, so a flood of fake MACs cannot grow
 * it without bound (when full, new MACs are simply not tracked). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abuse.h"
#include "defcache.h"

#define SLOTS 65536u
#define PROBE 32u

struct slot {
	uint8_t mac[6];
	bool used;
	uint32_t count;
	int64_t last, until;
};

struct ll_abuse {
	pthread_mutex_t mu;
	struct slot s[SLOTS];
};

struct ll_abuse *ll_abuse_new(void)
{
	struct ll_abuse *A = calloc(1, sizeof(*A));

	if (A)
		pthread_mutex_init(&A->mu, NULL);
	return A;
}

void ll_abuse_free(struct ll_abuse *A)
{
	if (A)
		pthread_mutex_destroy(&A->mu);
	free(A);
}

static uint32_t hash(const uint8_t m[6])
{
	return (uint32_t)ll_fnv1a(m, 6);
}

static void decay(struct slot *e, int64_t now)
{
	int64_t d = now - e->last;

	e->count = d >= (int64_t)e->count ? 0 : e->count - (uint32_t)d;
	e->last = now;
}

/* The MAC's slot, or a free (or stale) one for it; NULL when full. */
static struct slot *find(struct ll_abuse *A, const uint8_t m[6], int64_t now)
{
	uint32_t h = hash(m);
	struct slot *spare = NULL;

	for (uint32_t i = 0; i < PROBE; i++) {
		struct slot *e = &A->s[(h + i) % SLOTS];

		if (e->used && !memcmp(e->mac, m, 6))
			return e;
		if (!spare && (!e->used || (e->until <= now &&
					    e->count <= now - e->last)))
			spare = e;
	}
	if (spare) {
		memset(spare, 0, sizeof(*spare));
		memcpy(spare->mac, m, 6);
		spare->used = true;
		spare->last = now;
	}
	return spare;
}

bool ll_abuse_packet(struct ll_abuse *A, const uint8_t mac[6], int64_t now,
		     uint32_t threshold, uint32_t secs)
{
	bool drop = false, newly = false;
	struct slot *e;

	pthread_mutex_lock(&A->mu);
	e = find(A, mac, now);
	if (e) {
		decay(e, now);
		if (e->until > now) {
			drop = true;
		} else if (threshold && ++e->count > threshold) {
			e->until = now + secs;
			e->count = 0;
			drop = newly = true;
		}
	}
	pthread_mutex_unlock(&A->mu);
	if (newly)
		fprintf(stderr, "lanleased: suspended %02x:%02x:%02x:%02x:%02x:%02x"
			" for %u s: more than %u packets (suspend_threshold)\n",
			mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], secs,
			threshold);
	return drop;
}

void ll_abuse_suspend(struct ll_abuse *A, const uint8_t mac[6], int64_t now,
		      uint32_t secs, const char *why)
{
	struct slot *e;

	if (!secs)
		return;
	pthread_mutex_lock(&A->mu);
	e = find(A, mac, now);
	if (e && e->until < now + secs)
		e->until = now + secs;
	pthread_mutex_unlock(&A->mu);
	fprintf(stderr, "lanleased: suspended %02x:%02x:%02x:%02x:%02x:%02x for "
		"%u s: %s\n", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
		secs, why);
}

unsigned ll_abuse_suspended(struct ll_abuse *A, int64_t now,
			    uint8_t (*macs)[6], int64_t *until, unsigned max)
{
	unsigned n = 0;

	pthread_mutex_lock(&A->mu);
	for (uint32_t i = 0; i < SLOTS; i++)
		if (A->s[i].used && A->s[i].until > now) {
			if (n < max) {
				memcpy(macs[n], A->s[i].mac, 6);
				if (until)
					until[n] = A->s[i].until;
			}
			n++;
		}
	pthread_mutex_unlock(&A->mu);
	return n;
}

bool ll_abuse_lift(struct ll_abuse *A, const uint8_t mac[6], int64_t now)
{
	bool was = false;
	uint32_t h = hash(mac);

	pthread_mutex_lock(&A->mu);
	for (uint32_t i = 0; i < PROBE; i++) {
		struct slot *e = &A->s[(h + i) % SLOTS];

		if (e->used && !memcmp(e->mac, mac, 6)) {
			was = e->until > now;
			e->until = 0;
			e->count = 0;
			break;
		}
	}
	pthread_mutex_unlock(&A->mu);
	if (was)
		fprintf(stderr, "lanleased: suspension of %02x:%02x:%02x:%02x:%02x:"
			"%02x lifted\n", mac[0], mac[1], mac[2], mac[3], mac[4],
			mac[5]);
	return was;
}
