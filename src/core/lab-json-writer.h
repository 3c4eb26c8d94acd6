/* lab-json-writer.h: JSON written straight to a stream, for outputs too
 * large to build as one tree (a snapshot of a million tasks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _LabJsonWriter LabJsonWriter;

/* Containers opened with begin_*() are indented, one member or element per
 * line; those opened with begin_*_inline() (and everything inside them) are
 * written on one line without spaces. The first write error is kept and
 * every later call does nothing; lab_json_writer_finish() reports it. */
LabJsonWriter *lab_json_writer_new                (GOutputStream  *stream);
void           lab_json_writer_free               (LabJsonWriter  *self);

void           lab_json_writer_begin_object        (LabJsonWriter  *self);
void           lab_json_writer_begin_object_inline (LabJsonWriter  *self);
void           lab_json_writer_end_object          (LabJsonWriter  *self);
void           lab_json_writer_begin_array         (LabJsonWriter  *self);
void           lab_json_writer_begin_array_inline  (LabJsonWriter  *self);
void           lab_json_writer_end_array           (LabJsonWriter  *self);
/* Names the member whose value is written next. */
void           lab_json_writer_member              (LabJsonWriter  *self,
                                                    const char     *name);

/* NULL is written as null; invalid UTF-8 is repaired. */
void           lab_json_writer_string              (LabJsonWriter  *self,
                                                    const char     *value);
void           lab_json_writer_int                 (LabJsonWriter  *self,
                                                    gint64          value);
void           lab_json_writer_uint                (LabJsonWriter  *self,
                                                    guint64         value);
/* NaN and infinities are written as null. */
void           lab_json_writer_double              (LabJsonWriter  *self,
                                                    double          value);
/* value / 10^decimals, exactly (e.g. microseconds as milliseconds). */
void           lab_json_writer_fixed               (LabJsonWriter  *self,
                                                    gint64          value,
                                                    guint           decimals);
void           lab_json_writer_boolean             (LabJsonWriter  *self,
                                                    gboolean        value);
void           lab_json_writer_null                (LabJsonWriter  *self);
/* An array of the strings of @strings, one a line. */
void           lab_json_writer_string_array        (LabJsonWriter  *self,
                                                    GPtrArray      *strings);
/* A json-glib tree, members in their order. */
void           lab_json_writer_node                (LabJsonWriter  *self,
                                                    JsonNode       *node);

/* Ends the document with a newline and flushes it to the stream. */
gboolean       lab_json_writer_finish              (LabJsonWriter  *self,
                                                    GError        **error);

/* Numbers as the JSON and CSV writers print them: locale-independent,
 * shortest of %.15g. Returns buffer. */
char          *lab_format_double_c                 (char           *buffer,
                                                    gsize           size,
                                                    double          value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabJsonWriter, lab_json_writer_free)

G_END_DECLS
