/* lab-window.h: the main window: configuration, run, results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-config-panel.h"
#include "lab-run-view.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())

G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

LabWindow      *lab_window_new              (AdwApplication *application);
LabConfigPanel *lab_window_get_config_panel (LabWindow      *self);
LabRunView     *lab_window_get_run_view     (LabWindow      *self);
/* The run shown (live or the last one), or NULL. */
LabRun         *lab_window_get_run          (LabWindow      *self);
gboolean        lab_window_is_running       (LabWindow      *self);
/* What the last toast said (how the last run ended), or NULL. */
const char     *lab_window_get_last_message (LabWindow      *self);

G_END_DECLS
