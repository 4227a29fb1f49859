// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab shim, kernel implementation: what shim.h promises the portable
 * code (model/, inject/, recovery/), built on the kernel's own services.
 * The userspace twin is model/shim_user.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/stdarg.h>

#include "eehlab/shim.h"
#include "shim_kernel.h"

/*
 * Every block carries a header with its size, so eeh_free() keeps the
 * live-byte count (leak check at unload, and the test cap). 16 bytes
 * keep the caller's memory aligned as kmalloc's minimum on 64-bit.
 */
struct shim_hdr {
	size_t size;
	size_t magic;
};

#define SHIM_MAGIC	((size_t)0xeeb10c4eeb10c4ULL)

static atomic_long_t shim_live_bytes = ATOMIC_LONG_INIT(0);
static atomic_long_t shim_live_blocks = ATOMIC_LONG_INIT(0);
static atomic_long_t shim_rm_violations = ATOMIC_LONG_INIT(0);
#ifdef EEHLAB_TEST_HOOKS
static atomic_t shim_fail_nth = ATOMIC_INIT(0);	/* 0: never; 1: the next one */
static size_t shim_cap;
#endif

/*
 * All the memory the module's models may hold at once, every session
 * together: a model that reaches it gets ENOMEM, as at its own cap.
 */
static unsigned int mem_limit_mb = 1024;
module_param(mem_limit_mb, uint, 0444);
MODULE_PARM_DESC(mem_limit_mb, "MiB all models together may allocate (default 1024)");

/*
 * Real mode: interrupts and preemption off on this CPU, so the depth
 * is per CPU and still per thread. @flags holds the interrupt state of
 * the outermost enter.
 */
struct shim_rm {
	int depth;
	unsigned long flags;
};

static DEFINE_PER_CPU(struct shim_rm, shim_rm);

void *eeh_zalloc(size_t size)
{
	struct shim_hdr *h;

	if (eeh_shim_in_realmode()) {
		atomic_long_inc(&shim_rm_violations);
		pr_err_ratelimited("real mode: allocation of %zu bytes attempted (refused)\n",
				   size);
		return NULL;
	}
#ifdef EEHLAB_TEST_HOOKS
	if (atomic_read(&shim_fail_nth) &&
	    atomic_dec_and_test(&shim_fail_nth))
		return NULL;
	if (shim_cap &&
	    (size_t)atomic_long_read(&shim_live_bytes) + size > shim_cap)
		return NULL;
#endif
	if ((size_t)atomic_long_read(&shim_live_bytes) + size >
	    (size_t)mem_limit_mb << 20)
		return NULL;
	/*
	 * kzalloc only, never a vmalloc fallback: the real-mode tier walks
	 * TCE levels and guest pages that come from here. A block larger
	 * than kmalloc can give is refused (-ENOMEM to the model).
	 */
	if (size > KMALLOC_MAX_SIZE - sizeof(*h))
		return NULL;
	h = kzalloc(sizeof(*h) + size, GFP_KERNEL | __GFP_NOWARN);
	if (!h)
		return NULL;
	h->size = size;
	h->magic = SHIM_MAGIC;
	atomic_long_add(size, &shim_live_bytes);
	atomic_long_inc(&shim_live_blocks);
	return h + 1;
}

void eeh_free(void *p)
{
	struct shim_hdr *h;

	if (!p)
		return;
	h = (struct shim_hdr *)p - 1;
	if (h->magic != SHIM_MAGIC) {
		pr_err("%s: block not from eeh_zalloc (leaked)\n", __func__);
		return;
	}
	h->magic = 0;
	atomic_long_sub(h->size, &shim_live_bytes);
	atomic_long_dec(&shim_live_blocks);
	kfree(h);
}

size_t eehlab_shim_live_bytes(void)
{
	return atomic_long_read(&shim_live_bytes);
}

size_t eehlab_shim_live_blocks(void)
{
	return atomic_long_read(&shim_live_blocks);
}

unsigned long eehlab_shim_rm_violations(void)
{
	return atomic_long_read(&shim_rm_violations);
}

#ifdef EEHLAB_TEST_HOOKS
void eeh_shim_fail_nth(unsigned int n)
{
	atomic_set(&shim_fail_nth, n);
}

void eeh_shim_set_cap(size_t bytes)
{
	shim_cap = bytes;
}

size_t eeh_shim_live_bytes(void)
{
	return eehlab_shim_live_bytes();
}

size_t eeh_shim_live_blocks(void)
{
	return eehlab_shim_live_blocks();
}

unsigned long eeh_shim_realmode_violations(void)
{
	return atomic_long_read(&shim_rm_violations);
}

/*
 * Real mode runs with the MMU off on real hardware: vmalloc memory is
 * out of its reach. Every block of the model comes from kzalloc (see
 * eeh_zalloc: no vmalloc fallback), so a vmalloc pointer here is a bug.
 */
void eeh_shim_rm_check(const void *p)
{
	if (!p || !eeh_shim_in_realmode() || !is_vmalloc_addr(p))
		return;
	atomic_long_inc(&shim_rm_violations);
	pr_err_once("real mode: vmalloc memory dereferenced (%p)\n", p);
}
#endif

void eeh_mutex_init(struct eeh_mutex *l)
{
	mutex_init(&l->m);
}

void eeh_mutex_lock(struct eeh_mutex *l)
{
	if (eeh_shim_in_realmode()) {
		/* sleeping with interrupts off would be a bug: refuse loudly */
		atomic_long_inc(&shim_rm_violations);
		pr_err_ratelimited("real mode: sleeping lock taken\n");
	}
	mutex_lock(&l->m);
}

void eeh_mutex_unlock(struct eeh_mutex *l)
{
	mutex_unlock(&l->m);
}

void eeh_mutex_destroy(struct eeh_mutex *l)
{
	mutex_destroy(&l->m);
}

void eeh_shim_realmode_enter(void)
{
	unsigned long flags;

#ifdef EEHLAB_DEBUG
	/* the hypercall tier runs in a session's engine, under its lock */
	eehlab_lock_assert(__func__);
#endif
	local_irq_save(flags);
	preempt_disable();
	if (this_cpu_inc_return(shim_rm.depth) == 1)
		this_cpu_write(shim_rm.flags, flags);
}

void eeh_shim_realmode_exit(void)
{
	unsigned long flags;

	if (!this_cpu_read(shim_rm.depth))
		return;
	if (this_cpu_dec_return(shim_rm.depth)) {
		preempt_enable();
		return;
	}
	flags = this_cpu_read(shim_rm.flags);
	preempt_enable();
	local_irq_restore(flags);
}

bool eeh_shim_in_realmode(void)
{
	return this_cpu_read(shim_rm.depth) != 0;
}

int eeh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

void eeh_log(int level, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	switch (level) {
	case EEH_LOG_ERR:
		pr_err("%pV\n", &vaf);
		break;
	case EEH_LOG_WARN:
		pr_warn("%pV\n", &vaf);
		break;
	case EEH_LOG_INFO:
		pr_info("%pV\n", &vaf);
		break;
	default:
		pr_debug("%pV\n", &vaf);
		break;
	}
	va_end(ap);
}

u64 eeh_wall_ns(void)
{
	return ktime_get_ns();
}

int eeh_msg_set(struct eeh_msg *msg, int err, const char *fmt, ...)
{
	va_list ap;

	if (msg) {
		va_start(ap, fmt);
		vsnprintf(msg->text, sizeof(msg->text), fmt, ap);
		va_end(ap);
	}
	return err;
}
