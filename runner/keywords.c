// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keyword table: every statement of the scenario language, its
 * arguments, their types, defaults and help. The parser, `eehlab help`
 * and docs/scenarios.md are all driven by this table.
 *
 * ENUM arguments are stored as the index of the choice (sc_num) and the
 * choice as spelled here (sc_str), whatever the case it was written in.
 */
#include <strings.h>
#include "scenario.h"

static const char *const ch_model[] = { "phb3", "phb4", NULL };
static const char *const ch_devtype[] = { "edu", "plain", NULL };
/* pci_ers_result_t, without the PCI_ERS_RESULT_ prefix */
static const char *const ch_answer[] = {
	"none", "can_recover", "need_reset", "disconnect", "recovered", NULL
};
static const char *const ch_which_win[] = { "32", "64", NULL };
static const char *const ch_perm[] = { "rw", "r", "w", NULL };
static const char *const ch_dir[] = { "to-ram", "to-device", NULL };
static const char *const ch_start[] = { "mmio", "device", NULL };
static const char *const ch_freeze[] = { "both", "mmio", "dma", NULL };
/* the faults a PHB can see on an inbound DMA */
static const char *const ch_dma_fault[] = {
	"invalid-tce", "read-only", "write-only", "out-of-window", "no-tve",
	"master-abort", "target-abort", NULL
};
/* every freeze cause; index + 1 is the model's enum eeh_cause */
static const char *const ch_cause[] = {
	"inject", "freeze", "invalid-tce", "read-only", "write-only",
	"out-of-window", "no-tve", "mmio-ur", "master-abort", "target-abort",
	"fence", NULL
};
static const char *const ch_state[] = {
	"normal", "mmio-frozen", "dma-frozen", "frozen", "reset",
	"temp-unavail", "perm-unavail", NULL
};
static const char *const ch_dma_outcome[] = {
	"ok", "blocked", "fault", "not-started", NULL
};
static const char *const ch_firmware[] = {
	"accepted", "parameter", "unsupported", NULL
};
static const char *const ch_severity[] = { "pe", "phb-fenced", NULL };
static const char *const ch_result[] = {
	"recovered", "perm-failure", "left-to-owner", "phb-recovered", "none", NULL
};
static const char *const ch_path[] = { "thaw", "reset", NULL };
static const char *const ch_tier[] = { "real", "virt", "user", NULL };
/* TCE permission: EEH_TCE_READ | EEH_TCE_WRITE bits */
static const char *const ch_tce_perm[] = { "rw", "r", "w", "none", NULL };
/* PAPR hypercall returns */
static const char *const ch_hrc[] = {
	"H_SUCCESS", "H_HARDWARE", "H_FUNCTION", "H_PARAMETER", NULL
};
/* expect race: what the rounds must be */
static const char *const ch_race[] = { "serial", "entrywise", NULL };
/* enum eeh_hc order */
static const char *const ch_hc[] = {
	"put-tce", "get-tce", "put-tce-indirect", "stuff-tce", NULL
};
/* VFIO_EEH_PE_OP, in the uapi's order (EEH_VFIO_*) */
static const char *const ch_vfio_op[] = {
	"disable", "enable", "unfreeze-io", "unfreeze-dma", "get-state",
	"reset-deactivate", "reset-hot", "reset-fundamental", "configure",
	"inject-err", NULL
};
/* EEH_PE_STATE_* as RTAS and VFIO give them */
static const char *const ch_guest_state[] = {
	"normal", "reset", "stopped-io-dma", "stopped-dma", "unavail", NULL
};

/* shorthands for the table */
#define POS_REQ(n, t, h)	{ .name = n, .type = t, .positional = true, .required = true, .help = h }
#define POS_OPT(n, t, d, h)	{ .name = n, .type = t, .positional = true, .def = d, .help = h }
#define NAMED_REQ(n, t, h)	{ .name = n, .type = t, .required = true, .help = h }
#define OPT(n, t, d, h)		{ .name = n, .type = t, .def = d, .help = h }
#define ENUM_POS_REQ(n, c, h)	{ .name = n, .type = ARG_ENUM, .positional = true, .required = true, .choices = c, .help = h }
#define ENUM_OPT(n, c, d, h)	{ .name = n, .type = ARG_ENUM, .def = d, .choices = c, .help = h }

#define ARG_DEV_POS	POS_REQ("dev", ARG_DEV, "the device (name, NAME.F or BDF)")
#define ARG_PE_POS	POS_REQ("pe", ARG_PE, "the PE: a device (its PE) or PHB:PE in hex")

const struct keyword kw_table[] = {
	/* ---------------- directives ---------------- */
	{ K_DESCRIPTION, "description", KW_DIRECTIVE,
	  "one line saying what the scenario shows",
	  "Describes the scenario; `eehlab list` prints it. The rest of the line "
	  "is the text (quote it to keep '#' or several blanks). At most one per "
	  "scenario, included files counted.",
	  "description \"CAN_RECOVER: the PE is thawed, no reset\"",
	  { POS_REQ("text", ARG_LIST, "the description") } },
	{ K_REQUIRES, "requires", KW_DIRECTIVE,
	  "what the scenario needs from the backend; unmet: the scenario is a SKIP",
	  "Lists needs; when the backend cannot meet one, the whole scenario is "
	  "reported as SKIP with the reason. Needs: `backend=NAME` (only on that "
	  "backend), `real-phb` (real POWER hardware), `data-path` (the device "
	  "really moves data: MMIO and DMA reach it), `root` (run as root), "
	  "`env=VAR` (the environment variable VAR is set). Several `requires` "
	  "lines add up.",
	  "requires backend=kernel real-phb",
	  { POS_REQ("needs", ARG_LIST, "backend=NAME, real-phb, data-path, root or env=VAR") } },
	{ K_INCLUDE, "include", KW_DIRECTIVE,
	  "read another file in place",
	  "Reads PATH (relative to the including file) as if its lines were "
	  "written here: shared topologies and setups. Include files are named "
	  "`*.inc` so that a directory run does not take them for scenarios. At "
	  "most 8 levels deep; a cycle is an error.",
	  "include \"../lib/phb4-leaf.inc\"",
	  { POS_REQ("path", ARG_STR, "the file, relative to this one") } },

	/* ---------------- topology ---------------- */
	{ K_PHB, "phb", KW_TOPOLOGY,
	  "a PHB (PCI host bridge): one PCI domain",
	  "Declares PHB INDEX of the given model; the index is the PCI domain of "
	  "its devices (DDDD in a BDF) and the PHB part of a PHB:PE.",
	  "phb 0 model=phb4",
	  { POS_REQ("index", ARG_PHB, "PHB index (the PCI domain)"),
	    { .name = "model", .type = ARG_ENUM, .positional = true, .required = true,
	      .choices = ch_model, .help = "PHB generation (POWER8: phb3, POWER9: phb4)" },
	    OPT("pes", ARG_INT, NULL, "number of PEs (default: the model's, 256 on PHB3, 512 on PHB4)") } },
	{ K_ROOTPORT, "rootport", KW_TOPOLOGY,
	  "a root port of a PHB",
	  "Declares a root port NAME on PHB `phb`; devices and switches hang "
	  "below it with `parent=NAME`.",
	  "rootport rp0 phb=0",
	  { POS_REQ("name", ARG_NAME, "the root port's name"),
	    { .name = "phb", .type = ARG_PHB, .positional = true, .required = true,
	      .help = "the PHB (declared above)" } } },
	{ K_SWITCH, "switch", KW_TOPOLOGY,
	  "a PCIe switch: an upstream port and N downstream ports",
	  "Declares a switch below `parent`. Its upstream port is NAME; its "
	  "downstream ports are NAME.0, NAME.1, ... NAME.(ports-1), each a parent "
	  "for one device or switch.",
	  "switch sw parent=rp0 ports=2",
	  { POS_REQ("name", ARG_NAME, "the switch (its upstream port)"),
	    { .name = "parent", .type = ARG_DEV, .positional = true, .required = true,
	      .help = "the port above: a root port or a switch downstream port" },
	    OPT("ports", ARG_INT, "2", "number of downstream ports") } },
	{ K_DEVICE, "device", KW_TOPOLOGY,
	  "an endpoint device below a port",
	  "Declares an endpoint NAME below `parent`. `edu` is QEMU's educational "
	  "device (1234:11e8): a 1M BAR with an identity register at 0x00, a "
	  "liveness register at 0x04 (reads back the complement) and a DMA "
	  "engine with a 4K buffer. `plain` has only the BARs asked for and "
	  "answers MMIO with what was stored. A multi-function device has "
	  "functions NAME.0 (also NAME) to NAME.(functions-1). `freset=yes` marks "
	  "a device that needs a fundamental reset rather than a hot reset.",
	  "device nic parent=rp0 type=edu",
	  { POS_REQ("name", ARG_NAME, "the device's name"),
	    { .name = "parent", .type = ARG_DEV, .positional = true, .required = true,
	      .help = "the port above: a root port or a switch downstream port" },
	    ENUM_POS_REQ("type", ch_devtype, "what the device is"),
	    OPT("functions", ARG_INT, "1", "number of functions (1-8)"),
	    OPT("bar32", ARG_SIZE, NULL, "size of the 32-bit BAR (default: 16K for plain; edu: 1M)"),
	    OPT("bar64", ARG_SIZE, "0", "size of a 64-bit prefetchable BAR (0: none)"),
	    OPT("vendor", ARG_INT, NULL, "vendor ID (default: 1234 for edu, 1014 for plain)"),
	    OPT("device", ARG_INT, NULL, "device ID (default: 11e8 for edu)"),
	    OPT("freset", ARG_BOOL, "no", "the device needs a fundamental reset") } },

	{ K_REAL, "real", KW_TOPOLOGY,
	  "name a real PCI function",
	  "Names the real PCI function at BDF (as lspci -D writes it, "
	  "`DDDD:BB:DD.F`; `${VAR}` lets the command line or the environment "
	  "choose it) for the steps after it, on a backend with real PEs "
	  "(`kernel` or `host` on a PowerNV host). A scenario with `real` "
	  "statements, or one that `requires real-phb` and declares no topology, "
	  "runs on real PEs; it cannot also declare an emulated topology. "
	  "`phb=` names the PHB model the scenario is written for (`phb4`, "
	  "`phb3`, or the PHB's device-tree compatible, `ibm,power9-pciex`): on "
	  "another PHB the scenario's steps from there on are SKIPs.",
	  "real nic ${EEHLAB_NIC:-0000:01:00.0} phb=phb4",
	  { POS_REQ("name", ARG_NAME, "the name the steps use"),
	    POS_REQ("bdf", ARG_STR, "the function: DDDD:BB:DD.F"),
	    OPT("phb", ARG_STR, NULL, "the PHB model it must sit on: phb4, phb3 or a compatible") } },

	/* ---------------- steps ---------------- */
	{ K_ENUMERATE, "enumerate", KW_STEP,
	  "enumerate the topology: bus numbers, BARs, PEs, RTT, PELT-V",
	  "Assigns bus numbers, BARs in the M32 and M64 windows and PEs, and "
	  "fills the RTT and PELT-V. Implied by the first action step when not "
	  "written; after it the topology is fixed. Must come before every other "
	  "step.",
	  "enumerate",
	  { { 0 } } },
	{ K_DRIVER, "driver", KW_STEP,
	  "bind a test driver to a device and choose its error handler answers",
	  "Binds the test driver to DEV (or changes its behaviour). With "
	  "`handlers=no` the driver has no pci_error_handlers, so EEH recovery "
	  "removes and re-probes the device. The answers are what "
	  "error_detected, mmio_enabled and slot_reset return "
	  "(PCI_ERS_RESULT_*). `bound=no` unbinds it.",
	  "driver nic error_detected=can_recover",
	  { ARG_DEV_POS,
	    OPT("handlers", ARG_BOOL, "yes", "the driver has error handlers"),
	    OPT("bound", ARG_BOOL, "yes", "the driver is bound to the device"),
	    ENUM_OPT("error_detected", ch_answer, "need_reset", "what error_detected returns"),
	    ENUM_OPT("mmio_enabled", ch_answer, "recovered", "what mmio_enabled returns"),
	    ENUM_OPT("slot_reset", ch_answer, "recovered", "what slot_reset returns") } },
	{ K_BUFFER, "buffer", KW_STEP,
	  "reserve host memory for DMA",
	  "Reserves SIZE bytes of host memory named NAME, filled with a byte "
	  "value or with random bytes (from --seed). Addresses are written NAME "
	  "or NAME+OFFSET.",
	  "buffer dst size=64K fill=0x00",
	  { POS_REQ("name", ARG_NAME, "the buffer's name"),
	    { .name = "size", .type = ARG_SIZE, .positional = true, .required = true,
	      .help = "size in bytes" },
	    OPT("fill", ARG_STR, "0x00", "initial contents: a byte value or random") } },
	{ K_WINDOW, "window", KW_STEP,
	  "create a DMA window of DEV's PE: a TCE table and its TVE",
	  "Creates the 32-bit or 64-bit DMA window of DEV's PE: a TCE table of "
	  "`levels` levels mapping `size` bytes of bus address space in pages of "
	  "`page`, and the TVE that points at it.",
	  "window disk which=64 page=64K size=1G levels=2",
	  { ARG_DEV_POS,
	    ENUM_OPT("which", ch_which_win, "32", "the 32-bit or the 64-bit window"),
	    OPT("page", ARG_SIZE, "4K", "TCE page size (4K, 64K, 2M, ...)"),
	    OPT("size", ARG_SIZE, "2G", "bus address space the window maps"),
	    OPT("levels", ARG_INT, "1", "TCE table levels (1-5)") } },
	{ K_MAP, "map", KW_STEP,
	  "map host memory for DEV's PE: write TCEs",
	  "Writes the TCEs that map bus address `ioba` (len bytes) of DEV's PE to "
	  "host memory `host` with the given permission (rw, r: the device may "
	  "only read, w: only write). Creates the default 32-bit window when the "
	  "PE has none.",
	  "map nic ioba=0x1000 host=dst len=8K perm=rw",
	  { ARG_DEV_POS,
	    NAMED_REQ("ioba", ARG_INT, "bus address (I/O virtual address)"),
	    NAMED_REQ("host", ARG_ADDR, "host address: BUFFER, BUFFER+OFFSET or a number"),
	    OPT("len", ARG_SIZE, "4K", "bytes to map"),
	    ENUM_OPT("perm", ch_perm, "rw", "what the device may do"),
	    ENUM_OPT("which", ch_which_win, "32", "the window") } },
	{ K_UNMAP, "unmap", KW_STEP,
	  "clear TCEs of DEV's PE",
	  "Clears the TCEs for `len` bytes from bus address `ioba`: a DMA there "
	  "is then an invalid-TCE fault.",
	  "unmap nic ioba=0x1000 len=8K",
	  { ARG_DEV_POS,
	    NAMED_REQ("ioba", ARG_INT, "bus address"),
	    OPT("len", ARG_SIZE, "4K", "bytes to unmap"),
	    ENUM_OPT("which", ch_which_win, "32", "the window") } },
	{ K_MMIO_READ, "mmio-read", KW_STEP,
	  "a driver's MMIO load from a BAR",
	  "Loads `size` bytes (1, 2, 4 or 8) at offset `off` of BAR `bar` of DEV, "
	  "as the driver would (readl). The value read is what `expect value` "
	  "checks. A frozen PE answers all ones; as in the kernel's "
	  "eeh_readl(), an all-ones value then runs the EEH failure check "
	  "(eeh_dev_check_failure) unless `detect=no`.",
	  "mmio-read nic off=0x04",
	  { ARG_DEV_POS,
	    OPT("bar", ARG_INT, "0", "BAR index"),
	    OPT("off", ARG_INT, "0", "offset in the BAR"),
	    OPT("size", ARG_INT, "4", "access size: 1, 2, 4 or 8"),
	    OPT("detect", ARG_BOOL, "yes", "all ones runs the EEH failure check") } },
	{ K_MMIO_WRITE, "mmio-write", KW_STEP,
	  "a driver's MMIO store to a BAR",
	  "Stores `value` (size bytes: 1, 2, 4 or 8) at offset `off` of BAR `bar` "
	  "of DEV. A store to a frozen PE is dropped.",
	  "mmio-write nic off=0x04 value=0x1234",
	  { ARG_DEV_POS,
	    POS_REQ("value", ARG_INT, "the value stored"),
	    OPT("bar", ARG_INT, "0", "BAR index"),
	    OPT("off", ARG_INT, "0", "offset in the BAR"),
	    OPT("size", ARG_INT, "4", "access size: 1, 2, 4 or 8") } },
	{ K_CFG_READ, "cfg-read", KW_STEP,
	  "a config space read",
	  "Reads `size` bytes (1, 2 or 4) of DEV's config space at `off`, as "
	  "pci_read_config_*. A frozen PE answers all ones, and an all-ones "
	  "value runs the EEH failure check, as the powernv config accessors "
	  "do (pnv_pci_read_config).",
	  "cfg-read nic off=0x00",
	  { ARG_DEV_POS,
	    POS_REQ("off", ARG_INT, "config space offset"),
	    OPT("size", ARG_INT, "4", "access size: 1, 2 or 4") } },
	{ K_CFG_WRITE, "cfg-write", KW_STEP,
	  "a config space write",
	  "Writes `value` (size bytes: 1, 2 or 4) to DEV's config space at `off`.",
	  "cfg-write nic off=0x3c size=1 value=0x0a",
	  { ARG_DEV_POS,
	    POS_REQ("off", ARG_INT, "config space offset"),
	    POS_REQ("value", ARG_INT, "the value written"),
	    OPT("size", ARG_INT, "4", "access size: 1, 2 or 4") } },
	{ K_DMA, "dma", KW_STEP,
	  "make an edu device do a DMA",
	  "Makes DEV's DMA engine move `len` bytes between bus address `ioba` and "
	  "offset `buf-off` of its internal buffer: `to-ram` writes host memory, "
	  "`to-device` reads it. `start=mmio` programs the engine with MMIO "
	  "stores from the driver (dropped when the PE is MMIO-frozen, so the DMA "
	  "does not start); `start=device` has the device start it on its own. "
	  "`expect dma` checks the outcome.",
	  "dma nic ioba=0x1000 len=128 dir=to-ram",
	  { ARG_DEV_POS,
	    NAMED_REQ("ioba", ARG_INT, "bus address"),
	    OPT("len", ARG_SIZE, "4K", "bytes to move"),
	    ENUM_OPT("dir", ch_dir, "to-ram", "direction"),
	    OPT("buf-off", ARG_INT, "0", "offset in the device's DMA buffer"),
	    ENUM_OPT("start", ch_start, "mmio", "who starts the transfer") } },
	{ K_INJECT, "inject", KW_STEP,
	  "arm an error injection, as /sys/kernel/debug/powerpc/PCIxxxx/err_injct",
	  "Asks firmware (OPAL_PCI_ERR_INJECT) to arm error function `func` on "
	  "PE: the next matching access trips it and freezes the PE. `func` is a "
	  "name (LD_MEM_ADDR, LD_MEM_DATA, LD_IO_ADDR, LD_IO_DATA, LD_CFG_ADDR, "
	  "LD_CFG_DATA, ST_MEM_ADDR, ST_MEM_DATA, ST_IO_ADDR, ST_IO_DATA, "
	  "ST_CFG_ADDR, ST_CFG_DATA, DMA_RD_ADDR, DMA_RD_DATA, DMA_RD_MASTER, "
	  "DMA_RD_TARGET, DMA_WR_ADDR, DMA_WR_DATA, DMA_WR_MASTER, DMA_WR_TARGET) "
	  "or its number (EEH_ERR_FUNC_*, 0-19; other numbers go to firmware as "
	  "they are). `type` is 0 (32-bit) or 1 (64-bit); `addr` and `mask` "
	  "select the addresses that trip (mask 0: any). `expect firmware` checks "
	  "what firmware answered.",
	  "inject nic func=LD_MEM_ADDR type=0",
	  { ARG_PE_POS,
	    NAMED_REQ("func", ARG_STR, "error function: a name or a number"),
	    OPT("type", ARG_INT, "0", "0: 32-bit, 1: 64-bit"),
	    OPT("addr", ARG_INT, "0", "address to match"),
	    OPT("mask", ARG_INT, "0", "address mask (0: any address)") } },
	{ K_FREEZE, "freeze", KW_STEP,
	  "freeze a PE now",
	  "Freezes PE at once, as the hardware does on an error: MMIO (loads "
	  "answer all ones, stores are dropped), DMA (blocked) or both.",
	  "freeze nic which=dma",
	  { ARG_PE_POS,
	    ENUM_OPT("which", ch_freeze, "both", "what is frozen") } },
	{ K_FENCE, "fence", KW_STEP,
	  "fence a PHB",
	  "Fences PHB: every PE below it stops answering, as on a PHB-fatal "
	  "error; recovery needs a PHB reset.",
	  "fence 0",
	  { POS_REQ("phb", ARG_PHB, "the PHB index") } },
	{ K_DMA_FAULT, "dma-fault", KW_STEP,
	  "make the next DMA of a PE fail with a given cause",
	  "Arms a DMA fault: the next DMA of PE (whose bus address matches "
	  "`addr`/`mask`; mask 0: any) fails with `cause` and freezes the PE, "
	  "with that cause in the diag data.",
	  "dma-fault nic cause=read-only",
	  { ARG_PE_POS,
	    { .name = "cause", .type = ARG_ENUM, .positional = true, .required = true,
	      .choices = ch_dma_fault, .help = "the fault" },
	    OPT("addr", ARG_INT, "0", "bus address to match"),
	    OPT("mask", ARG_INT, "0", "address mask (0: any address)") } },
	{ K_CHECK, "check", KW_STEP,
	  "run the EEH failure check for DEV now",
	  "Calls eeh_dev_check_failure() for DEV, as a driver that saw all ones "
	  "would: when DEV's PE is frozen, the PE is marked isolated and a "
	  "recovery event is queued.",
	  "check nic",
	  { ARG_DEV_POS } },
	{ K_RECOVER, "recover", KW_STEP,
	  "run the pending recovery events",
	  "Runs the queued EEH events to completion, as the eehd thread "
	  "(eeh_handle_event): error handlers, thaw or reset, resume. "
	  "`expect result` and `expect callbacks` check what happened.",
	  "recover",
	  { { 0 } } },
	{ K_FORCE_RECOVER, "force-recover", KW_STEP,
	  "have the real EEH core recover a PE that did not freeze",
	  "Writes PHB:PE to debugfs powerpc/eeh_force_recover: the Linux EEH "
	  "core queues a recovery of the PE as if it had frozen (error_detected, "
	  "reset, slot_reset, resume) without any fault. Real PEs only (backends "
	  "`kernel` and `host`); `recover` then follows it.",
	  "force-recover nic",
	  { ARG_PE_POS } },
	{ K_WAIT, "wait", KW_STEP,
	  "advance the virtual clock",
	  "Advances the virtual clock by DURATION (250ms, 2s, 61m, 1h): freeze "
	  "counts older than an hour expire, as eeh_pe's tstamp and "
	  "freeze_count.",
	  "wait 61m",
	  { POS_REQ("time", ARG_DURATION, "how long") } },
	{ K_EEH_CONFIG, "eeh-config", KW_STEP,
	  "set EEH core parameters",
	  "Sets eeh_max_freezes: a PE frozen more than that within an hour is "
	  "failed permanently (5 by default, as the kernel).",
	  "eeh-config max_freezes=2",
	  { NAMED_REQ("max_freezes", ARG_INT, "freezes allowed per hour") } },

	/* ---------------- guests and the TCE hypercalls ---------------- */
	{ K_GUEST, "guest", KW_STEP,
	  "create a guest (a partition that can own PEs)",
	  "Creates guest NAME (at most 8). A guest has memory slots (`slot`), "
	  "owns PEs (`assign`) and programs their TCE tables through the "
	  "hypercalls h-put-tce, h-get-tce, h-put-tce-indirect and h-stuff-tce.",
	  "guest vm1",
	  { POS_REQ("name", ARG_NAME, "the guest's name") } },
	{ K_SLOT, "slot", KW_STEP,
	  "give a guest memory: a guest-physical range backed by host memory",
	  "Adds a memory slot to GUEST: `size` bytes of guest-physical memory at "
	  "`gpa`, in guest pages of `page` (4K, 64K, 16M or 1G; gpa and size "
	  "aligned to it), backed by contiguous host memory reserved now. "
	  "`prereg`: pre-registered, every page pinned (as "
	  "VFIO_IOMMU_SPAPR_REGISTER_MEMORY), which real mode needs; otherwise "
	  "the virtual-mode tier pins pages one by one. `linear=no`: not in the "
	  "host's linear map (vmalloc-like), which real mode cannot reach.",
	  "slot vm1 gpa=0 size=256M page=64K prereg",
	  { POS_REQ("guest", ARG_STR, "the guest"),
	    NAMED_REQ("gpa", ARG_INT, "guest-physical start"),
	    NAMED_REQ("size", ARG_SIZE, "bytes"),
	    OPT("page", ARG_SIZE, "4K", "guest page size: 4K, 64K, 16M or 1G"),
	    OPT("prereg", ARG_BOOL, "no", "pre-registered: every page pinned"),
	    OPT("linear", ARG_BOOL, "yes", "in the host's linear map") } },
	{ K_ASSIGN, "assign", KW_STEP,
	  "hand a PE to a guest",
	  "Assigns PE (all its functions) to guest `guest`: the host's drivers "
	  "are unbound, the PE gets the default 32-bit window (2G of 4K I/O "
	  "pages at bus 0, LIOBN printed) and its TVEs point at the guest's "
	  "windows; as on vfio open, a frozen PE is thawed "
	  "(eeh_vfio_change_owner). Refused: the reserved PE (EINVAL), a PE not "
	  "in use (ENODEV), a PE already owned or being recovered (EBUSY), a "
	  "bridge PE with a PE below it not owned by the same guest (EBUSY).",
	  "assign nic guest=vm1",
	  { ARG_PE_POS,
	    NAMED_REQ("guest", ARG_STR, "the guest") } },
	{ K_RELEASE, "release", KW_STEP,
	  "give an assigned PE back to the host",
	  "Releases PE from the guest that owns it: its windows are removed "
	  "(tables cleared), both TVEs invalidated, the drivers unbound by "
	  "`assign` bound again, and, as on vfio release, a frozen PE is thawed. "
	  "Refused: a PE no guest owns (EINVAL), a PE below another PE of the "
	  "same guest (EBUSY: release that first).",
	  "release nic",
	  { ARG_PE_POS } },
	{ K_GUEST_WINDOW, "guest-window", KW_STEP,
	  "create (or remove) the 64-bit DMA window of an assigned PE",
	  "As VFIO_IOMMU_SPAPR_TCE_CREATE: a 64-bit window at bus 1<<59 for PE "
	  "(TVE 1) with I/O pages of `page` (one the PHB takes: PHB3 4K, 64K, "
	  "16M, 256M; PHB4 4K, 64K, 2M, 1G), `size` bytes (a power of two) in "
	  "`levels` levels (1-5). Its LIOBN is printed; hypercall steps name "
	  "it as PE plus which=64. `remove`: remove it instead "
	  "(VFIO_IOMMU_SPAPR_TCE_REMOVE).",
	  "guest-window nic page=64K size=1G levels=2",
	  { ARG_PE_POS,
	    OPT("page", ARG_SIZE, "64K", "I/O page size"),
	    OPT("size", ARG_SIZE, "1G", "bus address space the window maps"),
	    OPT("levels", ARG_INT, "2", "TCE table levels (1-5)"),
	    OPT("remove", ARG_BOOL, "no", "remove the window instead") } },
	{ K_GUEST_LIOBN, "guest-liobn", KW_STEP,
	  "choose the fastest tier that knows a window's LIOBN",
	  "Registers the LIOBN of PE's window `which` with the tiers from "
	  "`tier` on: `real` (every tier, the default after assign), `virt` "
	  "(not registered for real mode: real mode hands the call on), `user` "
	  "(known to the VMM only).",
	  "guest-liobn nic which=32 tier=virt",
	  { ARG_PE_POS,
	    ENUM_OPT("which", ch_which_win, "32", "the 32-bit or the 64-bit window"),
	    { .name = "tier", .type = ARG_ENUM, .required = true, .choices = ch_tier,
	      .help = "the fastest tier that knows it" } } },
	{ K_H_PUT_TCE, "h-put-tce", KW_STEP,
	  "the guest's H_PUT_TCE: map one I/O page",
	  "GUEST calls H_PUT_TCE(liobn, ioba, tce). The window is PE plus "
	  "`which`, or a raw `liobn` (e.g. an unknown one). The TCE is guest "
	  "address `gpa` with permission `perm` (rw, r, w, or none: clear), or "
	  "the raw value `tce`. The call runs through real mode, virtual mode "
	  "and userspace; `expect hcall` checks the answer and the tier that "
	  "finished it. A refusal is an answer, not a step failure.",
	  "h-put-tce vm1 nic ioba=0x1000 gpa=0x10000 perm=rw",
	  { POS_REQ("guest", ARG_STR, "the calling guest"),
	    POS_OPT("pe", ARG_PE, NULL, "the PE whose window is meant"),
	    ENUM_OPT("which", ch_which_win, "32", "the PE's 32-bit or 64-bit window"),
	    OPT("liobn", ARG_INT, NULL, "a raw LIOBN instead of PE and which"),
	    NAMED_REQ("ioba", ARG_INT, "I/O bus address"),
	    OPT("gpa", ARG_INT, NULL, "guest address the TCE maps"),
	    ENUM_OPT("perm", ch_tce_perm, "rw", "TCE permission with gpa"),
	    OPT("tce", ARG_INT, NULL, "the raw TCE instead of gpa and perm") } },
	{ K_H_GET_TCE, "h-get-tce", KW_STEP,
	  "the guest's H_GET_TCE: read one TCE back",
	  "GUEST calls H_GET_TCE(liobn, ioba). The answer is the guest view: "
	  "the guest address and R/W bits (0 for an empty entry); `expect tce` "
	  "checks it.",
	  "h-get-tce vm1 nic ioba=0x1000",
	  { POS_REQ("guest", ARG_STR, "the calling guest"),
	    POS_OPT("pe", ARG_PE, NULL, "the PE whose window is meant"),
	    ENUM_OPT("which", ch_which_win, "32", "the PE's 32-bit or 64-bit window"),
	    OPT("liobn", ARG_INT, NULL, "a raw LIOBN instead of PE and which"),
	    NAMED_REQ("ioba", ARG_INT, "I/O bus address") } },
	{ K_H_PUT_TCE_INDIRECT, "h-put-tce-indirect", KW_STEP,
	  "the guest's H_PUT_TCE_INDIRECT: map a list of I/O pages",
	  "GUEST calls H_PUT_TCE_INDIRECT(liobn, ioba, list, count): `count` "
	  "TCEs (at most 512) read from the 4K-aligned list at guest address "
	  "`list` (fill it with `tce-list`) go to consecutive I/O pages from "
	  "`ioba`. Every entry is validated before any is written.",
	  "h-put-tce-indirect vm1 nic ioba=0 list=0x100000 count=512",
	  { POS_REQ("guest", ARG_STR, "the calling guest"),
	    POS_OPT("pe", ARG_PE, NULL, "the PE whose window is meant"),
	    ENUM_OPT("which", ch_which_win, "32", "the PE's 32-bit or 64-bit window"),
	    OPT("liobn", ARG_INT, NULL, "a raw LIOBN instead of PE and which"),
	    NAMED_REQ("ioba", ARG_INT, "first I/O bus address"),
	    NAMED_REQ("list", ARG_INT, "guest address of the TCE list"),
	    NAMED_REQ("count", ARG_INT, "number of entries") } },
	{ K_H_STUFF_TCE, "h-stuff-tce", KW_STEP,
	  "the guest's H_STUFF_TCE: one value into many TCEs",
	  "GUEST calls H_STUFF_TCE(liobn, ioba, value, count): the value (the "
	  "raw `tce`, or `gpa` with `perm`; perm=none clears) goes to `count` "
	  "consecutive I/O pages from `ioba`.",
	  "h-stuff-tce vm1 nic ioba=0 tce=0 count=64",
	  { POS_REQ("guest", ARG_STR, "the calling guest"),
	    POS_OPT("pe", ARG_PE, NULL, "the PE whose window is meant"),
	    ENUM_OPT("which", ch_which_win, "32", "the PE's 32-bit or 64-bit window"),
	    OPT("liobn", ARG_INT, NULL, "a raw LIOBN instead of PE and which"),
	    NAMED_REQ("ioba", ARG_INT, "first I/O bus address"),
	    OPT("gpa", ARG_INT, NULL, "guest address in the value"),
	    ENUM_OPT("perm", ch_tce_perm, "rw", "permission with gpa"),
	    OPT("tce", ARG_INT, NULL, "the raw value instead of gpa and perm"),
	    NAMED_REQ("count", ARG_INT, "number of TCEs") } },
	{ K_RACE, "race", KW_STEP,
	  "the next two hypercalls race each other from two vCPUs",
	  "The next two hypercall steps (h-put-tce, h-put-tce-indirect, "
	  "h-stuff-tce; one guest) are not made once each: the second step "
	  "makes both at once from two vCPU threads, `rounds` times, as KVM "
	  "runs a guest's hypercalls (real mode first, no lock common to two "
	  "vCPUs). Each round the two serial orders run first from the same "
	  "table; the round's table and answers are then judged against them "
	  "(`expect race`). Where two threads cannot run at once (one CPU), "
	  "the step is a SKIP.",
	  "race rounds=1000",
	  { OPT("rounds", ARG_INT, "1000", "rounds (1 to 100000)") } },
	{ K_TCE_LIST, "tce-list", KW_STEP,
	  "write a TCE list into guest memory, for h-put-tce-indirect",
	  "Writes `count` big-endian TCEs at guest address `list` of GUEST, as "
	  "its kernel would: entry i maps guest address gpa + i * step with "
	  "permission `perm`. Rewrite one entry with a second tce-list at "
	  "list + 8 * i, count=1.",
	  "tce-list vm1 list=0x100000 count=512 gpa=0x200000",
	  { POS_REQ("guest", ARG_STR, "the guest"),
	    NAMED_REQ("list", ARG_INT, "guest address of the list"),
	    NAMED_REQ("count", ARG_INT, "entries to write"),
	    NAMED_REQ("gpa", ARG_INT, "guest address of the first entry"),
	    OPT("step", ARG_SIZE, "4K", "guest address increment per entry"),
	    ENUM_OPT("perm", ch_tce_perm, "rw", "the entries' permission") } },
	{ K_GUEST_WRITE, "guest-write", KW_STEP,
	  "fill guest memory (what the guest's CPU does)",
	  "Fills `len` bytes of GUEST's memory at guest address `gpa` with the "
	  "byte `pattern`.",
	  "guest-write vm1 gpa=0x10000 len=4K pattern=0x5a",
	  { POS_REQ("guest", ARG_STR, "the guest"),
	    NAMED_REQ("gpa", ARG_INT, "guest address"),
	    OPT("len", ARG_SIZE, "4K", "bytes"),
	    NAMED_REQ("pattern", ARG_INT, "the byte") } },
	{ K_GUEST_EEH, "guest-eeh", KW_STEP,
	  "an EEH operation by the guest that owns a PE (VFIO_EEH_PE_OP)",
	  "The owner of PE runs one VFIO_EEH_PE_OP: get-state (`expect "
	  "guest-state` checks the answer), enable, disable, unfreeze-io, "
	  "unfreeze-dma, reset-hot, reset-fundamental, reset-deactivate, "
	  "configure, or inject-err (with func, type, addr and mask as "
	  "`inject`). The host does not recover an owned PE; the guest does it "
	  "here. A PE the host owns is refused (EPERM).",
	  "guest-eeh nic op=reset-hot",
	  { ARG_PE_POS,
	    ENUM_POS_REQ("op", ch_vfio_op, "the operation"),
	    OPT("func", ARG_STR, NULL, "inject-err: error function, name or number"),
	    OPT("type", ARG_INT, "0", "inject-err: 0: 32-bit, 1: 64-bit"),
	    OPT("addr", ARG_INT, "0", "inject-err: address to match"),
	    OPT("mask", ARG_INT, "0", "inject-err: address mask") } },

	/* ---------------- expectations ---------------- */
	{ K_EXPECT_OK, "ok", KW_EXPECT,
	  "the step succeeded",
	  "The step returned no error. This is the default for a step without "
	  "`expect error`; write it to say so.",
	  "expect ok",
	  { { 0 } } },
	{ K_EXPECT_ERROR, "error", KW_EXPECT,
	  "the step failed with this errno",
	  "The step failed with ERRNO (a name: EINVAL, EIO, ENODEV, ...), and its "
	  "message contains `message` when given.",
	  "expect error EINVAL message=\"no such PE\"",
	  { POS_REQ("errno", ARG_STR, "errno name"),
	    OPT("message", ARG_STR, NULL, "a substring of the error message") } },
	{ K_EXPECT_STATE, "state", KW_EXPECT,
	  "the PE's freeze state as firmware reports it",
	  "The PE's state (OPAL_EEH_STOPPED_*): normal, mmio-frozen, dma-frozen, "
	  "frozen (both), reset, temp-unavail, perm-unavail.",
	  "expect state nic frozen",
	  { ARG_PE_POS,
	    ENUM_POS_REQ("state", ch_state, "the state") } },
	{ K_EXPECT_SYSFS, "sysfs", KW_EXPECT,
	  "the PE's eeh_pe_state sysfs text",
	  "The text of the PE's eeh_pe_state attribute, exactly: "
	  "\"0x%08x 0x%08x\" (EEH_STATE_* bits, eeh_pe state flags).",
	  "expect sysfs nic \"0x00000078 0x00000000\"",
	  { ARG_PE_POS,
	    POS_REQ("text", ARG_LIST, "the expected text") } },
	{ K_EXPECT_FROZEN, "frozen", KW_EXPECT,
	  "exactly these PEs are frozen, over all PHBs",
	  "Exactly the PEs listed are frozen (in any way) on all PHBs, no more, "
	  "no fewer; `none`: no PE is frozen.",
	  "expect frozen nic",
	  { POS_REQ("pes", ARG_LIST, "PEs (devices or PHB:PE), or none") } },
	{ K_EXPECT_VALUE, "value", KW_EXPECT,
	  "the value the step read",
	  "The value read by mmio-read or cfg-read.",
	  "expect value 0xffffffff",
	  { POS_REQ("value", ARG_INT, "the value") } },
	{ K_EXPECT_DMA, "dma", KW_EXPECT,
	  "how the step's DMA ended",
	  "The DMA completed (`ok`), was blocked by a frozen PE (`blocked`), "
	  "faulted in the PHB (`fault`, with `cause`) or was never started "
	  "(`not-started`: its MMIO programming was dropped).",
	  "expect dma fault cause=read-only",
	  { ENUM_POS_REQ("outcome", ch_dma_outcome, "the outcome"),
	    ENUM_OPT("cause", ch_cause, NULL, "the fault's cause") } },
	{ K_EXPECT_MEMORY, "memory", KW_EXPECT,
	  "host memory after the step",
	  "Host memory from ADDR (len bytes) is `unchanged` (byte-identical to "
	  "before the step), every byte equal to `pattern`, or equal to `bytes` "
	  "(hex digits, two per byte). Exactly one of the three. `len` defaults "
	  "to the rest of the buffer (the length of `bytes` when given; 4K for a "
	  "plain address).",
	  "expect memory dst len=128 pattern=0xa5",
	  { POS_REQ("addr", ARG_ADDR, "BUFFER, BUFFER+OFFSET or a number"),
	    OPT("len", ARG_SIZE, NULL, "bytes to compare"),
	    OPT("unchanged", ARG_BOOL, NULL, "memory is as it was before the step"),
	    OPT("pattern", ARG_INT, NULL, "every byte is this value"),
	    OPT("bytes", ARG_STR, NULL, "the bytes, in hex") } },
	{ K_EXPECT_CALLBACKS, "callbacks", KW_EXPECT,
	  "the error handler calls DEV's driver received during the step",
	  "The driver callbacks DEV received during the step, in order: "
	  "error_detected(STATE) (STATE: normal, frozen, perm_failure), "
	  "mmio_enabled, slot_reset, resume, reset_prepare, reset_done, remove, "
	  "probe. `none`: no callback.",
	  "expect callbacks nic \"error_detected(frozen) mmio_enabled resume\"",
	  { ARG_DEV_POS,
	    POS_REQ("calls", ARG_LIST, "the callbacks in order, or none") } },
	{ K_EXPECT_FREEZES, "freezes", KW_EXPECT,
	  "the PE's freeze count",
	  "The PE's freeze count within the last hour (eeh_pe freeze_count).",
	  "expect freezes nic 3",
	  { ARG_PE_POS,
	    POS_REQ("count", ARG_INT, "freezes") } },
	{ K_EXPECT_FIRMWARE, "firmware", KW_EXPECT,
	  "what firmware answered the step's injection",
	  "Firmware's answer to the injection: accepted (OPAL_SUCCESS), "
	  "parameter (OPAL_PARAMETER) or unsupported (OPAL_UNSUPPORTED).",
	  "expect firmware accepted",
	  { ENUM_POS_REQ("answer", ch_firmware, "the answer") } },
	{ K_EXPECT_DIAG, "diag", KW_EXPECT,
	  "the PE's diag data",
	  "The PHB diag data for PE records a freeze, with this cause, the "
	  "injected function and the severity when given (pe: the PE is frozen, "
	  "phb-fenced: the whole PHB).",
	  "expect diag nic cause=inject func=LD_MEM_ADDR",
	  { ARG_PE_POS,
	    ENUM_OPT("cause", ch_cause, NULL, "the recorded cause"),
	    OPT("func", ARG_STR, NULL, "the injected error function"),
	    ENUM_OPT("severity", ch_severity, NULL, "PE freeze or PHB fence") } },
	{ K_EXPECT_RESULT, "result", KW_EXPECT,
	  "how recovery of the PE ended",
	  "The outcome of recovery for PE: recovered, perm-failure (removed), "
	  "left-to-owner (no driver: nothing done), phb-recovered (a PHB reset) "
	  "or none (no recovery ran); `path`: thawed without a reset or reset; "
	  "`resets`: how many resets it took.",
	  "expect result nic recovered path=thaw",
	  { ARG_PE_POS,
	    ENUM_POS_REQ("result", ch_result, "the outcome"),
	    ENUM_OPT("path", ch_path, NULL, "thaw or reset"),
	    OPT("resets", ARG_INT, NULL, "number of resets") } },
	{ K_EXPECT_PRESENT, "present", KW_EXPECT,
	  "whether the device is present",
	  "Whether DEV is still present (yes) or was removed (no), e.g. after a "
	  "permanent failure.",
	  "expect present nic no",
	  { ARG_DEV_POS,
	    POS_REQ("present", ARG_BOOL, "yes or no") } },
	{ K_EXPECT_COUNTER, "counter", KW_EXPECT,
	  "the PE's traffic counters",
	  "Counters of the PE since the scenario began: DMAs blocked, MMIO stores "
	  "dropped, MMIO loads answered with all ones. At least one.",
	  "expect counter nic stores-dropped=1 loads-ones=2",
	  { ARG_PE_POS,
	    OPT("dma-blocked", ARG_INT, NULL, "DMAs blocked"),
	    OPT("stores-dropped", ARG_INT, NULL, "MMIO stores dropped"),
	    OPT("loads-ones", ARG_INT, NULL, "MMIO loads answered all ones") } },
	{ K_EXPECT_HCALL, "hcall", KW_EXPECT,
	  "the answer of the step's hypercall and the tier that finished it",
	  "The hypercall returned RC (H_SUCCESS, H_HARDWARE, H_FUNCTION, "
	  "H_PARAMETER) and, when `tier` is given, was finished by that tier: "
	  "real (real mode), virt (virtual mode) or user (the VMM).",
	  "expect hcall H_SUCCESS tier=real",
	  { ENUM_POS_REQ("rc", ch_hrc, "the return code"),
	    ENUM_OPT("tier", ch_tier, NULL, "the tier that finished the call") } },
	{ K_EXPECT_TCE, "tce", KW_EXPECT,
	  "the TCE the step's h-get-tce returned",
	  "The value H_GET_TCE returned: the guest view, guest address | R/W "
	  "bits (0x1 read, 0x2 write), 0 for an empty entry.",
	  "expect tce 0x10003",
	  { POS_REQ("value", ARG_INT, "the TCE") } },
	{ K_EXPECT_RACE, "race", KW_EXPECT,
	  "how the step's race ended, round by round",
	  "After the second call of a `race`: no round left an entry that "
	  "neither serial order writes (torn), and every call answered as it "
	  "does in a serial order. `serial`: every round's table is one of the "
	  "two serial tables; `entrywise`: each entry is (two multi-entry calls "
	  "may interleave). `a` and `b`: the calls' answers alone.",
	  "expect race serial a=H_SUCCESS b=H_SUCCESS",
	  { ENUM_POS_REQ("order", ch_race, "serial or entrywise"),
	    ENUM_OPT("a", ch_hrc, NULL, "the first call's answer alone"),
	    ENUM_OPT("b", ch_hrc, NULL, "the second call's answer alone") } },
	{ K_EXPECT_TIERS, "tiers", KW_EXPECT,
	  "a guest's counters: which tier finished its hypercalls",
	  "Since the guest was created: how many hypercalls each tier finished "
	  "(`real`, `virt`, `user`; all hypercalls, or the one named by "
	  "`hcall`), pages pinned by the slower tiers (`pins`) and calls that "
	  "exited to the VMM (`exits`). At least one.",
	  "expect tiers vm1 real=3 virt=1 user=0",
	  { POS_REQ("guest", ARG_STR, "the guest"),
	    OPT("real", ARG_INT, NULL, "calls finished in real mode"),
	    OPT("virt", ARG_INT, NULL, "calls finished in virtual mode"),
	    OPT("user", ARG_INT, NULL, "calls finished in userspace"),
	    OPT("pins", ARG_INT, NULL, "guest pages pinned on demand"),
	    OPT("exits", ARG_INT, NULL, "calls handed to the userspace tier"),
	    ENUM_OPT("hcall", ch_hc, NULL, "count this hypercall only") } },
	{ K_EXPECT_GUEST_STATE, "guest-state", KW_EXPECT,
	  "the PE state the owning guest sees (RTAS / VFIO GET_STATE)",
	  "The state answered by the step's guest-eeh op=get-state, or, with "
	  "`pe`, by a GET_STATE run now: normal (0), reset (1), stopped-io-dma "
	  "(2), stopped-dma (4), unavail (5).",
	  "expect guest-state stopped-io-dma",
	  { ENUM_POS_REQ("state", ch_guest_state, "the state"),
	    OPT("pe", ARG_PE, NULL, "ask the owner of this PE now") } },
	{ K_EXPECT_GUEST_MEMORY, "guest-memory", KW_EXPECT,
	  "a guest's memory after the step",
	  "GUEST's memory from guest address `gpa` (len bytes) is `unchanged` "
	  "(as before the step) or every byte equals `pattern`. Exactly one.",
	  "expect guest-memory vm1 gpa=0x10000 len=256 pattern=0x5a",
	  { POS_REQ("guest", ARG_STR, "the guest"),
	    NAMED_REQ("gpa", ARG_INT, "guest address"),
	    OPT("len", ARG_SIZE, "4K", "bytes to compare"),
	    OPT("unchanged", ARG_BOOL, NULL, "as it was before the step"),
	    OPT("pattern", ARG_INT, NULL, "every byte is this value") } },
	{ K_EXPECT_VIOLATION, "violation", KW_EXPECT,
	  "the isolation invariants caught a violation in this step",
	  "After every step the isolation invariants are checked (no TCE of a "
	  "guest's window maps memory outside that guest; no DMA of a guest's "
	  "PE outside its memory; no DMA by a frozen PE); a violation fails the "
	  "step. With this expectation, the step must instead cause one, whose "
	  "message contains `message` when given.",
	  "expect violation message=\"belongs to\"",
	  { OPT("message", ARG_STR, NULL, "a substring of the violation") } },
};

const int kw_count = sizeof(kw_table) / sizeof(kw_table[0]);

const struct keyword *kw_lookup(enum kw_kind kind, const char *name)
{
	int i;

	if (!name)
		return NULL;
	for (i = 0; i < kw_count; i++) {
		bool expect = kw_table[i].kind == KW_EXPECT;

		if (expect != (kind == KW_EXPECT))
			continue;
		if (!strcasecmp(kw_table[i].name, name))
			return &kw_table[i];
	}
	return NULL;
}

const struct keyword *kw_by_id(enum kw_id id)
{
	int i;

	for (i = 0; i < kw_count; i++)
		if (kw_table[i].id == id)
			return &kw_table[i];
	return NULL;
}
