// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the module's netlink commands, decoding included, in a
 * userspace build of the same code (docs/fuzz.md). driver/eehlab_nl.c
 * (the policies, the ops, the helpers), driver/eehlab_cmds.c (the
 * commands) and driver/eehlab_session.c (sessions, RECOVER, events) are
 * compiled unchanged against fuzz/kshim/, with fuzz/nl_glue.c for the
 * kernel-only rest, over the portable engine (libcore.a).
 *
 * The input is what a client writes to the family's socket: generic
 * netlink messages one after the other (nlmsghdr, genlmsghdr,
 * attributes), each walked, parsed with the family's policy and given
 * to its op as the kernel does (kshim_genl_rcv). The socket a message
 * comes from is 1 + nlmsg_pid % 4, so requests reach the shared session
 * and up to four own sessions; a message of type NLMSG_NOOP closes its
 * socket (NETLINK_URELEASE, which destroys its session).
 *
 * Checked, besides ASan, UBSan and LeakSanitizer:
 *   - every message the module sends (reply or event) is one well-formed
 *     generic netlink message whose attributes parse under the family's
 *     own policy, strictly (as the module would accept them back), and a
 *     reply answers its request (command, sequence number, port);
 *   - a command answers 0 or a negative errno; every refusal but -ENOMEM
 *     carries an extack message; a missing attribute is -EINVAL with a
 *     message; no -EMSGSIZE (a reply larger than its handler reserved);
 *     at most one reply, none before a refusal; eehlab_lock is free
 *     again;
 *   - after every command, the isolation invariants
 *     (eeh_session_invariants) of each socket's session, as long as the
 *     host has not itself written a window or a TCE (WINDOW_CREATE,
 *     WINDOW_REMOVE, TCE_MAP), which the invariants exist to catch;
 *   - at the end every session is destroyed and nothing the engine
 *     allocated is left.
 * A kernel WARN or BUG in the shim (a deadlock on eehlab_lock, a put of
 * a dead reference, a write past a message) is a finding too.
 */
#include "kshim.h"
#include "eehlab.h"
#include "nl_glue.h"
#include "fuzz_common.h"

#define NL_SOCKETS	4

static struct {
	const struct nlmsghdr *req;	/* the request being handled */
	u32 portid;
	int replies;
} cur;

static bool host_wrote;
static bool debug;	/* EEHLAB_FUZZ_NL_DEBUG set: each command's answer on stderr */

static void check_attrs(const struct nlmsghdr *nlh, const char *what)
{
	struct nlattr *tb[EEHLAB_A_MAX + 1];
	struct netlink_ext_ack ext = { };
	const struct genlmsghdr *g = nlmsg_data(nlh);
	int hdr = nlmsg_msg_size(GENL_HDRLEN);
	int err;

	err = __nla_parse(tb, EEHLAB_A_MAX,
			  (const struct nlattr *)((const char *)nlh + hdr),
			  nlh->nlmsg_len - hdr, eehlab_policy,
			  NL_VALIDATE_STRICT, &ext);
	if (err)
		FUZZ_FAIL("%s of command %u does not parse under the family's policy: %d, %s (attribute type %d)",
			  what, g->cmd, err, ext._msg ? ext._msg : "no message",
			  ext.bad_attr ? ext.bad_attr->nla_type : -1);
}

/* kshim_sent: every message the module sends */
static void on_sent(const struct sk_buff *skb, bool multicast)
{
	const struct nlmsghdr *nlh = (const void *)skb->data;
	const struct genlmsghdr *g;
	const struct genlmsghdr *rq;

	if (skb->len < (unsigned int)nlmsg_msg_size(GENL_HDRLEN))
		FUZZ_FAIL("a message of %u bytes sent", skb->len);
	if (nlh->nlmsg_len != skb->len)
		FUZZ_FAIL("a message of %u bytes says it has %u", skb->len,
			  nlh->nlmsg_len);
	if (nlh->nlmsg_type != NL_GLUE_FAMILY_ID)
		FUZZ_FAIL("a message of type %u sent", nlh->nlmsg_type);
	g = nlmsg_data(nlh);
	if (g->version != EEHLAB_GENL_VERSION || g->reserved)
		FUZZ_FAIL("a genlmsghdr of version %u, reserved %u", g->version,
			  g->reserved);
	if (multicast) {
		if (g->cmd != EEHLAB_CMD_EVENT)
			FUZZ_FAIL("an event of command %u", g->cmd);
		check_attrs(nlh, "an event");
		return;
	}
	if (!cur.req)
		FUZZ_FAIL("a reply outside a request");
	rq = nlmsg_data(cur.req);
	if (g->cmd != rq->cmd || nlh->nlmsg_seq != cur.req->nlmsg_seq ||
	    nlh->nlmsg_pid != cur.portid)
		FUZZ_FAIL("the reply (command %u, seq %u, port %u) to command %u (seq %u, port %u)",
			  g->cmd, nlh->nlmsg_seq, nlh->nlmsg_pid, rq->cmd,
			  cur.req->nlmsg_seq, cur.portid);
	cur.replies++;
	check_attrs(nlh, "the reply");
}

static u32 portid_of(const struct nlmsghdr *nlh)
{
	u32 portid = 1 + nlh->nlmsg_pid % NL_SOCKETS;

	/* the next request's replies are checked against it */
	cur.req = nlh;
	cur.portid = portid;
	cur.replies = 0;
	return portid;
}

static void done(const struct nlmsghdr *nlh, u32 portid, bool doit, int err,
		 const struct netlink_ext_ack *ext)
{
	const struct genlmsghdr *g = nlmsg_data(nlh);
	char why[512];
	u32 p;

	cur.req = NULL;
	if (debug)
		fprintf(stderr, "nl: type %u command %u port %u: %s %d %s\n",
			nlh->nlmsg_type, g->cmd, portid, doit ? "op" : "genetlink",
			err, ext->_msg ? ext->_msg : "");
	if (nl_glue_locked())
		FUZZ_FAIL("eehlab_lock held after a message");
	if (!doit) {
		if (cur.replies)
			FUZZ_FAIL("a reply to a message no op handled");
		if (nlh->nlmsg_type == NLMSG_NOOP)
			kshim_netlink_release(portid);
		return;
	}
	if (err > 0 || err < -4095)
		FUZZ_FAIL("command %u answered %d", g->cmd, err);
	if (err == -EMSGSIZE)
		FUZZ_FAIL("command %u: -EMSGSIZE, its reply is larger than it reserved (%s)",
			  g->cmd, ext->_msg ? ext->_msg : "no message");
	if (err < 0 && err != -ENOMEM && !ext->_msg)
		FUZZ_FAIL("command %u refused (%d) without an extack message",
			  g->cmd, err);
	if (ext->miss_type && (err != -EINVAL || !ext->_msg))
		FUZZ_FAIL("command %u: attribute %u missing, answered %d (%s)",
			  g->cmd, ext->miss_type, err,
			  ext->_msg ? ext->_msg : "no message");
	if (cur.replies > 1)
		FUZZ_FAIL("command %u replied %d times", g->cmd, cur.replies);
	if (err < 0 && cur.replies)
		FUZZ_FAIL("command %u replied, then refused (%d)", g->cmd, err);
	if (g->cmd == EEHLAB_CMD_WINDOW_CREATE ||
	    g->cmd == EEHLAB_CMD_WINDOW_REMOVE || g->cmd == EEHLAB_CMD_TCE_MAP)
		host_wrote = true;
	if (host_wrote)
		return;
	for (p = 1; p <= NL_SOCKETS; p++)
		if (nl_glue_invariants(p, why, sizeof(why)))
			FUZZ_FAIL("after command %u (port %u), port %u's session: %s",
				  g->cmd, portid, p, why);
}

/*
 * ---- the structural mutator ----
 * libFuzzer's byte mutations change values well but rarely keep the
 * lengths of a message and its nests consistent, so a request seldom
 * loses or gains one attribute. Half of the mutations are therefore done
 * here, on the messages and attributes the input holds, with every
 * enclosing length (nlmsg_len, the nests' nla_len) kept right: drop an
 * attribute or a message, copy one (also into another message or nest),
 * insert a new one, change an attribute's type, a message's command or
 * socket. The other half are libFuzzer's own, lengths included.
 */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

#define MUT_SPANS	512
#define MUT_DEPTH	6

struct mut_span {
	size_t off, len;		/* the attribute (or message), padded */
	int nparents;
	size_t parent[MUT_DEPTH];	/* the length fields that enclose it */
	bool parent32[MUT_DEPTH];	/* nlmsg_len (u32) rather than nla_len */
};

static struct mut_span mut_attr[MUT_SPANS], mut_msg[MUT_SPANS];
static int mut_nattr, mut_nmsg;

static void mut_walk(const uint8_t *d, size_t off, size_t end,
		     const struct mut_span *up)
{
	while (end - off >= NLA_HDRLEN && mut_nattr < MUT_SPANS) {
		const struct nlattr *nla = (const void *)(d + off);
		struct mut_span *sp;
		size_t len = nla->nla_len;

		if (len < NLA_HDRLEN || len > end - off)
			return;
		sp = &mut_attr[mut_nattr++];
		*sp = *up;
		sp->off = off;
		sp->len = NLA_ALIGN(len) <= end - off ? NLA_ALIGN(len) : len;
		if ((nla->nla_type & NLA_F_NESTED) && len > NLA_HDRLEN &&
		    up->nparents < MUT_DEPTH) {
			struct mut_span in = *sp;

			in.parent[in.nparents] = off;
			in.parent32[in.nparents++] = false;
			mut_walk(d, off + NLA_HDRLEN, off + len, &in);
		}
		off += sp->len;
	}
}

static void mut_scan(const uint8_t *d, size_t size)
{
	size_t off = 0, hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	mut_nattr = mut_nmsg = 0;
	while (size - off >= NLMSG_HDRLEN && mut_nmsg < MUT_SPANS) {
		const struct nlmsghdr *nlh = (const void *)(d + off);
		struct mut_span *m = &mut_msg[mut_nmsg++];
		size_t len = nlh->nlmsg_len;

		if (len < NLMSG_HDRLEN || len > size - off) {
			mut_nmsg--;
			return;
		}
		*m = (struct mut_span){ .off = off, .nparents = 1,
					.parent = { off }, .parent32 = { true } };
		m->len = NLMSG_ALIGN(len) <= size - off ? NLMSG_ALIGN(len) : len;
		if (len >= hdr)
			mut_walk(d, off + hdr, off + len, m);
		off += m->len;
	}
}

/* add @delta to the length fields of @sp's parents */
static bool mut_fix(uint8_t *d, const struct mut_span *sp, long delta)
{
	int i;

	for (i = 0; i < sp->nparents; i++) {
		if (sp->parent32[i]) {
			u32 v;

			memcpy(&v, d + sp->parent[i], 4);
			v += delta;
			memcpy(d + sp->parent[i], &v, 4);
		} else {
			u16 v;

			memcpy(&v, d + sp->parent[i], 2);
			if (v + delta > 0xffff)
				return false;
			v += delta;
			memcpy(d + sp->parent[i], &v, 2);
		}
	}
	return true;
}

/* insert @n bytes of @src at @at, inside @where's parents */
static size_t mut_insert(uint8_t *d, size_t size, size_t max_size, size_t at,
			 const uint8_t *src, size_t n,
			 const struct mut_span *where)
{
	uint8_t tmp[256];

	if (n > sizeof(tmp) || size + n > max_size || !mut_fix(d, where, n))
		return size;
	memcpy(tmp, src, n);
	memmove(d + at + n, d + at, size - at);
	memcpy(d + at, tmp, n);
	return size + n;
}

static size_t mut_remove(uint8_t *d, size_t size, const struct mut_span *sp)
{
	mut_fix(d, sp, -(long)sp->len);
	memmove(d + sp->off, d + sp->off + sp->len, size - sp->off - sp->len);
	return size - sp->len;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	unsigned int r = seed;
	struct mut_span *a, *b, *m;
	uint8_t fresh[16] = { 0 };
	u16 t;

	if (rand_r(&r) & 1)
		return LLVMFuzzerMutate(data, size, max_size);
	mut_scan(data, size);
	if (!mut_nmsg)
		return LLVMFuzzerMutate(data, size, max_size);
	m = &mut_msg[rand_r(&r) % mut_nmsg];
	a = mut_nattr ? &mut_attr[rand_r(&r) % mut_nattr] : NULL;
	b = mut_nattr ? &mut_attr[rand_r(&r) % mut_nattr] : NULL;
	switch (rand_r(&r) % 8) {
	case 0:		/* drop an attribute */
		if (a)
			return mut_remove(data, size, a);
		break;
	case 1:		/* copy one after another (another nest, message) */
		if (a && b && a->len <= 256)
			return mut_insert(data, size, max_size, b->off + b->len,
					  data + a->off, a->len, b);
		break;
	case 2: {	/* a new attribute after @b or first in @m */
		size_t n = (size_t[]){ 0, 1, 4, 8 }[rand_r(&r) % 4];
		struct nlattr *nla = (void *)fresh;
		u64 v = rand_r(&r) % 3 ? rand_r(&r) % 64 : (u64)rand_r(&r) << 20;

		nla->nla_len = NLA_HDRLEN + n;
		nla->nla_type = rand_r(&r) % 64;
		if (!n && rand_r(&r) % 2)
			nla->nla_type |= NLA_F_NESTED;
		memcpy(fresh + NLA_HDRLEN, &v, n);
		if (b && rand_r(&r) % 2)
			return mut_insert(data, size, max_size, b->off + b->len,
					  fresh, NLA_ALIGN(NLA_HDRLEN + n), b);
		if (m->len >= NLMSG_HDRLEN + GENL_HDRLEN)
			return mut_insert(data, size, max_size,
					  m->off + NLMSG_HDRLEN + GENL_HDRLEN,
					  fresh, NLA_ALIGN(NLA_HDRLEN + n), m);
		break;
	}
	case 3:		/* another type, the nested flag kept */
		if (a) {
			memcpy(&t, data + a->off + 2, 2);
			t = (t & NLA_F_NESTED) | (rand_r(&r) % 64);
			memcpy(data + a->off + 2, &t, 2);
			return size;
		}
		break;
	case 4:		/* another command */
		if (m->len >= NLMSG_HDRLEN + GENL_HDRLEN) {
			data[m->off + NLMSG_HDRLEN] = rand_r(&r) % (EEHLAB_CMD_MAX + 2);
			return size;
		}
		break;
	case 5:		/* another socket, or a socket closing */
		data[m->off + 12] = rand_r(&r) % NL_SOCKETS;
		if (rand_r(&r) % 8 == 0) {
			t = NLMSG_NOOP;
			memcpy(data + m->off + 4, &t, 2);
		}
		return size;
	case 6:		/* drop a message */
		if (mut_nmsg > 1)
			return mut_remove(data, size, m);
		break;
	case 7: {	/* copy a message, to after another */
		struct mut_span *to = &mut_msg[rand_r(&r) % mut_nmsg];
		struct mut_span top = { .nparents = 0 };

		if (m->len <= 256)
			return mut_insert(data, size, max_size, to->off + to->len,
					  data + m->off, m->len, &top);
		break;
	}
	}
	return LLVMFuzzerMutate(data, size, max_size);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	debug = getenv("EEHLAB_FUZZ_NL_DEBUG");
	kshim_policy_check(eehlab_policy, EEHLAB_A_MAX);
	kshim_sent = on_sent;
#ifdef EEHLAB_TEST_HOOKS
	/* the module's mem_limit_mb: the sessions together stay in RAM */
	eeh_shim_set_cap(640ULL << 20);
#endif
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t size)
{
#ifdef EEHLAB_TEST_HOOKS
	eeh_shim_fail_nth(0);	/* TEST_FAIL_NTH of the input before */
#endif
	host_wrote = false;
	FUZZ_SETUP(!eehlab_sessions_init());
	kshim_genl_rcv(&eehlab_family, buf, size, portid_of, done);
#ifdef EEHLAB_TEST_HOOKS
	eeh_shim_fail_nth(0);
#endif
	eehlab_sessions_exit();
#ifdef EEHLAB_TEST_HOOKS
	if (eeh_shim_live_blocks())
		FUZZ_FAIL("%zu blocks (%zu bytes) of the engine live after every session closed",
			  eeh_shim_live_blocks(), eeh_shim_live_bytes());
#endif
	return 0;
}
