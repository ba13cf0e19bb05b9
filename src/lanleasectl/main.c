/* lanleasectl: a command-line client of lanleased's API (lanleasectl(1)).
 * Human tables by default, --json for scripts. Exit status: 0 done, 1
 * the server refused or failed (its message on stderr), 2 usage, 3 the
 * server cannot be reached. */
#include <curl/curl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lanlease/lanlease.h"

struct ctl {
	char url[512], token[256], user[256], cacert[512];
	bool json, insecure;
	/* query parameters of the command (name=value, escaped here) */
	char query[2048];
	struct json_object *body; /* POST body, or NULL */
};

struct resp {
	char *p;
	size_t n;
};

static size_t ll_write(char *d, size_t sz, size_t n, void *ctx)
{
	struct resp *r = ctx;
	char *p = realloc(r->p, r->n + sz * n + 1);
	if (!p)
		return 0;
	memcpy(p + r->n, d, sz * n);
	r->p = p;
	r->n += sz * n;
	p[r->n] = '\0';
	return sz * n;
}

static void usage(FILE *f)
{
	fputs("usage: lanleasectl [options] COMMAND [arguments]\n"
	      "  status | stats | leases [--mac M] [--ip IP] [--circuit-id C]\n"
	      "  [--client-id HEX] [--limit N] [--offset N] | lease MAC|IP |\n"
	      "  history [--mac M] [--ip IP] [--since T] [--until T]\n"
	      "  [--circuit-id C] [--limit N] [--offset N] |\n"
	      "  trace MAC [--circuit-id C] [--remote-id R] [--relay IP]\n"
	      "  [--message TYPE] [--requested IP] [--client-id HEX]\n"
	      "  [--ciaddr IP] [--interface IF] [--hostname H] |\n"
	      "  reload | suspended | unsuspend MAC\n"
	      "options:\n"
	      "  -u, --url URL      the server (http://127.0.0.1:8067)\n"
	      "  -t, --token T      a bearer token of http.tokens\n"
	      "      --user N:P     an HTTP digest login of http.users\n"
	      "      --cacert FILE  trust this CA (https)\n"
	      "  -k, --insecure     do not check the server's certificate\n"
	      "  -j, --json         the server's JSON as it is\n"
	      "  -c, --config FILE  url, token, user, cacert (key = value)\n"
	      "Environment: LANLEASE_URL, LANLEASE_TOKEN, LANLEASE_USER.\n", f);
}

/* key = value lines (# comments) of the config file. */
static void ll_conf(struct ctl *c, const char *path, bool must)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	if (!f) {
		if (must) {
			perror(path);
			exit(2);
		}
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char k[64], v[900];
		if (line[0] == '#' || sscanf(line, " %63[a-z_] = %899[^\n]", k, v) != 2)
			continue;
		char *e = v + strlen(v);
		while (e > v && (e[-1] == ' ' || e[-1] == '\r'))
			*--e = '\0';
		if (!strcmp(k, "url"))
			snprintf(c->url, sizeof(c->url), "%s", v);
		else if (!strcmp(k, "token"))
			snprintf(c->token, sizeof(c->token), "%s", v);
		else if (!strcmp(k, "user"))
			snprintf(c->user, sizeof(c->user), "%s", v);
		else if (!strcmp(k, "cacert"))
			snprintf(c->cacert, sizeof(c->cacert), "%s", v);
	}
	fclose(f);
}

static void ll_env(struct ctl *c)
{
	const char *v;
	if ((v = getenv("LANLEASE_URL")))
		snprintf(c->url, sizeof(c->url), "%s", v);
	if ((v = getenv("LANLEASE_TOKEN")))
		snprintf(c->token, sizeof(c->token), "%s", v);
	if ((v = getenv("LANLEASE_USER")))
		snprintf(c->user, sizeof(c->user), "%s", v);
}

static void ll_arg(struct ctl *c, CURL *h, const char *k, const char *v)
{
	char *e = curl_easy_escape(h, v, 0);
	size_t l = strlen(c->query);
	snprintf(c->query + l, sizeof(c->query) - l, "%s%s=%s", l ? "&" : "?", k,
		 e ? e : "");
	curl_free(e);
}

/* The request; the parsed JSON answer (NULL: unreachable, exit 3). */
static struct json_object *ll_call(struct ctl *c, const char *method,
				   const char *path, long *status)
{
	CURL *h = curl_easy_init();
	struct resp r = { 0 };
	char url[4096], auth[300];
	struct curl_slist *hdr = NULL;
	snprintf(url, sizeof(url), "%s%s%s", c->url, path, c->query);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, ll_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (c->token[0]) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
		hdr = curl_slist_append(hdr, auth);
	} else if (c->user[0]) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
		curl_easy_setopt(h, CURLOPT_USERPWD, c->user);
	}
	const char *body = c->body ? json_object_to_json_string(c->body) : NULL;
	if (body) {
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	} else if (!strcmp(method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	if (c->cacert[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
	if (c->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	CURLcode e = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	if (e != CURLE_OK) {
		fprintf(stderr, "lanleasectl: %s: %s\n", c->url, curl_easy_strerror(e));
		free(r.p);
		return NULL;
	}
	struct json_object *o = r.p ? json_tokener_parse(r.p) : NULL;
	if (!o) {
		fprintf(stderr, "lanleasectl: HTTP %ld, not JSON: %.200s\n", *status,
			r.p ? r.p : "");
		o = json_object_new_object();
		*status = *status < 400 ? 502 : *status;
	}
	free(r.p);
	return o;
}

static const char *ll_s(struct json_object *o, const char *k)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !v)
		return "-";
	return json_object_get_string(v);
}

static void ll_table(struct json_object *o, const char *const *cols,
		     const int *widths)
{
	struct json_object *items;
	for (int i = 0; cols[i]; i++)
		printf("%-*s ", widths[i], cols[i]);
	printf("\n");
	if (!json_object_object_get_ex(o, "items", &items))
		return;
	size_t n = json_object_array_length(items);
	for (size_t r = 0; r < n; r++) {
		struct json_object *row = json_object_array_get_idx(items, r);
		for (int i = 0; cols[i]; i++) {
			const char *v = ll_s(row, cols[i]);
			char t[32];
			if (!strcmp(cols[i], "time") && strcmp(v, "-")) {
				time_t tt = (time_t)atoll(v);
				struct tm tm;
				strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ",
					 gmtime_r(&tt, &tm));
				v = t;
			}
			printf("%-*s ", widths[i], v);
		}
		printf("\n");
	}
}

static void ll_kv(struct json_object *o, const char *prefix)
{
	json_object_object_foreach(o, k, v) {
		if (v && json_object_is_type(v, json_type_object)) {
			char p[128];
			snprintf(p, sizeof(p), "%s%s.", prefix, k);
			ll_kv(v, p);
		} else {
			printf("%s%s %s\n", prefix, k, v ? json_object_get_string(v)
							  : "null");
		}
	}
}

static void ll_trace_out(struct json_object *o)
{
	struct json_object *steps, *def, *dec = NULL, *pool;
	printf("method %s, client %s\n", ll_s(o, "method"), ll_s(o, "client_key"));
	if (json_object_object_get_ex(o, "steps", &steps)) {
		for (size_t i = 0; i < json_object_array_length(steps); i++) {
			struct json_object *s = json_object_array_get_idx(steps, i), *pa;
			printf("  step %s %-12s %-12s", ll_s(s, "step"), ll_s(s, "kind"),
			       ll_s(s, "result"));
			if (json_object_object_get_ex(s, "parameters", &pa)) {
				json_object_object_foreach(pa, k, v)
					printf(" %s=%s", k, v ? json_object_get_string(v)
							      : "(undefined)");
			}
			printf("\n");
		}
	}
	printf("matched step %s, source %s\n", ll_s(o, "matched_step"),
	       ll_s(o, "source"));
	if (json_object_object_get_ex(o, "pool", &pool) && pool)
		printf("pool %s: %s %s\n", ll_s(pool, "pool"), ll_s(pool, "note"),
		       ll_s(pool, "held_or_reserved"));
	if (json_object_object_get_ex(o, "definition", &def) && def) {
		struct json_object *op, *list;
		printf("definition: ip %s, subnet %s, lease_time %s\n",
		       ll_s(def, "ip"), ll_s(def, "subnet"), ll_s(def, "lease_time"));
		if (json_object_object_get_ex(def, "options", &op) &&
		    json_object_object_get_ex(op, "options", &list))
			for (size_t i = 0; i < json_object_array_length(list); i++) {
				struct json_object *e = json_object_array_get_idx(list, i);
				printf("  %s=%s\n", ll_s(e, "name"), ll_s(e, "value"));
			}
	}
	if (json_object_object_get_ex(o, "decision", &dec))
		printf("decision: %s%s%s, to %s %s, lease %s s\n", ll_s(dec, "reply"),
		       strcmp(ll_s(dec, "why"), "-") ? ": " : "",
		       strcmp(ll_s(dec, "why"), "-") ? ll_s(dec, "why") : "",
		       ll_s(dec, "destination"), ll_s(dec, "destination_ip"),
		       ll_s(dec, "lease_time"));
	struct json_object *rep, *list;
	if (json_object_object_get_ex(o, "reply", &rep) && rep) {
		printf("reply: %s yiaddr %s to %s\n", ll_s(rep, "message_type"),
		       ll_s(rep, "yiaddr"), ll_s(dec, "destination"));
		if (json_object_object_get_ex(rep, "options", &list))
			for (size_t i = 0; i < json_object_array_length(list); i++) {
				struct json_object *e = json_object_array_get_idx(list, i);
				printf("  %s=%s\n", ll_s(e, "name"), ll_s(e, "value"));
			}
	} else {
		printf("reply: none\n");
	}
}

/* Command-specific options, in argv after the command. */
static const struct option ll_cmd_opts[] = {
	{ "mac", required_argument, NULL, 0 },
	{ "ip", required_argument, NULL, 0 },
	{ "circuit-id", required_argument, NULL, 0 },
	{ "remote-id", required_argument, NULL, 0 },
	{ "client-id", required_argument, NULL, 0 },
	{ "relay", required_argument, NULL, 0 },
	{ "message", required_argument, NULL, 0 },
	{ "requested", required_argument, NULL, 0 },
	{ "ciaddr", required_argument, NULL, 0 },
	{ "interface", required_argument, NULL, 0 },
	{ "hostname", required_argument, NULL, 0 },
	{ "since", required_argument, NULL, 0 },
	{ "until", required_argument, NULL, 0 },
	{ "limit", required_argument, NULL, 0 },
	{ "offset", required_argument, NULL, 0 },
	{ NULL, 0, NULL, 0 },
};

static int ll_cmd_args(struct ctl *c, CURL *h, int argc, char **argv)
{
	int o, idx;
	optind = 0; /* glibc: a full restart (the first pass stopped at '+') */
	while ((o = getopt_long(argc, argv, "", ll_cmd_opts, &idx)) != -1) {
		if (o != 0)
			return -1;
		char k[32];
		snprintf(k, sizeof(k), "%s", ll_cmd_opts[idx].name);
		for (char *p = k; *p; p++)
			*p = *p == '-' ? '_' : *p;
		ll_arg(c, h, k, optarg);
	}
	return optind;
}

struct cmd {
	const char *name, *method, *path;
	int nargs;              /* positional arguments */
	const char *cols[8];    /* table columns */
	int widths[8];
};

static const struct cmd ll_cmds[] = {
	{ "status", "GET", "/api/v1/status", 0, { NULL }, { 0 } },
	{ "stats", "GET", "/api/v1/statistics", 0, { NULL }, { 0 } },
	{ "leases", "GET", "/api/v1/leases", 0,
	  { "ip", "mac", "state", "expires_in", "client_id", NULL },
	  { 15, 17, 9, 10, 20 } },
	{ "lease", "GET", "/api/v1/leases/", 1,
	  { "ip", "mac", "state", "expires_in", "client_id", NULL },
	  { 15, 17, 9, 10, 20 } },
	{ "history", "GET", "/api/v1/history", 0,
	  { "time", "mac", "ip", "method", "relay", "circuit_id", NULL },
	  { 20, 17, 15, 18, 15, 16 } },
	{ "trace", "POST", "/api/v1/trace", 1, { NULL }, { 0 } },
	{ "reload", "POST", "/api/v1/reload", 0, { NULL }, { 0 } },
	{ "suspended", "GET", "/api/v1/suspended", 0,
	  { "mac", "remaining", NULL }, { 17, 10 } },
	{ "unsuspend", "DELETE", "/api/v1/suspended/", 1, { NULL }, { 0 } },
};

static void ll_human(const struct cmd *k, struct json_object *o)
{
	if (!strcmp(k->name, "trace"))
		ll_trace_out(o);
	else if (k->cols[0])
		ll_table(o, k->cols, k->widths);
	else if (!strcmp(k->name, "reload"))
		printf("reloaded %s\n", ll_s(o, "config"));
	else if (!strcmp(k->name, "unsuspend"))
		printf("lifted %s\n", ll_s(o, "mac"));
	else
		ll_kv(o, "");
}

/* The trace's query parameters become its JSON body. */
static void ll_trace_body(struct ctl *c, const char *mac)
{
	c->body = json_object_new_object();
	json_object_object_add(c->body, "mac", json_object_new_string(mac));
	char *q = c->query[0] ? c->query + 1 : c->query, *save = NULL;
	for (char *kv = strtok_r(q, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *v = curl_easy_unescape(NULL, eq + 1, 0, NULL);
		json_object_object_add(c->body, kv, json_object_new_string(v ? v : ""));
		curl_free(v);
	}
	c->query[0] = '\0';
}

static int ll_run(struct ctl *c, const struct cmd *k, int argc, char **argv)
{
	CURL *h = curl_easy_init();
	int at = ll_cmd_args(c, h, argc, argv);
	if (at < 0 || argc - at != k->nargs) {
		fprintf(stderr, "lanleasectl: %s takes %d argument(s)\n", k->name,
			k->nargs);
		curl_easy_cleanup(h);
		return 2;
	}
	char path[512];
	char *e = k->nargs ? curl_easy_escape(h, argv[at], 0) : NULL;
	curl_easy_cleanup(h);
	if (!strcmp(k->name, "trace"))
		ll_trace_body(c, argv[at]), snprintf(path, sizeof(path), "%s", k->path);
	else
		snprintf(path, sizeof(path), "%s%s", k->path, e ? e : "");
	curl_free(e);
	long status = 0;
	struct json_object *o = ll_call(c, k->method, path, &status);
	if (!o)
		return 3;
	if (status >= 400) {
		fprintf(stderr, "lanleasectl: %s (HTTP %ld)\n", ll_s(o, "error"),
			status);
		if (c->json)
			puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
		json_object_put(o);
		return 1;
	}
	if (c->json)
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						     JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		ll_human(k, o);
	json_object_put(o);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "token", required_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'U' },
		{ "cacert", required_argument, NULL, 'C' },
		{ "insecure", no_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { .url = "http://127.0.0.1:8067" };
	char home[600];
	const char *conf = getenv("LANLEASECTL_CONF");
	ll_conf(&c, "/etc/lanlease/ctl.conf", false);
	snprintf(home, sizeof(home), "%s/.config/lanlease/ctl.conf",
		 getenv("HOME") ? getenv("HOME") : "/nonexistent");
	ll_conf(&c, home, false);
	if (conf)
		ll_conf(&c, conf, true);
	ll_env(&c);
	int o;
	while ((o = getopt_long(argc, argv, "+u:t:kjc:hV", lo, NULL)) != -1) {
		switch (o) {
		case 'u': snprintf(c.url, sizeof(c.url), "%s", optarg); break;
		case 't': snprintf(c.token, sizeof(c.token), "%s", optarg); break;
		case 'U': snprintf(c.user, sizeof(c.user), "%s", optarg); break;
		case 'C': snprintf(c.cacert, sizeof(c.cacert), "%s", optarg); break;
		case 'k': c.insecure = true; break;
		case 'j': c.json = true; break;
		case 'c': ll_conf(&c, optarg, true); break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("lanleasectl %s\n", LL_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	size_t len = strlen(c.url);
	while (len && c.url[len - 1] == '/')
		c.url[--len] = '\0';
	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (size_t i = 0; i < sizeof(ll_cmds) / sizeof(ll_cmds[0]); i++)
		if (!strcmp(argv[optind], ll_cmds[i].name)) {
			int r = ll_run(&c, &ll_cmds[i], argc - optind, argv + optind);
			json_object_put(c.body);
			curl_global_cleanup();
			return r;
		}
	fprintf(stderr, "lanleasectl: unknown command %s\n", argv[optind]);
	usage(stderr);
	return 2;
}
