"""The run file: pydantic models, loading with file/line/key errors, JSON Schema export."""

from tunecheck.config._backend import (
    BackendSpec,
    FakeSpec,
    HFSpec,
    LlamaCppSpec,
    OpenAISpec,
    ReplaySpec,
    ServerLaunch,
)
from tunecheck.config._base import CheckSettings, GateRule, GateSpec, Strict
from tunecheck.config._consistency import ConsistencySettings
from tunecheck.config._datasets import DatasetSpec, HubDataset
from tunecheck.config._file import load_config, schema_json
from tunecheck.config._generation import GenerationSettings
from tunecheck.config._hallucination import HallucinationSettings
from tunecheck.config._latency import LatencySettings
from tunecheck.config._load import LoadSettings
from tunecheck.config._overfitting import OverfittingSettings
from tunecheck.config._policy import PolicySettings
from tunecheck.config._regression import RegressionSettings
from tunecheck.config._run import CHECK_IDS, ChecksConfig, ModelCardInfo, QuickProfile, RunConfig
from tunecheck.config._safety import SafetySettings
from tunecheck.config._suggest import unknown_name
from tunecheck.config._task import (
    ChatMessageTemplate,
    Extraction,
    FirstLine,
    JsonField,
    LabelMatch,
    RegexGroup,
    TaskOutput,
    TaskSettings,
    WholeOutput,
)

__all__ = [
    "CHECK_IDS",
    "BackendSpec",
    "ChatMessageTemplate",
    "CheckSettings",
    "ChecksConfig",
    "ConsistencySettings",
    "DatasetSpec",
    "Extraction",
    "FakeSpec",
    "FirstLine",
    "GateRule",
    "GateSpec",
    "GenerationSettings",
    "HFSpec",
    "HallucinationSettings",
    "HubDataset",
    "JsonField",
    "LabelMatch",
    "LatencySettings",
    "LlamaCppSpec",
    "LoadSettings",
    "ModelCardInfo",
    "OpenAISpec",
    "OverfittingSettings",
    "PolicySettings",
    "QuickProfile",
    "RegexGroup",
    "RegressionSettings",
    "ReplaySpec",
    "RunConfig",
    "SafetySettings",
    "ServerLaunch",
    "Strict",
    "TaskOutput",
    "TaskSettings",
    "WholeOutput",
    "load_config",
    "schema_json",
    "unknown_name",
]
