// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab: the command line.
 *
 *   eehlab run [--backend NAME] [--seed N] [-D VAR=value]... [-v] FILE|DIR...
 *   eehlab run --compare A,B [--seed N] [-D VAR=value]... FILE|DIR...
 *   eehlab list [--backend model] [-D VAR=value]... FILE|DIR...
 *   eehlab list --backend kernel
 *   eehlab inject --backend kernel --pe DOMAIN:PEADDR --freeze mmio|dma|both [--timeout S]
 *   eehlab inject --backend kernel --pe DOMAIN:PEADDR --hw FUNC [--type T] [--addr A] [--mask M]
 *   eehlab edu [--bdf DDDD:BB:DD.F] [--dma [--len N] [--seed S]]
 *   eehlab realguest OP ... (docs/tce-real.md)
 *   eehlab soak [--seconds N] [--iterations N] [--seed S] [-v] (docs/soak.md)
 *   eehlab help [KEYWORD | --markdown]
 *   eehlab --version | --help
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "backend.h"
#include "edu.h"
#include "exec.h"
#include "realguest.h"
#include "scenario.h"
#include "soak.h"
#include "vmmscript.h"

#ifndef EEHLAB_VERSION
#define EEHLAB_VERSION "0.0.0"
#endif

#define EXIT_USAGE 2

static void usage(FILE *out)
{
	fputs("usage: eehlab run [--backend NAME] [--seed N] [-D VAR=value]... [-v] FILE|DIR...\n"
	      "       eehlab run --compare A,B [--seed N] [-D VAR=value]... FILE|DIR...\n"
	      "       eehlab list [--backend model] [-D VAR=value]... FILE|DIR...\n"
	      "       eehlab list --backend kernel\n"
	      "       eehlab inject --backend kernel --pe DOMAIN:PEADDR --freeze mmio|dma|both\n"
	      "                     [--timeout SECONDS]\n"
	      "       eehlab inject --backend kernel --pe DOMAIN:PEADDR --hw FUNC [--type 0|1]\n"
	      "                     [--addr A] [--mask M] [--expect-firmware ANSWER]\n"
	      "       eehlab edu [--bdf DDDD:BB:DD.F] [--dma [--len N] [--seed S]]\n"
	      "       eehlab realguest take|put|indirect|stuff|fill|verify|dma|status|release ...\n"
	      "       eehlab vmm-script FILE.eeh\n"
	      "       eehlab soak [--seconds N] [--iterations N] [--seed S] [-v]\n"
	      "       eehlab help [KEYWORD | --markdown]\n"
	      "       eehlab --version | --help\n"
	      "\n"
	      "run    parse every scenario (*.eeh; directories are searched), then run\n"
	      "       them: KTAP on stdout; exit 0 passed, 1 failed, 4 all skipped,\n"
	      "       2 usage or parse error\n"
	      "list   parse and list the scenarios: name, steps, requires, description,\n"
	      "       and the tree of PHBs, PEs and functions each one builds on the\n"
	      "       model; with --backend kernel, the machine's real PHBs and PEs as\n"
	      "       the Linux EEH core sees them (exit 2: the module is not loaded)\n"
	      "inject freeze a real PE as its PHB would (test-only, QEMU powernv) and\n"
	      "       wait for the Linux EEH core's recovery: exit 0 recovered, 1 not,\n"
	      "       2 usage error or unknown PE; --hw: firmware's error injection\n"
	      "       (eeh_pe_inject_err) and its answer (eehlab inject --help)\n"
	      "edu    the module's edu driver: its devices' error handler calls and DMA\n"
	      "       round trips; --dma runs one: exit 0 ok, 1 failed, 2 usage error,\n"
	      "       refused or no device (eehlab edu --help)\n"
	      "realguest  a real PE's TCE table given to a module-side guest: its TCE\n"
	      "       hypercalls, the edu's DMA through them (eehlab realguest --help)\n"
	      "vmm-script  a scenario's TCE hypercalls, made on the model, as an\n"
	      "       eehlab-vmm script (docs/kvm-oracle.md): exit 0 written, 1 could\n"
	      "       not, 4 no hypercall to run\n"
	      "soak   random topologies and faults on the model, recovery after each,\n"
	      "       the invariants checked after every injection: exit 0 clean,\n"
	      "       1 a discrepancy, 2 usage error (eehlab soak --help)\n"
	      "help   the scenario keywords; one keyword; or the markdown reference\n"
	      "\n"
	      "  --backend NAME   where scenarios run (", out);
	{
		int i;

		for (i = 0; runner_backends[i]; i++)
			fprintf(out, "%s%s", i ? ", " : "", runner_backends[i]);
	}
	fputs("; default model)\n"
	      "  --compare A,B    run every scenario on backend A (the oracle), then on B,\n"
	      "                   and report each step whose outcome differs: KTAP, one\n"
	      "                   test per scenario; exit 0 no difference and every\n"
	      "                   scenario passed on A, 1 a difference or a failure on A\n"
	      "                   (even one B shares), 4 all skipped, 2 usage error\n"
	      "  --seed N         seed for buffer fill=random (default 0)\n"
	      "  -D VAR=value     set ${VAR} (before the environment)\n"
	      "  -v, --verbose    model log lines (kernel backend: its request and event\n"
	      "                   counts) as KTAP diagnostics\n", out);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("eehlab: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n\n", stderr);
	usage(stderr);
	return EXIT_USAGE;
}

/* ---- collecting scenario files ---- */

struct file_ent {
	char *path;
	char *name;
};

struct file_list {
	struct file_ent *v;
	int n, cap;
};

static void fl_add(struct file_list *fl, const char *path, const char *name)
{
	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 16;
		fl->v = realloc(fl->v, fl->cap * sizeof(*fl->v));
		if (!fl->v) {
			perror("eehlab");
			exit(1);
		}
	}
	fl->v[fl->n].path = strdup(path);
	fl->v[fl->n].name = strdup(name);
	if (!fl->v[fl->n].path || !fl->v[fl->n].name) {
		perror("eehlab");
		exit(1);
	}
	fl->n++;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct file_ent *)a)->path, ((const struct file_ent *)b)->path);
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n > e && !strcmp(name + n - e, ext);
}

/* Adds the *.eeh files below @dir; names relative to the top (@skip chars). */
static int walk(struct file_list *fl, const char *dir, size_t skip, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		fprintf(stderr, "eehlab: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (depth > 32) {
		closedir(d);
		fprintf(stderr, "eehlab: %s: directories nested too deeply\n", dir);
		return -1;
	}
	while ((de = readdir(d))) {
		struct stat st;
		char *path;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		len = strlen(dir) + strlen(de->d_name) + 2;
		path = malloc(len);
		if (!path) {
			closedir(d);
			return -1;
		}
		snprintf(path, len, "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(path, &st)) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (walk(fl, path, skip, depth + 1)) {
				free(path);
				closedir(d);
				return -1;
			}
		} else if (S_ISREG(st.st_mode) && has_ext(de->d_name, ".eeh")) {
			fl_add(fl, path, path + skip);
		}
		free(path);
	}
	closedir(d);
	return 0;
}

static int collect(struct file_list *fl, char **args, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *a = args[i];
		struct stat st;

		if (stat(a, &st)) {
			fprintf(stderr, "eehlab: %s: %s\n", a, strerror(errno));
			return -1;
		}
		if (S_ISDIR(st.st_mode)) {
			int first = fl->n;
			size_t skip = strlen(a);

			if (skip && a[skip - 1] != '/')
				skip++;
			if (walk(fl, a, skip, 0))
				return -1;
			if (fl->n == first) {
				fprintf(stderr, "eehlab: %s: no *.eeh scenarios\n", a);
				return -1;
			}
			qsort(fl->v + first, fl->n - first, sizeof(*fl->v), cmp_ent);
		} else {
			fl_add(fl, a, a);
		}
	}
	return 0;
}

static void fl_free(struct file_list *fl)
{
	int i;

	for (i = 0; i < fl->n; i++) {
		free(fl->v[i].path);
		free(fl->v[i].name);
	}
	free(fl->v);
}

/* Parses every file; 0 when all parsed. Errors go to stderr. */
static int parse_all(const struct file_list *fl, const struct sc_vars *vars,
		     struct scenario **out)
{
	struct scenario *scs = calloc(fl->n ? fl->n : 1, sizeof(*scs));
	char err[1024];
	int i, bad = 0;

	if (!scs) {
		perror("eehlab");
		exit(1);
	}
	for (i = 0; i < fl->n; i++) {
		if (sc_parse_file(fl->v[i].path, fl->v[i].name, vars, &scs[i], err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			bad++;
		}
	}
	if (bad) {
		for (i = 0; i < fl->n; i++)
			sc_free(&scs[i]);
		free(scs);
		return -1;
	}
	*out = scs;
	return 0;
}

static int add_define(struct sc_vars *vars, const char *def)
{
	const char *eq = strchr(def, '=');
	char name[256];
	size_t n, i;

	if (!eq || eq == def || (size_t)(eq - def) >= sizeof(name))
		return -1;
	n = eq - def;
	memcpy(name, def, n);
	name[n] = '\0';
	if (!((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z') ||
	      name[0] == '_'))
		return -1;
	for (i = 1; i < n; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '_'))
			return -1;
	sc_vars_set(vars, name, eq + 1);
	return 0;
}

static bool known_backend(const char *b)
{
	int i;

	for (i = 0; runner_backends[i]; i++)
		if (!strcmp(runner_backends[i], b))
			return true;
	return false;
}

/* "A,B": two known backends; 0, or a usage error (exit 2) */
static int parse_compare(const char *arg, char *a, char *b, size_t len)
{
	const char *comma = strchr(arg, ',');

	if (!comma || strchr(comma + 1, ',') || comma == arg || !comma[1] ||
	    (size_t)(comma - arg) >= len || strlen(comma + 1) >= len)
		return usage_error("--compare '%s': give exactly two backends, A,B "
				   "(for instance model,kernel)", arg);
	memcpy(a, arg, comma - arg);
	a[comma - arg] = 0;
	snprintf(b, len, "%s", comma + 1);
	if (!known_backend(a))
		return usage_error("--compare: unknown backend '%s'", a);
	if (!known_backend(b))
		return usage_error("--compare: unknown backend '%s'", b);
	return 0;
}

static int cmd_run_or_list(int argc, char **argv, bool run)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "compare", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "define", required_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts ro = { .backend = "model", .seed = 0, .verbose = false };
	struct sc_vars vars = { 0 };
	struct file_list fl = { 0 };
	struct scenario *scs = NULL;
	const char *compare = NULL, *backend_opt = NULL;
	char cmp_a[64] = "", cmp_b[64] = "";
	int c, rc, i;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, run ? "+:D:vh" : "+:D:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			ro.backend = backend_opt = optarg;
			break;
		case 'c':
			if (!run)
				goto bad_opt;
			compare = optarg;
			break;
		case 's': {
			char *end;

			if (!run)
				goto bad_opt;
			errno = 0;
			ro.seed = strtoull(optarg, &end, 0);
			if (!*optarg || *end || errno || optarg[0] == '-') {
				sc_vars_free(&vars);
				return usage_error("bad seed '%s'", optarg);
			}
			break;
		}
		case 'D':
			if (add_define(&vars, optarg)) {
				sc_vars_free(&vars);
				return usage_error("bad -D '%s' (expected VAR=value)", optarg);
			}
			break;
		case 'v':
			ro.verbose = true;
			break;
		case 'h':
			usage(stdout);
			sc_vars_free(&vars);
			return 0;
		case ':':
			sc_vars_free(&vars);
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
bad_opt:
			sc_vars_free(&vars);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (compare && backend_opt) {
		sc_vars_free(&vars);
		return usage_error("%s", "--compare and --backend exclude each other");
	}
	if (compare && parse_compare(compare, cmp_a, cmp_b, sizeof(cmp_a))) {
		sc_vars_free(&vars);
		return EXIT_USAGE;
	}
	if (!known_backend(ro.backend)) {
		sc_vars_free(&vars);
		return usage_error("unknown backend '%s'", ro.backend);
	}
	if (!run && !strcmp(ro.backend, "kernel")) {
		sc_vars_free(&vars);
		if (optind < argc)
			return usage_error("%s", "list --backend kernel lists the real PHBs: "
					   "it takes no scenario files");
		return list_kernel(stdout);
	}
	if (optind >= argc) {
		sc_vars_free(&vars);
		return usage_error("%s: no scenario files or directories given", argv[0]);
	}
	if (collect(&fl, argv + optind, argc - optind) ||
	    parse_all(&fl, &vars, &scs)) {
		fl_free(&fl);
		sc_vars_free(&vars);
		return EXIT_USAGE;
	}
	sc_vars_free(&vars);
	if (run) {
		fflush(stdout);
		if (compare)
			rc = runner_compare(scs, fl.n, &ro, runner_backend_lookup(cmp_a),
					    runner_backend_lookup(cmp_b), stdout);
		else
			rc = runner_run(scs, fl.n, &ro, stdout);
	} else {
		rc = list_model(scs, fl.n, &ro, stdout);
	}
	for (i = 0; i < fl.n; i++)
		sc_free(&scs[i]);
	free(scs);
	fl_free(&fl);
	return rc;
}

static int cmd_help(int argc, char **argv)
{
	char name[256] = "";
	size_t n = 0;
	int i;

	if (argc < 2) {
		kw_print_list(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--markdown")) {
		if (argc > 2)
			return usage_error("help --markdown takes no %s", "argument");
		kw_print_markdown(stdout);
		return 0;
	}
	if (argv[1][0] == '-')
		return usage_error("help: unknown option '%s'", argv[1]);
	/* "help expect value" or "help 'expect value'" */
	for (i = 1; i < argc; i++)
		n += snprintf(name + n, n < sizeof(name) ? sizeof(name) - n : 0, "%s%s",
			      i > 1 ? " " : "", argv[i]);
	if (kw_print_help(stdout, name)) {
		fprintf(stderr, "eehlab: no keyword '%s' (eehlab help lists them)\n", name);
		return EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("%s", "no command given");
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("eehlab %s\n", EEHLAB_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run_or_list(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "list"))
		return cmd_run_or_list(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "inject"))
		return inject_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "edu"))
		return edu_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "realguest"))
		return realguest_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "vmm-script"))
		return vmm_script_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "soak"))
		return soak_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "help"))
		return cmd_help(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		return usage_error("unknown option '%s'", argv[1]);
	return usage_error("unknown command '%s'", argv[1]);
}
