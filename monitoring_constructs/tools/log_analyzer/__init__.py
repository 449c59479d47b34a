"""Log-analyzer Lambda: Logs Insights error counts per 5-minute bin, one SNS summary."""
