"""Tools: what OS1 can really do, each a typed function with a schema, a description and a
confirmation policy (``base``), every use logged and undone where it can be (``activity``)."""

from os1.tools.base import Context, Tool, ToolResult, get, register, tools

__all__ = ["Context", "Tool", "ToolResult", "get", "register", "tools"]
