/* lab-chart-style.c
 *
 * The defaults follow libadwaita's palette, so an exported chart looks like
 * the one in the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-chart-style.h"

static LabChartColor
rgb (guint32 hex,
     double  alpha)
{
  return (LabChartColor) {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    alpha,
  };
}

void
lab_chart_style_init (LabChartStyle *self,
                      gboolean       dark)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);

  if (dark)
    {
      self->foreground = rgb (0xffffff, 1.0);
      self->background = rgb (0x242424, 1.0);
      self->accent = rgb (0x3584e4, 1.0);
      self->secondary = rgb (0xffa348, 1.0);
      self->tertiary = rgb (0x8ff0a4, 1.0);
      self->status[LAB_TASK_FAILED] = rgb (0xff7b63, 1.0);
      self->status[LAB_TASK_TIMED_OUT] = rgb (0xcd9309, 1.0);
      self->status[LAB_TASK_CANCELLED] = rgb (0xffffff, 0.35);
      self->gil_wait = rgb (0xffffff, 0.22);
    }
  else
    {
      self->foreground = rgb (0x000000, 0.8);
      self->background = rgb (0xfafafa, 1.0);
      self->accent = rgb (0x3584e4, 1.0);
      self->secondary = rgb (0xc64600, 1.0);
      self->tertiary = rgb (0x26a269, 1.0);
      self->status[LAB_TASK_FAILED] = rgb (0xe01b24, 1.0);
      self->status[LAB_TASK_TIMED_OUT] = rgb (0xe5a50a, 1.0);
      self->status[LAB_TASK_CANCELLED] = rgb (0x000000, 0.3);
      self->gil_wait = rgb (0x000000, 0.18);
    }

  self->status[LAB_TASK_OK] = self->accent;
  self->grid_alpha = 0.12;
  self->line_width = 1.5;
  g_strlcpy (self->font, "Sans 9", sizeof self->font);
}
