/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Window/level presets for CT (real values, i.e. Hounsfield units) and the parser of the
 * `--window` option: "C,W" (center, width) or a preset name. */

typedef struct
{
  const char *name;    /* "lung", "mediastinum", "bone", "brain", "abdomen" */
  const char *label;   /* untranslated display name, marked with N_() */
  double center;
  double width;
} SlWindowLevelPreset;

/* The presets in display order; n_presets receives their number. */
const SlWindowLevelPreset *sl_window_level_presets       (guint       *n_presets);
/* The presets that suit images of that DICOM modality: the CT list for "CT"; none (NULL,
 * n_presets 0) for others, whose values have no standard scale (MR, CR, DX, US, ...) or for
 * NULL. */
const SlWindowLevelPreset *sl_window_level_presets_for_modality (const char *modality,
                                                                 guint      *n_presets);

/* The preset of that name (case-insensitive), or NULL. */
const SlWindowLevelPreset *sl_window_level_preset_lookup (const char  *name);

/* Parses "C,W" (e.g. "-600,1500"; spaces allowed, width > 0) or a preset name. On failure sets
 * SL_ERROR_INVALID_ARGUMENT with a message listing the accepted forms. */
gboolean                   sl_window_level_parse         (const char  *text,
                                                          double      *center,
                                                          double      *width,
                                                          GError     **error);

G_END_DECLS
