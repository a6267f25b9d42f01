"""The ``overfitting`` check: did the candidate learn the task or memorise its data?"""

from __future__ import annotations

from tunecheck.checks._base import CheckOutput, register_check
from tunecheck.checks.overfitting._contamination import contamination_part
from tunecheck.checks.overfitting._cross import cross_domain_part
from tunecheck.checks.overfitting._logs import training_log_part
from tunecheck.checks.overfitting._loss import loss_gap_part
from tunecheck.checks.overfitting._paraphrase import paraphrase_part
from tunecheck.checks.overfitting._part import Part
from tunecheck.config import OverfittingSettings
from tunecheck.report import Note
from tunecheck.session import Session


@register_check
class OverfittingCheck:
    id = "overfitting"
    title = "Overfitting and generalisation"

    def run(self, session: Session, settings: OverfittingSettings) -> CheckOutput:
        policy = session.policy

        def limit(part: object) -> int | None:
            return session.limit(getattr(part, "limit", None) or settings.limit)

        parts = [fine_tuning_part(session)]
        if settings.loss_gap is not None:
            parts.append(
                loss_gap_part(
                    session, self.id, settings.loss_gap, policy, limit(settings.loss_gap), settings.loss_gap_margin
                )
            )
        if settings.training_log is not None:
            parts.append(training_log_part(session, self.id, settings.training_log))
        if settings.cross_domain is not None:
            parts.append(
                cross_domain_part(
                    session, self.id, settings.cross_domain, policy, limit(settings.cross_domain), settings.drop_margin
                )
            )
        if settings.paraphrase is not None:
            parts.append(
                paraphrase_part(
                    session, self.id, settings.paraphrase, policy, limit(settings.paraphrase), settings.drop_margin
                )
            )
        if settings.contamination is not None:
            parts.append(contamination_part(session, self.id, settings, policy))
        return CheckOutput(
            [c for p in parts for c in p.comparisons],
            sections=[s for p in parts for s in p.sections],
            default_gates=[g for p in parts for g in p.gates],
            n_samples=sum(p.n_samples for p in parts),
            n_errors=sum(p.n_errors for p in parts),
            summary="; ".join(s for p in parts for s in p.summary),
            card={k: v for p in parts for k, v in p.card.items()},
        )


def fine_tuning_part(session: Session) -> Part:
    """How the candidate was fine-tuned, read from its adapter config (adapters and full fine-tunes
    overfit differently: a low-rank adapter has far fewer weights with which to memorise)."""
    method = session.fine_tuning()
    if method is None:
        return Part(
            sections=[
                Note(
                    text=(
                        "Fine-tuning method: not known. The candidate is loaded without an adapter, so it is a full "
                        "fine-tune or an adapter already merged into the weights."
                    )
                )
            ]
        )
    return Part(
        sections=[Note(text=f"Fine-tuning method: {method} (from the candidate's adapter config).")],
        card={"fine-tuning method": method},
    )
