/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets @label's text, styled as an error (the "error" CSS class) when @is_error, plain otherwise. */
void sl_status_text_set (GtkLabel   *label,
                         const char *text,
                         gboolean    is_error);

G_END_DECLS
