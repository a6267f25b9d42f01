"""One registry for the backend seam: ``kind`` -> factory. Heavy imports happen in the factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tunecheck.backends._protocol import Backend
from tunecheck.config import BackendSpec, unknown_name
from tunecheck.errors import BackendError


@dataclass(frozen=True)
class BackendContext:
    """What a factory may need beyond its spec."""

    base_dir: Path
    role: str
    peers: tuple[BackendSpec, ...] = ()  # the run's other model specs (a vllm LoRA shares its base's engine)


Factory = Callable[[BackendSpec, BackendContext], Backend]
_FACTORIES: dict[str, Factory] = {}


def register_backend(kind: str) -> Callable[[Factory], Factory]:
    """Register a factory for ``kind`` (one entry per kind)."""

    def decorate(factory: Factory) -> Factory:
        if kind in _FACTORIES:
            raise ValueError(f"backend kind '{kind}' is registered twice")
        _FACTORIES[kind] = factory
        return factory

    return decorate


def create_backend(spec: BackendSpec, context: BackendContext) -> Backend:
    """Build the backend a spec describes; a failure names the role and the cause."""
    factory = _FACTORIES.get(spec.kind)
    if factory is None:
        raise BackendError(context.role, unknown_name("backend kind", spec.kind, _FACTORIES))
    try:
        return factory(spec, context)
    except BackendError:
        raise
    except ImportError as exc:
        raise BackendError(
            f"{context.role} ({spec.kind})",
            f"{exc}. Install the extra: pip install 'tunecheck[{_EXTRAS.get(spec.kind, spec.kind)}]'",
        ) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise BackendError(f"{context.role} ({spec.kind})", f"{type(exc).__name__}: {exc}") from exc


def registered_kinds() -> list[str]:
    return sorted(_FACTORIES)


_EXTRAS = {"hf": "hf", "llamacpp": "llamacpp", "openai": "fast", "vllm": "vllm"}

ENTRY_POINT_GROUP = "tunecheck.backends"


@register_backend("fake")
def _fake(spec: BackendSpec, context: BackendContext) -> Backend:
    from tunecheck.backends._fake import FakeBackend
    from tunecheck.config import FakeSpec

    assert isinstance(spec, FakeSpec)
    return FakeBackend.from_spec(spec)


@register_backend("replay")
def _replay(spec: BackendSpec, context: BackendContext) -> Backend:
    from tunecheck.backends._replay import ReplayBackend
    from tunecheck.config import ReplaySpec

    assert isinstance(spec, ReplaySpec)
    return ReplayBackend(spec.path if spec.path.is_absolute() else context.base_dir / spec.path, spec.model)


@register_backend("hf")
def _hf(spec: BackendSpec, context: BackendContext) -> Backend:
    from tunecheck.backends._hf import HFBackend
    from tunecheck.config import HFSpec

    assert isinstance(spec, HFSpec)
    return HFBackend(spec, context.base_dir)


@register_backend("llamacpp")
def _llamacpp(spec: BackendSpec, context: BackendContext) -> Backend:
    from tunecheck.backends._llamacpp import LlamaCppBackend
    from tunecheck.config import LlamaCppSpec

    assert isinstance(spec, LlamaCppSpec)
    return LlamaCppBackend(spec, context.base_dir)


@register_backend("openai")
def _openai(spec: BackendSpec, context: BackendContext) -> Backend:
    from tunecheck.backends._openai import OpenAIBackend
    from tunecheck.config import OpenAISpec

    assert isinstance(spec, OpenAISpec)
    return OpenAIBackend(spec, context.base_dir)


@register_backend("plugin")
def _plugin(spec: BackendSpec, context: BackendContext) -> Backend:
    from importlib.metadata import entry_points

    from tunecheck.config import PluginSpec

    assert isinstance(spec, PluginSpec)
    providers = {point.name: point for point in entry_points(group=ENTRY_POINT_GROUP)}
    if spec.provider not in providers:
        raise BackendError(context.role, f"{unknown_name('backend provider', spec.provider, providers)}: an "
                                         f"installed package provides one under the '{ENTRY_POINT_GROUP}' entry "
                                         "point group")
    backend = providers[spec.provider].load()(spec, context)
    if not isinstance(backend, Backend):
        raise BackendError(context.role, f"the '{spec.provider}' provider returned a {type(backend).__name__}, "
                                         "not a tunecheck.backends.Backend")
    return backend


@register_backend("vllm")
def _vllm(spec: BackendSpec, context: BackendContext) -> Backend:
    from tunecheck.backends._vllm import VLLMBackend
    from tunecheck.config import VLLMSpec

    assert isinstance(spec, VLLMSpec)
    return VLLMBackend(spec, context.base_dir, context.peers)
