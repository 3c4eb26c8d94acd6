/* lab-config-panel.h: the configuration sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-config.h"

G_BEGIN_DECLS

#define LAB_TYPE_CONFIG_PANEL (lab_config_panel_get_type ())

G_DECLARE_FINAL_TYPE (LabConfigPanel, lab_config_panel, LAB, CONFIG_PANEL, AdwBin)

/* A validated configuration. For the built-in lab server, urls is NULL and
 * @lab_server_query receives the /work query (delay, jitter, size, status,
 * fail) to ask it for; else it receives NULL. */
LabConfig  *lab_config_panel_dup_config        (LabConfigPanel  *self,
                                                char           **lab_server_query,
                                                GError         **error);
gboolean    lab_config_panel_get_valid         (LabConfigPanel  *self);
/* Why the configuration cannot run, or NULL. */
const char *lab_config_panel_get_error_message (LabConfigPanel  *self);
/* The row of a setting, by its GSettings key ("start", "urls", ...). */
GtkWidget  *lab_config_panel_get_row           (LabConfigPanel  *self,
                                                const char      *key);

G_END_DECLS
