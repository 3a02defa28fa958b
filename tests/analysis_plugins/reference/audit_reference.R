# tests/analysis_plugins/reference/audit_reference.R — independent values for the audit
# kernels (plugins/analyses/audit), computed with base R and psych (Debian r-cran-psych):
#   descriptive statistics   mean, median, sd, min, max; skewness/kurtosis as e1071 type 2
#                            (= Excel SKEW/KURT = COINr skew()/kurt()), written out here
#   correlations             cor(use = "pairwise"), Pearson and Spearman
#   reliability              psych::alpha (raw_alpha, std.alpha, alpha.drop), eigen() of the
#                            pairwise correlation matrix, psych::KMO, psych::cortest.bartlett
#   correlation ratio        var(ksmooth(x, y, "normal", bw.nrd0(x) / 0.3706506, x))/var(y)
# on two data sets: the ASEM panel of COINr (../shared/data/asem_coinr, raw values, groups =
# the iMeta pillars) and the toy panel (../shared/reference/toy, year 2022, all six
# indicators as one group). For the correlation ratio, y is the row mean of the group's
# min-max rescaled indicators; the x and y used are written to audit_ratio_inputs.csv.
# Run from this folder:  Rscript audit_reference.R ../../../../shared
# Writes audit_ref.csv (dataset, group, item, stat, value) and audit_ratio_inputs.csv.
suppressMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args)) args[1] else "../../../../shared"
options(digits = 17)
out <- list()
add <- function(ds, g, item, stat, v) out[[length(out) + 1]] <<-
  data.frame(dataset = ds, group = g, item = item, stat = stat, value = v)
skew2 <- function(x) { x <- x[!is.na(x)]; n <- length(x); d <- x - mean(x)
  sqrt(n) * sum(d^3) / sum(d^2)^1.5 * sqrt(n * (n - 1)) / (n - 2) }
kurt2 <- function(x) { x <- x[!is.na(x)]; n <- length(x); d <- x - mean(x)
  r <- n * sum(d^4) / sum(d^2)^2; ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)) }
ratio_in <- list()

audit_set <- function(ds, X, groups) {
  for (v in names(X)) {
    x <- X[[v]]
    add(ds, "", v, "n", sum(!is.na(x)))
    add(ds, "", v, "min", min(x, na.rm = TRUE)); add(ds, "", v, "max", max(x, na.rm = TRUE))
    add(ds, "", v, "mean", mean(x, na.rm = TRUE)); add(ds, "", v, "median", median(x, na.rm = TRUE))
    add(ds, "", v, "sd", sd(x, na.rm = TRUE))
    add(ds, "", v, "skew", skew2(x)); add(ds, "", v, "kurt", kurt2(x))
    add(ds, "", v, "zeros", sum(x == 0, na.rm = TRUE)); add(ds, "", v, "negatives", sum(x < 0, na.rm = TRUE))
  }
  for (g in names(groups)) {
    items <- groups[[g]]
    G <- X[, items, drop = FALSE]
    P <- cor(G, use = "pairwise"); S <- cor(G, use = "pairwise", method = "spearman")
    for (i in seq_along(items)) for (j in seq_along(items)) if (i < j) {
      add(ds, g, paste0(items[i], "|", items[j]), "pearson", P[i, j])
      add(ds, g, paste0(items[i], "|", items[j]), "spearman", S[i, j])
    }
    a <- suppressWarnings(suppressMessages(psych::alpha(G, check.keys = FALSE)))
    add(ds, g, "", "alpha", a$total$raw_alpha); add(ds, g, "", "std_alpha", a$total$std.alpha)
    if (length(items) > 2) for (i in seq_along(items)) add(ds, g, items[i], "alpha_drop", a$alpha.drop$raw_alpha[i])
    e <- eigen(P, symmetric = TRUE)
    v1 <- e$vectors[, 1]; if (sum(v1) < 0) v1 <- -v1
    for (k in seq_along(items)) add(ds, g, as.character(k), "eigenvalue", e$values[k])
    for (i in seq_along(items)) add(ds, g, items[i], "loading1", v1[i] * sqrt(e$values[1]))
    k <- suppressMessages(psych::KMO(P))
    add(ds, g, "", "kmo", k$MSA)
    for (i in seq_along(items)) add(ds, g, items[i], "msa", k$MSAi[i])
    b <- suppressWarnings(psych::cortest.bartlett(P, n = nrow(G)))
    add(ds, g, "", "bartlett_chi2", b$chisq); add(ds, g, "", "bartlett_df", b$df)
    add(ds, g, "", "bartlett_p", b$p.value)
    # correlation ratio of each item against the mean of the group's min-max rescaled items
    mm <- sapply(G, function(x) (x - min(x, na.rm = TRUE)) / (max(x, na.rm = TRUE) - min(x, na.rm = TRUE)))
    y <- rowMeans(mm, na.rm = TRUE)
    for (i in seq_along(items)) {
      x <- G[[i]]; ok <- !is.na(x) & !is.na(y); xo <- x[ok]; yo <- y[ok]
      h <- bw.nrd0(xo)
      f <- ksmooth(xo, yo, "normal", bandwidth = h / 0.3706506, x.points = xo)$y
      add(ds, g, items[i], "corr_ratio", var(f) / var(yo)); add(ds, g, items[i], "bandwidth", h)
      ratio_in[[length(ratio_in) + 1]] <<- data.frame(dataset = ds, group = g, item = items[i],
                                                      row = seq_along(x), x = x, y = y)
    }
  }
}

# ASEM: raw values, groups = pillars
d <- read.csv(file.path(shared, "data/asem_coinr/ASEM_iData.csv"), check.names = FALSE)
meta <- read.csv(file.path(shared, "data/asem_coinr/ASEM_iMeta.csv"))
ind <- meta[meta$Type == "Indicator", ]
X <- d[, ind$iCode]
groups <- split(ind$iCode, factor(ind$Parent, levels = unique(ind$Parent)))
audit_set("asem", X, groups)
# toy: year 2022, one group of all six
t <- read.csv(file.path(shared, "reference/toy/panel_wide.csv"))
t <- t[t$year == 2022, ]
audit_set("toy", t[, paste0("I", 1:6)], list(all = paste0("I", 1:6)))

res <- do.call(rbind, out)
res$value <- sprintf("%.17g", res$value)
write.csv(res, "audit_ref.csv", row.names = FALSE, quote = FALSE)
ri <- do.call(rbind, ratio_in)
ri$x <- sprintf("%.17g", ri$x); ri$y <- sprintf("%.17g", ri$y)
write.csv(ri, "audit_ratio_inputs.csv", row.names = FALSE, quote = FALSE)
