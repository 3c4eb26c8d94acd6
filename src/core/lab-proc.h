/* lab-proc.h: what the kernel knows about this process and its children
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* CPU time (user + system, all threads) in µs; -1 when the process is gone. */
gint64  lab_proc_get_self_cpu_time  (void);
gint64  lab_proc_get_cpu_time       (GPid pid);
guint   lab_proc_count_fds          (void);
guint   lab_proc_count_threads      (void);
/* Direct children of this process (zombies included). */
GArray *lab_proc_list_children      (void);
/* Resident memory in bytes, and its peak (VmHWM). */
guint64 lab_proc_get_rss            (void);
guint64 lab_proc_get_peak_rss       (void);

G_END_DECLS
