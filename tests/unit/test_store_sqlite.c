/* The lookup chain on SQLite: every built-in step, user templates,
 * layering of defaults, leases, durable history, and SQL injection. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "helpers.h"
#include "lanlease/store.h"
#include "store_sqlite.h"

static char path[64];
static struct ll_store *S;
static struct ll_msg req;
static struct ll_vars V;
static struct ll_defb B;
static struct ll_step steps[5];

static void sql(const char *s)
{
	struct ll_tpl t;
	const char *why;
	size_t at;
	assert_int_equal(ll_tpl_compile(s, S->dialect, &t, &why, &at), 0);
	if (S->ops->exec(S, &t, NULL) < 0)
		fail_msg("%s: %s", s, S->ops->error(S));
}

static long count(const char *q)
{
	struct ll_tpl t;
	struct ll_row row;
	const char *why;
	size_t at;
	ll_tpl_compile(q, S->dialect, &t, &why, &at);
	assert_int_equal(S->ops->query(S, &t, NULL, &row), 1);
	return atol(row.value[0]);
}

static int setup(void **state)
{
	(void)state;
	char err[256];
	snprintf(path, sizeof(path), "/tmp/lltest-%d.sqlite", (int)getpid());
	unlink(path);
	S = ll_sqlite_open(path, err, sizeof(err));
	assert_non_null(S);
	assert_int_equal(ll_store_init_schema(S), 0);
	sql("INSERT INTO subnets (subnet, serial, lease_time, gateway, subnet_mask, "
	    "domain_name_servers, domain_name) VALUES ('lan', 0, 7200, "
	    "'10.0.0.1', '255.255.255.0', '10.0.0.2,10.0.0.3', 'example.net')");
	sql("INSERT INTO maps (mac, ip, hostname, subnet, serial, client_id) VALUES "
	    "('02:00:00:00:00:01', '10.0.0.11', 'alpha', 'lan', 0, NULL), "
	    "('02:00:00:00:00:02', '10.0.0.12', NULL, 'lan', 0, '01aabbccddeeff')");
	sql("INSERT INTO circuits (circuit_id, remote_id, ip, subnet) VALUES "
	    "('000400010006', '0006001e589eb2ad', '10.0.0.21', 'lan'), "
	    "('000400010007', NULL, '10.0.0.22', 'lan')");
	sql("INSERT INTO switch_ports (switch_mac, port, ip, subnet) VALUES "
	    "('001e589eb2ad', '09', '10.0.0.31', 'lan')");
	sql("INSERT INTO options (ip, code, value) VALUES ('10.0.0.11', 42, "
	    "'10.0.0.5')");
	sql("INSERT INTO options (subnet, serial, code, value) VALUES ('lan', 0, "
	    "119, 'example.net,corp.example.net')");
	const char *why;
	size_t at;
	for (int k = 0; k < 4; k++)
		assert_int_equal(ll_step_prepare(&steps[k], (enum ll_step_kind)k,
						 NULL, S->dialect, &why, &at), 0);
	assert_int_equal(ll_step_prepare(&steps[4], LL_STEP_SQL,
		"SELECT ip, subnet FROM maps WHERE hostname = {host-name}",
		S->dialect, &why, &at), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	S->ops->close(S);
	unlink(path);
	return 0;
}

static void request(const char *items)
{
	msg_from_items(&req, "op=BOOTREQUEST htype=1 hlen=6 "
		       "dhcp-message-type=DISCOVER", items);
	ll_vars_init(&V);
	ll_vars_from_msg(&V, &req);
}

static int lookup(struct ll_trace *tr)
{
	static const char *const defaults[] = { "ntp_servers=10.9.9.9",
						"subnet_mask=255.0.0.0", NULL };
	return ll_chain_lookup(S, steps, 5, &V, defaults, &B, tr);
}

static void opt_text(uint8_t code, const char *want)
{
	char buf[512];
	struct ll_sb sb;
	size_t n;
	const uint8_t *v = ll_msg_get(&B.opts, code, &n);
	if (!v)
		fail_msg("option %u missing", code);
	ll_sb_init(&sb, buf, sizeof(buf));
	ll_opt_format(&sb, code, v, n);
	assert_string_equal(buf, want);
}

/* By MAC, with the subnet's options, the address's extra option and the
 * subnet's extra option layered over the global defaults. */
static void by_mac_layered(void **state)
{
	(void)state;
	struct ll_trace tr;
	request("chaddr=02:00:00:00:00:01");
	assert_int_equal(lookup(&tr), 1);
	assert_int_equal(tr.found_at, 0);
	assert_int_equal(B.def.ip, 0x0a00000b);
	assert_int_equal(B.def.lease_time, 7200);
	opt_text(1, "255.255.255.0");          /* subnet beats default */
	opt_text(3, "10.0.0.1");
	opt_text(6, "10.0.0.2,10.0.0.3");
	opt_text(12, "\"alpha\"");             /* the map's hostname */
	opt_text(42, "10.0.0.5");              /* address option beats default */
	opt_text(119, "example.net,corp.example.net");
	assert_string_equal(B.subnet, "lan");
}

static void by_client_id(void **state)
{
	(void)state;
	struct ll_trace tr;
	request("chaddr=02:00:00:00:00:99 dhcp-client-identifier=hex:01aabbccddeeff");
	assert_int_equal(lookup(&tr), 1);
	assert_int_equal(tr.found_at, 1);
	assert_int_equal(B.def.ip, 0x0a00000c);
	opt_text(42, "10.9.9.9");              /* global default */
}

/* RFC 3046: circuit-id with its remote-id; a NULL remote-id row matches
 * any switch. */
static void by_circuit(void **state)
{
	(void)state;
	struct ll_trace tr;
	request("chaddr=02:00:00:00:00:98 giaddr=10.0.0.254 "
		"relay-agent-information={circuit-id=hex:000400010006,"
		"remote-id=hex:0006001e589eb2ad}");
	assert_int_equal(lookup(&tr), 1);
	assert_int_equal(tr.found_at, 2);
	assert_int_equal(tr.step[1].result, -1);
	assert_string_equal(tr.step[1].missing, "option_61_value_hex");
	assert_int_equal(B.def.ip, 0x0a000015);
	request("chaddr=02:00:00:00:00:97 relay-agent-information="
		"{circuit-id=hex:000400010006,remote-id=hex:0006001e589eb2ae}");
	assert_int_equal(lookup(&tr), 0);       /* another switch */
	request("chaddr=02:00:00:00:00:96 relay-agent-information="
		"{circuit-id=hex:000400010007}");
	assert_int_equal(lookup(&tr), 1);
	assert_int_equal(B.def.ip, 0x0a000016);
}

/* Switch MAC + port from user variables cut out of Option 82. */
static void by_switch_port(void **state)
{
	(void)state;
	struct ll_trace tr;
	struct ll_uservar u[2];
	const char *why;
	request("chaddr=02:00:00:00:00:95 relay-agent-information="
		"{circuit-id=hex:000400010009,remote-id=hex:0006001e589eb2ad}");
	assert_int_equal(ll_uservar_parse("option_82_hex:switch_mac:26:40", &u[0],
					  &why), 0);
	assert_int_equal(ll_uservar_parse("option_82_hex:switch_port:16:18", &u[1],
					  &why), 0);
	assert_int_equal(ll_uservars_apply(&V, &req, u, 2), 2);
	assert_int_equal(lookup(&tr), 1);
	assert_int_equal(tr.found_at, 3);
	assert_int_equal(B.def.ip, 0x0a00001f);
}

static void by_user_template_and_miss(void **state)
{
	(void)state;
	struct ll_trace tr;
	request("chaddr=02:00:00:00:00:94 host-name=\"alpha\"");
	assert_int_equal(lookup(&tr), 1);
	assert_int_equal(tr.found_at, 4);
	request("chaddr=02:00:00:00:00:93");
	assert_int_equal(lookup(&tr), 0);
	assert_int_equal(tr.found_at, -1);
	assert_int_equal(tr.nsteps, 5);
}

/* A value the option table rejects is an error naming the column. */
static void bad_value_named(void **state)
{
	(void)state;
	struct ll_trace tr;
	sql("INSERT INTO maps (mac, ip, subnet) VALUES ('02:00:00:00:00:50', "
	    "'10.0.0.300', 'lan')");
	request("chaddr=02:00:00:00:00:50");
	assert_true(lookup(&tr) < 0);
	assert_non_null(strstr(B.err, "column ip"));
	sql("DELETE FROM maps WHERE mac = '02:00:00:00:00:50'");
}

/* SQL injection: the value is bound, stored byte-exact, nothing else
 * changes. */
static void injection(void **state)
{
	(void)state;
	struct ll_trace tr;
	const char *evil = "x'); DROP TABLE maps;--";
	long maps = count("SELECT count(*) FROM maps");
	long tables = count("SELECT count(*) FROM sqlite_master");
	char item[128];
	snprintf(item, sizeof(item), "chaddr=02:00:00:00:00:92 host-name=\"%s\"",
		 evil);
	request(item);
	assert_int_equal(lookup(&tr), 0);
	assert_int_equal(S->ops->begin(S), 0);
	assert_int_equal(ll_history_add(S, &V, 1700000000, 0x0a000063,
					"REQUEST:SELECTING"), 0);
	assert_int_equal(S->ops->commit(S), 0);
	struct ll_tpl t;
	struct ll_row row;
	const char *why;
	size_t at;
	ll_tpl_compile("SELECT hostname, method, ip FROM history ORDER BY id DESC",
		       S->dialect, &t, &why, &at);
	assert_int_equal(S->ops->query(S, &t, NULL, &row), 1);
	assert_string_equal(row.value[0], evil);
	assert_string_equal(row.value[1], "REQUEST:SELECTING");
	assert_string_equal(row.value[2], "10.0.0.99");
	assert_int_equal(count("SELECT count(*) FROM maps"), maps);
	assert_int_equal(count("SELECT count(*) FROM sqlite_master"), tables);
}

static void leases(void **state)
{
	(void)state;
	struct ll_lease l;
	assert_int_equal(ll_lease_get(S, 0x0a00000b, &l), 0);
	assert_int_equal(ll_lease_put(S, 0x0a00000b, "01020000000001",
				      "02:00:00:00:00:01", 1700003600, "bound",
				      1700000000), 1);
	assert_int_equal(ll_lease_get(S, 0x0a00000b, &l), 1);
	assert_string_equal(l.client_id, "01020000000001");
	assert_int_equal(l.expiry, 1700003600);
	assert_string_equal(l.state, "bound");
	assert_int_equal(ll_lease_put(S, 0x0a00000b, "01020000000001",
				      "02:00:00:00:00:01", 1700007200, "released",
				      1700000100), 1);
	assert_int_equal(ll_lease_get(S, 0x0a00000b, &l), 1);
	assert_string_equal(l.state, "released");
	/* a released address may go to another client; a live lease never */
	assert_int_equal(ll_lease_put(S, 0x0a00000b, "01020000000002",
				      "02:00:00:00:00:02", 1700009000, "bound",
				      1700000200), 1);
	assert_int_equal(ll_lease_put(S, 0x0a00000b, "01020000000003",
				      "02:00:00:00:00:03", 1700009900, "bound",
				      1700000300), 0);
	assert_int_equal(ll_lease_get(S, 0x0a00000b, &l), 1);
	assert_string_equal(l.client_id, "01020000000002");
	assert_int_equal(l.expiry, 1700009000);
	/* once it has expired, it may */
	assert_int_equal(ll_lease_put(S, 0x0a00000b, "01020000000003",
				      "02:00:00:00:00:03", 1700019900, "bound",
				      1700009001), 1);
	assert_int_equal(count("SELECT count(*) FROM leases"), 1);
}

/* What was committed is there after the database is closed and opened. */
static void durable(void **state)
{
	(void)state;
	char err[256];
	long before = count("SELECT count(*) FROM history");
	assert_true(before >= 1);
	S->ops->close(S);
	S = ll_sqlite_open(path, err, sizeof(err));
	assert_non_null(S);
	assert_int_equal(count("SELECT count(*) FROM history"), before);
	assert_null(ll_sqlite_open("/nonexistent/dir/x.sqlite", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/dir/x.sqlite"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_mac_layered),
		cmocka_unit_test(by_client_id),
		cmocka_unit_test(by_circuit),
		cmocka_unit_test(by_switch_port),
		cmocka_unit_test(by_user_template_and_miss),
		cmocka_unit_test(bad_value_named),
		cmocka_unit_test(injection),
		cmocka_unit_test(leases),
		cmocka_unit_test(durable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
