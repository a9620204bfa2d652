/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-class-button.h"

#include <glib/gi18n-lib.h>

#include "sl-widgets-private.h"

#define SL_CLASS_BUTTON_UI "/org/sightline/Sightline/widgets/sl-class-button.ui"

struct _SlClassButton
{
  GtkButton       parent_instance;

  GtkDrawingArea *swatch;
  GtkLabel       *name_label;
  GtkLabel       *badge_label;
  GtkLabel       *count_label;
  GtkLabel       *key_label;

  char           *name;
  GdkRGBA         color;
  guint           shortcut;
  gboolean        suggested;
  double          confidence;
};

G_DEFINE_FINAL_TYPE (SlClassButton, sl_class_button, GTK_TYPE_BUTTON)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  SlClassButton *self = user_data;
  double r = MIN (width, height) / 2.0;

  cairo_arc (cr, width / 2.0, height / 2.0, r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &self->color);
  cairo_fill_preserve (cr);
  /* A hairline keeps light colours visible on a light background. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.2);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
update_tooltip (SlClassButton *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->shortcut != 0)
    g_string_printf (text, _("Label as “%s” (key %u)"), self->name, self->shortcut);
  else
    g_string_printf (text, _("Label as “%s”"), self->name);
  if (self->suggested)
    {
      g_string_append_c (text, '\n');
      if (self->confidence >= 0)
        g_string_append_printf (text, _("Suggested by the model (%.0f%%)"),
                                100.0 * self->confidence);
      else
        g_string_append (text, _("Suggested by the model"));
    }
  /* setting a tooltip asks the X server where the pointer is */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self)), text->str) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), text->str);
}

static void
sl_class_button_finalize (GObject *object)
{
  SlClassButton *self = SL_CLASS_BUTTON (object);

  g_free (self->name);

  G_OBJECT_CLASS (sl_class_button_parent_class)->finalize (object);
}

static void
sl_class_button_class_init (SlClassButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_class_button_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, SL_CLASS_BUTTON_UI);
  gtk_widget_class_bind_template_child (widget_class, SlClassButton, swatch);
  gtk_widget_class_bind_template_child (widget_class, SlClassButton, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlClassButton, badge_label);
  gtk_widget_class_bind_template_child (widget_class, SlClassButton, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlClassButton, key_label);
  _sl_widgets_ensure_style ();
}

static void
sl_class_button_init (SlClassButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->name = g_strdup ("");
  self->confidence = -1;
  gtk_drawing_area_set_draw_func (self->swatch, draw_swatch, self, NULL);
}

GtkWidget *
sl_class_button_new (void)
{
  return g_object_new (SL_TYPE_CLASS_BUTTON, NULL);
}

void
sl_class_button_set_class (SlClassButton *self,
                           const char    *name,
                           const GdkRGBA *color,
                           guint          shortcut)
{
  g_autofree char *key = NULL;

  g_return_if_fail (SL_IS_CLASS_BUTTON (self));
  g_return_if_fail (name != NULL && color != NULL);

  g_free (self->name);
  self->name = g_strdup (name);
  self->color = *color;
  self->shortcut = shortcut;

  gtk_label_set_text (self->name_label, name);
  /* Ellipsize only long names, and only when the palette is really short of room. */
  gtk_label_set_width_chars (self->name_label, MIN ((int) g_utf8_strlen (name, -1), 6));
  key = shortcut != 0 ? g_strdup_printf ("%u", shortcut) : NULL;
  gtk_label_set_text (self->key_label, key != NULL ? key : "");
  /* An empty keycap keeps the counts aligned. */
  if (key != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_label), "empty");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->key_label), "empty");
  gtk_widget_queue_draw (GTK_WIDGET (self->swatch));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, key != NULL ? key : "",
                                  -1);
  update_tooltip (self);
}

void
sl_class_button_set_count (SlClassButton *self,
                           guint          count)
{
  char text[16];

  g_return_if_fail (SL_IS_CLASS_BUTTON (self));

  g_snprintf (text, sizeof text, "%u", count);
  gtk_label_set_text (self->count_label, text);
}

void
sl_class_button_set_current (SlClassButton *self,
                             gboolean       current)
{
  g_return_if_fail (SL_IS_CLASS_BUTTON (self));

  if (current)
    gtk_widget_set_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_CHECKED, FALSE);
  else
    gtk_widget_unset_state_flags (GTK_WIDGET (self), GTK_STATE_FLAG_CHECKED);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_PRESSED,
                               current ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                       : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

void
sl_class_button_set_suggested (SlClassButton *self,
                               gboolean       suggested,
                               double         confidence)
{
  g_return_if_fail (SL_IS_CLASS_BUTTON (self));

  self->suggested = !!suggested;
  self->confidence = confidence;
  if (suggested)
    gtk_widget_add_css_class (GTK_WIDGET (self), "suggested");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "suggested");

  if (suggested && confidence >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%.0f%%", 100.0 * confidence);

      gtk_label_set_text (self->badge_label, text);
    }
  else
    gtk_label_set_text (self->badge_label, suggested ? _("AI") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), suggested);
  update_tooltip (self);
}
