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

/* Writes the contents of a file to @stream. */
typedef gboolean (*LabAtomicWriteFunc) (GOutputStream  *stream,
                                        gpointer        user_data,
                                        GCancellable   *cancellable,
                                        GError        **error);

/* @path whole or not at all: @func writes the contents to the temporary
 * file, which then replaces @path; on any failure (or cancellation) the
 * temporary file is removed and an old file at @path stays as it was. */
gboolean       lab_atomic_file_write      (const char          *path,
                                           LabAtomicWriteFunc   func,
                                           gpointer             user_data,
                                           GCancellable        *cancellable,
                                           GError             **error);
/* A LabAtomicWriteFunc writing the GBytes given as its user data. */
gboolean       lab_atomic_file_write_bytes_func (GOutputStream *stream,
                                           gpointer             user_data,
                                           GCancellable        *cancellable,
                                           GError             **error);
gboolean       lab_atomic_file_write_bytes (const char         *path,
                                           GBytes              *bytes,
                                           GCancellable        *cancellable,
                                           GError             **error);
/* The same on a thread, so that a large file does not stall a window.
 * @user_data is freed with @destroy once the write is over. @file must be
 * a local file. @source_object (or NULL) is the source of the result. */
void           lab_atomic_file_write_async (gpointer            source_object,
                                           GFile              *file,
                                           LabAtomicWriteFunc   func,
                                           gpointer             user_data,
                                           GDestroyNotify       destroy,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             callback_data);
gboolean       lab_atomic_file_write_finish (GAsyncResult      *result,
                                           GError             **error);

G_END_DECLS
