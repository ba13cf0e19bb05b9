/* Request variables, user variables and SQL templates. */
#include "helpers.h"
#include "lanlease/vars.h"

static struct ll_msg req;
static struct ll_vars V;

/* The seed's example: circuit-id 00:04:00:01:00:06 (VLAN 1, port 6),
 * remote-id 00:06:00:1e:58:9e:b2:ad (the switch's MAC). */
static void mk(void)
{
	const char *t = "op=BOOTREQUEST htype=1 hlen=6 xid=0x3c897d8c "
			"chaddr=00:25:22:4a:d7:64 giaddr=172.30.114.25 "
			"ciaddr=172.30.128.13 dhcp-message-type=INFORM "
			"host-name=\"pc-17\" routers=10.0.0.1,10.0.0.2 "
			"relay-agent-information=hex:0106000400010006"
			"02080006001e589eb2ad";
	struct ll_perr pe;
	ll_msg_init(&req);
	assert_int_equal(ll_msg_from_text(&req, t, strlen(t), &pe), LL_OK);
	ll_vars_init(&V);
	assert_int_equal(ll_vars_from_msg(&V, &req), 0);
}

static void expect(const char *name, const char *val)
{
	size_t n;
	const char *v = ll_vars_get(&V, name, strlen(name), &n);
	if (!v)
		fail_msg("variable %s missing", name);
	assert_int_equal(n, strlen(val));
	assert_memory_equal(v, val, n);
}

static void request_variables(void **state)
{
	(void)state;
	mk();
	expect("chaddr", "00:25:22:4a:d7:64");
	expect("ClientMacAddress", "0025224ad764");
	expect("xidhex", "3c897d8c");
	expect("giaddr", "172.30.114.25");
	expect("ciaddr", "172.30.128.13");
	expect("message_type", "INFORM");
	expect("host-name", "pc-17");               /* strings raw */
	expect("routers", "10.0.0.1,10.0.0.2");     /* others: text form */
	expect("option_12_hex", "0570632d3137");   /* length byte + value */
	expect("option_12_value_hex", "70632d3137");
	expect("option_82_hex", "12010600040001000602080006001e589eb2ad");
	expect("option_82_len", "18");
	expect("option_82_circuit_id_hex", "000400010006");
	expect("option_82_remote_id_hex", "0006001e589eb2ad");
	expect("option_82_AgentCircuitId_port_hex", "0006");
	expect("option_82_AgentRemoteId_hex", "0006001e589eb2ad");
	expect("RequestedIpAddress", "0.0.0.0");
	assert_null(ll_vars_get(&V, "nope", 4, NULL));
}

/* Only the options a server's templates read are formatted: a name
 * finds its option by code, by text-form name or by Option 82
 * sub-option; header fields are always there. */
static void only_what_is_read(void **state)
{
	(void)state;
	struct ll_optmask om = { { 0 } };
	mk();
	assert_int_equal(ll_optmask_add(&om, "option_82_circuit_id_hex"), 1);
	assert_int_equal(ll_optmask_add(&om, "host-name"), 1);
	assert_int_equal(ll_optmask_add(&om, "option_300_hex"), 0);
	assert_int_equal(ll_optmask_add(&om, "giaddr"), 0);
	assert_int_equal(ll_optmask_add(&om, "option_x"), 0);
	ll_vars_init(&V);
	assert_int_equal(ll_vars_from_msg_only(&V, &req, &om), 0);
	expect("chaddr", "00:25:22:4a:d7:64");
	expect("giaddr", "172.30.114.25");
	expect("message_type", "INFORM");
	expect("host-name", "pc-17");
	expect("option_12_len", "5");
	expect("option_82_circuit_id_hex", "000400010006");
	assert_null(ll_vars_get(&V, "routers", 7, NULL));
	assert_null(ll_vars_get(&V, "option_3_hex", 12, NULL));
	/* option_3 by number */
	assert_int_equal(ll_optmask_add(&om, "option_3"), 1);
	ll_vars_init(&V);
	assert_int_equal(ll_vars_from_msg_only(&V, &req, &om), 0);
	expect("routers", "10.0.0.1,10.0.0.2");
}

/* pydhcpdb: SOURCE:NAME:START:END slices the source's characters. */
static void user_variables(void **state)
{
	(void)state;
	struct ll_uservar u[4];
	const char *why;
	mk();
	assert_int_equal(ll_uservar_parse("option_82_hex:sw_mac:26:40", &u[0], &why), 0);
	assert_int_equal(ll_uservar_parse("option_82_hex:sw_port:16:18", &u[1], &why), 0);
	assert_int_equal(ll_uservar_parse("o:82:2:8", &u[2], &why), 0);
	assert_int_equal(ll_uservar_parse("option_82_hex:far:38:99", &u[3], &why), 0);
	assert_int_equal(ll_uservars_apply(&V, &req, u, 4), 3);
	expect("sw_mac", "001e589eb2ad");
	expect("sw_port", "06");
	expect("o_82_2", "000400010006"); /* DB2DHCP: bytes of the value */
	assert_null(ll_vars_get(&V, "far", 3, NULL)); /* starts past the end */
	assert_int_equal(ll_uservar_parse("option_82_hex:tail:32:99", &u[3], &why), 0);
	assert_int_equal(ll_uservars_apply(&V, &req, &u[3], 1), 1);
	expect("tail", "9eb2ad"); /* END clamped, as a Python slice */
	/* chained: a user variable is a source for the next */
	struct ll_uservar c;
	assert_int_equal(ll_uservar_parse("sw_mac:oui:0:6", &c, &why), 0);
	assert_int_equal(ll_uservars_apply(&V, &req, &c, 1), 1);
	expect("oui", "001e58");
}

static void user_variable_errors(void **state)
{
	(void)state;
	struct ll_uservar u;
	const char *why = NULL;
	assert_int_equal(ll_uservar_parse("a:b", &u, &why), -EINVAL);
	assert_non_null(why);
	assert_int_equal(ll_uservar_parse("a:b:5:2", &u, &why), -EINVAL);
	assert_int_equal(ll_uservar_parse("a:b:x:2", &u, &why), -EINVAL);
	assert_int_equal(ll_uservar_parse("o:300:1", &u, &why), -EINVAL);
	assert_int_equal(ll_uservar_parse("a:b:1:2:3", &u, &why), -EINVAL);
	assert_int_equal(ll_uservar_parse("a::1:2", &u, &why), -EINVAL);
}

/* {var} becomes a placeholder, never spliced text; '{var}' too. */
static void templates(void **state)
{
	(void)state;
	struct ll_tpl t;
	const char *why;
	size_t at;
	assert_int_equal(ll_tpl_compile("select ip, mask from users where "
					"upper(mac) = upper('{sw_mac}') and "
					"port = {sw_port}", LL_SQL_QMARK, &t,
					&why, &at), 0);
	assert_string_equal(t.sql, "select ip, mask from users where "
				   "upper(mac) = upper(?) and port = ?");
	assert_int_equal(t.nvars, 2);
	assert_string_equal(t.vars[0], "sw_mac");
	assert_string_equal(t.vars[1], "sw_port");
	assert_int_equal(ll_tpl_compile("select {a}, {b}, '{{x}}'", LL_SQL_DOLLAR,
					&t, &why, &at), 0);
	assert_string_equal(t.sql, "select $1, $2, '{x}'");
	assert_int_equal(ll_tpl_compile("select {a b}", LL_SQL_QMARK, &t, &why,
					&at), -EINVAL);
	assert_int_equal(at, 7);
	assert_int_equal(ll_tpl_compile("select }", LL_SQL_QMARK, &t, &why, &at),
			 -EINVAL);
	assert_int_equal(ll_tpl_compile("select {open", LL_SQL_QMARK, &t, &why,
					&at), -EINVAL);
	assert_int_equal(ll_tpl_compile("select '{a}", LL_SQL_QMARK, &t, &why,
					&at), -EINVAL);
	/* hostile text in a template stays text; values never enter it */
	assert_int_equal(ll_tpl_compile("select 1 where h = {host-name}",
					LL_SQL_QMARK, &t, &why, &at), 0);
	assert_string_equal(t.sql, "select 1 where h = ?");
	assert_string_equal(t.vars[0], "host-name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_variables),
		cmocka_unit_test(only_what_is_read),
		cmocka_unit_test(user_variables),
		cmocka_unit_test(user_variable_errors),
		cmocka_unit_test(templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
