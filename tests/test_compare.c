// SPDX-License-Identifier: GPL-2.0-only
/*
 * Compare mode (runner_compare) with two in-process backends: the model
 * against itself, and the model against a copy of it perturbed in one
 * answer; plus the command line's --compare and --backend kernel (no
 * module on a test machine).
 */
#include <stdlib.h>
#include <limits.h>
#include "harness.h"
#include "output.h"
#include "exec.h"
#include "backend.h"

/* A PHB4, two leaf PEs: nic (0000:01:00.0, PE 0:1fd), disk (0000:02:00.0, PE 0:1fc) */
#define TOPO \
	"phb 0 model=phb4\n" \
	"rootport rp0 phb=0\n" \
	"rootport rp1 phb=0\n" \
	"device nic parent=rp0 type=edu\n" \
	"device disk parent=rp1 type=edu\n"

/* t1.eeh: line 6 reads the edu id register at offset 0 */
static const char *const texts[] = {
	TOPO
	"mmio-read nic off=0\n"
	"expect value 0x010000ed\n"
	"freeze nic\n"
	"expect state nic frozen\n"
	"mmio-read nic off=4\n"
	"expect value 0xffffffff\n",
	TOPO
	"freeze disk\n"
	"expect frozen disk\n"
	"check disk\n"
	"recover\n"
	"expect result disk recovered\n",
};



static int count(const char *hay, const char *needle)
{
	int n = 0;

	while (hay && (hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static int parse(const char *const *t, int n, struct scenario *scs)
{
	char err[512], name[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "t%d.eeh", i + 1);
		if (sc_parse_string(name, t[i], NULL, &scs[i], err, sizeof(err))) {
			printf("# parse error: %s\n", err);
			fflush(stdout);
			_exit(1);
		}
	}
	return n;
}

static int compare(const char *const *t, int n, const struct backend_ops *a,
		   const struct backend_ops *b)
{
	struct run_opts o = { .backend = "model", .seed = 3 };
	struct scenario scs[8];
	size_t len = 0;
	FILE *f;
	int i, rc;

	parse(t, n, scs);
	free(out_text);
	out_text = NULL;
	f = open_memstream(&out_text, &len);
	if (!f)
		_exit(1);
	rc = runner_compare(scs, n, &o, a, b, f);
	fclose(f);
	for (i = 0; i < n; i++)
		sc_free(&scs[i]);
	return rc;
}

/* The model, but the edu id register reads one bit off. */
static struct backend_ops perturbed;

static int perturbed_mmio_read(struct backend *b, const struct be_dev *d, int bar, u64 off,
			       int size, bool detect, u64 *val, struct eeh_msg *msg)
{
	int rc = backend_model_ops.mmio_read(b, d, bar, off, size, detect, val, msg);

	if (!rc && off == 0)
		*val ^= 1;
	return rc;
}

/* The model, but every refused injection says something else. */
static int perturbed_inject(struct backend *b, const struct eeh_inj_req *req,
			    struct eeh_inj_result *res, struct eeh_msg *msg)
{
	int rc = backend_model_ops.inject(b, req, res, msg);

	if (rc)
		return eeh_msg_set(msg, rc, "perturbed refusal");
	return rc;
}

static const struct backend_ops *perturb(void)
{
	perturbed = backend_model_ops;
	perturbed.name = "perturbed";
	perturbed.mmio_read = perturbed_mmio_read;
	perturbed.inject = perturbed_inject;
	return &perturbed;
}

TEST(model_against_itself_agrees)
{
	EXPECT_EQ(compare(texts, 2, &backend_model_ops, &backend_model_ops), 0);
	HAS("KTAP version 1\n1..2\n");
	HAS("# eehlab " );
	HAS("compare model (the oracle) with model, seed 3\n");
	HAS("\nok 1 t1.eeh\n");
	HAS("\nok 2 t2.eeh\n");
	/* 5 topology statements and the steps of each */
	HAS("\n# compare: 2 scenarios, 16 steps, 0 differences\n");
	HAS("\n# Totals: pass:2 fail:0 xfail:0 xpass:0 skip:0 error:0\n");
	HASNT("differs");
	/* no step-level KTAP of the recorded runs leaks out */
	HASNT("    ok ");
}

TEST(one_perturbed_answer_is_exactly_one_difference)
{
	const struct backend_ops *p = perturb();

	EXPECT_EQ(compare(texts, 2, &backend_model_ops, p), 1);
	HAS("\n# differs at t1.eeh:6: model: ok / perturbed: not ok: line 7: expect value "
	    "0x010000ed: saw 0x10000ec (device nic 0000:01:00.0, PE 0:1fd)\nnot ok 1 t1.eeh\n");
	HAS("\nok 2 t2.eeh\n");
	EXPECT_EQ(count(out_text, "differs at"), 1);
	HAS("\n# compare: 2 scenarios, 16 steps, 1 difference\n");
	HAS("\n# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0\n");
	/* the oracle's side is the first */
	EXPECT_EQ(compare(texts, 1, p, &backend_model_ops), 1);
	HAS("# differs at t1.eeh:6: perturbed: not ok: line 7: expect value 0x010000ed: "
	    "saw 0x10000ec (device nic 0000:01:00.0, PE 0:1fd) / model: ok\n");
}

TEST(a_different_refusal_text_differs)
{
	const char *t = TOPO "freeze 0:7\nexpect error EINVAL message=\"PE#7 is not in use\"\n"
			"freeze 0:8\nexpect error EINVAL\n";

	EXPECT_EQ(compare(&t, 1, &backend_model_ops, &backend_model_ops), 0);
	EXPECT_EQ(compare(&t, 1, &backend_model_ops, perturb()), 1);
	/* the errno alone (line 8) matches on both */
	EXPECT_EQ(count(out_text, "differs at"), 1);
	HAS("# differs at t1.eeh:6: model: ok / perturbed: not ok: line 7: expect error EINVAL "
	    "message=\"PE#7 is not in use\": ");
}

TEST(identical_failures_are_no_difference_but_fail_the_run)
{
	const char *t = TOPO "mmio-read nic off=0\nexpect value 0x1\n";

	EXPECT_EQ(compare(&t, 1, &backend_model_ops, &backend_model_ops), 1);
	HAS("\n# t1.eeh fails on both backends alike\nok 1 t1.eeh\n");
	HAS("\n# compare: 1 scenario, 6 steps, 0 differences\n");
	HAS("\n# compare: 1 scenario failed on the oracle model\n");
}

TEST(requires_skip_is_not_compared)
{
	const char *t = "requires backend=model\n" TOPO "mmio-read nic\n";

	EXPECT_EQ(compare(&t, 1, &backend_model_ops, perturb()), 4);
	HAS("\nok 1 t1.eeh # SKIP perturbed: requires backend=model (running on backend "
	    "perturbed)\n");
	HAS("\n# compare: 0 scenarios, 0 steps, 0 differences\n");
}

TEST(setup_failure_skips_compare_alike)
{
	const char *t = "phb 9 model=phb4\n" "rootport rp0 phb=9\n" "mmio-read rp0\n";

	EXPECT_EQ(compare(&t, 1, &backend_model_ops, &backend_model_ops), 1);
	HAS("\nok 1 t1.eeh\n");
	HAS("\n# compare: 1 scenario, 3 steps, 0 differences\n");
}

TEST(kernel_backend_is_known)
{
	EXPECT_TRUE(runner_backend_known("kernel"));
	EXPECT_TRUE(runner_backend_lookup("kernel") != NULL);
	EXPECT_STREQ(runner_backend_lookup("kernel")->name, "kernel");
	EXPECT_TRUE(runner_backend_lookup("kernel")->caps & BE_CAP_DATA_PATH);
	EXPECT_STREQ(runner_backend_lookup("model")->name, "model");
	EXPECT_TRUE(runner_backend_lookup("nonesuch") == NULL);
}

/* Every operation of the kernel backend is there (those of emulated
 * PHBs; real PEs have their own table, which has every operation but the
 * guests' and the invariants). */
TEST(kernel_backend_has_every_op)
{
	const struct backend_ops *k = runner_backend_lookup("kernel");
	const void *const *p = (const void *const *)((const char *)k +
						      offsetof(struct backend_ops, open));
	const void *const *end = (const void *const *)((const char *)k +
							offsetof(struct backend_ops, real));

	ASSERT_TRUE(k != NULL);
	for (; p < end; p++)
		EXPECT_TRUE(*p != NULL);
	ASSERT_TRUE(k->real != NULL);
	p = (const void *const *)((const char *)k->real + offsetof(struct backend_ops, open));
	end = (const void *const *)((const char *)k->real +
				    offsetof(struct backend_ops, guest_create));
	for (; p < end; p++)
		EXPECT_TRUE(*p != NULL);
	EXPECT_TRUE(k->real->real_add != NULL);
	EXPECT_TRUE(k->real->force_recover != NULL);
	EXPECT_TRUE(k->force_recover == NULL);
	EXPECT_TRUE(k->real->usable != NULL);
	EXPECT_TRUE(k->real->caps & BE_CAP_REAL_PHB);
	EXPECT_FALSE(k->caps & BE_CAP_REAL_PHB);
}

#define NOT_LOADED "the eehlab kernel module is not loaded (no generic netlink family \"eehlab\")"

TEST(kernel_backend_without_the_module)
{
	struct run_opts o = { .backend = "kernel" };
	struct scenario sc;
	const char *t = TOPO "mmio-read nic\n";
	size_t len = 0;
	FILE *f;
	int rc;

	parse(&t, 1, &sc);
	free(out_text);
	out_text = NULL;
	f = open_memstream(&out_text, &len);
	ASSERT_TRUE(f != NULL);
	rc = runner_run(&sc, 1, &o, f);
	fclose(f);
	sc_free(&sc);
	if (!strstr(out_text, "not loaded") && strstr(out_text, "\nok 1 t1.eeh"))
		SKIP("the eehlab module is loaded here");
	EXPECT_EQ(rc, 1);
	HAS("\n# backend kernel: " NOT_LOADED "\nnot ok 1 t1.eeh\n");

	/* compare model,kernel: the open failure is the difference */
	EXPECT_EQ(compare(&t, 1, &backend_model_ops, runner_backend_lookup("kernel")), 1);
	HAS("\n# differs at t1.eeh: model: opened / kernel: backend kernel: " NOT_LOADED
	    "\nnot ok 1 t1.eeh\n");
}

/* ---- the command line: build/.../eehlab beside build/.../tests/ ---- */

static char eehlab[PATH_MAX];
static char tests_dir[PATH_MAX];	/* scratch files go beside the tests */

static bool find_eehlab(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return false;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return false;
	*slash = 0;	/* .../tests */
	snprintf(tests_dir, sizeof(tests_dir), "%s", self);
	slash = strrchr(self, '/');
	if (!slash)
		return false;
	*slash = 0;
	if (snprintf(eehlab, sizeof(eehlab), "%s/eehlab", self) >= (int)sizeof(eehlab))
		return false;
	return access(eehlab, X_OK) == 0;
}

/* Run "eehlab ARGS" with a scenario file; exit code, output in out_text. */
static int cli(const char *args)
{
	char dir[PATH_MAX], cmd[PATH_MAX * 2], path[PATH_MAX + 16];
	FILE *f, *p;
	size_t len = 0;
	int st;

	if (snprintf(dir, sizeof(dir), "%s/compare-XXXXXX", tests_dir) >= (int)sizeof(dir) ||
	    !mkdtemp(dir))
		return -1;
	if (snprintf(path, sizeof(path), "%s/t.eeh", dir) >= (int)sizeof(path))
		return -1;
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(TOPO "mmio-read nic off=0\nexpect value 0x010000ed\n", f);
	fclose(f);
	if (snprintf(cmd, sizeof(cmd), "'%s' %s '%s' 2>&1", eehlab, args, dir) >=
	    (int)sizeof(cmd))
		return -1;
	free(out_text);
	out_text = NULL;
	f = open_memstream(&out_text, &len);
	p = popen(cmd, "r");
	if (!f || !p)
		return -1;
	while ((st = fgetc(p)) != EOF)
		fputc(st, f);
	fclose(f);
	st = pclose(p);
	unlink(path);
	rmdir(dir);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(cli_compare_arguments)
{
	if (!find_eehlab())
		SKIP("no eehlab binary beside the tests");
	EXPECT_EQ(cli("run --compare model,model"), 0);
	HAS("\nok 1 t.eeh\n");
	HAS("# compare: 1 scenario, 6 steps, 0 differences\n");
	EXPECT_EQ(cli("run --compare model"), 2);
	HAS("eehlab: --compare 'model': give exactly two backends, A,B (for instance "
	    "model,kernel)\n");
	EXPECT_EQ(cli("run --compare model,kernel,model"), 2);
	HAS("give exactly two backends");
	EXPECT_EQ(cli("run --compare model,"), 2);
	EXPECT_EQ(cli("run --compare model,nonesuch"), 2);
	HAS("eehlab: --compare: unknown backend 'nonesuch'\n");
	EXPECT_EQ(cli("run --compare nonesuch,model"), 2);
	HAS("eehlab: --compare: unknown backend 'nonesuch'\n");
	EXPECT_EQ(cli("run --compare model,model --backend model"), 2);
	HAS("--compare and --backend exclude each other");
	EXPECT_EQ(cli("list --compare model,model"), 2);
}

TEST(cli_kernel_backend_without_the_module)
{
	int rc;

	if (!find_eehlab())
		SKIP("no eehlab binary beside the tests");
	rc = cli("run --backend kernel");
	if (!strstr(out_text, "not loaded") && rc == 0)
		SKIP("the eehlab module is loaded here");
	EXPECT_EQ(rc, 1);
	HAS("# backend kernel: " NOT_LOADED "\nnot ok 1 t.eeh\n");
	rc = cli("run --compare model,kernel");
	EXPECT_EQ(rc, 1);
	HAS("# differs at ");
	HAS("t.eeh: model: opened / kernel: backend kernel: " NOT_LOADED "\n");
	HAS("# compare: 1 scenario, 0 steps, 1 difference\n");
}
