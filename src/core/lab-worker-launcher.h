/* lab-worker-launcher.h: starts concurrency-lab-worker processes, through a
 * fork server or one GSubprocess each, and tells when they end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LabWorkerLauncher LabWorkerLauncher;

/* Called on the launcher's main context, never from inside a launcher call. */
typedef struct
{
  /* A worker is running, known as @serial from now on (@pid is 0 if it
   * ended before its pid could be known); its stdin (@to_worker) and stdout
   * (@from_worker) now belong to the callee. */
  void (*spawned)      (guint         token,
                        guint64       serial,
                        GPid          pid,
                        int           to_worker,
                        int           from_worker,
                        gpointer      user_data);
  void (*spawn_failed) (guint         token,
                        const GError *error,
                        gpointer      user_data);
  /* A process this launcher started (a worker, or the fork server) ended and
   * was reaped. @wait_status: -1 when unknown. @cpu_us: its CPU time from
   * wait4(), or -1 when unknown. */
  void (*exited)       (guint64       serial,
                        GPid          pid,
                        int           wait_status,
                        gint64        cpu_us,
                        gpointer      user_data);
  /* The fork server went away while its workers were needed. */
  void (*lost)         (const GError *error,
                        gpointer      user_data);
} LabWorkerLauncherCallbacks;

/* The worker program: $LAB_WORKER_PATH, else the build tree's when this
 * program runs from the build tree, else the installed one. */
char              *lab_worker_launcher_find_program   (GError                          **error);

/* With @use_fork_server, starts the fork server at once (falling back to
 * direct launches if it cannot start); spawn requests are queued meanwhile. */
LabWorkerLauncher *lab_worker_launcher_new            (const char                       *program,
                                                       gboolean                          use_fork_server,
                                                       GMainContext                     *context,
                                                       const LabWorkerLauncherCallbacks *callbacks,
                                                       gpointer                          user_data);
/* The fork server's pid (a child of this process), or 0. */
GPid               lab_worker_launcher_get_server_pid (LabWorkerLauncher                *self);
gboolean           lab_worker_launcher_uses_fork_server (LabWorkerLauncher              *self);
/* Workers to come will most likely be sent a HELLO with @config_json: a fork
 * server builds that workload once, for all of them. */
void               lab_worker_launcher_prepare        (LabWorkerLauncher                *self,
                                                       const char                       *config_json);
void               lab_worker_launcher_spawn          (LabWorkerLauncher                *self,
                                                       guint                             token);
/* SIGKILL, only while the process has not been reaped. */
void               lab_worker_launcher_kill           (LabWorkerLauncher                *self,
                                                       guint64                           serial);
/* Stops every process still running (the fork server kills its workers when
 * its control socket closes), reaps them and frees. Iterates the launcher's
 * context, which must be the thread-default one; bounded in time. No
 * callback is called any more. */
void               lab_worker_launcher_free           (LabWorkerLauncher                *self);

G_END_DECLS
