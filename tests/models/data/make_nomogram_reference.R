## Reference values for Axilla's default nomogram axes: rms::nomogram with its defaults.
##
## Run from this folder:  Rscript make_nomogram_reference.R
## (R 4.2, rms 6.5; writes the nomogram_reference_*.csv files beside this script).
##
## A simulated cohort (seeded) with two continuous predictors (age, radscore), a count
## with fewer than 10 distinct values (foci: datadist keeps its values, so rms draws one
## tick per value), a two-level and a three-level factor. lrm fits outcome on all five;
## nomogram() is called with fun = plogis and no axis values, lp.at or fun.at, so every
## axis is rms' default: pretty(range, 10) per continuous predictor, lp.at =
## pretty(range(linear predictors), 10), total points pretty(c(0, max(100,
## sc * max(lp.at - Intercept))), 10), risk ticks pretty(plogis(range(lp.at)), 10)
## inside that range.
suppressMessages(library(rms))

set.seed(20261207)
n <- 240
d <- data.frame(
  id = sprintf("P%03d", seq_len(n)),
  age = round(rnorm(n, 54, 11), 1),
  radscore = rnorm(n, -0.4, 1.3),
  foci = sample(1:4, n, replace = TRUE, prob = c(0.55, 0.25, 0.12, 0.08)),
  mri_ln = sample(c("negative", "positive"), n, replace = TRUE, prob = c(0.6, 0.4)),
  grade = sample(c("1", "2", "3"), n, replace = TRUE, prob = c(0.25, 0.45, 0.3)),
  stringsAsFactors = FALSE)
lp_true <- -3 + 0.025 * d$age + 1.1 * d$radscore + 0.3 * d$foci +
  1.2 * (d$mri_ln == "positive") + 0.4 * (d$grade == "2") + 0.9 * (d$grade == "3")
d$outcome <- rbinom(n, 1, plogis(lp_true))
d$mri_ln <- factor(d$mri_ln, levels = c("negative", "positive"))
d$grade <- factor(d$grade, levels = c("1", "2", "3"))

dd <- datadist(d); options(datadist = "dd")
fit <- lrm(outcome ~ age + radscore + foci + mri_ln + grade, data = d, eps = 1e-10)
nom <- nomogram(fit, fun = plogis, funlabel = "Risk")
info <- attr(nom, "info")

digits <- function(x) sprintf("%.17g", x)
write_csv <- function(frame, file) write.csv(frame, file, row.names = FALSE, quote = TRUE)

out <- d
out$age <- digits(out$age); out$radscore <- digits(out$radscore)
write_csv(out, "nomogram_reference_data.csv")

predictors <- c("age", "radscore", "foci", "mri_ln", "grade")
axes <- do.call(rbind, lapply(predictors, function(v) data.frame(
  axis = v, value = as.character(nom[[v]][[v]]), points = digits(nom[[v]]$points))))
axes <- rbind(axes,
  data.frame(axis = "total.points", value = digits(nom$total.points$x),
             points = digits(nom$total.points$x)),
  data.frame(axis = "lp", value = digits(nom$lp$x.real), points = digits(nom$lp$x)),
  ## rms interpolates the risk ticks on a 1000-point lp grid; the exact position is
  ## (qlogis(risk) - Intercept) * sc, which is what Axilla computes
  data.frame(axis = "Risk", value = digits(nom$Risk$x.real),
             points = digits((qlogis(nom$Risk$x.real) - info$Intercept) * info$sc)))
write_csv(axes, "nomogram_reference_axes.csv")

write_csv(data.frame(name = c("sc", "intercept_info", paste0("coef:", names(coef(fit)))),
                     value = digits(c(info$sc, info$Intercept, coef(fit)))),
          "nomogram_reference_scalars.csv")

## points of six patients, each predictor read as nomogram() reads its axes
ex <- d[c(1, 2, 3, 50, 120, 240), ]
terms <- rms:::predictrms(fit, newdata = ex, type = "terms", center.terms = FALSE)
points <- sweep(terms[, predictors], 2, info$R[1, predictors]) * info$sc
lp <- unname(predict(fit, newdata = ex, type = "lp"))
patients <- data.frame(id = ex$id)
for (v in predictors) patients[[paste0("points_", v)]] <- digits(points[, v])
patients$total_points <- digits(rowSums(points))
patients$lp <- digits(lp)
patients$risk <- digits(plogis(lp))
write_csv(patients, "nomogram_reference_patients.csv")
