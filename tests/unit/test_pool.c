/* The dynamic pool (RFC 2131 4.3.1): allocation order, holds, release,
 * decline probation, reclaim after expiry, exhaustion, a 64k pool filled
 * to its last address, and many more clients than addresses. */
#include "helpers.h"
#include "lanlease/pool.h"

#define A(d) (0x0a4d0000u | (d)) /* 10.77.0.d */
#define T0 1700000000

static void order(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(A(10), A(19));
	uint32_t ip;
	assert_non_null(p);
	/* a new client: the free address that waited longest */
	assert_int_equal(ll_pool_pick(p, 1, 0, T0, &ip), 0);
	assert_int_equal(ip, A(10));
	/* the requested address, when free and in the pool */
	assert_int_equal(ll_pool_pick(p, 1, A(15), T0, &ip), 0);
	assert_int_equal(ip, A(15));
	assert_int_equal(ll_pool_pick(p, 1, A(99), T0, &ip), 0);
	assert_int_equal(ip, A(10)); /* 10.77.0.99 is not in the pool */
	assert_int_equal(ll_pool_bind(p, A(15), 1, T0 + 60, T0), 0);
	/* its current address comes first, whatever it asks for */
	assert_int_equal(ll_pool_pick(p, 1, A(12), T0 + 1, &ip), 0);
	assert_int_equal(ip, A(15));
	assert_int_equal(ll_pool_held(p, 1, T0 + 1), A(15));
	/* its entry as it is: bound to client 1 until T0 + 60 */
	enum ll_pool_state st;
	uint64_t who;
	int64_t until;
	assert_int_equal(ll_pool_entry(p, A(15), &st, &who, &until), 0);
	assert_int_equal(st, LL_PS_BOUND);
	assert_int_equal(who, 1);
	assert_int_equal(until, T0 + 60);
	assert_int_equal(ll_pool_entry(p, A(99), &st, &who, &until), -ERANGE);
	/* and its most recent one after the lease ran out */
	assert_int_equal(ll_pool_held(p, 1, T0 + 61), 0);
	assert_int_equal(ll_pool_pick(p, 1, 0, T0 + 61, &ip), 0);
	assert_int_equal(ip, A(15));
	/* another client may not ask for it while it is bound */
	assert_int_equal(ll_pool_pick(p, 2, A(15), T0 + 1, &ip), 0);
	assert_int_not_equal(ip, A(15));
	assert_int_equal(ll_pool_bind(p, A(15), 2, T0 + 60, T0 + 1), -EBUSY);
	ll_pool_free(p);
}

/* Two DISCOVERs at once: the first OFFER holds its address. */
static void concurrent_offers(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(A(10), A(11));
	uint32_t a, b, c;
	assert_int_equal(ll_pool_pick(p, 1, A(11), T0, &a), 0);
	assert_int_equal(ll_pool_hold(p, a, 1, T0 + 30, T0), 0);
	assert_int_equal(ll_pool_pick(p, 2, A(11), T0, &b), 0);
	assert_int_not_equal(a, b);
	assert_int_equal(ll_pool_hold(p, b, 2, T0 + 30, T0), 0);
	/* full until a hold runs out */
	assert_int_equal(ll_pool_pick(p, 3, 0, T0 + 1, &c), -ENOSPC);
	assert_int_equal(ll_pool_pick(p, 3, 0, T0 + 31, &c), 0);
	/* the holder binds what it was offered */
	assert_int_equal(ll_pool_bind(p, a, 1, T0 + 3600, T0 + 2), 0);
	ll_pool_free(p);
}

static void release_and_decline(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(A(10), A(12));
	struct ll_pool_stats st;
	uint32_t ip;
	assert_int_equal(ll_pool_bind(p, A(10), 1, T0 + 600, T0), 0);
	assert_int_equal(ll_pool_release(p, A(10), 2), -EPERM);
	assert_int_equal(ll_pool_release(p, A(10), 1), 0);
	assert_int_equal(ll_pool_state_of(p, A(10), T0), LL_PS_FREE);
	assert_int_equal(ll_pool_pick(p, 1, 0, T0, &ip), 0);
	assert_int_equal(ip, A(10)); /* its most recent address again */
	/* a DECLINE: probation, nobody gets it until it ends */
	assert_int_equal(ll_pool_decline(p, A(11), T0 + 86400), 0);
	ll_pool_stats(p, &st);
	assert_int_equal(st.declined, 1);
	assert_int_equal(ll_pool_pick(p, 5, A(11), T0 + 10, &ip), 0);
	assert_int_not_equal(ip, A(11));
	assert_int_equal(ll_pool_hold(p, A(11), 5, T0 + 40, T0 + 10), -EBUSY);
	ll_pool_reclaim(p, T0 + 86401, 3);
	assert_int_equal(ll_pool_state_of(p, A(11), T0 + 86401), LL_PS_FREE);
	ll_pool_stats(p, &st);
	assert_int_equal(st.declined, 0);
	ll_pool_free(p);
}

static void exhaustion_and_reclaim(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(A(10), A(13));
	struct ll_pool_stats st;
	uint32_t ip;
	assert_int_equal(ll_pool_exclude(p, A(13)), 0);
	for (uint64_t c = 1; c <= 3; c++) {
		assert_int_equal(ll_pool_pick(p, c, 0, T0, &ip), 0);
		assert_int_not_equal(ip, A(13));
		assert_int_equal(ll_pool_bind(p, ip, c, T0 + 100, T0), 0);
	}
	ll_pool_stats(p, &st);
	assert_int_equal(st.total, 3);
	assert_int_equal(st.assigned, 3);
	assert_int_equal(ll_pool_pick(p, 9, 0, T0 + 50, &ip), -ENOSPC);
	assert_int_equal(ll_pool_pick(p, 9, A(13), T0 + 50, &ip), -ENOSPC);
	/* the leases expire; the sweep gives them back */
	assert_int_equal(ll_pool_reclaim(p, T0 + 101, 4), 3);
	ll_pool_stats(p, &st);
	assert_int_equal(st.assigned, 0);
	assert_int_equal(st.reclaimed, 3);
	assert_int_equal(ll_pool_pick(p, 9, 0, T0 + 101, &ip), 0);
	ll_pool_free(p);
}

/* 65,536 addresses: every one handed out once, in order, the last as
 * directly as the first (the queue head is always free: no scans). */
static void big_pool(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(0x0a800000u, 0x0a80ffffu);
	struct ll_pool_stats st;
	uint32_t ip;
	assert_non_null(p);
	for (uint64_t c = 1; c <= 65536; c++) {
		assert_int_equal(ll_pool_pick(p, c * 7919, 0, T0, &ip), 0);
		assert_int_equal(ip, 0x0a800000u + (uint32_t)(c - 1));
		assert_int_equal(ll_pool_hold(p, ip, c * 7919, T0 + 30, T0), 0);
	}
	assert_int_equal(ll_pool_pick(p, 1, 0, T0, &ip), -ENOSPC);
	ll_pool_stats(p, &st);
	assert_int_equal(st.offered, 65536);
	ll_pool_free(p);
}

/* Far more clients than addresses (a starvation run): the client table
 * is rebuilt as it fills, and each client still finds its address. */
static void many_clients(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(A(1), A(64));
	uint32_t ip;
	int64_t t = T0;
	for (uint64_t c = 1; c <= 20000; c++, t += 2) {
		assert_int_equal(ll_pool_pick(p, c, 0, t, &ip), 0);
		assert_int_equal(ll_pool_bind(p, ip, c, t + 100, t), 0);
		assert_int_equal(ll_pool_held(p, c, t), ip);
		ll_pool_reclaim(p, t, 2);
	}
	assert_int_equal(ll_pool_held(p, 20000, t - 2), ip);
	ll_pool_free(p);
}

/* Limits: addresses held per group (a MAC, a circuit) are counted as
 * they are held, bound, released and swept. */
static void groups(void **state)
{
	(void)state;
	struct ll_pool *p = ll_pool_new(A(1), A(8));
	const uint64_t g1[2] = { 0x51, 0xC1 }, g2[2] = { 0x52, 0xC1 };
	uint32_t ip;
	assert_int_equal(ll_pool_pick(p, 1, 0, T0, &ip), 0);
	assert_int_equal(ll_pool_hold_in(p, ip, 1, g1, T0 + 30, T0), 0);
	assert_int_equal(ll_pool_group_count(p, 0xC1), 1);
	assert_int_equal(ll_pool_bind_in(p, ip, 1, g1, T0 + 60, T0), 0);
	assert_int_equal(ll_pool_group_count(p, 0xC1), 1); /* not twice */
	assert_int_equal(ll_pool_pick(p, 2, 0, T0, &ip), 0);
	assert_int_equal(ll_pool_bind_in(p, ip, 2, g2, T0 + 60, T0), 0);
	assert_int_equal(ll_pool_group_count(p, 0xC1), 2);
	assert_int_equal(ll_pool_group_count(p, 0x51), 1);
	assert_int_equal(ll_pool_release(p, ip, 2), 0);
	assert_int_equal(ll_pool_group_count(p, 0xC1), 1);
	assert_int_equal(ll_pool_group_count(p, 0x52), 0);
	ll_pool_reclaim(p, T0 + 61, 8);
	assert_int_equal(ll_pool_group_count(p, 0xC1), 0);
	assert_int_equal(ll_pool_group_count(p, 0x77), 0);
	ll_pool_free(p);
}

static void bad_ranges(void **state)
{
	(void)state;
	assert_null(ll_pool_new(A(10), A(9)));
	assert_null(ll_pool_new(0, LL_POOL_MAX));
	struct ll_pool *p = ll_pool_new(A(10), A(10));
	assert_int_equal(ll_pool_exclude(p, A(11)), -ERANGE);
	assert_int_equal(ll_pool_bind(p, A(11), 1, T0, T0), -ERANGE);
	assert_int_equal(ll_pool_decline(p, A(9), T0), -ERANGE);
	assert_int_equal(ll_pool_release(p, A(12), 1), -ERANGE);
	ll_pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order),
		cmocka_unit_test(concurrent_offers),
		cmocka_unit_test(release_and_decline),
		cmocka_unit_test(exhaustion_and_reclaim),
		cmocka_unit_test(big_pool),
		cmocka_unit_test(many_clients),
		cmocka_unit_test(groups),
		cmocka_unit_test(bad_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
