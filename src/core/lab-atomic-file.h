/* lab-atomic-file.h: an output file that appears whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LAB_TYPE_ATOMIC_FILE (lab_atomic_file_get_type ())

G_DECLARE_FINAL_TYPE (LabAtomicFile, lab_atomic_file, LAB, ATOMIC_FILE, GObject)

/* Creates a temporary file next to @path (same directory, so the final
 * rename is atomic). Fails with LAB_ERROR_IO when the directory is missing
 * or not writable, or @path is a directory: call it before long work, so a
 * bad path is found before the work is wasted. */
LabAtomicFile *lab_atomic_file_new        (const char     *path,
                                           GError        **error);
const char    *lab_atomic_file_get_path   (LabAtomicFile  *self);
const char    *lab_atomic_file_get_temp_path (LabAtomicFile *self);
/* Where to write the contents; valid until commit or abort. */
GOutputStream *lab_atomic_file_get_stream (LabAtomicFile  *self);
/* Flushes, fsyncs and renames the temporary file over @path. On failure the
 * temporary file is removed and any old file at @path is left as it was. */
gboolean       lab_atomic_file_commit     (LabAtomicFile  *self,
                                           GError        **error);
/* Removes the temporary file; @path is not touched. Also done when the
 * object is finalized without a commit. */
void           lab_atomic_file_abort      (LabAtomicFile  *self);

G_END_DECLS
