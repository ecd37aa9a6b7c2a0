"""Training: the labelled corpus, the scikit-learn pipeline, cross-validation and the
pickle-free scorer written to a model directory. Nothing here is on the classification
path."""
