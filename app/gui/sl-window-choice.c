/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-window-choice.h"

#include "sl-thumbnail-cache.h"

gboolean
sl_window_choice_applies (const SlImage *image)
{
  g_return_val_if_fail (image != NULL, FALSE);

  return image->channels == 1;
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
  if (choice->mode == SL_WINDOW_FULL_RANGE)
    {
      sl_image_value_range (image, &lo, &hi);
      *center = (lo + hi) / 2;
      *width = MAX (hi - lo, 1e-6);
      return;
    }
  *center = choice->center;
  *width = MAX (choice->width, 1e-6);
}

void
sl_window_choice_drag (SlWindowChoice *choice,
                       const SlImage  *image,
                       double          center_delta,
                       double          width_delta)
{
  double lo, hi, scale, center, width;

  g_return_if_fail (choice != NULL);
  g_return_if_fail (image != NULL);

  sl_window_choice_resolve (choice, image, &center, &width);
  sl_image_value_range (image, &lo, &hi);
  scale = MAX (hi - lo, 1) / 256;
  choice->mode = SL_WINDOW_CUSTOM;
  choice->center = center + center_delta * scale;
  choice->width = MAX (scale, width + width_delta * scale);
}

GHashTable *
sl_window_choices_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

SlWindowChoice
sl_window_choices_lookup (GHashTable *choices,
                          gint64      image_id)
{
  SlWindowChoice *choice = g_hash_table_lookup (choices, &image_id);

  return choice != NULL ? *choice : (SlWindowChoice) { SL_WINDOW_FROM_FILE, 0, 0 };
}

void
sl_window_choices_set (GHashTable           *choices,
                       gint64                image_id,
                       const SlWindowChoice *choice)
{
  g_return_if_fail (choices != NULL);
  g_return_if_fail (choice != NULL);

  if (choice->mode == SL_WINDOW_FROM_FILE)
    g_hash_table_remove (choices, &image_id);
  else
    g_hash_table_insert (choices, g_memdup2 (&image_id, sizeof image_id),
                         g_memdup2 (choice, sizeof *choice));
}
