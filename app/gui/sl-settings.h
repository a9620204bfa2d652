/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The user's preferences, kept in a key file (no GSettings schema to install):
 * $XDG_CONFIG_HOME/sightline/settings.ini. Each setter writes the file at once. */

char    *sl_settings_get_string (const char  *key);
void     sl_settings_set_string (const char  *key,
                                 const char  *value);
char    *sl_settings_get_path   (void);
/* Recently opened catalogs, newest first, at most eight. */
char   **sl_settings_get_recent (void);
void     sl_settings_add_recent (const char  *path);

#define SL_SETTINGS_LAST_CATALOG "last-catalog"
#define SL_SETTINGS_ANNOTATOR    "annotator"
/* Width of the thumbnail grid beside the image view, in pixels */
#define SL_SETTINGS_GRID_WIDTH   "grid-width"
/* Labels after which the model retrains in the background (0 = never), see sl-retrainer.h */
#define SL_SETTINGS_RETRAIN_EVERY "retrain-every"
/* The pixel budget of one imported image (frame), in pixels; see sl-preferences-dialog.h */
#define SL_SETTINGS_MAX_PIXELS   "max-pixels"

G_END_DECLS
