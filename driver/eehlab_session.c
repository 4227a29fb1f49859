// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab.ko sessions and recovery.
 *
 * A session is one model (struct eeh_session) owned by one netlink
 * socket, keyed by its portid: SESSION_OPEN creates it, SESSION_CLOSE or
 * the socket's release (NETLINK_URELEASE) destroys it. A client without
 * a session uses the shared session, created at init. Every session sits
 * on eehlab_sessions under eehlab_lock, which also serialises every call
 * into the engine; a reference keeps a session alive while a command or
 * the recovery work still uses it after the lock is dropped.
 *
 * RECOVER runs the recovery in process context on an ordered workqueue,
 * as the EEH core's event thread does: the command queues a work item
 * and waits for it without holding the lock, the work takes the lock,
 * runs the engine and multicasts what happened to the "events" group.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "eehlab.h"

static LIST_HEAD(eehlab_sessions);		/* under eehlab_lock */
static unsigned int eehlab_nsessions;		/* under eehlab_lock */
static struct eehlab_sess *eehlab_shared;
static struct workqueue_struct *eehlab_wq;
static atomic64_t eehlab_event_seq = ATOMIC64_INIT(0);

/* ---- the engine lock (driver/eehlab.h) ---- */

#ifdef EEHLAB_DEBUG
static struct task_struct *eehlab_lock_owner;	/* under eehlab_lock */
static atomic_long_t eehlab_lock_checks = ATOMIC_LONG_INIT(0);
static atomic_long_t eehlab_lock_failures = ATOMIC_LONG_INIT(0);

/* Does the current task hold eehlab_lock (lockdep or not)? */
static bool eehlab_engine_held(void)
{
	/* a race's vCPU threads run while the command that started them holds it */
	return mutex_is_locked(&eehlab_lock) &&
	       (READ_ONCE(eehlab_lock_owner) == current ||
		eehlab_race_vcpu_current());
}

static void eehlab_lock_failed(const char *where, const char *what)
{
	atomic_long_inc(&eehlab_lock_failures);
	WARN_ONCE(1, "eehlab: %s: %s (task %s/%d)\n", where, what,
		  current->comm, task_pid_nr(current));
}

void eehlab_lock_assert(const char *where)
{
	lockdep_assert_held(&eehlab_lock);
	atomic_long_inc(&eehlab_lock_checks);
	if (!eehlab_engine_held())
		eehlab_lock_failed(where, "engine state touched without eehlab_lock");
}
#endif

void eehlab_engine_lock(struct eehlab_sess *es)
{
	mutex_lock(&eehlab_lock);
#ifdef EEHLAB_DEBUG
	WRITE_ONCE(eehlab_lock_owner, current);
	if (es) {
		eehlab_lock_assert(__func__);
		if (es->user)
			eehlab_lock_failed(__func__,
					   "two tasks in one session's engine");
		es->user = current;
	}
#endif
}

void eehlab_engine_unlock(struct eehlab_sess *es)
{
#ifdef EEHLAB_DEBUG
	eehlab_lock_assert(__func__);
	if (es) {
		if (es->user != current)
			eehlab_lock_failed(__func__,
					   "leaving a session's engine not entered");
		es->user = NULL;
	}
	WRITE_ONCE(eehlab_lock_owner, NULL);
#endif
	mutex_unlock(&eehlab_lock);
}

static struct eehlab_sess *sess_new(u32 portid, u64 mem_cap)
{
	struct eehlab_sess *es = eeh_zalloc(sizeof(*es));

	if (!es)
		return NULL;
	es->s = eeh_session_create(mem_cap);
	if (!es->s) {
		eeh_free(es);
		return NULL;
	}
	kref_init(&es->ref);
	INIT_LIST_HEAD(&es->node);
	es->portid = portid;
	return es;
}

/* The last reference: nobody else can reach the model any more. */
static void sess_release(struct kref *ref)
{
	struct eehlab_sess *es = container_of(ref, struct eehlab_sess, ref);

#ifdef EEHLAB_DEBUG
	if (es->user)
		eehlab_lock_failed(__func__, "session freed while in its engine");
#endif
	eeh_session_destroy(es->s);
	eeh_free(es);
}

void eehlab_sess_put(struct eehlab_sess *es)
{
	kref_put(&es->ref, sess_release);
}

static struct eehlab_sess *sess_find(u32 portid)
{
	struct eehlab_sess *es;

	eehlab_assert_engine_locked();
	list_for_each_entry(es, &eehlab_sessions, node)
		if (es->portid == portid)
			return es;
	return NULL;
}

struct eehlab_sess *eehlab_sess_get(struct genl_info *info)
{
	struct eehlab_sess *es;

	eehlab_engine_lock(NULL);
	es = sess_find(info->snd_portid);
	if (!es)
		es = eehlab_shared;
	kref_get(&es->ref);
	eehlab_engine_unlock(NULL);
	return es;
}

unsigned int eehlab_sessions_open(void)
{
	unsigned int n;

	eehlab_engine_lock(NULL);
	n = eehlab_nsessions;
	eehlab_engine_unlock(NULL);
	return n;
}

/* Take the session of @portid off the list (NULL: it has none). */
static struct eehlab_sess *sess_unlink(u32 portid)
{
	struct eehlab_sess *es;

	eehlab_engine_lock(NULL);
	es = sess_find(portid);
	if (es) {
		eehlab_assert_engine_locked();
		list_del_init(&es->node);
		eehlab_nsessions--;
	}
	eehlab_engine_unlock(NULL);
	return es;
}

int eehlab_cmd_session_open(struct sk_buff *skb, struct genl_info *info)
{
	u64 cap = 0;
	struct eehlab_sess *es;
	int err = 0;

	if (info->attrs[EEHLAB_A_MEM_CAP])
		cap = nla_get_u64(info->attrs[EEHLAB_A_MEM_CAP]);
	es = sess_new(info->snd_portid, cap);
	if (!es) {
		NL_SET_ERR_MSG(info->extack, "out of memory opening a session");
		return -ENOMEM;
	}

	eehlab_engine_lock(NULL);
	if (sess_find(info->snd_portid)) {
		NL_SET_ERR_MSG(info->extack,
			       "this socket has a session open already");
		err = -EEXIST;
	} else if (eehlab_nsessions >= EEHLAB_MAX_SESSIONS) {
		NL_SET_ERR_MSG(info->extack,
			       "too many sessions open (64 at most)");
		err = -ENOSPC;
	} else {
		eehlab_assert_engine_locked();
		list_add_tail(&es->node, &eehlab_sessions);
		eehlab_nsessions++;
	}
	eehlab_engine_unlock(NULL);
	if (err)
		eehlab_sess_put(es);
	return err;
}

int eehlab_cmd_session_close(struct sk_buff *skb, struct genl_info *info)
{
	struct eehlab_sess *es = sess_unlink(info->snd_portid);

	if (!es) {
		NL_SET_ERR_MSG(info->extack, "no session open on this socket");
		return -ENOENT;
	}
	eehlab_sess_put(es);
	return 0;
}

/* A generic netlink socket closed: its session goes with it. */
static int eehlab_netlink_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct eehlab_sess *es;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid || !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	es = sess_unlink(n->portid);
	if (es)
		eehlab_sess_put(es);
	return NOTIFY_DONE;
}

static struct notifier_block eehlab_netlink_nb = {
	.notifier_call = eehlab_netlink_event,
};

/* ---- events ---- */

/*
 * An event message with its EEHLAB_A_EVENT nest opened and the type and
 * sequence number in it; NULL when there is no memory (an event is
 * never worth failing a command for).
 */
static struct sk_buff *event_begin(u32 type, void **hdr, struct nlattr **nest)
{
	struct sk_buff *skb;

	skb = eehlab_event_new(NLMSG_DEFAULT_SIZE, hdr);
	if (!skb)
		return NULL;
	*nest = nla_nest_start(skb, EEHLAB_A_EVENT);
	if (!*nest ||
	    nla_put_u32(skb, EEHLAB_A_EVENT_TYPE, type) ||
	    nla_put_u64_64bit(skb, EEHLAB_A_EVENT_SEQ,
			      atomic64_inc_return(&eehlab_event_seq),
			      EEHLAB_A_EVENT_UNSPEC)) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/* Close the nest and send, or drop the event when @err (-EMSGSIZE). */
static void event_end(struct sk_buff *skb, void *hdr, struct nlattr *nest,
		      int err)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	nla_nest_end(skb, nest);
	eehlab_event_send(skb, hdr);
}

void eehlab_event_freeze(const struct be_dev *dev)
{
	struct sk_buff *skb;
	struct nlattr *nest;
	void *hdr;

	skb = event_begin(EEHLAB_EVENT_FREEZE_DETECTED, &hdr, &nest);
	if (!skb)
		return;
	event_end(skb, hdr, nest,
		  nla_put_u32(skb, EEHLAB_A_EVENT_PHB, dev->phb) ||
		  (dev->pe >= 0 &&
		   nla_put_u32(skb, EEHLAB_A_EVENT_PE, dev->pe)) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_DEV, dev->id) ||
		  nla_put_string(skb, EEHLAB_A_EVENT_TEXT, dev->name));
}

static void event_callback(const struct eeh_cb_rec *cb)
{
	struct sk_buff *skb;
	struct nlattr *nest;
	void *hdr;

	skb = event_begin(EEHLAB_EVENT_DRIVER_CALLBACK, &hdr, &nest);
	if (!skb)
		return;
	event_end(skb, hdr, nest,
		  nla_put_u32(skb, EEHLAB_A_EVENT_PHB, cb->phb) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_DEV, cb->func) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_CALLBACK, cb->cb) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_RESULT, cb->result));
}

static_assert(EEHLAB_EDU_CB_ERROR_DETECTED == EEH_CB_ERROR_DETECTED);
static_assert(EEHLAB_EDU_CB_MMIO_ENABLED == EEH_CB_MMIO_ENABLED);
static_assert(EEHLAB_EDU_CB_SLOT_RESET == EEH_CB_SLOT_RESET);
static_assert(EEHLAB_EDU_CB_RESUME == EEH_CB_RESUME);

void eehlab_event_real_callback(const char *bdf, u32 domain, int pe, u32 cb,
				int state, int result, const char *text)
{
	struct sk_buff *skb;
	struct nlattr *nest;
	void *hdr;

	skb = event_begin(EEHLAB_EVENT_REAL_CALLBACK, &hdr, &nest);
	if (!skb)
		return;
	event_end(skb, hdr, nest,
		  nla_put_string(skb, EEHLAB_A_EVENT_BDF, bdf) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_PHB, domain) ||
		  (pe >= 0 && nla_put_u32(skb, EEHLAB_A_EVENT_PE, pe)) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_CALLBACK, cb) ||
		  (state >= 0 && nla_put_u32(skb, EEHLAB_A_EVENT_STATE, state)) ||
		  (result >= 0 && nla_put_u32(skb, EEHLAB_A_EVENT_RESULT, result)) ||
		  (text && nla_put_string(skb, EEHLAB_A_EVENT_TEXT, text)));
}

static void event_recovery(const struct eeh_rec_event *ev, u32 type)
{
	struct sk_buff *skb;
	struct nlattr *nest;
	void *hdr;

	skb = event_begin(type, &hdr, &nest);
	if (!skb)
		return;
	event_end(skb, hdr, nest,
		  nla_put_u32(skb, EEHLAB_A_EVENT_PHB, ev->phb) ||
		  (ev->pe >= 0 && nla_put_u32(skb, EEHLAB_A_EVENT_PE, ev->pe)) ||
		  nla_put_u32(skb, EEHLAB_A_EVENT_RESULT, ev->result) ||
		  nla_put_string(skb, EEHLAB_A_EVENT_TEXT, ev->text));
}

/* ---- recovery on the workqueue ---- */

struct eehlab_rec_req {
	struct work_struct work;
	struct eehlab_sess *es;
	int err, n, ncb;
	struct eeh_msg msg;
	struct eeh_rec_event ev[EEH_MAX_EVENTS];
	struct eeh_cb_rec cb[EEH_CBLOG_MAX];
};

static void eehlab_rec_work(struct work_struct *work)
{
	struct eehlab_rec_req *req = container_of(work, struct eehlab_rec_req,
						  work);
	struct eeh_session *s = req->es->s;
	u64 seq;
	int i;

	eehlab_engine_lock(req->es);
	eehlab_assert_engine_locked();
	seq = eeh_session_cb_seq(s);
	req->err = eeh_session_recover(s, req->ev, EEH_MAX_EVENTS, &req->n,
				       &req->msg);
	req->ncb = eeh_session_cb_since(s, seq, req->cb, EEH_CBLOG_MAX);
	eehlab_engine_unlock(req->es);

	if (req->n < 0 || req->n > EEH_MAX_EVENTS)
		req->n = 0;
	if (req->ncb < 0 || req->ncb > EEH_CBLOG_MAX)
		req->ncb = 0;
	for (i = 0; i < req->ncb; i++)
		event_callback(&req->cb[i]);
	for (i = 0; i < req->n; i++) {
		event_recovery(&req->ev[i], EEHLAB_EVENT_RECOVERY_RESULT);
		if (req->ev[i].result == EEH_REC_PERM_FAILURE)
			event_recovery(&req->ev[i], EEHLAB_EVENT_PERM_FAILURE);
	}
}

static size_t rec_event_size(const struct eeh_rec_event *ev)
{
	return nla_total_size(0) +			/* the nest */
	       7 * nla_total_size(sizeof(u32)) +	/* PHB..FREEZE_COUNT */
	       2 * nla_total_size_64bit(sizeof(u64)) +	/* START, END */
	       nla_total_size(strnlen(ev->text, sizeof(ev->text)) + 1);
}

static int put_rec_event(struct sk_buff *msg, const struct eeh_rec_event *ev)
{
	struct nlattr *nest = nla_nest_start(msg, EEHLAB_A_REC_EVENT);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, EEHLAB_A_REC_PHB, ev->phb) ||
	    (ev->pe >= 0 && nla_put_u32(msg, EEHLAB_A_REC_PE, ev->pe)) ||
	    nla_put_u32(msg, EEHLAB_A_REC_RESULT, ev->result) ||
	    nla_put_u32(msg, EEHLAB_A_REC_MERGED, ev->merged) ||
	    nla_put_u32(msg, EEHLAB_A_REC_RESETS, ev->resets) ||
	    nla_put_u8(msg, EEHLAB_A_REC_THAWED, ev->thawed) ||
	    nla_put_u32(msg, EEHLAB_A_REC_FREEZE_COUNT, ev->freeze_count) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_REC_START_MS, ev->start_ms,
			      EEHLAB_A_REC_UNSPEC) ||
	    nla_put_u64_64bit(msg, EEHLAB_A_REC_END_MS, ev->end_ms,
			      EEHLAB_A_REC_UNSPEC) ||
	    nla_put_string(msg, EEHLAB_A_REC_TEXT, ev->text)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int eehlab_cmd_recover(struct sk_buff *skb, struct genl_info *info)
{
	struct eehlab_rec_req *req;
	struct sk_buff *msg;
	size_t size = 0;
	void *hdr;
	int i, err;

	req = eeh_zalloc(sizeof(*req));
	if (!req) {
		NL_SET_ERR_MSG(info->extack, "out of memory for a recovery");
		return -ENOMEM;
	}
	req->es = eehlab_sess_get(info);
	INIT_WORK(&req->work, eehlab_rec_work);
	queue_work(eehlab_wq, &req->work);
	/* the work takes eehlab_lock: wait without it */
	flush_work(&req->work);

	if (req->err) {
		err = eehlab_refused(info, req->err, &req->msg);
		goto out;
	}
	for (i = 0; i < req->n; i++)
		size += rec_event_size(&req->ev[i]);
	err = -ENOMEM;
	msg = eehlab_reply_new(info, size, &hdr);
	if (!msg)
		goto out;
	for (i = 0; i < req->n; i++) {
		err = put_rec_event(msg, &req->ev[i]);
		if (err) {
			nlmsg_free(msg);
			goto out;
		}
	}
	err = eehlab_reply_send(msg, hdr, info);
out:
	eehlab_sess_put(req->es);
	eeh_free(req);
	return err;
}

/* ---- init and exit ---- */

int eehlab_sessions_init(void)
{
	int err;

#ifdef EEHLAB_DEBUG
	{
		bool unheld, held;

		/* the own check must be able to fail: it answers no unlocked */
		unheld = eehlab_engine_held();
		eehlab_engine_lock(NULL);
		held = eehlab_engine_held();
		eehlab_engine_unlock(NULL);
		pr_info("debug build: engine lock assertions on (self-test %s)\n",
			!unheld && held ? "passed" : "FAILED");
		if (unheld || !held)
			return -EINVAL;
	}
#endif
	eehlab_wq = alloc_ordered_workqueue("eehlab_recovery", 0);
	if (!eehlab_wq)
		return -ENOMEM;
	eehlab_shared = sess_new(0, 0);
	if (!eehlab_shared) {
		err = -ENOMEM;
		goto err_wq;
	}
	err = netlink_register_notifier(&eehlab_netlink_nb);
	if (err)
		goto err_shared;
	return 0;

err_shared:
	eehlab_sess_put(eehlab_shared);
	eehlab_shared = NULL;
err_wq:
	destroy_workqueue(eehlab_wq);
	return err;
}

/* After the family is gone: no command runs, none will. */
void eehlab_sessions_exit(void)
{
	struct eehlab_sess *es, *tmp;
	LIST_HEAD(dead);

	netlink_unregister_notifier(&eehlab_netlink_nb);
	destroy_workqueue(eehlab_wq);

	eehlab_engine_lock(NULL);
	eehlab_assert_engine_locked();
	list_splice_init(&eehlab_sessions, &dead);
	eehlab_nsessions = 0;
	eehlab_engine_unlock(NULL);
	list_for_each_entry_safe(es, tmp, &dead, node) {
		list_del_init(&es->node);
		eehlab_sess_put(es);
	}
	eehlab_sess_put(eehlab_shared);
	eehlab_shared = NULL;
#ifdef EEHLAB_DEBUG
	pr_info("debug: %ld engine lock checks, %ld failed\n",
		atomic_long_read(&eehlab_lock_checks),
		atomic_long_read(&eehlab_lock_failures));
#endif
}
