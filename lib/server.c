/* The server's decisions: classification of requests (RFC 2131 4.3.2),
 * the answer to each method, the reply's options and destination. */
#include <string.h>

#include "lanlease/server.h"

static const char *const ll__methods[LL_M__COUNT] = {
	[LL_M_DROP] = "DROP",
	[LL_M_DISCOVER] = "DISCOVER",
	[LL_M_REQUEST_SELECTING] = "REQUEST:SELECTING",
	[LL_M_REQUEST_INIT_REBOOT] = "REQUEST:INIT-REBOOT",
	[LL_M_REQUEST_RENEW] = "REQUEST:RENEW",
	[LL_M_REQUEST_REBIND] = "REQUEST:REBIND",
	[LL_M_DECLINE] = "DECLINE",
	[LL_M_RELEASE] = "RELEASE",
	[LL_M_INFORM] = "INFORM",
};

static const char *const ll__drops[LL_D__COUNT] = {
	[LL_D_NONE] = "none",
	[LL_D_NOT_REQUEST] = "not a client request",
	[LL_D_OTHER_SERVER] = "names another server",
	[LL_D_BAD_REQUEST] = "REQUEST in no RFC 2131 state",
	[LL_D_BAD_DECLINE] = "DECLINE without 50 or 54",
	[LL_D_BAD_RELEASE] = "RELEASE without ciaddr",
	[LL_D_BAD_INFORM] = "INFORM without ciaddr",
	[LL_D_UNKNOWN_CLIENT] = "unknown client",
	[LL_D_CONFLICT] = "address leased to another client",
	[LL_D_NOT_OWNER] = "RELEASE from a client that does not hold it",
	[LL_D_NO_REPLY] = "never answered",
};

const char *ll_method_name(enum ll_method m)
{
	return (unsigned)m < LL_M__COUNT ? ll__methods[m] : "?";
}

const char *ll_drop_name(enum ll_drop d)
{
	return (unsigned)d < LL_D__COUNT ? ll__drops[d] : "?";
}

size_t ll_srv_client_id(const struct ll_msg *req, uint8_t out[256])
{
	size_t n;
	const uint8_t *cid = ll_msg_get(req, 61, &n);
	if (cid && n > 0) { /* RFC 2132 9.14 */
		n = n > 256 ? 256 : n;
		memcpy(out, cid, n);
		return n;
	}
	size_t hl = req->hlen <= 16 ? req->hlen : 16; /* RFC 2131 4.2 */
	out[0] = req->htype;
	memcpy(out + 1, req->chaddr, hl);
	return hl + 1;
}

/* RFC 2131 4.3.2: the client's state follows from 54, 50 and ciaddr. */
static enum ll_method ll__request(const struct ll_msg *req,
				  const struct ll_arrival *arr,
				  enum ll_drop *why)
{
	uint32_t sid = 0;
	bool has54 = ll_msg_get_ip(req, 54, &sid) == 0;
	bool has50 = ll_msg_has(req, 50);
	if (has54) {
		if (sid != arr->server_id) {
			*why = LL_D_OTHER_SERVER; /* the client chose another */
			return LL_M_DROP;
		}
		if (has50 && req->ciaddr == 0)
			return LL_M_REQUEST_SELECTING;
		*why = LL_D_BAD_REQUEST;
		return LL_M_DROP;
	}
	if (req->ciaddr == 0) {
		if (has50)
			return LL_M_REQUEST_INIT_REBOOT;
		*why = LL_D_BAD_REQUEST;
		return LL_M_DROP;
	}
	/* ciaddr set: RENEWING when unicast to us, REBINDING when broadcast
	 * (a 50 that should not be there is ignored: ciaddr rules) */
	return arr->broadcast ? LL_M_REQUEST_REBIND : LL_M_REQUEST_RENEW;
}

enum ll_method ll_srv_classify(const struct ll_msg *req,
			       const struct ll_arrival *arr, enum ll_drop *why)
{
	uint32_t sid;
	*why = LL_D_NONE;
	if (req->op != LL_BOOTREQUEST) {
		*why = LL_D_NOT_REQUEST;
		return LL_M_DROP;
	}
	switch (ll_msg_type(req)) {
	case LL_DISCOVER:
		return LL_M_DISCOVER;
	case LL_REQUEST:
		return ll__request(req, arr, why);
	case LL_DECLINE: /* RFC 2131 4.3.3 and table 5: 50 and 54 */
		if (!ll_msg_has(req, 50) || ll_msg_get_ip(req, 54, &sid)) {
			*why = LL_D_BAD_DECLINE;
			return LL_M_DROP;
		}
		*why = sid == arr->server_id ? LL_D_NONE : LL_D_OTHER_SERVER;
		return *why ? LL_M_DROP : LL_M_DECLINE;
	case LL_RELEASE: /* RFC 2131 4.3.4 and table 5: ciaddr, 54 */
		if (req->ciaddr == 0) {
			*why = LL_D_BAD_RELEASE;
			return LL_M_DROP;
		}
		if (ll_msg_get_ip(req, 54, &sid) == 0 && sid != arr->server_id) {
			*why = LL_D_OTHER_SERVER;
			return LL_M_DROP;
		}
		return LL_M_RELEASE;
	case LL_INFORM: /* RFC 2131 4.3.5: the client has an address */
		if (req->ciaddr == 0) {
			*why = LL_D_BAD_INFORM;
			return LL_M_DROP;
		}
		return LL_M_INFORM;
	default:
		*why = LL_D_NOT_REQUEST;
		return LL_M_DROP;
	}
}

static bool ll__added(const struct ll_msg *r, uint8_t c)
{
	return ll_msg_has(r, c);
}

/* Copies option c of the definition into the reply, once. Options the
 * server manages itself never come from the definition. */
static void ll__give(struct ll_msg *r, const struct ll_def *def, uint8_t c)
{
	size_t n;
	const uint8_t *v;
	if (c == 0 || c == 255 || c == 50 || c == 51 || c == 52 || c == 53 ||
	    c == 54 || c == 58 || c == 59 || c == 61 || c == 82 || c == 55 ||
	    ll__added(r, c) || !def || !def->opts)
		return;
	v = ll_msg_get(def->opts, c, &n);
	if (!v)
		return;
	/* RFC 2132 3.3: with both, the subnet mask comes before routers */
	if (c == 3 && !ll__added(r, 1) && ll_msg_has(def->opts, 1))
		ll__give(r, def, 1);
	ll_msg_set(r, c, v, n);
}

/* RFC 2131 4.3.1 and table 3: the options of an OFFER, ACK or NAK. */
static void ll__options(const struct ll_srv_config *cfg,
			const struct ll_arrival *arr, const struct ll_msg *req,
			const struct ll_def *def, enum ll_reply_kind kind,
			bool inform, struct ll_msg *r, struct ll_decision *d)
{
	ll_msg_set_u8(r, 53, kind == LL_R_OFFER ? LL_OFFER
			     : kind == LL_R_ACK ? LL_ACK : LL_NAK);
	ll_msg_set_ip(r, 54, arr->server_id);
	if (kind != LL_R_NAK) {
		if (!inform) { /* INFORM: no lease time (RFC 2131 4.3.5) */
			uint32_t lt = def->lease_time ? def->lease_time
						      : cfg->default_lease;
			d->lease_secs = lt;
			ll_msg_set_u32(r, 51, lt);
			/* RFC 2131 4.4.5: T1 0.5, T2 0.875 of the lease */
			ll_msg_set_u32(r, 58, def->t1 ? def->t1 : lt / 2);
			ll_msg_set_u32(r, 59, def->t2 ? def->t2
						  : (uint32_t)((uint64_t)lt * 7 / 8));
		}
		if (d->rapid)
			ll_msg_set(r, 80, NULL, 0); /* RFC 4039 4 */
		size_t n = 0;
		const uint8_t *prl = ll_msg_get(req, 55, &n);
		for (size_t i = 0; prl && i < n; i++) /* in the client's order */
			ll__give(r, def, prl[i]);
		for (size_t i = 0; i < cfg->nalways; i++)
			ll__give(r, def, cfg->always[i]);
	}
	size_t rl;
	const uint8_t *rai = ll_msg_get(req, 82, &rl);
	if (rai) /* RFC 3046 2.2: echoed verbatim, as the last option */
		ll_msg_set(r, 82, rai, rl);
}

/* RFC 2131 4.1 (and 4.3.2 for NAK): where the reply goes. */
static void ll__dest(const struct ll_msg *req, const struct ll_msg *r,
		     enum ll_reply_kind kind, struct ll_decision *d)
{
	if (req->giaddr) {
		d->dest = LL_TO_RELAY;
		d->dest_ip = req->giaddr;
	} else if (kind == LL_R_NAK) {
		d->dest = LL_TO_BROADCAST;
		d->dest_ip = 0xFFFFFFFFu;
	} else if (req->ciaddr) {
		d->dest = LL_TO_CIADDR;
		d->dest_ip = req->ciaddr;
	} else if (req->flags & LL_FLAG_BROADCAST) {
		d->dest = LL_TO_BROADCAST;
		d->dest_ip = 0xFFFFFFFFu;
	} else {
		d->dest = LL_TO_CHADDR;
		d->dest_ip = r->yiaddr;
	}
}

static void ll__reply(const struct ll_srv_config *cfg,
		      const struct ll_arrival *arr, const struct ll_msg *req,
		      enum ll_method m, const struct ll_def *def,
		      enum ll_reply_kind kind, struct ll_msg *r,
		      struct ll_decision *d)
{
	bool inform = m == LL_M_INFORM;
	ll_msg_init(r);
	r->op = LL_BOOTREPLY;
	r->htype = req->htype;
	r->hlen = req->hlen;
	r->xid = req->xid;
	r->flags = req->flags;
	r->giaddr = req->giaddr;
	memcpy(r->chaddr, req->chaddr, sizeof(r->chaddr));
	if (kind == LL_R_NAK) {
		if (req->giaddr) /* RFC 2131 4.3.2: relay must broadcast it */
			r->flags |= LL_FLAG_BROADCAST;
	} else {
		/* table 3: ciaddr from the request in an ACK, else 0 */
		if (kind == LL_R_ACK)
			r->ciaddr = req->ciaddr;
		r->yiaddr = inform ? 0 : def->ip;
		r->siaddr = def->siaddr;
	}
	d->reply = kind;
	ll__options(cfg, arr, req, def, kind, inform, r, d);
	ll__dest(req, r, kind, d);
}

static void ll__nak_or_drop(const struct ll_srv_config *cfg, bool known,
			    enum ll_reply_kind *kind, struct ll_decision *d)
{
	if (known || cfg->authoritative)
		*kind = LL_R_NAK;
	else
		d->why = LL_D_UNKNOWN_CLIENT; /* RFC 2131 4.3.2: stay silent */
}

/* The address a REQUEST asks to keep or to get, by state. */
static uint32_t ll__asked(const struct ll_msg *req, enum ll_method m)
{
	uint32_t a = 0;
	if (m == LL_M_REQUEST_RENEW || m == LL_M_REQUEST_REBIND)
		return req->ciaddr;
	ll_msg_get_ip(req, 50, &a);
	return a;
}

static enum ll_reply_kind ll__request_kind(const struct ll_srv_config *cfg,
					   const struct ll_msg *req,
					   enum ll_method m,
					   const struct ll_def *def,
					   const struct ll_lease_view *lv,
					   struct ll_decision *d)
{
	enum ll_reply_kind kind = LL_R_NONE;
	if (!def || !def->ip)
		ll__nak_or_drop(cfg, false, &kind, d);
	else if (ll__asked(req, m) != def->ip)
		ll__nak_or_drop(cfg, true, &kind, d); /* wrong address */
	else if (lv && lv->held_by_other)
		d->why = LL_D_CONFLICT;
	else
		kind = LL_R_ACK;
	return kind;
}

void ll_srv_decide(const struct ll_srv_config *cfg,
		   const struct ll_arrival *arr, const struct ll_msg *req,
		   enum ll_method m, const struct ll_def *def,
		   const struct ll_lease_view *lv, struct ll_msg *reply,
		   struct ll_decision *d)
{
	enum ll_reply_kind kind = LL_R_NONE;
	memset(d, 0, sizeof(*d));
	switch (m) {
	case LL_M_DISCOVER: /* never a NAK (RFC 2131 4.3.1) */
		if (!def || !def->ip)
			d->why = LL_D_UNKNOWN_CLIENT;
		else if (lv && lv->held_by_other)
			d->why = LL_D_CONFLICT;
		else if (cfg->rapid_commit && ll_msg_has(req, 80))
			kind = LL_R_ACK, d->rapid = true; /* RFC 4039 3.1 */
		else
			kind = LL_R_OFFER;
		break;
	case LL_M_REQUEST_SELECTING: case LL_M_REQUEST_INIT_REBOOT:
	case LL_M_REQUEST_RENEW: case LL_M_REQUEST_REBIND:
		kind = ll__request_kind(cfg, req, m, def, lv, d);
		break;
	case LL_M_INFORM: /* RFC 2131 4.3.5: configuration, no address */
		if (def)
			kind = LL_R_ACK;
		else
			d->why = LL_D_UNKNOWN_CLIENT;
		break;
	case LL_M_DECLINE: /* RFC 2131 4.3.3: mark it, answer nothing */
		ll_msg_get_ip(req, 50, &d->lease_ip);
		d->lease = LL_L_DECLINE;
		d->why = LL_D_NO_REPLY;
		return;
	case LL_M_RELEASE: /* RFC 2131 4.3.4, only from the holder */
		d->why = lv && lv->held_by_client ? LL_D_NO_REPLY : LL_D_NOT_OWNER;
		if (d->why == LL_D_NO_REPLY) {
			d->lease = LL_L_RELEASE;
			d->lease_ip = req->ciaddr;
		}
		return;
	default:
		d->why = LL_D_BAD_REQUEST;
		return;
	}
	if (kind == LL_R_NONE)
		return;
	ll__reply(cfg, arr, req, m, def, kind, reply, d);
	if (kind == LL_R_OFFER || (kind == LL_R_ACK && m != LL_M_INFORM)) {
		d->lease = kind == LL_R_OFFER ? LL_L_OFFER : LL_L_BIND;
		d->lease_ip = def->ip;
	}
}

/* A hook turned the reply into a NAK (RFC 2131 table 3: no address,
 * no lease, 53 and 54, Option 82 echoed). Nothing is recorded. */
void ll_srv_nak(const struct ll_srv_config *cfg, const struct ll_arrival *arr,
		const struct ll_msg *req, enum ll_method m, struct ll_msg *reply,
		struct ll_decision *d)
{
	memset(d, 0, sizeof(*d));
	ll__reply(cfg, arr, req, m, NULL, LL_R_NAK, reply, d);
}
