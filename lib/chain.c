/* The lookup chain, the documented schema's statements, lease state
 * and history, written once for every backend. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanlease/store.h"
#include "lanlease/text.h"

/* The built-in steps, as templates over the schema (lanleased(8)). */
static const char *const ll__steps[] = {
	[LL_STEP_MAC] =
		"SELECT ip, hostname, subnet, serial, lease_time FROM maps "
		"WHERE mac = {chaddr}",
	[LL_STEP_CLIENT_ID] =
		"SELECT ip, hostname, subnet, serial, lease_time FROM maps "
		"WHERE client_id = {option_61_value_hex}",
	[LL_STEP_CIRCUIT] =
		"SELECT ip, hostname, subnet, serial, lease_time FROM circuits "
		"WHERE circuit_id = {option_82_circuit_id_hex} AND "
		"(remote_id IS NULL OR remote_id = {option_82_remote_id_hex}) "
		"ORDER BY remote_id IS NULL",
	[LL_STEP_SWITCH_PORT] =
		"SELECT ip, hostname, subnet, serial, lease_time FROM switch_ports "
		"WHERE switch_mac = {switch_mac} AND port = {switch_port}",
};

static const char *const ll__stepnames[] = {
	[LL_STEP_MAC] = "mac", [LL_STEP_CLIENT_ID] = "client-id",
	[LL_STEP_CIRCUIT] = "circuit-id", [LL_STEP_SWITCH_PORT] = "switch-port",
	[LL_STEP_SQL] = "sql",
};

static const char *const ll__fixed[LL_Q__COUNT] = {
	[LL_Q_SUBNET] =
		"SELECT * FROM subnets WHERE subnet = {subnet} AND serial = {serial}",
	[LL_Q_OPT_SUBNET] =
		"SELECT code, value FROM options WHERE ip IS NULL AND "
		"subnet = {subnet} AND serial = {serial} ORDER BY code",
	[LL_Q_OPT_IP] =
		"SELECT code, value FROM options WHERE ip = {ip} ORDER BY code",
	[LL_Q_LEASE_ALL] = /* the pools, at start */
		"SELECT ip, client_id, expiry, state FROM leases",
	[LL_Q_LEASE_GET] =
		"SELECT client_id, expiry, state FROM leases WHERE ip = {ip}",
	/* an upsert SQLite (3.24+) and PostgreSQL (9.5+) accept; the
	 * MariaDB backend gives its own (ON DUPLICATE KEY UPDATE). It never
	 * takes a live lease from another client (several servers on one
	 * database: whoever commits first keeps the address); the caller
	 * reads the owner back. */
	[LL_Q_LEASE_PUT] =
		"INSERT INTO leases (ip, client_id, mac, expiry, state) "
		"VALUES ({ip}, {client_id}, {mac}, {expiry}, {state}) "
		"ON CONFLICT (ip) DO UPDATE SET client_id = excluded.client_id, "
		"mac = excluded.mac, expiry = excluded.expiry, "
		"state = excluded.state "
		"WHERE leases.client_id = excluded.client_id "
		"OR leases.expiry < {now} OR leases.state = 'released'",
	[LL_Q_HISTORY] =
		"INSERT INTO history (time, mac, ip, method, relay, "
		"circuit_id, remote_id, hostname) VALUES ({now}, {chaddr}, "
		"{lease_ip}, {method}, {giaddr}, {option_82_circuit_id_hex}, "
		"{option_82_remote_id_hex}, {host-name})",
	/* the spool replayed so far, per worker: exactly once */
	[LL_Q_SPOOL_GET] =
		"SELECT max(seq) AS seq FROM spool_applied WHERE worker = {worker}",
	[LL_Q_SPOOL_PUT] =
		"INSERT INTO spool_applied (worker, seq) VALUES ({worker}, {seq})",
};

/* A fixed statement, compiled on first use. */
static const struct ll_tpl *ll__q(struct ll_store *s, int k)
{
	if (!(s->q_ready & (1u << k))) {
		const char *why;
		size_t at;
		const char *src = s->fixed && s->fixed[k] ? s->fixed[k]
							 : ll__fixed[k];
		if (ll_tpl_compile(src, s->dialect, &s->q[k], &why, &at))
			return NULL; /* cannot happen: the texts are fixed */
		s->q_ready |= 1u << k;
	}
	return &s->q[k];
}

const struct ll_tpl *ll_store_stmt(struct ll_store *s, int k)
{
	return k >= 0 && k < LL_Q__COUNT ? ll__q(s, k) : NULL;
}

const char *ll_step_name(enum ll_step_kind k)
{
	return (unsigned)k <= LL_STEP_SQL ? ll__stepnames[k] : "?";
}

int ll_step_prepare(struct ll_step *st, enum ll_step_kind kind,
		    const char *src, enum ll_dialect d, const char **why,
		    size_t *at)
{
	st->kind = kind;
	if (kind != LL_STEP_SQL)
		src = ll__steps[kind];
	if (!src) {
		*why = "a sql step needs a template";
		*at = 0;
		return -EINVAL;
	}
	return ll_tpl_compile(src, d, &st->tpl, why, at);
}

/* The documented schema (lanleased(8)), the part SQLite and PostgreSQL
 * write the same way: a superset of staticDHCPd's subnets and maps
 * tables, so its databases work as they are. */
static const char *const ll__schema_common[] = {
	"CREATE TABLE IF NOT EXISTS subnets (subnet TEXT NOT NULL, "
	"serial INTEGER NOT NULL DEFAULT 0, lease_time INTEGER NOT NULL "
	"DEFAULT 3600, gateway TEXT, subnet_mask TEXT, broadcast_address TEXT, "
	"ntp_servers TEXT, domain_name_servers TEXT, domain_name TEXT, "
	"PRIMARY KEY (subnet, serial))",
	"CREATE TABLE IF NOT EXISTS maps (mac TEXT PRIMARY KEY NOT NULL, "
	"ip TEXT NOT NULL, hostname TEXT, subnet TEXT NOT NULL, "
	"serial INTEGER NOT NULL DEFAULT 0, client_id TEXT UNIQUE, "
	"lease_time INTEGER, UNIQUE (ip, subnet, serial))",
	"CREATE TABLE IF NOT EXISTS circuits (circuit_id TEXT NOT NULL, "
	"remote_id TEXT, ip TEXT NOT NULL, hostname TEXT, subnet TEXT NOT NULL, "
	"serial INTEGER NOT NULL DEFAULT 0, lease_time INTEGER, "
	"UNIQUE (circuit_id, remote_id))",
	"CREATE TABLE IF NOT EXISTS switch_ports (switch_mac TEXT NOT NULL, "
	"port TEXT NOT NULL, ip TEXT NOT NULL, hostname TEXT, subnet TEXT NOT NULL, "
	"serial INTEGER NOT NULL DEFAULT 0, lease_time INTEGER, "
	"PRIMARY KEY (switch_mac, port))",
	"CREATE TABLE IF NOT EXISTS options (ip TEXT, subnet TEXT, serial INTEGER "
	"DEFAULT 0, code INTEGER NOT NULL CHECK (code BETWEEN 1 AND 254), "
	"value TEXT NOT NULL)",
	"CREATE INDEX IF NOT EXISTS options_ip ON options (ip)",
	"CREATE INDEX IF NOT EXISTS options_subnet ON options (subnet, serial)",
	NULL,
};

static int ll__ddl(struct ll_store *s, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++) {
		struct ll_tpl t;
		const char *why;
		size_t at;
		if (ll_tpl_compile(list[i], s->dialect, &t, &why, &at))
			return -EINVAL;
		int e = s->ops->exec(s, &t, NULL);
		if (e < 0)
			return e;
	}
	return 0;
}

int ll_store_init_schema(struct ll_store *s)
{
	int e = s->common_schema ? ll__ddl(s, ll__schema_common) : 0;
	return e < 0 ? e : ll__ddl(s, s->schema);
}

/* The first variable of a template the request does not define. */
static const char *ll__missing(const struct ll_tpl *t, const struct ll_vars *V)
{
	for (unsigned i = 0; i < t->nvars; i++)
		if (!ll_vars_get(V, t->vars[i], strlen(t->vars[i]), NULL))
			return t->vars[i];
	return NULL;
}

/* A row that outlives the backend's next call. */
struct ll__rowcopy {
	struct ll_row row;
	char arena[8192];
};

static int ll__row_copy(struct ll__rowcopy *c, const struct ll_row *r)
{
	size_t used = 0;
	c->row.n = r->n;
	for (unsigned i = 0; i < r->n; i++) {
		const char *src[2] = { r->name[i], r->value[i] };
		const char **dst[2] = { &c->row.name[i], &c->row.value[i] };
		for (int k = 0; k < 2; k++) {
			if (!src[k]) {
				*dst[k] = NULL;
				continue;
			}
			size_t n = strlen(src[k]) + 1;
			if (used + n > sizeof(c->arena))
				return -E2BIG;
			memcpy(c->arena + used, src[k], n);
			*dst[k] = c->arena + used;
			used += n;
		}
	}
	return 0;
}

static int ll__row_apply(struct ll_defb *b, const struct ll_row *r)
{
	for (unsigned i = 0; i < r->n; i++) {
		int e = ll_defb_column(b, r->name[i], r->value[i]);
		if (e < 0)
			return e;
	}
	return 0;
}

static int ll__opt_row(void *ctx, const struct ll_row *r)
{
	struct ll_defb *b = ctx;
	const char *code = NULL, *value = NULL;
	for (unsigned i = 0; i < r->n; i++) {
		if (!strcmp(r->name[i], "code"))
			code = r->value[i];
		else if (!strcmp(r->name[i], "value"))
			value = r->value[i];
	}
	return code ? ll_defb_option(b, atoi(code), value) : -EINVAL;
}

/* The subnets row of b->subnet / b->serial over b: 1, 0 (no row), or
 * -errno; V gets subnet and serial for the option rows. */
static int ll__subnet_row(struct ll_store *s, struct ll_vars *V,
			  struct ll_defb *b)
{
	struct ll_row row;
	char serial[24];
	snprintf(serial, sizeof(serial), "%lld", (long long)b->serial);
	ll_vars_set(V, "subnet", b->subnet, strlen(b->subnet));
	ll_vars_set(V, "serial", serial, strlen(serial));
	int r = s->ops->query(s, ll__q(s, LL_Q_SUBNET), V, &row);
	if (r < 0 || (r == 1 && ll__row_apply(b, &row) < 0))
		return r < 0 ? r : -EINVAL;
	return r;
}

int ll_chain_subnet(struct ll_store *s, struct ll_vars *V, struct ll_defb *b)
{
	int r = ll__subnet_row(s, V, b);
	if (r < 0)
		return r;
	int n = s->ops->query_all(s, ll__q(s, LL_Q_OPT_SUBNET), V, ll__opt_row,
				  b);
	return n < 0 ? n : r;
}

/* Subnet row and the extra option rows, in order of precedence. */
static int ll__layers(struct ll_store *s, struct ll_vars *V,
		      struct ll_defb *b, const struct ll_row *client)
{
	char ip[16];
	int r = ll__subnet_row(s, V, b);
	if (r < 0)
		return r;
	if (ll__row_apply(b, client) < 0) /* the client's row wins */
		return -EINVAL;
	r = s->ops->query_all(s, ll__q(s, LL_Q_OPT_SUBNET), V, ll__opt_row, b);
	if (r < 0)
		return r;
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", b->def.ip >> 24,
		 (b->def.ip >> 16) & 255, (b->def.ip >> 8) & 255,
		 b->def.ip & 255);
	ll_vars_set(V, "ip", ip, strlen(ip));
	r = s->ops->query_all(s, ll__q(s, LL_Q_OPT_IP), V, ll__opt_row, b);
	return r < 0 ? r : 0;
}

/* The client row names its subnet: defaults, then the subnet's layers,
 * then the row itself. */
static int ll__resolve(struct ll_store *s, struct ll_vars *V,
		       const char *const *defaults, struct ll_defb *b,
		       const struct ll_row *client)
{
	ll_defb_init(b);
	if (defaults && ll_defb_items(b, defaults, SIZE_MAX) < 0)
		return -EINVAL;
	/* the keys of the layers below it: subnet, serial and address
	 * (the whole row is applied in ll__layers, over the subnet's) */
	for (unsigned i = 0; i < client->n; i++) {
		const char *n = client->name[i];
		if (strcasecmp(n, "subnet") && strcasecmp(n, "serial") &&
		    strcasecmp(n, "ip") && strcasecmp(n, "address"))
			continue;
		int e = ll_defb_column(b, n, client->value[i]);
		if (e < 0)
			return e;
	}
	return ll__layers(s, V, b, client);
}

/* Every row of a step, copied, for the picker. */
struct ll__rows {
	struct ll__rowcopy c[LL_PICK_MAX];
	struct ll_row r[LL_PICK_MAX];
	size_t n;
};

static int ll__collect(void *ctx, const struct ll_row *r)
{
	struct ll__rows *R = ctx;
	if (R->n >= LL_PICK_MAX)
		return 0;
	if (ll__row_copy(&R->c[R->n], r) < 0)
		return -E2BIG;
	R->r[R->n] = R->c[R->n].row;
	R->n++;
	return 0;
}

/* One step: 1 and *b when found, 0 not, negative on error. */
static int ll__step(struct ll_store *s, const struct ll_step *st,
		    struct ll_vars *V, const char *const *defaults,
		    struct ll_defb *b, const struct ll_picker *pk, int *result)
{
	struct ll_row row;
	struct ll__rows *R;
	int r, e, i = 0;
	if (!pk) {
		r = s->ops->query(s, &st->tpl, V, &row);
		*result = r < 0 ? -2 : r;
		if (r <= 0)
			return r;
		struct ll__rowcopy *c = malloc(sizeof(*c));
		e = c ? ll__row_copy(c, &row) : -ENOMEM;
		if (e == 0)
			e = ll__resolve(s, V, defaults, b, &c->row);
		free(c);
		return e < 0 ? e : 1;
	}
	if (!(R = calloc(1, sizeof(*R))))
		return -ENOMEM;
	r = s->ops->query_all(s, &st->tpl, V, ll__collect, R);
	*result = r < 0 ? -2 : R->n > 0;
	if (r < 0 || !R->n) {
		free(R);
		return r < 0 ? r : 0;
	}
	if (R->n > 1)
		i = pk->pick(pk->ctx, R->r, R->n);
	if (i == -2)
		e = -ECANCELED;
	else if (i < 0 || (size_t)i >= R->n)
		e = 0; /* the picker took none */
	else if ((e = ll__resolve(s, V, defaults, b, &R->r[i])) >= 0)
		e = 1;
	free(R);
	return e;
}

int ll_chain_lookup_pick(struct ll_store *s, const struct ll_step *steps,
			 size_t nsteps, struct ll_vars *V,
			 const char *const *defaults, struct ll_defb *b,
			 struct ll_trace *tr, const struct ll_picker *pk)
{
	tr->nsteps = 0;
	tr->found_at = -1;
	for (size_t i = 0; i < nsteps && i < 16; i++) {
		const struct ll_step *st = &steps[i];
		const char *miss = ll__missing(&st->tpl, V);
		int res = 0, r;
		tr->step[i].kind = st->kind;
		tr->step[i].missing[0] = '\0';
		tr->nsteps++;
		if (miss) {
			tr->step[i].result = -1;
			snprintf(tr->step[i].missing, sizeof(tr->step[i].missing),
				 "%s", miss);
			continue;
		}
		r = ll__step(s, st, V, defaults, b, pk, &res);
		tr->step[i].result = res;
		if (r < 0 || (r == 0 && res == 1)) /* error, or none picked */
			return r;
		if (r == 0)
			continue;
		tr->found_at = (int)i;
		return 1;
	}
	return 0;
}

int ll_chain_lookup(struct ll_store *s, const struct ll_step *steps,
		    size_t nsteps, struct ll_vars *V,
		    const char *const *defaults, struct ll_defb *b,
		    struct ll_trace *tr)
{
	return ll_chain_lookup_pick(s, steps, nsteps, V, defaults, b, tr, NULL);
}

static void ll__ipstr(char *b, uint32_t ip)
{
	snprintf(b, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
		 (ip >> 8) & 255, ip & 255);
}

/* The store's own variables, emptied (one malloc per connection, not
 * one per statement: they are 77 kB). */
static struct ll_vars *ll__scratch(struct ll_store *s)
{
	if (!s->scratch)
		s->scratch = malloc(sizeof(*s->scratch));
	if (s->scratch)
		ll_vars_init(s->scratch);
	return s->scratch;
}

int ll_lease_get(struct ll_store *s, uint32_t ip, struct ll_lease *l)
{
	struct ll_vars *V = ll__scratch(s);
	struct ll_row row;
	char ips[16];
	if (!V)
		return -ENOMEM;
	ll__ipstr(ips, ip);
	ll_vars_set(V, "ip", ips, strlen(ips));
	int r = s->ops->query(s, ll__q(s, LL_Q_LEASE_GET), V, &row);
	if (r != 1)
		return r;
	memset(l, 0, sizeof(*l));
	for (unsigned i = 0; i < row.n; i++) {
		const char *v = row.value[i] ? row.value[i] : "";
		if (!strcmp(row.name[i], "client_id"))
			snprintf(l->client_id, sizeof(l->client_id), "%s", v);
		else if (!strcmp(row.name[i], "expiry"))
			l->expiry = strtoll(v, NULL, 10);
		else if (!strcmp(row.name[i], "state"))
			snprintf(l->state, sizeof(l->state), "%s", v);
	}
	return 1;
}

int ll_lease_put(struct ll_store *s, uint32_t ip, const char *client_hex,
		 const char *mac, int64_t expiry, const char *state,
		 int64_t now)
{
	struct ll_vars *V = ll__scratch(s);
	char ips[16], ex[24], ns[24];
	if (!V)
		return -ENOMEM;
	ll__ipstr(ips, ip);
	snprintf(ex, sizeof(ex), "%lld", (long long)expiry);
	snprintf(ns, sizeof(ns), "%lld", (long long)now);
	ll_vars_set(V, "ip", ips, strlen(ips));
	ll_vars_set(V, "client_id", client_hex, strlen(client_hex));
	ll_vars_set(V, "mac", mac, strlen(mac));
	ll_vars_set(V, "expiry", ex, strlen(ex));
	ll_vars_set(V, "state", state, strlen(state));
	ll_vars_set(V, "now", ns, strlen(ns));
	int r = s->ops->exec(s, ll__q(s, LL_Q_LEASE_PUT), V);
	if (r != 0)
		return r < 0 ? r : 1; /* a row inserted or changed: ours */
	/* nothing changed: another server's client holds it (RFC 2131
	 * 4.3.1: an address is never given to two clients), or MariaDB
	 * saw the same values again; the row in this transaction tells */
	struct ll_lease *l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	r = ll_lease_get(s, ip, l);
	if (r == 1)
		r = !strcmp(l->client_id, client_hex);
	free(l);
	return r;
}

int ll_history_add(struct ll_store *s, struct ll_vars *V, int64_t now,
		   uint32_t ip, const char *method)
{
	char ts[24], ips[16];
	snprintf(ts, sizeof(ts), "%lld", (long long)now);
	ll__ipstr(ips, ip);
	ll_vars_set(V, "now", ts, strlen(ts));
	ll_vars_set(V, "lease_ip", ips, strlen(ips));
	ll_vars_set(V, "method", method, strlen(method));
	int r = s->ops->exec(s, ll__q(s, LL_Q_HISTORY), V);
	return r < 0 ? r : 0;
}
