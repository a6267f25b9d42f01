"""The instruction-following suite, written by the project: 180 prompts with verifiable instructions.

Each row of ``prompts.jsonl`` is a harmless everyday task ("Describe how to make a cup of
tea.") with one to three instructions from ``tunecheck.detectors`` (word, sentence and
paragraph counts, JSON output, bullet counts, required / forbidden / counted words,
lowercase / uppercase, no commas, title, highlights, quotes, postscript, placeholders,
start and end phrases). The prompt sent is the task followed by each instruction's own
sentence, so what is asked and what is checked cannot drift apart. Scored IFEval-style:
strict and loose, per prompt and per instruction.
"""

from tunecheck.suites.instructions._suite import PROMPTS_PATH, InstructionItem, content_hash, load_instruction_items

__all__ = ["PROMPTS_PATH", "InstructionItem", "content_hash", "load_instruction_items"]
