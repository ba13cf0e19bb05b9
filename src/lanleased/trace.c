/* lanleased's "why this address" (/api/v1/trace, lanleasectl trace): a
 * request made up from a MAC and what a relay would add, run through
 * the lookup chain and the decision by the HTTP thread's own worker
 * (ll_server_dry_run), explained step by step. Nothing is written,
 * held or sent. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "lanlease/text.h"

/* The trace's parameters, from the query string or a JSON body. */
struct ll__tp {
	struct json_object *body;
	struct ll_hreq *r;
};

static const char *ll__p(const struct ll__tp *p, const char *k)
{
	struct json_object *v;
	if (p->body)
		return json_object_object_get_ex(p->body, k, &v) &&
				       !json_object_is_type(v, json_type_null)
			       ? json_object_get_string(v) : NULL;
	return ll_hreq_arg(p->r, k);
}

/* Option 82 sub-option `sub` from key (text) or key_hex. */
static int ll__sub82(const struct ll__tp *p, const char *key, uint8_t sub,
		     uint8_t *o82, size_t *n)
{
	char hk[32];
	uint8_t v[255];
	int len;
	const char *t = ll__p(p, key), *h;
	snprintf(hk, sizeof(hk), "%s_hex", key);
	h = ll__p(p, hk);
	if (h)
		len = ll_hex_parse(h, strlen(h), v, sizeof(v));
	else if (t && strlen(t) <= 253)
		memcpy(v, t, (size_t)(len = (int)strlen(t)));
	else
		return t ? -1 : 0;
	if (len <= 0 || len > 253 || *n + 2 + (size_t)len > 255)
		return -1;
	o82[(*n)++] = sub;
	o82[(*n)++] = (uint8_t)len;
	memcpy(o82 + *n, v, (size_t)len);
	*n += (size_t)len;
	return 0;
}

static const struct { const char *name; uint8_t type; } ll__types[] = {
	{ "DISCOVER", 1 }, { "REQUEST", 3 }, { "DECLINE", 4 },
	{ "RELEASE", 7 }, { "INFORM", 8 },
};

/* An IPv4 parameter into *ip (absent: 0); -1 when malformed. */
static int ll__ip(const struct ll__tp *p, const char *k, uint32_t *ip)
{
	const char *v = ll__p(p, k);
	*ip = 0;
	return v && ll_ip_parse(v, strlen(v), ip) ? -1 : 0;
}

/* The made-up request in T->req; NULL, or what is wrong. */
static const char *ll__make(const struct ll__tp *p, struct ll_msg *m)
{
	char mac[18];
	uint8_t hw[6], o82[255], cid[255];
	size_t n82 = 0;
	uint32_t ip;
	const char *type = ll__p(p, "message"), *v;
	ll_msg_init(m);
	if (ll_api_mac(ll__p(p, "mac"), mac, hw))
		return "mac: a MAC address is required";
	m->op = 1, m->htype = 1, m->hlen = 6, m->xid = 0x7472;
	memcpy(m->chaddr, hw, 6);
	size_t t = 0, nt = sizeof(ll__types) / sizeof(ll__types[0]);
	while (type && t < nt && strcasecmp(type, ll__types[t].name))
		t++;
	if (t == nt)
		return "message: DISCOVER, REQUEST, INFORM, RELEASE or DECLINE";
	ll_msg_set_u8(m, 53, type ? ll__types[t].type : 1);
	if (ll__ip(p, "relay", &m->giaddr) || ll__ip(p, "ciaddr", &m->ciaddr))
		return "relay, ciaddr: IPv4 addresses";
	if (ll__ip(p, "requested", &ip))
		return "requested: an IPv4 address";
	if (ip)
		ll_msg_set_ip(m, 50, ip);
	if (ll__ip(p, "server_id", &ip))
		return "server_id: an IPv4 address";
	if (ip)
		ll_msg_set_ip(m, 54, ip);
	if ((v = ll__p(p, "client_id"))) {
		int k = ll_hex_parse(v, strlen(v), cid, sizeof(cid));
		if (k < 2)
			return "client_id: hex, at least 2 bytes";
		ll_msg_set(m, 61, cid, (size_t)k);
	}
	if ((v = ll__p(p, "hostname")) && ll_msg_set(m, 12, v, strnlen(v, 255)))
		return "hostname: too long";
	if (ll__sub82(p, "circuit_id", 1, o82, &n82) ||
	    ll__sub82(p, "remote_id", 2, o82, &n82))
		return "circuit_id, remote_id: 1 to 253 bytes (text, or _hex)";
	if (ll__ip(p, "link_selection", &ip))
		return "link_selection: an IPv4 address";
	if (ip && n82 + 6 <= 255) { /* RFC 3527 */
		uint8_t ls[6] = { 5, 4, ip >> 24, ip >> 16 & 255, ip >> 8 & 255,
				  ip & 255 };
		memcpy(o82 + n82, ls, 6);
		n82 += 6;
	}
	if (n82 && !m->giaddr)
		return "circuit_id, remote_id, link_selection need relay";
	if (n82)
		ll_msg_set(m, 82, o82, n82);
	if (m->giaddr)
		m->hops = 1;
	return NULL;
}

/* Every step of the chain: its SQL, the values bound to it, the result
 * (steps after the match are "not reached"). */
static struct json_object *ll__steps(struct ll_server *T,
				     const struct ll_dryrun *dr)
{
	static const char *const res[] = { "database error", "skipped",
					   "no row", "found" };
	struct json_object *a = json_object_new_array();
	const struct ll_config *c = T->cfg;
	for (unsigned i = 0; i < c->nsteps; i++) {
		const struct ll_tpl *tp = &c->steps[i].tpl;
		struct json_object *o = json_object_new_object(),
				   *pa = json_object_new_object();
		json_object_object_add(o, "step", json_object_new_int((int)i + 1));
		json_object_object_add(o, "kind", json_object_new_string(
						 ll_step_name(c->steps[i].kind)));
		json_object_object_add(o, "sql", json_object_new_string(tp->sql));
		for (unsigned k = 0; k < tp->nvars; k++) {
			size_t len;
			const char *v = ll_vars_get(&T->vars, tp->vars[k],
						    strlen(tp->vars[k]), &len);
			json_object_object_add(pa, tp->vars[k], v ?
				json_object_new_string_len(v, (int)len) : NULL);
		}
		json_object_object_add(o, "parameters", pa);
		int rr = i < dr->tr.nsteps ? dr->tr.step[i].result : 2;
		json_object_object_add(o, "result", json_object_new_string(
			i >= dr->tr.nsteps ? "not reached"
			: res[rr < -1 ? 0 : rr + 2]));
		if (i < dr->tr.nsteps && dr->tr.step[i].missing[0])
			json_object_object_add(o, "missing", json_object_new_string(
							   dr->tr.step[i].missing));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *ll__msg_json(const struct ll_msg *m, unsigned fl)
{
	char buf[16384];
	size_t n = ll_msg_format(m, buf, sizeof(buf), LL_TEXT_JSON | fl);
	struct json_object *o = n < sizeof(buf) ? json_tokener_parse(buf) : NULL;
	return o ? o : json_object_new_string("(too long to show)");
}

static struct json_object *ll__ipj(uint32_t ip)
{
	char s[16];
	snprintf(s, sizeof(s), "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
		 (ip >> 8) & 255, ip & 255);
	return ip ? json_object_new_string(s) : NULL;
}

static struct json_object *ll__def(struct ll_server *T,
				   const struct ll_dryrun *dr)
{
	if (dr->found <= 0)
		return NULL;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "ip", ll__ipj(T->defb.def.ip));
	json_object_object_add(o, "subnet", json_object_new_string(T->defb.subnet));
	json_object_object_add(o, "serial", json_object_new_int64(T->defb.serial));
	json_object_object_add(o, "lease_time", json_object_new_int64(
							 T->defb.def.lease_time));
	json_object_object_add(o, "options", ll__msg_json(&T->defb.opts,
							   LL_TEXT_NOHDR));
	return o;
}

static struct json_object *ll__decision(struct ll_server *T,
					const struct ll_dryrun *dr)
{
	static const char *const kinds[] = { "none", "OFFER", "ACK", "NAK" };
	static const char *const dests[] = { "nowhere", "relay", "ciaddr",
					     "broadcast", "chaddr" };
	struct json_object *o = json_object_new_object(),
			   *lv = json_object_new_object();
	json_object_object_add(o, "reply", json_object_new_string(
					       kinds[dr->d.reply]));
	json_object_object_add(o, "why", dr->d.why ? json_object_new_string(
					      ll_drop_name(dr->d.why)) : NULL);
	json_object_object_add(o, "destination", json_object_new_string(
						     dests[dr->d.dest]));
	json_object_object_add(o, "destination_ip", ll__ipj(dr->d.dest_ip));
	json_object_object_add(o, "lease_time", json_object_new_int64(
							dr->d.lease_secs));
	json_object_object_add(lv, "held_by_other", json_object_new_boolean(
							    dr->lv.held_by_other));
	json_object_object_add(lv, "held_by_client", json_object_new_boolean(
							     dr->lv.held_by_client));
	json_object_object_add(lv, "declined", json_object_new_boolean(
						       dr->lv.declined));
	json_object_object_add(o, "lease", lv);
	(void)T;
	return o;
}

static struct json_object *ll__explain(struct ll_server *T,
				       const struct ll_dryrun *dr)
{
	struct json_object *o = json_object_new_object(),
			   *vars = json_object_new_object();
	json_object_object_add(o, "method", json_object_new_string(
						    ll_method_name(dr->m)));
	json_object_object_add(o, "client_key", json_object_new_string(dr->cid));
	json_object_object_add(o, "request", ll__msg_json(&T->req, 0));
	for (unsigned i = 0; i < T->vars.n; i++)
		json_object_object_add(vars, T->vars.arena + T->vars.v[i].name,
			json_object_new_string_len(T->vars.arena + T->vars.v[i].val,
						   (int)T->vars.v[i].vlen));
	json_object_object_add(o, "variables", vars);
	json_object_object_add(o, "steps", ll__steps(T, dr));
	int at = dr->found > 0 && dr->source && !strcmp(dr->source, "lookup")
			 ? dr->tr.found_at : -1;
	json_object_object_add(o, "matched_step", at >= 0 ?
			       json_object_new_int(at + 1) : NULL);
	json_object_object_add(o, "source", dr->source ?
			       json_object_new_string(dr->source) : NULL);
	if (dr->pool >= 0) {
		struct json_object *p = json_object_new_object();
		json_object_object_add(p, "pool", json_object_new_int(dr->pool + 1));
		json_object_object_add(p, "held_or_reserved", ll__ipj(dr->pool_held));
		json_object_object_add(p, "note", json_object_new_string(
			dr->pool_held ? "the client's address in the pool"
				      : "a free address would be picked"));
		json_object_object_add(o, "pool", p);
	}
	json_object_object_add(o, "definition", ll__def(T, dr));
	json_object_object_add(o, "decision", ll__decision(T, dr));
	json_object_object_add(o, "reply", dr->d.reply != LL_R_NONE ?
			       ll__msg_json(&T->reply, 0) : NULL);
	json_object_object_add(o, "note", json_object_new_string(
		"a dry run: hooks are not called, nothing is written, held or "
		"sent"));
	return o;
}

/* The link the request would arrive on: ?interface=, else the first. */
static const struct ll_link *ll__link(const struct ll__tp *p,
				      const struct ll_server *T)
{
	const char *want = ll__p(p, "interface");
	for (unsigned i = 0; i < T->nlinks; i++)
		if (!want || !strcmp(want, T->link[i].ifc.name))
			return &T->link[i];
	return NULL;
}

void ll_api_trace(struct ll_hreq *r)
{
	struct ll__tp p = { NULL, r };
	struct ll_server *T = r->H->T;
	if (!strcmp(r->method, "POST")) {
		enum json_tokener_error e;
		p.body = json_tokener_parse_verbose(r->body, &e);
		if (!p.body || !json_object_is_type(p.body, json_type_object)) {
			ll_hreq_error(r, 400, "the body is not a JSON object%s%s",
				      p.body ? "" : ": ",
				      p.body ? "" : json_tokener_error_desc(e));
			json_object_put(p.body);
			return;
		}
	}
	const struct ll_link *l = ll__link(&p, T);
	const char *bad = l ? ll__make(&p, &T->req) : "interface: not one the "
						      "server listens on";
	uint8_t wire[1500];
	int n = bad ? 0 : ll_msg_build(&T->req, wire, sizeof(wire), 0, 300);
	if (!bad && (n < 0 || ll_msg_parse(&T->req, wire, (size_t)n, NULL)))
		bad = "the request does not build";
	if (bad) {
		ll_hreq_error(r, 400, "%s", bad);
		json_object_put(p.body);
		return;
	}
	struct ll_arrival arr = {
		.server_id = T->cfg->server_id ? T->cfg->server_id : l->ifc.ip,
		.broadcast = !T->req.ciaddr,
	};
	struct ll_dryrun *dr = calloc(1, sizeof(*dr));
	if (!dr || ll_server_dry_run(T, l, &arr, dr) < 0)
		ll_hreq_error(r, 503, "database: %s", dr ? dr->err : "no memory");
	else if (dr->m == LL_M_DROP)
		ll_hreq_error(r, 422, "the server would drop this request: %s",
			      ll_drop_name(dr->drop));
	else
		ll_hreq_json(r, 200, ll__explain(T, dr));
	free(dr);
	json_object_put(p.body);
}
