"""LoRA adapters: convert a PEFT LoRA into a llama.cpp GGUF LoRA."""

from tunecheck.adapters._convert import (
    BaseShape,
    OutType,
    convert_lora_to_gguf,
    read_base_shape,
)
from tunecheck.adapters._peft import AdapterConversionError, PeftLora, read_peft_lora
from tunecheck.adapters._permute import permute_rows

__all__ = [
    "AdapterConversionError",
    "BaseShape",
    "OutType",
    "PeftLora",
    "convert_lora_to_gguf",
    "permute_rows",
    "read_base_shape",
    "read_peft_lora",
]
