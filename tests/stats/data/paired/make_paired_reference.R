# Reference values for tests/stats/test_paired_tests.py and test_omics_correlation.py.
# Run from this folder: Rscript make_paired_reference.R   (R 4.2, base stats only)
pairs <- read.csv("pairs.csv")
omics <- read.csv("omics.csv")
pre <- pairs[pairs$timepoint == "pre", ]
post <- pairs[pairs$timepoint == "post", ]
stopifnot(all(pre$patient_id == post$patient_id), all(omics$patient_id == pre$patient_id))
features <- c("shrinks", "noise", "grows")
paired <- do.call(rbind, lapply(features, function(f) {
  t <- t.test(post[[f]], pre[[f]], paired = TRUE)
  w <- wilcox.test(post[[f]], pre[[f]], paired = TRUE)
  data.frame(feature = f, t = unname(t$statistic), p_ttest = t$p.value,
             v = unname(w$statistic), p_wilcoxon = w$p.value)
}))
paired$p_ttest_fdr <- p.adjust(paired$p_ttest, "BH")
paired$p_wilcoxon_fdr <- p.adjust(paired$p_wilcoxon, "BH")
write.csv(paired, "paired_reference.csv", row.names = FALSE)
variables <- c("gene_up", "immune_cell", "pathway_down")
spearman <- do.call(rbind, lapply(features, function(f) do.call(rbind, lapply(variables,
  function(v) {
    s <- suppressWarnings(cor.test(pre[[f]], omics[[v]], method = "spearman", exact = FALSE))
    data.frame(feature = f, variable = v, rho = unname(s$estimate), p_value = s$p.value)
  }))))
spearman$p_fdr <- p.adjust(spearman$p_value, "BH")
write.csv(spearman, "spearman_reference.csv", row.names = FALSE)
writeLines(R.version.string, "versions.txt")
