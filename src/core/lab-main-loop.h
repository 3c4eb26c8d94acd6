/* lab-main-loop.h: small helpers for main loops on threads of their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void lab_main_loop_quit_soon (GMainLoop *loop);

G_END_DECLS
