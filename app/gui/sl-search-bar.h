/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The search over the thumbnail grid: a GtkSearchBar holding an entry and the count of matches.
 * Escape (or the close button) closes it and clears the text. Signals: search-changed (the
 * text changed, also to "" on closing), activate (Enter in the entry). */

#define SL_TYPE_SEARCH_BAR (sl_search_bar_get_type ())
G_DECLARE_FINAL_TYPE (SlSearchBar, sl_search_bar, SL, SEARCH_BAR, GtkWidget)

GtkWidget  *sl_search_bar_new       (void);
/* Shows the bar and puts the keyboard focus in its entry, its text selected. */
void        sl_search_bar_open      (SlSearchBar *self);
void        sl_search_bar_close     (SlSearchBar *self);
gboolean    sl_search_bar_is_open   (SlSearchBar *self);
/* The text searched for, "" when none (closed or empty). */
const char *sl_search_bar_get_text  (SlSearchBar *self);
/* The entry (borrowed), for typing into it. */
GtkEditable *sl_search_bar_get_entry (SlSearchBar *self);
/* The number of images the text matches; shown while the text is not empty. */
void        sl_search_bar_set_count (SlSearchBar *self,
                                     guint        n_matches);
const char *sl_search_bar_get_count_text (SlSearchBar *self);

G_END_DECLS
