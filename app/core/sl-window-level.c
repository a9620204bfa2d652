/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-window-level.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-error.h"

/* Standard CT windows in HU, as used in radiology teaching (e.g. Radiopaedia "Windowing (CT)"). */
static const SlWindowLevelPreset presets[] = {
  { "lung",        N_("Lung"),        -600, 1500 },
  { "mediastinum", N_("Mediastinum"),   50,  350 },
  { "bone",        N_("Bone"),         400, 1800 },
  { "brain",       N_("Brain"),         40,   80 },
  { "abdomen",     N_("Abdomen"),       50,  400 },
};

const SlWindowLevelPreset *
sl_window_level_presets (guint *n_presets)
{
  g_return_val_if_fail (n_presets != NULL, NULL);

  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const SlWindowLevelPreset *
sl_window_level_presets_for_modality (const char *modality,
                                      guint      *n_presets)
{
  g_return_val_if_fail (n_presets != NULL, NULL);

  if (g_strcmp0 (modality, "CT") == 0)
    return sl_window_level_presets (n_presets);
  *n_presets = 0;
  return NULL;
}

const SlWindowLevelPreset *
sl_window_level_preset_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_ascii_strcasecmp (presets[i].name, name) == 0)
      return &presets[i];
  return NULL;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end;

  while (g_ascii_isspace (*text))
    text++;
  *value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (*value))
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0';
}

gboolean
sl_window_level_parse (const char  *text,
                       double      *center,
                       double      *width,
                       GError     **error)
{
  const SlWindowLevelPreset *preset;
  g_auto (GStrv) parts = NULL;
  double c, w;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (center != NULL && width != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  preset = sl_window_level_preset_lookup (text);
  if (preset != NULL)
    {
      *center = preset->center;
      *width = preset->width;
      return TRUE;
    }

  parts = g_strsplit (text, ",", 3);
  if (g_strv_length (parts) == 2 && parse_number (parts[0], &c) && parse_number (parts[1], &w)
      && w > 0)
    {
      *center = c;
      *width = w;
      return TRUE;
    }

  g_set_error (error, SL_ERROR, SL_ERROR_INVALID_ARGUMENT,
               _("Invalid window “%s”: use CENTER,WIDTH with a width above 0 (e.g. -600,1500) "
                 "or one of lung, mediastinum, bone, brain, abdomen"), text);
  return FALSE;
}
