/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes a dropdown of a GtkStringList (such as model names) keep its width: the chosen item is
 * ellipsized after about @max_chars characters (the full name in its tooltip), the popup list
 * shows names up to three times as long. */
void sl_drop_down_ellipsize_names (GtkDropDown *dropdown,
                                   int          max_chars);

G_END_DECLS
