"""cyberscope: label the provisions of a draft cybercrime law by how far they reach."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"

LABELS: tuple[str, ...] = ("cyber-dependent", "cyber-enabled", "other")
# What each label means, for the legends of reports (README and LABELS.md have more).
LABEL_MEANINGS: dict[str, str] = {
    "cyber-dependent": "creates an offence against computers, networks or data themselves "
                       "(they are the target): illegal access, interception, data and system "
                       "interference, misuse of devices.",
    "cyber-enabled": "creates a traditional offence committed by means of ICT: fraud, forgery, "
                     "child sexual abuse material, harassment, defamation, false news, insult, "
                     "extremist content.",
    "other": "creates no cyber offence: preamble, definitions, jurisdiction, procedural "
             "powers, cooperation, safeguards, ancillary liability, final clauses.",
}
REVIEW_LEGEND = ("for human review: the model is unsure, or the provision mixes offences of "
                 "both kinds.")
