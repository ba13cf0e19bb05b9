/* lanleased: the settings read from conf.lua (lanleased.conf(5)). */
#ifndef LL_LANLEASED_CONFIG_H
#define LL_LANLEASED_CONFIG_H
#include <stdbool.h>
#include <stdint.h>

#include "lanlease/pool.h"
#include "lanlease/store.h"

#define LL_CFG_MAX 16
#define LL_POOLS_MAX 16

/* A dynamic pool (pools = { ... } in conf.lua): a range of a subnet,
 * served to clients arriving on that subnet (the interface's, the
 * relay's giaddr, or RFC 3527 link selection). */
struct ll_pool_cfg {
	uint32_t net, mask;            /* the subnet */
	uint32_t first, last;          /* the range */
	uint32_t exclude[32];
	unsigned nexclude;
	char iface[32];                /* "": any interface on the subnet */
	uint32_t lease_time;           /* 0: the global lease_time */
	uint32_t max_leases;           /* 0: the whole range */
	uint32_t max_per_mac, max_per_circuit; /* 0: no limit */
	char *opts[32];                /* "name=value", like defaults */
	unsigned nopts;
	/* a subnets row (and its option rows) layered over opts: options
	 * and lease time from the database; "": none */
	char db_subnet[64];
	int64_t db_serial;
	/* reservations: an address for a MAC or a client-id (lowercase
	 * hex of option 61's value), never handed to anyone else */
	struct ll_pool_res {
		uint8_t mac[6];
		bool by_mac;
		char cid[132];
		uint32_t ip;
	} res[64];
	unsigned nres;
};

/* The HTTP service (http = { ... }): dashboard, JSON API, /metrics. */
struct ll_http_cfg {
	bool enabled;
	uint32_t addr;                 /* listen address (127.0.0.1) */
	uint16_t port;                 /* listen port (8067) */
	char tokens[8][128];           /* bearer tokens */
	unsigned ntokens;
	struct ll_http_user { char name[64], password[128]; } users[8];
	unsigned nusers;               /* HTTP digest users */
	char realm[64];
	char cert[256], key[256];      /* PEM files: TLS when set */
	bool public_dashboard;         /* counters and chart without login */
};

struct ll_config {
	char interfaces[LL_CFG_MAX][32];
	unsigned ninterfaces;
	uint32_t server_id;            /* 0: the interface's address */
	char db_driver[16];            /* "sqlite", "postgresql", "mariadb" */
	char db_path[256];             /* sqlite */
	char db_conninfo[512];         /* postgresql (libpq) */
	char db_host[128], db_socket[256], db_user[64], db_password[128],
	     db_name[64];              /* mariadb */
	uint32_t db_port, db_timeout;
	uint32_t db_query_timeout;     /* ms a statement may take; 0: none */
	enum ll_dialect dialect;       /* of the driver's SQL */
	bool authoritative, rapid_commit;
	bool gso;                      /* replies to one relay batched as UDP GSO */
	uint32_t lease_time;
	char *defaults[64];            /* "name=value", NULL-terminated */
	unsigned ndefaults;
	struct ll_step steps[16];
	unsigned nsteps;
	bool pool_step;                /* "pool" ends the lookup chain */
	struct ll_pool_cfg pools[LL_POOLS_MAX];
	unsigned npools;
	uint32_t decline_probation;    /* seconds a declined address rests */
	uint32_t offer_hold;           /* seconds an offered address is held */
	uint32_t ping_check;           /* ms to wait for an echo; 0: off */
	struct ll_uservar uservars[32];
	unsigned nuservars;
	struct ll_tpl history_sql;
	bool have_history_sql;
	bool history;                  /* lanleased's own history rows */
	uint8_t always[32];
	unsigned nalways;
	char user[32];                 /* drop privileges to this user */
	char state_dir[256];           /* the spool files */
	uint32_t workers;              /* threads answering requests */
	uint32_t cache_ttl;            /* seconds a lookup result is reused */
	uint32_t cache_stale;          /* seconds it stays last-known-good */
	uint32_t cache_size;           /* entries in the lookup cache */
	bool db_failure_drop;          /* on_db_failure = "drop" */
	uint32_t hook_budget;          /* Lua instructions per hook call */
	uint32_t suspend_threshold;    /* packets per MAC (decaying 1/s); 0 off */
	uint32_t misbehaving_client_timeout;  /* seconds suspended */
	uint32_t unauthorized_client_timeout; /* seconds an unknown MAC is ignored */
	bool allow_local_dhcp, allow_dhcp_relays;
	uint32_t relays[LL_CFG_MAX];   /* allowed_dhcp_relays; none: any */
	unsigned nrelays;
	struct ll_http_cfg http;
	char file[256];
};

/* Loads and checks conf.lua. On error returns -1 with err holding
 * "FILE:LINE: KEY: problem". */
int ll_config_load(struct ll_config *c, const char *path, char *err,
		   size_t errlen);
void ll_config_free(struct ll_config *c);
/* Prints the effective settings (lanleased -t). */
void ll_config_print(const struct ll_config *c);
#endif
