/* Every bad-input class of the codec: each test asserts the exact error
 * (and where it applies the byte offset), so it fails if its check is
 * removed. */
#include "helpers.h"

static struct ll_msg m;

/* RFC 2131 section 2: 236 fixed bytes + the 4-byte cookie. */
static void truncated_header(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	for (size_t len = 0; len < 240; len++) {
		assert_int_equal(ll_msg_parse(&m, p.b, len, &pe), LL_E_TRUNCATED);
		assert_int_equal(pe.offset, len);
	}
	assert_int_equal(ll_msg_parse(&m, p.b, 240, &pe), LL_OK);
}

static void bad_cookie(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_end(&p);
	p.b[239] = 98;
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_BAD_COOKIE);
	assert_int_equal(pe.offset, 236);
}

static void option_overrun(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	uint8_t o[] = { 12, 10, 'a', 'b' }; /* says 10, has 2 */
	pkt_raw(&p, o, sizeof(o));
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_OVERRUN);
	assert_int_equal(pe.offset, 243);
	assert_int_equal(pe.code, 12);
	/* a code byte with no room for its length */
	pkt_init(&p, 1, LL_DISCOVER);
	p.b[p.n++] = 12;
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_OVERRUN);
}

/* RFC 2132: fixed sizes; lists of addresses are multiples of 4. */
static void fixed_size_lengths(void **state)
{
	(void)state;
	static const uint8_t codes[] = { 1, 2, 3, 6, 16, 28, 50, 51, 54, 57,
					 58, 59, 13, 26, 53, 46, 19 };
	static const uint8_t lens[] = { 0, 1, 2, 3, 5, 255 };
	uint8_t zeros[255] = { 0 };
	for (size_t c = 0; c < sizeof(codes); c++) {
		for (size_t l = 0; l < sizeof(lens); l++) {
			struct pkt p;
			struct ll_perr pe;
			const struct ll_opt_def *d = ll_opt_def(codes[c]);
			if (lens[l] >= d->min_len && lens[l] <= d->max_len &&
			    (d->mult < 2 || lens[l] % d->mult == 0))
				continue; /* a legal length for this code */
			pkt_init(&p, 1, codes[c] == 53 ? 0 : LL_DISCOVER);
			pkt_opt(&p, codes[c], zeros, lens[l]);
			pkt_end(&p);
			int e = pkt_parse(&p, &m, &pe);
			assert_int_equal(e, LL_E_OPT_LEN);
			assert_int_equal(pe.code, codes[c]);
		}
	}
}

static void zero_length_forbidden(void **state)
{
	(void)state;
	static const uint8_t codes[] = { 12, 15, 55, 60, 61, 81, 82, 119, 121 };
	for (size_t i = 0; i < sizeof(codes); i++) {
		struct pkt p;
		struct ll_perr pe;
		pkt_init(&p, 1, LL_DISCOVER);
		pkt_opt(&p, codes[i], NULL, 0);
		pkt_end(&p);
		assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_LEN);
		assert_int_equal(pe.code, codes[i]);
	}
	/* rapid commit (RFC 4039) is the option that must be empty */
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 80, NULL, 0);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	assert_true(ll_msg_has(&m, 80));
}

/* Documented: a missing END is tolerated (RFC 2131 4.1 is silent on
 * recovery; every deployed parser accepts it). */
static void missing_end_tolerated(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 12, "host", 4);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	size_t n;
	const uint8_t *v = ll_msg_get(&m, 12, &n);
	assert_non_null(v);
	assert_int_equal(n, 4);
	assert_memory_equal(v, "host", 4);
}

static void data_after_end_ignored(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_end(&p);
	uint8_t junk[] = { 53, 1, 5, 12, 200, 1, 2 }; /* even a broken one */
	pkt_raw(&p, junk, sizeof(junk));
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	assert_int_equal(ll_msg_type(&m), LL_DISCOVER);
	assert_false(ll_msg_has(&m, 12));
	assert_int_equal(m.nopts, 1);
}

static void thousand_pads(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, 0);
	memset(p.b + p.n, 0, 1000);
	p.n += 1000;
	pkt_opt(&p, 53, "\x01", 1);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	assert_int_equal(m.nopts, 1);
	assert_int_equal(ll_msg_type(&m), LL_DISCOVER);
}

/* RFC 2132 9.3: length 1, value 1..3, only in the options field. */
static void overload_bad(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 52, NULL, 0);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_LEN);
	static const uint8_t bad[] = { 0, 4, 255 };
	for (size_t i = 0; i < sizeof(bad); i++) {
		pkt_init(&p, 1, LL_DISCOVER);
		pkt_opt(&p, 52, &bad[i], 1);
		pkt_end(&p);
		assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_BAD_OVERLOAD);
		assert_int_equal(pe.offset, 245);
	}
	/* nested: 52 inside the file field */
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 52, "\x01", 1);
	pkt_end(&p);
	memcpy(p.b + 108, "\x34\x01\x02\xff", 4);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OVERLOAD_NESTED);
	assert_int_equal(pe.offset, 108);
}

static void overload_good(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 52, "\x03", 1);
	pkt_opt(&p, 12, "ab", 2);
	pkt_end(&p);
	memcpy(p.b + 108, "\x0c\x02" "cd" "\x0f\x01x\xff", 8); /* file */
	memcpy(p.b + 44, "\x0c\x01" "e\xff", 4);                /* sname */
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	size_t n;
	const uint8_t *v = ll_msg_get(&m, 12, &n);
	/* RFC 3396 7: options field, then file, then sname */
	assert_int_equal(n, 5);
	assert_memory_equal(v, "abcde", 5);
	assert_true(ll_msg_has(&m, 15));
	assert_int_equal(m.overload, 3);
	assert_int_equal(m.file[0], 0);
	assert_int_equal(m.sname[0], 0);
}

/* Fixed-length options that repeat: rule, concatenate (RFC 3396 5) then
 * check the length; a repeated fixed-length option is rejected. */
static void duplicated_fixed(void **state)
{
	(void)state;
	static const uint8_t codes[] = { 53, 50, 54 };
	for (size_t i = 0; i < sizeof(codes); i++) {
		struct pkt p;
		struct ll_perr pe;
		uint8_t v[4] = { 1, 2, 3, 4 };
		pkt_init(&p, 1, codes[i] == 53 ? 0 : LL_DISCOVER);
		if (codes[i] == 53) {
			pkt_opt(&p, 53, "\x01", 1);
			pkt_opt(&p, 53, "\x03", 1);
		} else {
			pkt_opt(&p, codes[i], v, 4);
			pkt_opt(&p, codes[i], v, 4);
		}
		pkt_end(&p);
		assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_DUP);
		assert_int_equal(pe.code, codes[i]);
	}
}

static void client_id_split_over_255(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	uint8_t id[500];
	for (size_t i = 0; i < sizeof(id); i++)
		id[i] = (uint8_t)(i * 7 + 1);
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 61, id, 200);
	pkt_opt(&p, 12, "h", 1); /* instances need not be adjacent */
	pkt_opt(&p, 61, id + 200, 200);
	pkt_opt(&p, 61, id + 400, 100);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	size_t n;
	const uint8_t *v = ll_msg_get(&m, 61, &n);
	assert_int_equal(n, 500);
	assert_memory_equal(v, id, 500);
	assert_int_equal(m.count[61], 3);
	/* and it builds back as 255 + 245 (RFC 3396 section 6) */
	uint8_t w[2048];
	int len = ll_msg_build(&m, w, sizeof(w), 1500, 0);
	assert_true(len > 0);
	struct ll_msg b;
	assert_int_equal(ll_msg_parse(&b, w, (size_t)len, &pe), LL_OK);
	assert_true(ll_msg_equal(&m, &b));
}

/* hlen: at most 16; Ethernet is 6; 0 only for InfiniBand (RFC 4390). */
static void bad_hlen(void **state)
{
	(void)state;
	static const uint8_t hl[] = { 0, 17, 255, 5, 7 };
	struct pkt p;
	struct ll_perr pe;
	for (size_t i = 0; i < sizeof(hl); i++) {
		pkt_init(&p, 1, LL_DISCOVER);
		pkt_end(&p);
		p.b[2] = hl[i];
		assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_BAD_HLEN);
		assert_int_equal(pe.offset, 2);
	}
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 61, "\xff\x00\x00\x00\x01", 5);
	pkt_end(&p);
	p.b[1] = 32;
	p.b[2] = 0;
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
}

/* RFC 2132 9.6: 1..8. */
static void bad_message_types(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	static const uint8_t bad[] = { 0, 255, 9, 10, 11, 12, 13, 14, 15,
				       16, 17, 18 };
	for (size_t i = 0; i < sizeof(bad); i++) {
		pkt_init(&p, 1, 0);
		pkt_opt(&p, 53, &bad[i], 1);
		pkt_end(&p);
		assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_BAD_MSGTYPE);
		assert_int_equal(pe.code, 53);
		assert_int_equal(pe.offset, 242);
	}
}

/* RFC 2131 section 3: requests are BOOTREQUEST, replies BOOTREPLY. */
static void op_mismatch(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 2, LL_DISCOVER);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OP_MISMATCH);
	pkt_init(&p, 1, LL_ACK);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OP_MISMATCH);
	pkt_init(&p, 3, LL_DISCOVER);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_BAD_OP);
	assert_int_equal(pe.offset, 0);
}

static void expect_119(const uint8_t *v, size_t n, int err, size_t off)
{
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 2, LL_ACK);
	pkt_opt(&p, 119, v, n);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), err);
	if (err != LL_OK) {
		assert_int_equal(pe.code, 119);
		assert_int_equal(pe.offset, 243 + 2 + off);
	}
}

/* RFC 1035 4.1.4 pointers, RFC 3397 2 offsets within the option. */
static void domain_search_bad(void **state)
{
	(void)state;
	/* a pointer to itself, and a two-pointer loop */
	expect_119((const uint8_t *)"\x01" "a\xc0\x00", 4, LL_E_OPT_FORMAT, 2);
	expect_119((const uint8_t *)"\x01" "a\x00\x01" "b\xc0\x05\xc0\x03",
		   9, LL_E_OPT_FORMAT, 5);
	/* forward pointer */
	expect_119((const uint8_t *)"\xc0\x02\x01" "a\x00", 5,
		   LL_E_OPT_FORMAT, 0);
	/* out of range */
	expect_119((const uint8_t *)"\x01" "a\x00\xc0\x40", 5,
		   LL_E_OPT_FORMAT, 3);
	/* label of 64 (0x40 label type) and a name cut short */
	uint8_t big[80] = { 64 };
	memset(big + 1, 'x', 64);
	big[65] = 0;
	expect_119(big, 66, LL_E_OPT_FORMAT, 0);
	expect_119((const uint8_t *)"\x05" "ab", 3, LL_E_OPT_FORMAT, 0);
	expect_119((const uint8_t *)"\x01" "a", 2, LL_E_OPT_FORMAT, 2);
	/* a valid backward pointer */
	expect_119((const uint8_t *)"\x01" "a\x00\x01" "b\xc0\x00", 7,
		   LL_OK, 0);
	/* a name over 255 bytes, split over two instances (RFC 3396) */
	uint8_t longn[300];
	size_t o = 0;
	for (int i = 0; i < 4; i++) {
		longn[o++] = i < 3 ? 63 : 62;
		memset(longn + o, 'y', longn[o - 1]);
		o += longn[o - 1];
	}
	longn[o++] = 0;
	assert_int_equal(o, 256);
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 2, LL_ACK);
	pkt_opt(&p, 119, longn, 200);
	pkt_opt(&p, 119, longn + 200, 56);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_FORMAT);
	assert_int_equal(pe.code, 119);
	/* one byte shorter is the longest legal name */
	longn[192] = 61;
	longn[254] = 0;
	pkt_init(&p, 2, LL_ACK);
	pkt_opt(&p, 119, longn, 200);
	pkt_opt(&p, 119, longn + 200, 55);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
}

static void expect_121(const uint8_t *v, size_t n, int err)
{
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 2, LL_ACK);
	pkt_opt(&p, 121, v, n);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), err);
}

/* RFC 3442: width 0..32, then ceil(width/8) octets, then the router. */
static void routes_bad(void **state)
{
	(void)state;
	expect_121((const uint8_t *)"\x21\x0a\x00\x00\x00\x00\x0a\x00\x00\x01",
		   10, LL_E_OPT_FORMAT);
	expect_121((const uint8_t *)"\x18\x0a\x00\x00\x0a\x00\x00", 7,
		   LL_E_OPT_FORMAT);
	expect_121((const uint8_t *)"\x08\x0a\x0a\x00\x00\x01\x10", 7,
		   LL_E_OPT_FORMAT);
	expect_121((const uint8_t *)"\x08\x0a\x0a\x00\x00\x01", 6, LL_OK);
	struct ll_route r[2];
	size_t bad;
	assert_int_equal(ll_routes_decode((const uint8_t *)"\x00\x0a\x00\x00\x01",
					  5, r, 2, &bad), 1);
	assert_int_equal(r[0].plen, 0);
	assert_int_equal(r[0].router, 0x0a000001);
}

/* RFC 4702 2.3.1 (wire form) and 2.3.2 (ASCII form). */
static void fqdn_bad_labels(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	uint8_t v[80] = { 0x05, 0, 0, 64 };
	memset(v + 4, 'z', 64);
	v[68] = 0;
	pkt_init(&p, 1, LL_REQUEST);
	pkt_opt(&p, 81, v, 69);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_FORMAT);
	assert_int_equal(pe.code, 81);
	uint8_t a[80] = { 0x01, 0, 0 };
	memset(a + 3, 'z', 64);
	pkt_init(&p, 1, LL_REQUEST);
	pkt_opt(&p, 81, a, 67);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_FORMAT);
	a[3 + 30] = '.'; /* two labels of 30 and 33: fine */
	pkt_init(&p, 1, LL_REQUEST);
	pkt_opt(&p, 81, a, 67);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
}

/* RFC 2132 9.10: minimum 576; lower values are kept and clamped. */
static void max_message_size(void **state)
{
	(void)state;
	static const uint16_t vals[] = { 0, 1, 575 };
	struct pkt p;
	struct ll_perr pe;
	for (size_t i = 0; i < 3; i++) {
		uint8_t v[2] = { (uint8_t)(vals[i] >> 8), (uint8_t)vals[i] };
		pkt_init(&p, 1, LL_DISCOVER);
		pkt_opt(&p, 57, v, 2);
		pkt_end(&p);
		assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
		assert_int_equal(ll_msg_max_size(&m), 576);
	}
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 57, "\x05\xdc", 2);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	assert_int_equal(ll_msg_max_size(&m), 1500);
}

static void relay_agent_bad(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 82, "\x01\x04\x00\x01", 4); /* sub-option runs over */
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_FORMAT);
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 82, "\x05\x03\x0a\x00\x00", 5); /* link-selection of 3 */
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_FORMAT);
	pkt_init(&p, 1, LL_DISCOVER);
	pkt_opt(&p, 82, "\x01\x02\x00\x04\x63\x01\x07", 7); /* unknown kept */
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_OK);
	const uint8_t *v;
	size_t n;
	const uint8_t *d = ll_msg_get(&m, 82, &n);
	assert_int_equal(ll_rai_get(d, n, 1, &v), 2);
	assert_int_equal(ll_rai_get(d, n, 2, &v), -ENOENT);
	assert_int_equal(ll_rai_get(d, n, 99, &v), 1);
}

static void bad_boolean_and_range(void **state)
{
	(void)state;
	struct pkt p;
	struct ll_perr pe;
	pkt_init(&p, 2, LL_ACK);
	pkt_opt(&p, 19, "\x02", 1);
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_VALUE);
	pkt_init(&p, 2, LL_ACK);
	pkt_opt(&p, 26, "\x00\x43", 2); /* MTU 67 < 68, RFC 2132 5.1 */
	pkt_end(&p);
	assert_int_equal(pkt_parse(&p, &m, &pe), LL_E_OPT_VALUE);
	assert_int_equal(pe.code, 26);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(truncated_header),
		cmocka_unit_test(bad_cookie),
		cmocka_unit_test(option_overrun),
		cmocka_unit_test(fixed_size_lengths),
		cmocka_unit_test(zero_length_forbidden),
		cmocka_unit_test(missing_end_tolerated),
		cmocka_unit_test(data_after_end_ignored),
		cmocka_unit_test(thousand_pads),
		cmocka_unit_test(overload_bad),
		cmocka_unit_test(overload_good),
		cmocka_unit_test(duplicated_fixed),
		cmocka_unit_test(client_id_split_over_255),
		cmocka_unit_test(bad_hlen),
		cmocka_unit_test(bad_message_types),
		cmocka_unit_test(op_mismatch),
		cmocka_unit_test(domain_search_bad),
		cmocka_unit_test(routes_bad),
		cmocka_unit_test(fqdn_bad_labels),
		cmocka_unit_test(max_message_size),
		cmocka_unit_test(relay_agent_bad),
		cmocka_unit_test(bad_boolean_and_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
