"""Jinja2 templates compiled once per process, whatever the number of environments.

Every page set, embed and poster is rendered through a fresh `jinja2.Environment`, and
`portal serve` rebuilds on every save: without this cache each rebuild parses and compiles
every template again (a third of a preview's wait, measured by bench/preview.py).
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled code in memory, keyed by template file, checked against its source.

    A template whose text changed is compiled again (Jinja compares a checksum of the
    source). The compiled code also depends on the environment's syntax options
    (`trim_blocks`, autoescaping…): they are part of the key, so environments configured
    differently can share one cache without ever running each other's code.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}|{_syntax(environment, name)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _syntax(environment: jinja2.Environment, name: str) -> str:
    """What, besides the source, the compiled code of `name` depends on."""
    autoescape = environment.autoescape
    escaped = autoescape(name) if callable(autoescape) else autoescape
    return repr((environment.block_start_string, environment.block_end_string,
                 environment.variable_start_string, environment.variable_end_string,
                 environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix,
                 environment.trim_blocks, environment.lstrip_blocks,
                 environment.newline_sequence, environment.keep_trailing_newline,
                 sorted(environment.extensions), environment.optimized,
                 environment.is_async, escaped))


COMPILED = CompiledTemplates()
"""The process's one cache, given to every environment the portal creates."""
