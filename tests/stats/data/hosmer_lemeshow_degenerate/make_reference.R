## Hosmer-Lemeshow when the quantile groups collapse (few distinct predictions), computed
## in base R with the definition of ResourceSelection::hoslem.test 0.3-6 (2023-06-27; the
## package is not in Debian 12): groups = cut() at unique(quantile(p, 0:10/10)),
## df = occupied groups - 2, an error when fewer than 2 groups are occupied and a warning
## when fewer than g. ../shared/data/stats/make_reference.R uses the same definition
## without that error and warning, which 0.3-6 added for exactly these cases.
## Run: Rscript make_reference.R  (writes reference.json beside this script; base R only)
hoslem <- function(y, yhat, g = 10) {
  qq <- unique(quantile(yhat, probs = seq(0, 1, 1/g)))
  cutyhat <- cut(yhat, breaks = qq, include.lowest = TRUE)
  observed <- xtabs(cbind(y0 = 1 - y, y1 = y) ~ cutyhat)
  expected <- xtabs(cbind(yhat0 = 1 - yhat, yhat1 = yhat) ~ cutyhat)
  chisq <- sum((observed - expected)^2 / expected)
  G <- length(unique(cutyhat))
  if (G < 2L) stop("The number of bins led to negative df.")
  if (G < g) warning("The data did not allow for the requested number of bins.")
  list(statistic = chisq, df = G - 2, p_value = 1 - pchisq(chisq, G - 2), breaks = qq,
       n = as.vector(table(cutyhat)))
}

## The same sum over the occupied groups only: an empty interval between two tied
## quantiles adds 0/0 = NaN to hoslem's sum, although df already counts occupied groups.
hoslem_occupied <- function(y, yhat, g = 10) {
  qq <- unique(quantile(yhat, probs = seq(0, 1, 1/g)))
  cutyhat <- droplevels(cut(yhat, breaks = qq, include.lowest = TRUE))
  observed <- xtabs(cbind(y0 = 1 - y, y1 = y) ~ cutyhat)
  expected <- xtabs(cbind(yhat0 = 1 - yhat, yhat1 = yhat) ~ cutyhat)
  chisq <- sum((observed - expected)^2 / expected)
  G <- nlevels(cutyhat)
  list(occupied_statistic = chisq, occupied_p_value = 1 - pchisq(chisq, G - 2))
}

cases <- list(
  # an intercept-only model: every patient gets the prevalence
  constant = list(y = rep(c(1, 0, 0, 0, 0), 4), p = rep(0.2, 20)),
  # one binary predictor, 1 + 10 patients: every quantile is one of the two values, so
  # there are two breaks and one group (hoslem.test stops)
  one_interval = list(y = c(0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0), p = rep(c(0.1, 0.4), c(1, 10))),
  # one binary predictor, 10 + 10 patients: the median falls between the two values
  two_values = list(y = c(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1),
                    p = rep(c(0.1, 0.5), each = 10)),
  # one binary predictor, 7 + 16 patients: a type-7 quantile falls between the two
  # values, so there are three breaks and two groups
  two_values_interpolated = list(y = c(0, 0, 1, 0, 0, 0, 0, rep(c(1, 0), 8)),
                                 p = rep(c(0.15, 0.45), c(7, 16))),
  # three distinct predictions (a three-level factor): the middle value is a break, so
  # still two groups
  three_values = list(y = c(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0),
                      p = rep(c(0.1, 0.4, 0.7), c(6, 8, 8))),
  # four distinct predictions: three or more groups, a test with df >= 1
  four_values = list(y = c(0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1),
                     p = rep(c(0.1, 0.3, 0.5, 0.7), each = 5))
)

as_json <- function(x) {
  if (is.list(x)) {
    inner <- vapply(names(x), function(k) sprintf('"%s": %s', k, as_json(x[[k]])), "")
    return(sprintf("{%s}", paste(inner, collapse = ", ")))
  }
  if (is.character(x)) return(sprintf('"%s"', gsub('"', "'", x)))
  v <- ifelse(is.nan(x) | is.na(x), "null", formatC(x, digits = 17, format = "g"))
  if (length(x) == 1) v else sprintf("[%s]", paste(v, collapse = ", "))
}

out <- lapply(cases, function(case) {
  h <- tryCatch(hoslem(case$y, case$p), error = function(e) list(error = conditionMessage(e)),
                warning = function(w) {
                  r <- suppressWarnings(hoslem(case$y, case$p))
                  c(r, list(warning = conditionMessage(w)))
                })
  occupied <- tryCatch(suppressWarnings(hoslem_occupied(case$y, case$p)),
                       error = function(e) list())
  c(list(y = case$y, p = case$p), h, occupied)
})
out$r_version <- R.version.string
writeLines(as_json(out), file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))),
                                   "reference.json"))
