/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sl-confusion-matrix.h"
#include "sl-gui-test.h"

static const char *const names[] = { "normal", "pneumonia", "covid-19" };
static const int counts[] = { 201, 30, 3,
                              12, 370, 5,
                              0, 9, 88 };

static void
on_cell_activated (SlConfusionMatrix *matrix,
                   int                t,
                   int                p,
                   int               *got)
{
  got[0] = t;
  got[1] = p;
  got[2]++;
}

static GtkGesture *
find_click (GtkWidget *widget)
{
  GtkEventController *click = sl_gui_test_find_controller (widget, GTK_TYPE_GESTURE_CLICK);

  g_assert_nonnull (click);
  return GTK_GESTURE (click);
}

/* A click at a cell's centre activates that cell; outside the grid nothing happens. */
static void
test_click (void)
{
  SlConfusionMatrix *matrix = SL_CONFUSION_MATRIX (sl_confusion_matrix_new ());
  GtkGesture *click = find_click (GTK_WIDGET (matrix));
  int got[3] = { -1, -1, 0 };
  GtkWindow *window;

  sl_confusion_matrix_set_data (matrix, 3, names, counts);
  g_assert_cmpuint (sl_confusion_matrix_get_n_classes (matrix), ==, 3);
  g_assert_cmpint (sl_confusion_matrix_get_count (matrix, 1, 2), ==, 5);
  g_signal_connect (matrix, "cell-activated", G_CALLBACK (on_cell_activated), got);
  window = sl_gui_test_show (GTK_WIDGET (matrix), 480, 400);

  for (guint t = 0; t < 3; t++)
    for (guint p = 0; p < 3; p++)
      {
        graphene_rect_t rect;
        graphene_point_t centre;
        int ct, cp;

        g_assert_true (sl_confusion_matrix_get_cell_rect (matrix, t, p, &rect));
        g_assert_cmpfloat (rect.size.width, >, 20);
        graphene_rect_get_center (&rect, &centre);
        g_assert_true (sl_confusion_matrix_cell_at (matrix, centre.x, centre.y, &ct, &cp));
        g_assert_cmpint (ct, ==, t);
        g_assert_cmpint (cp, ==, p);

        g_signal_emit_by_name (click, "pressed", 1, (double) centre.x, (double) centre.y);
        g_signal_emit_by_name (click, "released", 1, (double) centre.x, (double) centre.y);
        g_assert_cmpint (got[0], ==, t);
        g_assert_cmpint (got[1], ==, p);
        g_assert_cmpint (got[2], ==, 3 * t + p + 1);
      }

  g_signal_emit_by_name (click, "released", 1, 2.0, 2.0);   /* in the header corner */
  g_assert_cmpint (got[2], ==, 9);
  g_assert_false (sl_confusion_matrix_cell_at (matrix, 2, 2, NULL, NULL));
  g_assert_false (sl_confusion_matrix_get_cell_rect (matrix, 3, 0, &(graphene_rect_t) { 0 }));

  gtk_window_destroy (window);
}

/* Arrows move the cursor cell, Enter activates it. */
static void
test_keys (void)
{
  SlConfusionMatrix *matrix = SL_CONFUSION_MATRIX (sl_confusion_matrix_new ());
  GtkWidget *widget = GTK_WIDGET (matrix);
  int got[3] = { -1, -1, 0 };
  GtkWindow *window;

  sl_confusion_matrix_set_data (matrix, 3, names, counts);
  g_signal_connect (matrix, "cell-activated", G_CALLBACK (on_cell_activated), got);
  window = sl_gui_test_show (widget, 480, 400);
  g_assert_true (gtk_widget_get_focusable (widget));

  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Return, 0));
  g_assert_cmpint (got[0], ==, 0);
  g_assert_cmpint (got[1], ==, 0);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Right, 0));
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Right, 0));
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Right, 0));   /* stays on the edge */
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Down, 0));
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_KP_Enter, 0));
  g_assert_cmpint (got[0], ==, 1);
  g_assert_cmpint (got[1], ==, 2);
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_Left, 0));
  g_assert_true (sl_gui_test_press_key (widget, GDK_KEY_space, 0));
  g_assert_cmpint (got[1], ==, 1);
  g_assert_cmpint (got[2], ==, 3);
  g_assert_false (sl_gui_test_press_key (widget, GDK_KEY_a, 0));

  gtk_window_destroy (window);
}

static void
test_screenshot (void)
{
  SlConfusionMatrix *matrix = SL_CONFUSION_MATRIX (sl_confusion_matrix_new ());
  g_autoptr(GdkTexture) rendered = NULL;
  graphene_rect_t rect;
  GtkWindow *window;
  guint32 diagonal, error;

  sl_confusion_matrix_set_data (matrix, 3, names, counts);
  window = sl_gui_test_show (GTK_WIDGET (matrix), 480, 400);
  gtk_widget_grab_focus (GTK_WIDGET (matrix));
  rendered = sl_gui_test_render (GTK_WIDGET (window));
  sl_gui_test_save (rendered, "confusion-matrix");

  /* Correct predictions are drawn in blue, errors in red. */
  g_assert_true (sl_confusion_matrix_get_cell_rect (matrix, 1, 1, &rect));
  diagonal = sl_gui_test_pixel (rendered, (int) rect.origin.x + 6, (int) rect.origin.y + 6);
  g_assert_cmpint (diagonal & 0xff, >, (diagonal >> 16) & 0xff);
  g_assert_true (sl_confusion_matrix_get_cell_rect (matrix, 0, 1, &rect));
  error = sl_gui_test_pixel (rendered, (int) rect.origin.x + 6, (int) rect.origin.y + 6);
  g_assert_cmpint ((error >> 16) & 0xff, >, error & 0xff);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sightline/widgets/confusion-matrix/click", test_click);
  g_test_add_func ("/sightline/widgets/confusion-matrix/keys", test_keys);
  g_test_add_func ("/sightline/widgets/confusion-matrix/screenshot", test_screenshot);

  return g_test_run ();
}
