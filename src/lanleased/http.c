/* lanleased's HTTP service: the daemon, authentication and the response
 * plumbing (see http.h). Routes are in api.c and dash.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "http.h"
#include "store_open.h"

#define LL_BODY_MAX 65536

void ll_buf_put(struct ll_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void ll_buf_puts(struct ll_buf *b, const char *s)
{
	ll_buf_put(b, s, strlen(s));
}

void ll_buf_printf(struct ll_buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		ll_buf_put(b, tmp, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ll_buf_put(b, big, (size_t)n);
	free(big);
}

void ll_buf_html(struct ll_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': ll_buf_puts(b, "&amp;"); break;
		case '<': ll_buf_puts(b, "&lt;"); break;
		case '>': ll_buf_puts(b, "&gt;"); break;
		case '"': ll_buf_puts(b, "&quot;"); break;
		case '\'': ll_buf_puts(b, "&#39;"); break;
		default: ll_buf_put(b, s, 1);
		}
	}
}

const char *ll_hreq_arg(const struct ll_hreq *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, name);
}

void ll_hreq_json(struct ll_hreq *r, unsigned status, struct json_object *o)
{
	r->status = status;
	r->ctype = "application/json";
	r->out.n = 0;
	ll_buf_puts(&r->out, json_object_to_json_string_ext(
				     o, JSON_C_TO_STRING_PLAIN |
					JSON_C_TO_STRING_NOSLASHESCAPE));
	ll_buf_puts(&r->out, "\n");
	json_object_put(o);
}

void ll_hreq_error(struct ll_hreq *r, unsigned status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(msg));
	json_object_object_add(o, "status", json_object_new_int((int)status));
	ll_hreq_json(r, status, o);
}

bool ll_hreq_deny(struct ll_hreq *r)
{
	if (r->authed)
		return false;
	const struct ll_http_cfg *h = &r->H->cfg->http;
	if (!h->ntokens && !h->nusers)
		ll_hreq_error(r, 403, "this needs a login, and http.tokens and "
			      "http.users are both empty in the configuration");
	else
		ll_hreq_error(r, 401, "authentication required: a bearer token "
			      "(Authorization: Bearer ...) or an HTTP digest "
			      "login");
	r->need_login = r->status == 401;
	return true;
}

/* Equal strings in a time that does not depend on where they differ. */
static bool ll__same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* A bearer token, or an HTTP digest login of a configured user. */
static void ll__auth(struct ll_hreq *r)
{
	const struct ll_http_cfg *h = &r->H->cfg->http;
	const char *a = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
						    "Authorization");
	if (a && !strncasecmp(a, "Bearer ", 7)) {
		for (unsigned i = 0; i < h->ntokens && !r->authed; i++)
			r->authed = ll__same(a + 7, h->tokens[i]);
		if (r->authed)
			snprintf(r->user, sizeof(r->user), "(token)");
		return;
	}
	char *u = h->nusers ? MHD_digest_auth_get_username(r->c) : NULL;
	for (unsigned i = 0; u && i < h->nusers && !r->authed; i++)
		if (!strcmp(u, h->users[i].name) &&
		    MHD_digest_auth_check2(r->c, h->realm, u, h->users[i].password,
					   300, MHD_DIGEST_ALG_MD5) == MHD_YES) {
			r->authed = true;
			snprintf(r->user, sizeof(r->user), "%s", u);
		}
	if (u)
		MHD_free(u);
}

/* A browser's state-changing request from another site (CSRF): its
 * Origin names another host, or Sec-Fetch-Site says cross-site. */
static bool ll__cross_site(const struct ll_hreq *r)
{
	if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))
		return false;
	const char *o = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
						    "Origin");
	const char *h = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
						    "Host");
	const char *sf = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
						     "Sec-Fetch-Site");
	if (sf && !strcmp(sf, "cross-site"))
		return true;
	if (!o || !strcmp(o, "null"))
		return o != NULL;
	const char *host = strstr(o, "://");
	return !h || !host || strcmp(host + 3, h);
}

/* Follows a reload: the configuration and the web extensions of conf.lua
 * (their own Lua state, for this thread). */
static void ll__follow(struct ll_http *H)
{
	unsigned gen;
	const struct ll_config *c = H->env.config(&gen);
	if (H->cfg && gen == H->gen)
		return;
	char err[512];
	struct ll_hooks *w = ll_hooks_open(c, 1000, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "lanleased: http: keeps the old web extensions: "
			"%s\n", err);
	} else {
		ll_hooks_close(H->web);
		H->web = w;
	}
	H->cfg = c;
	H->gen = gen;
	H->T->cfg = c;
}

static enum MHD_Result ll__queue(struct ll_hreq *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		r->out.n, r->out.p ? r->out.p : (char *)"", MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", r->ctype);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; style-src 'self' "
				"'unsafe-inline'; img-src 'self' data:");
	if (r->location)
		MHD_add_response_header(resp, "Location", r->location);
	enum MHD_Result ret;
	const struct ll_http_cfg *h = &r->H->cfg->http;
	if (r->need_login && h->nusers)
		ret = MHD_queue_auth_fail_response2(r->c, h->realm, "lanleased",
						    resp, MHD_NO,
						    MHD_DIGEST_ALG_MD5);
	else {
		if (r->need_login)
			MHD_add_response_header(resp, "WWW-Authenticate",
						"Bearer realm=\"lanleased\"");
		ret = MHD_queue_response(r->c, r->status, resp);
	}
	MHD_destroy_response(resp);
	return ret;
}

/* The body of a request, gathered over the calls MHD makes. */
struct ll__conn {
	struct ll_buf body;
	bool too_big;
};

static enum MHD_Result ll__handler(void *cls, struct MHD_Connection *c,
				   const char *url, const char *method,
				   const char *version, const char *upload,
				   size_t *upload_size, void **con_cls)
{
	struct ll_http *H = cls;
	struct ll__conn *cc = *con_cls;
	(void)version;
	if (!cc) { /* the headers: the body (if any) comes next */
		if (!(cc = calloc(1, sizeof(*cc))))
			return MHD_NO;
		*con_cls = cc;
		return MHD_YES;
	}
	if (*upload_size) {
		if (cc->body.n + *upload_size > LL_BODY_MAX)
			cc->too_big = true;
		else
			ll_buf_put(&cc->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	ll__follow(H);
	struct ll_hreq r = { .H = H, .c = c, .url = url, .method = method,
			     .body = cc->body.p ? cc->body.p : "",
			     .blen = cc->body.n, .status = 200,
			     .ctype = "application/json" };
	ll__auth(&r);
	if (cc->too_big)
		ll_hreq_error(&r, 413, "the body is over %d bytes", LL_BODY_MAX);
	else if (ll_api_bad_path(url))
		ll_hreq_error(&r, 400, "bad path");
	else if (ll__cross_site(&r))
		ll_hreq_error(&r, 403, "a cross-site request is refused");
	else if (!ll_api_route(&r) && !ll_dash_route(&r))
		ll_hreq_error(&r, 404, "no such resource: %s", url);
	if (r.out.oom)
		ll_hreq_error(&r, 500, "out of memory");
	enum MHD_Result ret = ll__queue(&r);
	free(r.out.p);
	return ret;
}

static void ll__done(void *cls, struct MHD_Connection *c, void **con_cls,
		     enum MHD_RequestTerminationCode toe)
{
	struct ll__conn *cc = *con_cls;
	(void)cls, (void)c, (void)toe;
	if (cc) {
		free(cc->body.p);
		free(cc);
	}
	*con_cls = NULL;
}

static char *ll__slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct ll_buf b = { 0 };
	char tmp[4096];
	size_t n;
	if (!f) {
		snprintf(err, errlen, "http: %s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		ll_buf_put(&b, tmp, n);
	fclose(f);
	if (b.oom || !b.p)
		snprintf(err, errlen, "http: %s: empty or unreadable", path);
	return b.oom ? (free(b.p), NULL) : b.p;
}

/* The trace worker: the configured database on a connection of its own,
 * no cache (a trace shows every step), the shared pools. */
static struct ll_server *ll__tracer(const struct ll_http_env *env,
				    const struct ll_config *c, char *err,
				    size_t errlen)
{
	struct ll_server *T = calloc(1, sizeof(*T));
	if (!T)
		return NULL;
	T->cfg = c;
	T->idx = 1000;
	T->pools = env->pools;
	T->ping_fd = T->spool_fd = T->reject_fd = -1;
	memcpy(T->link, env->W[0]->link, sizeof(T->link));
	T->nlinks = env->W[0]->nlinks;
	T->store = ll_store_open_cfg(c, true, err, errlen);
	if (!T->store) {
		free(T);
		return NULL;
	}
	return T;
}

static struct MHD_Daemon *ll__listen(struct ll_http *H,
				     const struct ll_http_cfg *h)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(h->port),
				  .sin_addr.s_addr = htonl(h->addr) };
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (H->cert)
		flags |= MHD_USE_TLS;
	/* the thread blocks every signal: they are the main thread's */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, h->port, NULL, NULL, ll__handler, H,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_NOTIFY_COMPLETED, ll__done, H,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_DIGEST_AUTH_RANDOM, sizeof(H->rnd), H->rnd,
		MHD_OPTION_NONCE_NC_SIZE, (unsigned)1000,
		H->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, H->cert,
		MHD_OPTION_HTTPS_MEM_KEY, H->key, MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return d;
}

struct ll_http *ll_http_start(const struct ll_http_env *env, char *err,
			      size_t errlen)
{
	unsigned gen;
	const struct ll_config *c = env->config(&gen);
	const struct ll_http_cfg *h = &c->http;
	struct ll_http *H = calloc(1, sizeof(*H));
	if (!H)
		return snprintf(err, errlen, "http: out of memory"), NULL;
	H->env = *env;
	if (getrandom(H->rnd, sizeof(H->rnd), 0) != (ssize_t)sizeof(H->rnd) ||
	    (h->cert[0] && (!(H->cert = ll__slurp(h->cert, err, errlen)) ||
			    !(H->key = ll__slurp(h->key, err, errlen)))) ||
	    !(H->T = ll__tracer(env, c, err, errlen))) {
		if (!err[0])
			snprintf(err, errlen, "http: cannot start");
		ll_http_stop(H);
		return NULL;
	}
	ll__follow(H);
	if (!(H->d = ll__listen(H, h))) {
		snprintf(err, errlen, "http: cannot listen on %u.%u.%u.%u:%u%s",
			 h->addr >> 24, (h->addr >> 16) & 255, (h->addr >> 8) & 255,
			 h->addr & 255, h->port,
			 H->cert ? " (or the TLS certificate and key are not a "
				   "pair)" : "");
		ll_http_stop(H);
		return NULL;
	}
	return H;
}

void ll_http_stop(struct ll_http *H)
{
	if (!H)
		return;
	if (H->d)
		MHD_stop_daemon(H->d);
	if (H->T) {
		H->T->store->ops->close(H->T->store);
		free(H->T);
	}
	ll_hooks_close(H->web);
	free(H->cert);
	free(H->key);
	free(H);
}
