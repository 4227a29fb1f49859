/* SPDX-License-Identifier: GPL-2.0-only */
/* the nl fuzz target's kernel-API shim: see ../kshim.h */
#include "../kshim.h"
