/* lanlease: the server's decisions (RFC 2131 section 4.3, RFC 3046,
 * RFC 4039), as return values. No I/O: the caller classifies a request,
 * looks up the client's definition and the lease state of its address,
 * then asks for the decision, which says what to send, where, and what
 * to record. */
#ifndef LANLEASE_SERVER_H
#define LANLEASE_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "lanlease/msg.h"

/* The method, named as staticDHCPd names it. */
enum ll_method {
	LL_M_DROP = 0,
	LL_M_DISCOVER,
	LL_M_REQUEST_SELECTING,
	LL_M_REQUEST_INIT_REBOOT,
	LL_M_REQUEST_RENEW,
	LL_M_REQUEST_REBIND,
	LL_M_DECLINE,
	LL_M_RELEASE,
	LL_M_INFORM,
	LL_M__COUNT
};

/* Why a request or a decision is dropped. */
enum ll_drop {
	LL_D_NONE = 0,
	LL_D_NOT_REQUEST,       /* a BOOTREPLY, or no message type */
	LL_D_OTHER_SERVER,      /* names another server (RFC 2131 4.3.2) */
	LL_D_BAD_REQUEST,       /* a REQUEST in no RFC 2131 state */
	LL_D_BAD_DECLINE,       /* DECLINE without 50 or 54 (RFC 2131 4.3.3) */
	LL_D_BAD_RELEASE,       /* RELEASE without ciaddr (RFC 2131 4.3.4) */
	LL_D_BAD_INFORM,        /* INFORM without ciaddr (RFC 2131 4.3.5) */
	LL_D_UNKNOWN_CLIENT,    /* no definition; not authoritative */
	LL_D_CONFLICT,          /* the address is leased to another client */
	LL_D_NOT_OWNER,         /* RELEASE from a client that does not hold it */
	LL_D_NO_REPLY,          /* DECLINE and RELEASE are never answered */
	LL_D__COUNT
};

const char *ll_method_name(enum ll_method m);   /* "REQUEST:SELECTING" */
const char *ll_drop_name(enum ll_drop d);

/* Where a request came from: what the socket layer knows. */
struct ll_arrival {
	uint32_t server_id;      /* our identifier on that link (option 54) */
	bool broadcast;          /* the IP destination was a broadcast */
};

/* Classifies a parsed request (RFC 2131 4.3.2 for REQUEST). *why gets
 * the reason when the result is LL_M_DROP. */
enum ll_method ll_srv_classify(const struct ll_msg *req,
			       const struct ll_arrival *arr, enum ll_drop *why);

/* The client identity: option 61 when present, else htype + chaddr
 * (RFC 2131 section 4.2). Returns its length (at most 256). */
size_t ll_srv_client_id(const struct ll_msg *req, uint8_t out[256]);

/* What the lookup chain found for a client. ip 0: configuration only
 * (INFORM). opts holds the options to hand out, by code (its header is
 * not used); lease_time 0 means the server's default. */
struct ll_def {
	uint32_t ip;
	uint32_t lease_time;
	uint32_t t1, t2;         /* 0: 1/2 and 7/8 of the lease (RFC 2131 4.4.5) */
	uint32_t siaddr;         /* next server, or 0 */
	const struct ll_msg *opts;
};

/* What the lease table says about the address of a definition. */
struct ll_lease_view {
	bool held_by_other;      /* leased, unexpired, to another client */
	bool held_by_client;     /* leased to this client (RELEASE owner) */
	bool declined;           /* on probation after a DECLINE */
};

struct ll_srv_config {
	bool authoritative;      /* NAK clients and addresses we do not know */
	bool rapid_commit;       /* RFC 4039 */
	uint32_t default_lease;  /* seconds */
	const uint8_t *always;   /* options sent even when not requested */
	size_t nalways;
};

enum ll_reply_kind { LL_R_NONE, LL_R_OFFER, LL_R_ACK, LL_R_NAK };

/* Where the reply goes (RFC 2131 section 4.1, RFC 1542 section 5.4). */
enum ll_dest {
	LL_TO_NOWHERE,
	LL_TO_RELAY,             /* giaddr, port 67 */
	LL_TO_CIADDR,            /* unicast to ciaddr, port 68 */
	LL_TO_BROADCAST,         /* 255.255.255.255, port 68 */
	LL_TO_CHADDR,            /* yiaddr at chaddr by raw frame, port 68 */
};

/* What to record. */
enum ll_lease_op { LL_L_NONE, LL_L_OFFER, LL_L_BIND, LL_L_RELEASE,
		   LL_L_DECLINE };

struct ll_decision {
	enum ll_reply_kind reply;
	enum ll_drop why;        /* LL_D_NONE unless dropped */
	enum ll_dest dest;
	uint32_t dest_ip;        /* giaddr, ciaddr or yiaddr */
	enum ll_lease_op lease;
	uint32_t lease_ip;
	uint32_t lease_secs;     /* the lease time granted */
	bool rapid;              /* an ACK answering a DISCOVER (RFC 4039) */
};

/* Decides. def is NULL when the lookup found nothing; lv describes
 * def->ip (or, for RELEASE and DECLINE, the address named). When a
 * reply is due, *reply is filled (to be built with ll_msg_build and
 * ll_msg_max_size(req)). */
void ll_srv_decide(const struct ll_srv_config *cfg,
		   const struct ll_arrival *arr, const struct ll_msg *req,
		   enum ll_method method, const struct ll_def *def,
		   const struct ll_lease_view *lv, struct ll_msg *reply,
		   struct ll_decision *d);

/* The NAK for a request (a hook's decision): fills *reply and *d. */
void ll_srv_nak(const struct ll_srv_config *cfg, const struct ll_arrival *arr,
		const struct ll_msg *req, enum ll_method m, struct ll_msg *reply,
		struct ll_decision *d);

#endif
