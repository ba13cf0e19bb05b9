/* lanlease-probe subcommands. */
#ifndef LL_PROBE_H
#define LL_PROBE_H
int ll_probe_decode(int argc, char **argv);
int ll_probe_options(int argc, char **argv);
int ll_probe_single(int argc, char **argv);
int ll_probe_dora(int argc, char **argv);
int ll_probe_listen(int argc, char **argv);
int ll_probe_load(int argc, char **argv);
int ll_probe_fuzz(int argc, char **argv);
int ll_probe_audit(int argc, char **argv);
#endif
