// SPDX-License-Identifier: GPL-2.0-only
/*
 * The userspace vCPU threads of a race: each round, both are woken,
 * meet at a start line (a spin on a shared counter, so neither begins
 * its call while the other is still waking) and make their call at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include "race_threads.h"

static void *vcpu_main(void *p)
{
	const struct race_vcpu *a = p;
	struct race_threads *rt = a->rt;
	unsigned int seen = 0, spins;

	for (;;) {
		pthread_mutex_lock(&rt->mu);
		while (rt->gen == seen && !rt->stop)
			pthread_cond_wait(&rt->go, &rt->mu);
		if (rt->stop) {
			pthread_mutex_unlock(&rt->mu);
			return NULL;
		}
		seen = rt->gen;
		pthread_mutex_unlock(&rt->mu);
		/* the start line: both threads of round @seen there */
		__atomic_add_fetch(&rt->armed, 1, __ATOMIC_ACQ_REL);
		for (spins = 0; __atomic_load_n(&rt->armed, __ATOMIC_ACQUIRE) < 2 * (int)seen;
		     spins++)
			if (spins > 100000)
				sched_yield();
		eeh_race_vcpu(rt->r, a->which, sched_getcpu());
		pthread_mutex_lock(&rt->mu);
		rt->finished++;
		pthread_cond_signal(&rt->done);
		pthread_mutex_unlock(&rt->mu);
	}
}

static void rt_stop(void *ctx)
{
	struct race_threads *rt = ctx;
	int i;

	pthread_mutex_lock(&rt->mu);
	rt->stop = true;
	pthread_cond_broadcast(&rt->go);
	pthread_mutex_unlock(&rt->mu);
	for (i = 0; i < 2; i++)
		if (rt->running[i])
			pthread_join(rt->t[i], NULL);
	pthread_cond_destroy(&rt->go);
	pthread_cond_destroy(&rt->done);
	pthread_mutex_destroy(&rt->mu);
}

/* Two distinct CPUs this process may run on, else -EOPNOTSUPP */
static int pick_cpus(struct race_threads *rt, struct eeh_msg *msg)
{
	cpu_set_t set;
	int c, n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return eeh_msg_set(msg, -errno, "race: sched_getaffinity: %s", strerror(errno));
	for (c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set))
			rt->cpu[n++] = c;
	if (n < 2)
		return eeh_msg_set(msg, -EOPNOTSUPP, EEH_RACE_ONE_CPU);
	return 0;
}

static int rt_start(void *ctx, struct eeh_race *r, struct eeh_msg *msg)
{
	struct race_threads *rt = ctx;
	cpu_set_t one;
	int i, err;

	err = pick_cpus(rt, msg);
	if (err)
		return err;
	rt->r = r;
	rt->gen = 0;
	rt->finished = 0;
	rt->stop = false;
	rt->armed = 0;
	pthread_mutex_init(&rt->mu, NULL);
	pthread_cond_init(&rt->go, NULL);
	pthread_cond_init(&rt->done, NULL);
	for (i = 0; i < 2; i++) {
		rt->v[i] = (struct race_vcpu){ rt, i };
		rt->running[i] = false;
		err = pthread_create(&rt->t[i], NULL, vcpu_main, &rt->v[i]);
		if (err) {
			rt_stop(rt);
			return eeh_msg_set(msg, -err, "race: pthread_create: %s", strerror(err));
		}
		rt->running[i] = true;
		CPU_ZERO(&one);
		CPU_SET(rt->cpu[i], &one);
		pthread_setaffinity_np(rt->t[i], sizeof(one), &one);
	}
	return 0;
}

static void rt_pair(void *ctx)
{
	struct race_threads *rt = ctx;

	pthread_mutex_lock(&rt->mu);
	rt->finished = 0;
	rt->gen++;
	pthread_cond_broadcast(&rt->go);
	while (rt->finished < 2)
		pthread_cond_wait(&rt->done, &rt->mu);
	pthread_mutex_unlock(&rt->mu);
}

void race_threads_init(struct race_threads *rt, struct eeh_race_threads *th)
{
	memset(rt, 0, sizeof(*rt));
	th->start = rt_start;
	th->pair = rt_pair;
	th->stop = rt_stop;
	th->ctx = rt;
}
