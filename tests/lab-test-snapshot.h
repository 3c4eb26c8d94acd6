/* lab-test-snapshot.h: what the snapshot tests share — a real run, and its
 * snapshot as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-snapshot.h"
#include "lab-test-util.h"

/* The snapshot of @run, written in memory, as a NUL-terminated text. */
static inline char *
lab_test_write_snapshot (LabRun *run)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lab_snapshot_write (run, stream, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_output_stream_close (stream, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* @config run to its end, which must not fail. */
static inline LabRun *
lab_test_run_config (const LabConfig *config)
{
  g_autoptr(GError) error = NULL;
  LabRun *run = lab_test_run (config, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);
  return run;
}
