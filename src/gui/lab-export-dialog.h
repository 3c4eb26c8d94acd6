/* lab-export-dialog.h: where, how and which chart to export, asked of the
 * person; and the charts' context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-export.h"

G_BEGIN_DECLS

/* What the person chose in the dialog. */
typedef void (*LabExportChosenFunc) (GFile           *file,
                                     LabExportFormat  format,
                                     LabChartKind     chart,
                                     gpointer         user_data);

/* Asks where to save @run, in which format, and (for images) which chart,
 * starting from the last choices (or PNG and @chart when @chart is not
 * LAB_CHART_ALL). Calls @chosen unless the person cancels. */
void        lab_export_dialog_show          (GtkWindow           *parent,
                                             LabRun              *run,
                                             LabChartKind         chart,
                                             LabExportChosenFunc  chosen,
                                             gpointer             user_data,
                                             GDestroyNotify       destroy);

/* A context menu (right click, long press) on @chart with "Export Chart…"
 * (win.export-chart for @kind) and "Export…" (win.export). */
void        lab_export_add_chart_menu       (GtkWidget           *chart,
                                             LabChartKind         kind);

G_END_DECLS
