// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "kernel" backend: the scenario's verbs as generic netlink commands
 * to the eehlab kernel module (include/uapi/linux/eehlab.h), through
 * libnl-genl-3. open() connects, resolves the family, checks the
 * interface version and opens a session (a model of this socket's own);
 * every operation is one request and its reply; a refusal comes back as
 * the model's errno with its message in the extended ack.
 *
 * The module's multicast events arrive on a second socket, so that they
 * never mix with a request's reply: it is drained (and the events
 * counted) after every request, and nothing about it can fail a request.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "backend_kernel.h"
#include "backend_real.h"
#include "exec.h"
#include "uapi/linux/eehlab.h"
#include "eehlab/nl_ack.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct kb {
	struct nl_sock *sk;	/* requests and replies */
	int family;
	struct nl_sock *ev;	/* the "events" group; NULL: not joined */
	char ev_why[96];	/* why there is no event socket */
	unsigned long requests, events, ev_lost;
	char module_version[64];
};

static struct kb *kb(struct backend *b)
{
	return b->priv;
}

/* ---- the events socket ---- */

/*
 * A socket of its own joined to the "events" multicast group, made
 * non-blocking; the group resolved through @ctl (NULL: through the new
 * socket itself, before it joins). NULL with @why on any failure.
 */
static struct nl_sock *ev_join(struct nl_sock *ctl, char *why, size_t len)
{
	struct nl_sock *ev;
	int grp;

	ev = nl_socket_alloc();
	if (!ev) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	nl_socket_disable_seq_check(ev);
	nl_socket_disable_auto_ack(ev);
	if (genl_connect(ev) < 0) {
		snprintf(why, len, "cannot connect");
		goto fail;
	}
	grp = genl_ctrl_resolve_grp(ctl ? ctl : ev, EEHLAB_GENL_NAME, EEHLAB_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		snprintf(why, len, "no multicast group \"%s\": %s",
			 EEHLAB_GENL_MCGRP_EVENTS, nl_geterror(grp));
		goto fail;
	}
	if (nl_socket_add_membership(ev, grp) < 0) {
		snprintf(why, len, "cannot join the group \"%s\"", EEHLAB_GENL_MCGRP_EVENTS);
		goto fail;
	}
	if (nl_socket_set_nonblocking(ev) < 0) {
		snprintf(why, len, "cannot make it non-blocking");
		goto fail;
	}
	return ev;
fail:
	nl_socket_free(ev);
	return NULL;
}

/*
 * Read every event queued on @ev, each through @fn(@arg); never fails.
 * *@lost counts the socket's overruns (ENOBUFS: events dropped).
 */
static void ev_read(struct nl_sock *ev, nl_recvmsg_msg_cb_t fn, void *arg,
		    unsigned long *lost)
{
	struct pollfd p;
	struct nl_cb *cb;
	int i, rc;

	if (!ev)
		return;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, fn, arg);
	p.fd = nl_socket_get_fd(ev);
	p.events = POLLIN;
	for (i = 0; i < 100000; i++) {
		p.revents = 0;
		if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
			break;
		rc = nl_recvmsgs(ev, cb);
		if (rc == -NLE_NOMEM || rc == -NLE_MSG_OVERFLOW)
			(*lost)++;	/* ENOBUFS: the socket overran */
		else if (rc < 0 && rc != -NLE_AGAIN)
			break;
	}
	nl_cb_put(cb);
}

static int ev_valid(struct nl_msg *m, void *arg)
{
	struct kb *k = arg;

	(void)m;
	k->events++;
	return NL_OK;
}

/* The session's events: read and counted after every request. */
static void ev_drain(struct kb *k)
{
	ev_read(k->ev, ev_valid, k, &k->ev_lost);
}

static void ev_open(struct kb *k)
{
	k->ev = ev_join(k->sk, k->ev_why, sizeof(k->ev_why));
}

/* ---- requests ---- */

/* Decodes one reply: its top-level attributes, parsed and raw. */
typedef void (*kb_dec_fn)(void *arg, struct nlattr **tb, struct nlattr *head, int len);

struct outcome {
	bool done;
	int err;			/* 0 or a positive errno */
	char ext[EEH_MSG_LEN];		/* NLMSGERR_ATTR_MSG, or "" */
	int replies;
	kb_dec_fn dec;
	void *arg;
};

static int cb_valid(struct nl_msg *m, void *arg)
{
	struct outcome *o = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nlattr *tb[EEHLAB_A_MAX + 1];

	o->replies++;
	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_OK;
	memset(tb, 0, sizeof(tb));
	if (genlmsg_parse(nlh, 0, tb, EEHLAB_A_MAX, NULL) < 0)
		return NL_OK;
	if (o->dec)
		o->dec(o->arg, tb, genlmsg_attrdata(nlmsg_data(nlh), 0),
		       genlmsg_attrlen(nlmsg_data(nlh), 0));
	return NL_OK;
}

static int cb_ack(struct nl_msg *m, void *arg)
{
	struct outcome *o = arg;

	(void)m;
	o->done = true;
	o->err = 0;
	return NL_STOP;
}

/* The extended ack: the TLVs after the (possibly capped) request. */
static int cb_err(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct outcome *o = arg;
	struct nlattr *a;
	int rem;

	(void)nla;
	o->done = true;
	o->err = -e->error;
	if (!eeh_nl_ack_tlvs(e, &a, &rem))
		return NL_STOP;
	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0)
			snprintf(o->ext, sizeof(o->ext), "%.*s",
				 (int)strnlen(nla_data(a), nla_len(a)), (char *)nla_data(a));
	}
	return NL_STOP;
}

/* A request being built: the first failed put is remembered. */
struct req {
	struct nl_msg *m;
	int err;
	int cmd;
};

static const char *cmd_name(int cmd)
{
	static const char *const names[] = {
		[EEHLAB_CMD_GET_VERSION] = "GET_VERSION",
		[EEHLAB_CMD_PHB_CREATE] = "PHB_CREATE",
		[EEHLAB_CMD_NODE_ADD] = "NODE_ADD",
		[EEHLAB_CMD_PHB_ENUMERATE] = "PHB_ENUMERATE",
		[EEHLAB_CMD_INJECT] = "INJECT",
		[EEHLAB_CMD_RECOVER] = "RECOVER",
		[EEHLAB_CMD_SESSION_OPEN] = "SESSION_OPEN",
		[EEHLAB_CMD_SESSION_CLOSE] = "SESSION_CLOSE",
		[EEHLAB_CMD_DEV_RESOLVE] = "DEV_RESOLVE",
		[EEHLAB_CMD_DEV_LIST] = "DEV_LIST",
		[EEHLAB_CMD_PE_COVERS] = "PE_COVERS",
		[EEHLAB_CMD_DRIVER_SET] = "DRIVER_SET",
		[EEHLAB_CMD_MEM_ALLOC] = "MEM_ALLOC",
		[EEHLAB_CMD_MEM_READ] = "MEM_READ",
		[EEHLAB_CMD_MEM_WRITE] = "MEM_WRITE",
		[EEHLAB_CMD_WINDOW_CREATE] = "WINDOW_CREATE",
		[EEHLAB_CMD_WINDOW_REMOVE] = "WINDOW_REMOVE",
		[EEHLAB_CMD_WINDOW_GET] = "WINDOW_GET",
		[EEHLAB_CMD_TCE_MAP] = "TCE_MAP",
		[EEHLAB_CMD_MMIO_READ] = "MMIO_READ",
		[EEHLAB_CMD_MMIO_WRITE] = "MMIO_WRITE",
		[EEHLAB_CMD_CFG_READ] = "CFG_READ",
		[EEHLAB_CMD_CFG_WRITE] = "CFG_WRITE",
		[EEHLAB_CMD_DMA] = "DMA",
		[EEHLAB_CMD_CHECK] = "CHECK",
		[EEHLAB_CMD_ADVANCE] = "ADVANCE",
		[EEHLAB_CMD_MAX_FREEZES_SET] = "MAX_FREEZES_SET",
		[EEHLAB_CMD_PE_STATE] = "PE_STATE",
		[EEHLAB_CMD_FROZEN_GET] = "FROZEN_GET",
		[EEHLAB_CMD_CB_GET] = "CB_GET",
		[EEHLAB_CMD_DIAG_GET] = "DIAG_GET",
		[EEHLAB_CMD_GUEST_CREATE] = "GUEST_CREATE",
		[EEHLAB_CMD_GUEST_SLOT] = "GUEST_SLOT",
		[EEHLAB_CMD_GUEST_ASSIGN] = "GUEST_ASSIGN",
		[EEHLAB_CMD_GUEST_RELEASE] = "GUEST_RELEASE",
		[EEHLAB_CMD_GUEST_WINDOW] = "GUEST_WINDOW",
		[EEHLAB_CMD_GUEST_LIOBN] = "GUEST_LIOBN",
		[EEHLAB_CMD_HCALL] = "HCALL",
		[EEHLAB_CMD_GUEST_MEM_READ] = "GUEST_MEM_READ",
		[EEHLAB_CMD_GUEST_MEM_WRITE] = "GUEST_MEM_WRITE",
		[EEHLAB_CMD_GUEST_STATS] = "GUEST_STATS",
		[EEHLAB_CMD_GUEST_EEH] = "GUEST_EEH",
		[EEHLAB_CMD_INVARIANTS] = "INVARIANTS",
		[EEHLAB_CMD_REAL_LIST] = "REAL_LIST",
		[EEHLAB_CMD_REAL_INJECT] = "REAL_INJECT",
		[EEHLAB_CMD_REAL_HW_INJECT] = "REAL_HW_INJECT",
		[EEHLAB_CMD_REAL_CHECK] = "REAL_CHECK",
		[EEHLAB_CMD_EDU_DMA] = "EDU_DMA",
		[EEHLAB_CMD_EDU_STATUS] = "EDU_STATUS",
		[EEHLAB_CMD_REAL_GUEST] = "REAL_GUEST",
		[EEHLAB_CMD_HCALL_RACE] = "HCALL_RACE",
	};

	if (cmd > 0 && (size_t)cmd < sizeof(names) / sizeof(names[0]) && names[cmd])
		return names[cmd];
	return "?";
}

static void req_init(struct kb *k, struct req *r, int cmd, size_t extra)
{
	r->cmd = cmd;
	r->err = 0;
	r->m = nlmsg_alloc_size(extra + 4096);
	if (!r->m) {
		r->err = -ENOMEM;
		return;
	}
	if (!genlmsg_put(r->m, NL_AUTO_PORT, NL_AUTO_SEQ, k->family, 0, 0, cmd,
			 EEHLAB_GENL_VERSION))
		r->err = -ENOMEM;
}

static void p_u8(struct req *r, int t, u8 v)
{
	if (!r->err && nla_put_u8(r->m, t, v) < 0)
		r->err = -EMSGSIZE;
}

static void p_u16(struct req *r, int t, u16 v)
{
	if (!r->err && nla_put_u16(r->m, t, v) < 0)
		r->err = -EMSGSIZE;
}

static void p_u32(struct req *r, int t, u32 v)
{
	if (!r->err && nla_put_u32(r->m, t, v) < 0)
		r->err = -EMSGSIZE;
}

static void p_u64(struct req *r, int t, u64 v)
{
	if (!r->err && nla_put_u64(r->m, t, v) < 0)
		r->err = -EMSGSIZE;
}

static void p_flag(struct req *r, int t)
{
	if (!r->err && nla_put_flag(r->m, t) < 0)
		r->err = -EMSGSIZE;
}

static void p_str(struct req *r, int t, const char *s)
{
	if (!r->err && nla_put_string(r->m, t, s ? s : "") < 0)
		r->err = -EMSGSIZE;
}

static void p_data(struct req *r, int t, const void *d, size_t len)
{
	if (!r->err && nla_put(r->m, t, (int)len, d) < 0)
		r->err = -EMSGSIZE;
}

static struct nlattr *p_nest(struct req *r, int t)
{
	struct nlattr *n = NULL;

	if (!r->err) {
		n = nla_nest_start(r->m, t);
		if (!n)
			r->err = -EMSGSIZE;
	}
	return n;
}

static void p_end(struct req *r, struct nlattr *n)
{
	if (!r->err && n && nla_nest_end(r->m, n) < 0)
		r->err = -EMSGSIZE;
}

/* EEHLAB_A_PHB { INDEX } */
static void p_phb(struct req *r, int phb)
{
	struct nlattr *n = p_nest(r, EEHLAB_A_PHB);

	p_u32(r, EEHLAB_A_PHB_INDEX, (u32)phb);
	p_end(r, n);
}

/* a PE: EEHLAB_A_PHB { INDEX } and EEHLAB_A_PE { NUM } */
static void p_pe(struct req *r, int phb, int pe)
{
	struct nlattr *n;

	p_phb(r, phb);
	n = p_nest(r, EEHLAB_A_PE);
	p_u32(r, EEHLAB_A_PE_NUM, (u32)pe);
	p_end(r, n);
}

/* a device: EEHLAB_A_PHB { INDEX } and EEHLAB_A_DEV { ID } */
static void p_dev(struct req *r, const struct be_dev *d)
{
	struct nlattr *n;

	p_phb(r, d->phb);
	n = p_nest(r, EEHLAB_A_DEV);
	p_u32(r, EEHLAB_A_DEV_ID, (u32)d->id);
	p_end(r, n);
}

/*
 * Send the request (consumed) and wait for its replies, each passed to
 * @dec, and its ack; 0 or -errno with @msg filled (the module's extack
 * text, or the errno's text when it sent none).
 */
static int call(struct kb *k, struct req *r, kb_dec_fn dec, void *arg, struct eeh_msg *msg)
{
	struct outcome o;
	struct nl_cb *cb;
	int rc;

	memset(&o, 0, sizeof(o));
	o.dec = dec;
	o.arg = arg;
	if (r->err) {
		nlmsg_free(r->m);
		return eeh_msg_set(msg, r->err, "kernel backend: cannot build %s: %s",
				   cmd_name(r->cmd), strerror(-r->err));
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(r->m);
		return eeh_msg_set(msg, -ENOMEM, "kernel backend: out of memory");
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, &o);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, &o);
	nl_cb_err(cb, NL_CB_CUSTOM, cb_err, &o);
	k->requests++;
	rc = nl_send_auto(k->sk, r->m);
	nlmsg_free(r->m);
	r->m = NULL;
	if (rc < 0) {
		nl_cb_put(cb);
		return eeh_msg_set(msg, -EIO, "kernel backend: sending %s: %s",
				   cmd_name(r->cmd), nl_geterror(rc));
	}
	while (!o.done) {
		rc = nl_recvmsgs(k->sk, cb);
		if (rc < 0 && !o.done) {
			nl_cb_put(cb);
			ev_drain(k);
			return eeh_msg_set(msg, -EIO, "kernel backend: %s: receiving: %s",
					   cmd_name(r->cmd), nl_geterror(rc));
		}
	}
	nl_cb_put(cb);
	ev_drain(k);
	if (o.err) {
		if (o.ext[0])
			return eeh_msg_set(msg, -o.err, "%s", o.ext);
		return eeh_msg_set(msg, -o.err, "%s", strerror(o.err));
	}
	return 0;
}

/* A reply the module had to send but did not. */
static int missing(struct eeh_msg *msg, int cmd, const char *what)
{
	return eeh_msg_set(msg, -EPROTO, "kernel backend: %s replied no %s",
			   cmd_name(cmd), what);
}

/* ---- reply decoding ---- */

static u8 g_u8(struct nlattr *a, u8 def)
{
	return a && nla_len(a) >= 1 ? nla_get_u8(a) : def;
}

static u32 g_u32(struct nlattr *a, u32 def)
{
	return a && nla_len(a) >= 4 ? nla_get_u32(a) : def;
}

static u64 g_u64(struct nlattr *a, u64 def)
{
	return a && nla_len(a) >= 8 ? nla_get_u64(a) : def;
}

static int g_int(struct nlattr *a, int def)
{
	return a && nla_len(a) >= 4 ? (int)nla_get_u32(a) : def;
}

static void g_str(struct nlattr *a, char *buf, size_t len, const char *def)
{
	if (a && nla_len(a) > 0)
		snprintf(buf, len, "%.*s", (int)strnlen(nla_data(a), nla_len(a)),
			 (char *)nla_data(a));
	else
		snprintf(buf, len, "%s", def);
}

#define PARSE_NEST(tb, max, nest) \
	(memset(tb, 0, sizeof(tb)), nla_parse_nested(tb, max, nest, NULL) >= 0)

/* The top-level attributes of the last reply, kept for the op. */
struct top {
	bool got;
	u32 u32v[EEHLAB_A_MAX + 1];
	u64 u64v[EEHLAB_A_MAX + 1];
	bool has[EEHLAB_A_MAX + 1];
};

static void dec_top(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct top *t = arg;
	int i;

	(void)head;
	(void)len;
	t->got = true;
	for (i = 1; i <= EEHLAB_A_MAX; i++) {
		if (!tb[i])
			continue;
		t->has[i] = true;
		if (nla_len(tb[i]) >= 8)
			t->u64v[i] = nla_get_u64(tb[i]);
		if (nla_len(tb[i]) >= 4)
			t->u32v[i] = nla_get_u32(tb[i]);
		else if (nla_len(tb[i]) >= 1)
			t->u32v[i] = nla_get_u8(tb[i]);
	}
}

static void dev_from(struct nlattr *nest, struct be_dev *d)
{
	struct nlattr *tb[EEHLAB_A_DEV_MAX + 1];

	memset(d, 0, sizeof(*d));
	d->bus = d->devfn = d->pe = -1;
	d->phb = d->id = -1;
	snprintf(d->bdf, sizeof(d->bdf), "-");
	if (!PARSE_NEST(tb, EEHLAB_A_DEV_MAX, nest))
		return;
	d->phb = g_int(tb[EEHLAB_A_DEV_PHB], -1);
	d->id = g_int(tb[EEHLAB_A_DEV_ID], -1);
	if (tb[EEHLAB_A_DEV_BUS])
		d->bus = g_u8(tb[EEHLAB_A_DEV_BUS], 0);
	if (tb[EEHLAB_A_DEV_DEVFN])
		d->devfn = g_u8(tb[EEHLAB_A_DEV_DEVFN], 0);
	d->pe = g_int(tb[EEHLAB_A_DEV_PE], -1);
	d->endpoint = g_u8(tb[EEHLAB_A_DEV_ENDPOINT], 0);
	d->edu = g_u8(tb[EEHLAB_A_DEV_EDU], 0);
	d->present = g_u8(tb[EEHLAB_A_DEV_PRESENT], 0);
	d->bound = g_u8(tb[EEHLAB_A_DEV_BOUND], 0);
	g_str(tb[EEHLAB_A_DEV_NAME], d->name, sizeof(d->name), "");
	g_str(tb[EEHLAB_A_DEV_BDF], d->bdf, sizeof(d->bdf), "-");
}

/* Every top-level attribute of type @type, in order, to @fn. */
struct each {
	int type;
	void (*fn)(struct each *e, struct nlattr *a);
	void *out;
	int max, n;		/* written, counted */
	struct top top;
};

static void dec_each(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct each *e = arg;
	struct nlattr *a;
	int rem;

	dec_top(&e->top, tb, head, len);
	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) == e->type)
			e->fn(e, a);
	}
}

/* ---- open and close ---- */

static int ver_check(struct kb *k, struct eeh_msg *msg)
{
	struct top t = { 0 };
	struct req r;
	int rc;

	req_init(k, &r, EEHLAB_CMD_GET_VERSION, 0);
	rc = call(k, &r, dec_top, &t, msg);
	if (rc)
		return rc;
	if (!t.has[EEHLAB_A_VERSION])
		return missing(msg, EEHLAB_CMD_GET_VERSION, "EEHLAB_A_VERSION");
	if (t.u32v[EEHLAB_A_VERSION] != EEHLAB_GENL_VERSION)
		return eeh_msg_set(msg, -EPROTO,
				   "the eehlab module speaks interface version %u; this runner speaks %d",
				   t.u32v[EEHLAB_A_VERSION], EEHLAB_GENL_VERSION);
	return 0;
}

static void dec_version(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct kb *k = arg;

	(void)head;
	(void)len;
	g_str(tb[EEHLAB_A_MODULE_VERSION], k->module_version, sizeof(k->module_version), "?");
}

static void kb_free(struct kb *k)
{
	if (!k)
		return;
	if (k->ev)
		nl_socket_free(k->ev);
	if (k->sk)
		nl_socket_free(k->sk);
	free(k);
}

/*
 * A connected socket, the family resolved and its interface version
 * checked: 0 with *@out (kb_free() it), or -errno with @msg (-ENOENT:
 * the module is not loaded).
 */
static int kb_connect(struct kb **out, struct eeh_msg *msg)
{
	struct kb *k = calloc(1, sizeof(*k));
	struct req r;
	int one = 1, rc;

	*out = NULL;
	if (!k)
		return eeh_msg_set(msg, -ENOMEM, "kernel backend: out of memory");
	k->sk = nl_socket_alloc();
	if (!k->sk) {
		kb_free(k);
		return eeh_msg_set(msg, -ENOMEM, "kernel backend: out of memory");
	}
	rc = genl_connect(k->sk);
	if (rc < 0) {
		kb_free(k);
		return eeh_msg_set(msg, -EIO, "cannot open a generic netlink socket: %s",
				   nl_geterror(rc));
	}
	/* the refusals' messages; replies bigger than a page (memory reads) */
	setsockopt(nl_socket_get_fd(k->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	nl_socket_enable_msg_peek(k->sk);
	nl_socket_set_buffer_size(k->sk, 1 << 20, 1 << 20);
	k->family = genl_ctrl_resolve(k->sk, EEHLAB_GENL_NAME);
	if (k->family < 0) {
		kb_free(k);
		return eeh_msg_set(msg, -ENOENT,
				   "the eehlab kernel module is not loaded (no generic netlink family \"%s\")",
				   EEHLAB_GENL_NAME);
	}
	rc = ver_check(k, msg);
	if (!rc) {
		req_init(k, &r, EEHLAB_CMD_GET_VERSION, 0);
		rc = call(k, &r, dec_version, k, msg);
	}
	if (rc) {
		kb_free(k);
		return rc;
	}
	*out = k;
	return 0;
}

static int kernel_open(struct backend *b, const struct backend_config *cfg,
		       struct eeh_msg *msg)
{
	struct kb *k;
	struct req r;
	int rc;

	b->priv = NULL;
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	ev_open(k);
	req_init(k, &r, EEHLAB_CMD_SESSION_OPEN, 0);
	if (cfg && cfg->mem_cap)
		p_u64(&r, EEHLAB_A_MEM_CAP, cfg->mem_cap);
	rc = call(k, &r, NULL, NULL, msg);
	if (rc) {
		char why[EEH_MSG_LEN];

		snprintf(why, sizeof(why), "%s", msg->text);
		kb_free(k);
		return eeh_msg_set(msg, rc, "cannot open an eehlab session: %s", why);
	}
	b->priv = k;
	return 0;
}

static void kernel_close(struct backend *b)
{
	struct kb *k = kb(b);
	struct eeh_msg m;
	struct req r;

	if (!k)
		return;
	req_init(k, &r, EEHLAB_CMD_SESSION_CLOSE, 0);
	call(k, &r, NULL, NULL, &m);	/* the socket's close ends it anyway */
	kb_free(k);
	b->priv = NULL;
}

void backend_kernel_describe(struct backend *b, char *buf, size_t len)
{
	struct kb *k;

	if (!len)
		return;
	buf[0] = 0;
	if (!b || b->ops != &backend_kernel_ops || !b->priv)
		return;
	k = kb(b);
	ev_drain(k);
	if (k->ev)
		snprintf(buf, len, "kernel backend: module %s, %lu requests, %lu events received, %lu lost",
			 k->module_version, k->requests, k->events, k->ev_lost);
	else
		snprintf(buf, len, "kernel backend: module %s, %lu requests, events not received (%s)",
			 k->module_version, k->requests, k->ev_why);
}

/* ---- topology ---- */

static int kernel_phb_add(struct backend *b, int index, enum eeh_phb_model model,
			  int num_pes, struct eeh_msg *msg)
{
	struct req r;
	struct nlattr *n;

	req_init(kb(b), &r, EEHLAB_CMD_PHB_CREATE, 0);
	n = p_nest(&r, EEHLAB_A_PHB);
	p_u32(&r, EEHLAB_A_PHB_INDEX, (u32)index);
	p_u32(&r, EEHLAB_A_PHB_MODEL, (u32)model);
	if (num_pes > 0)
		p_u32(&r, EEHLAB_A_PHB_NUM_PES, (u32)num_pes);
	p_end(&r, n);
	return call(kb(b), &r, NULL, NULL, msg);
}

static void dec_dev_id(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *dt[EEHLAB_A_DEV_MAX + 1];
	int *id = arg;

	(void)head;
	(void)len;
	if (tb[EEHLAB_A_DEV] && PARSE_NEST(dt, EEHLAB_A_DEV_MAX, tb[EEHLAB_A_DEV]))
		*id = g_int(dt[EEHLAB_A_DEV_ID], -1);
}

static int kernel_node_add(struct backend *b, const struct be_node *nd,
			   struct eeh_msg *msg)
{
	struct req r;
	struct nlattr *n;
	int id = -1, rc;

	req_init(kb(b), &r, EEHLAB_CMD_NODE_ADD, 0);
	p_phb(&r, nd->phb);
	n = p_nest(&r, EEHLAB_A_DEV);
	p_str(&r, EEHLAB_A_DEV_NAME, nd->name);
	p_u32(&r, EEHLAB_A_DEV_TYPE, (u32)nd->type);
	if (nd->parent >= 0)
		p_u32(&r, EEHLAB_A_DEV_PARENT, (u32)nd->parent);
	p_u32(&r, EEHLAB_A_DEV_KIND, (u32)nd->kind);
	if (nd->functions > 0)
		p_u32(&r, EEHLAB_A_DEV_FUNCTIONS, (u32)nd->functions);
	if (nd->vendor)
		p_u16(&r, EEHLAB_A_DEV_VENDOR, nd->vendor);
	if (nd->device)
		p_u16(&r, EEHLAB_A_DEV_DEVICE, nd->device);
	if (nd->bar32)
		p_u64(&r, EEHLAB_A_DEV_BAR32_SIZE, nd->bar32);
	if (nd->bar64)
		p_u64(&r, EEHLAB_A_DEV_BAR64_SIZE, nd->bar64);
	if (nd->freset)
		p_flag(&r, EEHLAB_A_DEV_NEEDS_FRESET);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_dev_id, &id, msg);
	if (rc)
		return rc;
	if (id < 0)
		return missing(msg, EEHLAB_CMD_NODE_ADD, "EEHLAB_A_DEV_ID");
	return id;
}

static int kernel_enumerate(struct backend *b, struct eeh_msg *msg)
{
	struct req r;

	/* no PHB given: every PHB not enumerated yet (the session's verb) */
	req_init(kb(b), &r, EEHLAB_CMD_PHB_ENUMERATE, 0);
	return call(kb(b), &r, NULL, NULL, msg);
}

struct dev_one {
	bool got;
	struct be_dev *d;
};

static void dec_dev(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct dev_one *o = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_DEV])
		return;
	dev_from(tb[EEHLAB_A_DEV], o->d);
	o->got = true;
}

static int kernel_resolve(struct backend *b, const char *spec, struct be_dev *out,
			  struct eeh_msg *msg)
{
	struct dev_one o = { false, out };
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_DEV_RESOLVE, 0);
	p_str(&r, EEHLAB_A_SPEC, spec);
	rc = call(kb(b), &r, dec_dev, &o, msg);
	if (rc)
		return rc;
	if (!o.got)
		return missing(msg, EEHLAB_CMD_DEV_RESOLVE, "EEHLAB_A_DEV");
	return 0;
}

static void each_dev(struct each *e, struct nlattr *a)
{
	if (e->n < e->max)
		dev_from(a, (struct be_dev *)e->out + e->n);
	e->n++;
}

static int kernel_dev_list(struct backend *b, struct be_dev *out, int max)
{
	struct each e = { .type = EEHLAB_A_DEV, .fn = each_dev, .out = out, .max = max };
	struct eeh_msg m;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_DEV_LIST, 0);
	if (call(kb(b), &r, dec_each, &e, &m))
		return 0;
	return e.n < max ? e.n : max;
}

static void dec_covers(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *pt[EEHLAB_A_PE_MAX + 1];
	int *covers = arg;

	(void)head;
	(void)len;
	if (tb[EEHLAB_A_PE] && PARSE_NEST(pt, EEHLAB_A_PE_MAX, tb[EEHLAB_A_PE]) &&
	    pt[EEHLAB_A_PE_COVERS])
		*covers = g_u8(pt[EEHLAB_A_PE_COVERS], 0);
}

static bool kernel_pe_covers(struct backend *b, int phb, int parent, int child)
{
	struct eeh_msg m;
	struct nlattr *n;
	struct req r;
	int covers = 0;

	req_init(kb(b), &r, EEHLAB_CMD_PE_COVERS, 0);
	p_phb(&r, phb);
	n = p_nest(&r, EEHLAB_A_PE);
	p_u32(&r, EEHLAB_A_PE_NUM, (u32)parent);
	p_u32(&r, EEHLAB_A_PE_CHILD, (u32)child);
	p_end(&r, n);
	if (call(kb(b), &r, dec_covers, &covers, &m))
		return false;
	return covers != 0;
}

static int kernel_pe_check(struct backend *b, int phb, int pe, struct eeh_msg *msg)
{
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_PE_STATE, 0);
	p_pe(&r, phb, pe);
	return call(kb(b), &r, NULL, NULL, msg);
}

/* ---- drivers ---- */

static int kernel_driver_set(struct backend *b, const struct be_dev *d,
			     const struct be_driver *drv, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_DRIVER_SET, 0);
	p_dev(&r, d);
	n = p_nest(&r, EEHLAB_A_DRIVER);
	if (drv->bound >= 0)
		p_u8(&r, EEHLAB_A_DRIVER_BOUND, drv->bound ? 1 : 0);
	if (drv->handlers >= 0)
		p_u8(&r, EEHLAB_A_DRIVER_HANDLERS, drv->handlers ? 1 : 0);
	if (drv->error_detected)
		p_u32(&r, EEHLAB_A_DRIVER_ERROR_DETECTED, (u32)drv->error_detected);
	if (drv->mmio_enabled)
		p_u32(&r, EEHLAB_A_DRIVER_MMIO_ENABLED, (u32)drv->mmio_enabled);
	if (drv->slot_reset)
		p_u32(&r, EEHLAB_A_DRIVER_SLOT_RESET, (u32)drv->slot_reset);
	p_end(&r, n);
	return call(kb(b), &r, NULL, NULL, msg);
}

/* ---- host memory ---- */

static int kernel_mem_alloc(struct backend *b, u64 size, u64 align, u64 *pa,
			    struct eeh_msg *msg)
{
	struct top t = { 0 };
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_MEM_ALLOC, 0);
	p_u64(&r, EEHLAB_A_LEN, size);
	if (align)
		p_u64(&r, EEHLAB_A_ALIGN, align);
	rc = call(kb(b), &r, dec_top, &t, msg);
	if (rc)
		return rc;
	if (!t.has[EEHLAB_A_ADDR])
		return missing(msg, EEHLAB_CMD_MEM_ALLOC, "EEHLAB_A_ADDR");
	*pa = t.u64v[EEHLAB_A_ADDR];
	return 0;
}

struct data_in {
	void *buf;
	size_t want;
	long got;		/* -1: no EEHLAB_A_DATA */
};

static void dec_data(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct data_in *d = arg;
	size_t n;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_DATA])
		return;
	n = (size_t)nla_len(tb[EEHLAB_A_DATA]);
	d->got = (long)n;
	memcpy(d->buf, nla_data(tb[EEHLAB_A_DATA]), n < d->want ? n : d->want);
}

/*
 * One memory transfer in EEHLAB_DATA_MAX chunks: host memory (@guest
 * NULL) or a guest's (@guest: its name). A failed chunk ends it.
 */
static int mem_xfer(struct backend *b, const char *guest, u64 addr, void *buf, u64 len,
		    bool write, struct eeh_msg *msg)
{
	int cmd = guest ? (write ? EEHLAB_CMD_GUEST_MEM_WRITE : EEHLAB_CMD_GUEST_MEM_READ) :
			  (write ? EEHLAB_CMD_MEM_WRITE : EEHLAB_CMD_MEM_READ);
	u64 done = 0;
	int rc;

	do {
		u64 n = len - done > EEHLAB_DATA_MAX ? EEHLAB_DATA_MAX : len - done;
		struct data_in d = { (u8 *)buf + done, (size_t)n, -1 };
		struct nlattr *g;
		struct req r;

		req_init(kb(b), &r, cmd, write ? (size_t)n : 0);
		if (guest) {
			g = p_nest(&r, EEHLAB_A_GUEST);
			p_str(&r, EEHLAB_A_GUEST_NAME, guest);
			p_end(&r, g);
		}
		p_u64(&r, EEHLAB_A_ADDR, addr + done);
		if (write) {
			p_data(&r, EEHLAB_A_DATA, (const u8 *)buf + done, (size_t)n);
			rc = call(kb(b), &r, NULL, NULL, msg);
		} else {
			p_u64(&r, EEHLAB_A_LEN, n);
			rc = call(kb(b), &r, dec_data, &d, msg);
			if (!rc && d.got < 0)
				rc = missing(msg, cmd, "EEHLAB_A_DATA");
			else if (!rc && (u64)d.got != n)
				rc = eeh_msg_set(msg, -EPROTO,
						 "kernel backend: %s replied %ld bytes for %llu",
						 cmd_name(cmd), d.got, (unsigned long long)n);
		}
		if (rc)
			return rc;
		done += n;
	} while (done < len);
	return 0;
}

static int kernel_mem_read(struct backend *b, u64 pa, void *buf, u64 len,
			   struct eeh_msg *msg)
{
	return mem_xfer(b, NULL, pa, buf, len, false, msg);
}

static int kernel_mem_write(struct backend *b, u64 pa, const void *buf, u64 len,
			    struct eeh_msg *msg)
{
	return mem_xfer(b, NULL, pa, (void *)buf, len, true, msg);
}

/* ---- DMA windows and TCEs ---- */

static int kernel_window_create(struct backend *b, int phb, int pe, int which,
				u32 page_shift, u64 size, int levels, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_WINDOW_CREATE, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_WINDOW);
	p_u32(&r, EEHLAB_A_WINDOW_WHICH, (u32)which);
	p_u32(&r, EEHLAB_A_WINDOW_PAGE_SHIFT, page_shift);
	p_u64(&r, EEHLAB_A_WINDOW_SIZE, size);
	p_u32(&r, EEHLAB_A_WINDOW_LEVELS, (u32)levels);
	p_end(&r, n);
	return call(kb(b), &r, NULL, NULL, msg);
}

static int kernel_window_remove(struct backend *b, int phb, int pe, int which,
				struct eeh_msg *msg)
{
	struct nlattr *n;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_WINDOW_REMOVE, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_WINDOW);
	p_u32(&r, EEHLAB_A_WINDOW_WHICH, (u32)which);
	p_end(&r, n);
	return call(kb(b), &r, NULL, NULL, msg);
}

struct win_in {
	bool got;
	struct eeh_tce_table *t;
	unsigned long liobn;
	bool has_liobn;
};

static void dec_window(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *wt[EEHLAB_A_WINDOW_MAX + 1];
	struct win_in *w = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_WINDOW] || !PARSE_NEST(wt, EEHLAB_A_WINDOW_MAX, tb[EEHLAB_A_WINDOW]))
		return;
	w->got = true;
	if (wt[EEHLAB_A_WINDOW_LIOBN]) {
		w->has_liobn = true;
		w->liobn = (unsigned long)g_u64(wt[EEHLAB_A_WINDOW_LIOBN], 0);
	}
	if (!w->t)
		return;
	memset(w->t, 0, sizeof(*w->t));
	w->t->base = g_u64(wt[EEHLAB_A_WINDOW_BASE], 0);
	w->t->levels = g_int(wt[EEHLAB_A_WINDOW_LEVELS], 0);
	w->t->level_shift = g_u32(wt[EEHLAB_A_WINDOW_LEVEL_SHIFT], 0);
	w->t->page_shift = g_u32(wt[EEHLAB_A_WINDOW_PAGE_SHIFT], 0);
	w->t->bus_start = g_u64(wt[EEHLAB_A_WINDOW_BUS_START], 0);
	w->t->entries = g_u64(wt[EEHLAB_A_WINDOW_ENTRIES], 0);
	w->t->window_size = g_u64(wt[EEHLAB_A_WINDOW_BYTES], 0);
}

static int kernel_window_get(struct backend *b, int phb, int pe, int which,
			     struct eeh_tce_table *t)
{
	struct win_in w = { .t = t };
	struct eeh_msg m;
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_WINDOW_GET, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_WINDOW);
	p_u32(&r, EEHLAB_A_WINDOW_WHICH, (u32)which);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_window, &w, &m);
	if (rc)
		return rc;
	return w.got ? 0 : -EPROTO;
}

static int kernel_tce_map(struct backend *b, int phb, int pe, int which, u64 ioba,
			  u64 host, u64 len, u64 perm, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_TCE_MAP, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_WINDOW);
	p_u32(&r, EEHLAB_A_WINDOW_WHICH, (u32)which);
	p_end(&r, n);
	p_u64(&r, EEHLAB_A_ADDR, ioba);
	p_u64(&r, EEHLAB_A_HOST, host);
	p_u64(&r, EEHLAB_A_LEN, len);
	p_u64(&r, EEHLAB_A_PERM, perm);
	return call(kb(b), &r, NULL, NULL, msg);
}

/* ---- the data path ---- */

static int dev_access(struct backend *b, int cmd, const struct be_dev *d, bool bar_access,
		  int bar, u64 off, int size, bool detect, const u64 *wval, u64 *rval,
		  struct eeh_msg *msg)
{
	struct top t = { 0 };
	struct req r;
	int rc;

	req_init(kb(b), &r, cmd, 0);
	p_dev(&r, d);
	if (bar_access)
		p_u32(&r, EEHLAB_A_BAR, (u32)bar);
	p_u64(&r, EEHLAB_A_OFFSET, off);
	p_u32(&r, EEHLAB_A_WIDTH, (u32)size);
	if (detect)
		p_flag(&r, EEHLAB_A_DETECT);
	if (wval)
		p_u64(&r, EEHLAB_A_VALUE, *wval);
	rc = call(kb(b), &r, dec_top, &t, msg);
	if (rc || !rval)
		return rc;
	if (!t.has[EEHLAB_A_VALUE])
		return missing(msg, cmd, "EEHLAB_A_VALUE");
	*rval = t.u64v[EEHLAB_A_VALUE];
	return 0;
}

static int kernel_mmio_read(struct backend *b, const struct be_dev *d, int bar, u64 off,
			    int size, bool detect, u64 *val, struct eeh_msg *msg)
{
	return dev_access(b, EEHLAB_CMD_MMIO_READ, d, true, bar, off, size, detect, NULL, val,
		      msg);
}

static int kernel_mmio_write(struct backend *b, const struct be_dev *d, int bar, u64 off,
			     int size, u64 val, struct eeh_msg *msg)
{
	return dev_access(b, EEHLAB_CMD_MMIO_WRITE, d, true, bar, off, size, false, &val, NULL,
		      msg);
}

static int kernel_cfg_read(struct backend *b, const struct be_dev *d, u32 off, int size,
			   u32 *val, struct eeh_msg *msg)
{
	u64 v = 0;
	int rc = dev_access(b, EEHLAB_CMD_CFG_READ, d, false, 0, off, size, false, NULL, &v,
			msg);

	if (!rc)
		*val = (u32)v;
	return rc;
}

static int kernel_cfg_write(struct backend *b, const struct be_dev *d, u32 off, int size,
			    u32 val, struct eeh_msg *msg)
{
	u64 v = val;

	return dev_access(b, EEHLAB_CMD_CFG_WRITE, d, false, 0, off, size, false, &v, NULL,
		      msg);
}

struct dma_in {
	bool got;
	struct be_dma_res *res;
};

static void dec_dma(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *dt[EEHLAB_A_DMA_MAX + 1];
	struct dma_in *d = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_DMA] || !PARSE_NEST(dt, EEHLAB_A_DMA_MAX, tb[EEHLAB_A_DMA]))
		return;
	d->got = true;
	d->res->outcome = (enum be_dma_outcome)g_u32(dt[EEHLAB_A_DMA_OUTCOME], 0);
	d->res->cause = (enum eeh_cause)g_u32(dt[EEHLAB_A_DMA_CAUSE], 0);
}

static int kernel_dma(struct backend *b, const struct be_dev *dev,
		      const struct be_dma_req *rq, struct be_dma_res *res,
		      struct eeh_msg *msg)
{
	struct dma_in d = { false, res };
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_DMA, 0);
	p_dev(&r, dev);
	n = p_nest(&r, EEHLAB_A_DMA);
	p_u64(&r, EEHLAB_A_DMA_IOBA, rq->ioba);
	p_u32(&r, EEHLAB_A_DMA_LEN, rq->len);
	p_u32(&r, EEHLAB_A_DMA_BUF_OFF, rq->buf_off);
	p_u32(&r, EEHLAB_A_DMA_DIR, (u32)rq->dir);
	p_u32(&r, EEHLAB_A_DMA_START, (u32)rq->start);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_dma, &d, msg);
	if (rc)
		return rc;
	if (!d.got)
		return missing(msg, EEHLAB_CMD_DMA, "EEHLAB_A_DMA");
	return 0;
}

/* ---- faults, detection, recovery, time ---- */

struct inj_in {
	bool got;
	struct eeh_inj_result *res;
};

static void dec_inject(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *it[EEHLAB_A_INJECT_MAX + 1];
	struct inj_in *i = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_INJECT] || !PARSE_NEST(it, EEHLAB_A_INJECT_MAX, tb[EEHLAB_A_INJECT]))
		return;
	i->got = true;
	if (!i->res)
		return;
	if (it[EEHLAB_A_INJECT_FW_ANSWER])
		i->res->fw = (enum eeh_fw_answer)(s32)g_u32(it[EEHLAB_A_INJECT_FW_ANSWER], 0);
	i->res->trap_id = g_u32(it[EEHLAB_A_INJECT_TRAP_ID], 0);
	i->res->addr = g_u64(it[EEHLAB_A_INJECT_ADDR], 0);
	i->res->mask = g_u64(it[EEHLAB_A_INJECT_MASK], 0);
}

static int kernel_inject(struct backend *b, const struct eeh_inj_req *rq,
			 struct eeh_inj_result *res, struct eeh_msg *msg)
{
	struct inj_in i = { false, res };
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_INJECT, 0);
	n = p_nest(&r, EEHLAB_A_INJECT);
	p_u32(&r, EEHLAB_A_INJECT_KIND, (u32)rq->kind);
	p_u32(&r, EEHLAB_A_INJECT_PHB, (u32)rq->phb);
	if (rq->pe >= 0)
		p_u32(&r, EEHLAB_A_INJECT_PE, (u32)rq->pe);
	switch (rq->kind) {
	case EEH_INJ_FUNC:
		p_u32(&r, EEHLAB_A_INJECT_TYPE, (u32)rq->type);
		p_u32(&r, EEHLAB_A_INJECT_FUNC, (u32)rq->func);
		p_u64(&r, EEHLAB_A_INJECT_ADDR, rq->addr);
		p_u64(&r, EEHLAB_A_INJECT_MASK, rq->mask);
		break;
	case EEH_INJ_FREEZE:
		p_u32(&r, EEHLAB_A_INJECT_WHICH, rq->which);
		break;
	case EEH_INJ_DMA_FAULT:
		p_u32(&r, EEHLAB_A_INJECT_CAUSE, (u32)rq->dma_cause);
		p_u64(&r, EEHLAB_A_INJECT_ADDR, rq->addr);
		p_u64(&r, EEHLAB_A_INJECT_MASK, rq->mask);
		break;
	default:
		break;
	}
	p_end(&r, n);
	rc = call(kb(b), &r, dec_inject, &i, msg);
	if (rc)
		return rc;
	if (!i.got)
		return missing(msg, EEHLAB_CMD_INJECT, "EEHLAB_A_INJECT");
	return 0;
}

static int kernel_check(struct backend *b, const struct be_dev *d, bool *queued,
			struct eeh_msg *msg)
{
	struct top t = { 0 };
	struct req r;
	int rc;

	*queued = false;
	req_init(kb(b), &r, EEHLAB_CMD_CHECK, 0);
	p_dev(&r, d);
	rc = call(kb(b), &r, dec_top, &t, msg);
	if (rc)
		return rc;
	*queued = t.has[EEHLAB_A_QUEUED] && t.u32v[EEHLAB_A_QUEUED];
	return 0;
}

static void each_rec(struct each *e, struct nlattr *a)
{
	struct nlattr *tb[EEHLAB_A_REC_MAX + 1];
	struct eeh_rec_event *ev;

	if (e->n >= e->max) {
		e->n++;
		return;
	}
	ev = (struct eeh_rec_event *)e->out + e->n++;
	memset(ev, 0, sizeof(*ev));
	ev->pe = -1;
	if (!PARSE_NEST(tb, EEHLAB_A_REC_MAX, a))
		return;
	ev->phb = g_int(tb[EEHLAB_A_REC_PHB], -1);
	ev->pe = g_int(tb[EEHLAB_A_REC_PE], -1);
	ev->result = (enum eeh_rec_result)g_u32(tb[EEHLAB_A_REC_RESULT], 0);
	ev->merged = (enum eeh_ers)g_u32(tb[EEHLAB_A_REC_MERGED], 0);
	ev->resets = g_int(tb[EEHLAB_A_REC_RESETS], 0);
	ev->thawed = g_u8(tb[EEHLAB_A_REC_THAWED], 0);
	ev->freeze_count = g_int(tb[EEHLAB_A_REC_FREEZE_COUNT], 0);
	ev->start_ms = g_u64(tb[EEHLAB_A_REC_START_MS], 0);
	ev->end_ms = g_u64(tb[EEHLAB_A_REC_END_MS], 0);
	g_str(tb[EEHLAB_A_REC_TEXT], ev->text, sizeof(ev->text), "");
}

static int kernel_recover(struct backend *b, struct eeh_rec_event *ev, int max, int *n,
			  struct eeh_msg *msg)
{
	struct each e = { .type = EEHLAB_A_REC_EVENT, .fn = each_rec, .out = ev, .max = max };
	struct req r;
	int rc;

	*n = 0;
	req_init(kb(b), &r, EEHLAB_CMD_RECOVER, 0);
	rc = call(kb(b), &r, dec_each, &e, msg);
	if (rc)
		return rc;
	*n = e.n < max ? e.n : max;
	return 0;
}

static int kernel_advance(struct backend *b, u64 ms, struct eeh_msg *msg)
{
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_ADVANCE, 0);
	p_u64(&r, EEHLAB_A_MS, ms);
	return call(kb(b), &r, NULL, NULL, msg);
}

static int kernel_set_max_freezes(struct backend *b, int n, struct eeh_msg *msg)
{
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_MAX_FREEZES_SET, 0);
	p_u32(&r, EEHLAB_A_MAX_FREEZES, (u32)n);
	return call(kb(b), &r, NULL, NULL, msg);
}

/* ---- queries ---- */

struct pe_in {
	bool got;
	struct be_pe_state *st;
};

static void dec_pe_state(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *pt[EEHLAB_A_PE_MAX + 1];
	struct pe_in *p = arg;
	struct be_pe_state *st = p->st;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_PE] || !PARSE_NEST(pt, EEHLAB_A_PE_MAX, tb[EEHLAB_A_PE]))
		return;
	p->got = true;
	memset(st, 0, sizeof(*st));
	st->fw = (enum eeh_fw_state)g_u32(pt[EEHLAB_A_PE_FW_STATE], 0);
	st->linux_bits = g_u32(pt[EEHLAB_A_PE_STATE], 0);
	st->sw_state = g_u32(pt[EEHLAB_A_PE_SW_STATE], 0);
	g_str(pt[EEHLAB_A_PE_SYSFS], st->sysfs, sizeof(st->sysfs), "");
	st->freeze_count = g_int(pt[EEHLAB_A_PE_FREEZE_COUNT], 0);
	st->dma_blocked = g_u64(pt[EEHLAB_A_PE_DMA_BLOCKED], 0);
	st->stores_dropped = g_u64(pt[EEHLAB_A_PE_STORES_DROPPED], 0);
	st->loads_ones = g_u64(pt[EEHLAB_A_PE_LOADS_ONES], 0);
}

static int kernel_pe_state(struct backend *b, int phb, int pe, struct be_pe_state *st,
			   struct eeh_msg *msg)
{
	struct pe_in p = { false, st };
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_PE_STATE, 0);
	p_pe(&r, phb, pe);
	rc = call(kb(b), &r, dec_pe_state, &p, msg);
	if (rc)
		return rc;
	if (!p.got)
		return missing(msg, EEHLAB_CMD_PE_STATE, "EEHLAB_A_PE");
	return 0;
}

static void each_frozen(struct each *e, struct nlattr *a)
{
	struct nlattr *pt[EEHLAB_A_PE_MAX + 1];
	struct be_pe_ref *p;

	if (e->n >= e->max) {
		e->n++;
		return;
	}
	p = (struct be_pe_ref *)e->out + e->n++;
	p->phb = p->pe = -1;
	if (PARSE_NEST(pt, EEHLAB_A_PE_MAX, a)) {
		p->phb = g_int(pt[EEHLAB_A_PE_PHB], -1);
		p->pe = g_int(pt[EEHLAB_A_PE_NUM], -1);
	}
}

static int kernel_frozen_pes(struct backend *b, struct be_pe_ref *out, int max)
{
	struct each e = { .type = EEHLAB_A_PE, .fn = each_frozen, .out = out, .max = max };
	struct eeh_msg m;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_FROZEN_GET, 0);
	if (call(kb(b), &r, dec_each, &e, &m))
		return 0;
	/* the total; at most @max written */
	if (e.top.has[EEHLAB_A_COUNT])
		return (int)e.top.u32v[EEHLAB_A_COUNT];
	return e.n;
}

static void each_cb(struct each *e, struct nlattr *a)
{
	struct nlattr *tb[EEHLAB_A_CB_MAX + 1];
	struct eeh_cb_rec *c;

	if (e->n >= e->max) {
		e->n++;
		return;
	}
	c = (struct eeh_cb_rec *)e->out + e->n++;
	memset(c, 0, sizeof(*c));
	if (!PARSE_NEST(tb, EEHLAB_A_CB_MAX, a))
		return;
	c->seq = g_u64(tb[EEHLAB_A_CB_SEQ], 0);
	c->time_ms = g_u64(tb[EEHLAB_A_CB_TIME_MS], 0);
	c->phb = g_int(tb[EEHLAB_A_CB_PHB], -1);
	c->func = g_int(tb[EEHLAB_A_CB_FUNC], -1);
	c->cb = (enum eeh_cb)g_u32(tb[EEHLAB_A_CB_CALLBACK], 0);
	c->state = (enum eeh_channel)g_u32(tb[EEHLAB_A_CB_STATE], 0);
	c->result = (enum eeh_ers)g_u32(tb[EEHLAB_A_CB_RESULT], 0);
}

static u64 kernel_cb_seq(struct backend *b)
{
	struct each e = { .type = EEHLAB_A_CB, .fn = each_cb, .out = NULL, .max = 0 };
	struct eeh_msg m;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_CB_GET, 0);
	if (call(kb(b), &r, dec_each, &e, &m))
		return 0;
	return e.top.has[EEHLAB_A_SEQ] ? e.top.u64v[EEHLAB_A_SEQ] : 0;
}

static int kernel_cb_since(struct backend *b, u64 after, struct eeh_cb_rec *out, int max)
{
	struct each e = { .type = EEHLAB_A_CB, .fn = each_cb, .out = out, .max = max };
	struct eeh_msg m;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_CB_GET, 0);
	p_u64(&r, EEHLAB_A_AFTER, after);
	if (call(kb(b), &r, dec_each, &e, &m))
		return 0;
	return e.n < max ? e.n : max;
}

struct diag_in {
	bool got;
	struct eeh_diag *d;
};

static void dec_diag(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *dt[EEHLAB_A_DIAG_MAX + 1];
	struct diag_in *di = arg;
	struct eeh_diag *d = di->d;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_DIAG] || !PARSE_NEST(dt, EEHLAB_A_DIAG_MAX, tb[EEHLAB_A_DIAG]))
		return;
	di->got = true;
	memset(d, 0, sizeof(*d));
	d->seq = g_u64(dt[EEHLAB_A_DIAG_SEQ], 0);
	d->time_ms = g_u64(dt[EEHLAB_A_DIAG_TIME_MS], 0);
	d->phb = g_int(dt[EEHLAB_A_DIAG_PHB], -1);
	d->pe = g_int(dt[EEHLAB_A_DIAG_PE], -1);
	d->type = (enum eeh_err_type)g_u32(dt[EEHLAB_A_DIAG_TYPE], 0);
	d->severity = (enum eeh_severity)g_u32(dt[EEHLAB_A_DIAG_SEVERITY], 0);
	d->cause = (enum eeh_cause)g_u32(dt[EEHLAB_A_DIAG_CAUSE], 0);
	d->func = g_int(dt[EEHLAB_A_DIAG_FUNC], -1);
	d->addr = g_u64(dt[EEHLAB_A_DIAG_ADDR], 0);
	d->pest_a = g_u64(dt[EEHLAB_A_DIAG_PEST_A], 0);
	d->pest_b = g_u64(dt[EEHLAB_A_DIAG_PEST_B], 0);
	g_str(dt[EEHLAB_A_DIAG_TEXT], d->text, sizeof(d->text), "");
}

static int kernel_diag_last(struct backend *b, int phb, int pe, struct eeh_diag *out)
{
	struct diag_in di = { false, out };
	struct eeh_msg m;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_DIAG_GET, 0);
	p_pe(&r, phb, pe);
	rc = call(kb(b), &r, dec_diag, &di, &m);
	if (rc)
		return rc;
	return di.got ? 0 : -ENOENT;
}

/* ---- guests ---- */

static void p_guest(struct req *r, const char *name)
{
	struct nlattr *n = p_nest(r, EEHLAB_A_GUEST);

	p_str(r, EEHLAB_A_GUEST_NAME, name);
	p_end(r, n);
}

static int kernel_guest_create(struct backend *b, const char *name, struct eeh_msg *msg)
{
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_CREATE, 0);
	p_guest(&r, name);
	return call(kb(b), &r, NULL, NULL, msg);
}

static int kernel_guest_slot(struct backend *b, const char *guest, u64 gpa, u64 size,
			     u32 page_shift, bool prereg, bool linear, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_SLOT, 0);
	n = p_nest(&r, EEHLAB_A_GUEST);
	p_str(&r, EEHLAB_A_GUEST_NAME, guest);
	p_u64(&r, EEHLAB_A_GUEST_SLOT_GPA, gpa);
	p_u64(&r, EEHLAB_A_GUEST_SLOT_SIZE, size);
	p_u32(&r, EEHLAB_A_GUEST_SLOT_PAGE_SHIFT, page_shift);
	if (prereg)
		p_flag(&r, EEHLAB_A_GUEST_SLOT_PREREG);
	if (!linear)
		p_flag(&r, EEHLAB_A_GUEST_SLOT_NOT_LINEAR);
	p_end(&r, n);
	return call(kb(b), &r, NULL, NULL, msg);
}

struct guest_in {
	bool got;
	bool has_liobn;
	unsigned long liobn;
	struct be_guest_stats *st;
};

static void dec_guest(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *gt[EEHLAB_A_GUEST_MAX + 1];
	struct guest_in *g = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_GUEST] || !PARSE_NEST(gt, EEHLAB_A_GUEST_MAX, tb[EEHLAB_A_GUEST]))
		return;
	g->got = true;
	if (gt[EEHLAB_A_GUEST_LIOBN]) {
		g->has_liobn = true;
		g->liobn = (unsigned long)g_u64(gt[EEHLAB_A_GUEST_LIOBN], 0);
	}
	if (g->st) {
		memset(g->st, 0, sizeof(*g->st));
		g->st->finished[0] = g_u64(gt[EEHLAB_A_GUEST_FINISHED_REAL], 0);
		g->st->finished[1] = g_u64(gt[EEHLAB_A_GUEST_FINISHED_VIRT], 0);
		g->st->finished[2] = g_u64(gt[EEHLAB_A_GUEST_FINISHED_USER], 0);
		g->st->pins = g_u64(gt[EEHLAB_A_GUEST_PINS], 0);
		g->st->exits = g_u64(gt[EEHLAB_A_GUEST_EXITS], 0);
	}
}

static int kernel_guest_assign(struct backend *b, const char *guest, int phb, int pe,
			       unsigned long *liobn, struct eeh_msg *msg)
{
	struct guest_in g = { 0 };
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_ASSIGN, 0);
	p_guest(&r, guest);
	p_pe(&r, phb, pe);
	rc = call(kb(b), &r, dec_guest, &g, msg);
	if (rc)
		return rc;
	if (!g.has_liobn)
		return missing(msg, EEHLAB_CMD_GUEST_ASSIGN, "EEHLAB_A_GUEST_LIOBN");
	if (liobn)
		*liobn = g.liobn;
	return 0;
}

static int kernel_guest_release(struct backend *b, int phb, int pe, struct eeh_msg *msg)
{
	struct req r;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_RELEASE, 0);
	p_pe(&r, phb, pe);
	return call(kb(b), &r, NULL, NULL, msg);
}

static int kernel_guest_window(struct backend *b, int phb, int pe, u32 page_shift,
			       u64 size, int levels, bool remove, unsigned long *liobn,
			       struct eeh_msg *msg)
{
	struct win_in w = { 0 };
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_WINDOW, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_WINDOW);
	if (remove) {
		p_flag(&r, EEHLAB_A_WINDOW_REMOVE);
	} else {
		p_u32(&r, EEHLAB_A_WINDOW_PAGE_SHIFT, page_shift);
		p_u64(&r, EEHLAB_A_WINDOW_SIZE, size);
		p_u32(&r, EEHLAB_A_WINDOW_LEVELS, (u32)levels);
	}
	p_end(&r, n);
	rc = call(kb(b), &r, dec_window, &w, msg);
	if (rc)
		return rc;
	if (liobn && w.has_liobn)
		*liobn = w.liobn;
	else if (liobn && !remove)
		return missing(msg, EEHLAB_CMD_GUEST_WINDOW, "EEHLAB_A_WINDOW_LIOBN");
	return 0;
}

static int kernel_guest_liobn(struct backend *b, int phb, int pe, int which, int tier,
			      unsigned long *liobn, struct eeh_msg *msg)
{
	struct win_in w = { 0 };
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_LIOBN, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_WINDOW);
	p_u32(&r, EEHLAB_A_WINDOW_WHICH, (u32)which);
	if (tier >= 0)
		p_u32(&r, EEHLAB_A_WINDOW_TIER, (u32)tier);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_window, &w, msg);
	if (rc)
		return rc;
	if (!w.has_liobn)
		return missing(msg, EEHLAB_CMD_GUEST_LIOBN, "EEHLAB_A_WINDOW_LIOBN");
	if (liobn)
		*liobn = w.liobn;
	return 0;
}

struct hcall_in {
	bool got;
	struct be_hcall *hc;
};

static void dec_hcall(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *ht[EEHLAB_A_HCALL_MAX + 1];
	struct hcall_in *h = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_HCALL] || !PARSE_NEST(ht, EEHLAB_A_HCALL_MAX, tb[EEHLAB_A_HCALL]))
		return;
	h->got = ht[EEHLAB_A_HCALL_RC] != NULL;
	h->hc->rc = (long)(s64)g_u64(ht[EEHLAB_A_HCALL_RC], 0);
	h->hc->ret = (unsigned long)g_u64(ht[EEHLAB_A_HCALL_RET], 0);
	h->hc->tier = g_int(ht[EEHLAB_A_HCALL_TIER], 0);
}

static void p_hcall(struct req *r, int type, const struct be_hcall *hc)
{
	struct nlattr *n = p_nest(r, type);
	int i;

	p_u64(r, EEHLAB_A_HCALL_OPCODE, hc->opcode);
	for (i = 0; i < hc->nargs && i < 4; i++)
		p_u64(r, EEHLAB_A_HCALL_ARG0 + i, hc->args[i]);
	p_end(r, n);
}

static int kernel_hcall(struct backend *b, const char *guest, struct be_hcall *hc,
			struct eeh_msg *msg)
{
	struct hcall_in h = { false, hc };
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_HCALL, 0);
	p_guest(&r, guest);
	p_hcall(&r, EEHLAB_A_HCALL, hc);
	rc = call(kb(b), &r, dec_hcall, &h, msg);
	if (rc)
		return rc;
	if (!h.got)
		return missing(msg, EEHLAB_CMD_HCALL, "EEHLAB_A_HCALL_RC");
	return 0;
}

struct race_in {
	bool got;
	struct be_race *br;
};

static void dec_race(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *rt[EEHLAB_A_RACE_MAX + 1];
	struct race_in *in = arg;
	struct be_race *br = in->br;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_RACE] || !PARSE_NEST(rt, EEHLAB_A_RACE_MAX, tb[EEHLAB_A_RACE]) ||
	    !rt[EEHLAB_A_RACE_RC_A])
		return;
	in->got = true;
	br->a.rc = (long)(s64)g_u64(rt[EEHLAB_A_RACE_RC_A], 0);
	br->b.rc = (long)(s64)g_u64(rt[EEHLAB_A_RACE_RC_B], 0);
	br->ab = g_u64(rt[EEHLAB_A_RACE_AB], 0);
	br->ba = g_u64(rt[EEHLAB_A_RACE_BA], 0);
	br->same = g_u64(rt[EEHLAB_A_RACE_SAME], 0);
	br->mixed = g_u64(rt[EEHLAB_A_RACE_MIXED], 0);
	br->torn = g_u64(rt[EEHLAB_A_RACE_TORN], 0);
	br->rc_diff = g_u64(rt[EEHLAB_A_RACE_RC_DIFF], 0);
	br->split = g_u64(rt[EEHLAB_A_RACE_SPLIT], 0);
	br->lost = g_u64(rt[EEHLAB_A_RACE_LOST], 0);
	br->entries = (u32)g_int(rt[EEHLAB_A_RACE_ENTRIES], 0);
	if (rt[EEHLAB_A_RACE_BAD])
		snprintf(br->bad, sizeof(br->bad), "%s", nla_get_string(rt[EEHLAB_A_RACE_BAD]));
}

static int kernel_race(struct backend *b, const char *guest, struct be_race *br,
		       struct eeh_msg *msg)
{
	struct race_in in = { false, br };
	struct nlattr *n;
	struct req r;
	int rc;

	br->bad[0] = 0;
	req_init(kb(b), &r, EEHLAB_CMD_HCALL_RACE, 0);
	p_guest(&r, guest);
	n = p_nest(&r, EEHLAB_A_RACE);
	p_u32(&r, EEHLAB_A_RACE_ROUNDS, br->rounds);
	p_hcall(&r, EEHLAB_A_RACE_A, &br->a);
	p_hcall(&r, EEHLAB_A_RACE_B, &br->b);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_race, &in, msg);
	if (rc)
		return rc;
	if (!in.got)
		return missing(msg, EEHLAB_CMD_HCALL_RACE, "EEHLAB_A_RACE_RC_A");
	return 0;
}

static int kernel_guest_mem(struct backend *b, const char *guest, u64 gpa, void *buf,
			    u64 len, bool write, struct eeh_msg *msg)
{
	return mem_xfer(b, guest ? guest : "", gpa, buf, len, write, msg);
}

static int kernel_guest_stats(struct backend *b, const char *guest, int hc,
			      struct be_guest_stats *st, struct eeh_msg *msg)
{
	struct guest_in g = { .st = st };
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_STATS, 0);
	n = p_nest(&r, EEHLAB_A_GUEST);
	p_str(&r, EEHLAB_A_GUEST_NAME, guest);
	if (hc >= 0)
		p_u32(&r, EEHLAB_A_GUEST_HC, (u32)hc);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_guest, &g, msg);
	if (rc)
		return rc;
	if (!g.got)
		return missing(msg, EEHLAB_CMD_GUEST_STATS, "EEHLAB_A_GUEST");
	return 0;
}

struct vfio_in {
	bool got;
	u32 result;
};

static void dec_vfio(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *vt[EEHLAB_A_VFIO_MAX + 1];
	struct vfio_in *v = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_VFIO] || !PARSE_NEST(vt, EEHLAB_A_VFIO_MAX, tb[EEHLAB_A_VFIO]))
		return;
	v->got = true;
	v->result = g_u32(vt[EEHLAB_A_VFIO_RESULT], 0);
}

static int kernel_guest_eeh(struct backend *b, int phb, int pe, int op, u32 type,
			    u32 func, u64 addr, u64 mask, struct eeh_msg *msg)
{
	struct vfio_in v = { 0 };
	struct nlattr *n;
	struct req r;
	int rc;

	req_init(kb(b), &r, EEHLAB_CMD_GUEST_EEH, 0);
	p_pe(&r, phb, pe);
	n = p_nest(&r, EEHLAB_A_VFIO);
	p_u32(&r, EEHLAB_A_VFIO_OP, (u32)op);
	p_u32(&r, EEHLAB_A_VFIO_TYPE, type);
	p_u32(&r, EEHLAB_A_VFIO_FUNC, func);
	p_u64(&r, EEHLAB_A_VFIO_ADDR, addr);
	p_u64(&r, EEHLAB_A_VFIO_MASK, mask);
	p_end(&r, n);
	rc = call(kb(b), &r, dec_vfio, &v, msg);
	if (rc)
		return rc;
	/* GET_STATE's state, else 0 */
	return (int)v.result;
}

struct inv_in {
	char *why;
	size_t len;
	bool got;
};

static void dec_invariant(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct inv_in *v = arg;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_INVARIANT])
		return;
	v->got = true;
	g_str(tb[EEHLAB_A_INVARIANT], v->why, v->len, "an isolation invariant does not hold");
}

static int kernel_invariants(struct backend *b, char *why, size_t len)
{
	struct inv_in v = { why, len, false };
	struct eeh_msg m;
	struct req r;
	int rc;

	if (len)
		why[0] = 0;
	req_init(kb(b), &r, EEHLAB_CMD_INVARIANTS, 0);
	rc = call(kb(b), &r, dec_invariant, &v, &m);
	if (rc) {
		/* a failed check is reported as one, never taken as a pass */
		if (len)
			snprintf(why, len, "kernel backend: INVARIANTS: %s", m.text);
		return -EFAULT;
	}
	return v.got ? -EFAULT : 0;
}

const struct backend_ops backend_kernel_ops = {
	.name = "kernel",
	.caps = BE_CAP_DATA_PATH,
	.real = &backend_real_kernel_ops,
	.open = kernel_open,
	.close = kernel_close,
	.phb_add = kernel_phb_add,
	.node_add = kernel_node_add,
	.enumerate = kernel_enumerate,
	.resolve = kernel_resolve,
	.dev_list = kernel_dev_list,
	.pe_covers = kernel_pe_covers,
	.pe_check = kernel_pe_check,
	.driver_set = kernel_driver_set,
	.mem_alloc = kernel_mem_alloc,
	.mem_read = kernel_mem_read,
	.mem_write = kernel_mem_write,
	.window_create = kernel_window_create,
	.window_remove = kernel_window_remove,
	.window_get = kernel_window_get,
	.tce_map = kernel_tce_map,
	.mmio_read = kernel_mmio_read,
	.mmio_write = kernel_mmio_write,
	.cfg_read = kernel_cfg_read,
	.cfg_write = kernel_cfg_write,
	.dma = kernel_dma,
	.inject = kernel_inject,
	.check = kernel_check,
	.recover = kernel_recover,
	.advance = kernel_advance,
	.set_max_freezes = kernel_set_max_freezes,
	.pe_state = kernel_pe_state,
	.frozen_pes = kernel_frozen_pes,
	.cb_seq = kernel_cb_seq,
	.cb_since = kernel_cb_since,
	.diag_last = kernel_diag_last,
	.guest_create = kernel_guest_create,
	.guest_slot = kernel_guest_slot,
	.guest_assign = kernel_guest_assign,
	.guest_release = kernel_guest_release,
	.guest_window = kernel_guest_window,
	.guest_liobn = kernel_guest_liobn,
	.hcall = kernel_hcall,
	.race = kernel_race,
	.guest_mem = kernel_guest_mem,
	.guest_stats = kernel_guest_stats,
	.guest_eeh = kernel_guest_eeh,
	.invariants = kernel_invariants,
};

/* ---- REAL_LIST: the real PHBs, for eehlab list (no session) ---- */

static void each_real(struct each *e, struct nlattr *a)
{
	struct rl_list *l = e->out;

	if (e->n < 0)
		return;		/* out of memory already */
	if (e->type == EEHLAB_A_REAL_PHB) {
		struct nlattr *tb[EEHLAB_A_REAL_PHB_MAX + 1];
		struct rl_phb p = { 0 };

		if (!PARSE_NEST(tb, EEHLAB_A_REAL_PHB_MAX, a))
			return;
		p.domain = g_int(tb[EEHLAB_A_REAL_PHB_DOMAIN], -1);
		g_str(tb[EEHLAB_A_REAL_PHB_MODEL], p.model, sizeof(p.model), "unknown");
		p.num_pes = g_u32(tb[EEHLAB_A_REAL_PHB_NUM_PES], 0);
		p.pes = g_u32(tb[EEHLAB_A_REAL_PHB_PES], 0);
		if (rl_add_phb(l, &p))
			e->n = -1;
	} else if (e->type == EEHLAB_A_REAL_PE) {
		struct nlattr *tb[EEHLAB_A_REAL_PE_MAX + 1];
		struct rl_pe p = { 0 };

		if (!PARSE_NEST(tb, EEHLAB_A_REAL_PE_MAX, a))
			return;
		p.domain = g_int(tb[EEHLAB_A_REAL_PE_DOMAIN], -1);
		p.addr = g_u32(tb[EEHLAB_A_REAL_PE_ADDR], 0);
		p.type = g_u32(tb[EEHLAB_A_REAL_PE_TYPE], 0);
		p.parent = g_int(tb[EEHLAB_A_REAL_PE_PARENT], -1);
		p.state = g_int(tb[EEHLAB_A_REAL_PE_STATE], -ENODATA);
		p.flags = g_u32(tb[EEHLAB_A_REAL_PE_FLAGS], 0);
		p.freeze_count = g_u32(tb[EEHLAB_A_REAL_PE_FREEZE_COUNT], 0);
		p.passed = g_u32(tb[EEHLAB_A_REAL_PE_PASSED], 0);
		/* INDEX is the place in the reply: check it */
		if (g_int(tb[EEHLAB_A_REAL_PE_INDEX], -1) != l->npe ||
		    p.parent >= l->npe)
			p.parent = -1;
		if (rl_add_pe(l, &p))
			e->n = -1;
	} else {
		struct nlattr *tb[EEHLAB_A_REAL_DEV_MAX + 1];
		struct rl_dev d = { 0 };

		if (!PARSE_NEST(tb, EEHLAB_A_REAL_DEV_MAX, a))
			return;
		d.domain = g_int(tb[EEHLAB_A_REAL_DEV_DOMAIN], -1);
		g_str(tb[EEHLAB_A_REAL_DEV_BDF], d.bdf, sizeof(d.bdf), "-");
		d.vendor = tb[EEHLAB_A_REAL_DEV_VENDOR] && nla_len(tb[EEHLAB_A_REAL_DEV_VENDOR]) >= 2 ?
			nla_get_u16(tb[EEHLAB_A_REAL_DEV_VENDOR]) : 0xffff;
		d.device = tb[EEHLAB_A_REAL_DEV_DEVICE] && nla_len(tb[EEHLAB_A_REAL_DEV_DEVICE]) >= 2 ?
			nla_get_u16(tb[EEHLAB_A_REAL_DEV_DEVICE]) : 0xffff;
		d.class_code = g_u32(tb[EEHLAB_A_REAL_DEV_CLASS], 0) & 0xffffff;
		g_str(tb[EEHLAB_A_REAL_DEV_DRIVER], d.driver, sizeof(d.driver), "");
		d.pe = g_int(tb[EEHLAB_A_REAL_DEV_PE], -1);
		if (d.pe >= l->npe)
			d.pe = -1;
		if (rl_add_dev(l, &d))
			e->n = -1;
	}
}

/* The PHB, PE and device nests in reply order (PEs before devices). */
static void dec_real(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct each *e = arg;
	struct rl_list *l = e->out;
	struct nlattr *a;
	int rem, type;

	g_str(tb[EEHLAB_A_REAL_PLATFORM], l->platform, sizeof(l->platform), "");
	e->top.got = true;
	nla_for_each_attr(a, head, len, rem) {
		type = nla_type(a);
		if (type != EEHLAB_A_REAL_PHB && type != EEHLAB_A_REAL_PE &&
		    type != EEHLAB_A_REAL_DEV)
			continue;
		e->type = type;
		each_real(e, a);
	}
}

int backend_kernel_real_list(struct rl_list *l, struct eeh_msg *msg)
{
	struct each e = { .fn = each_real, .out = l };
	struct kb *k;
	struct req r;
	int rc;

	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &r, EEHLAB_CMD_REAL_LIST, 0);
	rc = call(k, &r, dec_real, &e, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!e.top.got)
		return missing(msg, EEHLAB_CMD_REAL_LIST, "reply");
	if (e.n < 0)
		return eeh_msg_set(msg, -ENOMEM, "kernel backend: out of memory");
	return 0;
}

/* ---- REAL_INJECT: the emulated freeze of a real PE, for eehlab inject ---- */

static void dec_real_inj(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct rl_inject *r = arg;
	struct nlattr *nt[EEHLAB_A_REAL_INJ_MAX + 1];

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_REAL_INJ] || !PARSE_NEST(nt, EEHLAB_A_REAL_INJ_MAX, tb[EEHLAB_A_REAL_INJ]))
		return;
	r->got = true;
	r->pesta = g_u64(nt[EEHLAB_A_REAL_INJ_PESTA], 0);
	r->pestb = g_u64(nt[EEHLAB_A_REAL_INJ_PESTB], 0);
	r->peev = g_u64(nt[EEHLAB_A_REAL_INJ_PEEV], 0);
	r->detected = g_u8(nt[EEHLAB_A_REAL_INJ_DETECTED], 0);
	g_str(nt[EEHLAB_A_REAL_INJ_CHECKED_BDF], r->bdf, sizeof(r->bdf), "-");
}

int backend_kernel_real_inject(struct rl_inject *r, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct kb *k;
	struct req r_;
	int rc;

	r->got = false;
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &r_, EEHLAB_CMD_REAL_INJECT, 0);
	n = p_nest(&r_, EEHLAB_A_REAL_INJ);
	p_u32(&r_, EEHLAB_A_REAL_INJ_DOMAIN, r->domain);
	p_u32(&r_, EEHLAB_A_REAL_INJ_PE_ADDR, r->pe_addr);
	p_u32(&r_, EEHLAB_A_REAL_INJ_KIND, r->kind);
	p_end(&r_, n);
	rc = call(k, &r_, dec_real_inj, r, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!r->got)
		return missing(msg, EEHLAB_CMD_REAL_INJECT, "EEHLAB_A_REAL_INJ");
	return 0;
}

/* ---- REAL_HW_INJECT and REAL_CHECK: firmware's injection, the failure check ---- */

static void dec_real_hw(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct rl_hw_inject *r = arg;
	struct nlattr *nt[EEHLAB_A_REAL_INJ_MAX + 1];

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_REAL_INJ] || !PARSE_NEST(nt, EEHLAB_A_REAL_INJ_MAX, tb[EEHLAB_A_REAL_INJ]))
		return;
	if (!nt[EEHLAB_A_REAL_INJ_RC] || nla_len(nt[EEHLAB_A_REAL_INJ_RC]) < 4)
		return;
	r->got = true;
	r->rc = (int)nla_get_u32(nt[EEHLAB_A_REAL_INJ_RC]);
}

int backend_kernel_real_hw_inject(struct rl_hw_inject *r, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct kb *k;
	struct req rq;
	int rc;

	r->got = false;
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &rq, EEHLAB_CMD_REAL_HW_INJECT, 0);
	n = p_nest(&rq, EEHLAB_A_REAL_INJ);
	p_u32(&rq, EEHLAB_A_REAL_INJ_DOMAIN, r->domain);
	p_u32(&rq, EEHLAB_A_REAL_INJ_PE_ADDR, r->pe_addr);
	p_u32(&rq, EEHLAB_A_REAL_INJ_TYPE, r->type);
	p_u32(&rq, EEHLAB_A_REAL_INJ_FUNC, r->func);
	p_u64(&rq, EEHLAB_A_REAL_INJ_ADDR, r->addr);
	p_u64(&rq, EEHLAB_A_REAL_INJ_MASK, r->mask);
	p_end(&rq, n);
	rc = call(k, &rq, dec_real_hw, r, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!r->got)
		return missing(msg, EEHLAB_CMD_REAL_HW_INJECT, "EEHLAB_A_REAL_INJ_RC");
	return 0;
}

static void dec_real_check(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct rl_check *c = arg;
	struct nlattr *nt[EEHLAB_A_REAL_INJ_MAX + 1];

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_REAL_INJ] || !PARSE_NEST(nt, EEHLAB_A_REAL_INJ_MAX, tb[EEHLAB_A_REAL_INJ]))
		return;
	if (!nt[EEHLAB_A_REAL_INJ_DETECTED])
		return;
	c->got = true;
	c->detected = g_u8(nt[EEHLAB_A_REAL_INJ_DETECTED], 0);
	g_str(nt[EEHLAB_A_REAL_INJ_CHECKED_BDF], c->checked, sizeof(c->checked), "-");
}

int backend_kernel_real_check(struct rl_check *c, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct kb *k;
	struct req rq;
	int rc;

	c->got = false;
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &rq, EEHLAB_CMD_REAL_CHECK, 0);
	n = p_nest(&rq, EEHLAB_A_REAL_INJ);
	p_str(&rq, EEHLAB_A_REAL_INJ_BDF, c->bdf);
	p_end(&rq, n);
	rc = call(k, &rq, dec_real_check, c, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!c->got)
		return missing(msg, EEHLAB_CMD_REAL_CHECK, "EEHLAB_A_REAL_INJ_DETECTED");
	return 0;
}

/* ---- EDU_DMA and EDU_STATUS: the module's edu driver ---- */

struct edu_dma_in {
	bool got;
	struct edu_dma_res *r;
};

static void dec_edu_dma(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct edu_dma_in *in = arg;
	struct nlattr *nt[EEHLAB_A_EDU_MAX + 1];

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_EDU] || !PARSE_NEST(nt, EEHLAB_A_EDU_MAX, tb[EEHLAB_A_EDU]))
		return;
	in->got = true;
	in->r->result = g_int(nt[EEHLAB_A_EDU_RESULT], -EPROTO);
	in->r->bytes = g_u32(nt[EEHLAB_A_EDU_BYTES], 0);
	in->r->mismatch = g_u32(nt[EEHLAB_A_EDU_MISMATCH], UINT32_MAX);
	in->r->iova = g_u64(nt[EEHLAB_A_EDU_IOVA], 0);
	in->r->id = g_u32(nt[EEHLAB_A_EDU_ID], 0);
}

int backend_kernel_edu_dma(const char *bdf, uint32_t len, uint32_t seed, struct edu_dma_res *r,
			   struct eeh_msg *msg)
{
	struct edu_dma_in in = { .r = r };
	struct nlattr *n;
	struct kb *k;
	struct req rq;
	int rc;

	memset(r, 0, sizeof(*r));
	r->mismatch = UINT32_MAX;
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &rq, EEHLAB_CMD_EDU_DMA, 0);
	n = p_nest(&rq, EEHLAB_A_EDU);
	if (bdf)
		p_str(&rq, EEHLAB_A_EDU_BDF, bdf);
	p_u32(&rq, EEHLAB_A_EDU_LEN, len);
	p_u32(&rq, EEHLAB_A_EDU_SEED, seed);
	p_end(&rq, n);
	rc = call(k, &rq, dec_edu_dma, &in, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!in.got)
		return missing(msg, EEHLAB_CMD_EDU_DMA, "EEHLAB_A_EDU");
	return 0;
}

static void each_edu(struct each *e, struct nlattr *a)
{
	struct nlattr *nt[EEHLAB_A_EDU_MAX + 1];
	struct edu_status *st;

	e->n++;
	if (e->n > e->max || !PARSE_NEST(nt, EEHLAB_A_EDU_MAX, a))
		return;
	st = (struct edu_status *)e->out + e->n - 1;
	memset(st, 0, sizeof(*st));
	g_str(nt[EEHLAB_A_EDU_BDF], st->bdf, sizeof(st->bdf), "-");
	st->pe = g_int(nt[EEHLAB_A_EDU_PE], -1);
	g_str(nt[EEHLAB_A_EDU_CALLBACKS], st->callbacks, sizeof(st->callbacks), "");
	st->dma_ok = g_u32(nt[EEHLAB_A_EDU_DMA_OK], 0);
	st->dma_failed = g_u32(nt[EEHLAB_A_EDU_DMA_FAILED], 0);
	st->last_resume_dma = g_int(nt[EEHLAB_A_EDU_RESUME_DMA], 1);
}

int backend_kernel_edu_status_all(const char *bdf, struct edu_status *st, int max, int *n,
				  struct eeh_msg *msg)
{
	struct each e = { .type = EEHLAB_A_EDU, .fn = each_edu, .out = st, .max = max };
	struct nlattr *nest;
	struct kb *k;
	struct req rq;
	int rc;

	*n = 0;
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &rq, EEHLAB_CMD_EDU_STATUS, 0);
	if (bdf) {
		nest = p_nest(&rq, EEHLAB_A_EDU);
		p_str(&rq, EEHLAB_A_EDU_BDF, bdf);
		p_end(&rq, nest);
	}
	rc = call(k, &rq, dec_each, &e, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!e.top.got)
		return missing(msg, EEHLAB_CMD_EDU_STATUS, "reply");
	*n = e.n < max ? e.n : max;
	return 0;
}

int backend_kernel_edu_status(const char *bdf, struct edu_status *st, struct eeh_msg *msg)
{
	int n, rc;

	rc = backend_kernel_edu_status_all(bdf, st, 1, &n, msg);
	if (rc)
		return rc;
	if (!n)
		return eeh_msg_set(msg, -ENODEV, "no device bound to the eehlab_edu driver");
	return 0;
}

/* ---- REAL_GUEST: the module-side guest owning a real PE's TCE table ---- */

#include "realguest.h"

static void dec_real_guest(void *arg, struct nlattr **tb, struct nlattr *head, int len)
{
	struct nlattr *nt[EEHLAB_A_RG_MAX + 1];
	struct rg_reply *r = arg;
	struct nlattr *a;

	(void)head;
	(void)len;
	if (!tb[EEHLAB_A_REAL_GUEST] ||
	    !PARSE_NEST(nt, EEHLAB_A_RG_MAX, tb[EEHLAB_A_REAL_GUEST]))
		return;
	r->got = true;
	g_str(nt[EEHLAB_A_RG_BDF], r->bdf, sizeof(r->bdf), "");
	g_str(nt[EEHLAB_A_RG_MSG], r->msg, sizeof(r->msg), "");
	r->liobn = g_u32(nt[EEHLAB_A_RG_LIOBN], 0);
	r->liobn_tier = g_u32(nt[EEHLAB_A_RG_LIOBN_TIER], 0);
	r->domain = g_u32(nt[EEHLAB_A_RG_DOMAIN], 0);
	r->pe_addr = g_u32(nt[EEHLAB_A_RG_PE_ADDR], 0);
	r->funcs = g_u32(nt[EEHLAB_A_RG_FUNCS], 0);
	r->page_shift = g_u32(nt[EEHLAB_A_RG_PAGE_SHIFT], 0);
	r->pages = g_u32(nt[EEHLAB_A_RG_PAGES], 0);
	r->passed = g_u32(nt[EEHLAB_A_RG_PASSED], 0);
	r->window = g_u64(nt[EEHLAB_A_RG_WINDOW], 0);
	r->hpa = g_u64(nt[EEHLAB_A_RG_HPA], 0);
	r->tier = g_u32(nt[EEHLAB_A_RG_TIER], 0);
	r->ret = nt[EEHLAB_A_RG_RET] ? (int64_t)nla_get_u64(nt[EEHLAB_A_RG_RET]) : RG_H_HARDWARE;
	r->tce = g_u64(nt[EEHLAB_A_RG_TCE], 0);
	a = nt[EEHLAB_A_RG_DATA];
	if (a) {
		r->data_len = (uint32_t)nla_len(a) < RG_DATA_MAX ? (uint32_t)nla_len(a) : RG_DATA_MAX;
		memcpy(r->data, nla_data(a), r->data_len);
	}
	r->result = g_int(nt[EEHLAB_A_RG_RESULT], 0);
	r->fault = g_u8(nt[EEHLAB_A_RG_FAULT], 0);
	r->fault_ioba = g_u64(nt[EEHLAB_A_RG_FAULT_IOBA], 0);
	r->has_freeze = nt[EEHLAB_A_RG_FREEZE] != NULL;
	r->freeze = g_int(nt[EEHLAB_A_RG_FREEZE], 0);
	r->detected = g_u8(nt[EEHLAB_A_RG_DETECTED], 0);
	r->pe_state = g_int(nt[EEHLAB_A_RG_PE_STATE], 0);
	r->host_table = g_u8(nt[EEHLAB_A_RG_HOST_TABLE], 0);
}

int backend_kernel_real_guest(const struct rg_req *q, struct rg_reply *r, struct eeh_msg *msg)
{
	struct nlattr *n;
	struct kb *k;
	struct req rq;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = kb_connect(&k, msg);
	if (rc)
		return rc;
	req_init(k, &rq, EEHLAB_CMD_REAL_GUEST, RG_DATA_MAX);
	n = p_nest(&rq, EEHLAB_A_REAL_GUEST);
	p_u32(&rq, EEHLAB_A_RG_OP, q->op);
	switch (q->op) {
	case EEHLAB_RG_OP_TAKE:
		p_str(&rq, EEHLAB_A_RG_BDF, q->bdf);
		if (q->pages)
			p_u32(&rq, EEHLAB_A_RG_PAGES, q->pages);
		p_u32(&rq, EEHLAB_A_RG_LIOBN_TIER, q->liobn_tier);
		break;
	case EEHLAB_RG_OP_HCALL:
		p_u32(&rq, EEHLAB_A_RG_HCALL, q->hcall);
		p_u64(&rq, EEHLAB_A_RG_IOBA, q->ioba);
		p_u64(&rq, EEHLAB_A_RG_TCE, q->tce);
		p_u32(&rq, EEHLAB_A_RG_COUNT, q->count);
		p_u32(&rq, EEHLAB_A_RG_TIER, q->tier);
		if (q->has_liobn)
			p_u32(&rq, EEHLAB_A_RG_LIOBN, q->liobn);
		break;
	case EEHLAB_RG_OP_READ:
		p_u64(&rq, EEHLAB_A_RG_GPA, q->gpa);
		p_u32(&rq, EEHLAB_A_RG_LEN, q->len);
		break;
	case EEHLAB_RG_OP_WRITE:
		p_u64(&rq, EEHLAB_A_RG_GPA, q->gpa);
		p_data(&rq, EEHLAB_A_RG_DATA, q->data, q->len);
		break;
	case EEHLAB_RG_OP_DMA:
		p_u64(&rq, EEHLAB_A_RG_IOBA, q->ioba);
		p_u32(&rq, EEHLAB_A_RG_LEN, q->len);
		p_u32(&rq, EEHLAB_A_RG_DIR, q->dir);
		p_u32(&rq, EEHLAB_A_RG_DEV_OFF, q->dev_off);
		break;
	}
	p_end(&rq, n);
	rc = call(k, &rq, dec_real_guest, r, msg);
	kb_free(k);
	if (rc)
		return rc;
	if (!r->got)
		return missing(msg, EEHLAB_CMD_REAL_GUEST, "EEHLAB_A_REAL_GUEST");
	return 0;
}

/* ---- the "events" group without a session: the edu driver's callbacks ---- */

struct kb_events {
	struct nl_sock *ev;
};

int backend_kernel_event_decode(struct nlmsghdr *nlh, struct kb_real_cb *ev)
{
	struct nlattr *tb[EEHLAB_A_MAX + 1], *et[EEHLAB_A_EVENT_MAX + 1];
	struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr(nlh, 0))
		return 0;
	gh = nlmsg_data(nlh);
	if (gh->cmd != EEHLAB_CMD_EVENT)
		return 0;
	memset(tb, 0, sizeof(tb));
	if (genlmsg_parse(nlh, 0, tb, EEHLAB_A_MAX, NULL) < 0 || !tb[EEHLAB_A_EVENT])
		return 0;
	if (!PARSE_NEST(et, EEHLAB_A_EVENT_MAX, tb[EEHLAB_A_EVENT]))
		return 0;
	if (g_u32(et[EEHLAB_A_EVENT_TYPE], 0) != EEHLAB_EVENT_REAL_CALLBACK ||
	    !et[EEHLAB_A_EVENT_BDF] || !et[EEHLAB_A_EVENT_CALLBACK])
		return 0;
	memset(ev, 0, sizeof(*ev));
	g_str(et[EEHLAB_A_EVENT_BDF], ev->bdf, sizeof(ev->bdf), "");
	ev->seq = g_u64(et[EEHLAB_A_EVENT_SEQ], 0);
	ev->domain = g_int(et[EEHLAB_A_EVENT_PHB], -1);
	ev->pe = g_int(et[EEHLAB_A_EVENT_PE], -1);
	ev->cb = g_int(et[EEHLAB_A_EVENT_CALLBACK], -1);
	ev->state = g_int(et[EEHLAB_A_EVENT_STATE], -1);
	ev->result = g_int(et[EEHLAB_A_EVENT_RESULT], -1);
	g_str(et[EEHLAB_A_EVENT_TEXT], ev->text, sizeof(ev->text), "");
	return 1;
}

int backend_kernel_events_open(struct kb_events **out, char *why, size_t len)
{
	struct kb_events *e = calloc(1, sizeof(*e));

	*out = NULL;
	if (!e) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	e->ev = ev_join(NULL, why, len);
	if (!e->ev) {
		free(e);
		return -ENOENT;
	}
	*out = e;
	return 0;
}

struct ev_into {
	struct kb_real_cb *out;
	int max, *n;
	unsigned long *lost;
};

static int ev_real_cb(struct nl_msg *m, void *arg)
{
	struct ev_into *t = arg;
	struct kb_real_cb ev;

	if (!backend_kernel_event_decode(nlmsg_hdr(m), &ev))
		return NL_OK;
	if (*t->n < t->max)
		t->out[(*t->n)++] = ev;
	else
		(*t->lost)++;
	return NL_OK;
}

void backend_kernel_events_read(struct kb_events *e, struct kb_real_cb *out, int max, int *n,
				unsigned long *lost)
{
	struct ev_into t = { .out = out, .max = max, .n = n, .lost = lost };

	if (e)
		ev_read(e->ev, ev_real_cb, &t, lost);
}

void backend_kernel_events_close(struct kb_events *e)
{
	if (!e)
		return;
	nl_socket_free(e->ev);
	free(e);
}
