/* The server's decisions, without sockets: one test per RFC rule. */
#include <stdio.h>

#include "helpers.h"
#include "lanlease/server.h"

#define SID 0x0a000001u /* 10.0.0.1 */

static struct ll_msg req, reply, defopts;
static const uint8_t always[] = { 1, 3, 6, 15 };
static const struct ll_srv_config cfg = {
	.default_lease = 3600, .always = always, .nalways = sizeof(always),
};
static const struct ll_arrival bcast = { .server_id = SID, .broadcast = true };
static const struct ll_arrival ucast = { .server_id = SID, .broadcast = false };

static void mk(const char *items)
{
	msg_from_items(&req, "op=BOOTREQUEST htype=1 hlen=6 xid=0x1234 "
		       "chaddr=02:00:00:00:00:07", items);
}

static struct ll_def def(void)
{
	const char *t = "subnet-mask=255.255.255.0 routers=10.0.0.1 "
			"domain-name-servers=10.0.0.2 domain-name=\"example.net\" "
			"ntp-servers=10.0.0.3 host-name=\"client7\"";
	struct ll_perr pe;
	ll_msg_init(&defopts);
	assert_int_equal(ll_msg_from_text(&defopts, t, strlen(t), &pe), LL_OK);
	return (struct ll_def){ .ip = 0x0a000007, .opts = &defopts };
}

static enum ll_method classify(const struct ll_arrival *a, enum ll_drop *why)
{
	return ll_srv_classify(&req, a, why);
}

/* RFC 2131 4.3.2: the state of a REQUEST from 54, 50 and ciaddr. */
static void classify_requests(void **state)
{
	(void)state;
	enum ll_drop why;
	mk("dhcp-message-type=DISCOVER");
	assert_int_equal(classify(&bcast, &why), LL_M_DISCOVER);
	mk("dhcp-message-type=REQUEST dhcp-server-identifier=10.0.0.1 "
	   "dhcp-requested-address=10.0.0.7");
	assert_int_equal(classify(&bcast, &why), LL_M_REQUEST_SELECTING);
	mk("dhcp-message-type=REQUEST dhcp-server-identifier=10.0.0.99 "
	   "dhcp-requested-address=10.0.0.7");
	assert_int_equal(classify(&bcast, &why), LL_M_DROP);
	assert_int_equal(why, LL_D_OTHER_SERVER);
	mk("dhcp-message-type=REQUEST dhcp-requested-address=10.0.0.7");
	assert_int_equal(classify(&bcast, &why), LL_M_REQUEST_INIT_REBOOT);
	mk("dhcp-message-type=REQUEST ciaddr=10.0.0.7");
	assert_int_equal(classify(&ucast, &why), LL_M_REQUEST_RENEW);
	assert_int_equal(classify(&bcast, &why), LL_M_REQUEST_REBIND);
	mk("dhcp-message-type=REQUEST");
	assert_int_equal(classify(&bcast, &why), LL_M_DROP);
	assert_int_equal(why, LL_D_BAD_REQUEST);
	mk("dhcp-message-type=REQUEST dhcp-server-identifier=10.0.0.1 "
	   "ciaddr=10.0.0.7");
	assert_int_equal(classify(&bcast, &why), LL_M_DROP);
	assert_string_equal(ll_method_name(LL_M_REQUEST_INIT_REBOOT),
			    "REQUEST:INIT-REBOOT");
}

/* RFC 2131 4.3.3-4.3.5 and table 5: what DECLINE, RELEASE, INFORM need. */
static void classify_others(void **state)
{
	(void)state;
	enum ll_drop why;
	mk("dhcp-message-type=DECLINE dhcp-requested-address=10.0.0.7");
	assert_int_equal(classify(&bcast, &why), LL_M_DROP);
	assert_int_equal(why, LL_D_BAD_DECLINE);
	mk("dhcp-message-type=DECLINE dhcp-requested-address=10.0.0.7 "
	   "dhcp-server-identifier=10.0.0.1");
	assert_int_equal(classify(&bcast, &why), LL_M_DECLINE);
	mk("dhcp-message-type=RELEASE");
	assert_int_equal(classify(&ucast, &why), LL_M_DROP);
	assert_int_equal(why, LL_D_BAD_RELEASE);
	mk("dhcp-message-type=RELEASE ciaddr=10.0.0.7 "
	   "dhcp-server-identifier=10.0.0.1");
	assert_int_equal(classify(&ucast, &why), LL_M_RELEASE);
	mk("dhcp-message-type=INFORM");
	assert_int_equal(classify(&ucast, &why), LL_M_DROP);
	assert_int_equal(why, LL_D_BAD_INFORM);
	mk("dhcp-message-type=INFORM ciaddr=10.0.0.50");
	assert_int_equal(classify(&ucast, &why), LL_M_INFORM);
	mk("op=BOOTREPLY dhcp-message-type=OFFER");
	assert_int_equal(classify(&ucast, &why), LL_M_DROP);
	assert_int_equal(why, LL_D_NOT_REQUEST);
}

/* RFC 2131 4.3.1, table 3; RFC 2132 3.3; RFC 3046 2.2. */
static void offer_contents(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	struct ll_lease_view lv = { 0 };
	mk("dhcp-message-type=DISCOVER dhcp-parameter-request-list=3,42,6,1 "
	   "relay-agent-information={circuit-id=hex:0001} giaddr=10.9.0.1");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DISCOVER, &df, &lv, &reply, &d);
	assert_int_equal(d.reply, LL_R_OFFER);
	assert_int_equal(reply.op, LL_BOOTREPLY);
	assert_int_equal(reply.xid, 0x1234);
	assert_int_equal(reply.yiaddr, 0x0a000007);
	assert_int_equal(reply.ciaddr, 0);
	assert_int_equal(reply.giaddr, 0x0a090001);
	static const uint8_t order[] = { 53, 54, 51, 58, 59, 1, 3, 42, 6, 15, 82 };
	assert_int_equal(reply.nopts, sizeof(order));
	assert_memory_equal(reply.order, order, sizeof(order));
	uint32_t v;
	assert_int_equal(ll_msg_get_u32(&reply, 51, &v), 0);
	assert_int_equal(v, 3600);
	assert_int_equal(ll_msg_get_u32(&reply, 58, &v), 0);
	assert_int_equal(v, 1800);
	assert_int_equal(ll_msg_get_u32(&reply, 59, &v), 0);
	assert_int_equal(v, 3150);
	assert_false(ll_msg_has(&reply, 12)); /* not asked, not always */
	assert_int_equal(d.dest, LL_TO_RELAY);
	assert_int_equal(d.dest_ip, 0x0a090001);
	assert_int_equal(d.lease, LL_L_OFFER);
	assert_int_equal(d.lease_ip, 0x0a000007);
}

/* RFC 2131 4.1: broadcast bit, else unicast to yiaddr at chaddr. */
static void reply_destinations(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	mk("dhcp-message-type=DISCOVER flags=broadcast");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DISCOVER, &df, NULL, &reply, &d);
	assert_int_equal(d.dest, LL_TO_BROADCAST);
	mk("dhcp-message-type=DISCOVER");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DISCOVER, &df, NULL, &reply, &d);
	assert_int_equal(d.dest, LL_TO_CHADDR);
	assert_int_equal(d.dest_ip, 0x0a000007);
	mk("dhcp-message-type=REQUEST ciaddr=10.0.0.7");
	ll_srv_decide(&cfg, &ucast, &req, LL_M_REQUEST_RENEW, &df, NULL, &reply,
		      &d);
	assert_int_equal(d.reply, LL_R_ACK);
	assert_int_equal(d.dest, LL_TO_CIADDR);
	assert_int_equal(reply.ciaddr, 0x0a000007); /* table 3 */
	assert_int_equal(d.lease, LL_L_BIND);
}

/* Never NAK a DISCOVER (RFC 2131 4.3.1), authoritative or not. */
static void discover_unknown_is_silent(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_srv_config auth = cfg;
	auth.authoritative = true;
	mk("dhcp-message-type=DISCOVER");
	ll_srv_decide(&auth, &bcast, &req, LL_M_DISCOVER, NULL, NULL, &reply, &d);
	assert_int_equal(d.reply, LL_R_NONE);
	assert_int_equal(d.why, LL_D_UNKNOWN_CLIENT);
}

/* One address, one client: a conflict gets the second client nothing. */
static void conflict_gets_nothing(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	struct ll_lease_view lv = { .held_by_other = true };
	mk("dhcp-message-type=DISCOVER");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DISCOVER, &df, &lv, &reply, &d);
	assert_int_equal(d.reply, LL_R_NONE);
	assert_int_equal(d.why, LL_D_CONFLICT);
	mk("dhcp-message-type=REQUEST dhcp-requested-address=10.0.0.7");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_REQUEST_INIT_REBOOT, &df, &lv,
		      &reply, &d);
	assert_int_equal(d.reply, LL_R_NONE);
	assert_int_equal(d.why, LL_D_CONFLICT);
}

/* RFC 2131 4.3.2: a wrong address is NAKed; NAK carries 53, 54 and 82,
 * no address, and is broadcast (with the broadcast bit via a relay). */
static void nak_wrong_address(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	mk("dhcp-message-type=REQUEST dhcp-server-identifier=10.0.0.1 "
	   "dhcp-requested-address=10.0.0.99");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_REQUEST_SELECTING, &df, NULL,
		      &reply, &d);
	assert_int_equal(d.reply, LL_R_NAK);
	assert_int_equal(ll_msg_type(&reply), LL_NAK);
	assert_int_equal(reply.yiaddr, 0);
	assert_false(ll_msg_has(&reply, 51));
	assert_int_equal(d.dest, LL_TO_BROADCAST);
	assert_int_equal(d.lease, LL_L_NONE);
	mk("dhcp-message-type=REQUEST dhcp-requested-address=10.0.0.99 "
	   "giaddr=10.9.0.1 relay-agent-information=hex:0102abcd");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_REQUEST_INIT_REBOOT, &df, NULL,
		      &reply, &d);
	assert_int_equal(d.reply, LL_R_NAK);
	assert_int_equal(d.dest, LL_TO_RELAY);
	assert_true(reply.flags & LL_FLAG_BROADCAST);
	assert_int_equal(reply.order[reply.nopts - 1], 82);
	mk("dhcp-message-type=REQUEST ciaddr=10.0.0.50");
	ll_srv_decide(&cfg, &ucast, &req, LL_M_REQUEST_RENEW, &df, NULL,
		      &reply, &d);
	assert_int_equal(d.reply, LL_R_NAK);
}

/* RFC 2131 4.3.2: no record -> silent, unless authoritative -> NAK. */
static void unknown_client_authoritative(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_srv_config auth = cfg;
	auth.authoritative = true;
	mk("dhcp-message-type=REQUEST dhcp-requested-address=10.0.0.7");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_REQUEST_INIT_REBOOT, NULL, NULL,
		      &reply, &d);
	assert_int_equal(d.reply, LL_R_NONE);
	assert_int_equal(d.why, LL_D_UNKNOWN_CLIENT);
	ll_srv_decide(&auth, &bcast, &req, LL_M_REQUEST_INIT_REBOOT, NULL, NULL,
		      &reply, &d);
	assert_int_equal(d.reply, LL_R_NAK);
}

/* RFC 2131 4.3.5: INFORM gets configuration, no address or lease. */
static void inform_ack(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	mk("dhcp-message-type=INFORM ciaddr=10.0.0.50 "
	   "dhcp-parameter-request-list=6,15");
	ll_srv_decide(&cfg, &ucast, &req, LL_M_INFORM, &df, NULL, &reply, &d);
	assert_int_equal(d.reply, LL_R_ACK);
	assert_int_equal(reply.yiaddr, 0);
	assert_int_equal(reply.ciaddr, 0x0a000032);
	assert_false(ll_msg_has(&reply, 51));
	assert_false(ll_msg_has(&reply, 58));
	assert_true(ll_msg_has(&reply, 6));
	assert_int_equal(d.dest, LL_TO_CIADDR);
	assert_int_equal(d.lease, LL_L_NONE);
}

/* RFC 2131 4.3.3 and 4.3.4: no reply; RELEASE only from the holder. */
static void decline_and_release(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_lease_view owner = { .held_by_client = true }, other = { 0 };
	mk("dhcp-message-type=DECLINE dhcp-requested-address=10.0.0.7 "
	   "dhcp-server-identifier=10.0.0.1");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DECLINE, NULL, NULL, &reply, &d);
	assert_int_equal(d.reply, LL_R_NONE);
	assert_int_equal(d.lease, LL_L_DECLINE);
	assert_int_equal(d.lease_ip, 0x0a000007);
	mk("dhcp-message-type=RELEASE ciaddr=10.0.0.7");
	ll_srv_decide(&cfg, &ucast, &req, LL_M_RELEASE, NULL, &owner, &reply, &d);
	assert_int_equal(d.reply, LL_R_NONE);
	assert_int_equal(d.lease, LL_L_RELEASE);
	assert_int_equal(d.lease_ip, 0x0a000007);
	ll_srv_decide(&cfg, &ucast, &req, LL_M_RELEASE, NULL, &other, &reply, &d);
	assert_int_equal(d.lease, LL_L_NONE);
	assert_int_equal(d.why, LL_D_NOT_OWNER);
}

/* RFC 4039: rapid commit only when enabled and asked for. */
static void rapid_commit(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	struct ll_srv_config rc = cfg;
	rc.rapid_commit = true;
	mk("dhcp-message-type=DISCOVER rapid-commit=");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DISCOVER, &df, NULL, &reply, &d);
	assert_int_equal(d.reply, LL_R_OFFER);
	assert_false(ll_msg_has(&reply, 80));
	ll_srv_decide(&rc, &bcast, &req, LL_M_DISCOVER, &df, NULL, &reply, &d);
	assert_int_equal(d.reply, LL_R_ACK);
	assert_true(d.rapid);
	assert_true(ll_msg_has(&reply, 80));
	assert_int_equal(d.lease, LL_L_BIND);
	mk("dhcp-message-type=DISCOVER");
	ll_srv_decide(&rc, &bcast, &req, LL_M_DISCOVER, &df, NULL, &reply, &d);
	assert_int_equal(d.reply, LL_R_OFFER);
}

/* RFC 2131 4.2: identity by client-id, else htype + chaddr. */
static void client_identity(void **state)
{
	(void)state;
	uint8_t id[256];
	mk("dhcp-message-type=DISCOVER");
	assert_int_equal(ll_srv_client_id(&req, id), 7);
	assert_memory_equal(id, "\x01\x02\x00\x00\x00\x00\x07", 7);
	mk("dhcp-message-type=DISCOVER dhcp-client-identifier=hex:ff0001");
	assert_int_equal(ll_srv_client_id(&req, id), 3);
	assert_memory_equal(id, "\xff\x00\x01", 3);
}

/* A definition's own times win; the reply builds within 576 bytes. */
static void lease_times_and_size(void **state)
{
	(void)state;
	struct ll_decision d;
	struct ll_def df = def();
	df.lease_time = 600;
	df.t1 = 100;
	mk("dhcp-message-type=DISCOVER");
	ll_srv_decide(&cfg, &bcast, &req, LL_M_DISCOVER, &df, NULL, &reply, &d);
	uint32_t v;
	ll_msg_get_u32(&reply, 51, &v);
	assert_int_equal(v, 600);
	ll_msg_get_u32(&reply, 58, &v);
	assert_int_equal(v, 100);
	ll_msg_get_u32(&reply, 59, &v);
	assert_int_equal(v, 525);
	assert_int_equal(d.lease_secs, 600);
	uint8_t w[1500];
	int n = ll_msg_build(&reply, w, sizeof(w), ll_msg_max_size(&req), 300);
	assert_true(n >= 300 && n <= 548);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify_requests),
		cmocka_unit_test(classify_others),
		cmocka_unit_test(offer_contents),
		cmocka_unit_test(reply_destinations),
		cmocka_unit_test(discover_unknown_is_silent),
		cmocka_unit_test(conflict_gets_nothing),
		cmocka_unit_test(nak_wrong_address),
		cmocka_unit_test(unknown_client_authoritative),
		cmocka_unit_test(inform_ack),
		cmocka_unit_test(decline_and_release),
		cmocka_unit_test(rapid_commit),
		cmocka_unit_test(client_identity),
		cmocka_unit_test(lease_times_and_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
