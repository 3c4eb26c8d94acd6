/* lab-cli-private.h: what the command files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lab-cli.h"
#include "lab-config.h"
#include "lab-run.h"

G_BEGIN_DECLS

#define LAB_CLI_NAME "concurrency-lab"

typedef enum
{
  LAB_CLI_FORMAT_TEXT,
  LAB_CLI_FORMAT_JSON,
  LAB_CLI_FORMAT_CSV,
  LAB_CLI_FORMAT_MARKDOWN,
} LabCliFormat;

/* The options as typed; turned into a LabConfig (and checked) after parsing,
 * so that every message can name its option and what it accepts. */
typedef struct
{
  char     *workload;
  char     *model;            /* run, sweep */
  char     *models;           /* compare */
  char     *runs;             /* compare, sweep */
  char     *workers;          /* sweep: a list */
  char     *count;
  char     *start;
  char    **urls;
  char     *urls_file;
  char     *max_body;
  char     *timeout;
  char     *deadline;
  char     *max_in_flight;
  char     *chunk_size;
  gboolean  simulate_gil;
  char     *switch_interval;
  char     *format;
  char     *output;
} LabCliOptions;

typedef enum
{
  LAB_CLI_OPTIONS_RUN,
  LAB_CLI_OPTIONS_COMPARE,
  LAB_CLI_OPTIONS_SWEEP,
} LabCliOptionsKind;

/* --runs of compare and sweep */
#define LAB_CLI_DEFAULT_RUNS 3
#define LAB_CLI_MAX_RUNS     1000

/* lab-cli-options.c */
GOptionContext *lab_cli_context_new          (LabCliOptions      *options,
                                              LabCliOptionsKind   kind,
                                              const char         *summary,
                                              const char         *description);
/* Parses @argv (argv[0] is the command's name). FALSE with an error for
 * unknown options and extra arguments. */
gboolean        lab_cli_context_parse        (GOptionContext     *context,
                                              const char         *command,
                                              int                 argc,
                                              char              **argv,
                                              GError            **error);
/* The workload options (and --model for run and sweep) as a config,
 * checked. For compare, the model-specific checks are left to the caller;
 * for sweep, --workers (a list) and the check of each worker count's config. */
LabConfig      *lab_cli_options_build_config (LabCliOptions      *options,
                                              LabCliOptionsKind   kind,
                                              GError            **error);
/* --runs, LAB_CLI_DEFAULT_RUNS when left out. */
gboolean        lab_cli_options_get_runs     (LabCliOptions      *options,
                                              guint              *runs,
                                              GError            **error);
gboolean        lab_cli_options_get_format   (LabCliOptions      *options,
                                              LabCliFormat       *format,
                                              GError            **error);
void            lab_cli_options_clear        (LabCliOptions      *options);
/* "concurrency-lab: MESSAGE" and a hint; returns LAB_EXIT_USAGE. */
int             lab_cli_usage_error          (const char         *command,
                                              const GError       *error);

/* lab-cli-output.c: stdout, or a file written atomically (opened before
 * the work, so a bad path is found before the work is wasted). */
typedef struct _LabCliOutput LabCliOutput;

LabCliOutput   *lab_cli_output_open          (const char         *path,
                                              GError            **error);
GOutputStream  *lab_cli_output_get_stream    (LabCliOutput       *output);
gboolean        lab_cli_output_commit        (LabCliOutput       *output,
                                              GError            **error);
/* Drops what was written to a file (nothing can be taken back from stdout). */
void            lab_cli_output_abort         (LabCliOutput       *output);
void            lab_cli_output_free          (LabCliOutput       *output);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabCliOutput, lab_cli_output_free)

/* lab-cli-session.c: Ctrl-C and SIGTERM cancel the current run; a second
 * one gives up at once. */
typedef struct _LabCliSession LabCliSession;

LabCliSession  *lab_cli_session_new          (LabCliOutput       *output);
void            lab_cli_session_free         (LabCliSession      *session);
gboolean        lab_cli_session_is_interrupted (LabCliSession    *session);
/* Whether every task of a finished @run succeeded; if not, one line on
 * stderr says why ("LABEL: " before it when @label is not NULL). */
gboolean        lab_cli_report_run_outcome   (LabRun             *run,
                                              const char         *label);
/* Runs @config to its end with progress on stderr (when it is a terminal).
 * Returns the run, finished, whatever happened to it; NULL only when no
 * executor could be made. */
LabRun         *lab_cli_session_execute      (LabCliSession      *session,
                                              const LabConfig    *config,
                                              const char         *label,
                                              GError            **error);

/* One run of compare or sweep: lab_cli_session_execute() and, unless
 * interrupted, lab_cli_report_run_outcome(); *all_ok is cleared when the run
 * did not succeed. Returns the run to keep (partial when interrupted), or
 * NULL, with "LABEL: MESSAGE" on stderr, when no executor could be made. */
LabRun         *lab_cli_session_run          (LabCliSession      *session,
                                              const LabConfig    *config,
                                              const char         *label,
                                              gboolean           *all_ok);

/* Writes @result in @format to @stream. */
typedef gboolean (*LabCliWriteFunc)          (gpointer            result,
                                              LabCliFormat        format,
                                              GOutputStream      *stream,
                                              GError            **error);

/* The end of compare and sweep: each of @warnings on stderr, @result written
 * through @write to the session's output, which is committed; then, when
 * interrupted, "interrupted; partial WHAT written (N_RUNS of TOTAL runs)".
 * Returns the exit status. */
int             lab_cli_session_finish       (LabCliSession      *session,
                                              GPtrArray          *warnings,
                                              LabCliWriteFunc     write,
                                              gpointer            result,
                                              LabCliFormat        format,
                                              const char         *what,
                                              guint               n_runs,
                                              guint               total,
                                              gboolean            all_ok);
/* @text to @stream, flushed: the text formats of compare and sweep. */
gboolean        lab_cli_write_text           (GOutputStream      *stream,
                                              const char         *text,
                                              GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabCliSession, lab_cli_session_free)

/* lab-cli-progress.c */
typedef struct _LabCliProgress LabCliProgress;

/* NULL when stderr is not a terminal. */
LabCliProgress *lab_cli_progress_new         (LabRun             *run,
                                              const char         *label);
/* Erases the line and stops redrawing. */
void            lab_cli_progress_free        (LabCliProgress     *progress);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabCliProgress, lab_cli_progress_free)

/* The commands */
int             lab_cli_run                  (int                 argc,
                                              char              **argv);
int             lab_cli_compare              (int                 argc,
                                              char              **argv);
int             lab_cli_sweep                (int                 argc,
                                              char              **argv);
int             lab_cli_export               (int                 argc,
                                              char              **argv);

G_END_DECLS
