/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sl-image.h"

G_BEGIN_DECLS

/* The window/level the user chose for showing images (inspector dropdown): the file's own
 * window, the image's full value range, or fixed values (a CT preset). It applies to images
 * with a real value range of their own (more than 8 bits, a rescale, or a DICOM modality);
 * plain 8-bit pictures always show 0..255. Fixed values (the CT presets, in HU) apply to CT
 * images only; other images keep their file's window. */

typedef enum
{
  SL_WINDOW_FROM_FILE,
  SL_WINDOW_FULL_RANGE,
  SL_WINDOW_FIXED,
} SlWindowMode;

typedef struct
{
  SlWindowMode mode;
  double center;     /* SL_WINDOW_FIXED only */
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
 * value range per pixel (down: higher center, right: wider). */
void     sl_window_choice_drag      (const SlImage        *image,
                                     double                center_delta,
                                     double                width_delta,
                                     double               *center,
                                     double               *width);

G_END_DECLS
