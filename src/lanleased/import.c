/* lanleased --import-pydhcpdb (seed 001): its config.xml has the
 * sections dhcpserver (host, broadcast, DHCPServer, LeaseTime,
 * ThreadLimit, defaultMask, defaultRouter, defaultDNS), mysql (host,
 * username, password, basename), query (offer_count, offer_1..N,
 * history_sql) and options (option: "SOURCE:NAME:START:END"). The
 * queries keep their text: lanleased binds '{var}' as a parameter, and
 * knows pydhcpdb's variable names, so they work against the same
 * MySQL tables (users, history). Parsed with libxml2 (no network, no
 * entity expansion). */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

/* The text of the first <name> below node, or NULL. */
static char *text_of(xmlNode *node, const char *name)
{
	for (xmlNode *n = node ? node->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, name))
			return (char *)xmlNodeGetContent(n);
		char *t = text_of(n, name);
		if (t)
			return t;
	}
	return NULL;
}

static xmlNode *section(xmlNode *root, const char *name)
{
	for (xmlNode *n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)n->name, name))
			return n;
	return NULL;
}

/* A Lua string literal. */
static void lua_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 32 || c == 127)
			fprintf(f, "\\%03u", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void setting(FILE *f, const char *key, xmlNode *sec, const char *tag)
{
	char *v = text_of(sec, tag);
	if (!v)
		return;
	fprintf(f, "%s = ", key);
	lua_str(f, v);
	fputc('\n', f);
	xmlFree(v);
}

/* key = "text" lines for each (key, tag) present in the section. */
static void fields(FILE *f, xmlNode *sec, const char *const (*map)[2],
		   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *v = text_of(sec, map[i][1]);
		if (!v)
			continue;
		fprintf(f, "  %s = ", map[i][0]);
		lua_str(f, v);
		fputs(",\n", f);
		xmlFree(v);
	}
}

static void database(FILE *f, xmlNode *my)
{
	static const char *const map[][2] = { { "host", "host" },
		{ "user", "username" }, { "password", "password" },
		{ "name", "basename" } };
	fputs("database = {\n  driver = \"mariadb\",\n", f);
	fields(f, my, map, 4);
	fputs("}\n", f);
}

static void defaults(FILE *f, xmlNode *srv)
{
	static const char *const map[][2] = { { "subnet_mask", "defaultMask" },
		{ "routers", "defaultRouter" },
		{ "domain_name_servers", "defaultDNS" } };
	fputs("defaults = {\n", f);
	fields(f, srv, map, 3);
	fputs("}\n", f);
}

/* offer_1..offer_N, each a lookup step, tried in order. */
static int lookups(FILE *f, xmlNode *q, char *err, size_t errlen)
{
	char *cnt = text_of(q, "offer_count");
	int n = cnt ? atoi(cnt) : 0;
	xmlFree(cnt);
	if (n <= 0 || n > 15)
		return snprintf(err, errlen, "query/offer_count must be 1..15"), -1;
	fputs("lookup = {\n", f);
	for (int i = 1; i <= n; i++) {
		char tag[32];
		snprintf(tag, sizeof(tag), "offer_%d", i);
		char *sql = text_of(q, tag);
		if (!sql)
			return snprintf(err, errlen, "query/%s is missing", tag), -1;
		fputs("  { sql = ", f);
		lua_str(f, sql);
		fputs(" },\n", f);
		xmlFree(sql);
	}
	fputs("}\n", f);
	return 0;
}

static void variables(FILE *f, xmlNode *opts)
{
	fputs("variables = {\n", f);
	for (xmlNode *n = opts ? opts->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name,
							  "option"))
			continue;
		char *v = (char *)xmlNodeGetContent(n);
		fputs("  ", f);
		lua_str(f, v);
		fputs(",\n", f);
		xmlFree(v);
	}
	fputs("}\n", f);
}

static int ll__import(xmlDoc *doc, const char *xml, const char *iface,
		      FILE *out, char *err, size_t errlen)
{
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlNode *srv = root ? section(root, "dhcpserver") : NULL;
	xmlNode *my = root ? section(root, "mysql") : NULL;
	xmlNode *q = root ? section(root, "query") : NULL;
	if (!srv || !my || !q)
		return snprintf(err, errlen, "%s: not a pydhcpdb configuration "
				"(needs dhcpserver, mysql and query sections)",
				xml), -1;
	fprintf(out, "-- imported from %s (pydhcpdb) by lanleased "
		"--import-pydhcpdb\n-- (lanleased.conf(5)); check it with "
		"lanleased -t -c FILE\n", xml);
	fputs("interfaces = { ", out);
	lua_str(out, iface);
	fputs(" }\n", out);
	setting(out, "server_id", srv, "DHCPServer");
	char *lt = text_of(srv, "LeaseTime");
	if (lt && atoi(lt) > 0)
		fprintf(out, "lease_time = %d\n", atoi(lt));
	xmlFree(lt);
	database(out, my);
	defaults(out, srv);
	if (lookups(out, q, err, errlen))
		return -1;
	variables(out, section(root, "options"));
	setting(out, "history_sql", q, "history_sql");
	fputs("-- pydhcpdb's history table is its own (history_sql above):\n"
	      "-- lanleased writes no rows of its own there\nhistory = false\n",
	      out);
	return 0;
}

int ll_import_pydhcpdb(const char *xml, const char *iface, FILE *out,
		       char *err, size_t errlen)
{
	xmlDoc *doc = xmlReadFile(xml, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	int r = ll__import(doc, xml, iface, out, err, errlen);
	xmlFreeDoc(doc);
	return r;
}

int ll_import_pydhcpdb_mem(const char *buf, size_t len, const char *iface,
			   FILE *out, char *err, size_t errlen)
{
	xmlDoc *doc = xmlReadMemory(buf, (int)len, "config.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOBLANKS |
					    XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
	int r = ll__import(doc, "config.xml", iface, out, err, errlen);
	xmlFreeDoc(doc);
	return r;
}
