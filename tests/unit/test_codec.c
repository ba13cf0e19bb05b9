/* Building, editing, the text form and frames. */
#include <stdio.h>

#include "helpers.h"

static struct ll_msg m, b;
static uint8_t wire[LL_MSG_MAX];

static void set(struct ll_msg *x, const char *item)
{
	int e = ll_msg_set_text(x, item, strlen(item));
	if (e != 0)
		fail_msg("set %s: %d", item, e);
}

static void base_ack(struct ll_msg *x)
{
	ll_msg_init(x);
	set(x, "op=BOOTREPLY");
	set(x, "htype=1");
	set(x, "hlen=6");
	set(x, "xid=0x01020304");
	set(x, "chaddr=02:00:00:00:00:01");
	set(x, "dhcp-message-type=ACK");
}

/* RFC 2131 section 2 layout, RFC 1542 2.1 300-byte minimum. */
static void build_layout(void **state)
{
	(void)state;
	base_ack(&m);
	set(&m, "yiaddr=10.0.0.9");
	set(&m, "flags=broadcast");
	int n = ll_msg_build(&m, wire, sizeof(wire), 0, 300);
	assert_int_equal(n, 300);
	assert_int_equal(wire[0], 2);
	assert_memory_equal(wire + 4, "\x01\x02\x03\x04", 4);
	assert_int_equal(wire[10], 0x80);
	assert_memory_equal(wire + 16, "\x0a\x00\x00\x09", 4);
	assert_memory_equal(wire + 236, "\x63\x82\x53\x63", 4);
	assert_memory_equal(wire + 240, "\x35\x01\x05\xff", 4);
	n = ll_msg_build(&m, wire, sizeof(wire), 0, 0);
	assert_int_equal(n, 244);
}

/* RFC 3396 section 6: long values go out as consecutive instances. */
static void build_splits_long_options(void **state)
{
	(void)state;
	uint8_t v[600];
	for (size_t i = 0; i < sizeof(v); i++)
		v[i] = (uint8_t)i;
	base_ack(&m);
	assert_int_equal(ll_msg_set(&m, 43, v, sizeof(v)), 0);
	int n = ll_msg_build(&m, wire, sizeof(wire), 1500, 0);
	assert_true(n > 0);
	assert_int_equal(wire[243], 43);
	assert_int_equal(wire[244], 255);
	assert_int_equal(wire[243 + 257], 43);
	assert_int_equal(wire[243 + 258], 255);
	assert_int_equal(wire[243 + 514], 43);
	assert_int_equal(wire[243 + 515], 90);
	struct ll_perr pe;
	assert_int_equal(ll_msg_parse(&b, wire, (size_t)n, &pe), LL_OK);
	assert_true(ll_msg_equal(&m, &b));
}

/* RFC 2132 9.3: past the maximum size, file and sname carry options. */
static void build_overloads(void **state)
{
	(void)state;
	base_ack(&m);
	char item[128];
	for (unsigned i = 0; i < 40; i++) {
		snprintf(item, sizeof(item), "%u=hex:%08x%08x", 160 + i, i, i);
		set(&m, item);
	}
	set(&m, "dhcp-lease-time=3600");
	int n = ll_msg_build(&m, wire, sizeof(wire), 576, 0);
	assert_int_equal(n, 548);
	assert_memory_equal(wire + 240, "\x34\x01", 2);
	assert_true(wire[242] == 1 || wire[242] == 3);
	struct ll_perr pe;
	assert_int_equal(ll_msg_parse(&b, wire, (size_t)n, &pe), LL_OK);
	assert_true(ll_msg_equal(&m, &b));
	assert_int_equal(b.overload, wire[242]);
	/* too much for even the overloaded fields */
	for (unsigned i = 0; i < 40; i++) {
		snprintf(item, sizeof(item), "%u=hex:%064x", 200 + i, i);
		set(&m, item);
	}
	assert_int_equal(ll_msg_build(&m, wire, sizeof(wire), 576, 0),
			 -LL_E_NO_SPACE);
	/* a file name in use is never overwritten */
	base_ack(&m);
	set(&m, "file=\"pxelinux.0\"");
	for (unsigned i = 0; i < 33; i++) {
		snprintf(item, sizeof(item), "%u=hex:%08x%08x", 160 + i, i, i);
		set(&m, item);
	}
	n = ll_msg_build(&m, wire, sizeof(wire), 576, 0);
	assert_true(n > 0);
	assert_memory_equal(wire + 108, "pxelinux.0", 10);
	assert_int_equal(ll_msg_parse(&b, wire, (size_t)n, &pe), LL_OK);
	assert_true(ll_msg_equal(&m, &b));
	assert_int_equal(b.overload, 2);
}

/* Lists are split between elements only, and only when they fit in no
 * single field. */
static void build_splits_between_elements(void **state)
{
	(void)state;
	uint8_t v[400];
	for (size_t i = 0; i < sizeof(v); i++)
		v[i] = (uint8_t)(i + 1);
	base_ack(&m);
	assert_int_equal(ll_msg_set(&m, 3, v, sizeof(v)), 0);
	int n = ll_msg_build(&m, wire, sizeof(wire), 576, 0);
	assert_true(n > 0);
	struct ll_perr pe;
	assert_int_equal(ll_msg_parse(&b, wire, (size_t)n, &pe), LL_OK);
	assert_true(ll_msg_equal(&m, &b));
	assert_true(b.count[3] >= 2);
	/* walk every field: each instance of 3 holds whole addresses */
	size_t spans[3][2] = { { 243, (size_t)n }, { 108, 236 }, { 44, 108 } };
	size_t total = 0;
	for (int f = 0; f < 3; f++) {
		size_t p = spans[f][0];
		while (p < spans[f][1] && wire[p] != 255) {
			if (wire[p] == 0) {
				p++;
				continue;
			}
			if (wire[p] == 3) {
				assert_int_equal(wire[p + 1] % 4, 0);
				total += wire[p + 1];
			}
			p += 2u + wire[p + 1];
		}
	}
	assert_int_equal(total, 400);
	/* a small option that does not fit moves whole to the next field */
	base_ack(&m);
	memset(v, 'x', sizeof(v));
	assert_int_equal(ll_msg_set(&m, 43, v, 300), 0);
	assert_int_equal(ll_msg_set(&m, 6, v, 12), 0);
	n = ll_msg_build(&m, wire, sizeof(wire), 576, 0);
	assert_true(n > 0);
	assert_int_equal(ll_msg_parse(&b, wire, (size_t)n, &pe), LL_OK);
	assert_int_equal(b.count[6], 1);
	bool whole_in_file = false;
	for (size_t p = 108; p < 236 && wire[p] != 255; p += 2u + wire[p + 1])
		whole_in_file |= wire[p] == 6 && wire[p + 1] == 12;
	assert_true(whole_in_file);
}

static void edit_options(void **state)
{
	(void)state;
	base_ack(&m);
	set(&m, "routers=10.0.0.1,10.0.0.2");
	set(&m, "host-name=\"a\"");
	set(&m, "relay-agent-information=hex:0102abcd");
	set(&m, "domain-name=\"x\"");
	assert_int_equal(ll_msg_move_last(&m, 82), 0);
	assert_int_equal(m.order[m.nopts - 1], 82);
	set(&m, "host-name=\"a-much-longer-host-name\"");
	size_t n;
	const uint8_t *v = ll_msg_get(&m, 12, &n);
	assert_int_equal(n, 23);
	assert_memory_equal(v, "a-much-longer-host-name", 23);
	assert_int_equal(ll_msg_del(&m, 3), 0);
	assert_false(ll_msg_has(&m, 3));
	assert_int_equal(ll_msg_del(&m, 3), -ENOENT);
	assert_int_equal(ll_msg_append(&m, 12, "!", 1), 0);
	v = ll_msg_get(&m, 12, &n);
	assert_int_equal(n, 24);
	assert_int_equal(v[23], '!');
	assert_int_equal(ll_msg_set(&m, 0, "x", 1), -EINVAL);
	assert_int_equal(ll_msg_set(&m, 255, "x", 1), -EINVAL);
	/* many replacements force a compaction and lose nothing */
	uint8_t big[4000];
	memset(big, 7, sizeof(big));
	for (int i = 0; i < 20; i++)
		assert_int_equal(ll_msg_set(&m, 43, big, 1000 + (size_t)i * 100),
				 0);
	v = ll_msg_get(&m, 12, &n);
	assert_int_equal(n, 24);
	assert_memory_equal(v, "a-much-longer-host-name!", 24);
	uint32_t ip;
	set(&m, "dhcp-server-identifier=10.9.8.7");
	assert_int_equal(ll_msg_get_ip(&m, 54, &ip), 0);
	assert_int_equal(ip, 0x0a090807);
	assert_int_equal(ll_msg_get_u32(&m, 51, &ip), -ENOENT);
}

static void text_values(void **state)
{
	(void)state;
	uint8_t out[256];
	assert_int_equal(ll_opt_parse(3, "10.0.0.1,10.0.0.2", 17, out, 256), 8);
	assert_memory_equal(out, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	assert_int_equal(ll_opt_parse(82, "hex:0104deadbeef", 16, out, 256), 6);
	assert_memory_equal(out, "\x01\x04\xde\xad\xbe\xef", 6);
	assert_int_equal(ll_opt_parse(82, "{circuit-id=hex:0001,remote-id=\"sw1\"}",
				      37, out, 256), 9);
	assert_memory_equal(out, "\x01\x02\x00\x01\x02\x03sw1", 9);
	assert_int_equal(ll_opt_parse(121, "10.0.0.0/8->10.0.0.1", 20, out, 256),
			 6);
	assert_memory_equal(out, "\x08\x0a\x0a\x00\x00\x01", 6);
	/* RFC 3397 compression of the shared suffix */
	int n = ll_opt_parse(119, "example.com,a.example.com", 25, out, 256);
	assert_int_equal(n, 13 + 4);
	assert_memory_equal(out + 13, "\x01" "a\xc0\x00", 4);
	assert_int_equal(ll_opt_parse(53, "REQUEST", 7, out, 256), 1);
	assert_int_equal(out[0], 3);
	assert_int_equal(ll_opt_parse(19, "true", 4, out, 256), 1);
	assert_int_equal(ll_opt_parse(2, "-1", 2, out, 256), 4);
	assert_memory_equal(out, "\xff\xff\xff\xff", 4);
	/* syntax errors */
	assert_int_equal(ll_opt_parse(3, "10.0.0.256", 10, out, 256),
			 -LL_E_SYNTAX);
	assert_int_equal(ll_opt_parse(51, "12x", 3, out, 256), -LL_E_SYNTAX);
	assert_int_equal(ll_opt_parse(121, "10.0.0.0/33->1.2.3.4", 20, out, 256),
			 -LL_E_SYNTAX);
	assert_int_equal(ll_opt_parse(82, "{nosuch=1}", 10, out, 256),
			 -LL_E_UNKNOWN_NAME);
	assert_int_equal(ll_opt_parse(12, "\"abc", 4, out, 256), -LL_E_SYNTAX);
}

static void text_message_round_trip(void **state)
{
	(void)state;
	static char t[8192], t2[8192];
	base_ack(&m);
	set(&m, "host-name=\"with space \\\" and \\\\ \\n\"");
	set(&m, "relay-agent-information={circuit-id=hex:0004,remote-id=hex:aa}");
	set(&m, "fqdn={flags=5,rcode1=0,rcode2=0,name=h.example.}");
	set(&m, "250=hex:0001");
	set(&m, "sname=\"srv\"");
	unsigned layouts[] = { 0, LL_TEXT_ONELINE };
	for (int i = 0; i < 2; i++) {
		size_t n = ll_msg_format(&m, t, sizeof(t), layouts[i]);
		struct ll_perr pe;
		ll_msg_init(&b);
		assert_int_equal(ll_msg_from_text(&b, t, n, &pe), LL_OK);
		assert_true(ll_msg_equal(&m, &b));
	}
	size_t n = ll_msg_format(&m, t, sizeof(t), 0);
	assert_non_null(strstr(t, "\nhost-name=\"with space \\\" and \\\\ \\n\"\n"));
	assert_non_null(strstr(t, "\n250=hex:0001"));
	/* truncation reports the needed size */
	size_t small = ll_msg_format(&m, t2, 10, 0);
	assert_int_equal(small, n);
	assert_int_equal(strlen(t2), 9);
	/* JSON */
	ll_msg_format(&m, t, sizeof(t), LL_TEXT_JSON);
	assert_non_null(strstr(t, "\"message_type\":\"ACK\""));
	assert_non_null(strstr(t, "{\"code\":12,\"name\":\"host-name\",\"value\":"
				  "\"\\\"with space"));
	assert_non_null(strstr(t, "\"code\":250,\"name\":null"));
}

static void text_errors_name_offset(void **state)
{
	(void)state;
	const char *t = "op=BOOTREQUEST\nno-such-option=1\n";
	struct ll_perr pe;
	ll_msg_init(&m);
	assert_int_equal(ll_msg_from_text(&m, t, strlen(t), &pe),
			 LL_E_UNKNOWN_NAME);
	assert_int_equal(pe.offset, 15);
	t = "# a comment\nrouters=10.0.0.1 host-name=\"open";
	ll_msg_init(&m);
	assert_int_equal(ll_msg_from_text(&m, t, strlen(t), &pe), LL_E_SYNTAX);
	t = "routers=1.2.3";
	ll_msg_init(&m);
	assert_int_equal(ll_msg_from_text(&m, t, strlen(t), &pe), LL_E_SYNTAX);
	assert_int_equal(pe.offset, 0);
}

/* RFC 768 / RFC 791 / RFC 1071. */
static void frames(void **state)
{
	(void)state;
	static uint8_t f[2048];
	const uint8_t pay[] = "dhcp payload";
	struct ll_udp4 h = { .eth_src = { 2, 0, 0, 0, 0, 1 },
			     .eth_dst = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
			     .ip_src = 0, .ip_dst = 0xffffffff, .ip_id = 7,
			     .sport = 68, .dport = 67 };
	int n = ll_frame_build(f, sizeof(f), &h, pay, sizeof(pay));
	assert_int_equal(n, 42 + (int)sizeof(pay));
	struct ll_udp4 g;
	assert_int_equal(ll_frame_parse(f, (size_t)n, &g), LL_OK);
	assert_int_equal(g.sport, 68);
	assert_int_equal(g.ip_dst, 0xffffffff);
	assert_int_equal(g.payload_len, sizeof(pay));
	assert_memory_equal(g.payload, pay, sizeof(pay));
	f[n - 1] ^= 1; /* payload byte: UDP checksum */
	assert_int_equal(ll_frame_parse(f, (size_t)n, &g), LL_E_CHECKSUM);
	f[n - 1] ^= 1;
	f[14 + 8] ^= 1; /* TTL: IPv4 header checksum */
	assert_int_equal(ll_frame_parse(f, (size_t)n, &g), LL_E_CHECKSUM);
	f[14 + 8] ^= 1;
	f[14 + 6] = 0x20; /* more fragments */
	assert_int_equal(ll_frame_parse(f, (size_t)n, &g), LL_E_FRAGMENT);
	f[14 + 6] = 0;
	f[12] = 0x86;
	assert_int_equal(ll_frame_parse(f, (size_t)n, &g), LL_E_FRAME);
	f[12] = 0x08;
	assert_int_equal(ll_frame_parse(f, 30, &g), LL_E_FRAME);
	assert_int_equal(ll_frame_build(f, 20, &h, pay, sizeof(pay)), -ENOSPC);
}

static void option_table(void **state)
{
	(void)state;
	assert_string_equal(ll_opt_name(3), "routers");
	assert_string_equal(ll_opt_name(6), "domain-name-servers");
	assert_int_equal(ll_opt_code("subnet-mask", 11), 1);
	assert_int_equal(ll_opt_code("82", 2), 82);
	assert_int_equal(ll_opt_code("nope", 4), -ENOENT);
	assert_null(ll_opt_def(250));
	/* every entry is consistent */
	for (unsigned c = 1; c < 255; c++) {
		const struct ll_opt_def *d = ll_opt_def((uint8_t)c);
		if (!d)
			continue;
		assert_int_equal(d->code, c);
		assert_true(d->min_len <= d->max_len);
		assert_non_null(d->ref);
		assert_int_equal(ll_opt_code(d->name, strlen(d->name)), (int)c);
	}
	/* all of RFC 2132: 1..76 but 62/63 (RFC 2242) and 52 */
	for (unsigned c = 1; c <= 76; c++)
		assert_non_null(ll_opt_def((uint8_t)c));
	assert_string_equal(ll_rai_name(1), "circuit-id");
	assert_int_equal(ll_rai_code("remote-id", 9), 2);
}

/* Structured values must name their fields in wire order (RFC 2610 3,
 * RFC 4174 2): out of order, the bytes would be silently wrong. */
static void fields_in_wire_order(void **state)
{
	uint8_t out[64];
	(void)state;
	static const char ok78[] = "{mandatory=1,addresses=[10.0.0.1]}";
	static const char bad78[] = "{addresses=[10.0.0.1],mandatory=1}";
	static const char twice[] = "{mandatory=1,mandatory=0}";
	static const char bad83[] = "{dd-access=1,functions=1,admin-flags=1,"
				    "security=1,addresses=[10.0.0.1]}";
	assert_int_equal(ll_opt_parse(78, ok78, sizeof(ok78) - 1, out, 64), 5);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 10);
	assert_int_equal(ll_opt_parse(78, bad78, sizeof(bad78) - 1, out, 64),
			 -LL_E_SYNTAX);
	assert_int_equal(ll_opt_parse(78, twice, sizeof(twice) - 1, out, 64),
			 -LL_E_SYNTAX);
	assert_int_equal(ll_opt_parse(83, bad83, sizeof(bad83) - 1, out, 64),
			 -LL_E_SYNTAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_layout),
		cmocka_unit_test(build_splits_long_options),
		cmocka_unit_test(build_overloads),
		cmocka_unit_test(build_splits_between_elements),
		cmocka_unit_test(edit_options),
		cmocka_unit_test(text_values),
		cmocka_unit_test(text_message_round_trip),
		cmocka_unit_test(text_errors_name_offset),
		cmocka_unit_test(frames),
		cmocka_unit_test(option_table),
		cmocka_unit_test(fields_in_wire_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
