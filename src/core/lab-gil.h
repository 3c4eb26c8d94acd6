/* lab-gil.h: a simulated global interpreter lock, handed over fairly as in
 * CPython's "new GIL" (3.2+)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LabGil LabGil;

LabGil  *lab_gil_new            (GTimeSpan  switch_interval);
void     lab_gil_free           (LabGil    *self);
/* Takes the lock; returns the microseconds spent waiting for it. */
gint64   lab_gil_take           (LabGil    *self);
void     lab_gil_drop           (LabGil    *self);
/* Called by the holder at its check points: if another thread has waited a
 * whole switch interval, hands the lock over and takes it back once the
 * other thread has had it. Returns the microseconds spent waiting. */
gint64   lab_gil_yield_if_asked (LabGil    *self);
guint64  lab_gil_get_switches   (LabGil    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabGil, lab_gil_free)

G_END_DECLS
