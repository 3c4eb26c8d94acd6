/* lab-test-image.h: what the export tests share — checking a PNG: its
 * signature and header, then decoding it with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <string.h>

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} LabTestReadClosure;

static inline cairo_status_t
lab_test_read_bytes (void          *closure,
                     unsigned char *data,
                     unsigned int   length)
{
  LabTestReadClosure *c = closure;

  if (c->offset + length > c->length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, c->data + c->offset, length);
  c->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Decodes @length bytes at @data, which must be a PNG that cairo reads
 * whole; free the surface with cairo_surface_destroy(). */
static inline cairo_surface_t *
lab_test_decode_png (const void *data,
                     gsize       length)
{
  LabTestReadClosure closure = { data, length, 0 };
  cairo_surface_t *surface;

  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  surface = cairo_image_surface_create_from_png_stream (lab_test_read_bytes, &closure);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* Asserts @length bytes at @data are a PNG of @width × @height pixels, in
 * its header (IHDR) and once decoded. */
static inline void
lab_test_assert_png (const void *data,
                     gsize       length,
                     int         width,
                     int         height)
{
  const guint8 *bytes = data;
  cairo_surface_t *surface;
  guint32 value;

  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  /* the IHDR chunk: width and height, big-endian */
  g_assert_cmpmem (bytes + 12, 4, "IHDR", 4);
  memcpy (&value, bytes + 16, 4);
  g_assert_cmpuint (GUINT32_FROM_BE (value), ==, width);
  memcpy (&value, bytes + 20, 4);
  g_assert_cmpuint (GUINT32_FROM_BE (value), ==, height);

  surface = lab_test_decode_png (data, length);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  cairo_surface_destroy (surface);
}

/* The same for the file at @path. */
static inline void
lab_test_assert_png_file (const char *path,
                          int         width,
                          int         height)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  lab_test_assert_png (contents, length, width, height);
}
