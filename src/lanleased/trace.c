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

static const char *ll__get(const void *ctx, const char *k)
{
	return ll__p(ctx, k);
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
	const char *bad = l ? ll_api_trace_msg(ll__get, &p, &T->req) : "interface: not one the "
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
