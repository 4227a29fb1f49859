// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario parser and the keyword table: exact error messages for
 * malformed input, parsed values of well-formed input, the table's
 * completeness, and robustness against garbage.
 */
/* harness.h: a SKIP reason copy trips -Wformat-truncation at -O2 */
#include "harness.h"
#include <errno.h>
#include <sys/stat.h>
#include "scenario.h"

/* Four lines of topology most cases start with */
#define TOPO "phb 0 model=phb4\n"		\
	     "rootport rp0 phb=0\n"		\
	     "rootport rp1 phb=0\n"		\
	     "device nic parent=rp0 type=edu\n"

struct bad_case {
	const char *text;
	const char *err;
};

static const struct bad_case bad_cases[] = {
	{ TOPO "injct nic func=LD_MEM_ADDR\n",
	  "t.eeh:5: unknown keyword 'injct' (did you mean 'inject'?)" },
	{ TOPO "value 3\n",
	  "t.eeh:5: unknown keyword 'value' (did you mean 'expect value'?)" },
	{ TOPO "frobnicate nic\n",
	  "t.eeh:5: unknown keyword 'frobnicate' (see 'eehlab help')" },
	{ TOPO "mmio-read nic\nexpect vlaue 3\n",
	  "t.eeh:6: unknown expectation 'vlaue' (did you mean 'expect value'?)" },
	{ TOPO "mmio-read nic\nexpect\n",
	  "t.eeh:6: 'expect' needs an expectation (expect ok, expect value V, ...)" },
	{ TOPO "mmio-read nic of=4\n",
	  "t.eeh:5: unknown argument 'of' for 'mmio-read' (did you mean 'off'?)" },
	{ TOPO "recover zzzz=1\n",
	  "t.eeh:5: unknown argument 'zzzz' for 'recover'" },
	{ TOPO "mmio-write nic off=4\n",
	  "t.eeh:5: missing required argument 'value' for 'mmio-write'" },
	{ TOPO "mmio-read nic\nexpect result\n",
	  "t.eeh:6: missing required argument 'pe' for 'expect result'" },
	{ TOPO "mmio-read nic size=3x\n",
	  "t.eeh:5: argument 'size': '3x' is not a number" },
	{ TOPO "mmio-write nic value=0x1ffffffffffffffff\n",
	  "t.eeh:5: argument 'value': '0x1ffffffffffffffff' is out of range (more than 64 bits)" },
	{ TOPO "mmio-write nic value=-1\n",
	  "t.eeh:5: argument 'value': '-1' is not a number" },
	{ TOPO "mmio-write nic value=099\n",
	  "t.eeh:5: argument 'value': '099' is not a number" },
	{ TOPO "freeze nic which=all\n",
	  "t.eeh:5: argument 'which': 'all' is not one of both, mmio, dma" },
	{ TOPO "mmio-read nic detect=maybe\n",
	  "t.eeh:5: argument 'detect': 'maybe' is not yes or no" },
	{ TOPO "wait 5\n",
	  "t.eeh:5: argument 'time': '5' needs a unit (ms, s, m or h)" },
	{ TOPO "wait 5d\n",
	  "t.eeh:5: argument 'time': '5d' is not a duration (a number with ms, s, m or h)" },
	{ TOPO "window nic size=2Q\n",
	  "t.eeh:5: argument 'size': '2Q' is not a size (a number, optionally with K, M, G or T)" },
	{ TOPO "window nic size=99999999999T\n",
	  "t.eeh:5: argument 'size': '99999999999T' is out of range" },
	{ TOPO "device nic parent=rp1 type=edu\n",
	  "t.eeh:5: duplicate name 'nic' (first defined at t.eeh:4)" },
	{ TOPO "buffer rp1 size=4K\n",
	  "t.eeh:5: duplicate name 'rp1' (first defined at t.eeh:3)" },
	{ TOPO "phb 0 model=phb3\n",
	  "t.eeh:5: duplicate phb 0 (first defined at t.eeh:1)" },
	{ TOPO "mmio-read nc\n",
	  "t.eeh:5: unknown device 'nc'" },
	{ TOPO "mmio-read nic.1\n",
	  "t.eeh:5: unknown device 'nic.1'" },
	{ TOPO "check disk\ndevice disk parent=rp1 type=edu\n",
	  "t.eeh:5: unknown device 'disk'" },
	{ "expect ok\n",
	  "t.eeh:1: expect before any step" },
	{ "description \"x\"\n\nexpect ok\n",
	  "t.eeh:3: expect before any step" },
	{ TOPO "mmio-read nic\ndevice d2 parent=rp1 type=edu\n",
	  "t.eeh:6: topology is fixed after enumeration (device after the first step)" },
	{ TOPO "enumerate\nphb 1 model=phb3\n",
	  "t.eeh:6: topology is fixed after enumeration (phb after the first step)" },
	{ TOPO "mmio-read nic\nenumerate\n",
	  "t.eeh:6: enumerate must come before every other step" },
	{ TOPO "description \"abc\n",
	  "t.eeh:5: unterminated quote" },
	{ TOPO "mmio-read nic\nexpect error EIO message=\"x \\\" y\n",
	  "t.eeh:6: unterminated quote" },
	{ TOPO "mmio-read ${EEHLAB_TEST_NOT_SET}\n",
	  "t.eeh:5: undefined variable 'EEHLAB_TEST_NOT_SET' (set it with -D EEHLAB_TEST_NOT_SET=VALUE or in the environment)" },
	{ TOPO "mmio-read ${1X}\n",
	  "t.eeh:5: bad variable name '1X'" },
	{ TOPO "mmio-read ${NIC\n",
	  "t.eeh:5: unterminated '${' (a variable is written ${NAME})" },
	{ TOPO "mmio-read 00:zz.0\n",
	  "t.eeh:5: '00:zz.0' is not a BDF (DDDD:BB:DD.F or BB:DD.F)" },
	{ TOPO "mmio-read 0000:00:20.0\n",
	  "t.eeh:5: '0000:00:20.0' is not a BDF (DDDD:BB:DD.F or BB:DD.F)" },
	{ TOPO "freeze 0:xyz\n",
	  "t.eeh:5: argument 'pe': '0:xyz' is not a PE (PHB:PE in hex, or a device)" },
	{ TOPO "freeze 0:12345\n",
	  "t.eeh:5: argument 'pe': '0:12345' is not a PE (PHB:PE in hex, or a device)" },
	{ TOPO "fence x\n",
	  "t.eeh:5: argument 'phb': 'x' is not a PHB index (0 to 65535)" },
	{ TOPO "rootport rp9 phb=3\n",
	  "t.eeh:5: unknown phb 3" },
	{ TOPO "map nic ioba=0 host=buf\n",
	  "t.eeh:5: unknown buffer 'buf'" },
	{ TOPO "map nic ioba=0 host=nic\n",
	  "t.eeh:5: 'nic' is a device, not a buffer" },
	{ TOPO "buffer b size=4K\ncheck b\n",
	  "t.eeh:6: 'b' is a buffer, not a device" },
	{ TOPO "map nic ioba=0 host=+4\n",
	  "t.eeh:5: argument 'host': '+4' is not an address (a number, BUFFER or BUFFER+OFFSET)" },
	{ TOPO "mmio-read nic off=1 off=2\n",
	  "t.eeh:5: argument 'off' given twice" },
	{ TOPO "recover now\n",
	  "t.eeh:5: unexpected argument 'now' for 'recover' (it takes none)" },
	{ TOPO "check nic nic\n",
	  "t.eeh:5: unexpected argument 'nic' for 'check' (name the arguments: NAME=VALUE)" },
	{ TOPO "mmio-read nic =4\n",
	  "t.eeh:5: missing argument name before '=' in '=4'" },
	{ TOPO "buffer 9b size=4K\n",
	  "t.eeh:5: argument 'name': '9b' is not a valid name (a letter or '_', then letters, digits, '_' or '-')" },
	{ TOPO "device d2 parent=nic type=edu\n",
	  "t.eeh:5: parent 'nic' is not a port (a root port or a switch downstream port)" },
	{ TOPO "switch sw parent=rp1\ndevice d2 parent=sw type=plain\n",
	  "t.eeh:6: parent 'sw' is a switch's upstream port: use its downstream ports, sw.0, sw.1, ..." },
	{ TOPO "device d2 parent=rp1 type=edu functions=2\nmmio-read d2.2\n",
	  "t.eeh:6: unknown device 'd2.2'" },
	{ TOPO "switch sw parent=rp1 ports=40\ndevice d2 parent=sw.32 type=edu\n",
	  "t.eeh:6: unknown device 'sw.32'" },
	{ TOPO "mmio-read nic size=4K\n",
	  "t.eeh:5: argument 'size': '4K' is not a number" },
	{ TOPO "device d2 parent=rp1 type=nvme\n",
	  "t.eeh:5: argument 'type': 'nvme' is not one of edu, plain" },
	{ "requires realphb\n",
	  "t.eeh:1: unknown need 'realphb' (backend=NAME, real-phb, data-path, root or env=VAR)" },
	{ "description a\ndescription b\n",
	  "t.eeh:2: description given twice (first at t.eeh:1)" },
	{ TOPO "mmio-read nic\nexpect error EWHAT\n",
	  "t.eeh:6: argument 'errno': unknown errno name 'EWHAT'" },
	{ TOPO "inject nic func=LD_MEM\n",
	  "t.eeh:5: argument 'func': unknown error function 'LD_MEM' (LD_MEM_ADDR ... DMA_WR_TARGET, or 0-19)" },
	{ TOPO "buffer b size=4K\nexpect memory b\n",
	  "t.eeh:6: expect memory needs exactly one of unchanged, pattern= or bytes=" },
	{ TOPO "buffer b size=4K\nexpect memory b unchanged pattern=1\n",
	  "t.eeh:6: expect memory needs exactly one of unchanged, pattern= or bytes=" },
	{ TOPO "buffer b size=4K\nexpect memory b bytes=abc\n",
	  "t.eeh:6: argument 'bytes': 'abc' is not bytes in hex (two digits a byte)" },
	{ TOPO "buffer b size=4K fill=0x100\n",
	  "t.eeh:5: argument 'fill': '0x100' is not a byte value or random" },
	{ TOPO "mmio-read nic\nexpect frozen none nic\n",
	  "t.eeh:6: 'none' cannot be listed with PEs" },
	{ TOPO "mmio-read nic\nexpect frozen nic ghost\n",
	  "t.eeh:6: unknown device 'ghost'" },
	{ TOPO "recover\nexpect callbacks nic \"error_detected(frozen resume\"\n",
	  "t.eeh:6: 'error_detected(frozen' is not a callback (a name, or error_detected(STATE))" },
	{ TOPO "recover\nexpect counter nic\n",
	  "t.eeh:6: expect counter needs at least one of dma-blocked=, stores-dropped=, loads-ones=" },
	/* a continued statement is reported at its first line */
	{ TOPO "mmio-read nic \\\n    off=zz\n",
	  "t.eeh:5: argument 'off': 'zz' is not a number" },
	/* after a continued statement, lines are still counted right */
	{ TOPO "mmio-read nic \\\n    off=4\nmmio-read nic off=zz\n",
	  "t.eeh:7: argument 'off': 'zz' is not a number" },
	/* a '#' inside quotes is not a comment */
	{ TOPO "mmio-read nic\nexpect error EIO message=\"# x\" bogus=1\n",
	  "t.eeh:6: unknown argument 'bogus' for 'expect error'" },
	/* a race needs two hypercalls that write, of one guest, next */
	{ TOPO "guest vm1\nassign nic guest=vm1\nrace rounds=10\nh-put-tce vm1 nic ioba=0 tce=0\n"
	  "mmio-read nic\n",
	  "t.eeh:7: race: the next two steps must be h-put-tce, h-put-tce-indirect or h-stuff-tce; "
	  "the second is mmio-read" },
	{ TOPO "guest vm1\nassign nic guest=vm1\nrace\nh-get-tce vm1 nic ioba=0\n",
	  "t.eeh:7: race: the next two steps must be h-put-tce, h-put-tce-indirect or h-stuff-tce; "
	  "the first is h-get-tce" },
	{ TOPO "guest vm1\nassign nic guest=vm1\nrace\nh-put-tce vm1 nic ioba=0 tce=0\n",
	  "t.eeh:7: race: the next two steps must be h-put-tce, h-put-tce-indirect or h-stuff-tce; "
	  "the scenario ends before them" },
	{ TOPO "guest vm1\nguest vm2\nrace\nh-put-tce vm1 nic ioba=0 tce=0\n"
	  "h-stuff-tce vm2 nic ioba=0 tce=0 count=1\n",
	  "t.eeh:7: race: the two calls are vm1's and vm2's; one guest races" },
	/* words shown in messages are cut and made printable */
	{ TOPO "\x01\x02zz\n",
	  "t.eeh:5: unknown keyword '??zz' (see 'eehlab help')" },
};

static int parse(const char *text, struct scenario *sc, char *err, size_t n)
{
	struct sc_vars none = { 0 };

	return sc_parse_string("t.eeh", text, &none, sc, err, n);
}

TEST(malformed_inputs_give_exact_errors)
{
	size_t i, n = sizeof(bad_cases) / sizeof(bad_cases[0]);

	ASSERT_GE(n, 35);
	unsetenv("EEHLAB_TEST_NOT_SET");
	for (i = 0; i < n; i++) {
		struct scenario sc;
		char err[512] = "";
		int rc = parse(bad_cases[i].text, &sc, err, sizeof(err));

		if (rc != -1 || strcmp(err, bad_cases[i].err)) {
			printf("# case %zu: rc %d\n#   want: %s\n#   got:  %s\n", i, rc,
			       bad_cases[i].err, err);
			th_failed = 1;
		}
		if (!rc)
			sc_free(&sc);
	}
}

/* A small tree of files in a temporary directory */
static char tmpdir[64];

static void mk_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/eehlab-parser-XXXXXX");
	if (!mkdtemp(tmpdir))
		TH_FAIL_AT(1, "mkdtemp: %s", strerror(errno));
}

static void put_file(const char *rel, const char *text)
{
	char path[256];
	FILE *f;
	char *slash;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0755);
	*slash = '/';
	f = fopen(path, "w");
	if (!f)
		TH_FAIL_AT(1, "fopen %s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static void rm_tmpdir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		printf("# cleanup of %s failed\n", tmpdir);
}

static int parse_path(const char *rel, struct scenario *sc, char *err, size_t n)
{
	char path[256];
	struct sc_vars none = { 0 };

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	return sc_parse_file(path, rel, &none, sc, err, n);
}

static void expect_err(const char *rel, const char *fmt_want)
{
	struct scenario sc;
	char err[512] = "", want[512];
	int rc;

	/* fmt_want holds "%1$s" for the directory, as often as needed */
	snprintf(want, sizeof(want), fmt_want, tmpdir, tmpdir, tmpdir, tmpdir);
	rc = parse_path(rel, &sc, err, sizeof(err));
	if (rc != -1 || strcmp(err, want)) {
		printf("# %s: rc %d\n#   want: %s\n#   got:  %s\n", rel, rc, want, err);
		th_failed = 1;
	}
	if (!rc)
		sc_free(&sc);
}

TEST(include_errors_name_the_included_file)
{
	char buf[64];
	int i;

	mk_tmpdir();
	put_file("lib/topo.inc", TOPO);
	put_file("lib/bad.inc", "# a fragment\nphb 1 model=phb5\n");
	put_file("s/bad.eeh", "description x\ninclude \"../lib/bad.inc\"\n");
	expect_err("s/bad.eeh",
		   "%s/lib/bad.inc:2: argument 'model': 'phb5' is not one of phb3, phb4");

	/* an error after the include is back in the including file */
	put_file("s/after.eeh", "include \"../lib/topo.inc\"\n\nmmio-read nc\n");
	expect_err("s/after.eeh", "%s/s/after.eeh:3: unknown device 'nc'");

	/* a name defined in an included file and again here */
	put_file("s/dup.eeh", "include \"../lib/topo.inc\"\ndevice nic parent=rp1 type=edu\n");
	expect_err("s/dup.eeh",
		   "%s/s/dup.eeh:2: duplicate name 'nic' (first defined at %s/lib/topo.inc:4)");

	put_file("s/missing.eeh", "include \"../lib/nope.inc\"\n");
	expect_err("s/missing.eeh",
		   "%s/s/missing.eeh:1: cannot include '%s/lib/nope.inc': No such file or directory");

	/* a cycle: a.inc -> b.inc -> a.inc */
	put_file("c/a.inc", "include b.inc\n");
	put_file("c/b.inc", "\ninclude \"a.inc\"\n");
	put_file("c/main.eeh", "include \"a.inc\"\n");
	expect_err("c/main.eeh",
		   "%s/c/b.inc:2: include cycle: %s/c/a.inc -> %s/c/b.inc -> %s/c/a.inc");
	put_file("c/self.eeh", "include self.eeh\n");
	expect_err("c/self.eeh",
		   "%s/c/self.eeh:1: include cycle: %s/c/self.eeh -> %s/c/self.eeh");

	/* at most 8 levels: d0 includes d1 ... d9 */
	for (i = 0; i < 10; i++) {
		char text[64];

		snprintf(buf, sizeof(buf), "d/d%d.inc", i);
		snprintf(text, sizeof(text), "include d%d.inc\n", i + 1);
		put_file(buf, text);
	}
	put_file("d/d10.inc", "recover\n");
	expect_err("d/d0.inc", "%s/d/d8.inc:1: includes nested too deeply (at most 8 levels)");
	rm_tmpdir();
}

TEST(include_reads_in_place)
{
	struct scenario sc;
	char err[512] = "";
	char want[256];

	mk_tmpdir();
	put_file("lib/topo.inc", TOPO "requires data-path\n");
	put_file("s/ok.eeh",
		 "description \"included\"\n"
		 "include \"../lib/topo.inc\"\n"
		 "requires root\n"
		 "mmio-read nic\n"
		 "expect value 0\n");
	ASSERT_EQ(parse_path("s/ok.eeh", &sc, err, sizeof(err)), 0);
	EXPECT_STREQ(sc.name, "s/ok.eeh");
	EXPECT_EQ(sc.nsteps, 5);
	snprintf(want, sizeof(want), "%s/lib/topo.inc", tmpdir);
	EXPECT_STREQ(sc.steps[3].file, want);
	EXPECT_EQ(sc.steps[3].line, 4);
	snprintf(want, sizeof(want), "%s/s/ok.eeh", tmpdir);
	EXPECT_STREQ(sc.steps[4].file, want);
	EXPECT_EQ(sc.steps[4].line, 4);
	EXPECT_EQ(sc.steps[4].nexpects, 1);
	EXPECT_EQ(sc.nrequires, 2);
	EXPECT_STREQ(sc.requires[0], "data-path");
	EXPECT_STREQ(sc.requires[1], "root");
	EXPECT_EQ(sc.requires_line, 5);
	EXPECT_EQ(sc.nfiles, 2);
	sc_free(&sc);
	rm_tmpdir();
}

/* The include reader hook (the parser's fuzz target): files from memory. */
static int served;

static char *serve_inc(const char *path, size_t *len, int *err)
{
	const char *text = NULL;
	char *s;

	served++;
	if (!strcmp(path, "lib/topo.inc"))
		text = TOPO;
	else if (!strcmp(path, "lib/loop.inc"))
		text = "include \"loop.inc\"\n";
	if (!text) {
		*err = ENOENT;
		return NULL;
	}
	s = strdup(text);
	*len = strlen(s);
	return s;
}

TEST(include_reader_hook_serves_includes)
{
	struct scenario sc;
	char err[512] = "";

	sc_include_reader = serve_inc;
	served = 0;
	ASSERT_EQ(sc_parse_string("m.eeh", "include \"lib/topo.inc\"\nmmio-read nic\n",
				  NULL, &sc, err, sizeof(err)), 0);
	EXPECT_EQ(served, 1);
	EXPECT_EQ(sc.nsteps, 5);
	EXPECT_STREQ(sc.steps[3].file, "lib/topo.inc");
	sc_free(&sc);
	/* a cycle among served files is still found by their names */
	EXPECT_EQ(sc_parse_string("m.eeh", "include \"lib/loop.inc\"\n", NULL, &sc,
				  err, sizeof(err)), -1);
	EXPECT_STREQ(err, "lib/loop.inc:1: include cycle: lib/loop.inc -> lib/loop.inc");
	/* nothing is read from disk: a file that exists there is not served */
	EXPECT_EQ(sc_parse_string("m.eeh", "include \"tests/test_parser.c\"\n", NULL, &sc,
				  err, sizeof(err)), -1);
	EXPECT_STREQ(err, "m.eeh:1: cannot include 'tests/test_parser.c': No such file or directory");
	sc_include_reader = NULL;
}

TEST(nul_byte_in_file)
{
	struct scenario sc;
	char err[256] = "", path[128];
	FILE *f;

	mk_tmpdir();
	snprintf(path, sizeof(path), "%s/nul.eeh", tmpdir);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fwrite("phb 0 model=phb4\nrecover\0x\n", 1, 27, f);
	fclose(f);
	ASSERT_EQ(parse_path("nul.eeh", &sc, err, sizeof(err)), -1);
	EXPECT_HAS(err, "nul.eeh:2: NUL byte in the line");
	ASSERT_EQ(parse_path("none.eeh", &sc, err, sizeof(err)), -1);
	EXPECT_HAS(err, "none.eeh: No such file or directory");
	rm_tmpdir();
}

/* ---- well-formed input ---- */

static struct sc_stmt *step(struct scenario *sc, int i)
{
	if (i >= sc->nsteps)
		TH_FAIL_AT(1, "no step %d (%d steps)", i, sc->nsteps);
	return &sc->steps[i];
}

static void parse_ok(const char *text, const struct sc_vars *vars, struct scenario *sc)
{
	char err[512] = "";

	if (sc_parse_string("t.eeh", text, vars, sc, err, sizeof(err)))
		TH_FAIL_AT(1, "parse failed: %s", err);
}

TEST(language_md_example)
{
	struct scenario sc;
	struct sc_stmt *st;

	parse_ok("# scenarios/recovery/thaw.eeh\n"
		 "description \"CAN_RECOVER: the PE is thawed, no reset\"\n"
		 TOPO
		 "\n"
		 "driver nic error_detected=can_recover\n"
		 "mmio-write nic off=0x04 value=0x1234          # liveness register\n"
		 "inject nic func=LD_MEM_ADDR type=0\n"
		 "expect firmware unsupported                    # PHB4 firmware: CFG only\n"
		 "mmio-read nic off=0x04\n"
		 "expect value 0xffffffff\n"
		 "expect frozen nic\n"
		 "recover\n"
		 "expect result nic recovered path=thaw\n"
		 "expect callbacks nic \"error_detected(frozen) mmio_enabled resume\"\n"
		 "mmio-read nic off=0x04\n"
		 "expect value 0xffffedcb                        # ~0x1234: the device kept its state\n",
		 NULL, &sc);
	EXPECT_STREQ(sc.description, "CAN_RECOVER: the PE is thawed, no reset");
	EXPECT_EQ(sc.nsteps, 4 + 6);
	st = step(&sc, 4);
	EXPECT_EQ(st->kw->id, K_DRIVER);
	EXPECT_EQ(st->line, 8);
	EXPECT_STREQ(sc_str(st, "error_detected"), "can_recover");
	EXPECT_STREQ(sc_str(st, "mmio_enabled"), "recovered");
	EXPECT_TRUE(sc_arg(st, "mmio_enabled")->defaulted);
	EXPECT_EQ(sc_num(st, "handlers"), 1);
	st = step(&sc, 6);
	EXPECT_EQ(st->kw->id, K_INJECT);
	EXPECT_EQ(sc_num(st, "func"), 0);
	EXPECT_STREQ(sc_str(st, "func"), "LD_MEM_ADDR");
	ASSERT_EQ(st->nexpects, 1);
	EXPECT_EQ(st->expects[0].kw->id, K_EXPECT_FIRMWARE);
	EXPECT_EQ(sc_num(&st->expects[0], "answer"), 2);
	EXPECT_EQ(st->expects[0].line, 11);
	st = step(&sc, 7);
	EXPECT_STREQ(st->text, "mmio-read nic off=0x04");
	ASSERT_EQ(st->nexpects, 2);
	EXPECT_EQ_U64(sc_num(&st->expects[0], "value"), 0xffffffffULL);
	EXPECT_STREQ(st->expects[0].text, "expect value 0xffffffff");
	EXPECT_EQ(st->expects[1].kw->id, K_EXPECT_FROZEN);
	ASSERT_EQ(sc_arg(&st->expects[1], "pes")->nwords, 1);
	EXPECT_STREQ(sc_arg(&st->expects[1], "pes")->words[0], "nic");
	st = step(&sc, 8);
	EXPECT_EQ(st->kw->id, K_RECOVER);
	ASSERT_EQ(st->nexpects, 2);
	EXPECT_STREQ(sc_str(&st->expects[0], "pe"), "nic");
	EXPECT_EQ(sc_arg(&st->expects[0], "pe")->pe_phb, -1);
	EXPECT_STREQ(sc_str(&st->expects[0], "result"), "recovered");
	EXPECT_STREQ(sc_str(&st->expects[0], "path"), "thaw");
	EXPECT_FALSE(sc_has(&st->expects[0], "resets"));
	{
		const struct sc_value *v = sc_arg(&st->expects[1], "calls");

		ASSERT_NOT_NULL(v);
		ASSERT_EQ(v->nwords, 3);
		EXPECT_STREQ(v->words[0], "error_detected(frozen)");
		EXPECT_STREQ(v->words[1], "mmio_enabled");
		EXPECT_STREQ(v->words[2], "resume");
		EXPECT_STREQ(v->raw, "error_detected(frozen) mmio_enabled resume");
		EXPECT_STREQ(st->expects[1].text,
			     "expect callbacks nic \"error_detected(frozen) mmio_enabled resume\"");
	}
	sc_free(&sc);
}

TEST(defaults_and_positionals)
{
	struct scenario sc;
	struct sc_stmt *st;

	parse_ok("phb 0 phb4 pes=16\n"
		 "rootport rp0 0\n"
		 "switch sw rp0\n"
		 "device nic sw.1 edu functions=2\n"
		 "device wide sw.0 type=plain\n"
		 "mmio-read nic.1\n"
		 "cfg-write nic 0x3c 0x0a size=1\n"
		 "mmio-write wide 0x55 off=8\n",
		 NULL, &sc);
	ASSERT_EQ(sc.nsteps, 8);
	st = step(&sc, 0);
	EXPECT_EQ(sc_num(st, "index"), 0);
	EXPECT_STREQ(sc_str(st, "model"), "phb4");
	EXPECT_EQ(sc_num(st, "model"), 1);
	EXPECT_EQ(sc_num(st, "pes"), 16);
	st = step(&sc, 2);
	EXPECT_STREQ(sc_str(st, "parent"), "rp0");
	EXPECT_EQ(sc_num(st, "ports"), 2);
	EXPECT_TRUE(sc_arg(st, "ports")->defaulted);
	st = step(&sc, 3);
	EXPECT_STREQ(sc_str(st, "type"), "edu");
	EXPECT_EQ(sc_num(st, "functions"), 2);
	EXPECT_FALSE(sc_arg(st, "functions")->defaulted);
	EXPECT_FALSE(sc_has(st, "bar32"));	/* no default: the model's */
	EXPECT_EQ(sc_num(st, "bar64"), 0);
	EXPECT_TRUE(sc_has(st, "bar64"));
	EXPECT_EQ(sc_num(st, "freset"), 0);
	st = step(&sc, 5);
	EXPECT_STREQ(sc_str(st, "dev"), "nic.1");
	EXPECT_EQ(sc_num(st, "bar"), 0);
	EXPECT_EQ(sc_num(st, "off"), 0);
	EXPECT_EQ(sc_num(st, "size"), 4);
	EXPECT_EQ(sc_num(st, "detect"), 1);
	EXPECT_TRUE(sc_arg(st, "size")->defaulted);
	st = step(&sc, 6);
	EXPECT_EQ(sc_num(st, "off"), 0x3c);
	EXPECT_EQ(sc_num(st, "value"), 0x0a);
	EXPECT_EQ(sc_num(st, "size"), 1);
	EXPECT_FALSE(sc_arg(st, "size")->defaulted);
	st = step(&sc, 7);
	EXPECT_EQ(sc_num(st, "value"), 0x55);
	EXPECT_EQ(sc_num(st, "off"), 8);
	EXPECT_TRUE(sc_arg(st, "nosuch") == NULL);
	EXPECT_TRUE(sc_str(st, "nosuch") == NULL);
	sc_free(&sc);
}

TEST(variables)
{
	struct sc_vars vars = { 0 };
	struct scenario sc;
	const char *text = TOPO
		"mmio-read ${DEV} off=${OFF:-0x10}\n"
		"mmio-read nic off=${EMPTY:-7}\n"
		"mmio-read \"${DEV}\" off=${OFF:-}\n"
		"description \"on ${HOST}: ${X:-a b}\"\n";

	setenv("DEV", "rp0", 1);
	setenv("HOST", "env-host", 1);
	setenv("EMPTY", "", 1);
	unsetenv("OFF");
	unsetenv("X");
	/* -D comes before the environment */
	sc_vars_set(&vars, "DEV", "nic");
	sc_vars_set(&vars, "OFF", "0x20");
	sc_vars_set(&vars, "OFF", "0x30");	/* the last -D wins */
	parse_ok(text, &vars, &sc);
	EXPECT_STREQ(sc_str(step(&sc, 4), "dev"), "nic");
	EXPECT_EQ(sc_num(step(&sc, 4), "off"), 0x30);
	EXPECT_STREQ(sc_str(step(&sc, 4), "off"), "0x30");
	EXPECT_EQ(sc_num(step(&sc, 5), "off"), 7);	/* empty: the default */
	EXPECT_STREQ(step(&sc, 4)->text, "mmio-read nic off=0x30");
	EXPECT_STREQ(sc.description, "on env-host: a b");
	sc_free(&sc);
	sc_vars_free(&vars);
	EXPECT_EQ(vars.n, 0);

	/* no -D: the environment, then the defaults */
	parse_ok(TOPO "mmio-read nic off=${OFF:-0x10}\nmmio-read ${DEV}\n", &vars, &sc);
	EXPECT_EQ(sc_num(step(&sc, 4), "off"), 0x10);
	EXPECT_STREQ(sc_str(step(&sc, 5), "dev"), "rp0");
	sc_free(&sc);
	/* a NULL vars is the environment alone */
	parse_ok(TOPO "mmio-read ${DEV}\n", NULL, &sc);
	EXPECT_STREQ(sc_str(step(&sc, 4), "dev"), "rp0");
	sc_free(&sc);
	/* a variable's '=' does not make a name=value */
	setenv("NV", "off=4", 1);
	{
		char err[256];

		EXPECT_EQ(parse(TOPO "mmio-read nic ${NV}\n", &sc, err, sizeof(err)), -1);
		EXPECT_STREQ(err, "t.eeh:5: unexpected argument 'off=4' for 'mmio-read' (name the arguments: NAME=VALUE)");
	}
}

TEST(numbers_sizes_durations)
{
	struct scenario sc;

	parse_ok(TOPO
		 "window nic page=64K size=2G levels=2\n"
		 "window nic which=64 page=0x1000 size=1T\n"
		 "wait 250ms\n"
		 "wait 2s\n"
		 "wait 61m\n"
		 "wait 1H\n"
		 "mmio-write nic 052\n"
		 "mmio-write nic 0xFFFFFFFFFFFFFFFF size=8\n"
		 "mmio-write nic 18446744073709551615 size=8\n"
		 "mmio-write nic 0\n"
		 "buffer b 16k fill=random\n"
		 "buffer c size=1M fill=0xA5\n"
		 "dma nic ioba=0x1000 len=128\n",
		 NULL, &sc);
	EXPECT_EQ(sc_num(step(&sc, 4), "page"), 65536);
	EXPECT_EQ_U64(sc_num(step(&sc, 4), "size"), 2ULL << 30);
	EXPECT_EQ(sc_num(step(&sc, 4), "which"), 0);
	EXPECT_STREQ(sc_str(step(&sc, 4), "which"), "32");
	EXPECT_EQ(sc_num(step(&sc, 5), "which"), 1);
	EXPECT_EQ(sc_num(step(&sc, 5), "page"), 4096);
	EXPECT_EQ_U64(sc_num(step(&sc, 5), "size"), 1ULL << 40);
	EXPECT_EQ(sc_num(step(&sc, 6), "time"), 250);
	EXPECT_EQ(sc_num(step(&sc, 7), "time"), 2000);
	EXPECT_EQ(sc_num(step(&sc, 8), "time"), 61 * 60000);
	EXPECT_EQ(sc_num(step(&sc, 9), "time"), 3600000);
	EXPECT_EQ(sc_num(step(&sc, 10), "value"), 052);
	EXPECT_EQ_U64(sc_num(step(&sc, 11), "value"), UINT64_MAX);
	EXPECT_EQ_U64(sc_num(step(&sc, 12), "value"), UINT64_MAX);
	EXPECT_EQ(sc_num(step(&sc, 13), "value"), 0);
	EXPECT_EQ(sc_num(step(&sc, 14), "size"), 16384);
	EXPECT_EQ(sc_num(step(&sc, 14), "fill"), 0x100);
	EXPECT_STREQ(sc_str(step(&sc, 14), "fill"), "random");
	EXPECT_EQ(sc_num(step(&sc, 15), "fill"), 0xa5);
	EXPECT_EQ(sc_num(step(&sc, 16), "len"), 128);
	EXPECT_STREQ(sc_str(step(&sc, 16), "dir"), "to-ram");
	EXPECT_STREQ(sc_str(step(&sc, 16), "start"), "mmio");
	sc_free(&sc);
}

TEST(pe_dev_and_addr_forms)
{
	struct scenario sc;
	const struct sc_value *v;
	struct sc_stmt *st;

	parse_ok(TOPO
		 "buffer buf size=64K\n"
		 "freeze 0:1fd\n"
		 "freeze nic which=DMA\n"
		 "mmio-read 0000:01:00.0\n"
		 "mmio-read 01:1f.7\n"
		 "map nic ioba=0 host=buf\n"
		 "map nic ioba=0x1000 host=buf+0x10\n"
		 "map nic ioba=0x2000 host=0x12345000\n"
		 "expect memory buf+4 len=4 bytes=DEADbeef\n"
		 "expect memory buf unchanged\n"
		 "expect memory 0x1000 pattern=0xff\n"
		 "expect frozen 0:2 nic 00:00.0\n"
		 "expect frozen NONE\n"
		 "freeze rp1\n",
		 NULL, &sc);
	v = sc_arg(step(&sc, 5), "pe");
	EXPECT_EQ(v->pe_phb, 0);
	EXPECT_EQ(v->pe_num, 0x1fd);
	v = sc_arg(step(&sc, 6), "pe");
	EXPECT_EQ(v->pe_phb, -1);
	EXPECT_EQ(v->pe_num, -1);
	EXPECT_STREQ(v->raw, "nic");
	EXPECT_STREQ(sc_str(step(&sc, 6), "which"), "dma");
	EXPECT_STREQ(sc_str(step(&sc, 7), "dev"), "0000:01:00.0");
	EXPECT_STREQ(sc_str(step(&sc, 8), "dev"), "01:1f.7");
	v = sc_arg(step(&sc, 9), "host");
	EXPECT_STREQ(v->buffer, "buf");
	EXPECT_EQ(v->num, 0);
	v = sc_arg(step(&sc, 10), "host");
	EXPECT_STREQ(v->buffer, "buf");
	EXPECT_EQ(v->num, 0x10);
	st = step(&sc, 11);
	v = sc_arg(st, "host");
	EXPECT_TRUE(v->buffer == NULL);
	EXPECT_EQ(v->num, 0x12345000);
	ASSERT_EQ(st->nexpects, 5);
	v = sc_arg(&st->expects[0], "addr");
	EXPECT_STREQ(v->buffer, "buf");
	EXPECT_EQ(v->num, 4);
	EXPECT_STREQ(sc_str(&st->expects[0], "bytes"), "deadbeef");
	EXPECT_EQ(sc_num(&st->expects[0], "bytes"), 4);
	EXPECT_FALSE(sc_has(&st->expects[0], "unchanged"));
	EXPECT_EQ(sc_num(&st->expects[1], "unchanged"), 1);
	EXPECT_FALSE(sc_has(&st->expects[1], "len"));
	EXPECT_EQ(sc_num(&st->expects[2], "pattern"), 0xff);
	v = sc_arg(&st->expects[3], "pes");
	ASSERT_EQ(v->nwords, 3);
	EXPECT_STREQ(v->words[0], "0:2");
	EXPECT_STREQ(v->words[2], "00:00.0");
	EXPECT_STREQ(sc_arg(&st->expects[4], "pes")->words[0], "NONE");
	sc_free(&sc);
}

TEST(lists_case_quotes_comments)
{
	struct scenario sc;
	struct sc_stmt *st;
	const struct sc_value *v;

	parse_ok("Requires backend=kernel REAL-PHB env=EEH_BDF\n"
		 "requires data-path\n"
		 "# a comment\n"
		 "   \t\n"
		 "description Plain words # and a comment\n"
		 TOPO
		 "RECOVER\n"
		 "EXPECT Callbacks nic error_detected(frozen) \\\n"
		 "       slot_reset resume\n"
		 "Expect Result nic RECOVERED Path=Reset resets=1\n"
		 "expect callbacks nic none\n"
		 "expect error eio message=\"quote \\\" and \\\\ and # kept\"\n"
		 "expect sysfs nic \"0x00000000 0x00000001\"\n"
		 "expect counter 0:1 loads-ones=2\n"
		 "expect diag nic cause=inject func=dma_rd_addr severity=pe\n"
		 "expect dma fault cause=read-only\n"
		 "expect state nic perm-unavail\n"
		 "expect present nic no\n"
		 "expect freezes nic 3\n"
		 "inject nic func=25 type=7\n",
		 NULL, &sc);
	ASSERT_EQ(sc.nrequires, 4);
	EXPECT_STREQ(sc.requires[0], "backend=kernel");
	EXPECT_STREQ(sc.requires[1], "REAL-PHB");
	EXPECT_STREQ(sc.requires[2], "env=EEH_BDF");
	EXPECT_STREQ(sc.requires[3], "data-path");
	EXPECT_EQ(sc.requires_line, 1);
	EXPECT_STREQ(sc.description, "Plain words");
	st = step(&sc, 4);
	EXPECT_EQ(st->kw->id, K_RECOVER);
	EXPECT_STREQ(st->text, "recover");
	EXPECT_EQ(st->line, 10);
	ASSERT_EQ(st->nexpects, 11);
	v = sc_arg(&st->expects[0], "calls");
	ASSERT_EQ(v->nwords, 3);
	EXPECT_STREQ(v->words[1], "slot_reset");
	EXPECT_EQ(st->expects[0].line, 11);
	EXPECT_EQ(st->expects[1].line, 13);
	EXPECT_STREQ(sc_str(&st->expects[1], "result"), "recovered");
	EXPECT_STREQ(sc_str(&st->expects[1], "path"), "reset");
	EXPECT_EQ(sc_num(&st->expects[1], "resets"), 1);
	EXPECT_STREQ(sc_arg(&st->expects[2], "calls")->words[0], "none");
	EXPECT_STREQ(sc_str(&st->expects[3], "errno"), "EIO");
	EXPECT_EQ(sc_num(&st->expects[3], "errno"), EIO);
	EXPECT_STREQ(sc_str(&st->expects[3], "message"), "quote \" and \\ and # kept");
	EXPECT_STREQ(st->expects[3].text,
		     "expect error eio message=\"quote \\\" and \\\\ and # kept\"");
	EXPECT_STREQ(sc_str(&st->expects[4], "text"), "0x00000000 0x00000001");
	EXPECT_EQ(sc_arg(&st->expects[5], "pe")->pe_num, 1);
	EXPECT_EQ(sc_num(&st->expects[5], "loads-ones"), 2);
	EXPECT_FALSE(sc_has(&st->expects[5], "dma-blocked"));
	EXPECT_STREQ(sc_str(&st->expects[6], "cause"), "inject");
	EXPECT_EQ(sc_num(&st->expects[6], "cause"), 0);
	EXPECT_STREQ(sc_str(&st->expects[6], "func"), "DMA_RD_ADDR");
	EXPECT_EQ(sc_num(&st->expects[6], "func"), 12);
	EXPECT_STREQ(sc_str(&st->expects[7], "outcome"), "fault");
	EXPECT_STREQ(sc_str(&st->expects[7], "cause"), "read-only");
	EXPECT_STREQ(sc_str(&st->expects[8], "state"), "perm-unavail");
	EXPECT_EQ(sc_num(&st->expects[9], "present"), 0);
	EXPECT_TRUE(sc_has(&st->expects[9], "present"));
	EXPECT_EQ(sc_num(&st->expects[10], "count"), 3);
	st = step(&sc, 5);
	EXPECT_EQ(sc_num(st, "func"), 25);	/* firmware decides */
	EXPECT_EQ(sc_num(st, "type"), 7);
	sc_free(&sc);
}

TEST(expect_attaches_to_topology_and_steps)
{
	struct scenario sc;

	parse_ok("phb 0 model=phb3\nexpect ok\nenumerate\nexpect ok\nfence 0\n", NULL, &sc);
	ASSERT_EQ(sc.nsteps, 3);
	EXPECT_EQ(sc.steps[0].nexpects, 1);
	EXPECT_EQ(sc.steps[1].nexpects, 1);
	EXPECT_EQ(sc.steps[2].nexpects, 0);
	EXPECT_STREQ(sc.steps[2].file, "t.eeh");
	sc_free(&sc);
	/* a scenario for a real machine: BDFs and PHB:PE without topology */
	parse_ok("requires real-phb\nmmio-read 0001:02:00.0\nfreeze 1:fe\nfence 1\n", NULL, &sc);
	EXPECT_EQ(sc.nsteps, 3);
	sc_free(&sc);
	/* an unknown PHB is the executor's to refuse (ENODEV) */
	parse_ok(TOPO "freeze 5:1\nexpect error ENODEV\nfence 6\n", NULL, &sc);
	EXPECT_EQ(sc.nsteps, 6);
	sc_free(&sc);
	/* empty input: no steps */
	parse_ok("", NULL, &sc);
	EXPECT_EQ(sc.nsteps, 0);
	EXPECT_TRUE(sc.description == NULL);
	sc_free(&sc);
}

/* ---- the keyword table ---- */

TEST(every_kw_id_once_and_complete)
{
	int seen[K__COUNT] = { 0 };
	int i, j;

	EXPECT_EQ(kw_count, K__COUNT);
	for (i = 0; i < kw_count; i++) {
		const struct keyword *kw = &kw_table[i];

		ASSERT_GE(kw->id, 0);
		ASSERT_LT(kw->id, K__COUNT);
		seen[kw->id]++;
		EXPECT_TRUE(kw->name && *kw->name);
		EXPECT_TRUE(kw->summary && *kw->summary);
		EXPECT_TRUE(kw->help && *kw->help);
		EXPECT_TRUE(kw->example && *kw->example);
		EXPECT_TRUE(kw_by_id(kw->id) == kw);
		EXPECT_TRUE(kw_lookup(kw->kind, kw->name) == kw);
		for (j = 0; j < KW_MAX_ARGS && kw->args[j].name; j++) {
			const struct kw_arg *a = &kw->args[j];

			EXPECT_TRUE(a->help && *a->help);
			EXPECT_TRUE(a->type != ARG_ENUM || a->choices);
			EXPECT_FALSE(a->required && a->def);
			/* a positional argument follows only positional ones */
			if (a->positional && j)
				EXPECT_TRUE(kw->args[j - 1].positional);
			/* a list takes the rest of the line: it comes last of the positionals */
			if (a->type == ARG_LIST && j + 1 < KW_MAX_ARGS && kw->args[j + 1].name)
				EXPECT_FALSE(kw->args[j + 1].positional);
		}
	}
	for (i = 0; i < K__COUNT; i++)
		if (seen[i] != 1) {
			printf("# kw_id %d appears %d times\n", i, seen[i]);
			th_failed = 1;
		}
	EXPECT_TRUE(kw_lookup(KW_STEP, "MMIO-Read") == kw_by_id(K_MMIO_READ));
	EXPECT_TRUE(kw_lookup(KW_EXPECT, "dma") == kw_by_id(K_EXPECT_DMA));
	EXPECT_TRUE(kw_lookup(KW_STEP, "dma") == kw_by_id(K_DMA));
	EXPECT_TRUE(kw_lookup(KW_STEP, "value") == NULL);
}

/* Each example, wrapped in what it needs, parses. */
TEST(every_example_parses)
{
	int i;

	mk_tmpdir();
	put_file("lib/phb4-leaf.inc", "phb 0 model=phb4\n");
	for (i = 0; i < kw_count; i++) {
		const struct keyword *kw = &kw_table[i];
		char text[2048], path[256], err[512] = "";
		struct scenario sc;
		FILE *f;
		const char *pre = "";
		int rc;

		switch (kw->kind) {
		case KW_DIRECTIVE:
			break;
		case KW_TOPOLOGY:
			pre = kw->id == K_PHB || kw->id == K_REAL ? "" :
			      kw->id == K_ROOTPORT ? "phb 0 model=phb4\n" :
			      "phb 0 model=phb4\nrootport rp0 phb=0\n";
			break;
		case KW_STEP:
		case KW_EXPECT:
			pre = "phb 0 model=phb4\nrootport rp0 phb=0\nrootport rp1 phb=0\n"
			      "device nic parent=rp0 type=edu\ndevice disk parent=rp1 type=edu\n";
			break;
		}
		snprintf(text, sizeof(text), "%s%s%s%s\n%s", pre,
			 kw->kind >= KW_STEP && kw->id != K_BUFFER && kw->id != K_ENUMERATE &&
			 strstr(kw->example, "dst") ? "buffer dst size=64K\n" : "",
			 kw->kind == KW_EXPECT ? "recover\n" : "", kw->example,
			 /* a race's two calls */
			 kw->id == K_RACE ? "h-put-tce vm1 nic ioba=0 tce=0\n"
					    "h-stuff-tce vm1 nic ioba=0 tce=0 count=1\n" : "");
		snprintf(path, sizeof(path), "%s/s/ex.eeh", tmpdir);
		put_file("s/ex.eeh", text);
		f = NULL;
		(void)f;
		rc = sc_parse_file(path, "ex", NULL, &sc, err, sizeof(err));
		if (rc) {
			printf("# example of '%s': %s\n", kw->name, err);
			th_failed = 1;
			continue;
		}
		sc_free(&sc);
	}
	rm_tmpdir();
}

/* ---- robustness: nothing crashes ---- */

static void try_parse(const char *text)
{
	struct scenario sc;
	char err[128];

	if (!parse(text, &sc, err, sizeof(err)))
		sc_free(&sc);
	/* the message is terminated whatever happened */
	EXPECT_LT(strlen(err), sizeof(err));
}

TEST(garbage_does_not_crash)
{
	static const char *const odd[] = {
		"\"", "\\", "\\\n", "\"\\", "expect", "${", "${}", "${A:-", "$", "$$",
		"=", "==", "a=b=c", "mmio-read =", "phb 0 model=", "phb", "phb 0",
		"\xff\xfe\xfd", "phb 0 model=phb4\nrootport r phb=0\nswitch s r ports=0",
		"buffer b size=0", "wait 0ms", "wait 99999999999999999999h",
		"wait 18446744073709551615h", "buffer b size=16E",
		"phb 99999999999999999999 model=phb4", "freeze ffff:ffff",
		"freeze 0:", "freeze :1", "mmio-read :", "mmio-read a:b:c:d.e",
		"mmio-read 00:00.", "mmio-read 00:00.0.0", "map x ioba=0 host=b+",
		"description \"\"", "requires", "requires \"\"", "include \"\"",
		"include", "expect frozen", "\n\n\n#\n\\\n\\", "a\\ b", "x\\#y",
		NULL,
	};
	char *big;
	int i;
	unsigned seed = 12345;

	for (i = 0; odd[i]; i++)
		try_parse(odd[i]);
	/* a long line, long words, deep continuation */
	big = malloc(1 << 20);
	ASSERT_NOT_NULL(big);
	memset(big, 'a', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	try_parse(big);
	memcpy(big, "description \"", 13);
	try_parse(big);
	memcpy(big, "mmio-write x value=0x", 21);
	try_parse(big);
	for (i = 0; i < (1 << 20) - 2; i += 2) {
		big[i] = '\\';
		big[i + 1] = '\n';
	}
	try_parse(big);
	/* random bytes, and random mixes of the language's own pieces */
	for (i = 0; i < 3000; i++) {
		static const char *const bits[] = {
			"phb", " 0", " model=phb4", "\n", "\"", "\\", "#", "${X:-1}",
			"=", "expect", " value", " nic", "rootport rp0 phb=0",
			"device nic parent=rp0 type=edu", "mmio-read", " off=",
			"0x", "ffffffffffffffffffff", " ", "\t", "K", "include x",
			"buffer b size=4K", " host=b+", "map nic ioba=0", "1:2",
		};
		char buf[512];
		int n = 0, k, len = (int)(rand_r(&seed) % 200);

		for (k = 0; k < len && n < (int)sizeof(buf) - 40; k++) {
			if (i % 2) {
				buf[n++] = (char)(rand_r(&seed) % 255 + 1);
			} else {
				const char *b = bits[rand_r(&seed) % (sizeof(bits) / sizeof(bits[0]))];

				n += snprintf(buf + n, sizeof(buf) - n, "%s", b);
			}
		}
		buf[n] = '\0';
		try_parse(buf);
	}
	free(big);
}

TEST(help_output)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ASSERT_NOT_NULL(f);
	kw_print_list(f);
	EXPECT_EQ(kw_print_help(f, "mmio-read"), 0);
	EXPECT_EQ(kw_print_help(f, "expect value"), 0);
	EXPECT_EQ(kw_print_help(f, "frozen"), 0);
	EXPECT_EQ(kw_print_help(f, "nosuch"), -1);
	fflush(f);
	EXPECT_HAS(buf, "mmio-read DEV [bar=N] [off=N] [size=N] [detect=yes|no]");
	EXPECT_HAS(buf, "expect value VALUE");
	EXPECT_HAS(buf, "  expect callbacks");
	EXPECT_HAS(buf, "Example:\n  mmio-read nic off=0x04\n");
	fclose(f);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ASSERT_NOT_NULL(f);
	kw_print_markdown(f);
	fflush(f);
	EXPECT_HAS(buf, "[language.md](language.md)");
	EXPECT_HAS(buf, "### `expect callbacks`");
	EXPECT_HAS(buf, "| `error_detected` | choice: `none`, `can_recover`, `need_reset`, `disconnect`, `recovered` | `need_reset` |");
	fclose(f);
	free(buf);
}
