/* The privileged helper: forked before the client opens anything that
 * faces the network, it keeps the rights the hook script, resolvconf
 * and the lease file need, and does only those three things for the
 * sandboxed main process, over a SOCK_SEQPACKET pair (one request per
 * datagram: a kind byte, then the data). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define LL_HMAX 65536

static int wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The script is exec'd directly (never through a shell string) with
 * the environment the main process built: NUL-separated strings. */
static int run_script(const char *script, char *env, size_t len)
{
	char *envp[512], *argv[2] = {(char *)script, NULL};
	size_t n = 0;
	pid_t pid;

	for (size_t i = 0; i < len && n + 1 < 512; i += strlen(env + i) + 1)
		envp[n++] = env + i;
	envp[n] = NULL;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		execve(script, argv, envp);
		_exit(127);
	}
	return wait_child(pid);
}

/* Written beside the target, flushed, then renamed over it. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[4096];
	int fd, e = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd))
		e = errno ? -errno : -EIO;
	close(fd);
	if (!e && rename(tmp, path))
		e = -errno;
	if (e)
		unlink(tmp);
	return e;
}

static const char *resolvconf_path(void)
{
	static const char *const p[] = {"/sbin/resolvconf",
					"/usr/sbin/resolvconf"};

	for (size_t i = 0; i < 2; i++)
		if (access(p[i], X_OK) == 0)
			return p[i];
	return NULL;
}

/* resolvconf(8) when installed (-a with the text on stdin, -d when
 * empty), else the file named by --resolv-conf, else nothing. */
static int set_dns(const struct ll_helper_cfg *c, const char *t, size_t len)
{
	const char *rc = resolvconf_path();
	char name[64];
	int pfd[2];
	pid_t pid;

	if (!rc || c->resolv)
		return c->resolv ? write_atomic(c->resolv, t, len) : 0;
	snprintf(name, sizeof(name), "%s.lanlease", c->ifname);
	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		char *const argv[] = {(char *)rc, len ? "-a" : "-d", name, NULL};
		char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
				      NULL};

		dup2(pfd[0], 0);
		execve(rc, argv, envp);
		_exit(127);
	}
	close(pfd[0]);
	if (len && write(pfd[1], t, len) < 0)
		len = 0;
	close(pfd[1]);
	return wait_child(pid);
}

static void serve(int fd, const struct ll_helper_cfg *c)
{
	static char buf[LL_HMAX + 1];

	for (;;) {
		ssize_t n = recv(fd, buf, LL_HMAX, 0);
		int st = -EINVAL;

		if (n <= 0)
			break;
		buf[n] = 0;
		if (buf[0] == LL_H_SCRIPT && c->script)
			st = run_script(c->script, buf + 1, (size_t)n - 1);
		else if (buf[0] == LL_H_DNS)
			st = set_dns(c, buf + 1, (size_t)n - 1);
		else if (buf[0] == LL_H_LEASE && c->lease_file)
			st = write_atomic(c->lease_file, buf + 1, (size_t)n - 1);
		if (send(fd, &st, sizeof(st), MSG_NOSIGNAL) < 0)
			break;
	}
	if (c->pidfile)
		unlink(c->pidfile);
}

int ll_helper_start(const struct ll_helper_cfg *cfg, pid_t *pid)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -errno;
	*pid = fork();
	if (*pid < 0)
		return -errno;
	if (!*pid) {
		/* The helper ignores the signals aimed at the client and
		 * ends when the client's end of the pair closes. */
		signal(SIGTERM, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		signal(SIGUSR1, SIG_IGN);
		close(sv[0]);
		serve(sv[1], cfg);
		_exit(0);
	}
	close(sv[1]);
	return sv[0];
}

int ll_helper_call(int fd, enum ll_hkind kind, const char *data, size_t len)
{
	static char buf[LL_HMAX];
	int st;

	if (len + 1 > sizeof(buf))
		return -EMSGSIZE;
	buf[0] = (char)kind;
	memcpy(buf + 1, data, len);
	if (send(fd, buf, len + 1, MSG_NOSIGNAL) < 0)
		return -errno;
	if (recv(fd, &st, sizeof(st), 0) != sizeof(st))
		return -EPIPE;
	return st;
}
