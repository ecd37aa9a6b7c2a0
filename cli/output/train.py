"""The output of ``classify train``: what was trained and how well it did held out."""

from __future__ import annotations

from pathlib import Path

from cli.output.safe import printable
from cli.training.train import TrainResult

__all__ = ["render_training"]


def render_training(result: TrainResult, out: Path) -> str:
    """The model id, the cross-validation figures and the review threshold."""
    cv = result.grouped_cv
    lines = [f"model {result.model_id} trained on {result.records} records, written to {out}",
             f"grouped cross-validation (style family held out): macro-F1 {cv.macro_f1:.3f}, "
             f"accuracy {cv.accuracy:.3f}"]
    lines += [f"  held out {style:28} macro-F1 {f1:.3f}"
              for style, f1 in sorted(result.fold_macro_f1.items())]
    t = result.type_accuracy
    lines.append(f"grouped cross-validation, type accuracy: offences {t['offences']:.3f}, "
                 f"all {t['all']:.3f}")
    lines.append(f"review threshold (held-out predictions at or above it are 97% right): "
                 f"{result.review_threshold:.2f}")
    lines.append(f"use it with: classify DRAFT --model {out} (or CYBERSCOPE_MODEL_DIR={out})")
    return printable("\n".join(lines) + "\n", keep_lines=True)
