/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small kselftest-style harness for eehlab's unit tests.
 *
 *   TEST(name) { ASSERT_EQ(1, f()); EXPECT_STREQ("x", s); }
 *
 * Each test runs in a forked child, so a crash or a sanitizer abort is a
 * "not ok" for that test and the others still run. Output is KTAP:
 * "ok N name", "not ok N name", "ok N name # SKIP reason", then
 * "# Totals: pass:P fail:F skip:S". Exit code 0 (all passed), 1 (any
 * failure), 4 (everything skipped), as kselftest.
 *
 * ASSERT_* stops the test at the first failure; EXPECT_* records it and
 * goes on. Every failure prints file:line, the expression and the values.
 */
#ifndef EEHLAB_TEST_HARNESS_H
#define EEHLAB_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <unistd.h>
#include <sys/wait.h>

struct th_test {
	const char *name;
	void (*fn)(void);
};

#define TH_MAX_TESTS 512
static struct th_test th_tests[TH_MAX_TESTS];
static int th_ntests;
static int th_failed;		/* in the child: this test failed */
static char th_skip_reason[256] __attribute__((unused));

static inline void th_register(const char *name, void (*fn)(void))
{
	if (th_ntests >= TH_MAX_TESTS) {
		fprintf(stderr, "harness: more than %d tests\n", TH_MAX_TESTS);
		exit(1);
	}
	th_tests[th_ntests].name = name;
	th_tests[th_ntests].fn = fn;
	th_ntests++;
}

#define TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void th_reg_##name(void)	\
	{ th_register(#name, name); }					\
	static void name(void)

#define TH_FAIL_AT(fatal, ...) do {					\
	printf("# %s:%d: ", __FILE__, __LINE__);			\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
	th_failed = 1;							\
	if (fatal)							\
		_exit(1);						\
} while (0)

#define TH_CMP_INT(fatal, a, op, b) do {				\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (!(_a op _b))						\
		TH_FAIL_AT(fatal, "%s %s %s: %lld (0x%llx) vs %lld (0x%llx)", \
			   #a, #op, #b, _a, (unsigned long long)_a, _b,	\
			   (unsigned long long)_b);			\
} while (0)

#define TH_CMP_U64(fatal, a, op, b) do {				\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (!(_a op _b))						\
		TH_FAIL_AT(fatal, "%s %s %s: 0x%llx vs 0x%llx",		\
			   #a, #op, #b, _a, _b);			\
} while (0)

#define ASSERT_EQ(a, b)		TH_CMP_INT(1, a, ==, b)
#define ASSERT_NE(a, b)		TH_CMP_INT(1, a, !=, b)
#define ASSERT_LT(a, b)		TH_CMP_INT(1, a, <, b)
#define ASSERT_LE(a, b)		TH_CMP_INT(1, a, <=, b)
#define ASSERT_GT(a, b)		TH_CMP_INT(1, a, >, b)
#define ASSERT_GE(a, b)		TH_CMP_INT(1, a, >=, b)
#define EXPECT_EQ(a, b)		TH_CMP_INT(0, a, ==, b)
#define EXPECT_NE(a, b)		TH_CMP_INT(0, a, !=, b)
#define EXPECT_LT(a, b)		TH_CMP_INT(0, a, <, b)
#define EXPECT_GE(a, b)		TH_CMP_INT(0, a, >=, b)
#define ASSERT_EQ_U64(a, b)	TH_CMP_U64(1, a, ==, b)
#define EXPECT_EQ_U64(a, b)	TH_CMP_U64(0, a, ==, b)
#define ASSERT_TRUE(x)		do { if (!(x)) TH_FAIL_AT(1, "expected true: %s", #x); } while (0)
#define ASSERT_FALSE(x)		do { if (x) TH_FAIL_AT(1, "expected false: %s", #x); } while (0)
#define EXPECT_TRUE(x)		do { if (!(x)) TH_FAIL_AT(0, "expected true: %s", #x); } while (0)
#define EXPECT_FALSE(x)		do { if (x) TH_FAIL_AT(0, "expected false: %s", #x); } while (0)
#define ASSERT_NOT_NULL(p)	do { if (!(p)) TH_FAIL_AT(1, "expected non-NULL: %s", #p); } while (0)
#define ASSERT_NULL(p)		do { if (p) TH_FAIL_AT(1, "expected NULL: %s", #p); } while (0)

#define TH_CMP_STR(fatal, a, b) do {					\
	const char *_a = (a), *_b = (b);				\
	if (!_a || !_b || strcmp(_a, _b))				\
		TH_FAIL_AT(fatal, "%s == %s: \"%s\" vs \"%s\"", #a, #b,	\
			   _a ? _a : "(null)", _b ? _b : "(null)");	\
} while (0)
#define ASSERT_STREQ(a, b)	TH_CMP_STR(1, a, b)
#define EXPECT_STREQ(a, b)	TH_CMP_STR(0, a, b)

/* Substring check, for error messages. */
#define TH_HAS_STR(fatal, hay, needle) do {				\
	const char *_h = (hay), *_n = (needle);				\
	if (!_h || !strstr(_h, _n))					\
		TH_FAIL_AT(fatal, "%s does not contain \"%s\": \"%s\"",	\
			   #hay, _n, _h ? _h : "(null)");		\
} while (0)
#define ASSERT_HAS(hay, needle)	TH_HAS_STR(1, hay, needle)
#define EXPECT_HAS(hay, needle)	TH_HAS_STR(0, hay, needle)

/* Skip the running test with a reason (exit code 4 in the child). */
#define SKIP(...) do {							\
	snprintf(th_skip_reason, sizeof(th_skip_reason), __VA_ARGS__);	\
	printf("#SKIP# %s\n", th_skip_reason);				\
	fflush(stdout);							\
	_exit(4);							\
} while (0)

static inline int th_run_one(int idx)
{
	const struct th_test *t = &th_tests[idx];
	int pipefd[2], status = 0;
	char reason[256] = "";
	pid_t pid;

	fflush(stdout);
	if (pipe(pipefd)) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		/* the child's stdout goes through the pipe so SKIP reasons
		 * can be picked out; diagnostics are passed on as they are */
		dup2(pipefd[1], 1);
		th_failed = 0;
		t->fn();
		fflush(stdout);
		/* exit, not _exit: LeakSanitizer checks at exit */
		exit(th_failed ? 1 : 0);
	}
	close(pipefd[1]);
	{
		FILE *in = fdopen(pipefd[0], "r");
		char line[1024];

		while (in && fgets(line, sizeof(line), in)) {
			if (!strncmp(line, "#SKIP# ", 7)) {
				snprintf(reason, sizeof(reason), "%.200s", line + 7);
				reason[strcspn(reason, "\n")] = 0;
				continue;
			}
			fputs(line, stdout);
		}
		if (in)
			fclose(in);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 4) {
		printf("ok %d %s # SKIP %s\n", idx + 1, t->name, reason);
		return 4;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok %d %s\n", idx + 1, t->name);
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("# %s: killed by signal %d\n", t->name, WTERMSIG(status));
	printf("not ok %d %s\n", idx + 1, t->name);
	return 1;
}

int main(int argc, char **argv)
{
	int pass = 0, fail = 0, skip = 0, i;
	const char *only = argc > 1 ? argv[1] : NULL;

	printf("TAP version 13\n");
	printf("1..%d\n", th_ntests);
	for (i = 0; i < th_ntests; i++) {
		int rc;

		if (only && strcmp(only, th_tests[i].name)) {
			printf("ok %d %s # SKIP not selected\n", i + 1, th_tests[i].name);
			skip++;
			continue;
		}
		rc = th_run_one(i);
		if (rc == 0)
			pass++;
		else if (rc == 4)
			skip++;
		else
			fail++;
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       pass, fail, skip);
	if (fail)
		return 1;
	if (!pass && skip)
		return 4;
	return 0;
}

#endif /* EEHLAB_TEST_HARNESS_H */
