"""Everything the tool prints: format enums, the JSON header, the colour policy, the one
table engine, and a renderer module per command. Renderers take finished data (a Run,
a Comparison, an Explanation, an EvaluationReport) and return a string; the command
prints it once."""
