"""Prompt rendering: tunecheck renders every prompt once, for both models.

The rendered text is what both candidate and baseline receive, so a difference in
answers can only come from the models. With ``chat_template: tokenizer`` the
baseline's tokenizer template renders it; ``none`` sends plain text; a path renders
with that Jinja template (``messages`` and ``add_generation_prompt`` in scope, as in
Hugging Face chat templates).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tunecheck.backends import Backend, Message
from tunecheck.config import GenerationSettings
from tunecheck.errors import ConfigError, ConfigIssue
from tunecheck.models import sha256_file

if TYPE_CHECKING:
    from tunecheck.session._session import PromptItem


class PromptRenderer:
    """Turns a ``PromptItem`` into (rendered text, messages)."""

    def __init__(self, settings: GenerationSettings, base_dir: Path, baseline: Callable[[], Backend]) -> None:
        self._settings, self._base_dir, self._baseline = settings, base_dir, baseline
        self._template: Callable[[list[dict[str, str]]], str] | None = None

    def messages(self, item: PromptItem) -> tuple[Message, ...]:
        if isinstance(item.prompt, str):
            messages: tuple[Message, ...] = (Message("user", item.prompt),)
        else:
            messages = item.prompt
        system = self._settings.system_prompt if item.deployment_prompt else None
        if system and not any(m.role == "system" for m in messages):
            messages = (Message("system", system), *messages)
        return messages

    def source(self, item: PromptItem, *, auxiliary: bool = False) -> tuple[str | tuple[Message, ...], str]:
        """What ``render`` (``render_auxiliary``) turns into the prompt, and how: the raw text, or the
        messages and the chat-template setting (a template file by its content). Needs no model."""
        if item.raw:
            return self.render(item)[0], "raw"
        if auxiliary:
            return (Message("user", item.prompt),) if isinstance(item.prompt, str) else item.prompt, "auxiliary"
        mode = self._settings.chat_template
        if mode in ("none", "tokenizer"):
            return self.messages(item), mode
        return self.messages(item), f"template sha256:{sha256_file(self._template_path(Path(mode)))}"

    def render_auxiliary(self, item: PromptItem, backend: Backend) -> tuple[str, tuple[Message, ...] | None]:
        """An auxiliary model (a judge, a paraphraser) gets its own chat template and no deployment prompt."""
        if item.raw:
            return self.render(item)
        messages = (Message("user", item.prompt),) if isinstance(item.prompt, str) else item.prompt
        return backend.render(messages), messages

    def render(self, item: PromptItem) -> tuple[str, tuple[Message, ...] | None]:
        if item.raw:
            if not isinstance(item.prompt, str):
                raise TypeError(f"raw prompt for sample '{item.id}' must be text")
            return item.prompt, None
        messages = self.messages(item)
        mode = self._settings.chat_template
        if mode == "none":
            return "\n\n".join(m.content for m in messages), messages
        if mode == "tokenizer":
            return self._baseline().render(messages), messages
        return self._jinja(Path(mode))([{"role": m.role, "content": m.content} for m in messages]), messages

    def _jinja(self, path: Path) -> Callable[[list[dict[str, str]]], str]:
        if self._template is None:
            full = self._template_path(path)
            try:
                source = full.read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError([ConfigIssue("generation.chat_template", f"cannot read {full}: {exc.strerror}")]) \
                    from None
            import jinja2.sandbox

            template = jinja2.sandbox.ImmutableSandboxedEnvironment().from_string(source)
            self._template = lambda msgs: template.render(messages=msgs, add_generation_prompt=True)
        return self._template

    def _template_path(self, path: Path) -> Path:
        full = path if path.is_absolute() else self._base_dir / path
        if not full.is_file():
            raise ConfigError([ConfigIssue("generation.chat_template", f"cannot read {full}: no such file")])
        return full
