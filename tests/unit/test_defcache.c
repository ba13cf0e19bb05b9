/* lanleased's lookup cache (src/lanleased/defcache.c): what is put is
 * found with its options, freshness and last-known-good times hold, a
 * full set gives up the entry that goes stale first, half-full caches
 * keep (nearly) everything, workers on other keys do not block each
 * other, and the file round-trips. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "defcache.h"

#define T0 1700000000

static void put_key(struct ll_defcache *dc, unsigned k, int64_t exp,
		    int64_t stale)
{
	char key[32];
	struct ll_defb b;
	ll_defb_init(&b);
	b.def.ip = 0x0a000000u + k;
	b.serial = k;
	snprintf(b.subnet, sizeof(b.subnet), "s%u", k % 7);
	uint32_t r = 0x0a000001u;
	ll_msg_set_ip(&b.opts, 3, r);
	int n = snprintf(key, sizeof(key), "02:00:%08x", k);
	ll_dc_put(dc, key, (size_t)n + 1, exp, stale, 1, &b);
}

static int get_key(struct ll_defcache *dc, unsigned k, int64_t now,
		   bool stale_ok, struct ll_defb *b)
{
	char key[32];
	int n = snprintf(key, sizeof(key), "02:00:%08x", k);
	return ll_dc_get(dc, key, (size_t)n + 1, now, b, stale_ok);
}

static void found_with_options(void **state)
{
	(void)state;
	struct ll_defcache *dc = ll_dc_new(64);
	struct ll_defb b;
	uint32_t r;
	assert_non_null(dc);
	assert_int_equal(get_key(dc, 1, T0, false, &b), -1);
	put_key(dc, 1, T0 + 5, T0 + 100);
	assert_int_equal(get_key(dc, 1, T0, false, &b), 1);
	assert_int_equal(b.def.ip, 0x0a000001u);
	assert_int_equal(b.serial, 1);
	assert_string_equal(b.subnet, "s1");
	assert_int_equal(ll_msg_get_ip(&b.opts, 3, &r), LL_OK);
	assert_int_equal(r, 0x0a000001u);
	/* fresh until expires; last-known-good until stale */
	assert_int_equal(get_key(dc, 1, T0 + 5, false, &b), -1);
	assert_int_equal(get_key(dc, 1, T0 + 50, true, &b), 1);
	assert_int_equal(get_key(dc, 1, T0 + 100, true, &b), -1);
	/* not found is cached too */
	ll_dc_put(dc, "nobody", 7, T0 + 5, T0 + 100, 0, NULL);
	assert_int_equal(ll_dc_get(dc, "nobody", 7, T0, &b, false), 0);
	ll_dc_clear(dc);
	assert_int_equal(get_key(dc, 1, T0, true, &b), -1);
	uint64_t hits, misses;
	assert_int_equal(ll_dc_count(dc, T0, &hits, &misses), 0);
	assert_int_equal(hits, 3);
	assert_int_equal(misses, 4);
	ll_dc_free(dc);
}

/* 8 keys in a cache of one set (4 ways): the 4 with the latest
 * last-known-good times stay. */
static void full_set_gives_up_the_stalest(void **state)
{
	(void)state;
	struct ll_defcache *dc = ll_dc_new(1);
	struct ll_defb b;
	assert_int_equal(dc->nsets, 1);
	for (unsigned k = 0; k < 8; k++)
		put_key(dc, k, T0 + 5, T0 + 100 + (k % 2 ? 1000 : k));
	for (unsigned k = 0; k < 8; k++)
		assert_int_equal(get_key(dc, k, T0, false, &b),
				 k % 2 ? 1 : -1);
	/* putting a key again replaces its entry, it takes no other */
	put_key(dc, 3, T0 + 9, T0 + 2000);
	for (unsigned k = 1; k < 8; k += 2)
		assert_int_equal(get_key(dc, k, T0 + 6, false, &b),
				 k == 3 ? 1 : -1);
	ll_dc_free(dc);
}

/* Half full: with 4 ways about 96% of the keys stay (Poisson: a set
 * takes more than 4 of them rarely); a direct-mapped cache keeps about
 * 79% at this load, which is what the bench lost to lookups. */
static void half_full_keeps_nearly_all(void **state)
{
	(void)state;
	struct ll_defcache *dc = ll_dc_new(LL_DC_DEFAULT);
	struct ll_defb b;
	unsigned n = LL_DC_DEFAULT / 2, hit = 0;
	for (unsigned k = 0; k < n; k++)
		put_key(dc, k, T0 + 5, T0 + 100);
	for (unsigned k = 0; k < n; k++)
		hit += get_key(dc, k, T0, false, &b) == 1;
	assert_true(hit >= n * 95 / 100);
	ll_dc_free(dc);
}

struct worker { struct ll_defcache *dc; unsigned base; unsigned bad; };

static void *work(void *arg)
{
	struct worker *w = arg;
	struct ll_defb b;
	for (unsigned i = 0; i < 20000; i++) {
		unsigned k = w->base + i % 500;
		put_key(w->dc, k, T0 + 5, T0 + 100);
		int r = get_key(w->dc, k, T0, false, &b);
		if (r == 1 && (b.def.ip != 0x0a000000u + k || b.serial != k))
			w->bad++;
	}
	return NULL;
}

/* Four threads on their own keys: every entry read is whole. */
static void threads(void **state)
{
	(void)state;
	struct ll_defcache *dc = ll_dc_new(256);
	pthread_t t[4];
	struct worker w[4];
	for (unsigned i = 0; i < 4; i++) {
		w[i] = (struct worker){ dc, i * 1000, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (unsigned i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].bad, 0);
	}
	ll_dc_free(dc);
}

static void file_round_trip(void **state)
{
	(void)state;
	char path[] = "/tmp/ll-test-dc-XXXXXX";
	int fd = mkstemp(path);
	struct ll_defcache *dc = ll_dc_new(1024), *back = ll_dc_new(4096);
	struct ll_defb b;
	assert_true(fd >= 0);
	close(fd);
	for (unsigned k = 0; k < 300; k++)
		put_key(dc, k, T0 + 5, k < 200 ? T0 + 100 : T0 - 1);
	assert_int_equal(ll_dc_save(dc, path, T0), 200);
	assert_int_equal(ll_dc_load(back, path, T0), 200);
	/* loaded entries are last-known-good, whatever their freshness */
	assert_int_equal(get_key(back, 7, T0 + 50, true, &b), 1);
	assert_int_equal(b.def.ip, 0x0a000007u);
	assert_int_equal(get_key(back, 250, T0, true, &b), -1);
	unlink(path);
	ll_dc_free(dc);
	ll_dc_free(back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(found_with_options),
		cmocka_unit_test(full_set_gives_up_the_stalest),
		cmocka_unit_test(half_full_keeps_nearly_all),
		cmocka_unit_test(threads),
		cmocka_unit_test(file_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
