/* lab-test-pixels.h: what the chart tests share — reading the pixels of a
 * drawing and telling its colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>

#include "lab-chart-style.h"

typedef struct
{
  int r, g, b;
} LabTestPixel;

/* The colour at (x, y) of an ARGB32 image surface. Charts are drawn on an
 * opaque background, so the channels are not premultiplied by less than 1. */
static inline LabTestPixel
lab_test_pixel_at (cairo_surface_t *surface,
                   int              x,
                   int              y)
{
  const guint8 *data;
  guint32 argb;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  argb = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
  return (LabTestPixel) { (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff };
}

/* Whether @pixel is @color, each channel within @tolerance (of 255). */
static inline gboolean
lab_test_pixel_is (LabTestPixel         pixel,
                   const LabChartColor *color,
                   int                  tolerance)
{
  return abs (pixel.r - (int) round (color->red * 255)) <= tolerance &&
         abs (pixel.g - (int) round (color->green * 255)) <= tolerance &&
         abs (pixel.b - (int) round (color->blue * 255)) <= tolerance;
}
