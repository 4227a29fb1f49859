// SPDX-License-Identifier: GPL-2.0-only
/*
 * nl_fuzz: a bounded, seeded fuzz of the eehlab generic netlink family
 * (include/uapi/linux/eehlab.h) and a shared-PHB concurrency check, run
 * inside the QEMU guest (scripts/qemu-x86.sh). Raw netlink sockets, no
 * libnl: the messages are built byte by byte, malformed ones included.
 *
 *   nl_fuzz fuzz [--seed S] [--count N] [--seconds T] [--jobs J]
 *       the fixed corpus, then random messages until N were sent or T
 *       seconds passed: random command numbers (valid and not), random
 *       attribute types, lengths (0, short, exact, long, huge), nesting
 *       depth, truncated headers, garbage, valid requests with bits
 *       flipped, several sockets with and without a session; with
 *       --jobs J, J processes at once (seeds S, S+1, ...). Every
 *       request is followed by a barrier request, and every answer up to
 *       the barrier's ack is read (poll with a timeout: never blocks for
 *       good). Prints the counts per errno class as "# " lines; exit 0
 *       when every barrier was answered, the sessions were all released
 *       and the module still answers, 1 otherwise.
 *
 *   nl_fuzz shared [--clients N] [--rounds R] [--phb P] [--serial]
 *       N clients without a session share the module's shared model and
 *       one emulated PHB P on it, each on its own endpoint and PE: each
 *       round freezes its PE, reads config space (all-ones), runs CHECK
 *       and RECOVER and reads the PE's state and config space again.
 *       Each client prints its transcript (what it saw of its own PE) as
 *       "client I: ..." lines; --serial runs the clients one after the
 *       other, otherwise they run at once (one process each). The two
 *       outputs must be the same. Exit 0, or 1 on a failed request or a
 *       violated invariant.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/eehlab.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

#define BUF_MAX		(96 * 1024)
#define ANSWER_MS	10000	/* the most an answer may take */
#define NSOCK		4

struct nlsk {
	int fd;
	uint32_t seq;
};

static uint16_t family;
static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- building messages ---- */

struct mbuf {
	uint8_t b[BUF_MAX];
	size_t len;
	size_t nest[16];
	int depth;
};

static void m_begin(struct mbuf *m, uint16_t type, uint16_t flags, uint8_t cmd,
		    uint8_t version)
{
	struct nlmsghdr *h = (struct nlmsghdr *)m->b;
	struct genlmsghdr *g = (struct genlmsghdr *)(m->b + NLMSG_HDRLEN);

	memset(m->b, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->depth = 0;
}

/* An attribute with @len bytes of @data (NULL: zeros); false when full */
static int m_put(struct mbuf *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->b + m->len);
	size_t tot = NLA_ALIGN(NLA_HDRLEN + len);

	if (m->len + tot > sizeof(m->b) || NLA_HDRLEN + len > 0xffff)
		return 0;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (data)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
	else
		memset((uint8_t *)a + NLA_HDRLEN, 0, len);
	memset((uint8_t *)a + NLA_HDRLEN + len, 0, tot - NLA_HDRLEN - len);
	m->len += tot;
	return 1;
}

static void m_u32(struct mbuf *m, uint16_t type, uint32_t v)
{
	m_put(m, type, &v, 4);
}

static void m_u64(struct mbuf *m, uint16_t type, uint64_t v)
{
	m_put(m, type, &v, 8);
}

static void m_str(struct mbuf *m, uint16_t type, const char *s)
{
	m_put(m, type, s, strlen(s) + 1);
}

static void m_nest(struct mbuf *m, uint16_t type)
{
	if (m->depth >= 16 || m->len + NLA_HDRLEN > sizeof(m->b))
		return;
	m->nest[m->depth++] = m->len;
	m_put(m, type | NLA_F_NESTED, NULL, 0);
}

static void m_end(struct mbuf *m)
{
	struct nlattr *a;
	size_t len;

	if (!m->depth)
		return;
	a = (struct nlattr *)(m->b + m->nest[--m->depth]);
	len = m->len - m->nest[m->depth];
	a->nla_len = len > 0xffff ? 0xffff : (uint16_t)len;
}

static void m_finish(struct mbuf *m)
{
	while (m->depth)
		m_end(m);
	((struct nlmsghdr *)m->b)->nlmsg_len = (uint32_t)m->len;
}

/* ---- sockets and answers ---- */

static int sk_open(struct nlsk *s)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, sz = 1 << 20;

	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(s->fd);
		s->fd = -1;
		return -errno;
	}
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	s->seq = 1000;
	return 0;
}

static void sk_close(struct nlsk *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* What came back for one sequence number. */
struct answer {
	int acked;		/* an NLMSG_ERROR (ack or error) arrived */
	int err;		/* its errno, positive; 0: success */
	int replies;		/* data messages */
	int truncated;		/* a datagram did not fit the buffer */
	uint8_t reply[BUF_MAX];	/* the last reply */
	size_t reply_len;
};

static void send_raw(struct nlsk *s, const void *buf, size_t len, int *serr)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	*serr = 0;
	if (sendto(s->fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		*serr = errno;
}

/*
 * Read until the ack of @seq arrives (0) or ANSWER_MS pass (-ETIMEDOUT);
 * what came for @other (0: nothing) is recorded in @o_other.
 */
static int read_until(struct nlsk *s, uint32_t seq, struct answer *a,
		      uint32_t other, struct answer *o_other)
{
	static uint8_t buf[256 * 1024];
	double end = now_s() + ANSWER_MS / 1000.0;

	for (;;) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		int left = (int)((end - now_s()) * 1000);
		struct nlmsghdr *h;
		ssize_t n;
		int len;

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, left) <= 0)
			continue;
		n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == ENOBUFS)	/* overrun: answers were lost */
				return -ENOBUFS;
			return -errno;
		}
		len = n > (ssize_t)sizeof(buf) ? (int)sizeof(buf) : (int)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			struct answer *t = NULL;

			if (h->nlmsg_seq == seq)
				t = a;
			else if (other && h->nlmsg_seq == other)
				t = o_other;
			if (!t)
				continue;
			if (n > (ssize_t)sizeof(buf))
				t->truncated = 1;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				t->acked = 1;
				t->err = h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) ?
					 -e->error : EBADMSG;
				if (t == a)
					return 0;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				t->acked = 1;
				if (t == a)
					return 0;
			} else {
				t->replies++;
				if (h->nlmsg_len <= sizeof(t->reply)) {
					memcpy(t->reply, h, h->nlmsg_len);
					t->reply_len = h->nlmsg_len;
				}
			}
		}
	}
}

/* A well-formed request and its answer; -errno when none came. */
static int transact(struct nlsk *s, struct mbuf *m, struct answer *a)
{
	struct nlmsghdr *h = (struct nlmsghdr *)m->b;
	int serr;

	memset(a, 0, sizeof(*a));
	h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = ++s->seq;
	m_finish(m);
	send_raw(s, m->b, m->len, &serr);
	if (serr)
		return -serr;
	return read_until(s, h->nlmsg_seq, a, 0, NULL);
}

/* Attribute @type among the @rem bytes of attributes from @at (NULL: absent). */
static struct nlattr *attr_find(struct nlattr *at, int rem, int type)
{
	while (rem >= NLA_HDRLEN && at->nla_len >= NLA_HDRLEN &&
	       at->nla_len <= rem) {
		if ((at->nla_type & NLA_TYPE_MASK) == type)
			return at;
		rem -= NLA_ALIGN(at->nla_len);
		at = (struct nlattr *)((uint8_t *)at + NLA_ALIGN(at->nla_len));
	}
	return NULL;
}

/* Top-level attribute @type of the reply in @a (NULL: absent). */
static struct nlattr *reply_attr(struct answer *a, int type)
{
	struct nlmsghdr *h = (struct nlmsghdr *)a->reply;

	if (a->reply_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return NULL;
	return attr_find((struct nlattr *)(a->reply + NLMSG_HDRLEN + GENL_HDRLEN),
			 (int)h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, type);
}

/* Attribute @type inside nest @n (NULL: absent). */
static struct nlattr *nest_attr(struct nlattr *n, int type)
{
	if (!n)
		return NULL;
	return attr_find((struct nlattr *)((uint8_t *)n + NLA_HDRLEN),
			 n->nla_len - NLA_HDRLEN, type);
}

static uint64_t attr_uint(struct nlattr *a)
{
	uint64_t v = 0;
	size_t n;

	if (!a)
		return (uint64_t)-1;
	n = a->nla_len - NLA_HDRLEN;
	memcpy(&v, (uint8_t *)a + NLA_HDRLEN, n > 8 ? 8 : n);
	return v;
}

/* The family's id through the controller; 0 when it is not there. */
static uint16_t resolve(struct nlsk *s)
{
	struct mbuf *m = calloc(1, sizeof(*m));
	struct answer *a = calloc(1, sizeof(*a));
	struct nlattr *id;
	uint16_t fam = 0;

	if (!m || !a)
		goto out;
	m_begin(m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	m_str(m, CTRL_ATTR_FAMILY_NAME, EEHLAB_GENL_NAME);
	if (transact(s, m, a) == 0 && !a->err) {
		id = reply_attr(a, CTRL_ATTR_FAMILY_ID);
		if (id)
			fam = (uint16_t)attr_uint(id);
	}
out:
	free(m);
	free(a);
	return fam;
}

/* ---- the fuzz ---- */

#define NCMD	(EEHLAB_CMD_MAX + 1)

struct stats {
	unsigned long sent, answered, replies, ok, no_answer, send_err;
	unsigned long err[256], serr[256];
	unsigned long kind[8];
	unsigned long sessions_opened, reopened;
};

static const uint32_t interesting32[] = {
	0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 255, 256, 510, 511, 512, 4095, 4096,
	32768, 65535, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
};

static uint64_t rnd_value(void)
{
	switch (below(6)) {
	case 0:
		return interesting32[below(sizeof(interesting32) / 4)];
	case 1:
		return (uint64_t)1 << below(64);
	case 2:
		return ((uint64_t)1 << below(64)) - 1;
	case 3:
		return below(16);
	case 4:
		return ~(uint64_t)below(4);
	default:
		return rnd();
	}
}

static const char *const names[] = {
	"nic", "disk", "wide", "rp0", "rp1", "sw", "sw.0", "e0", "g", "vm0",
	"0000:01:00.0", "01:00.0", "0001:03:00.1", "", "-",
};

/* Random attributes at the current position, @depth levels down. */
static void gen_attrs(struct mbuf *m, int depth, int maxtype)
{
	int n = (int)below(depth ? 5 : 8), i;

	for (i = 0; i < n && m->len < sizeof(m->b) - 1024; i++) {
		uint16_t type;
		uint8_t tmp[64];
		uint64_t v;
		size_t len;
		int k;

		switch (below(20)) {
		case 0:
			type = 0;
			break;
		case 1:
			type = (uint16_t)(maxtype + 1 + below(8));
			break;
		case 2:
			type = (uint16_t)below(0x4000);
			break;
		default:
			type = (uint16_t)(1 + below(maxtype));
			break;
		}
		if (!below(12))
			type |= NLA_F_NET_BYTEORDER;
		k = (int)below(12);
		if (depth < 6 && k < 3) {		/* a nest */
			m_nest(m, type);
			gen_attrs(m, depth + 1, depth ? 40 : 24);
			m_end(m);
			continue;
		}
		v = rnd_value();
		switch (k) {
		case 3:
			m_put(m, type, &v, 1);
			break;
		case 4:
			m_put(m, type, &v, 2);
			break;
		case 5:
			m_put(m, type, &v, 4);
			break;
		case 6:
			m_put(m, type, &v, 8);
			break;
		case 7: {				/* a string */
			const char *s = names[below(sizeof(names) / sizeof(names[0]))];

			if (below(2))
				m_put(m, type, s, strlen(s) + 1);
			else
				m_put(m, type, s, strlen(s));	/* no NUL */
			break;
		}
		case 8:					/* short: 0..3 bytes */
			m_put(m, type, &v, below(4));
			break;
		case 9:					/* odd lengths */
			for (k = 0; k < (int)sizeof(tmp); k++)
				tmp[k] = (uint8_t)rnd();
			m_put(m, type, tmp, below(sizeof(tmp)));
			break;
		default: {				/* long and huge */
			static const size_t big[] = {
				255, 256, 1000, 4096, EEHLAB_DATA_MAX - 1,
				EEHLAB_DATA_MAX, EEHLAB_DATA_MAX + 1, 60000,
			};

			len = big[below(sizeof(big) / sizeof(big[0]))];
			if (m->len + NLA_HDRLEN + len > sizeof(m->b) - 64)
				len = 17;
			m_put(m, type, NULL, len);
			if (below(2) && len > 8)	/* garbage in it */
				for (k = 0; k < 16; k++)
					m->b[m->len - 1 - below((uint32_t)len)] =
						(uint8_t)rnd();
			break;
		}
		}
	}
}

/* A PHB nest (INDEX, and MODEL when @model >= 0) */
static void put_phb(struct mbuf *m, uint32_t index, int model)
{
	m_nest(m, EEHLAB_A_PHB);
	m_u32(m, EEHLAB_A_PHB_INDEX, index);
	if (model >= 0)
		m_u32(m, EEHLAB_A_PHB_MODEL, (uint32_t)model);
	m_end(m);
}

static void put_dev(struct mbuf *m, uint32_t phb, uint32_t id)
{
	put_phb(m, phb, -1);
	m_nest(m, EEHLAB_A_DEV);
	m_u32(m, EEHLAB_A_DEV_ID, id);
	m_end(m);
}

static void put_pe(struct mbuf *m, uint32_t phb, uint32_t pe)
{
	put_phb(m, phb, -1);
	m_nest(m, EEHLAB_A_PE);
	m_u32(m, EEHLAB_A_PE_NUM, pe);
	m_end(m);
}

/*
 * A valid request of a random command, on small indexes (PHB 0..3,
 * function 0..7, PE near the top) so that some of them succeed.
 */
static void gen_valid(struct mbuf *m)
{
	uint32_t phb = below(4), id = below(8), pe = 0x1f8 + below(8);
	uint8_t cmd = (uint8_t)(1 + below(EEHLAB_CMD_MAX));
	char name[16];

	m_begin(m, family, 0, cmd, EEHLAB_GENL_VERSION);
	snprintf(name, sizeof(name), "%s", names[below(10)]);
	switch (cmd) {
	case EEHLAB_CMD_PHB_CREATE:
		put_phb(m, phb, below(2) ? EEHLAB_PHB_MODEL_PHB4 : EEHLAB_PHB_MODEL_PHB3);
		break;
	case EEHLAB_CMD_NODE_ADD:
		put_phb(m, phb, -1);
		m_nest(m, EEHLAB_A_DEV);
		m_str(m, EEHLAB_A_DEV_NAME, name);
		m_u32(m, EEHLAB_A_DEV_TYPE, below(4));
		if (below(2))
			m_u32(m, EEHLAB_A_DEV_PARENT, id);
		m_u32(m, EEHLAB_A_DEV_KIND, below(3));
		m_end(m);
		break;
	case EEHLAB_CMD_PHB_DESTROY:
	case EEHLAB_CMD_PHB_ENUMERATE:
	case EEHLAB_CMD_PHB_GET:
		put_phb(m, phb, -1);
		break;
	case EEHLAB_CMD_INJECT:
		m_nest(m, EEHLAB_A_INJECT);
		m_u32(m, EEHLAB_A_INJECT_KIND, below(4));
		m_u32(m, EEHLAB_A_INJECT_PHB, phb);
		m_u32(m, EEHLAB_A_INJECT_PE, pe);
		m_u32(m, EEHLAB_A_INJECT_WHICH, 1 + below(3));
		m_end(m);
		break;
	case EEHLAB_CMD_DEV_RESOLVE:
		m_str(m, EEHLAB_A_SPEC, name);
		break;
	case EEHLAB_CMD_MEM_ALLOC:
		m_u64(m, EEHLAB_A_LEN, (uint64_t)4096 << below(8));
		break;
	case EEHLAB_CMD_MEM_READ:
	case EEHLAB_CMD_MEM_WRITE:
		m_u64(m, EEHLAB_A_ADDR, (uint64_t)below(16) << 12);
		m_u64(m, EEHLAB_A_LEN, 1 + below(8192));
		if (cmd == EEHLAB_CMD_MEM_WRITE)
			m_put(m, EEHLAB_A_DATA, NULL, 1 + below(8192));
		break;
	case EEHLAB_CMD_MMIO_READ:
	case EEHLAB_CMD_MMIO_WRITE:
	case EEHLAB_CMD_CFG_READ:
	case EEHLAB_CMD_CFG_WRITE:
		put_dev(m, phb, id);
		m_u32(m, EEHLAB_A_BAR, below(6));
		m_u64(m, EEHLAB_A_OFFSET, below(0x100));
		m_u32(m, EEHLAB_A_WIDTH, 1u << below(4));
		m_u64(m, EEHLAB_A_VALUE, rnd());
		if (below(2))
			m_put(m, EEHLAB_A_DETECT, NULL, 0);
		break;
	case EEHLAB_CMD_CHECK:
	case EEHLAB_CMD_DRIVER_SET:
		put_dev(m, phb, id);
		break;
	case EEHLAB_CMD_ADVANCE:
		m_u64(m, EEHLAB_A_MS, rnd_value());
		break;
	case EEHLAB_CMD_MAX_FREEZES_SET:
		m_u32(m, EEHLAB_A_MAX_FREEZES, (uint32_t)rnd_value());
		break;
	case EEHLAB_CMD_GUEST_CREATE:
	case EEHLAB_CMD_GUEST_SLOT:
		m_nest(m, EEHLAB_A_GUEST);
		m_str(m, EEHLAB_A_GUEST_NAME, "vm0");
		m_u64(m, EEHLAB_A_GUEST_SLOT_GPA, 0);
		m_u64(m, EEHLAB_A_GUEST_SLOT_SIZE, (uint64_t)1 << (12 + below(12)));
		m_u32(m, EEHLAB_A_GUEST_SLOT_PAGE_SHIFT, 12 + below(19));
		m_end(m);
		break;
	case EEHLAB_CMD_HCALL:
		m_nest(m, EEHLAB_A_GUEST);
		m_str(m, EEHLAB_A_GUEST_NAME, "vm0");
		m_end(m);
		m_nest(m, EEHLAB_A_HCALL);
		m_u64(m, EEHLAB_A_HCALL_OPCODE, 0x1c + 4 * below(40));
		m_u64(m, EEHLAB_A_HCALL_ARG0, rnd_value());
		m_u64(m, EEHLAB_A_HCALL_ARG1, rnd_value());
		m_u64(m, EEHLAB_A_HCALL_ARG2, rnd_value());
		m_u64(m, EEHLAB_A_HCALL_ARG3, rnd_value());
		m_u32(m, EEHLAB_A_HCALL_TIER, below(3));
		m_end(m);
		break;
	case EEHLAB_CMD_SESSION_OPEN:
		if (below(2))
			m_u64(m, EEHLAB_A_MEM_CAP, (uint64_t)1 << (20 + below(8)));
		break;
	default:
		/* the PE-shaped requests, and the rest with what they get */
		put_pe(m, phb, pe);
		if (below(2))
			put_dev(m, phb, id);
		break;
	}
}

/* One fuzz message; @kind: what was made (for the counts) */
static void gen_message(struct mbuf *m, int *kind)
{
	struct nlmsghdr *h;
	int k = (int)below(100);

	if (k < 35) {			/* a valid request, some bits flipped */
		int flips = (int)below(9), i;

		*kind = 0;
		gen_valid(m);
		m_finish(m);
		for (i = 0; i < flips && m->len > NLMSG_HDRLEN + GENL_HDRLEN; i++) {
			size_t at = NLMSG_HDRLEN + GENL_HDRLEN +
				    below((uint32_t)(m->len - NLMSG_HDRLEN - GENL_HDRLEN));

			m->b[at] ^= (uint8_t)(1u << below(8));
		}
		return;
	}
	if (k < 75) {			/* random command, random attributes */
		uint8_t cmd = below(4) ? (uint8_t)below(NCMD + 4) : (uint8_t)rnd();

		*kind = 1;
		m_begin(m, family, 0, cmd,
			below(8) ? EEHLAB_GENL_VERSION : (uint8_t)rnd());
		gen_attrs(m, 0, EEHLAB_A_MAX);
		m_finish(m);
		return;
	}
	if (k < 85) {			/* garbage after a genetlink header */
		size_t len = below(2) ? below(64) : below(4096), i;

		*kind = 2;
		m_begin(m, family, 0, (uint8_t)below(NCMD + 2), EEHLAB_GENL_VERSION);
		for (i = 0; i < len; i++)
			m->b[m->len + i] = (uint8_t)rnd();
		m->len += len;
		m_finish(m);
		return;
	}
	/* headers: truncated, lying lengths, flags */
	*kind = 3;
	gen_valid(m);
	m_finish(m);
	h = (struct nlmsghdr *)m->b;
	switch (below(7)) {
	case 0:		/* cut anywhere, the header's length kept */
		m->len = below((uint32_t)m->len);
		break;
	case 1:		/* cut, the header says so */
		m->len = below((uint32_t)m->len);
		if (m->len >= 4)
			h->nlmsg_len = (uint32_t)m->len;
		break;
	case 2:		/* a length past the datagram */
		h->nlmsg_len += 1 + below(1000);
		break;
	case 3:		/* a length shorter than the genetlink header */
		h->nlmsg_len = NLMSG_HDRLEN + below(GENL_HDRLEN);
		break;
	case 4:		/* a dump of a command without one */
		h->nlmsg_flags |= NLM_F_DUMP;
		break;
	case 5:		/* two messages in one datagram */
		if (m->len * 2 < sizeof(m->b)) {
			memcpy(m->b + m->len, m->b, m->len);
			m->len *= 2;
		}
		break;
	default:	/* a control message type */
		h->nlmsg_type = (uint16_t)below(NLMSG_MIN_TYPE);
		break;
	}
}

/* The fixed corpus: edge cases run first, every time. */
static void corpus(struct mbuf *m, int i, int *more)
{
	struct nlmsghdr *h = (struct nlmsghdr *)m->b;
	int d;

	*more = 1;
	switch (i) {
	case 0:		/* no genetlink header at all */
		m_begin(m, family, 0, 0, 0);
		m->len = NLMSG_HDRLEN;
		break;
	case 1:		/* UNSPEC, EVENT (no op), the first unknown, 255 */
	case 2:
	case 3:
	case 4: {
		static const uint8_t c[] = { 0, EEHLAB_CMD_EVENT, NCMD, 255 };

		m_begin(m, family, 0, c[i - 1], EEHLAB_GENL_VERSION);
		break;
	}
	case 5:		/* an attribute of length 0, one of 3 */
		m_begin(m, family, 0, EEHLAB_CMD_PHB_GET, EEHLAB_GENL_VERSION);
		m_put(m, EEHLAB_A_PHB, NULL, 0);
		((struct nlattr *)(m->b + NLMSG_HDRLEN + GENL_HDRLEN))->nla_len = 0;
		break;
	case 6:
		m_begin(m, family, 0, EEHLAB_CMD_PHB_GET, EEHLAB_GENL_VERSION);
		m_put(m, EEHLAB_A_PHB, NULL, 0);
		((struct nlattr *)(m->b + NLMSG_HDRLEN + GENL_HDRLEN))->nla_len = 3;
		break;
	case 7:		/* an attribute claiming more than the message */
		m_begin(m, family, 0, EEHLAB_CMD_PHB_GET, EEHLAB_GENL_VERSION);
		m_u32(m, EEHLAB_A_PHB, 0);
		((struct nlattr *)(m->b + NLMSG_HDRLEN + GENL_HDRLEN))->nla_len = 1000;
		break;
	case 8:		/* nests six deep in the PHB nest */
		m_begin(m, family, 0, EEHLAB_CMD_PHB_CREATE, EEHLAB_GENL_VERSION);
		for (d = 0; d < 6; d++)
			m_nest(m, EEHLAB_A_PHB_INDEX);
		break;
	case 9:		/* DATA one byte over the limit */
		m_begin(m, family, 0, EEHLAB_CMD_MEM_WRITE, EEHLAB_GENL_VERSION);
		m_u64(m, EEHLAB_A_ADDR, 0);
		m_put(m, EEHLAB_A_DATA, NULL, EEHLAB_DATA_MAX + 1);
		break;
	case 10:	/* a device name of 32 bytes, no NUL */
		m_begin(m, family, 0, EEHLAB_CMD_NODE_ADD, EEHLAB_GENL_VERSION);
		put_phb(m, 0, -1);
		m_nest(m, EEHLAB_A_DEV);
		m_put(m, EEHLAB_A_DEV_NAME, "0123456789abcdef0123456789abcdef", 32);
		m_u32(m, EEHLAB_A_DEV_TYPE, EEHLAB_NODE_ENDPOINT);
		m_end(m);
		break;
	case 11:	/* MEM_WRITE of no data */
		m_begin(m, family, 0, EEHLAB_CMD_MEM_WRITE, EEHLAB_GENL_VERSION);
		m_u64(m, EEHLAB_A_ADDR, 0);
		m_put(m, EEHLAB_A_DATA, NULL, 0);
		break;
	case 12:	/* a header cut short */
		m_begin(m, family, 0, EEHLAB_CMD_GET_VERSION, EEHLAB_GENL_VERSION);
		m->len = 15;
		break;
	case 13:	/* a length past the datagram */
		m_begin(m, family, 0, EEHLAB_CMD_GET_VERSION, EEHLAB_GENL_VERSION);
		m_finish(m);
		h->nlmsg_len += 64;
		return;
	case 14:	/* a dump */
		m_begin(m, family, NLM_F_DUMP, EEHLAB_CMD_DEV_LIST, EEHLAB_GENL_VERSION);
		break;
	case 15:	/* the PHB nest as a u32 */
		m_begin(m, family, 0, EEHLAB_CMD_PHB_CREATE, EEHLAB_GENL_VERSION);
		m_u32(m, EEHLAB_A_PHB, 1);
		break;
	case 16:	/* a session opened twice, closed twice */
	case 17:
		m_begin(m, family, 0, EEHLAB_CMD_SESSION_OPEN, EEHLAB_GENL_VERSION);
		break;
	case 18:
	case 19:
		m_begin(m, family, 0, EEHLAB_CMD_SESSION_CLOSE, EEHLAB_GENL_VERSION);
		break;
	case 20:	/* RECOVER on an empty model */
		m_begin(m, family, 0, EEHLAB_CMD_RECOVER, EEHLAB_GENL_VERSION);
		break;
	case 21:	/* a hypercall of no guest */
		m_begin(m, family, 0, EEHLAB_CMD_HCALL, EEHLAB_GENL_VERSION);
		m_nest(m, EEHLAB_A_HCALL);
		m_u64(m, EEHLAB_A_HCALL_OPCODE, 0x20);
		m_end(m);
		break;
	case 22:	/* the real-PHB commands with nothing, or garbage */
	case 23:
	case 24:
	case 25:
	case 26:
	case 27: {
		static const uint8_t c[] = {
			EEHLAB_CMD_REAL_INJECT, EEHLAB_CMD_REAL_HW_INJECT,
			EEHLAB_CMD_REAL_CHECK, EEHLAB_CMD_EDU_DMA,
			EEHLAB_CMD_EDU_STATUS, EEHLAB_CMD_REAL_GUEST,
		};

		m_begin(m, family, 0, c[i - 22], EEHLAB_GENL_VERSION);
		if (i & 1)
			gen_attrs(m, 0, EEHLAB_A_MAX);
		break;
	}
	case 28:	/* every nest given empty */
		m_begin(m, family, 0, EEHLAB_CMD_GUEST_WINDOW, EEHLAB_GENL_VERSION);
		for (d = EEHLAB_A_PHB; d <= EEHLAB_A_MAX; d++)
			if (d != EEHLAB_A_PAD)
				m_put(m, (uint16_t)d, NULL, 0);
		break;
	default:
		*more = 0;
		return;
	}
	m_finish(m);
	if (i == 12)
		m->len = 15;
}

static int fuzz_main(int argc, char **argv)
{
	struct nlsk sk[NSOCK], ctl;
	struct mbuf *m = calloc(1, sizeof(*m));
	struct mbuf *bar = calloc(1, sizeof(*bar));
	struct answer *a = calloc(1, sizeof(*a)), *ab = calloc(1, sizeof(*ab));
	unsigned long count = 20000, seed = 1, i, ci;
	struct stats st = { 0 };
	double seconds = 30, t0, t;
	int failed = 0, more = 1, j, jobs = 1, job = 0;
	pid_t pids[8];
	char path[64];

	for (j = 2; j < argc; j++) {
		if (!strcmp(argv[j], "--seed") && j + 1 < argc)
			seed = strtoul(argv[++j], NULL, 0);
		else if (!strcmp(argv[j], "--count") && j + 1 < argc)
			count = strtoul(argv[++j], NULL, 0);
		else if (!strcmp(argv[j], "--seconds") && j + 1 < argc)
			seconds = atof(argv[++j]);
		else if (!strcmp(argv[j], "--jobs") && j + 1 < argc)
			jobs = atoi(argv[++j]);
		else {
			fprintf(stderr, "usage: nl_fuzz fuzz [--seed S] [--count N] [--seconds T] [--jobs J]\n");
			return 2;
		}
	}
	if (!m || !bar || !a || !ab || jobs < 1 || jobs > 8)
		return 2;
	if (sk_open(&ctl)) {
		printf("# no netlink socket\n");
		return 1;
	}
	family = resolve(&ctl);
	if (!family) {
		printf("# family %s not found\n", EEHLAB_GENL_NAME);
		return 4;
	}
	/* jobs 1..: processes of their own, seed + job, output to a file */
	fflush(stdout);
	for (j = 1; j < jobs; j++) {
		snprintf(path, sizeof(path), "/tmp/nl_fuzz.%d.%d", (int)getpid(), j);
		pids[j] = fork();
		if (pids[j] < 0)
			return 1;
		if (pids[j] == 0) {
			job = j;
			seed += (unsigned long)j;
			if (!freopen(path, "w", stdout))
				_exit(1);
			break;
		}
	}
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (j = 0; j < NSOCK; j++)
		if (sk_open(&sk[j]))
			return 1;
	printf("# %sseed %lu, at most %lu messages or %.0f s, %d sockets\n",
	       job ? "job: " : "", seed, count, seconds, NSOCK);
	t0 = now_s();
	for (i = 0, ci = 0; i < count; i++) {
		struct nlsk *s = &sk[below(NSOCK)];
		struct nlmsghdr *h = (struct nlmsghdr *)m->b;
		uint32_t seq, bseq;
		int kind = 4, serr, rc;

		if (more) {
			corpus(m, (int)ci++, &more);
			if (!more) {
				printf("# corpus: %lu messages\n", ci - 1);
				continue;
			}
			s = &sk[0];
		} else {
			if ((now_s() - t0) > seconds)
				break;
			if (!below(50)) {	/* a socket goes: its session with it */
				sk_close(s);
				if (sk_open(s))
					return 1;
				st.reopened++;
			}
			if (!below(30)) {	/* a session on this socket */
				m_begin(bar, family, 0, EEHLAB_CMD_SESSION_OPEN,
					EEHLAB_GENL_VERSION);
				if (transact(s, bar, ab) == 0 && !ab->err)
					st.sessions_opened++;
			}
			gen_message(m, &kind);
		}
		st.kind[kind]++;
		seq = ++s->seq;
		if (m->len >= NLMSG_HDRLEN) {
			h->nlmsg_seq = seq;
			h->nlmsg_pid = 0;
			h->nlmsg_flags |= NLM_F_REQUEST;
			if (below(8))
				h->nlmsg_flags |= NLM_F_ACK;
		}
		memset(a, 0, sizeof(*a));
		send_raw(s, m->b, m->len, &serr);
		st.sent++;
		if (serr) {
			st.send_err++;
			st.serr[serr & 255]++;
		}
		/* the barrier: answered after whatever the message caused */
		m_begin(bar, family, 0, EEHLAB_CMD_GET_VERSION, EEHLAB_GENL_VERSION);
		bseq = ++s->seq;
		((struct nlmsghdr *)bar->b)->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
		((struct nlmsghdr *)bar->b)->nlmsg_seq = bseq;
		m_finish(bar);
		memset(ab, 0, sizeof(*ab));
		send_raw(s, bar->b, bar->len, &serr);
		rc = serr ? -serr : read_until(s, bseq, ab, seq, a);
		if (rc || ab->err || ab->replies != 1) {
			printf("# message %lu (kind %d, %zu bytes): no answer to the barrier after it (%d, errno %d, %d replies)\n",
			       i, kind, m->len, rc, ab->err, ab->replies);
			st.no_answer++;
			failed = 1;
			if (st.no_answer > 5)
				break;
			continue;
		}
		st.replies += a->replies;
		if (a->acked) {
			st.answered++;
			if (a->err)
				st.err[a->err & 255]++;
			else
				st.ok++;
		}
	}
	t = now_s() - t0;
	printf("# %lu messages in %.1f s (%.0f/s; each followed by a barrier request)\n",
	       st.sent, t, t > 0 ? st.sent / t : 0.0);
	printf("# made: %lu mutated valid, %lu random, %lu garbage, %lu bad headers, %lu corpus\n",
	       st.kind[0], st.kind[1], st.kind[2], st.kind[3], st.kind[4]);
	printf("# answers: %lu acks (%lu success), %lu replies, %lu unanswered (no ack asked or header dropped), %lu send errors\n",
	       st.answered, st.ok, st.replies, st.sent - st.answered, st.send_err);
	for (j = 1; j < 256; j++)
		if (st.err[j])
			printf("#   errno %d (%s): %lu\n", j, strerror(j), st.err[j]);
	for (j = 1; j < 256; j++)
		if (st.serr[j])
			printf("#   send errno %d (%s): %lu\n", j, strerror(j), st.serr[j]);
	printf("# %lu sessions opened, %lu sockets closed and reopened\n",
	       st.sessions_opened, st.reopened);

	/* every session goes with its socket; the module still answers */
	for (j = 0; j < NSOCK; j++)
		sk_close(&sk[j]);
	if (job) {
		fflush(stdout);
		_exit(failed);
	}
	for (j = 1; j < jobs; j++) {
		FILE *f;
		char line[256];
		int wst;

		if (waitpid(pids[j], &wst, 0) < 0 || !WIFEXITED(wst) ||
		    WEXITSTATUS(wst)) {
			printf("# job %d failed\n", j);
			failed = 1;
		}
		snprintf(path, sizeof(path), "/tmp/nl_fuzz.%d.%d", (int)getpid(), j);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			printf("# job %d: %s", j, line[0] == '#' ? line + 2 : line);
		if (f)
			fclose(f);
		unlink(path);
	}
	usleep(200000);
	m_begin(m, family, 0, EEHLAB_CMD_STATS, EEHLAB_GENL_VERSION);
	if (transact(&ctl, m, a) || a->err) {
		printf("# STATS after the fuzz: no answer (errno %d)\n", a->err);
		failed = 1;
	} else {
		struct nlattr *n = reply_attr(a, EEHLAB_A_STATS);
		uint64_t sess = attr_uint(nest_attr(n, EEHLAB_A_STATS_SESSIONS));

		printf("# after: %llu sessions open, %llu allocations live (the shared model's)\n",
		       (unsigned long long)sess,
		       (unsigned long long)attr_uint(nest_attr(n, EEHLAB_A_STATS_LIVE_ALLOCS)));
		if (sess != 0) {
			printf("# sessions left open after every socket closed\n");
			failed = 1;
		}
	}
	m_begin(m, family, 0, EEHLAB_CMD_INVARIANTS, EEHLAB_GENL_VERSION);
	if (transact(&ctl, m, a) || a->err) {
		printf("# INVARIANTS after the fuzz: errno %d\n", a->err);
		failed = 1;
	} else if (reply_attr(a, EEHLAB_A_INVARIANT)) {
		struct nlattr *v = reply_attr(a, EEHLAB_A_INVARIANT);

		printf("# the shared model breaks an invariant: %.*s\n",
		       v->nla_len - NLA_HDRLEN, (char *)v + NLA_HDRLEN);
		failed = 1;
	}
	sk_close(&ctl);
	return failed;
}

/* ---- shared: N clients on one PHB of the shared model ---- */

static int req(struct nlsk *s, struct mbuf *m, struct answer *a,
	       const char *what)
{
	int rc = transact(s, m, a);

	if (rc) {
		printf("# %s: no answer (%d)\n", what, rc);
		return -1;
	}
	if (a->err) {
		printf("# %s: errno %d\n", what, a->err);
		return -1;
	}
	return 0;
}

static int node_add(struct nlsk *s, struct mbuf *m, struct answer *a,
		    uint32_t phb, const char *name, uint32_t type, int parent)
{
	struct nlattr *d;

	m_begin(m, family, 0, EEHLAB_CMD_NODE_ADD, EEHLAB_GENL_VERSION);
	put_phb(m, phb, -1);
	m_nest(m, EEHLAB_A_DEV);
	m_str(m, EEHLAB_A_DEV_NAME, name);
	m_u32(m, EEHLAB_A_DEV_TYPE, type);
	if (parent >= 0)
		m_u32(m, EEHLAB_A_DEV_PARENT, (uint32_t)parent);
	if (type == EEHLAB_NODE_ENDPOINT)
		m_u32(m, EEHLAB_A_DEV_KIND, EEHLAB_DEV_KIND_EDU);
	m_end(m);
	if (req(s, m, a, name))
		return -1;
	d = nest_attr(reply_attr(a, EEHLAB_A_DEV), EEHLAB_A_DEV_ID);
	return d ? (int)attr_uint(d) : -1;
}

struct client {
	int ep, pe;
	char name[16];
};

#define MAX_CLIENTS	16

static int shared_setup(struct nlsk *s, struct mbuf *m, struct answer *a,
			uint32_t phb, int n, struct client *cl)
{
	int i;

	m_begin(m, family, 0, EEHLAB_CMD_PHB_CREATE, EEHLAB_GENL_VERSION);
	put_phb(m, phb, EEHLAB_PHB_MODEL_PHB4);
	if (req(s, m, a, "PHB_CREATE"))
		return -1;
	for (i = 0; i < n; i++) {
		char rp[16];
		int r;

		snprintf(rp, sizeof(rp), "crp%d", i);
		snprintf(cl[i].name, sizeof(cl[i].name), "cep%d", i);
		r = node_add(s, m, a, phb, rp, EEHLAB_NODE_ROOT_PORT, -1);
		if (r < 0)
			return -1;
		cl[i].ep = node_add(s, m, a, phb, cl[i].name,
				    EEHLAB_NODE_ENDPOINT, r);
		if (cl[i].ep < 0)
			return -1;
	}
	m_begin(m, family, 0, EEHLAB_CMD_PHB_ENUMERATE, EEHLAB_GENL_VERSION);
	put_phb(m, phb, -1);
	if (req(s, m, a, "PHB_ENUMERATE"))
		return -1;
	for (i = 0; i < n; i++) {
		struct nlattr *pe;

		m_begin(m, family, 0, EEHLAB_CMD_DEV_RESOLVE, EEHLAB_GENL_VERSION);
		m_str(m, EEHLAB_A_SPEC, cl[i].name);
		if (req(s, m, a, "DEV_RESOLVE"))
			return -1;
		pe = nest_attr(reply_attr(a, EEHLAB_A_DEV), EEHLAB_A_DEV_PE);
		if (!pe)
			return -1;
		cl[i].pe = (int)attr_uint(pe);
	}
	/* freezes enough for every round: no permanent failure */
	m_begin(m, family, 0, EEHLAB_CMD_MAX_FREEZES_SET, EEHLAB_GENL_VERSION);
	m_u32(m, EEHLAB_A_MAX_FREEZES, 100000);
	return req(s, m, a, "MAX_FREEZES_SET");
}

/* config space word 0 of the client's endpoint, or an error text */
static void cfg0(struct nlsk *s, struct mbuf *m, struct answer *a, uint32_t phb,
		 const struct client *c, char *out, size_t len)
{
	int rc;

	m_begin(m, family, 0, EEHLAB_CMD_CFG_READ, EEHLAB_GENL_VERSION);
	put_dev(m, phb, (uint32_t)c->ep);
	m_u64(m, EEHLAB_A_OFFSET, 0);
	m_u32(m, EEHLAB_A_WIDTH, 4);
	rc = transact(s, m, a);
	if (rc || a->err)
		snprintf(out, len, "cfg error %d/%d", rc, a->err);
	else
		snprintf(out, len, "cfg 0x%08llx",
			 (unsigned long long)attr_uint(reply_attr(a, EEHLAB_A_VALUE)));
}

/* The recovery events of RECOVER's reply: on PE @pe (*own), others */
static void rec_events(struct answer *a, int pe, int *others, int *own)
{
	struct nlmsghdr *h = (struct nlmsghdr *)a->reply;
	struct nlattr *at;
	int rem;

	*others = 0;
	*own = 0;
	if (a->reply_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return;
	at = (struct nlattr *)(a->reply + NLMSG_HDRLEN + GENL_HDRLEN);
	rem = (int)h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (rem >= NLA_HDRLEN && at->nla_len >= NLA_HDRLEN &&
	       at->nla_len <= rem) {
		if ((at->nla_type & NLA_TYPE_MASK) == EEHLAB_A_REC_EVENT) {
			struct nlattr *p = nest_attr(at, EEHLAB_A_REC_PE);

			if (p && (int)attr_uint(p) == pe)
				(*own)++;
			else
				(*others)++;
		}
		rem -= NLA_ALIGN(at->nla_len);
		at = (struct nlattr *)((uint8_t *)at + NLA_ALIGN(at->nla_len));
	}
}

/* One client's rounds; its transcript on stdout. 0 or -1 */
static int shared_client(int idx, uint32_t phb, const struct client *c,
			 int rounds)
{
	struct mbuf *m = calloc(1, sizeof(*m));
	struct answer *a = calloc(1, sizeof(*a));
	char line[512], v0[64], v1[64], v2[64];
	int r, rc = 0, others = 0, own = 0;
	struct nlsk s;

	if (!m || !a || sk_open(&s))
		return -1;
	for (r = 0; r < rounds; r++) {
		int inj, chk, rec, queued = -1;
		uint64_t fw = (uint64_t)-1, fc = (uint64_t)-1;
		struct nlattr *pe;

		cfg0(&s, m, a, phb, c, v0, sizeof(v0));
		m_begin(m, family, 0, EEHLAB_CMD_INJECT, EEHLAB_GENL_VERSION);
		m_nest(m, EEHLAB_A_INJECT);
		m_u32(m, EEHLAB_A_INJECT_KIND, EEHLAB_INJECT_FREEZE);
		m_u32(m, EEHLAB_A_INJECT_PHB, phb);
		m_u32(m, EEHLAB_A_INJECT_PE, (uint32_t)c->pe);
		m_end(m);
		inj = transact(&s, m, a) ? -1 : a->err;
		cfg0(&s, m, a, phb, c, v1, sizeof(v1));
		m_begin(m, family, 0, EEHLAB_CMD_CHECK, EEHLAB_GENL_VERSION);
		put_dev(m, phb, (uint32_t)c->ep);
		chk = transact(&s, m, a) ? -1 : a->err;
		if (!chk && reply_attr(a, EEHLAB_A_QUEUED))
			queued = (int)attr_uint(reply_attr(a, EEHLAB_A_QUEUED));
		m_begin(m, family, 0, EEHLAB_CMD_RECOVER, EEHLAB_GENL_VERSION);
		rec = transact(&s, m, a) ? -1 : a->err;
		if (!rec) {
			/* whose events this recovery ran (not in the transcript) */
			int o, w;

			rec_events(a, c->pe, &o, &w);
			others += o;
			own += w;
		}
		m_begin(m, family, 0, EEHLAB_CMD_PE_STATE, EEHLAB_GENL_VERSION);
		put_pe(m, phb, (uint32_t)c->pe);
		if (!transact(&s, m, a) && !a->err) {
			pe = reply_attr(a, EEHLAB_A_PE);
			fw = attr_uint(nest_attr(pe, EEHLAB_A_PE_FW_STATE));
			fc = attr_uint(nest_attr(pe, EEHLAB_A_PE_FREEZE_COUNT));
		}
		cfg0(&s, m, a, phb, c, v2, sizeof(v2));
		snprintf(line, sizeof(line),
			 "client %d: round %d: %s; inject %d; %s; check %d queued %d; recover %d; fw state %lld, freezes %lld; %s",
			 idx, r, v0, inj, v1, chk, queued, rec, (long long)fw,
			 (long long)fc, v2);
		printf("%s\n", line);
		if (inj || chk || rec)
			rc = -1;
	}
	fflush(stdout);
	/* for the interleaving count of the caller, not compared */
	fprintf(stderr, "recoveries: client %d ran %d of its own PE's events and %d of other clients'\n",
		idx, own, others);
	sk_close(&s);
	free(m);
	free(a);
	return rc;
}

static int shared_main(int argc, char **argv)
{
	struct client cl[MAX_CLIENTS];
	struct mbuf *m = calloc(1, sizeof(*m));
	struct answer *a = calloc(1, sizeof(*a));
	int n = 8, rounds = 10, serial = 0, i, j, failed = 0;
	uint32_t phb = 5;
	struct nlsk s;
	double t0;

	for (j = 2; j < argc; j++) {
		if (!strcmp(argv[j], "--clients") && j + 1 < argc)
			n = atoi(argv[++j]);
		else if (!strcmp(argv[j], "--rounds") && j + 1 < argc)
			rounds = atoi(argv[++j]);
		else if (!strcmp(argv[j], "--phb") && j + 1 < argc)
			phb = (uint32_t)atoi(argv[++j]);
		else if (!strcmp(argv[j], "--serial"))
			serial = 1;
		else {
			fprintf(stderr, "usage: nl_fuzz shared [--clients N] [--rounds R] [--phb P] [--serial]\n");
			return 2;
		}
	}
	if (n < 1 || n > MAX_CLIENTS || !m || !a || sk_open(&s))
		return 2;
	family = resolve(&s);
	if (!family)
		return 4;
	if (shared_setup(&s, m, a, phb, n, cl)) {
		printf("# cannot build PHB %u with %d endpoints on the shared model\n",
		       phb, n);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	t0 = now_s();
	if (serial) {
		for (i = 0; i < n; i++)
			if (shared_client(i, phb, &cl[i], rounds))
				failed = 1;
	} else {
		pid_t pid[MAX_CLIENTS];

		for (i = 0; i < n; i++) {
			pid[i] = fork();
			if (pid[i] == 0)
				_exit(shared_client(i, phb, &cl[i], rounds) ? 1 : 0);
			if (pid[i] < 0)
				failed = 1;
		}
		for (i = 0; i < n; i++) {
			int st;

			if (pid[i] > 0 &&
			    (waitpid(pid[i], &st, 0) < 0 || !WIFEXITED(st) ||
			     WEXITSTATUS(st)))
				failed = 1;
		}
	}
	fprintf(stderr, "# %d clients x %d rounds on PHB %u, %s: %.2f s\n", n,
		rounds, phb, serial ? "one after the other" : "at once",
		now_s() - t0);
	m_begin(m, family, 0, EEHLAB_CMD_INVARIANTS, EEHLAB_GENL_VERSION);
	if (req(&s, m, a, "INVARIANTS")) {
		failed = 1;
	} else if (reply_attr(a, EEHLAB_A_INVARIANT)) {
		struct nlattr *v = reply_attr(a, EEHLAB_A_INVARIANT);

		fprintf(stderr, "# invariant violated: %.*s\n",
			v->nla_len - NLA_HDRLEN, (char *)v + NLA_HDRLEN);
		failed = 1;
	}
	m_begin(m, family, 0, EEHLAB_CMD_PHB_DESTROY, EEHLAB_GENL_VERSION);
	put_phb(m, phb, -1);
	if (req(&s, m, a, "PHB_DESTROY"))
		failed = 1;
	sk_close(&s);
	return failed;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "fuzz"))
		return fuzz_main(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "shared"))
		return shared_main(argc, argv);
	fprintf(stderr, "usage: nl_fuzz fuzz [--seed S] [--count N] [--seconds T]\n"
			"       nl_fuzz shared [--clients N] [--rounds R] [--phb P] [--serial]\n");
	return 2;
}
