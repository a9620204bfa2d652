/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sl-cli-output.h"

#include <glib/gi18n.h>

#include "sl-results-export.h"

void
sl_cli_print_evaluation (const SlEvaluation *e,
                         const char         *split,
                         gboolean            json)
{
  int k = e->n_classes;

  if (json)
    {
      g_autofree char *text = sl_evaluation_to_json (e);

      g_print ("%s\n", text);
      return;
    }

  g_print (_("%s split: %d images\n"), split, e->n);
  g_print (_("accuracy %.4f  balanced accuracy %.4f  AUC %.4f  macro F1 %.4f\n"), e->accuracy,
           e->balanced_accuracy, e->auc, e->macro_f1);
  g_print ("%-16s %9s %9s %11s %9s %9s\n", _("class"), _("precision"), _("recall"),
           _("specificity"), _("F1"), _("AUC"));
  for (int i = 0; i < k; i++)
    g_print ("%-16s %9.4f %9.4f %11.4f %9.4f %9.4f\n", e->class_names[i], e->precision[i],
             e->recall[i], e->specificity[i], e->f1[i], e->auc_per_class[i]);
  g_print (_("confusion matrix (rows: true class, columns: predicted)\n"));
  for (int t = 0; t < k; t++)
    {
      g_print ("%-16s", e->class_names[t]);
      for (int p = 0; p < k; p++)
        g_print (" %7d", e->confusion[t * k + p]);
      g_print ("\n");
    }
}
