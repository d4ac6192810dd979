# pROC::ci.coords reference values for Axilla's threshold-metric bootstrap CIs
# (tests/stats/test_threshold_bootstrap.py). Run from this folder:
#   Rscript make_ci_coords_reference.R
# Writes ci_coords_data.csv (the dataset), ci_coords_points.csv (coords() at each
# threshold: the exact point estimates) and ci_coords_reference.csv (ci.coords, stratified
# bootstrap, boot.n = 2000, once per seed in SEEDS so a test can see R's own Monte-Carlo
# spread of each percentile limit).
suppressPackageStartupMessages(library(pROC))
stopifnot(packageVersion("pROC") >= "1.18.0")

set.seed(20261207)
n_cases <- 55
n_controls <- 85
# scores rounded to 1 decimal, so several patients share a value (ties at thresholds)
cases <- round(rnorm(n_cases, mean = 1.1, sd = 1), 1)
controls <- round(rnorm(n_controls, mean = 0, sd = 1), 1)
data <- data.frame(y = c(rep(1, n_cases), rep(0, n_controls)),
                   score = c(cases, controls))
write.csv(data, "ci_coords_data.csv", row.names = FALSE)

RET <- c("sensitivity", "specificity", "accuracy", "ppv", "npv")
# (direction, threshold): a midpoint, a threshold equal to a data value (ties), a high
# threshold with few positives (PPV undefined in some replicates), and direction ">"
SETTINGS <- data.frame(direction = c("<", "<", "<", ">"),
                       threshold = c(0.55, 0.3, 2.45, 0.55))
SEEDS <- 1:10

points <- list()
cis <- list()
for (i in seq_len(nrow(SETTINGS))) {
  direction <- SETTINGS$direction[i]
  threshold <- SETTINGS$threshold[i]
  r <- roc(data$y, data$score, levels = c(0, 1), direction = direction, quiet = TRUE)
  p <- coords(r, x = threshold, input = "threshold", ret = c(RET, "tp", "fp", "tn", "fn"),
              transpose = FALSE)
  points[[i]] <- data.frame(direction = direction, threshold = threshold, p)
  for (seed in SEEDS) {
    set.seed(seed)
    ci <- suppressWarnings(ci.coords(r, x = threshold, input = "threshold", ret = RET,
                                     boot.n = 2000, boot.stratified = TRUE, conf.level = 0.95,
                                     progress = "none"))
    for (metric in RET) {
      cis[[length(cis) + 1]] <- data.frame(direction = direction, threshold = threshold,
                                           seed = seed, metric = metric,
                                           lower = ci[[metric]][1, 1],
                                           median = ci[[metric]][1, 2],
                                           upper = ci[[metric]][1, 3])
    }
  }
}
write.csv(do.call(rbind, points), "ci_coords_points.csv", row.names = FALSE)
write.csv(do.call(rbind, cis), "ci_coords_reference.csv", row.names = FALSE)
writeLines(c(R.version.string, paste("pROC", packageVersion("pROC"))), "ci_coords_versions.txt")
