/* lab-window.h: the main window: configuration, run, results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-compare-page.h"
#include "lab-config-panel.h"
#include "lab-export-dialog.h"
#include "lab-run-view.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())

G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

LabWindow      *lab_window_new              (AdwApplication *application);
LabConfigPanel *lab_window_get_config_panel (LabWindow      *self);
LabRunView     *lab_window_get_run_view     (LabWindow      *self);
LabComparePage *lab_window_get_compare_page (LabWindow      *self);
/* The sidebar's configuration as Start runs it: validated, with the lab
 * server started and its URL filled in when the workload asks for it. */
LabConfig      *lab_window_dup_run_config   (LabWindow      *self,
                                             GError        **error);
/* A run of @config as Start makes it: its CPU use leaves out the window's
 * main thread and the lab server, which are not the engine's. */
LabRun         *lab_window_new_run          (LabWindow      *self,
                                             const LabConfig *config);
/* The run shown (live or the last one), or NULL. */
LabRun         *lab_window_get_run          (LabWindow      *self);
gboolean        lab_window_is_running       (LabWindow      *self);
/* What the last toast said (how the last run ended), or NULL. */
const char     *lab_window_get_last_message (LabWindow      *self);
/* Shows a finished run (e.g. loaded from a snapshot) on the Run page as a
 * live one was shown; not while a run goes. */
void            lab_window_show_run         (LabWindow      *self,
                                             LabRun         *run);
/* A LabRun on the Run page, a LabComparison or LabSweep on the Compare page. */
void            lab_window_show_document    (LabWindow      *self,
                                             GObject        *document);
/* Reads a snapshot, comparison or sweep on a thread and shows it; what
 * cannot be read is said in a dialog naming the file and the reason. */
void            lab_window_open_file        (LabWindow      *self,
                                             GFile          *file);
/* Asks for a file to open (win.open, Ctrl+O). */
void            lab_window_choose_file      (LabWindow      *self);
GCancellable   *lab_window_get_open_cancellable (LabWindow  *self);
/* Writes the run shown (finished) to @file without asking, as the Export
 * dialog does once the person chose, and says how it went in a toast. */
void            lab_window_export_to_file   (LabWindow           *self,
                                             GFile               *file,
                                             LabExportFormat      format,
                                             LabChartKind         chart,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean        lab_window_export_to_file_finish (LabWindow      *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);

G_END_DECLS
