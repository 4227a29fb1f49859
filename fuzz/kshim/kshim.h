/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The nl fuzz target's kernel-API shim (docs/fuzz.md): exactly what
 * driver/eehlab_nl.c, driver/eehlab_cmds.c and driver/eehlab_session.c
 * use of the kernel, in userspace, so the fuzz build compiles those
 * files unchanged. The headers beside it (linux/ and net/) only
 * include this one.
 *
 * The netlink part follows Debian 12's 6.1 (include/net/netlink.h,
 * include/net/genetlink.h, lib/nlattr.c, net/netlink/genetlink.c,
 * net/netlink/af_netlink.c); where it differs from 6.12 for what eehlab
 * uses, the comment says so. The struct nlattr, nlmsghdr and genlmsghdr
 * layouts are the uapi ones (the system's <linux/netlink.h> and
 * <linux/genetlink.h>). What the kernel rounds up, the shim does not:
 * a reply buffer holds exactly what genlmsg_new() asked for, so a reply
 * larger than its handler's estimate fails here (-EMSGSIZE) where the
 * kernel's slab rounding may hide it. The layout is that of a kernel with
 * CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS (both x86_64 and Debian's
 * ppc64el): no pad attribute before 64-bit values.
 */
#ifndef _EEHLAB_KSHIM_H
#define _EEHLAB_KSHIM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
/* the uapi netlink layouts, as the kernel's own headers include them */
#include <linux/netlink.h>
#include <linux/genetlink.h>

#include "eehlab/shim.h"	/* u8..s64 as the portable code has them */

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME		"eehlab"
#endif

/* ---- compiler and kernel.h ---- */
#define __init
#define __exit
#define __ro_after_init
#define __maybe_unused		__attribute__((__unused__))
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define likely(x)		__builtin_expect(!!(x), 1)
#define fallthrough		__attribute__((__fallthrough__))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
/* build_bug.h: the message is optional */
#undef static_assert
#define static_assert(expr, ...)	__static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...)	_Static_assert(expr, msg)
#define IS_ENABLED(option)	0
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define S8_MIN			((s8)(-128))
#define S8_MAX			((s8)127)
#define S16_MIN			((s16)(-32768))
#define S16_MAX			((s16)32767)
#define S32_MIN			((s32)(-2147483647 - 1))
#define S32_MAX			((s32)2147483647)
#define S64_MIN			((s64)(-9223372036854775807LL - 1))
#define S64_MAX			((s64)9223372036854775807LL)
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, v)	((x) = (v))
#define pr_info(...)		((void)0)
#define pr_err(...)		((void)0)
#define pr_warn(...)		((void)0)

/* A kernel WARN or BUG in the shim: a finding for the fuzz target */
void kshim_bug(const char *what, const char *file, int line)
	__attribute__((__noreturn__));
#define KSHIM_BUG(what)		kshim_bug(what, __FILE__, __LINE__)
#define WARN_ON_ONCE(c)		({ bool __c = !!(c); if (__c) KSHIM_BUG(#c); __c; })
#define WARN_ON(c)		WARN_ON_ONCE(c)
#define WARN_ONCE(c, ...)	WARN_ON_ONCE(c)
#define BUG_ON(c)		((void)WARN_ON_ONCE(c))

typedef unsigned int gfp_t;
#define GFP_KERNEL		0u

/* ---- strings (lib/string.c) ---- */
ssize_t strscpy(char *dst, const char *src, size_t count);

/* ---- memory (slab.h, mm.h): plain calloc, no failure injection ---- */
void *kvcalloc(size_t n, size_t size, gfp_t gfp);
void kvfree(const void *p);

/* ---- atomics: one thread ---- */
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef struct { long counter; } atomic_long_t;
#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
static inline int atomic_inc_return(atomic_t *v)
{
	return ++v->counter;
}

static inline s64 atomic64_inc_return(atomic64_t *v)
{
	return ++v->counter;
}

/* ---- lists (list.h) ---- */
struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)
static inline void INIT_LIST_HEAD(struct list_head *l)
{
	l->next = l;
	l->prev = l;
}

static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	n->prev = h->prev;
	n->next = h;
	h->prev->next = n;
	h->prev = n;
}

static inline void list_del_init(struct list_head *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	INIT_LIST_HEAD(e);
}

static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	if (list->next != list) {
		struct list_head *first = list->next, *last = list->prev;

		first->prev = head;
		last->next = head->next;
		head->next->prev = last;
		head->next = first;
		INIT_LIST_HEAD(list);
	}
}

#define list_entry(p, type, member)	container_of(p, type, member)
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_entry((head)->next, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_entry((head)->next, __typeof__(*pos), member),	\
	     n = list_entry(pos->member.next, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

/* ---- kref ---- */
struct kref {
	int refcount;
};

static inline void kref_init(struct kref *k)
{
	k->refcount = 1;
}

static inline void kref_get(struct kref *k)
{
	if (k->refcount <= 0)
		KSHIM_BUG("kref_get on a dead object");
	k->refcount++;
}

static inline int kref_put(struct kref *k, void (*release)(struct kref *))
{
	if (k->refcount <= 0)
		KSHIM_BUG("kref_put on a dead object");
	if (--k->refcount == 0) {
		release(k);
		return 1;
	}
	return 0;
}

/*
 * ---- mutexes: one thread, so taking a held mutex is a deadlock in
 * the kernel and a finding here ----
 */
struct mutex {
	int locked;
};

#define DEFINE_MUTEX(name)	struct mutex name = { 0 }
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
#define mutex_is_locked(m)	((m)->locked)
#define lockdep_assert_held(m)	((void)(!(m)->locked ? (KSHIM_BUG("lock not held"), 0) : 0))

struct task_struct;

/* ---- workqueues: a work item runs when queued; flush waits for nothing ---- */
struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);
struct work_struct {
	work_func_t func;
};

struct workqueue_struct {
	int unused;
};

#define INIT_WORK(w, f)		((w)->func = (f))
struct workqueue_struct *alloc_ordered_workqueue(const char *name,
						 unsigned int flags, ...);
void destroy_workqueue(struct workqueue_struct *wq);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool flush_work(struct work_struct *work);

/* ---- notifiers and namespaces (netlink_register_notifier) ---- */
#define NOTIFY_DONE		0x0000
struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long action,
			     void *data);
};

struct net {
	int unused;
};

extern struct net init_net;
static inline bool net_eq(const struct net *a, const struct net *b)
{
	return a == b;
}

struct netlink_notify {
	struct net *net;
	u32 portid;
	int protocol;
};

#define NETLINK_URELEASE	0x0001
int netlink_register_notifier(struct notifier_block *nb);
int netlink_unregister_notifier(struct notifier_block *nb);

/* ---- netlink messages: struct sk_buff as the netlink code sees it ---- */
struct sk_buff {
	unsigned char *data;
	unsigned int len;	/* bytes used */
	unsigned int size;	/* bytes allocated: the tailroom is size - len */
};

#define NLMSG_DEFAULT_SIZE	(4096 - NLMSG_HDRLEN - 320)
#define GENLMSG_DEFAULT_SIZE	(NLMSG_DEFAULT_SIZE - GENL_HDRLEN)

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->data + skb->len;
}

static inline int skb_tailroom(const struct sk_buff *skb)
{
	return (int)(skb->size - skb->len);
}

/* ---- extack (include/linux/netlink.h) ---- */
struct nla_policy;
struct netlink_ext_ack {
	const char *_msg;
	const struct nlattr *bad_attr;
	const struct nla_policy *policy;
	const struct nlattr *miss_nest;
	u16 miss_type;
};

#define NL_SET_ERR_MSG(extack, msg) do {			\
	static const char __msg[] = msg;			\
	struct netlink_ext_ack *__extack = (extack);		\
								\
	if (__extack)						\
		__extack->_msg = __msg;				\
} while (0)
#define NL_SET_BAD_ATTR_POLICY(extack, attr, pol) do {		\
	if ((extack)) {						\
		(extack)->bad_attr = (attr);			\
		(extack)->policy = (pol);			\
	}							\
} while (0)
#define NL_SET_BAD_ATTR(extack, attr) NL_SET_BAD_ATTR_POLICY(extack, attr, NULL)
#define NL_SET_ERR_MSG_ATTR_POL(extack, attr, pol, msg) do {	\
	static const char __msg[] = msg;			\
	struct netlink_ext_ack *__extack = (extack);		\
								\
	if (__extack) {						\
		__extack->_msg = __msg;				\
		__extack->bad_attr = (attr);			\
		__extack->policy = (pol);			\
	}							\
} while (0)
#define NL_SET_ERR_MSG_ATTR(extack, attr, msg)			\
	NL_SET_ERR_MSG_ATTR_POL(extack, attr, NULL, msg)
#define NL_SET_ERR_ATTR_MISS(extack, nest, type) do {		\
	struct netlink_ext_ack *__extack = (extack);		\
								\
	if (__extack) {						\
		__extack->miss_nest = (nest);			\
		__extack->miss_type = (type);			\
	}							\
} while (0)

/* ---- attributes and policies (include/net/netlink.h) ---- */
enum {
	NLA_UNSPEC,
	NLA_U8,
	NLA_U16,
	NLA_U32,
	NLA_U64,
	NLA_STRING,
	NLA_FLAG,
	NLA_MSECS,
	NLA_NESTED,
	NLA_NESTED_ARRAY,
	NLA_NUL_STRING,
	NLA_BINARY,
	NLA_S8,
	NLA_S16,
	NLA_S32,
	NLA_S64,
	NLA_BITFIELD32,
	NLA_REJECT,
	NLA_BE16,
	NLA_BE32,
	__NLA_TYPE_MAX,
};

#define NLA_TYPE_MAX (__NLA_TYPE_MAX - 1)

enum nla_policy_validation {
	NLA_VALIDATE_NONE,
	NLA_VALIDATE_RANGE,
	NLA_VALIDATE_RANGE_WARN_TOO_LONG,
	NLA_VALIDATE_MIN,
	NLA_VALIDATE_MAX,
	NLA_VALIDATE_MASK,
	NLA_VALIDATE_RANGE_PTR,
	NLA_VALIDATE_FUNCTION,
};

struct netlink_range_validation {
	u64 min, max;
};

struct netlink_range_validation_signed {
	s64 min, max;
};

/* 6.1's layout; 6.12 makes @range and @range_signed const pointers */
struct nla_policy {
	u8 type;
	u8 validation_type;
	u16 len;
	union {
		u16 strict_start_type;
		const u32 bitfield32_valid;
		const u32 mask;
		const char *reject_message;
		const struct nla_policy *nested_policy;
		struct netlink_range_validation *range;
		struct netlink_range_validation_signed *range_signed;
		struct {
			s16 min, max;
		};
		int (*validate)(const struct nlattr *attr,
				struct netlink_ext_ack *extack);
	};
};

#define _NLA_POLICY_NESTED(maxattr, policy) \
	{ .type = NLA_NESTED, .nested_policy = policy, .len = maxattr }
#define NLA_POLICY_NESTED(policy) \
	_NLA_POLICY_NESTED(ARRAY_SIZE(policy) - 1, policy)
#define NLA_POLICY_RANGE(tp, _min, _max) {			\
	.type = (tp), .validation_type = NLA_VALIDATE_RANGE,	\
	.min = _min, .max = _max }
#define NLA_POLICY_FULL_RANGE(tp, _range) {			\
	.type = (tp), .validation_type = NLA_VALIDATE_RANGE_PTR,\
	.range = _range }
#define NLA_POLICY_MIN(tp, _min) {				\
	.type = (tp), .validation_type = NLA_VALIDATE_MIN,	\
	.min = _min }
#define NLA_POLICY_MAX(tp, _max) {				\
	.type = (tp), .validation_type = NLA_VALIDATE_MAX,	\
	.max = _max }

enum netlink_validation {
	NL_VALIDATE_LIBERAL = 0,
	NL_VALIDATE_TRAILING = 1 << 0,
	NL_VALIDATE_MAXTYPE = 1 << 1,
	NL_VALIDATE_UNSPEC = 1 << 2,
	NL_VALIDATE_STRICT_ATTRS = 1 << 3,
	NL_VALIDATE_NESTED = 1 << 4,
};

#define NL_VALIDATE_STRICT (NL_VALIDATE_TRAILING | NL_VALIDATE_MAXTYPE |\
			    NL_VALIDATE_UNSPEC | NL_VALIDATE_STRICT_ATTRS |\
			    NL_VALIDATE_NESTED)

static inline int nla_attr_size(int payload)
{
	return NLA_HDRLEN + payload;
}

static inline int nla_total_size(int payload)
{
	return NLA_ALIGN(nla_attr_size(payload));
}

static inline int nla_padlen(int payload)
{
	return nla_total_size(payload) - nla_attr_size(payload);
}

/* CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS: no pad attribute */
static inline int nla_total_size_64bit(int payload)
{
	return NLA_ALIGN(nla_attr_size(payload));
}

static inline int nla_type(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

static inline void *nla_data(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static inline int nla_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static inline int nla_ok(const struct nlattr *nla, int remaining)
{
	return remaining >= (int)sizeof(*nla) &&
	       nla->nla_len >= sizeof(*nla) &&
	       nla->nla_len <= remaining;
}

static inline struct nlattr *nla_next(const struct nlattr *nla, int *remaining)
{
	unsigned int totlen = NLA_ALIGN(nla->nla_len);

	*remaining -= totlen;
	return (struct nlattr *)((char *)nla + totlen);
}

#define nla_for_each_attr(pos, head, len, rem) \
	for (pos = head, rem = len; nla_ok(pos, rem); pos = nla_next(pos, &(rem)))

/* the getters read unaligned (memcpy), as the kernel may */
#define KSHIM_NLA_GET(name, type)					\
static inline type nla_get_##name(const struct nlattr *nla)		\
{									\
	type v;								\
									\
	memcpy(&v, nla_data(nla), sizeof(v));				\
	return v;							\
}
KSHIM_NLA_GET(u8, u8)
KSHIM_NLA_GET(u16, u16)
KSHIM_NLA_GET(u32, u32)
KSHIM_NLA_GET(u64, u64)
KSHIM_NLA_GET(s8, s8)
KSHIM_NLA_GET(s16, s16)
KSHIM_NLA_GET(s32, s32)
KSHIM_NLA_GET(s64, s64)

static inline int nla_get_flag(const struct nlattr *nla)
{
	return !!nla;
}

ssize_t nla_strscpy(char *dst, const struct nlattr *nla, size_t dstsize);

/* lib/nlattr.c: __nla_validate_parse() with validate_nla() */
int __nla_parse(struct nlattr **tb, int maxtype, const struct nlattr *head,
		int len, const struct nla_policy *policy, unsigned int validate,
		struct netlink_ext_ack *extack);

static inline int nla_parse_nested(struct nlattr *tb[], int maxtype,
				   const struct nlattr *nla,
				   const struct nla_policy *policy,
				   struct netlink_ext_ack *extack)
{
	if (!(nla->nla_type & NLA_F_NESTED)) {
		NL_SET_ERR_MSG_ATTR(extack, nla, "NLA_F_NESTED is missing");
		return -EINVAL;
	}
	return __nla_parse(tb, maxtype, nla_data(nla), nla_len(nla), policy,
			   NL_VALIDATE_STRICT, extack);
}

struct nlattr *nla_reserve(struct sk_buff *skb, int attrtype, int attrlen);
int nla_put(struct sk_buff *skb, int attrtype, int attrlen, const void *data);

static inline int nla_put_u8(struct sk_buff *skb, int attrtype, u8 value)
{
	return nla_put(skb, attrtype, sizeof(u8), &value);
}

static inline int nla_put_u16(struct sk_buff *skb, int attrtype, u16 value)
{
	return nla_put(skb, attrtype, sizeof(u16), &value);
}

static inline int nla_put_u32(struct sk_buff *skb, int attrtype, u32 value)
{
	return nla_put(skb, attrtype, sizeof(u32), &value);
}

static inline int nla_put_s32(struct sk_buff *skb, int attrtype, s32 value)
{
	return nla_put(skb, attrtype, sizeof(s32), &value);
}

static inline int nla_put_u64_64bit(struct sk_buff *skb, int attrtype,
				    u64 value, int padattr)
{
	(void)padattr;
	return nla_put(skb, attrtype, sizeof(u64), &value);
}

static inline int nla_put_s64(struct sk_buff *skb, int attrtype, s64 value,
			      int padattr)
{
	(void)padattr;
	return nla_put(skb, attrtype, sizeof(s64), &value);
}

static inline int nla_put_string(struct sk_buff *skb, int attrtype,
				 const char *str)
{
	return nla_put(skb, attrtype, strlen(str) + 1, str);
}

static inline int nla_put_flag(struct sk_buff *skb, int attrtype)
{
	return nla_put(skb, attrtype, 0, NULL);
}

static inline struct nlattr *nla_nest_start(struct sk_buff *skb, int attrtype)
{
	struct nlattr *start = (struct nlattr *)skb_tail_pointer(skb);

	if (nla_put(skb, attrtype | NLA_F_NESTED, 0, NULL) < 0)
		return NULL;
	return start;
}

static inline int nla_nest_end(struct sk_buff *skb, struct nlattr *start)
{
	start->nla_len = skb_tail_pointer(skb) - (unsigned char *)start;
	return skb->len;
}

static inline void nla_nest_cancel(struct sk_buff *skb, struct nlattr *start)
{
	if (start)
		skb->len = (unsigned char *)start - skb->data;
}

/* ---- messages (include/net/netlink.h, include/net/genetlink.h) ---- */
static inline int nlmsg_msg_size(int payload)
{
	return NLMSG_HDRLEN + payload;
}

static inline int nlmsg_total_size(int payload)
{
	return NLMSG_ALIGN(nlmsg_msg_size(payload));
}

static inline void *nlmsg_data(const struct nlmsghdr *nlh)
{
	return (unsigned char *)nlh + NLMSG_HDRLEN;
}

struct sk_buff *nlmsg_new(size_t payload, gfp_t flags);
void nlmsg_free(struct sk_buff *skb);

struct genl_info;
struct genl_small_ops {
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, void *cb);
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};

#define GENL_ADMIN_PERM		0x01
#define GENL_DONT_VALIDATE_STRICT	(1 << 0)

struct genl_multicast_group {
	char name[16];
	u8 flags;
};

struct genl_family {
	unsigned int hdrsize;
	char name[GENL_NAMSIZ];
	unsigned int version;
	unsigned int maxattr;
	const struct nla_policy *policy;
	const struct genl_small_ops *small_ops;
	unsigned int n_small_ops;
	unsigned int resv_start_op;
	int id;
};

struct genl_info {
	u32 snd_seq;
	u32 snd_portid;
	const struct nlmsghdr *nlhdr;
	struct genlmsghdr *genlhdr;
	struct nlattr **attrs;
	struct netlink_ext_ack *extack;
};

static inline int genlmsg_msg_size(int payload)
{
	return GENL_HDRLEN + payload;
}

static inline int genlmsg_total_size(int payload)
{
	return NLMSG_ALIGN(genlmsg_msg_size(payload));
}

static inline struct sk_buff *genlmsg_new(size_t payload, gfp_t flags)
{
	return nlmsg_new(genlmsg_total_size(payload), flags);
}

void *genlmsg_put(struct sk_buff *skb, u32 portid, u32 seq,
		  const struct genl_family *family, int flags, u8 cmd);

static inline void *genlmsg_put_reply(struct sk_buff *skb,
				      struct genl_info *info,
				      const struct genl_family *family,
				      int flags, u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq, family, flags,
			   cmd);
}

static inline void genlmsg_end(struct sk_buff *skb, void *hdr)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)hdr - GENL_HDRLEN -
						   NLMSG_HDRLEN);

	nlh->nlmsg_len = skb_tail_pointer(skb) - (unsigned char *)nlh;
}

/*
 * Sending: the skb goes to kshim_sent (the fuzz target's oracle) and is
 * consumed, as the kernel's unicast and multicast consume it.
 */
int genlmsg_reply(struct sk_buff *skb, struct genl_info *info);
int genlmsg_multicast(const struct genl_family *family, struct sk_buff *skb,
		      u32 portid, unsigned int group, gfp_t flags);

/* ---- what the fuzz target sees (fuzz/kshim/kshim.c) ---- */

/* Called with every message sent: @multicast false for a reply. */
extern void (*kshim_sent)(const struct sk_buff *skb, bool multicast);

/*
 * A write of @buf to the family's socket: as netlink_rcv_skb()
 * (af_netlink.c) walks its messages and genl_rcv_msg() and
 * genl_family_rcv_msg_doit() (genetlink.c) parse each one's attributes
 * with the family's policy (strict: the ops have no validate flags) and
 * call its op. @portid_of names the socket each message comes from (the
 * kernel's NETLINK_CB(skb).portid); @done is called after each message
 * with what the op answered (@doit true) or genetlink's own refusal, and
 * the extack.
 */
typedef u32 (*kshim_portid_fn)(const struct nlmsghdr *nlh);
typedef void (*kshim_done_fn)(const struct nlmsghdr *nlh, u32 portid,
			      bool doit, int err,
			      const struct netlink_ext_ack *extack);
void kshim_genl_rcv(const struct genl_family *family, const void *buf,
		    size_t len, kshim_portid_fn portid_of, kshim_done_fn done);

/* The notifier chain of NETLINK_URELEASE: socket @portid closes */
void kshim_netlink_release(u32 portid);

/* The policy checks the kernel WARNs about (nla_get_range_unsigned) */
void kshim_policy_check(const struct nla_policy *policy, int maxtype);

#endif /* _EEHLAB_KSHIM_H */
