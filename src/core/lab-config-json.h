/* lab-config-json.h: a LabConfig as JSON, by the command line's option names
 * (with "_" for "-"), for snapshots and for the worker protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lab-config.h"

G_BEGIN_DECLS

JsonNode  *lab_config_to_json       (const LabConfig  *self);
LabConfig *lab_config_new_from_json (JsonNode         *node,
                                     GError          **error);

G_END_DECLS
