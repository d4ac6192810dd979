# Reference values for tests/serve/test_risk_interval.py: Wald CI of a logistic model's
# predicted probability, from the linear predictor's standard error (sqrt(x' V x)).
# Run: Rscript risk_interval_reference.R  (R 4.2, rms 6.x); writes risk_interval_data.csv
# (the training rows), risk_interval_new.csv (the rows to predict) and
# risk_interval_expected.csv (R's numbers).
suppressPackageStartupMessages(library(rms))
set.seed(20261207)
n <- 90
age <- round(rnorm(n, 55, 11))
grade <- factor(sample(c("1", "2", "3"), n, replace = TRUE), levels = c("1", "2", "3"))
lp <- -4 + 0.06 * age + c(0, 0.7, 1.3)[as.integer(grade)]
y <- rbinom(n, 1, plogis(lp))
train <- data.frame(age = age, grade = grade, y = y)
write.csv(train, "risk_interval_data.csv", row.names = FALSE)
new <- data.frame(age = c(30, 48, 55, 67, 81),
                  grade = factor(c("1", "3", "2", "1", "3"), levels = c("1", "2", "3")))
write.csv(new, "risk_interval_new.csv", row.names = FALSE)

fit <- glm(y ~ age + grade, family = binomial, data = train,
           control = glm.control(epsilon = 1e-12))
p <- predict(fit, newdata = new, type = "link", se.fit = TRUE)
z <- qnorm(0.975)
# rms gives the same linear predictor and standard error (checked here, not written)
dd <- datadist(train); options(datadist = "dd")
rfit <- lrm(y ~ age + grade, data = train, x = TRUE, y = TRUE)
rp <- predict(rfit, newdata = new, se.fit = TRUE)
stopifnot(max(abs(rp$linear.predictors - p$fit)) < 1e-6, max(abs(rp$se.fit - p$se.fit)) < 1e-6)
out <- data.frame(lp = p$fit, se = p$se.fit, risk = plogis(p$fit),
                  lower = plogis(p$fit - z * p$se.fit), upper = plogis(p$fit + z * p$se.fit))
write.csv(format(out, digits = 17), "risk_interval_expected.csv", row.names = FALSE, quote = FALSE)
