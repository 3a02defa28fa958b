# tests/uncertainty/coinr/extract_coinr_sa.R — COINr's own sensitivity indices for its
# documented example into coinr_sa_indices.csv, read by tests/uncertainty/test_uncertainty_coinr.c
# (CI has no R).
#
# Input: vignettes/SA_results.RDS of the COINr repository (github bluefoxr/COINr, MIT; the file
# as of commit 87250dcd265564ae175b0a4ee238575f1ff3fa2d, 2022-05-25): the sensitivity
# vignette's get_sensitivity(..., N = 100, SA_type = "SA", Nboot = 100) with the same
# SA_specs as extract_coinr_ua.R describes (600 model runs). Si and STi are COINr's first-order
# and total indices of the mean absolute rank shift; _q5/_q95 their 5 % and 95 % bootstrap
# quantiles. Run:  Rscript extract_coinr_sa.R path/to/SA_results.RDS > coinr_sa_indices.csv
args <- commandArgs(trailingOnly = TRUE)
x <- readRDS(args[1])
s <- x$Sensitivity
names_rc <- c(Winmax = "treatment", Normalisation = "normalisation", Weights = "weights",
              Aggregation = "aggregation")
out <- data.frame(input = names_rc[as.character(s$Variable)], first_order = s$Si, total = s$STi,
                  first_q05 = s$Si_q5, first_q95 = s$Si_q95, total_q05 = s$STi_q5,
                  total_q95 = s$STi_q95)
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
