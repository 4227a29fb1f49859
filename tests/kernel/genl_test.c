// SPDX-License-Identifier: GPL-2.0-only
/*
 * genl_test: checks of the eehlab generic netlink interface
 * (include/uapi/linux/eehlab.h) against the loaded eehlab.ko, run inside
 * the QEMU guest (scripts/qemu-x86.sh). Prints KTAP.
 *
 *   genl_test               all checks (needs root: CAP_NET_ADMIN, setuid)
 *   genl_test churn N [--leave]
 *                           create and destroy an emulated PHB N times;
 *                           with --leave, end with a populated PHB left in
 *                           place (for the unload leak check); no KTAP,
 *                           exit 0 or 1
 *
 * Exit: 0 all passed, 1 a failure, 4 everything skipped (no family).
 */
#include <stdbool.h>
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <linux/eehlab.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define FIX_PHB		1	/* the fixture PHB (PHB3, 256 PEs) */
#define FREE_PHB	6	/* an index no test creates */
#define CHURN_PHB	2

struct conn {
	struct nl_sock *sk;
	int family;
};

/* The outcome of one request. */
struct outcome {
	int done;
	int err;		/* 0 or a positive errno */
	char msg[256];		/* NLMSGERR_ATTR_MSG, or "" */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
	int replies;		/* replies received */
	struct nlattr *tb[EEHLAB_A_MAX + 1];
	struct nl_msg *reply;	/* the last reply, held */
};

static int tests_run, tests_failed;

static void ktap(int ok, const char *name, const char *directive)
{
	tests_run++;
	if (!ok)
		tests_failed++;
	printf("%s %d %s%s%s\n", ok ? "ok" : "not ok", tests_run, name,
	       directive ? " # " : "", directive ? directive : "");
	fflush(stdout);
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* ---- requests ---- */

static int cb_valid(struct nl_msg *msg, void *arg)
{
	struct outcome *o = arg;

	o->replies++;
	if (o->reply)
		nlmsg_free(o->reply);
	nlmsg_get(msg);
	o->reply = msg;
	memset(o->tb, 0, sizeof(o->tb));
	genlmsg_parse(nlmsg_hdr(msg), 0, o->tb, EEHLAB_A_MAX, NULL);
	return NL_OK;
}

static int cb_ack(struct nl_msg *msg, void *arg)
{
	struct outcome *o = arg;

	(void)msg;
	o->done = 1;
	o->err = 0;
	return NL_STOP;
}

/* The extended ack: the TLVs after the (possibly capped) request. */
static int cb_err(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct outcome *o = arg;
	struct nlattr *a;
	size_t off;
	int rem;

	(void)nla;
	o->done = 1;
	o->err = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return NL_STOP;
	a = (struct nlattr *)((char *)e + NLMSG_ALIGN(off));
	rem = (int)nlh->nlmsg_len - (int)(NLMSG_HDRLEN + NLMSG_ALIGN(off));
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(o->msg, sizeof(o->msg), "%.*s",
				 nla_len(a), (char *)nla_data(a));
		else if (nla_type(a) == NLMSGERR_ATTR_MISS_TYPE &&
			 nla_len(a) >= 4)
			o->miss_type = (int)nla_get_u32(a);
	}
	return NL_STOP;
}

static void outcome_reset(struct outcome *o)
{
	if (o->reply)
		nlmsg_free(o->reply);
	memset(o, 0, sizeof(*o));
	o->miss_type = -1;
}

/* Send @msg (consumed) and wait for its reply and ack, or its error. */
static int transact(struct conn *c, struct nl_msg *msg, struct outcome *o)
{
	struct nl_cb *cb;
	int rc;

	outcome_reset(o);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -1;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, o);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, o);
	nl_cb_err(cb, NL_CB_CUSTOM, cb_err, o);
	rc = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		nl_cb_put(cb);
		diag("send: %s", nl_geterror(rc));
		return -1;
	}
	while (!o->done) {
		rc = nl_recvmsgs(c->sk, cb);
		if (rc < 0 && !o->done) {
			diag("receive: %s", nl_geterror(rc));
			nl_cb_put(cb);
			return -1;
		}
	}
	nl_cb_put(cb);
	return 0;
}

static struct nl_msg *req_new(struct conn *c, int cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, 0,
				cmd, EEHLAB_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static int conn_open(struct conn *c)
{
	int one = 1;

	c->sk = nl_socket_alloc();
	if (!c->sk)
		return -ENOMEM;
	if (genl_connect(c->sk) < 0)
		goto fail;
	if (setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)) < 0)
		goto fail;
	c->family = genl_ctrl_resolve(c->sk, EEHLAB_GENL_NAME);
	if (c->family < 0)
		goto fail;
	return 0;
fail:
	nl_socket_free(c->sk);
	c->sk = NULL;
	return -ENOENT;
}

static void conn_close(struct conn *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
}

/* ---- message builders: each adds the attributes of one request ---- */

typedef int (*build_fn)(struct nl_msg *m);

static int put_phb(struct nl_msg *m, int index, int model)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_PHB);

	if (!n)
		return -1;
	if (index >= 0 && nla_put_u32(m, EEHLAB_A_PHB_INDEX, index))
		return -1;
	if (model >= 0 && nla_put_u32(m, EEHLAB_A_PHB_MODEL, model))
		return -1;
	return nla_nest_end(m, n);
}

static int put_pe(struct nl_msg *m, int num)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_PE);

	if (!n)
		return -1;
	if (num >= 0 && nla_put_u32(m, EEHLAB_A_PE_NUM, num))
		return -1;
	return nla_nest_end(m, n);
}

static int put_dev(struct nl_msg *m, const char *name, int type, int parent)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_DEV);

	if (!n)
		return -1;
	if (name && nla_put_string(m, EEHLAB_A_DEV_NAME, name))
		return -1;
	if (type >= 0 && nla_put_u32(m, EEHLAB_A_DEV_TYPE, type))
		return -1;
	if (parent >= 0 && nla_put_u32(m, EEHLAB_A_DEV_PARENT, parent))
		return -1;
	return nla_nest_end(m, n);
}

static int put_inject(struct nl_msg *m, int kind, int phb, int pe)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_INJECT);

	if (!n)
		return -1;
	if (kind >= 0 && nla_put_u32(m, EEHLAB_A_INJECT_KIND, kind))
		return -1;
	if (phb >= 0 && nla_put_u32(m, EEHLAB_A_INJECT_PHB, phb))
		return -1;
	if (pe >= 0 && nla_put_u32(m, EEHLAB_A_INJECT_PE, pe))
		return -1;
	return nla_nest_end(m, n);
}

static int b_none(struct nl_msg *m) { (void)m; return 0; }
static int b_fix_phb(struct nl_msg *m) { return put_phb(m, FIX_PHB, -1); }
static int fix_pe;	/* a PE enumeration set up on the fixture PHB */
static int b_fix_pe(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) || put_pe(m, fix_pe);
}
static int b_create_free(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, EEHLAB_PHB_MODEL_PHB4);
}
static int b_destroy_fix(struct nl_msg *m) { return put_phb(m, FIX_PHB, -1); }
static int b_node_add_fix(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) ||
	       put_dev(m, "rp9", EEHLAB_NODE_ROOT_PORT, -1);
}
static int b_inject_fix(struct nl_msg *m)
{
	return put_inject(m, EEHLAB_INJECT_FREEZE, FIX_PHB, 0);
}

/* malformed */
static int b_create_index_only(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, -1);
}
static int b_create_index_u8(struct nl_msg *m)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_PHB);

	return !n || nla_put_u8(m, EEHLAB_A_PHB_INDEX, FREE_PHB) ||
	       nla_put_u32(m, EEHLAB_A_PHB_MODEL, EEHLAB_PHB_MODEL_PHB4) ||
	       nla_nest_end(m, n);
}
static int b_create_index_8(struct nl_msg *m)
{
	return put_phb(m, 8, EEHLAB_PHB_MODEL_PHB4);
}
static int b_create_model_5(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, 5);
}
static int b_create_pes_100(struct nl_msg *m)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_PHB);

	return !n || nla_put_u32(m, EEHLAB_A_PHB_INDEX, FREE_PHB) ||
	       nla_put_u32(m, EEHLAB_A_PHB_MODEL, EEHLAB_PHB_MODEL_PHB4) ||
	       nla_put_u32(m, EEHLAB_A_PHB_NUM_PES, 100) ||
	       nla_nest_end(m, n);
}
static int b_create_fix(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, EEHLAB_PHB_MODEL_PHB3);
}
static int b_phb_as_u32(struct nl_msg *m)
{
	return nla_put_u32(m, EEHLAB_A_PHB, FREE_PHB);
}
static int b_phb_unknown_inner(struct nl_msg *m)
{
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_PHB);

	return !n || nla_put_u32(m, EEHLAB_A_PHB_INDEX, FREE_PHB) ||
	       nla_put_u32(m, EEHLAB_A_PHB_MODEL, EEHLAB_PHB_MODEL_PHB4) ||
	       nla_put_u32(m, EEHLAB_A_PHB_MAX + 5, 1) ||
	       nla_nest_end(m, n);
}
static int b_phb_oversize(struct nl_msg *m)
{
	static char blob[2048];
	struct nlattr *n = nla_nest_start(m, EEHLAB_A_PHB);

	return !n || nla_put_u32(m, EEHLAB_A_PHB_INDEX, FREE_PHB) ||
	       nla_put_u32(m, EEHLAB_A_PHB_MODEL, EEHLAB_PHB_MODEL_PHB4) ||
	       nla_put(m, EEHLAB_A_PHB_NUM_PES, sizeof(blob), blob) ||
	       nla_nest_end(m, n);
}
static int b_unknown_top(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, EEHLAB_PHB_MODEL_PHB4) ||
	       nla_put_u32(m, EEHLAB_A_MAX + 7, 1);
}
static int b_pad(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, EEHLAB_PHB_MODEL_PHB4) ||
	       nla_put_u64(m, EEHLAB_A_PAD, 0);
}
static int b_free_phb(struct nl_msg *m) { return put_phb(m, FREE_PHB, -1); }
static int b_phb_empty(struct nl_msg *m) { return put_phb(m, -1, -1); }
static int b_pe_unknown_phb(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, -1) || put_pe(m, 0);
}
static int b_pe_300(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) || put_pe(m, 300);
}
static int b_pe_600(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) || put_pe(m, 600);
}
static int b_pe_no_num(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) || put_pe(m, -1);
}
static int b_node_no_name(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) ||
	       put_dev(m, NULL, EEHLAB_NODE_ROOT_PORT, -1);
}
static int b_node_long_name(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) ||
	       put_dev(m, "a-name-far-longer-than-thirty-one-bytes",
		       EEHLAB_NODE_ROOT_PORT, -1);
}
static int b_node_type_9(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) || put_dev(m, "x", 9, -1);
}
static int b_node_unknown_phb(struct nl_msg *m)
{
	return put_phb(m, FREE_PHB, -1) ||
	       put_dev(m, "rp", EEHLAB_NODE_ROOT_PORT, -1);
}
static int b_node_unknown_parent(struct nl_msg *m)
{
	return put_phb(m, FIX_PHB, -1) ||
	       put_dev(m, "ep", EEHLAB_NODE_ENDPOINT, 60);
}
static int b_inject_no_kind(struct nl_msg *m)
{
	return put_inject(m, -1, FIX_PHB, 0);
}
static int b_inject_kind_9(struct nl_msg *m)
{
	return put_inject(m, 9, FIX_PHB, 0);
}
static int b_inject_unknown_phb(struct nl_msg *m)
{
	return put_inject(m, EEHLAB_INJECT_FREEZE, FREE_PHB, 0);
}
static int b_inject_unknown_pe(struct nl_msg *m)
{
	return put_inject(m, EEHLAB_INJECT_FREEZE, FIX_PHB, 300);
}

/* Build and send one request. */
static int request(struct conn *c, int cmd, build_fn b, struct outcome *o)
{
	struct nl_msg *m = req_new(c, cmd);

	if (!m)
		return -1;
	if (b(m)) {
		nlmsg_free(m);
		diag("cannot build the request");
		return -1;
	}
	return transact(c, m, o);
}

/* ---- the checks ---- */

struct cmd_case {
	const char *name;
	int cmd;
	build_fn build;
};

/* Every state-changing command, well formed (GENL_ADMIN_PERM) */
static const struct cmd_case admin_cmds[] = {
	{ "phb-create", EEHLAB_CMD_PHB_CREATE, b_create_free },
	{ "phb-destroy", EEHLAB_CMD_PHB_DESTROY, b_destroy_fix },
	{ "node-add", EEHLAB_CMD_NODE_ADD, b_node_add_fix },
	{ "phb-enumerate", EEHLAB_CMD_PHB_ENUMERATE, b_fix_phb },
	{ "inject", EEHLAB_CMD_INJECT, b_inject_fix },
	{ "recover", EEHLAB_CMD_RECOVER, b_none },
};

/* The read-only commands */
static const struct cmd_case ro_cmds[] = {
	{ "get-version", EEHLAB_CMD_GET_VERSION, b_none },
	{ "phb-get", EEHLAB_CMD_PHB_GET, b_fix_phb },
	{ "pe-get", EEHLAB_CMD_PE_GET, b_fix_pe },
};

struct bad_case {
	const char *name;
	int cmd;
	build_fn build;
	int err;
	/*
	 * Answered by the genetlink core, not by the module: 6.1's core sets
	 * no extack message for an unknown command, so only the errno counts.
	 */
	bool core;
};

static const struct bad_case bad_cases[] = {
	/* missing required attributes (libnl drops an empty nest: missing too) */
	{ "phb-create-no-nest", EEHLAB_CMD_PHB_CREATE, b_none, EINVAL, false },
	{ "phb-create-no-model", EEHLAB_CMD_PHB_CREATE, b_create_index_only, EINVAL, false },
	{ "phb-destroy-empty-nest", EEHLAB_CMD_PHB_DESTROY, b_phb_empty, EINVAL, false },
	{ "pe-get-empty-pe-nest", EEHLAB_CMD_PE_GET, b_pe_no_num, EINVAL, false },
	{ "pe-get-no-pe-nest", EEHLAB_CMD_PE_GET, b_fix_phb, EINVAL, false },
	{ "node-add-no-name", EEHLAB_CMD_NODE_ADD, b_node_no_name, EINVAL, false },
	{ "inject-no-kind", EEHLAB_CMD_INJECT, b_inject_no_kind, EINVAL, false },
	/* wrong types and lengths */
	{ "phb-index-as-u8", EEHLAB_CMD_PHB_CREATE, b_create_index_u8, EINVAL, false },
	{ "phb-nest-as-u32", EEHLAB_CMD_PHB_CREATE, b_phb_as_u32, EINVAL, false },
	{ "dev-name-too-long", EEHLAB_CMD_NODE_ADD, b_node_long_name, EINVAL, false },
	/* out-of-range values */
	{ "phb-index-8", EEHLAB_CMD_PHB_CREATE, b_create_index_8, ERANGE, false },
	{ "phb-model-5", EEHLAB_CMD_PHB_CREATE, b_create_model_5, ERANGE, false },
	{ "phb4-num-pes-100", EEHLAB_CMD_PHB_CREATE, b_create_pes_100, EINVAL, false },
	{ "pe-num-600", EEHLAB_CMD_PE_GET, b_pe_600, ERANGE, false },
	{ "dev-type-9", EEHLAB_CMD_NODE_ADD, b_node_type_9, ERANGE, false },
	{ "inject-kind-9", EEHLAB_CMD_INJECT, b_inject_kind_9, ERANGE, false },
	/* unknown PHB, PE and device ids; an existing PHB */
	{ "phb-create-exists", EEHLAB_CMD_PHB_CREATE, b_create_fix, EEXIST, false },
	{ "phb-destroy-unknown", EEHLAB_CMD_PHB_DESTROY, b_free_phb, ENOENT, false },
	{ "phb-get-unknown", EEHLAB_CMD_PHB_GET, b_free_phb, ENOENT, false },
	{ "phb-enumerate-unknown", EEHLAB_CMD_PHB_ENUMERATE, b_free_phb, ENOENT, false },
	{ "pe-get-unknown-phb", EEHLAB_CMD_PE_GET, b_pe_unknown_phb, ENOENT, false },
	{ "pe-get-unknown-pe", EEHLAB_CMD_PE_GET, b_pe_300, ENOENT, false },
	{ "node-add-unknown-phb", EEHLAB_CMD_NODE_ADD, b_node_unknown_phb, ENOENT, false },
	{ "node-add-enumerated-phb", EEHLAB_CMD_NODE_ADD, b_node_unknown_parent, EBUSY, false },
	{ "inject-unknown-phb", EEHLAB_CMD_INJECT, b_inject_unknown_phb, ENODEV, false },
	{ "inject-unknown-pe", EEHLAB_CMD_INJECT, b_inject_unknown_pe, ERANGE, false },
	/* oversize and unexpected attributes and nests */
	{ "phb-nest-unknown-inner", EEHLAB_CMD_PHB_CREATE, b_phb_unknown_inner, EINVAL, false },
	{ "phb-nest-oversize-attr", EEHLAB_CMD_PHB_CREATE, b_phb_oversize, EINVAL, false },
	{ "unknown-top-attr", EEHLAB_CMD_PHB_CREATE, b_unknown_top, EINVAL, false },
	{ "pad-attr-rejected", EEHLAB_CMD_PHB_CREATE, b_pad, EINVAL, false },
	/* commands */
	{ "recover-unsupported", EEHLAB_CMD_RECOVER, b_none, EOPNOTSUPP, false },
	{ "unknown-command", EEHLAB_CMD_MAX + 20, b_none, EOPNOTSUPP, true },
};

#define N_ADMIN	(sizeof(admin_cmds) / sizeof(admin_cmds[0]))
#define N_RO	(sizeof(ro_cmds) / sizeof(ro_cmds[0]))
#define N_BAD	(sizeof(bad_cases) / sizeof(bad_cases[0]))

static int check_version(struct conn *c)
{
	struct outcome o = { 0 };
	int ok;

	ok = request(c, EEHLAB_CMD_GET_VERSION, b_none, &o) == 0 && !o.err &&
	     o.replies == 1 && o.tb[EEHLAB_A_VERSION] &&
	     nla_get_u32(o.tb[EEHLAB_A_VERSION]) == EEHLAB_GENL_VERSION &&
	     o.tb[EEHLAB_A_MODULE_VERSION];
	if (ok)
		diag("family %d, interface v%u, module %s", c->family,
		     nla_get_u32(o.tb[EEHLAB_A_VERSION]),
		     nla_get_string(o.tb[EEHLAB_A_MODULE_VERSION]));
	else
		diag("GET_VERSION: error %d, %d replies", o.err, o.replies);
	outcome_reset(&o);
	return ok;
}

/* A PHB3 at @index with a root port and an endpoint, enumerated. */
static int make_phb(struct conn *c, int index, int enumerate)
{
	struct outcome o = { 0 };
	struct nl_msg *m;
	char rpname[16], epname[16];
	int rp, rc = -1;

	/* names are unique across the model */
	snprintf(rpname, sizeof(rpname), "rp%d", index);
	snprintf(epname, sizeof(epname), "ep%d", index);
	m = req_new(c, EEHLAB_CMD_PHB_CREATE);
	if (!m || put_phb(m, index, EEHLAB_PHB_MODEL_PHB3) ||
	    transact(c, m, &o) || o.err)
		goto out;
	m = req_new(c, EEHLAB_CMD_NODE_ADD);
	if (!m || put_phb(m, index, -1) ||
	    put_dev(m, rpname, EEHLAB_NODE_ROOT_PORT, -1) ||
	    transact(c, m, &o) || o.err)
		goto out;
	if (o.tb[EEHLAB_A_DEV]) {
		struct nlattr *dt[EEHLAB_A_DEV_MAX + 1];

		if (nla_parse_nested(dt, EEHLAB_A_DEV_MAX, o.tb[EEHLAB_A_DEV],
				     NULL) || !dt[EEHLAB_A_DEV_ID])
			goto out;
		rp = (int)nla_get_u32(dt[EEHLAB_A_DEV_ID]);
	} else {
		goto out;
	}
	m = req_new(c, EEHLAB_CMD_NODE_ADD);
	if (!m || put_phb(m, index, -1) ||
	    put_dev(m, epname, EEHLAB_NODE_ENDPOINT, rp) ||
	    transact(c, m, &o) || o.err)
		goto out;
	if (enumerate) {
		m = req_new(c, EEHLAB_CMD_PHB_ENUMERATE);
		if (!m || put_phb(m, index, -1) || transact(c, m, &o) || o.err)
			goto out;
	}
	rc = 0;
out:
	if (rc)
		diag("building PHB %d: error %d (%s)", index, o.err, o.msg);
	outcome_reset(&o);
	return rc;
}

static int destroy_phb(struct conn *c, int index)
{
	struct outcome o = { 0 };
	struct nl_msg *m = req_new(c, EEHLAB_CMD_PHB_DESTROY);
	int rc;

	rc = !m || put_phb(m, index, -1) || transact(c, m, &o) || o.err;
	if (rc)
		diag("destroying PHB %d: error %d (%s)", index, o.err, o.msg);
	outcome_reset(&o);
	return rc ? -1 : 0;
}

/* In a child without privileges: print one result per command. */
static int unprivileged_child(int first)
{
	struct outcome o = { 0 };
	struct conn c = { 0 };
	char name[64];
	unsigned int i;
	int n = first, bad = 0;

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
		diag("dropping privileges: %s", strerror(errno));
		return 100;
	}
	if (conn_open(&c)) {
		diag("unprivileged: cannot resolve the family");
		return 100;
	}
	for (i = 0; i < N_ADMIN; i++) {
		int ok = request(&c, admin_cmds[i].cmd, admin_cmds[i].build,
				 &o) == 0 && o.err == EPERM;

		if (!ok) {
			diag("%s: error %d (%s), want EPERM", admin_cmds[i].name,
			     o.err, strerror(o.err));
			bad++;
		}
		snprintf(name, sizeof(name), "unpriv-%s-eperm",
			 admin_cmds[i].name);
		printf("%s %d %s\n", ok ? "ok" : "not ok", ++n, name);
	}
	for (i = 0; i < N_RO; i++) {
		int ok = request(&c, ro_cmds[i].cmd, ro_cmds[i].build,
				 &o) == 0 && o.err == 0 && o.replies == 1;

		if (!ok) {
			diag("%s: error %d (%s) %s", ro_cmds[i].name, o.err,
			     strerror(o.err), o.msg);
			bad++;
		}
		snprintf(name, sizeof(name), "unpriv-%s-works", ro_cmds[i].name);
		printf("%s %d %s\n", ok ? "ok" : "not ok", ++n, name);
	}
	fflush(stdout);
	outcome_reset(&o);
	conn_close(&c);
	return bad;
}

static void check_unprivileged(void)
{
	unsigned int i, n = N_ADMIN + N_RO;
	int st = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(unprivileged_child(tests_run));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) == 100) {
		diag("the unprivileged child did not run (status %#x)", st);
		for (i = 0; i < n; i++)
			ktap(0, "unprivileged", NULL);
		return;
	}
	tests_run += n;
	tests_failed += WEXITSTATUS(st);
}

static void check_malformed(struct conn *c)
{
	struct outcome o = { 0 };
	char name[96];
	unsigned int i;

	for (i = 0; i < N_BAD; i++) {
		const struct bad_case *b = &bad_cases[i];
		int sent = request(c, b->cmd, b->build, &o) == 0;
		int ok = sent && o.err == b->err && (o.msg[0] || b->core);

		if (sent)
			diag("%s: errno %d (%s), extack \"%s\"%s", b->name,
			     o.err, strerror(o.err), o.msg,
			     o.miss_type >= 0 ? ", missing-attribute type given" : "");
		if (sent && o.err != b->err)
			diag("%s: want errno %d (%s)", b->name, b->err,
			     strerror(b->err));
		if (sent && !o.msg[0])
			diag("%s: no extack message%s", b->name,
			     b->core ? " (the genetlink core answers this one)" : "");
		snprintf(name, sizeof(name), "malformed-%s", b->name);
		ktap(ok, name, NULL);
	}
	outcome_reset(&o);
}

/* Create and destroy PHB @index @n times. */
static int churn(struct conn *c, int index, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (make_phb(c, index, i & 1) || destroy_phb(c, index)) {
			diag("churn: failed at iteration %d", i);
			return -1;
		}
	}
	return 0;
}

static int churn_main(int argc, char **argv)
{
	struct conn c = { 0 };
	int n, leave = argc > 3 && !strcmp(argv[3], "--leave");
	int rc;

	n = argc > 2 ? atoi(argv[2]) : 100;
	if (conn_open(&c)) {
		fprintf(stderr, "genl_test: family %s not found\n",
			EEHLAB_GENL_NAME);
		return 1;
	}
	rc = churn(&c, CHURN_PHB, n);
	if (!rc && leave)
		rc = make_phb(&c, CHURN_PHB, 1);
	conn_close(&c);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct conn c = { 0 };
	int ok;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "churn"))
		return churn_main(argc, argv);
	if (argc > 1) {
		fprintf(stderr, "usage: genl_test [churn N [--leave]]\n");
		return 2;
	}

	printf("KTAP version 1\n");
	printf("1..%u\n", (unsigned int)(2 + N_ADMIN + N_RO + N_BAD + 1));
	if (conn_open(&c)) {
		diag("generic netlink family \"%s\" not found", EEHLAB_GENL_NAME);
		printf("ok 1 family-resolves # SKIP eehlab.ko not loaded\n");
		return 4;
	}
	ktap(1, "family-resolves", NULL);
	ok = check_version(&c);
	ktap(ok, "get-version", NULL);

	if (make_phb(&c, FIX_PHB, 1)) {
		diag("cannot set up the fixture PHB %d", FIX_PHB);
		return 1;
	}
	{
		struct outcome o = { 0 };

		for (fix_pe = 0; fix_pe < 256; fix_pe++)
			if (request(&c, EEHLAB_CMD_PE_GET, b_fix_pe, &o) == 0 &&
			    !o.err)
				break;
		outcome_reset(&o);
		diag("fixture: PHB %d, PE %d", FIX_PHB, fix_pe);
	}
	check_unprivileged();
	check_malformed(&c);

	ok = churn(&c, CHURN_PHB, 100) == 0;
	ktap(ok, "churn-phb-create-destroy-100", NULL);

	if (destroy_phb(&c, FIX_PHB))
		tests_failed++;
	conn_close(&c);
	diag("%d tests, %d failed", tests_run, tests_failed);
	return tests_failed ? 1 : 0;
}
