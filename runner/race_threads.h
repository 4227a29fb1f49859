/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two vCPU threads of a userspace race (eeh_session_race): POSIX
 * threads pinned to two distinct CPUs of the process's affinity set,
 * released together for each round.
 */
#ifndef EEHLAB_RACE_THREADS_H
#define EEHLAB_RACE_THREADS_H

#include <pthread.h>
#include <stdbool.h>
#include "eehlab/session.h"

struct race_threads;

struct race_vcpu {
	struct race_threads *rt;
	int which;
};

struct race_threads {
	pthread_t t[2];
	struct race_vcpu v[2];
	int cpu[2];			/* pinned to; -1: not pinned */
	bool running[2];
	pthread_mutex_t mu;
	pthread_cond_t go, done;
	unsigned int gen;		/* the round, under @mu */
	int finished;			/* threads done with round @gen */
	bool stop;
	int armed;			/* atomic: threads at the start line */
	struct eeh_race *r;
};

/* @th's callbacks on @rt (which lives as long as the race) */
void race_threads_init(struct race_threads *rt, struct eeh_race_threads *th);

#endif
