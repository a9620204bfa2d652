/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-label-palette.h"

#include <glib/gi18n-lib.h>

#include "sl-class-button.h"
#include "sl-widgets-private.h"

struct _SlLabelPalette
{
  GtkWidget   parent_instance;

  GPtrArray  *buttons;     /* SlClassButton, one per class, children in order */
  GArray     *shortcuts;   /* guint per class */
  int         current;
  int         suggested;
};

static void sl_label_palette_orientable_init (GtkOrientableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlLabelPalette, sl_label_palette, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE,
                                                      sl_label_palette_orientable_init))

enum {
  PROP_0,
  PROP_CURRENT,
  PROP_SUGGESTED,
  N_PROPS,
  PROP_ORIENTATION = N_PROPS,
};

enum {
  CLASS_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sl_label_palette_orientable_init (GtkOrientableIface *iface)
{
}

static SlClassButton *
get_button (SlLabelPalette *self,
            int             index)
{
  if (index < 0 || (guint) index >= self->buttons->len)
    return NULL;
  return g_ptr_array_index (self->buttons, index);
}

static void
on_button_clicked_cb (GtkButton      *button,
                      SlLabelPalette *self)
{
  guint index;

  if (g_ptr_array_find (self->buttons, button, &index))
    g_signal_emit (self, signals[CLASS_ACTIVATED], 0, (int) index);
}

static void
remove_buttons (SlLabelPalette *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->buttons, i));
  g_ptr_array_set_size (self->buttons, 0);
  g_array_set_size (self->shortcuts, 0);
}

static void
set_orientation (SlLabelPalette *self,
                 GtkOrientation  orientation)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (layout)) == orientation)
    return;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), orientation);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "horizontal");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "vertical");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "vertical");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "horizontal");
    }
  g_object_notify (G_OBJECT (self), "orientation");
}

static void
sl_label_palette_dispose (GObject *object)
{
  SlLabelPalette *self = SL_LABEL_PALETTE (object);

  if (self->buttons != NULL)
    remove_buttons (self);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_clear_pointer (&self->shortcuts, g_array_unref);

  G_OBJECT_CLASS (sl_label_palette_parent_class)->dispose (object);
}

static void
sl_label_palette_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlLabelPalette *self = SL_LABEL_PALETTE (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;
    case PROP_SUGGESTED:
      g_value_set_int (value, self->suggested);
      break;
    case PROP_ORIENTATION:
      g_value_set_enum (value, gtk_orientable_get_orientation (
                          GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self)))));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_label_palette_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SlLabelPalette *self = SL_LABEL_PALETTE (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      sl_label_palette_set_current (self, g_value_get_int (value));
      break;
    case PROP_SUGGESTED:
      sl_label_palette_set_suggested (self, g_value_get_int (value), -1);
      break;
    case PROP_ORIENTATION:
      set_orientation (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_label_palette_class_init (SlLabelPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sl_label_palette_dispose;
  object_class->get_property = sl_label_palette_get_property;
  object_class->set_property = sl_label_palette_set_property;

  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_SUGGESTED] =
    g_param_spec_int ("suggested", NULL, NULL, -1, G_MAXINT, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ORIENTATION, "orientation");

  signals[CLASS_ACTIVATED] =
    g_signal_new ("class-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labelpalette");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  _sl_widgets_ensure_style ();
}

static void
sl_label_palette_init (SlLabelPalette *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->buttons = g_ptr_array_new ();
  self->shortcuts = g_array_new (FALSE, TRUE, sizeof (guint));
  self->current = -1;
  self->suggested = -1;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (layout), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "vertical");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Classes"), -1);
}

GtkWidget *
sl_label_palette_new (void)
{
  return g_object_new (SL_TYPE_LABEL_PALETTE, NULL);
}

void
sl_label_palette_set_classes (SlLabelPalette     *self,
                              const SlLabelClass *classes,
                              guint               n_classes)
{
  g_return_if_fail (SL_IS_LABEL_PALETTE (self));
  g_return_if_fail (classes != NULL || n_classes == 0);

  remove_buttons (self);
  for (guint i = 0; i < n_classes; i++)
    {
      GtkWidget *button = sl_class_button_new ();

      sl_class_button_set_class (SL_CLASS_BUTTON (button), classes[i].name, &classes[i].color,
                                 classes[i].shortcut);
      sl_class_button_set_count (SL_CLASS_BUTTON (button), classes[i].count);
      g_signal_connect (button, "clicked", G_CALLBACK (on_button_clicked_cb), self);
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      g_ptr_array_add (self->buttons, button);
      g_array_append_val (self->shortcuts, classes[i].shortcut);
    }

  if (self->current != -1)
    {
      self->current = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }
  if (self->suggested != -1)
    {
      self->suggested = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTED]);
    }
}

guint
sl_label_palette_get_n_classes (SlLabelPalette *self)
{
  g_return_val_if_fail (SL_IS_LABEL_PALETTE (self), 0);
  return self->buttons->len;
}

void
sl_label_palette_set_count (SlLabelPalette *self,
                            guint           index,
                            guint           count)
{
  g_return_if_fail (SL_IS_LABEL_PALETTE (self));
  g_return_if_fail (index < self->buttons->len);

  sl_class_button_set_count (get_button (self, index), count);
}

int
sl_label_palette_get_current (SlLabelPalette *self)
{
  g_return_val_if_fail (SL_IS_LABEL_PALETTE (self), -1);
  return self->current;
}

void
sl_label_palette_set_current (SlLabelPalette *self,
                              int             index)
{
  g_return_if_fail (SL_IS_LABEL_PALETTE (self));

  if (get_button (self, index) == NULL)
    index = -1;
  if (self->current == index)
    return;
  if (self->current != -1)
    sl_class_button_set_current (get_button (self, self->current), FALSE);
  self->current = index;
  if (index != -1)
    sl_class_button_set_current (get_button (self, index), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

int
sl_label_palette_get_suggested (SlLabelPalette *self)
{
  g_return_val_if_fail (SL_IS_LABEL_PALETTE (self), -1);
  return self->suggested;
}

void
sl_label_palette_set_suggested (SlLabelPalette *self,
                                int             index,
                                double          confidence)
{
  int old;

  g_return_if_fail (SL_IS_LABEL_PALETTE (self));

  if (get_button (self, index) == NULL)
    index = -1;
  old = self->suggested;
  if (old != -1)
    sl_class_button_set_suggested (get_button (self, old), FALSE, -1);
  self->suggested = index;
  if (index != -1)
    sl_class_button_set_suggested (get_button (self, index), TRUE, confidence);
  if (old != index)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUGGESTED]);
}

int
sl_label_palette_class_for_key (SlLabelPalette *self,
                                guint           keyval)
{
  guint digit;

  g_return_val_if_fail (SL_IS_LABEL_PALETTE (self), -1);

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    digit = keyval - GDK_KEY_0;
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    digit = keyval - GDK_KEY_KP_0;
  else
    return -1;

  for (guint i = 0; i < self->shortcuts->len; i++)
    if (g_array_index (self->shortcuts, guint, i) == digit)
      return (int) i;
  return -1;
}

gboolean
sl_label_palette_handle_key (SlLabelPalette *self,
                             guint           keyval)
{
  int index;

  g_return_val_if_fail (SL_IS_LABEL_PALETTE (self), FALSE);

  index = sl_label_palette_class_for_key (self, keyval);
  if (index < 0)
    return FALSE;
  g_signal_emit (self, signals[CLASS_ACTIVATED], 0, index);
  return TRUE;
}
