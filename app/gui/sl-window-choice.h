/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-image.h"

G_BEGIN_DECLS

/* The window/level one image is shown with: its file's own window (8-bit pictures: 0..255),
 * its full value range, a preset of its modality (fixed values: the CT presets are in HU) or
 * custom values from a right-drag. Each image has its own (the inspector's dropdown shows the
 * current image's). It applies to gray images; colour images show their values as they are. */

typedef enum
{
  SL_WINDOW_FROM_FILE,
  SL_WINDOW_FULL_RANGE,
  SL_WINDOW_FIXED,
  SL_WINDOW_CUSTOM,
} SlWindowMode;

typedef struct
{
  SlWindowMode mode;
  double center;     /* SL_WINDOW_FIXED and SL_WINDOW_CUSTOM only */
  double width;
} SlWindowChoice;

/* TRUE for images a window/level choice applies to. */
gboolean sl_window_choice_applies   (const SlImage        *image);
/* The center and width to show @image with (@choice NULL: from the file). */
void     sl_window_choice_resolve   (const SlWindowChoice *choice,
                                     const SlImage        *image,
                                     double               *center,
                                     double               *width);
/* Right-drag window/level: deltas in widget pixels move the window by 1/256 of the image's
 * value range per pixel (down: higher center, right: wider); @choice becomes
 * SL_WINDOW_CUSTOM with the new values. */
void     sl_window_choice_drag      (SlWindowChoice       *choice,
                                     const SlImage        *image,
                                     double                center_delta,
                                     double                width_delta);

/* Each image's choice, for as long as a catalog is open: a table of image id → SlWindowChoice
 * (images not in it show their file's window). */
GHashTable     *sl_window_choices_new    (void);
SlWindowChoice  sl_window_choices_lookup (GHashTable           *choices,
                                          gint64                image_id);
void            sl_window_choices_set    (GHashTable           *choices,
                                          gint64                image_id,
                                          const SlWindowChoice *choice);

G_END_DECLS
