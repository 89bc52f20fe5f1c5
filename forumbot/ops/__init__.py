"""Operations: the health and metrics endpoint, and logging with secrets redacted."""
