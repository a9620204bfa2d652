/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-window-choice.h"

#include "sl-thumbnail-cache.h"

gboolean
sl_window_choice_applies (const SlImage *image)
{
  g_return_val_if_fail (image != NULL, FALSE);

  return image->bits > 8 || image->sample_type != SL_SAMPLE_U8 || image->modality != NULL ||
         image->slope != 1.0 || image->intercept != 0.0;
}

void
sl_window_choice_resolve (const SlWindowChoice *choice,
                          const SlImage        *image,
                          double               *center,
                          double               *width)
{
  double lo, hi;

  g_return_if_fail (image != NULL);

  if (choice == NULL || choice->mode == SL_WINDOW_FROM_FILE || !sl_window_choice_applies (image))
    {
      sl_image_default_window (image, center, width);
      return;
    }
  if (choice->mode == SL_WINDOW_FIXED && g_strcmp0 (image->modality, "CT") != 0)
    {
      /* the presets are in Hounsfield units */
      sl_image_default_window (image, center, width);
      return;
    }
  if (choice->mode == SL_WINDOW_FIXED)
    {
      *center = choice->center;
      *width = MAX (choice->width, 1e-6);
      return;
    }
  sl_image_value_range (image, &lo, &hi);
  *center = (lo + hi) / 2;
  *width = MAX (hi - lo, 1e-6);
}

void
sl_window_choice_drag (const SlImage *image,
                       double         center_delta,
                       double         width_delta,
                       double        *center,
                       double        *width)
{
  double lo, hi, scale;

  g_return_if_fail (image != NULL);

  sl_image_value_range (image, &lo, &hi);
  scale = MAX (hi - lo, 1) / 256;
  *center += center_delta * scale;
  *width = MAX (1, *width + width_delta * scale);
}
